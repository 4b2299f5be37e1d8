//! Capture formats: classic pcap (both byte orders, micro- and nanosecond
//! timestamps), pcapng (sections, interfaces of any link type, enhanced,
//! simple and obsolete packet blocks, timestamp resolution and offset,
//! comments) and either of them gzip-compressed.
//!
//! The reader is push-based: [`CaptureReader::feed`] takes the file in chunks
//! of any size, as a Web Worker receives them, and hands out every complete
//! frame at once. Every decision depends on the bytes only, never on where the
//! chunks were cut, so the frames and notes are the same whatever the chunking.
//!
//! Memory stays bounded by the input: the reader keeps at most one incomplete
//! record, and refuses a record whose declared length is beyond what Wireshark
//! accepts ([`MAX_PACKET`], [`MAX_BLOCK`]), so a damaged length never makes it
//! wait for bytes that will not come.
//!
//! Damage becomes a warning in [`CaptureInfo`] naming what and where (byte
//! offset, packet number); the frames read before it stay. When the framing of
//! the file is lost (a length field that cannot be right, garbage in the
//! middle), the reader looks for the next place where two consecutive records
//! make sense and goes on from there, saying how many bytes it passed over.

mod gzip;
mod pcap;
mod pcapng;

use crate::explain::{self, Explain};
use crate::model::{CaptureInfo, Note, NoteKind, Timestamp};
use crate::net::link;
pub use pcapng::{DecryptionSecrets, TLS_KEY_LOG};

/// Largest packet Wireshark reads (WTAP_MAX_PACKET_SIZE_STANDARD).
pub const MAX_PACKET: u32 = 262_144;
/// Largest pcapng block accepted: 16 MiB, plus room for a packet's headers.
pub const MAX_BLOCK: u32 = 16 * 1024 * 1024 + 131_072;
/// Most warnings the reader keeps; beyond, they are counted in a last one.
const MAX_WARNINGS: usize = 100;
/// Bytes carried over at a time while looking for the next good record.
const SCAN_SLICE: usize = 64 * 1024;

/// One captured packet, borrowed from the reader's buffer.
#[derive(Debug)]
pub struct Frame<'a> {
    /// Frame number, from 1, as Wireshark numbers them.
    pub number: u32,
    /// When it was captured. A pcapng simple packet block has no time of
    /// its own: it gets the time of the frame before it (or zero), and
    /// `timed` is false.
    pub ts: Timestamp,
    /// Whether `ts` is the frame's own capture time.
    pub timed: bool,
    /// The LINKTYPE_ value of the interface it was captured on.
    pub link_type: u32,
    /// The captured bytes (may be fewer than `orig_len` when the snaplen cut it).
    pub data: &'a [u8],
    /// Length of the packet on the wire.
    pub orig_len: u32,
    /// Where `data` starts in the file (in the decompressed file, for a
    /// gzip-compressed capture), so a view can read the frame again.
    pub offset: u64,
}

/// Receives what the reader finds.
pub trait FrameSink {
    fn frame(&mut self, frame: Frame<'_>);
    /// A pcapng decryption secrets block, in file order (so before the
    /// packets it is for). Also kept in [`CaptureReader::decryption_secrets`].
    fn secrets(&mut self, _secrets: &DecryptionSecrets) {}
}

impl<F: FnMut(Frame<'_>)> FrameSink for F {
    fn frame(&mut self, frame: Frame<'_>) {
        self(frame)
    }
}

#[derive(Debug)]
enum Format {
    /// Not enough bytes yet to tell.
    Detect,
    Pcap(pcap::PcapState),
    PcapNg(pcapng::NgState),
    /// Reading stopped (not a capture, or a version no tool reads); further
    /// bytes are ignored.
    Stopped,
}

/// How the input bytes reach the parser.
#[derive(Debug)]
enum Input {
    /// Fewer than two bytes seen: gzip or not is not known yet.
    Sniffing(Vec<u8>),
    Plain,
    Gzip(Box<gzip::Gunzip>),
    /// The compressed data is damaged: the rest is ignored.
    GzipFailed,
}

/// Framing was lost at `at`; the reader is looking for the next good record.
#[derive(Debug)]
struct Damage {
    /// File offset where the damage was found.
    at: u64,
    /// What was wrong; a file that ends inside the record is [`NoteKind::Truncated`].
    kind: NoteKind,
    /// Number the next frame will have.
    frame: u32,
    /// What was wrong, as sentences to which the outcome is added.
    found: Explain,
    /// The whole message when nothing readable follows, if it is not
    /// `found` plus the standard ending (a file cut short says so).
    lost: Option<Explain>,
}

/// Push-based reader of a whole capture file.
#[derive(Debug)]
pub struct CaptureReader {
    /// Undecoded bytes carried over between chunks: the start of a record
    /// whose end has not arrived. `pending[start..]` is live.
    pending: Vec<u8>,
    start: usize,
    /// Live pending bytes needed before parsing can go on.
    need: usize,
    /// File offset (in the decompressed file) of the next unparsed byte.
    offset: u64,
    format: Format,
    damage: Option<Damage>,
    input: Input,
    frames: u32,
    link_types: Vec<u32>,
    dropped_warnings: u32,
    /// Time of the last frame that had one.
    last_ts: Timestamp,
    info: CaptureInfo,
    /// pcapng decryption secrets blocks, in file order.
    secrets: Vec<DecryptionSecrets>,
}

impl Default for CaptureReader {
    fn default() -> Self {
        Self::new()
    }
}

/// What one parsing step found at the start of the buffer.
#[derive(Debug)]
enum Step {
    /// The record at the start needs this many bytes in all (more than there are).
    NeedMore(usize),
    /// Bytes to pass over (a block that holds no packet).
    Skip(usize),
    Detected(Format, usize),
    Frame {
        /// Bytes of the whole record.
        len: usize,
        ts: Option<Timestamp>,
        link_type: u32,
        orig_len: u32,
        /// Range of the packet bytes within the record.
        data: (usize, usize),
        comments: Vec<String>,
        /// A problem with the record that did not keep the packet from being read.
        warning: Option<Explain>,
    },
    /// A pcapng decryption secrets block: its type and the range of its secrets.
    Secrets {
        len: usize,
        kind: u32,
        data: (usize, usize),
    },
    /// Section comments; the block is passed over.
    Comments {
        texts: Vec<String>,
        len: usize,
        warning: Option<Explain>,
    },
    /// A problem that does not stop reading; the record is passed over.
    /// `frame` says whether the message is about the next packet; `at`
    /// overrides the offset of the record.
    Warn {
        kind: NoteKind,
        message: Explain,
        len: usize,
        frame: bool,
        at: Option<u64>,
    },
    /// The framing is lost here: the kind and message say what is wrong.
    Damaged(NoteKind, Explain),
    /// Reading cannot go on at all.
    Stop(NoteKind, Explain),
}

/// Whether a record that makes sense starts at some byte (while looking for
/// the way back after damage).
#[derive(Debug, PartialEq, Eq)]
enum Candidate {
    Yes,
    No,
    /// Cannot tell before this many bytes are there.
    NeedMore(usize),
}

impl CaptureReader {
    pub fn new() -> Self {
        CaptureReader {
            pending: Vec::new(),
            start: 0,
            need: 0,
            offset: 0,
            format: Format::Detect,
            damage: None,
            input: Input::Sniffing(Vec::new()),
            frames: 0,
            link_types: Vec::new(),
            dropped_warnings: 0,
            last_ts: Timestamp::default(),
            info: CaptureInfo { format: "unknown".into(), ..CaptureInfo::default() },
            secrets: Vec::new(),
        }
    }

    /// Whether the file is gzip-compressed (known from its first two bytes).
    pub fn gzip(&self) -> bool {
        self.info.gzip
    }

    /// The pcapng decryption secrets blocks read so far, in file order (a TLS
    /// key log has the type [`TLS_KEY_LOG`]); read them before `finish`.
    pub fn decryption_secrets(&self) -> &[DecryptionSecrets] {
        &self.secrets
    }

    /// Feeds the next chunk of the file; every complete frame goes to `sink`.
    pub fn feed(&mut self, chunk: &[u8], sink: &mut dyn FrameSink) {
        if matches!(self.format, Format::Stopped) {
            // Not a capture, or a version no tool reads: nothing more to do.
            return;
        }
        match &mut self.input {
            Input::Sniffing(head) => {
                if head.len() + chunk.len() < 2 {
                    head.extend_from_slice(chunk);
                    return;
                }
                let mut head = std::mem::take(head);
                head.extend_from_slice(chunk);
                if gzip::is_gzip(&head) {
                    self.info.gzip = true;
                    self.input = Input::Gzip(Box::default());
                } else {
                    self.input = Input::Plain;
                }
                self.feed(&head, sink)
            }
            Input::Plain => self.push(chunk, sink),
            Input::Gzip(_) => {
                let Input::Gzip(mut gz) = std::mem::replace(&mut self.input, Input::GzipFailed) else {
                    return;
                };
                let result = gz.push(chunk, &mut |out| self.push(out, sink));
                match result {
                    Ok(()) => self.input = Input::Gzip(gz),
                    Err(message) => self.warn(None, None, NoteKind::Compression, message),
                }
            }
            Input::GzipFailed => {}
        }
    }

    /// Ends the file: reports a record cut short and returns what the file is.
    pub fn finish(mut self, sink: &mut dyn FrameSink) -> CaptureInfo {
        match std::mem::replace(&mut self.input, Input::Plain) {
            Input::Sniffing(head) => self.push(&head, sink),
            Input::Gzip(mut gz) => {
                if let Err(message) = gz.finish(&mut |out| self.push(out, sink)) {
                    self.warn(None, None, NoteKind::Compression, message);
                    self.input = Input::GzipFailed;
                }
            }
            Input::GzipFailed => self.input = Input::GzipFailed,
            Input::Plain => {}
        }
        // Whatever is left is an incomplete record: parse it knowing no more
        // bytes will come.
        if !matches!(self.format, Format::Stopped) {
            let pending = std::mem::take(&mut self.pending);
            let live = &pending[self.start..];
            let used = self.run(live, true, sink);
            self.start += used;
            self.pending = pending;
        }
        let gzip_failed = matches!(self.input, Input::GzipFailed);
        if matches!(self.format, Format::Detect) && !(gzip_failed && self.pending.len() == self.start) {
            let head = &self.pending[self.start..];
            let have = head.len();
            let message = if have == 0 && self.info.gzip {
                explain::text(&["note.gzip.empty"], &[])
            } else if have == 0 {
                explain::text(&["note.empty"], &[])
            } else if have >= 4 && pcap::detect(head).is_some() {
                explain::text(&["note.pcap.header_cut"], &[&have.to_string()])
            } else {
                explain::text(&["note.too_short"], &[&have.to_string()])
            };
            self.warn(None, Some(0), NoteKind::NotACapture, message);
        }
        if self.dropped_warnings > 0 {
            let n = self.dropped_warnings;
            self.info.warnings.push(Note::new(NoteKind::TooManyNotes, None, None, explain::text(&["note.file.more"], &[&n.to_string()])));
        }
        self.info.packets = self.frames;
        self.info.link_types = self.link_types.iter().map(|&l| link::name(l)).collect();
        self.info
    }

    /// Takes decompressed bytes.
    fn push(&mut self, mut data: &[u8], sink: &mut dyn FrameSink) {
        while !data.is_empty() {
            if matches!(self.format, Format::Stopped) {
                return;
            }
            if self.start < self.pending.len() {
                // Complete the carried-over record first, taking only what it
                // needs; while looking for the way back after damage, take a
                // good slice, so the search does not go a byte per call.
                let live = self.pending.len() - self.start;
                let want = match self.damage {
                    Some(_) => self.need.saturating_sub(live).max(SCAN_SLICE),
                    None => self.need.saturating_sub(live),
                };
                let take = want.clamp(1, data.len());
                self.pending.extend_from_slice(&data[..take]);
                data = &data[take..];
                if self.pending.len() - self.start < self.need {
                    return;
                }
                let pending = std::mem::take(&mut self.pending);
                let used = self.run(&pending[self.start..], false, sink);
                self.start += used;
                self.pending = pending;
                self.compact();
                continue;
            }
            let used = self.run(data, false, sink);
            if !matches!(self.format, Format::Stopped) {
                self.pending.clear();
                self.start = 0;
                self.pending.extend_from_slice(&data[used..]);
            }
            return;
        }
    }

    /// Drops consumed bytes from the front of `pending` once they are the bigger part.
    fn compact(&mut self) {
        if self.start == self.pending.len() {
            self.pending.clear();
            self.start = 0;
        } else if self.start > self.pending.len() / 2 {
            self.pending.drain(..self.start);
            self.start = 0;
        }
    }

    /// Parses records from `buf`, which starts at file offset `self.offset`.
    /// Returns the bytes used; when it stops short of the end, `self.need`
    /// says how many bytes from there the next step needs. With `eof`, no
    /// more bytes will come.
    fn run(&mut self, buf: &[u8], eof: bool, sink: &mut dyn FrameSink) -> usize {
        let base = self.offset;
        let used = self.steps(buf, eof, sink);
        self.offset = base + used as u64;
        used
    }

    fn steps(&mut self, buf: &[u8], eof: bool, sink: &mut dyn FrameSink) -> usize {
        let base = self.offset;
        let mut pos = 0;
        loop {
            if matches!(self.format, Format::Stopped) {
                return buf.len();
            }
            if self.damage.is_some() {
                match self.resync(buf, pos, eof) {
                    Some(found) => pos = found,
                    None => return buf.len(),
                }
                if self.damage.is_some() {
                    // Waiting for more bytes to judge the candidate at `pos`.
                    return pos;
                }
            }
            let rest = &buf[pos..];
            let at = base + pos as u64;
            if rest.is_empty() && !(eof && matches!(self.format, Format::Detect)) {
                self.need = 1;
                return pos;
            }
            let frame = self.frames + 1;
            let step = match &mut self.format {
                Format::Stopped => return buf.len(),
                Format::Detect => detect(rest, eof),
                Format::Pcap(p) => p.next(rest, at, frame),
                Format::PcapNg(n) => n.next(rest, at, frame),
            };
            match step {
                Step::NeedMore(n) if !eof => {
                    self.need = n.max(rest.len() + 1);
                    return pos;
                }
                Step::NeedMore(_) if matches!(self.format, Format::Detect) && rest.len() >= 4 && pcap::detect(rest).is_none() => {
                    unreachable!("detect decides at the end of the file")
                }
                Step::NeedMore(n) => {
                    let (found, lost) = match &self.format {
                        Format::Pcap(p) => p.truncated(rest, n, at, frame),
                        Format::PcapNg(ng) => ng.truncated(rest, n, at, frame),
                        // Too short to be a capture: `finish` says so.
                        _ => return pos,
                    };
                    // The file ends inside this record: either it was cut
                    // short, or its length is damaged and readable records
                    // follow. Look for them before saying which.
                    self.damage = Some(Damage { at, kind: NoteKind::BadLength, frame, found, lost: Some(lost) });
                    pos += 1;
                }
                Step::Skip(n) => pos += n,
                Step::Detected(format, used) => {
                    self.info.format = match &format {
                        Format::Pcap(_) => "pcap".into(),
                        _ => "pcapng".into(),
                    };
                    self.format = format;
                    pos += used;
                }
                Step::Frame { len, ts, link_type, orig_len, data, comments, warning } => {
                    self.frames += 1;
                    let number = self.frames;
                    if let Some(message) = warning {
                        self.warn(Some(number), Some(at), NoteKind::DamagedOptions, message);
                    }
                    if !self.link_types.contains(&link_type) {
                        self.link_types.push(link_type);
                    }
                    if let Some(ts) = ts {
                        if self.info.first_time.is_none() {
                            self.info.first_time = Some(ts);
                        }
                        self.info.last_time = Some(ts);
                        self.last_ts = ts;
                    }
                    for text in comments {
                        self.info.comments.push(Note::comment(Some(number), Some(at), text));
                    }
                    let frame = Frame {
                        number,
                        ts: ts.unwrap_or(self.last_ts),
                        timed: ts.is_some(),
                        link_type,
                        data: &rest[data.0..data.1],
                        orig_len,
                        offset: at + data.0 as u64,
                    };
                    sink.frame(frame);
                    pos += len;
                }
                Step::Secrets { len, kind, data } => {
                    let block = DecryptionSecrets { kind, data: rest[data.0..data.1].to_vec(), offset: at, before_frame: frame };
                    sink.secrets(&block);
                    self.secrets.push(block);
                    pos += len;
                }
                Step::Comments { texts, len, warning } => {
                    if let Some(message) = warning {
                        self.warn(None, Some(at), NoteKind::DamagedOptions, message);
                    }
                    for text in texts {
                        self.info.comments.push(Note::comment(None, Some(at), text));
                    }
                    pos += len;
                }
                Step::Warn { kind, message, len, frame: about_frame, at: at_override } => {
                    self.warn(about_frame.then_some(frame), Some(at_override.unwrap_or(at)), kind, message);
                    pos += len;
                }
                Step::Damaged(kind, found) => {
                    self.damage = Some(Damage { at, kind, frame, found, lost: None });
                    pos += 1;
                }
                Step::Stop(kind, message) => {
                    let frame = (!matches!(self.format, Format::Detect)).then_some(frame);
                    self.warn(frame, Some(at), kind, message);
                    self.format = Format::Stopped;
                    return buf.len();
                }
            }
        }
    }

    /// While damaged: looks for the first record that makes sense at or after
    /// `buf[from..]`. Returns where to go on: at the record found (the damage
    /// is then over and its note written), or at a candidate that needs more
    /// bytes to judge (the damage stays). `None` when the file ends without
    /// one: the note says so and everything is used.
    fn resync(&mut self, buf: &[u8], from: usize, eof: bool) -> Option<usize> {
        let base = self.offset;
        let mut p = from;
        while p < buf.len() {
            let verdict = match &self.format {
                Format::Pcap(s) => s.candidate(&buf[p..], eof),
                Format::PcapNg(s) => s.candidate(&buf[p..], eof),
                _ => Candidate::No,
            };
            match verdict {
                Candidate::Yes => {
                    let d = self.damage.take().expect("resync runs only while damaged");
                    let at_now = base + p as u64;
                    let skipped = at_now - d.at;
                    let message =
                        d.found.then(explain::text(&["note.resync"], &[&at_now.to_string(), &skipped.to_string(), &d.frame.to_string()]));
                    self.warn(Some(d.frame), Some(d.at), d.kind, message);
                    return Some(p);
                }
                Candidate::No => p += 1,
                Candidate::NeedMore(n) => {
                    debug_assert!(!eof, "a candidate is judged without more bytes at the end");
                    self.need = n.max(buf.len() - p + 1);
                    return Some(p);
                }
            }
        }
        if !eof {
            self.need = 1;
            return Some(p);
        }
        let d = self.damage.take().expect("resync runs only while damaged");
        let end = base + buf.len() as u64;
        let kind = if d.lost.is_some() { NoteKind::Truncated } else { d.kind };
        let message = d.lost.unwrap_or_else(|| {
            d.found.then(explain::text(&["note.resync.none"], &[&(end - d.at).to_string(), &(d.frame - 1).to_string()]))
        });
        self.warn(Some(d.frame), Some(d.at), kind, message);
        None
    }

    fn warn(&mut self, frame: Option<u32>, offset: Option<u64>, kind: NoteKind, message: Explain) {
        if self.info.warnings.len() < MAX_WARNINGS {
            self.info.warnings.push(Note::new(kind, frame, offset, message));
        } else {
            self.dropped_warnings += 1;
        }
    }
}

/// Bytes looked at to tell what a file that is not a capture is.
const IDENTIFY: usize = 512;

/// Recognises the file format from its first bytes. A file that is not a
/// capture is judged on its first [`IDENTIFY`] bytes (or all of a shorter
/// file), however they arrive.
fn detect(buf: &[u8], eof: bool) -> Step {
    if buf.len() < 4 {
        return Step::NeedMore(4);
    }
    if let Some(step) = pcap::detect(buf) {
        return step;
    }
    if let Some(step) = pcapng::detect(buf) {
        return step;
    }
    if buf.len() < IDENTIFY && !eof {
        return Step::NeedMore(IDENTIFY);
    }
    Step::Stop(NoteKind::NotACapture, not_a_capture(&buf[..buf.len().min(IDENTIFY)]))
}

/// Says what a file that is not a capture seems to be.
fn not_a_capture(buf: &[u8]) -> Explain {
    let head: Vec<String> = buf.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let shown: String = buf.iter().take(4).map(|&b| if b.is_ascii_graphic() || b == b' ' { b as char } else { '.' }).collect();
    let starts = |m: &[u8]| buf.starts_with(m);
    let text = String::from_utf8_lossy(buf).to_ascii_lowercase();
    let text = text.trim_start();
    let what = if starts(b"PK\x03\x04") {
        explain::text(&["note.not_capture.zip"], &[])
    } else if starts(&[0x28, 0xb5, 0x2f, 0xfd]) {
        explain::text(&["note.not_capture.zstd"], &[])
    } else if starts(&[0x04, 0x22, 0x4d, 0x18]) {
        explain::text(&["note.not_capture.lz4"], &[])
    } else if starts(b"BZh") {
        explain::text(&["note.not_capture.bzip2"], &[])
    } else if starts(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        explain::text(&["note.not_capture.xz"], &[])
    } else if starts(b"7z\xbc\xaf") {
        explain::text(&["note.not_capture.7z"], &[])
    } else if starts(b"%PDF") {
        explain::text(&["note.not_capture.pdf"], &[])
    } else if starts(b"snoop\0") {
        explain::text(&["note.not_capture.snoop"], &[])
    } else if starts(b"GMBU") {
        explain::text(&["note.not_capture.netmon"], &[])
    } else if starts(b"XCP\0") {
        explain::text(&["note.not_capture.netxray"], &[])
    } else if text.starts_with("<!doctype html") || text.starts_with("<html") {
        explain::text(&["note.not_capture.html"], &[])
    } else if text.starts_with("no.") && text.contains("time") && text.contains("source") {
        explain::text(&["note.not_capture.packet_list"], &[])
    } else if text.starts_with('{') || text.starts_with('[') {
        explain::text(&["note.not_capture.json"], &[])
    } else {
        explain::text(&["note.not_capture.other"], &[])
    };
    explain::text(&["note.not_capture"], &[&head.join(" "), &shown]).then(what)
}

/// A u32 of a capture header, in the file's byte order.
pub(super) fn u32_in(big_endian: bool, b: &[u8], at: usize) -> u32 {
    let v = [b[at], b[at + 1], b[at + 2], b[at + 3]];
    if big_endian {
        u32::from_be_bytes(v)
    } else {
        u32::from_le_bytes(v)
    }
}

/// A u16 of a capture header, in the file's byte order.
pub(super) fn u16_in(big_endian: bool, b: &[u8], at: usize) -> u16 {
    let v = [b[at], b[at + 1]];
    if big_endian {
        u16::from_be_bytes(v)
    } else {
        u16::from_le_bytes(v)
    }
}
