//! Cuts one direction's reassembled bytes into the units a protocol asks for:
//! lines (ended by LF, the CR removed), a counted run of bytes (a literal, a
//! BDAT chunk), or TLS records. The protocol says what it wants next, after
//! every unit, because the grammar decides (a `{12}` at the end of an IMAP
//! line means the next 12 bytes are not a line).
//!
//! Every unit knows the frame that carried its first byte, and every frame
//! that carried any of its bytes with where in that frame's TCP payload they
//! are ([`Span`]).

use crate::model::Span;
use std::collections::VecDeque;

/// Where a pushed piece starts in its frame's TCP payload, when it is not the
/// frame's own bytes (decrypted TLS records).
pub const NOT_IN_FRAME: u32 = u32::MAX;

/// A line longer than this is handed out as its first `MAX_LINE` bytes, and
/// the rest of it as [`Unit::More`] pieces as they arrive, so a missing LF
/// cannot grow the buffer (or the items kept) without bound.
pub const MAX_LINE: usize = 64 * 1024;

/// What the protocol wants next from this direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    Line,
    /// Exactly this many bytes (handed out in pieces as they arrive).
    Bytes(u64),
    /// A TLS record.
    Tls,
}

/// One unit cut from the byte stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Unit {
    /// A line without its line ending; `cut` when it hit [`MAX_LINE`]: the
    /// rest of the line follows as [`Unit::More`].
    Line { bytes: Vec<u8>, frame: u32, cut: bool, spans: Vec<Span> },
    /// More of a line that was cut at [`MAX_LINE`], as it arrived (its line
    /// end not included); `end` when the line end came with it.
    More { bytes: Vec<u8>, frame: u32, end: bool, spans: Vec<Span> },
    /// Part of a counted run of bytes.
    Bytes { bytes: Vec<u8>, frame: u32, spans: Vec<Span> },
    /// A whole TLS record: content type, version, and its body.
    Tls { content_type: u8, version: u16, body: Vec<u8>, frame: u32, spans: Vec<Span> },
}

impl Unit {
    /// The frames that carried the unit, with where in each.
    pub fn spans(&self) -> &[Span] {
        match self {
            Unit::Line { spans, .. } | Unit::More { spans, .. } | Unit::Bytes { spans, .. } | Unit::Tls { spans, .. } => spans,
        }
    }

    /// Takes the frames that carried the unit out of it (they go to [`Out::unit`](super::Out::unit)).
    pub fn take_spans(&mut self) -> Vec<Span> {
        match self {
            Unit::Line { spans, .. } | Unit::More { spans, .. } | Unit::Bytes { spans, .. } | Unit::Tls { spans, .. } => {
                std::mem::take(spans)
            }
        }
    }
}

#[derive(Debug, Default)]
pub struct Framer {
    buf: VecDeque<u8>,
    /// Absolute offset of `buf[0]` in the direction's byte stream.
    start: u64,
    /// (absolute offset, frame, offset in the frame's TCP payload) where each
    /// delivered piece began.
    marks: VecDeque<(u64, u32, u32)>,
    /// How the last line handed out ended on the wire (see [`Framer::line_end`]).
    eol: &'static [u8],
    /// The spans of the last unit handed out.
    last: Vec<Span>,
    /// A line was cut at [`MAX_LINE`] and its end has not come yet.
    long: bool,
}

impl Framer {
    /// Adds bytes that frame `frame` carried at offset `at` of its TCP
    /// payload ([`NOT_IN_FRAME`] for decrypted bytes).
    pub fn push(&mut self, bytes: &[u8], frame: u32, at: u32) {
        if bytes.is_empty() {
            return;
        }
        self.marks.push_back((self.start + self.buf.len() as u64, frame, at));
        self.buf.extend(bytes);
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Bytes waiting (an incomplete line, an incomplete record).
    pub fn pending(&self) -> usize {
        self.buf.len()
    }

    /// The frame that carried the next byte.
    pub fn frame(&self) -> u32 {
        self.frame_at(self.start)
    }

    fn frame_at(&self, offset: u64) -> u32 {
        let mut frame = self.marks.front().map_or(0, |m| m.1);
        for &(at, f, _) in &self.marks {
            if at > offset {
                break;
            }
            frame = f;
        }
        frame
    }

    /// The spans of the next `n` bytes.
    fn spans(&self, n: usize) -> Vec<Span> {
        let (from, to) = (self.start, self.start + n as u64);
        let mut spans: Vec<Span> = Vec::new();
        let end_of_buf = self.start + self.buf.len() as u64;
        for (i, &(begin, frame, at)) in self.marks.iter().enumerate() {
            let end = self.marks.get(i + 1).map_or(end_of_buf, |m| m.0);
            let (lo, hi) = (begin.max(from), end.min(to));
            if lo >= hi {
                if begin >= to {
                    break;
                }
                continue;
            }
            let bytes = (at != NOT_IN_FRAME).then(|| {
                let s = at as u64 + (lo - begin);
                (s.min(u32::MAX as u64) as u32, (s + (hi - lo)).min(u32::MAX as u64) as u32)
            });
            match spans.last_mut() {
                Some(last) if last.frame == frame && matches!((last.bytes, bytes), (Some((_, e)), Some((s, _))) if e == s) => {
                    last.bytes = last.bytes.zip(bytes).map(|(a, b)| (a.0, b.1));
                }
                Some(last) if last.frame == frame && last.bytes.is_none() && bytes.is_none() => {}
                _ => spans.push(Span { frame, bytes }),
            }
        }
        spans
    }

    fn take(&mut self, n: usize) -> (Vec<u8>, u32) {
        let frame = self.frame();
        self.last = self.spans(n);
        // Copied slice by slice (the deque holds at most two), not byte by byte.
        let (a, b) = self.buf.as_slices();
        let mut bytes = Vec::with_capacity(n);
        bytes.extend_from_slice(&a[..n.min(a.len())]);
        bytes.extend_from_slice(&b[..n.saturating_sub(a.len())]);
        self.buf.drain(..n);
        self.start += n as u64;
        // Forget marks wholly before the new start, keeping the one that covers it.
        while self.marks.len() > 1 && self.marks[1].0 <= self.start {
            self.marks.pop_front();
        }
        if self.buf.is_empty() {
            self.marks.clear();
        }
        (bytes, frame)
    }

    /// Cuts the next unit, if enough bytes are there.
    pub fn next(&mut self, want: Want) -> Option<Unit> {
        if want != Want::Line {
            // The protocol reads something else now: whatever was cut is over.
            self.long = false;
        }
        if self.buf.is_empty() {
            return None;
        }
        match want {
            Want::Line if self.long => {
                let (a, b) = self.buf.as_slices();
                let nl = memchr::memchr(b'\n', a).or_else(|| memchr::memchr(b'\n', b).map(|i| a.len() + i));
                // A CR at the end may begin the line end: it waits for the next bytes.
                let n = nl.map_or(self.buf.len() - usize::from(self.buf.back() == Some(&b'\r')), |i| i + 1);
                if n == 0 {
                    return None;
                }
                let (mut bytes, frame) = self.take(n);
                self.eol = b"";
                let end = nl.is_some();
                if end {
                    self.long = false;
                    bytes.pop();
                    self.eol = b"\n";
                    if bytes.last() == Some(&b'\r') {
                        bytes.pop();
                        self.eol = b"\r\n";
                    }
                }
                Some(Unit::More { bytes, frame, end, spans: std::mem::take(&mut self.last) })
            }
            Want::Line => {
                let (a, b) = self.buf.as_slices();
                let a = &a[..a.len().min(MAX_LINE)];
                let b = &b[..b.len().min(MAX_LINE - a.len())];
                let nl = memchr::memchr(b'\n', a).or_else(|| memchr::memchr(b'\n', b).map(|i| a.len() + i));
                let (n, cut) = match nl {
                    Some(i) => (i + 1, false),
                    None if self.buf.len() >= MAX_LINE => (MAX_LINE, true),
                    None => return None,
                };
                let (mut bytes, frame) = self.take(n);
                self.eol = b"";
                self.long = cut;
                if !cut {
                    bytes.pop();
                    self.eol = b"\n";
                    if bytes.last() == Some(&b'\r') {
                        bytes.pop();
                        self.eol = b"\r\n";
                    }
                }
                Some(Unit::Line { bytes, frame, cut, spans: std::mem::take(&mut self.last) })
            }
            Want::Bytes(n) => {
                let n = (n.min(self.buf.len() as u64)) as usize;
                if n == 0 {
                    return None;
                }
                let (bytes, frame) = self.take(n);
                Some(Unit::Bytes { bytes, frame, spans: std::mem::take(&mut self.last) })
            }
            Want::Tls => {
                if self.buf.len() < 5 {
                    return None;
                }
                let len = u16::from_be_bytes([self.buf[3], self.buf[4]]) as usize;
                if self.buf.len() < 5 + len {
                    return None;
                }
                let (rec, frame) = self.take(5 + len);
                Some(Unit::Tls {
                    content_type: rec[0],
                    version: u16::from_be_bytes([rec[1], rec[2]]),
                    body: rec[5..].to_vec(),
                    frame,
                    spans: std::mem::take(&mut self.last),
                })
            }
        }
    }

    /// Whatever is left, as one piece (an unfinished line at a gap or at the
    /// end), with the frames that carried it.
    pub fn rest(&mut self) -> Option<(Vec<u8>, u32, Vec<Span>)> {
        self.long = false;
        if self.buf.is_empty() {
            return None;
        }
        let n = self.buf.len();
        self.eol = b"";
        let (bytes, frame) = self.take(n);
        Some((bytes, frame, std::mem::take(&mut self.last)))
    }

    /// A line was cut at [`MAX_LINE`] and its end has not come: the next
    /// bytes (its [`Framer::rest`] too) are more of it.
    pub fn in_long_line(&self) -> bool {
        self.long
    }

    /// The line end the last line (or rest) had on the wire: CRLF, a bare LF,
    /// or nothing (a line cut at [`MAX_LINE`], or the unfinished rest). Lets a
    /// message be rebuilt byte for byte from its lines.
    pub fn line_end(&self) -> &'static [u8] {
        self.eol
    }

    /// True when the next bytes look like a TLS record header (handshake or alert).
    pub fn looks_like_tls(&self) -> bool {
        self.buf.len() >= 3 && matches!(self.buf[0], 0x15 | 0x16) && self.buf[1] == 3 && self.buf[2] <= 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(frame: u32, from: u32, to: u32) -> Span {
        Span { frame, bytes: Some((from, to)) }
    }

    #[test]
    fn a_line_typed_one_key_a_segment_names_every_segment() {
        let mut f = Framer::default();
        for (i, b) in b"QUIT\r\n".iter().enumerate() {
            f.push(&[*b], 10 + i as u32, 0);
        }
        let Some(Unit::Line { bytes, spans, .. }) = f.next(Want::Line) else { panic!("no line") };
        assert_eq!(bytes, b"QUIT");
        assert_eq!(spans, (10..16).map(|n| sp(n, 0, 1)).collect::<Vec<_>>());
        // Decrypted bytes name their record's frame, not a place in it.
        f.push(b"A1 OK\r\n", 20, NOT_IN_FRAME);
        f.push(b"A2 OK\r\n", 20, NOT_IN_FRAME);
        let Some(Unit::Line { spans, .. }) = f.next(Want::Line) else { panic!("no line") };
        assert_eq!(spans, vec![Span { frame: 20, bytes: None }]);
    }

    #[test]
    fn lines_split_across_pushes_keep_the_first_frame() {
        let mut f = Framer::default();
        f.push(b"EHLO cli", 4, 0);
        assert_eq!(f.next(Want::Line), None);
        f.push(b"ent\r\nMAIL FROM:<a@b>\r\n", 6, 0);
        assert_eq!(
            f.next(Want::Line),
            Some(Unit::Line { bytes: b"EHLO client".to_vec(), frame: 4, cut: false, spans: vec![sp(4, 0, 8), sp(6, 0, 5)] })
        );
        assert_eq!(
            f.next(Want::Line),
            Some(Unit::Line { bytes: b"MAIL FROM:<a@b>".to_vec(), frame: 6, cut: false, spans: vec![sp(6, 5, 22)] })
        );
        assert_eq!(f.next(Want::Line), None);
    }

    #[test]
    fn counted_bytes_then_lines() {
        let mut f = Framer::default();
        f.push(b"abc)\r\n", 9, 40);
        assert_eq!(f.next(Want::Bytes(3)), Some(Unit::Bytes { bytes: b"abc".to_vec(), frame: 9, spans: vec![sp(9, 40, 43)] }));
        assert_eq!(f.next(Want::Line), Some(Unit::Line { bytes: b")".to_vec(), frame: 9, cut: false, spans: vec![sp(9, 43, 46)] }));
    }

    #[test]
    fn an_endless_line_is_cut_not_buffered_forever() {
        let mut f = Framer::default();
        f.push(&vec![b'x'; MAX_LINE + 10], 1, 0);
        match f.next(Want::Line) {
            Some(Unit::Line { bytes, cut: true, .. }) => assert_eq!(bytes.len(), MAX_LINE),
            other => panic!("expected a cut line, got {other:?}"),
        }
        assert_eq!(f.pending(), 10);
        assert!(f.in_long_line());
    }

    #[test]
    fn the_rest_of_a_cut_line_comes_as_more_until_its_line_end() {
        let mut f = Framer::default();
        f.push(&vec![b'x'; MAX_LINE + 10], 1, 0);
        assert!(matches!(f.next(Want::Line), Some(Unit::Line { cut: true, .. })));
        // The 10 bytes after the cut are more of the line, not a line of their own.
        assert_eq!(f.next(Want::Line), Some(Unit::More { bytes: vec![b'x'; 10], frame: 1, end: false, spans: vec![sp(1, 65536, 65546)] }));
        assert_eq!(f.next(Want::Line), None);
        // A CR waits: it may begin the line end.
        f.push(b"yy\r", 2, 0);
        assert_eq!(f.next(Want::Line), Some(Unit::More { bytes: b"yy".to_vec(), frame: 2, end: false, spans: vec![sp(2, 0, 2)] }));
        assert_eq!(f.next(Want::Line), None);
        f.push(b"\nQUIT\r\n", 3, 0);
        assert_eq!(f.next(Want::Line), Some(Unit::More { bytes: vec![], frame: 2, end: true, spans: vec![sp(2, 2, 3), sp(3, 0, 1)] }));
        assert_eq!(f.line_end(), b"\r\n");
        assert!(!f.in_long_line());
        assert_eq!(f.next(Want::Line), Some(Unit::Line { bytes: b"QUIT".to_vec(), frame: 3, cut: false, spans: vec![sp(3, 1, 7)] }));
    }

    #[test]
    fn tls_records_are_framed_by_their_length() {
        let mut f = Framer::default();
        f.push(&[0x16, 3, 1, 0, 2, 1], 3, 0);
        assert!(f.looks_like_tls());
        assert_eq!(f.next(Want::Tls), None);
        f.push(&[0xaa], 5, 0);
        assert_eq!(
            f.next(Want::Tls),
            Some(Unit::Tls { content_type: 0x16, version: 0x0301, body: vec![1, 0xaa], frame: 3, spans: vec![sp(3, 0, 6), sp(5, 0, 1)] })
        );
    }
}
