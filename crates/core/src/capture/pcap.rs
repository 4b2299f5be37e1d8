//! Classic pcap: a 24-byte file header, then 16-byte record headers each
//! followed by the packet. Parsing of the headers is pcap-parser's; this module
//! adds the checks that keep a damaged length from stalling the reader.

use super::{Format, Step, MAX_PACKET};
use crate::model::Timestamp;
use pcap_parser::pcap::{parse_pcap_frame, parse_pcap_frame_be, parse_pcap_header};

#[derive(Debug)]
pub struct PcapState {
    big_endian: bool,
    nanos: bool,
    link_type: u32,
    pending_warning: Option<String>,
}

/// Recognises a pcap file header.
pub(super) fn detect(buf: &[u8]) -> Option<Step> {
    let magic = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
    if !matches!(magic, 0xa1b2_c3d4 | 0xd4c3_b2a1 | 0xa1b2_3c4d | 0x4d3c_b2a1) {
        return None;
    }
    if buf.len() < 24 {
        return Some(Step::NeedMore);
    }
    let header = match parse_pcap_header(buf) {
        Ok((_, h)) => h,
        Err(e) => return Some(Step::Stop(format!("the pcap file header cannot be read: {e:?}"))),
    };
    let state = PcapState {
        big_endian: header.is_bigendian(),
        nanos: header.is_nanosecond_precision(),
        link_type: header.network.0 as u32,
        // Not fatal: records carry their own lengths. Reported, then read on.
        pending_warning: (header.snaplen == 0).then(|| {
            "the pcap file header gives a snapshot length of 0, which no capture tool writes; the packets are read with the lengths their records give".to_string()
        }),
    };
    Some(Step::Detected(Format::Pcap(state), 24))
}

impl PcapState {
    fn u32_at(&self, buf: &[u8], at: usize) -> u32 {
        let b = [buf[at], buf[at + 1], buf[at + 2], buf[at + 3]];
        if self.big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        }
    }

    /// Length of the record at the start of `buf`, when its header is there.
    pub(super) fn record_len(&self, buf: &[u8]) -> Option<usize> {
        (buf.len() >= 16).then(|| 16 + self.u32_at(buf, 8) as usize)
    }

    pub(super) fn next(&mut self, buf: &[u8], offset: u64, frame: u32) -> Step {
        if let Some(w) = self.pending_warning.take() {
            return Step::Warn(w, 0);
        }
        if buf.len() < 16 {
            return Step::NeedMore;
        }
        let caplen = self.u32_at(buf, 8);
        if caplen > MAX_PACKET {
            return Step::Stop(format!(
                "packet {frame} (record at byte {offset}) says it holds {caplen} bytes, more than the {MAX_PACKET} any capture tool writes: the file is damaged from here; the {} frames before it were read",
                frame - 1
            ));
        }
        if buf.len() < 16 + caplen as usize {
            return Step::NeedMore;
        }
        let parsed = if self.big_endian { parse_pcap_frame_be(buf) } else { parse_pcap_frame(buf) };
        let block = match parsed {
            Ok((_, b)) => b,
            Err(_) => return Step::NeedMore,
        };
        let nanos = if self.nanos { block.ts_usec } else { block.ts_usec.saturating_mul(1000) };
        let ts = Timestamp { secs: block.ts_sec as i64 + (nanos / 1_000_000_000) as i64, nanos: nanos % 1_000_000_000 };
        Step::Frame {
            len: 16 + caplen as usize,
            ts,
            link_type: self.link_type,
            orig_len: block.origlen.max(caplen),
            data: (16, 16 + caplen as usize),
            comment: None,
        }
    }
}
