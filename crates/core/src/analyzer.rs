//! The pipeline: capture chunks in, the [`Analysis`] out.
//!
//! capture (frames) → net (TCP segments) → tcp (streams, in-order bytes,
//! events) → recognition (which protocol) → mail sessions (explained lines).

use crate::capture::{CaptureReader, DecryptionSecrets, Frame, FrameSink};
use crate::decrypt::KeyLog;
use crate::explain::{self, Explain, Piece, Sep};
use crate::frames::{Frames, TcpPart};
use crate::mail::{inside, inside::Keys, Out, Session};
use crate::model::{Analysis, Dir, Item, Note, NoteKind, Protocol, Stream, TcpEvent, TcpKind};
use crate::net::{self, DecodeError, Decoded, Defrag, TcpOptions};
use crate::protocols;
use crate::recognition::{self, Decision};
use crate::tcp::{TcpEventKind, TcpOut, TcpTable};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Most per-frame notes kept; beyond, they are counted in one summary note.
const MAX_NOTES: usize = 200;
/// A year, in seconds: frames further than this from frame 1 are named.
const YEAR_SECS: f64 = 365.25 * 24.0 * 3600.0;

/// Choices the user makes (the app's "decode as", the CLI's `--decode-as`).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// A TCP port and the protocol to read it as.
    pub decode_as: Vec<(u16, Protocol)>,
    /// A TLS key log (NSS format: `SSLKEYLOGFILE`), read with
    /// [`KeyLog::parse`]: the mail dialogue inside TLS is decrypted and
    /// explained like a plain one. The key logs of the capture's own pcapng
    /// decryption secrets blocks are used too, with or without this.
    pub keylog: Option<Arc<KeyLog>>,
}

/// What a stream is read as.
enum Reading {
    /// Waiting for the first bytes to tell the protocol.
    Undecided(Vec<TcpOut>),
    Session(Box<dyn Session>),
    /// A protocol Postscope does not explain: bytes are counted only.
    Ignored,
}

struct StreamState {
    protocol: Protocol,
    recognised_by: String,
    reading: Reading,
    items: Vec<Item>,
    tls_from: Option<u32>,
    /// Lines so far (the next line's number).
    lines: u32,
    /// Which directions are read from decrypted TLS records now.
    decrypted: [bool; 2],
}

fn session_for(p: Protocol) -> Reading {
    match (protocols::spec(p).session)() {
        Some(session) => Reading::Session(session),
        None => Reading::Ignored,
    }
}

impl StreamState {
    fn new(server_port: u16, client_port: u16, options: &Options) -> Self {
        let chosen = recognition::by_port(&options.decode_as, server_port, client_port);
        match chosen {
            Some((p, why)) => StreamState {
                protocol: p,
                recognised_by: why,
                reading: session_for(p),
                items: Vec::new(),
                tls_from: None,
                lines: 0,
                decrypted: [false; 2],
            },
            None => StreamState {
                protocol: Protocol::Unknown,
                recognised_by: "nothing yet".into(),
                reading: Reading::Undecided(Vec::new()),
                items: Vec::new(),
                tls_from: None,
                lines: 0,
                decrypted: [false; 2],
            },
        }
    }

    fn feed(&mut self, stream: u32, ev: TcpOut, mut keys: Option<&mut Keys>) {
        if let Reading::Undecided(buffered) = &mut self.reading {
            buffered.push(ev);
            let Decision::Decided { protocol, start, why, tunnel } = recognition::decide(buffered) else {
                return;
            };
            let Reading::Undecided(buffered) = std::mem::replace(&mut self.reading, session_for(protocol)) else { unreachable!() };
            self.protocol = protocol;
            self.recognised_by = why;
            for (dir, frame, text, kind) in tunnel {
                let explain = explain::text(&[&format!("tunnel.{kind}")], &[]);
                self.items.push(Item::Line(crate::model::Line {
                    stream,
                    dir,
                    frame,
                    protocol,
                    kind: crate::model::LineKind::Other,
                    verb: None,
                    text,
                    explain,
                    number: self.lines,
                    answers: None,
                    decoded: None,
                    decrypted: false,
                }));
                self.lines += 1;
            }
            for ev in buffered.into_iter().skip(start) {
                self.feed(stream, ev, keys.as_deref_mut());
            }
            return;
        }
        let Reading::Session(session) = &mut self.reading else {
            return;
        };
        let mut out = Out {
            stream,
            protocol: self.protocol,
            items: &mut self.items,
            tls_from: &mut self.tls_from,
            lines: &mut self.lines,
            keys,
            decrypted: &mut self.decrypted,
            snaplen: false,
            partial: false,
        };
        match ev {
            TcpOut::Data { dir, frame, bytes } => session.data(dir, &bytes, frame, &mut out),
            TcpOut::Gap { dir, frame, bytes, snaplen } => {
                out.snaplen = snaplen;
                session.gap(dir, bytes, frame, &mut out)
            }
            TcpOut::Event { .. } => {}
        }
    }
}

/// The options of a SYN or SYN-ACK, each described.
fn options_text(o: &TcpOptions) -> Explain {
    let mut parts = Vec::new();
    if let Some(m) = o.mss {
        parts.push(explain::fragment(&["tcp.options.mss"], &[&m.to_string()]));
    }
    if let Some(w) = o.window_scale {
        parts.push(explain::fragment(&["tcp.options.window_scale"], &[&w.to_string(), &(1u32 << w.min(14)).to_string()]));
    }
    if o.sack_permitted {
        parts.push(explain::fragment(&["tcp.options.sack"], &[]));
    }
    if o.timestamps {
        parts.push(explain::fragment(&["tcp.options.timestamps"], &[]));
    }
    if parts.is_empty() {
        return explain::fragment(&["tcp.options.none"], &[]);
    }
    explain::fragment_with(&["tcp.options"], vec![explain::list(parts, Sep::Comma)])
}

fn tcp_event(stream: u32, dir: Dir, frame: u32, kind: &TcpEventKind, seq: u32, ack: u32) -> TcpEvent {
    let n = |n: &dyn ToString| n.to_string();
    let (event, explain) = match kind {
        TcpEventKind::Syn { options } => (TcpKind::Syn, explain::with(&["tcp.syn"], vec![options_text(options).into()])),
        TcpEventKind::SynAck { options } => (TcpKind::SynAck, explain::with(&["tcp.syn_ack"], vec![options_text(options).into()])),
        TcpEventKind::HandshakeAck => (TcpKind::Ack, explain::text(&["tcp.handshake_ack"], &[])),
        TcpEventKind::Fin => (TcpKind::Fin, explain::text(&["tcp.fin"], &[])),
        TcpEventKind::Rst => (TcpKind::Rst, explain::text(&["tcp.rst"], &[])),
        TcpEventKind::Retransmission { bytes: 0 } => (TcpKind::Retransmission, explain::text(&["tcp.retransmission.syn"], &[])),
        TcpEventKind::Retransmission { bytes } => (TcpKind::Retransmission, explain::text(&["tcp.retransmission"], &[&n(bytes)])),
        TcpEventKind::FastRetransmission { bytes } => {
            (TcpKind::FastRetransmission, explain::text(&["tcp.fast_retransmission"], &[&n(bytes)]))
        }
        TcpEventKind::AckedUnseen => (TcpKind::AckedUnseen, explain::text(&["tcp.acked_unseen"], &[])),
        TcpEventKind::OutOfOrder { bytes } => (TcpKind::OutOfOrder, explain::text(&["tcp.out_of_order"], &[&n(bytes)])),
        TcpEventKind::PreviousSegmentNotCaptured { missing } => {
            (TcpKind::LostSegment, Explain::of(Piece::LostBefore { client: dir == Dir::Client, frame, bytes: *missing }))
        }
        TcpEventKind::DuplicateAck { count } => (TcpKind::DuplicateAck, explain::text(&["tcp.dup_ack"], &[&n(count)])),
        TcpEventKind::ZeroWindow => (TcpKind::ZeroWindow, explain::text(&["tcp.zero_window"], &[])),
        TcpEventKind::WindowFull => (TcpKind::WindowFull, explain::text(&["tcp.window_full"], &[])),
        TcpEventKind::KeepAlive => (TcpKind::KeepAlive, explain::text(&["tcp.keep_alive"], &[])),
    };
    TcpEvent { stream, frame, dir, event, seq, ack, explain }
}

/// Everything after the capture reader.
#[derive(Default)]
struct Pipeline {
    /// The number of the last frame read.
    frames_seen: u32,
    frames: Frames,
    /// Frames captured more than a year from frame 1, and the first of them
    /// (its number, and how far from frame 1 in nanoseconds).
    far_times: u32,
    first_far: Option<(u32, i64)>,
    options: Options,
    tcp: TcpTable,
    defrag: Defrag,
    streams: Vec<StreamState>,
    notes: Vec<Note>,
    dropped_notes: u32,
    unsupported: BTreeMap<u32, (u32, u32)>,
    scratch: Vec<TcpOut>,
    /// The key log (the user's and the capture's own), once there is one.
    keys: Option<Keys>,
}

impl FrameSink for Pipeline {
    fn frame(&mut self, f: Frame<'_>) {
        Pipeline::frame(self, f);
    }
    /// A key log in the capture, merged in before the packets it is for.
    fn secrets(&mut self, block: &DecryptionSecrets) {
        if block.kind != crate::capture::TLS_KEY_LOG {
            return;
        }
        let keys = self.keys.get_or_insert_with(Keys::default);
        let log = Arc::make_mut(&mut keys.log);
        let before = log.notes.len();
        log.add(&block.data);
        for message in inside::keylog_notes(&log.notes[before..], Some(block.offset)) {
            self.notes.push(Note { frame: None, offset: Some(block.offset), kind: NoteKind::KeyLogLine, message });
        }
    }
}

impl Pipeline {
    fn note(&mut self, frame: u32, kind: NoteKind, message: String) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push(Note { kind, frame: Some(frame), offset: None, message });
        } else {
            self.dropped_notes += 1;
        }
    }

    fn frame(&mut self, f: Frame<'_>) {
        self.frames_seen = f.number;
        let decoded = net::decode(f.link_type, f.data, &mut self.defrag);
        let from_first = self.frames.relative(f.ts);
        if from_first.abs() > YEAR_SECS {
            self.far_times += 1;
            self.first_far.get_or_insert((f.number, (from_first * 1e9) as i64));
        }
        let seg = match decoded {
            Ok(Decoded::Tcp(seg)) => seg,
            Ok(_) => return self.frames.push(f.ts, f.offset, f.data.len() as u32, f.orig_len, f.link_type, None),
            Err(DecodeError::UnsupportedLink(l)) => {
                self.frames.push(f.ts, f.offset, f.data.len() as u32, f.orig_len, f.link_type, None);
                let e = self.unsupported.entry(l).or_insert((f.number, 0));
                e.1 += 1;
                return;
            }
            Err(DecodeError::Damaged(kind, msg)) => {
                self.frames.push(f.ts, f.offset, f.data.len() as u32, f.orig_len, f.link_type, None);
                self.note(f.number, kind, format!("frame {}: {msg}; the frame was passed over", f.number));
                return;
            }
        };
        let mut outs = std::mem::take(&mut self.scratch);
        let idx = self.tcp.segment(f.number, f.ts, f.orig_len, &seg, &mut outs);
        if idx == self.streams.len() {
            let c = &self.tcp.conns[idx];
            self.streams.push(StreamState::new(c.server.1, c.client.1, &self.options));
        }
        let dir = self.tcp.conns[idx].dir_of(&seg);
        let flags = u8::from(seg.fin) | u8::from(seg.syn) << 1 | u8::from(seg.rst) << 2 | u8::from(seg.ack_flag) << 4;
        let tcp = TcpPart { stream: idx as u32, dir, payload: seg.wire_len, flags };
        self.frames.push(f.ts, f.offset, f.data.len() as u32, f.orig_len, f.link_type, Some(tcp));
        self.dispatch(idx, &mut outs);
        self.scratch = outs;
    }

    fn dispatch(&mut self, idx: usize, outs: &mut Vec<TcpOut>) {
        let stream = idx as u32;
        let last_frame = self.tcp.conns[idx].last_frame;
        let st = &mut self.streams[idx];
        for ev in outs.drain(..) {
            match ev {
                TcpOut::Event { dir, frame, ref kind, rel_seq, rel_ack } => {
                    st.items.push(Item::Tcp(tcp_event(stream, dir, frame, kind, rel_seq, rel_ack)));
                }
                TcpOut::Gap { dir, frame: 0, bytes, snaplen } => {
                    st.feed(stream, TcpOut::Gap { dir, frame: last_frame, bytes, snaplen }, self.keys.as_mut())
                }
                other => st.feed(stream, other, self.keys.as_mut()),
            }
        }
    }

    fn finish(mut self) -> (Vec<Stream>, Vec<Note>, Frames) {
        let mut outs = Vec::new();
        for idx in 0..self.streams.len() {
            self.tcp.finish(idx, &mut outs);
            self.dispatch(idx, &mut outs);
        }
        let mut streams = Vec::with_capacity(self.streams.len());
        for (idx, mut st) in self.streams.into_iter().enumerate() {
            let stream = idx as u32;
            if let Reading::Undecided(buffered) = &st.reading {
                // Never decided: no data, or only gaps, or a few segments of something else.
                // (Only an undecided reading is replaced: a session still gets its finish below.)
                let data = buffered.iter().any(|e| matches!(e, TcpOut::Data { .. }));
                st.recognised_by = if data { "no mail protocol recognised in its first bytes" } else { "no payload to recognise" }.into();
                st.reading = Reading::Ignored;
            }
            if let Reading::Session(session) = &mut st.reading {
                let mut out = Out {
                    stream,
                    protocol: st.protocol,
                    items: &mut st.items,
                    tls_from: &mut st.tls_from,
                    lines: &mut st.lines,
                    keys: self.keys.as_mut(),
                    decrypted: &mut st.decrypted,
                    snaplen: false,
                    partial: false,
                };
                session.finish(&mut out);
            }
            // Time order; within a frame, TCP events first and credentials after
            // the lines that carried them. A direction's lines keep their byte
            // order: a line whose first byte came early but that could only be
            // read once an out-of-order segment filled the hole before it sorts
            // after the lines of that segment (RFC 9293 §3.10.7.4: the receiver
            // puts bytes back in sequence order). Elsewhere a line sorts by the
            // frame of its first byte (a line split across BDAT chunks stays
            // where it began).
            let reordered = [Dir::Client, Dir::Server]
                .map(|d| st.items.iter().any(|i| matches!(i, Item::Tcp(t) if t.dir == d && t.event == TcpKind::OutOfOrder)));
            let mut last_line = [0u32; 2];
            let keys: Vec<(u32, u8)> = st
                .items
                .iter()
                .map(|i| {
                    let rank = match i {
                        Item::Tcp(_) => 0,
                        // Bytes the snaplen cut end their frame; other missing bytes come before it.
                        Item::Gap(g) if g.snaplen => 3,
                        Item::Gap(_) => 1,
                        Item::Credential(_) => 4,
                        _ => 2,
                    };
                    let frame = match i {
                        // Only where segments arrived out of order are frame numbers not in byte order.
                        Item::Line(l) if reordered[l.dir.index()] => {
                            let d = l.dir.index();
                            last_line[d] = last_line[d].max(l.frame);
                            last_line[d]
                        }
                        other => other.frame(),
                    };
                    (frame, rank)
                })
                .collect();
            // Usually in order already; sorting costs a copy of the items.
            if !keys.is_sorted() {
                let mut keyed: Vec<((u32, u8), Item)> = keys.into_iter().zip(std::mem::take(&mut st.items)).collect();
                keyed.sort_by_key(|(k, _)| *k);
                st.items = keyed.into_iter().map(|(_, i)| i).collect();
            }
            let c = &self.tcp.conns[idx];
            streams.push(Stream {
                stream,
                client: c.client.into(),
                server: c.server.into(),
                protocol: st.protocol,
                first_frame: c.first_frame,
                last_frame: c.last_frame,
                packets: c.packets,
                rel_start: self.frames.relative(c.times.0),
                duration: (c.times.1.as_nanos().saturating_sub(c.times.0.as_nanos())) as f64 / 1e9,
                client_bytes: c.frame_bytes[0],
                server_bytes: c.frame_bytes[1],
                client_payload_bytes: c.payload_bytes[0],
                server_payload_bytes: c.payload_bytes[1],
                tls_from_frame: st.tls_from,
                recognised_by: st.recognised_by,
                items: st.items,
            });
        }
        let mut notes = self.notes;
        if let Some(message) = self.keys.as_ref().and_then(inside::unmatched_note) {
            notes.push(Note { frame: None, offset: None, kind: NoteKind::UnusedKeys, message });
        }
        if let Some((frame, ns)) = self.first_far {
            let years = ns as f64 / 1e9 / YEAR_SECS;
            let (n, when) = (self.far_times, if years > 0.0 { "later" } else { "earlier" });
            notes.push(Note {
                kind: NoteKind::FarTimestamp,
                frame: Some(frame),
                offset: None,
                message: format!(
                    "{n} frame{} captured more than a year before or after frame 1 (the first is frame {frame}, {:.1} years {when}). \
                     Either the file joins recordings made at different times, or a clock or the file is wrong; times and durations \
                     across that jump are not those of one conversation (Wireshark shows the same times).",
                    if n == 1 { " was" } else { "s were" },
                    years.abs()
                ),
            });
        }
        if self.dropped_notes > 0 {
            notes.push(Note {
                kind: NoteKind::TooManyNotes,
                frame: None,
                offset: None,
                message: format!("{} more frames had problems like the ones above", self.dropped_notes),
            });
        }
        for (link, (first, count)) in self.unsupported {
            let which = match count {
                1 => format!("this frame was passed over (frame {first})"),
                n => format!("these {n} frames were passed over (the first is frame {first})"),
            };
            notes.push(Note {
                kind: NoteKind::UnsupportedLink,
                frame: Some(first),
                offset: None,
                message: format!(
                    "Frames of link type {link} ({}) cannot be decoded by Postscope, so {which}; the rest of the capture was read. \
                     Postscope reads {} frames.",
                    net::link::description(link),
                    net::link::decoded_families()
                ),
            });
        }
        (streams, notes, self.frames)
    }
}

/// Analyses a capture fed in chunks.
///
/// ```
/// let mut a = postscope_core::Analyzer::new(Default::default());
/// a.feed(b"not a capture");
/// let analysis = a.finish();
/// assert!(analysis.capture.warnings[0].message.contains("not a packet capture"));
/// ```
pub struct Analyzer {
    reader: CaptureReader,
    pipe: Pipeline,
}

impl Analyzer {
    pub fn new(options: Options) -> Self {
        let keys = options.keylog.clone().map(|log| Keys { log, ..Keys::default() });
        let notes = keys.as_ref().map(|k| inside::keylog_notes(&k.log.notes, None)).unwrap_or_default();
        let notes = notes.into_iter().map(|message| Note { frame: None, offset: None, kind: NoteKind::KeyLogLine, message }).collect();
        let tcp = TcpTable::new(protocols::is_mail_port);
        Analyzer { reader: CaptureReader::new(), pipe: Pipeline { options, tcp, keys, notes, ..Pipeline::default() } }
    }

    /// Takes the next chunk of the capture file, of any size.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.reader.feed(chunk, &mut self.pipe);
    }

    /// Frames read so far (for progress).
    pub fn frames(&self) -> u32 {
        self.pipe.frames_seen
    }

    /// TCP conversations seen so far (for progress).
    pub fn streams(&self) -> usize {
        self.pipe.streams.len()
    }

    /// The conversations found so far, from the `from`-th on, as far as they
    /// have been read: numbers, endpoints, protocol, counts, and no items
    /// (those are final only at [`Analyzer::finish`]). For a page that lists
    /// conversations while a large capture loads.
    pub fn streams_so_far(&self, from: usize) -> Vec<Stream> {
        let pipe = &self.pipe;
        (from..pipe.streams.len())
            .filter_map(|idx| {
                let (st, c) = (&pipe.streams[idx], pipe.tcp.conns.get(idx)?);
                Some(Stream {
                    stream: idx as u32,
                    client: c.client.into(),
                    server: c.server.into(),
                    protocol: st.protocol,
                    first_frame: c.first_frame,
                    last_frame: c.last_frame,
                    packets: c.packets,
                    rel_start: pipe.frames.relative(c.times.0),
                    duration: (c.times.1.as_nanos().saturating_sub(c.times.0.as_nanos())) as f64 / 1e9,
                    client_bytes: c.frame_bytes[0],
                    server_bytes: c.frame_bytes[1],
                    client_payload_bytes: c.payload_bytes[0],
                    server_payload_bytes: c.payload_bytes[1],
                    tls_from_frame: st.tls_from,
                    recognised_by: st.recognised_by.clone(),
                    items: Vec::new(),
                })
            })
            .collect()
    }

    /// Ends the capture and returns the analysis.
    pub fn finish(self) -> Analysis {
        let Analyzer { reader, mut pipe } = self;
        let mut capture = reader.finish(&mut pipe);
        let (streams, notes, frames) = pipe.finish();
        capture.warnings.extend(notes);
        Analysis { capture, streams, frames }
    }
}

/// Analyses a whole capture held in memory.
pub fn analyze(bytes: &[u8], options: Options) -> Analysis {
    let mut a = Analyzer::new(options);
    a.feed(bytes);
    a.finish()
}
