//! The pipeline: capture chunks in, the [`Analysis`] out.
//!
//! capture (frames) → net (TCP segments) → tcp (streams, in-order bytes,
//! events) → recognition (which protocol) → mail sessions (explained lines).

use crate::capture::{CaptureReader, DecryptionSecrets, Frame, FrameSink};
use crate::decrypt::KeyLog;
use crate::explain::{self, Explain, Piece, Sep};
use crate::frames::{FrameRow, Frames, TcpPart};
use crate::mail::{inside, inside::Keys, Out, Session};
use crate::model::{
    Analysis, CaptureInfo, Dir, Item, LineCounts, Note, NoteKind, Protocol, Recognition, Stream, TcpEvent, TcpKind, Timestamp,
};
use crate::net::{self, DecodeError, Decoded, Defrag, TcpOptions};
use crate::protocols;
use crate::recognition::{self, Decision};
use crate::tcp::{Conn, TcpEventKind, TcpOut, TcpTable};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

/// Most per-frame notes kept; beyond, they are counted in one summary note.
const MAX_NOTES: usize = 200;
/// A year, in seconds: frames further than this from frame 1 are named.
const YEAR_SECS: f64 = 365.25 * 24.0 * 3600.0;
/// A day, in nanoseconds: a frame further than this from the one before is flagged.
const DAY_NS: i64 = 24 * 3600 * 1_000_000_000;
/// The longest frame any link type carries: an IPv4 datagram is at most
/// 65,535 bytes (RFC 791), and the offloaded segments a Linux host captures
/// (GRO, BIG TCP) stay under this; tcpdump's largest snapshot length is the same.
const MAX_WIRE_LEN: u32 = 256 * 1024;

/// Frames a finished conversation waits, after its last segment, before it
/// is handed out: its last ACK, a retransmitted FIN or an RST after the
/// close usually follow within a few frames, and are counted in it.
pub const LINGER_FRAMES: u32 = 1024;
/// Most conversations read at once. Beyond (a SYN scan: a million SYNs that
/// get no answer), the quarter least recently active are handed out as they
/// are, and a note says so.
pub const MAX_OPEN: usize = 16_384;

/// Where the analysis goes, conversation by conversation: the streaming
/// form of [`Analyzer`]. A conversation is handed out once nothing more can
/// come of it (both FINs or an RST, then [`LINGER_FRAMES`] frames without a
/// segment of it), or at the end of the capture; its items are final then
/// (an explanation may look at the whole conversation, `Context::of`).
/// Streams come in the order they end, not by number.
pub trait Sink {
    /// A finished conversation.
    fn stream(&mut self, s: Stream);
    /// The end of the capture: what the file was, with every note (those
    /// about frames after those of the file), and the frame index (empty
    /// when [`Sink::keeps_frames`] says no).
    fn finish(&mut self, capture: CaptureInfo, frames: Frames);
    /// Whether to build the frame index (40 bytes a frame; the app's views
    /// need it, a writer of records does not).
    fn keeps_frames(&self) -> bool {
        true
    }
    /// Whether to keep a conversation's lines as items (the transcript, the
    /// JSON and the app show them). When not, each line is only counted, by
    /// kind, and the counts are given to [`Sink::counted_lines`] just before
    /// the conversation, whose items are then the others (TCP events, gaps,
    /// TLS records, credentials, messages) as they would be with the lines.
    fn wants_lines(&self) -> bool {
        true
    }
    /// The lines of conversation `stream`, counted and not kept (when
    /// [`Sink::wants_lines`] says no), said just before [`Sink::stream`].
    fn counted_lines(&mut self, _stream: u32, _lines: &LineCounts) {}
    /// Whether message records are wanted whole: addresses, date, parts and
    /// attachments, read by mail-parser, and the message's bytes. When not,
    /// only a message's headers are read, for its subject, and its bytes are
    /// let go (the other fields are as they would be).
    fn wants_message_contents(&self) -> bool {
        true
    }
    /// A TLS key log of the capture's own (a pcapng decryption secrets
    /// block), met after frame `after_frame` (0: before the first): what a
    /// [`Replay`] of a conversation is given again at the same place.
    fn secrets(&mut self, _after_frame: u32, _key_log: &[u8]) {}
    /// Conversation `stream` cannot be analysed again from its own frames
    /// alone ([`Replay`]): a segment of it was put together from IP fragments
    /// (the fragments before the last are no frames of it), or a frame's time
    /// is beyond what the index's nanoseconds hold. Said before it is handed out.
    fn not_replayable(&mut self, _stream: u32) {}
}

/// The sink that keeps everything: [`Analyzer::finish`]'s [`Analysis`],
/// streams in number order.
#[derive(Default)]
pub struct Collect {
    streams: Vec<Stream>,
    end: Option<(CaptureInfo, Frames)>,
}

impl Sink for Collect {
    fn stream(&mut self, s: Stream) {
        self.streams.push(s);
    }
    fn finish(&mut self, capture: CaptureInfo, frames: Frames) {
        self.end = Some((capture, frames));
    }
}

impl Collect {
    /// The analysis (after [`Sink::finish`]).
    pub fn analysis(mut self) -> Analysis {
        self.streams.sort_by_key(|s| s.stream);
        let (capture, frames) = self.end.unwrap_or_default();
        Analysis { capture, streams: self.streams, frames }
    }
}

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
    recognised_by: Recognition,
    reading: Reading,
    items: Vec<Item>,
    tls_from: Option<u32>,
    /// Lines so far (the next line's number).
    lines: u32,
    /// Which directions are read from decrypted TLS records now.
    decrypted: [bool; 2],
    /// Finished, and waiting in [`Pipeline::closing`].
    queued: bool,
    /// The lines counted, not kept, when the sink wants none ([`Sink::wants_lines`]).
    counted: Option<LineCounts>,
    /// Message records are read whole ([`Sink::wants_message_contents`]).
    message_contents: bool,
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
                queued: false,
                counted: None,
                message_contents: true,
            },
            None => StreamState {
                protocol: Protocol::Unknown,
                recognised_by: Recognition::Pending,
                reading: Reading::Undecided(Vec::new()),
                items: Vec::new(),
                tls_from: None,
                lines: 0,
                decrypted: [false; 2],
                queued: false,
                counted: None,
                message_contents: true,
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
                if let Some(c) = &mut self.counted {
                    c.count(crate::model::LineKind::Other, 1, false, self.items.len());
                    self.lines += 1;
                    continue;
                }
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
                    frames: vec![crate::model::Span { frame, bytes: None }],
                    long: None,
                    elided: None,
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
            unit: Vec::new(),
            line_spans: None,
            cut: false,
            counted: self.counted.as_mut(),
            message_contents: self.message_contents,
        };
        match ev {
            TcpOut::Data { dir, frame, at, bytes } => session.data(dir, &bytes, frame, at, &mut out),
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
        TcpEventKind::Fin { answers: false } => (TcpKind::Fin, explain::text(&["tcp.fin"], &[])),
        TcpEventKind::Fin { answers: true } => (TcpKind::Fin, explain::text(&["tcp.fin.answer"], &[])),
        TcpEventKind::Rst => (TcpKind::Rst, explain::text(&["tcp.rst"], &[])),
        // Only a SYN or a SYN-ACK is repeated with no bytes (the client's, or the server's answer: RFC 9293 §3.5).
        TcpEventKind::Retransmission { bytes: 0 } => {
            let key = if dir == Dir::Client { "tcp.retransmission.syn" } else { "tcp.retransmission.syn_ack" };
            (TcpKind::Retransmission, explain::text(&[key], &[]))
        }
        TcpEventKind::Retransmission { bytes } => (TcpKind::Retransmission, explain::text(&["tcp.retransmission"], &[&n(bytes)])),
        TcpEventKind::PartlyNew { repeated, new } => {
            (TcpKind::Retransmission, explain::text(&["tcp.retransmission.partly_new"], &[&n(repeated), &n(new)]))
        }
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

fn relative(first_ns: Option<i64>, ns: i64) -> f64 {
    first_ns.map_or(0.0, |first| ns.saturating_sub(first) as f64 / 1e9)
}

fn push_row(frames: &mut Frames, keep: bool, f: &Frame<'_>, tcp: Option<TcpPart>) {
    if keep {
        frames.push(f.ts, f.offset, f.data.len() as u32, f.orig_len, f.link_type, tcp);
    }
}

/// Everything after the capture reader.
struct Pipeline<S: Sink> {
    sink: S,
    /// The number of the last frame read.
    frames_seen: u32,
    frames: Frames,
    /// Whether rows go into `frames`.
    keep_frames: bool,
    /// The first frame's time (for times relative to it, with or without the index).
    first_ns: Option<i64>,
    /// Finished conversations waiting [`LINGER_FRAMES`] (stream, frame it was checked at).
    closing: VecDeque<(usize, u32)>,
    linger: u32,
    /// Conversations handed out early because too many were open.
    evicted: u32,
    /// Frames captured more than a year from frame 1, and the first of them
    /// (its number, and how far from frame 1 in nanoseconds).
    far_times: u32,
    first_far: Option<(u32, i64)>,
    /// The previous frame's time (and whether it was a year from frame 1); frames more than a day from the one before, and the first (number, jump in ns).
    last_ns: Option<(i64, bool)>,
    jumps: u32,
    first_jump: Option<(u32, i64)>,
    /// Frames claiming more bytes on the wire than any frame has, and the first (number, length, link type).
    too_long: u32,
    first_too_long: Option<(u32, u32, u32)>,
    options: Options,
    tcp: TcpTable,
    defrag: Defrag,
    streams: HashMap<usize, StreamState>,
    notes: Vec<Note>,
    dropped_notes: u32,
    unsupported: BTreeMap<u32, (u32, u32)>,
    scratch: Vec<TcpOut>,
    /// The key log (the user's and the capture's own), once there is one.
    keys: Option<Keys>,
}

impl<S: Sink> FrameSink for Pipeline<S> {
    fn frame(&mut self, f: Frame<'_>) {
        Pipeline::frame(self, f);
    }
    /// A key log in the capture, merged in before the packets it is for.
    fn secrets(&mut self, block: &DecryptionSecrets) {
        if block.kind != crate::capture::TLS_KEY_LOG {
            return;
        }
        self.sink.secrets(self.frames_seen, &block.data);
        self.add_key_log(&block.data, Some(block.offset));
    }
}

impl<S: Sink> Pipeline<S> {
    fn new(options: Options, sink: S, notes: Vec<Note>, keys: Option<Keys>) -> Self {
        let keep_frames = sink.keeps_frames();
        Pipeline {
            sink,
            frames_seen: 0,
            frames: Frames::default(),
            keep_frames,
            first_ns: None,
            closing: VecDeque::new(),
            linger: LINGER_FRAMES,
            evicted: 0,
            far_times: 0,
            first_far: None,
            last_ns: None,
            jumps: 0,
            first_jump: None,
            too_long: 0,
            first_too_long: None,
            options,
            tcp: TcpTable::new(protocols::is_mail_port),
            defrag: Defrag::default(),
            streams: HashMap::new(),
            notes,
            dropped_notes: 0,
            unsupported: BTreeMap::new(),
            scratch: Vec::new(),
            keys,
        }
    }

    /// Merges a key log of the capture's own (from the block at `offset`).
    fn add_key_log(&mut self, data: &[u8], offset: Option<u64>) {
        let keys = self.keys.get_or_insert_with(Keys::default);
        let log = Arc::make_mut(&mut keys.log);
        let before = log.notes.len();
        log.add(data);
        for message in inside::keylog_notes(&log.notes[before..], offset) {
            self.notes.push(Note::new(NoteKind::KeyLogLine, None, offset, message));
        }
    }

    /// Seconds from the first frame to `ns` (as [`Frames::relative`]).
    fn relative_ns(&self, ns: i64) -> f64 {
        relative(self.first_ns, ns)
    }

    fn push_frame(&mut self, f: &Frame<'_>, tcp: Option<TcpPart>) {
        push_row(&mut self.frames, self.keep_frames, f, tcp);
    }

    fn note(&mut self, frame: u32, kind: NoteKind, message: Explain) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push(Note::new(kind, Some(frame), None, message));
        } else {
            self.dropped_notes += 1;
        }
    }

    fn frame(&mut self, f: Frame<'_>) {
        self.frames_seen = f.number;
        let decoded = net::decode(f.link_type, f.data, &mut self.defrag);
        self.first_ns.get_or_insert(f.ts.as_nanos());
        if f.orig_len > MAX_WIRE_LEN {
            self.too_long += 1;
            self.first_too_long.get_or_insert((f.number, f.orig_len, f.link_type));
        }
        let from_first = relative(self.first_ns, f.ts.as_nanos());
        let far = from_first.abs() > YEAR_SECS;
        if far {
            self.far_times += 1;
            self.first_far.get_or_insert((f.number, (from_first * 1e9) as i64));
        }
        // A jump of more than a day from the frame before; one to or from a
        // frame a year away from frame 1 is told by that note instead.
        let ns = f.ts.as_nanos();
        if let Some((last, last_far)) = self.last_ns {
            let jump = ns.saturating_sub(last);
            if jump.saturating_abs() > DAY_NS && !far && !last_far {
                self.jumps += 1;
                self.first_jump.get_or_insert((f.number, jump));
            }
        }
        self.last_ns = Some((ns, far));
        let seg = match decoded {
            Ok(Decoded::Tcp(seg)) => seg,
            Ok(_) => return self.push_frame(&f, None),
            Err(DecodeError::UnsupportedLink(l)) => {
                self.push_frame(&f, None);
                let e = self.unsupported.entry(l).or_insert((f.number, 0));
                e.1 += 1;
                return;
            }
            Err(DecodeError::Damaged(kind, msg)) => {
                self.push_frame(&f, None);
                self.note(f.number, kind, explain::with(&["note.frame"], vec![f.number.to_string().into(), msg.into()]));
                return;
            }
        };
        let mut outs = std::mem::take(&mut self.scratch);
        let opened = self.tcp.open_count();
        let idx = self.tcp.segment(f.number, f.ts, f.orig_len, &seg, &mut outs);
        let flags = u8::from(seg.fin) | u8::from(seg.syn) << 1 | u8::from(seg.rst) << 2 | u8::from(seg.ack_flag) << 4;
        let Some(c) = self.tcp.conn(idx) else {
            // A late segment of a conversation already handed out: only indexed.
            let dir = if (seg.src, seg.src_port) < (seg.dst, seg.dst_port) { Dir::Client } else { Dir::Server };
            push_row(&mut self.frames, self.keep_frames, &f, Some(TcpPart { stream: idx as u32, dir, payload: seg.wire_len, flags }));
            self.scratch = outs;
            return;
        };
        let dir = c.dir_of(&seg);
        if seg.reassembled || f.ts.secs.checked_mul(1_000_000_000).and_then(|n| n.checked_add(i64::from(f.ts.nanos))).is_none() {
            self.sink.not_replayable(idx as u32);
        }
        if !self.streams.contains_key(&idx) {
            let mut st = StreamState::new(c.server.1, c.client.1, &self.options);
            if !self.sink.wants_lines() {
                st.counted = Some(LineCounts::default());
            }
            st.message_contents = self.sink.wants_message_contents();
            self.streams.insert(idx, st);
        }
        let tcp = TcpPart { stream: idx as u32, dir, payload: seg.wire_len, flags };
        self.push_frame(&f, Some(tcp));
        self.dispatch(idx, &mut outs);
        self.scratch = outs;
        if self.tcp.done(idx) {
            if let Some(st) = self.streams.get_mut(&idx).filter(|st| !st.queued) {
                st.queued = true;
                self.closing.push_back((idx, f.number));
            }
        }
        self.hand_out_finished(f.number);
        if self.tcp.open_count() > opened && self.tcp.open_count() > MAX_OPEN {
            self.evict();
        }
    }

    /// Hands out the finished conversations that have had no segment for [`LINGER_FRAMES`] frames.
    fn hand_out_finished(&mut self, now: u32) {
        while let Some(&(idx, at)) = self.closing.front() {
            if now.saturating_sub(at) < self.linger {
                break;
            }
            self.closing.pop_front();
            match self.tcp.conn(idx).map(|c| c.last_frame) {
                Some(last) if now.saturating_sub(last) >= self.linger => self.close(idx),
                // A segment came since: wait from that one.
                Some(last) => self.closing.push_back((idx, last)),
                None => {}
            }
        }
    }

    /// Too many conversations open: hands out the quarter least recently active, as they are.
    fn evict(&mut self) {
        let mut open: Vec<(u32, usize)> = self.tcp.open().filter_map(|i| Some((self.tcp.conn(i)?.last_frame, i))).collect();
        open.sort_unstable();
        for &(_, idx) in open.iter().take(MAX_OPEN / 4) {
            self.close(idx);
            self.evicted += 1;
        }
        self.closing.retain(|&(i, _)| self.tcp.conn(i).is_some());
    }

    fn dispatch(&mut self, idx: usize, outs: &mut Vec<TcpOut>) {
        let stream = idx as u32;
        let Some(last_frame) = self.tcp.conn(idx).map(|c| c.last_frame) else { return };
        let Some(st) = self.streams.get_mut(&idx) else { return };
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

    /// Ends conversation `idx`: what still waits becomes gaps and data, the
    /// session finishes, the items are put in order, and the stream goes to
    /// the sink; its state is dropped.
    fn close(&mut self, idx: usize) {
        let mut outs = Vec::new();
        self.tcp.finish(idx, &mut outs);
        self.dispatch(idx, &mut outs);
        let Some(mut st) = self.streams.remove(&idx) else {
            self.tcp.retire(idx);
            return;
        };
        let stream = idx as u32;
        {
            if let Reading::Undecided(buffered) = &st.reading {
                // Never decided: no data, or only gaps, or a few segments of something else.
                // (Only an undecided reading is replaced: a session still gets its finish below.)
                let data = buffered.iter().any(|e| matches!(e, TcpOut::Data { .. }));
                st.recognised_by = if data { Recognition::NoMail } else { Recognition::NoPayload };
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
                    unit: Vec::new(),
                    line_spans: None,
                    cut: false,
                    counted: st.counted.as_mut(),
                    message_contents: st.message_contents,
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
        }
        let Some(c) = self.tcp.retire(idx) else { return };
        let mut s = self.stream_of(stream, &c, &st);
        s.items = st.items;
        s.segments = c.samples;
        if let Some(lines) = &st.counted {
            self.sink.counted_lines(stream, lines);
        }
        self.sink.stream(s);
    }

    /// A conversation as a [`Stream`] from its TCP and session state, without
    /// its items and segment samples (the caller adds them, or not).
    fn stream_of(&self, stream: u32, c: &Conn, st: &StreamState) -> Stream {
        Stream {
            stream,
            client: c.client.into(),
            server: c.server.into(),
            protocol: st.protocol,
            first_frame: c.first_frame,
            last_frame: c.last_frame,
            packets: c.packets,
            rel_start: self.relative_ns(c.times.0.as_nanos()),
            duration: (c.times.1.as_nanos().saturating_sub(c.times.0.as_nanos())) as f64 / 1e9,
            client_bytes: c.frame_bytes[0],
            server_bytes: c.frame_bytes[1],
            client_payload_bytes: c.payload_bytes[0],
            server_payload_bytes: c.payload_bytes[1],
            tls_from_frame: st.tls_from,
            recognised_by: st.recognised_by,
            items: Vec::new(),
            tcp: c.basis(),
            segments: Vec::new(),
        }
    }

    /// Ends the capture: every conversation still open is handed out, in
    /// number order; then the notes about frames.
    fn finish(mut self) -> (S, Vec<Note>, Frames) {
        let mut open: Vec<usize> = self.tcp.open().collect();
        open.sort_unstable();
        for idx in open {
            self.close(idx);
        }
        let mut notes = self.notes;
        if let Some(message) = self.keys.as_ref().and_then(inside::unmatched_note) {
            notes.push(Note::new(NoteKind::UnusedKeys, None, None, message));
        }
        if let Some((frame, ns)) = self.first_far {
            let years = ns as f64 / 1e9 / YEAR_SECS;
            let n = self.far_times;
            let when =
                if years > 0.0 { explain::fragment(&["note.far.later"], &[]) } else { explain::fragment(&["note.far.earlier"], &[]) };
            let args = vec![n.to_string().into(), frame.to_string().into(), format!("{:.1}", years.abs()).into(), when.into()];
            let message = if n == 1 { explain::with(&["note.far.one"], args) } else { explain::with(&["note.far"], args) };
            notes.push(Note::new(NoteKind::FarTimestamp, Some(frame), None, message));
        }
        if let Some((frame, jump)) = self.first_jump {
            let n = self.jumps;
            let days = jump as f64 / DAY_NS as f64;
            let side =
                if days > 0.0 { explain::fragment(&["note.jump.after"], &[]) } else { explain::fragment(&["note.jump.before"], &[]) };
            let more = if n > 1 { explain::fragment(&["note.jump.more"], &[&(n - 1).to_string()]) } else { Explain::none() };
            let message = explain::with(
                &["note.jump"],
                vec![frame.to_string().into(), format!("{:.1}", days.abs()).into(), side.into(), more.into()],
            );
            notes.push(Note::new(NoteKind::TimeJump, Some(frame), None, message));
        }
        if let Some((frame, len, link)) = self.first_too_long {
            let n = self.too_long;
            let more = if n > 1 { explain::fragment(&["note.too_long.more"], &[&(n - 1).to_string()]) } else { Explain::none() };
            let message = explain::with(
                &["note.too_long"],
                vec![
                    frame.to_string().into(),
                    len.to_string().into(),
                    more.into(),
                    net::link::described(link).into(),
                    MAX_WIRE_LEN.to_string().into(),
                ],
            );
            notes.push(Note::new(NoteKind::TooLong, Some(frame), None, message));
        }
        if self.evicted > 0 {
            let message = explain::text(&["note.evicted"], &[&MAX_OPEN.to_string(), &self.evicted.to_string()]);
            notes.push(Note::new(NoteKind::TooManyConversations, None, None, message));
        }
        if let Some(first) = self.tcp.first_late {
            let n = self.tcp.late;
            let (count, first_frame) = (n.to_string(), first.to_string());
            let args: [&str; 2] = [&count, &first_frame];
            let message = if n == 1 { explain::text(&["note.late.one"], &args) } else { explain::text(&["note.late"], &args) };
            notes.push(Note::new(NoteKind::LateSegments, Some(first), None, message));
        }
        if self.dropped_notes > 0 {
            let message = explain::text(&["note.frames.more"], &[&self.dropped_notes.to_string()]);
            notes.push(Note::new(NoteKind::TooManyNotes, None, None, message));
        }
        for (link, (first, count)) in self.unsupported {
            let which = match count {
                1 => explain::fragment(&["note.unsupported.one"], &[&first.to_string()]),
                n => explain::fragment(&["note.unsupported.many"], &[&n.to_string(), &first.to_string()]),
            };
            let message = explain::with(
                &["note.unsupported"],
                vec![link.to_string().into(), net::link::described(link).into(), which.into(), net::link::decoded_families().into()],
            );
            notes.push(Note::new(NoteKind::UnsupportedLink, Some(first), None, message));
        }
        (self.sink, notes, self.frames)
    }
}

/// Analyses a capture fed in chunks; with [`Analyzer::with_sink`], hands
/// each conversation to a [`Sink`] as soon as it is finished.
///
/// ```
/// let mut a = postscope_core::Analyzer::new(Default::default());
/// a.feed(b"not a capture");
/// let analysis = a.finish();
/// assert!(analysis.capture.warnings[0].text().contains("not a packet capture"));
/// ```
pub struct Analyzer<S: Sink = Collect> {
    reader: CaptureReader,
    pipe: Pipeline<S>,
}

impl Analyzer<Collect> {
    /// An analyzer that keeps everything, for [`Analyzer::finish`].
    pub fn new(options: Options) -> Self {
        Analyzer::with_sink(options, Collect::default())
    }

    /// Ends the capture and returns the analysis.
    pub fn finish(self) -> Analysis {
        self.end().analysis()
    }
}

impl<S: Sink> Analyzer<S> {
    /// An analyzer that hands each finished conversation to `sink`.
    pub fn with_sink(options: Options, sink: S) -> Self {
        let keys = options.keylog.clone().map(|log| Keys { log, ..Keys::default() });
        let notes = keys.as_ref().map(|k| inside::keylog_notes(&k.log.notes, None)).unwrap_or_default();
        let notes = notes.into_iter().map(|message| Note::new(NoteKind::KeyLogLine, None, None, message)).collect();
        Analyzer { reader: CaptureReader::new(), pipe: Pipeline::new(options, sink, notes, keys) }
    }

    /// Takes the next chunk of the capture file, of any size.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.reader.feed(chunk, &mut self.pipe);
    }

    /// Frames read so far (for progress).
    pub fn frames(&self) -> u32 {
        self.pipe.frames_seen
    }

    /// Whether the file is gzip-compressed (known once its first two bytes
    /// are in): its frames' offsets are then in the decompressed bytes, and
    /// cannot be read again from the file by offset.
    pub fn compressed(&self) -> bool {
        self.reader.gzip()
    }

    /// TCP conversations seen so far (for progress).
    pub fn streams(&self) -> usize {
        self.pipe.tcp.count()
    }

    /// Conversation `idx` as far as it has been read, while it is still
    /// open: numbers, endpoints, protocol, counts, and no items (those are
    /// final only when it is handed to the sink). `None` once it has been
    /// handed out (the sink has it) or if there is no such conversation. For
    /// a page that lists conversations while a large capture loads.
    pub fn open_stream_so_far(&self, idx: usize) -> Option<Stream> {
        let pipe = &self.pipe;
        let (st, c) = (pipe.streams.get(&idx)?, pipe.tcp.conn(idx)?);
        Some(pipe.stream_of(idx as u32, c, st))
    }

    /// The sink, as it is so far.
    pub fn sink(&self) -> &S {
        &self.pipe.sink
    }

    /// The sink, to change how it keeps what is still to come.
    pub fn sink_mut(&mut self) -> &mut S {
        &mut self.pipe.sink
    }

    /// How many frames a finished conversation waits before it is handed
    /// out ([`LINGER_FRAMES`] unless set); `u32::MAX` keeps every
    /// conversation to the end. For tests that compare the two.
    #[doc(hidden)]
    pub fn set_linger(&mut self, frames: u32) {
        self.pipe.linger = frames;
    }

    /// Ends the capture: the conversations still open go to the sink, in
    /// number order, then the capture's notes ([`Sink::finish`]); returns the sink.
    pub fn end(self) -> S {
        let Analyzer { reader, mut pipe } = self;
        let mut capture = reader.finish(&mut pipe);
        let (mut sink, notes, frames) = pipe.finish();
        capture.warnings.extend(notes);
        // Only a file with nothing else to say: damage already says why nothing was read.
        if capture.packets == 0 && capture.warnings.is_empty() {
            let message = explain::text(&["note.no_packets"], &[&capture.format]);
            capture.warnings.push(Note::new(NoteKind::NoPackets, None, None, message));
        }
        sink.finish(capture, frames);
        sink
    }
}

/// The sink of a [`Replay`]: the one conversation, no frame index.
#[derive(Default)]
struct One(Option<Stream>);

impl Sink for One {
    fn stream(&mut self, s: Stream) {
        self.0.get_or_insert(s);
    }
    fn finish(&mut self, _: CaptureInfo, _: Frames) {}
    fn keeps_frames(&self) -> bool {
        false
    }
}

/// One conversation analysed again from its own frames, read again from the
/// file, as the analysis of the whole capture had it: the same items,
/// messages, credentials, segments and numbers, for a reader (the app's
/// worker) that let the conversation's items go once it was analysed.
///
/// Give it the conversation as the whole analysis numbered it (its
/// `tcp.stream` and `last_frame`), the time of frame 1, the same [`Options`],
/// then its frames (the frame index's rows with that `tcp.stream`, in order,
/// each with its captured bytes) and, at their place between the frames, the
/// capture's own key logs ([`Sink::secrets`]). Frames after `last_frame` are
/// passed over: the whole analysis had handed the conversation out by then
/// and only counted them as late. Not for a conversation the sink was told
/// is [`Sink::not_replayable`].
pub struct Replay {
    pipe: Pipeline<One>,
    stream: u32,
    last_frame: u32,
}

impl Replay {
    pub fn new(options: Options, stream: &Stream, first_ns: i64) -> Replay {
        let keys = options.keylog.clone().map(|log| Keys { log, ..Keys::default() });
        let mut pipe = Pipeline::new(options, One::default(), Vec::new(), keys);
        pipe.first_ns = Some(first_ns);
        pipe.tcp.number_from(stream.stream as usize);
        Replay { pipe, stream: stream.stream, last_frame: stream.last_frame }
    }

    /// A key log the capture holds, met after the frames given so far.
    pub fn secrets(&mut self, key_log: &[u8]) {
        self.pipe.add_key_log(key_log, None);
    }

    /// Frame `number` (its row in the frame index, and its captured bytes).
    pub fn frame(&mut self, number: u32, row: &FrameRow, data: &[u8]) {
        if number > self.last_frame {
            return;
        }
        let ts = Timestamp { secs: row.ns.div_euclid(1_000_000_000), nanos: row.ns.rem_euclid(1_000_000_000) as u32 };
        let f = Frame { number, ts, timed: true, link_type: row.link_type, data, orig_len: row.original, offset: row.offset };
        self.pipe.frame(f);
    }

    /// The conversation, with its items (`None` if its frames made none with its number).
    pub fn finish(self) -> Option<Stream> {
        let stream = self.stream;
        let (sink, _, _) = self.pipe.finish();
        sink.0.filter(|s| s.stream == stream)
    }
}

/// Analyses a whole capture held in memory.
pub fn analyze(bytes: &[u8], options: Options) -> Analysis {
    let mut a = Analyzer::new(options);
    a.feed(bytes);
    a.finish()
}
