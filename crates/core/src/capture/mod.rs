//! Capture formats: classic pcap (both byte orders, micro- and nanosecond
//! timestamps), pcapng (sections, interfaces, enhanced and simple packet
//! blocks, comments) and either of them gzip-compressed.
//!
//! The reader is push-based: [`CaptureReader::feed`] takes the file in chunks
//! of any size, as a Web Worker receives them, and hands out every complete
//! frame at once. It holds at most one incomplete record, and refuses a record
//! whose declared length is beyond what Wireshark accepts, so memory stays
//! bounded by the input and a damaged length never makes it wait forever.
//! Damage becomes a warning in [`CaptureInfo`]; frames read before it stay.

mod gzip;
mod pcap;
mod pcapng;

use crate::model::{CaptureInfo, Note, Timestamp};

/// Largest packet Wireshark reads (WTAP_MAX_PACKET_SIZE_STANDARD).
pub const MAX_PACKET: u32 = 262_144;
/// Largest pcapng block accepted (Wireshark's MAX_BLOCK_SIZE is 16 MiB plus headers).
pub const MAX_BLOCK: u32 = 16 * 1024 * 1024 + 131_072;

/// One captured packet, borrowed from the reader's buffer.
#[derive(Debug)]
pub struct Frame<'a> {
    /// Frame number, from 1, as Wireshark numbers them.
    pub number: u32,
    pub ts: Timestamp,
    /// The LINKTYPE_ value of the interface it was captured on.
    pub link_type: u32,
    /// The captured bytes (may be fewer than `orig_len` when the snaplen cut it).
    pub data: &'a [u8],
    /// Length of the packet on the wire.
    pub orig_len: u32,
}

/// Receives what the reader finds.
pub trait FrameSink {
    fn frame(&mut self, frame: Frame<'_>);
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
    /// Reading stopped (damage or not a capture); further bytes are ignored.
    Stopped,
}

/// Push-based reader of a whole capture file.
#[derive(Debug)]
pub struct CaptureReader {
    /// Undecoded bytes not yet consumed (at most one record).
    buf: Vec<u8>,
    /// File offset (in the decompressed file) of `buf[0]`.
    offset: u64,
    format: Format,
    gzip: Option<gzip::Gunzip>,
    /// Whether we know yet if the input is gzip.
    gzip_checked: bool,
    frames: u32,
    link_types: Vec<u32>,
    info: CaptureInfo,
}

impl Default for CaptureReader {
    fn default() -> Self {
        Self::new()
    }
}

impl CaptureReader {
    pub fn new() -> Self {
        CaptureReader {
            buf: Vec::new(),
            offset: 0,
            format: Format::Detect,
            gzip: None,
            gzip_checked: false,
            frames: 0,
            link_types: Vec::new(),
            info: CaptureInfo {
                format: "unknown".into(),
                ..CaptureInfo::default()
            },
        }
    }

    /// Feeds the next chunk of the file; every complete frame goes to `sink`.
    pub fn feed(&mut self, chunk: &[u8], sink: &mut dyn FrameSink) {
        if matches!(self.format, Format::Stopped) {
            return;
        }
        if !self.gzip_checked {
            // Decide on gzip from the first two bytes of the file.
            if self.buf.len() + chunk.len() < 2 {
                self.buf.extend_from_slice(chunk);
                return;
            }
            self.gzip_checked = true;
            let mut head = std::mem::take(&mut self.buf);
            head.extend_from_slice(chunk);
            if gzip::is_gzip(&head) {
                self.info.gzip = true;
                self.gzip = Some(gzip::Gunzip::new());
            }
            return self.feed_checked(&head, sink);
        }
        self.feed_checked(chunk, sink)
    }

    fn feed_checked(&mut self, chunk: &[u8], sink: &mut dyn FrameSink) {
        match self.gzip.is_some() {
            true => {
                // Decompress piece by piece so a small chunk that inflates a lot
                // never makes the buffer hold more than one piece's output.
                for piece in chunk.chunks(16 * 1024) {
                    let Some(gz) = self.gzip.as_mut() else { return };
                    match gz.write(piece) {
                        Ok(out) => {
                            self.buf.extend_from_slice(&out);
                            self.parse(sink);
                        }
                        Err(e) => {
                            let msg = format!(
                                "the gzip compression is damaged at compressed byte {}: {e}; frames before it were read",
                                gz.consumed()
                            );
                            self.stop(None, msg);
                            return;
                        }
                    }
                    if matches!(self.format, Format::Stopped) {
                        return;
                    }
                }
            }
            false => {
                self.buf.extend_from_slice(chunk);
                self.parse(sink);
            }
        }
    }

    /// Ends the file: reports a record cut short and returns what the file is.
    pub fn finish(mut self, sink: &mut dyn FrameSink) -> CaptureInfo {
        if let Some(gz) = self.gzip.as_mut() {
            match gz.finish() {
                Ok(out) => {
                    self.buf.extend_from_slice(&out);
                    self.parse(sink);
                }
                Err(e) => {
                    let offset = gz.consumed();
                    self.warn(
                        None,
                        Some(offset),
                        format!("the gzip stream ends early or is damaged ({e}); frames before it were read"),
                    );
                }
            }
        }
        match &self.format {
            Format::Detect => {
                let msg = if self.buf.is_empty() {
                    "the file is empty: it holds no capture at all".to_string()
                } else {
                    format!(
                        "the file is too short to be a capture: {} bytes, while a pcap header alone is 24",
                        self.buf.len()
                    )
                };
                self.warn(None, Some(0), msg);
            }
            Format::Pcap(_) | Format::PcapNg(_) if !self.buf.is_empty() => {
                let what = match &self.format {
                    Format::Pcap(_) => "packet record",
                    _ => "block",
                };
                let msg = format!(
                    "the file ends in the middle of a {what} at byte {}: {} bytes of it are missing; the {} frames before it were read",
                    self.offset,
                    self.missing_hint(),
                    self.frames
                );
                self.warn(Some(self.frames + 1), Some(self.offset), msg);
            }
            _ => {}
        }
        self.info.packets = self.frames;
        self.info.link_types = self.link_types.iter().map(|&l| linktype_name(l)).collect();
        self.info
    }

    fn missing_hint(&self) -> String {
        let need = match &self.format {
            Format::Pcap(p) => p.record_len(&self.buf),
            Format::PcapNg(n) => n.block_len(&self.buf),
            _ => None,
        };
        match need {
            Some(n) if n > self.buf.len() => (n - self.buf.len()).to_string(),
            _ => "some".into(),
        }
    }

    fn parse(&mut self, sink: &mut dyn FrameSink) {
        loop {
            let step = match &mut self.format {
                Format::Stopped => return,
                Format::Detect => self.detect(),
                Format::Pcap(p) => p.next(&self.buf, self.offset, self.frames + 1),
                Format::PcapNg(n) => n.next(&self.buf, self.offset, self.frames + 1),
            };
            match step {
                Step::NeedMore => return,
                Step::Skip(n) => self.consume(n),
                Step::Detected(format, used) => {
                    self.info.format = match &format {
                        Format::Pcap(_) => "pcap".into(),
                        _ => "pcapng".into(),
                    };
                    self.format = format;
                    self.consume(used);
                }
                Step::Frame { len, ts, link_type, orig_len, data, comment } => {
                    self.frames += 1;
                    if !self.link_types.contains(&link_type) {
                        self.link_types.push(link_type);
                    }
                    if self.info.first_time.is_none() {
                        self.info.first_time = Some(ts);
                    }
                    self.info.last_time = Some(ts);
                    if let Some(c) = comment {
                        self.info.comments.push(Note { frame: Some(self.frames), offset: Some(self.offset), message: c });
                    }
                    let frame = Frame {
                        number: self.frames,
                        ts,
                        link_type,
                        data: &self.buf[data.0..data.1],
                        orig_len,
                    };
                    sink.frame(frame);
                    self.consume(len);
                }
                Step::Comment(text, used) => {
                    self.info.comments.push(Note { frame: None, offset: Some(self.offset), message: text });
                    self.consume(used);
                }
                Step::Warn(msg, used) => {
                    self.warn(Some(self.frames + 1), Some(self.offset), msg);
                    self.consume(used);
                }
                Step::Stop(msg) => {
                    let offset = self.offset;
                    self.stop(Some(offset), msg);
                    return;
                }
            }
        }
    }

    fn detect(&mut self) -> Step {
        if self.buf.len() < 4 {
            return Step::NeedMore;
        }
        if let Some(step) = pcap::detect(&self.buf) {
            return step;
        }
        if let Some(step) = pcapng::detect(&self.buf) {
            return step;
        }
        let head: Vec<String> = self.buf.iter().take(4).map(|b| format!("{b:02x}")).collect();
        Step::Stop(format!(
            "this is not a packet capture: it starts with bytes {} where a pcap file starts with d4 c3 b2 a1 (or a1 b2 c3 d4) and a pcapng file with 0a 0d 0d 0a",
            head.join(" ")
        ))
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.buf.len());
        self.buf.drain(..n);
        self.offset += n as u64;
    }

    fn warn(&mut self, frame: Option<u32>, offset: Option<u64>, message: String) {
        self.info.warnings.push(Note { frame, offset, message });
    }

    fn stop(&mut self, offset: Option<u64>, message: String) {
        let frame = if matches!(self.format, Format::Detect) { None } else { Some(self.frames + 1) };
        self.warn(frame, offset, message);
        self.format = Format::Stopped;
        self.buf = Vec::new();
    }
}

/// What one parsing step found at the start of the buffer.
#[derive(Debug)]
enum Step {
    NeedMore,
    /// Bytes to pass over (a block that holds no packet).
    Skip(usize),
    Detected(Format, usize),
    Frame {
        /// Bytes of the whole record.
        len: usize,
        ts: Timestamp,
        link_type: u32,
        orig_len: u32,
        /// Range of the packet bytes within the buffer.
        data: (usize, usize),
        comment: Option<String>,
    },
    Comment(String, usize),
    /// A problem that does not stop reading; the record is passed over.
    Warn(String, usize),
    /// Reading cannot go on.
    Stop(String),
}

/// The LINKTYPE_ name of a link type, as the JSON and the app show it.
pub fn linktype_name(l: u32) -> String {
    match l {
        0 => "null".into(),
        1 => "ethernet".into(),
        12 | 14 | 101 => "raw".into(),
        108 => "loop".into(),
        113 => "linux_sll".into(),
        228 => "ipv4".into(),
        229 => "ipv6".into(),
        276 => "linux_sll2".into(),
        other => format!("linktype_{other}"),
    }
}
