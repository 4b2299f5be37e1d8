//! Classic pcap: a 24-byte file header, then a 16-byte header before each
//! packet (24 bytes in Alexey Kuznetzov's modified format). Either byte
//! order; micro- or nanosecond timestamps, as the magic number says.
//!
//! The only length check is Wireshark's: a record may not claim more than
//! [`MAX_PACKET`] bytes. Anything beyond that is damage, not a packet.

use super::{u16_in, u32_in, Candidate, Format, Step, MAX_PACKET};
use crate::explain::{self, Explain};
use crate::model::{NoteKind, Timestamp};

/// Seconds in a year: how far a record's time may be from the last good one
/// for it to count as the way back after damage.
const YEAR: u32 = 366 * 24 * 3600;

#[derive(Debug)]
pub struct PcapState {
    big_endian: bool,
    nanos: bool,
    /// Bytes of a record header.
    rec_hdr: usize,
    link_type: u32,
    /// Said once, before the first packet: problems with the file header.
    header_warnings: Vec<(u64, Explain)>,
    /// Seconds of the last packet read.
    last_secs: Option<u32>,
}

/// Recognises a pcap file header; `None` when the magic is not pcap's.
pub(super) fn detect(buf: &[u8]) -> Option<Step> {
    let magic = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
    // (big endian, nanoseconds, record header length)
    let (big_endian, nanos, rec_hdr) = match magic {
        0xa1b2_c3d4 => (false, false, 16),
        0xd4c3_b2a1 => (true, false, 16),
        0xa1b2_3c4d => (false, true, 16),
        0x4d3c_b2a1 => (true, true, 16),
        0xa1b2_cd34 => (false, false, 24),
        0x34cd_b2a1 => (true, false, 24),
        _ => return None,
    };
    if buf.len() < 24 {
        return Some(Step::NeedMore(24));
    }
    let major = u16_in(big_endian, buf, 4);
    let minor = u16_in(big_endian, buf, 6);
    let snaplen = u32_in(big_endian, buf, 16);
    // The link type is the low 16 bits; the high ones may say whether frames
    // end in a frame check sequence, which the IP lengths make harmless.
    let link_type = u32_in(big_endian, buf, 20) & 0xffff;
    let mut header_warnings = Vec::new();
    if major != 2 {
        header_warnings.push((4, explain::text(&["note.pcap.version"], &[&major.to_string(), &minor.to_string()])));
    }
    if snaplen == 0 {
        header_warnings.push((16, explain::text(&["note.pcap.snaplen"], &[])));
    }
    let state = PcapState { big_endian, nanos, rec_hdr, link_type, header_warnings, last_secs: None };
    Some(Step::Detected(Format::Pcap(state), 24))
}

impl PcapState {
    fn u32_at(&self, buf: &[u8], at: usize) -> u32 {
        u32_in(self.big_endian, buf, at)
    }

    pub(super) fn next(&mut self, buf: &[u8], at: u64, frame: u32) -> Step {
        if !self.header_warnings.is_empty() {
            let (offset, message) = self.header_warnings.remove(0);
            return Step::Warn { kind: NoteKind::UnusualHeader, message, len: 0, frame: false, at: Some(offset) };
        }
        let h = self.rec_hdr;
        if buf.len() < h {
            return Step::NeedMore(h);
        }
        let secs = self.u32_at(buf, 0);
        let frac = self.u32_at(buf, 4);
        let caplen = self.u32_at(buf, 8);
        let orig_len = self.u32_at(buf, 12);
        if caplen > MAX_PACKET {
            return Step::Damaged(
                NoteKind::BadLength,
                explain::text(&["note.pcap.caplen"], &[&frame.to_string(), &at.to_string(), &caplen.to_string(), &MAX_PACKET.to_string()]),
            );
        }
        let len = h + caplen as usize;
        if buf.len() < len {
            return Step::NeedMore(len);
        }
        self.last_secs = Some(secs);
        Step::Frame {
            len,
            ts: Some(self.timestamp(secs, frac)),
            link_type: self.link_type,
            orig_len,
            data: (h, len),
            comments: Vec::new(),
            warning: None,
        }
    }

    fn timestamp(&self, secs: u32, frac: u32) -> Timestamp {
        let nanos = if self.nanos { frac as u64 } else { frac as u64 * 1000 };
        Timestamp { secs: secs as i64 + (nanos / 1_000_000_000) as i64, nanos: (nanos % 1_000_000_000) as u32 }
    }

    /// What to say when the file ends inside the record at the start of
    /// `buf`, which needs `need` bytes: (the start of the message if readable
    /// records follow, the whole message if none does).
    pub(super) fn truncated(&self, buf: &[u8], need: usize, at: u64, frame: u32) -> (Explain, Explain) {
        let have = buf.len();
        let cut = explain::text(&["note.cut"], &[&(frame - 1).to_string()]);
        let (frame, at) = (frame.to_string(), at.to_string());
        if have < self.rec_hdr {
            let h = self.rec_hdr.to_string();
            return (
                explain::text(&["note.pcap.header_short"], &[&frame, &at]),
                explain::text(&["note.pcap.ends_in_header"], &[&frame, &at, &have.to_string(), &h]).then(cut),
            );
        }
        let caplen = (need - self.rec_hdr).to_string();
        let got = (have - self.rec_hdr).to_string();
        (
            explain::text(&["note.pcap.caplen_left"], &[&frame, &at, &caplen, &got]),
            explain::text(&["note.pcap.ends_in_packet"], &[&frame, &at, &caplen, &got]).then(cut),
        )
    }

    /// A record header that could be real: sane lengths and time.
    fn plausible(&self, b: &[u8], near: Option<u32>) -> Option<(u32, usize)> {
        let secs = self.u32_at(b, 0);
        let frac = self.u32_at(b, 4);
        let caplen = self.u32_at(b, 8);
        let orig_len = self.u32_at(b, 12);
        let units = if self.nanos { 1_000_000_000 } else { 1_000_000 };
        let ok = (1..=MAX_PACKET).contains(&caplen)
            && (caplen..=MAX_PACKET).contains(&orig_len)
            && frac < units
            && near.is_none_or(|t| secs.abs_diff(t) <= YEAR);
        ok.then_some((secs, caplen as usize))
    }

    /// After damage: whether a record starts at `buf[0]`. It must make sense,
    /// and so must the record after it (or the file must end with it).
    pub(super) fn candidate(&self, buf: &[u8], eof: bool) -> Candidate {
        let h = self.rec_hdr;
        if buf.len() < h {
            return if eof { Candidate::No } else { Candidate::NeedMore(h) };
        }
        let Some((secs, caplen)) = self.plausible(buf, self.last_secs) else {
            return Candidate::No;
        };
        let end = h + caplen;
        if buf.len() < end + h {
            return match (eof, buf.len() >= end) {
                (true, true) => Candidate::Yes,
                (true, false) => Candidate::No,
                (false, _) => Candidate::NeedMore(end + h),
            };
        }
        match self.plausible(&buf[end..], Some(secs)) {
            Some(_) => Candidate::Yes,
            None => Candidate::No,
        }
    }
}
