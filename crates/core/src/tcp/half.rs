//! One direction of a TCP conversation: sequence tracking and reassembly.
//!
//! Offsets are kept as 64-bit counts of bytes since the first byte of the
//! direction (`rel`), so a long stream never wraps; sequence numbers from the
//! wire are turned into offsets relative to the next expected byte.

use super::{TcpEventKind, TcpOut};
use crate::model::{Dir, Timestamp};
use crate::net::TcpSegment;
use std::collections::BTreeMap;

/// Most bytes one direction may hold while waiting for a hole to fill.
const MAX_PENDING: usize = 8 * 1024 * 1024;

#[derive(Debug)]
struct Pending {
    data: Vec<u8>,
    frame: u32,
    /// Where `data` starts in the frame's TCP payload.
    at: u32,
    /// Bytes of the segment the snaplen cut off.
    missing_tail: u32,
}

#[derive(Debug, Default)]
pub(super) struct Half {
    isn: Option<u32>,
    /// Sequence number shown as relative 0.
    base: Option<u32>,
    next_abs: u32,
    next_rel: u64,
    /// One past the highest byte offset seen (Wireshark's `nextseq`).
    highest_end: u64,
    /// When `highest_end` last moved.
    highest_time: Timestamp,
    /// Whether any segment of this direction was seen.
    seen: bool,
    /// Highest offset the peer acknowledged.
    acked_max: u64,
    fin_rel: Option<u64>,
    /// The FIN was passed: its sequence number is behind `next_abs`.
    pub(super) fin_done: bool,
    pending: BTreeMap<u64, Pending>,
    pending_bytes: usize,
    pub delivered: u64,
    pub window_scale: Option<u8>,
    last_ack: Option<u32>,
    last_win: u16,
    /// The highest acknowledgement already flagged as acknowledging unseen bytes.
    unseen_acked: Option<u32>,
    dup_count: u32,
}

fn ts_ns(t: Timestamp) -> i128 {
    t.secs as i128 * 1_000_000_000 + t.nanos as i128
}

/// `a` comes after `b` in sequence space.
fn seq_gt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) > 0
}

impl Half {
    pub fn isn(&self) -> Option<u32> {
        self.isn
    }

    /// The sequence number shown as relative 0.
    pub fn base(&self) -> Option<u32> {
        self.base
    }

    pub fn has_base(&self) -> bool {
        self.base.is_some()
    }

    pub fn on_syn(&mut self, seq: u32) {
        if self.isn != Some(seq) {
            *self = Half { window_scale: self.window_scale, ..Half::default() };
            self.isn = Some(seq);
            self.base = Some(seq);
            self.next_abs = seq.wrapping_add(1);
        }
    }

    /// Wireshark's relative sequence number.
    pub fn relative(&self, seq: u32) -> u32 {
        match self.base {
            Some(b) => seq.wrapping_sub(b),
            None => seq,
        }
    }

    fn rel_of(&self, seq: u32) -> i64 {
        self.next_rel as i64 + (seq.wrapping_sub(self.next_abs) as i32) as i64
    }

    /// The multiplier for this side's advertised window (RFC 7323): only when
    /// both SYNs carried the option.
    fn scale(&self, other: &Half) -> u32 {
        match (self.window_scale, other.window_scale) {
            (Some(s), Some(_)) => 1u32 << s.min(14),
            _ => 1,
        }
    }

    /// The sequence number one past what this side said it can receive.
    pub fn window_end(&self, other: &Half) -> Option<u32> {
        let ack = self.last_ack?;
        Some(ack.wrapping_add(self.last_win as u32 * self.scale(other)))
    }

    /// A pure ACK that repeats the previous one (Wireshark's rule: no data,
    /// same non-zero window, sequence number at the next expected byte, same
    /// acknowledgement number).
    pub fn dup_ack(&mut self, seq: u32, ack: u32, win: u16) -> Option<u32> {
        let at_next = self.base.is_none() || seq == self.highest_abs();
        if win != 0 && self.last_ack == Some(ack) && self.last_win == win && at_next {
            self.dup_count += 1;
            Some(self.dup_count)
        } else {
            if self.last_ack != Some(ack) {
                self.dup_count = 0;
            }
            None
        }
    }

    /// Duplicate ACKs sent in a row, for fast-retransmission detection.
    pub fn dup_acks(&self) -> u32 {
        self.dup_count
    }

    pub fn last_ack(&self) -> Option<u32> {
        self.last_ack
    }

    /// The sequence number one past the highest byte seen.
    fn highest_abs(&self) -> u32 {
        self.next_abs.wrapping_add((self.highest_end.saturating_sub(self.next_rel)) as u32)
    }

    /// The peer acknowledged a byte this direction never sent in the capture.
    /// Flagged once per acknowledgement number, as Wireshark does.
    pub fn acked_unseen(&mut self, ack: u32) -> bool {
        if !self.seen {
            return false;
        }
        let fin = u32::from(self.fin_rel.is_some_and(|f| f <= self.highest_end) || self.fin_done);
        let mut limit = self.highest_abs().wrapping_add(fin);
        if let Some(a) = self.unseen_acked {
            if seq_gt(a, limit) {
                limit = a;
            }
        }
        if seq_gt(ack, limit) {
            self.unseen_acked = Some(ack);
            return true;
        }
        false
    }

    pub fn note_ack(&mut self, ack: u32, win: u16) {
        self.last_ack = Some(ack);
        self.last_win = win;
    }

    /// Takes the data (and FIN) of one segment.
    /// Takes the data (and FIN) of one segment. `peer` is the other
    /// direction, `ooo_ns` the out-of-order time threshold (the handshake's
    /// round-trip time, or 3 ms), both as Wireshark's analysis uses them.
    #[allow(clippy::too_many_arguments)] // the segment and the context Wireshark's rules need
    pub fn data(&mut self, dir: Dir, frame: u32, ts: Timestamp, seg: &TcpSegment<'_>, peer: &Half, ooo_ns: i128, out: &mut Vec<TcpOut>) {
        self.seen = true;
        if self.base.is_none() {
            // No SYN seen: the first byte seen is offset 0.
            self.base = Some(seg.seq.wrapping_sub(1));
            self.next_abs = seg.seq;
        }
        let wire_len = seg.wire_len as u64;
        // Seq and ack as Wireshark shows them: the ack relative to the peer's first sequence number.
        let rel_ack = if seg.ack_flag { peer.relative(seg.ack) } else { 0 };
        let ev = |kind, this: &Half| TcpOut::Event { dir, frame, kind, rel_seq: this.relative(seg.seq), rel_ack };
        if wire_len <= 1 && !seg.fin && seg.seq == self.next_abs.wrapping_sub(1) && self.next_rel > 0 {
            out.push(ev(TcpEventKind::KeepAlive, self));
            return;
        }
        let raw = self.rel_of(seg.seq);
        let raw_end = raw + wire_len as i64;
        if wire_len > 0 {
            let highest = self.highest_end as i64;
            if raw < highest {
                // Does not advance the sequence: Wireshark's three cases.
                let since = ts_ns(ts) - ts_ns(self.highest_time);
                let kind = if peer.dup_acks() >= 2 && peer.last_ack() == Some(seg.seq) {
                    TcpEventKind::FastRetransmission { bytes: seg.wire_len }
                } else if since < ooo_ns && highest != raw_end && self.fills_hole(raw, raw_end.min(highest)) {
                    // Wireshark's time rule, and one more: some of its bytes
                    // were missing (a segment whose every byte was already
                    // received fills nothing and is a second copy).
                    TcpEventKind::OutOfOrder { bytes: seg.wire_len }
                } else if raw_end > highest {
                    // Some bytes seen before, the rest new: both counts, not "all sent already".
                    TcpEventKind::PartlyNew { repeated: (highest - raw) as u32, new: (raw_end - highest) as u32 }
                } else {
                    TcpEventKind::Retransmission { bytes: seg.wire_len }
                };
                out.push(ev(kind, self));
            } else if raw > highest && self.highest_end > 0 {
                let missing = (raw - highest) as u64;
                out.push(ev(TcpEventKind::PreviousSegmentNotCaptured { missing }, self));
            }
        }
        if raw_end <= 0 && wire_len > 0 {
            // Every byte is older than the first one kept.
            return;
        }
        let (rel, skip) = if raw < 0 { (0u64, (-raw) as usize) } else { (raw as u64, 0) };
        let end = raw_end.max(0) as u64;
        if seg.fin {
            self.fin_rel = Some(end);
            self.fin_check();
        }
        if wire_len > 0
            && (end <= self.next_rel || self.pending.get(&rel).is_some_and(|p| p.data.len() as u64 + p.missing_tail as u64 >= end - rel))
        {
            // Every byte was seen already: nothing to deliver.
            self.note_highest(end, ts);
            return;
        }
        self.note_highest(end, ts);
        if wire_len == 0 {
            self.drain(dir, out);
            return;
        }
        let captured = seg.payload.get(skip.min(seg.payload.len())..).unwrap_or(&[]);
        let missing_tail = (wire_len as usize - skip).saturating_sub(captured.len()) as u32;
        let start = rel.max(self.next_rel);
        let trim = (start - rel) as usize;
        if trim >= captured.len() + missing_tail as usize {
            return;
        }
        let at = (skip + trim).min(u32::MAX as usize) as u32;
        let (captured, missing_tail) = if trim <= captured.len() {
            (&captured[trim..], missing_tail)
        } else {
            (&[][..], missing_tail - (trim - captured.len()) as u32)
        };
        if start == self.next_rel {
            self.deliver(dir, frame, at, captured, missing_tail, out);
        } else if !self.pending.contains_key(&start) {
            self.pending_bytes += captured.len();
            self.pending.insert(start, Pending { data: captured.to_vec(), frame, at, missing_tail });
        }
        self.drain(dir, out);
        if self.pending_bytes > MAX_PENDING {
            self.flush_one_hole(dir, out);
        }
    }

    /// Whether any byte of `[from, to)` (offsets) is neither delivered nor
    /// waiting in `pending`: the segment fills (part of) a hole.
    fn fills_hole(&self, from: i64, to: i64) -> bool {
        let mut at = from.max(self.next_rel as i64).max(0) as u64;
        let to = to.max(0) as u64;
        for (&start, p) in self.pending.range(..to) {
            let end = start + p.data.len() as u64 + p.missing_tail as u64;
            if end <= at {
                continue;
            }
            if start > at {
                return true;
            }
            at = end;
            if at >= to {
                return false;
            }
        }
        at < to
    }

    /// A segment without data whose sequence number is past every byte seen:
    /// Wireshark flags it "previous segment not captured" too, and moves on.
    pub fn empty_beyond(&mut self, seq: u32, ts: Timestamp) -> Option<u64> {
        if !self.seen || self.highest_end == 0 {
            return None;
        }
        let raw = self.rel_of(seq);
        let highest = self.highest_end as i64;
        if raw > highest {
            self.note_highest(raw as u64, ts);
            return Some((raw - highest) as u64);
        }
        None
    }

    fn note_highest(&mut self, end: u64, ts: Timestamp) {
        if end > self.highest_end {
            self.highest_end = end;
            self.highest_time = ts;
        }
    }

    fn deliver(&mut self, dir: Dir, frame: u32, at: u32, data: &[u8], missing_tail: u32, out: &mut Vec<TcpOut>) {
        if !data.is_empty() {
            out.push(TcpOut::Data { dir, frame, at, bytes: data.to_vec() });
            self.delivered += data.len() as u64;
        }
        if missing_tail > 0 {
            out.push(TcpOut::Gap { dir, frame, bytes: missing_tail as u64, snaplen: true });
        }
        self.advance(data.len() as u64 + missing_tail as u64);
    }

    fn advance(&mut self, n: u64) {
        self.next_rel += n;
        self.next_abs = self.next_abs.wrapping_add(n as u32);
        self.fin_check();
    }

    /// Whether a FIN of this direction has been seen (passed or waiting for a hole to fill).
    pub(super) fn fin_seen(&self) -> bool {
        self.fin_rel.is_some() || self.fin_done
    }

    /// Passes the FIN once every byte before it is in: it takes one sequence number of its own.
    fn fin_check(&mut self) {
        if self.fin_rel == Some(self.next_rel) {
            self.next_abs = self.next_abs.wrapping_add(1);
            self.fin_rel = None;
            self.fin_done = true;
        }
    }

    /// Delivers waiting segments that now follow on.
    fn drain(&mut self, dir: Dir, out: &mut Vec<TcpOut>) {
        while let Some(entry) = self.pending.first_entry() {
            let at = *entry.key();
            if at > self.next_rel {
                break;
            }
            let p = entry.remove();
            self.pending_bytes -= p.data.len();
            let total = p.data.len() as u64 + p.missing_tail as u64;
            let trim = self.next_rel - at;
            if trim >= total {
                continue;
            }
            let trim = trim as usize;
            if trim <= p.data.len() {
                self.deliver(dir, p.frame, p.at.saturating_add(trim as u32), &p.data[trim..], p.missing_tail, out);
            } else {
                self.deliver(dir, p.frame, p.at, &[], p.missing_tail - (trim - p.data.len()) as u32, out);
            }
        }
    }

    /// Turns the first hole into a gap and delivers what follows it.
    fn flush_one_hole(&mut self, dir: Dir, out: &mut Vec<TcpOut>) {
        if let Some((&at, p)) = self.pending.iter().next() {
            if at > self.next_rel {
                let frame = p.frame;
                out.push(TcpOut::Gap { dir, frame, bytes: at - self.next_rel, snaplen: false });
                self.advance(at - self.next_rel);
            }
        }
        self.drain(dir, out);
    }

    /// The peer acknowledged up to `ack`: a hole it covers will never be filled.
    pub fn acked_up_to(&mut self, dir: Dir, _frame: u32, ack: u32, out: &mut Vec<TcpOut>) {
        if self.base.is_none() {
            return;
        }
        let rel = self.rel_of(ack);
        if rel <= self.next_rel as i64 || rel - self.next_rel as i64 > (1 << 30) {
            return;
        }
        self.acked_max = self.acked_max.max(rel as u64);
        while let Some((&at, _)) = self.pending.iter().next() {
            if at > self.next_rel && self.acked_max >= at {
                self.flush_one_hole(dir, out);
            } else {
                break;
            }
        }
    }

    /// End of capture: every hole becomes a gap, every waiting byte is delivered.
    pub fn flush(&mut self, dir: Dir, out: &mut Vec<TcpOut>) {
        while !self.pending.is_empty() {
            self.flush_one_hole(dir, out);
        }
        let fin_adjust = u64::from(self.fin_rel.is_some_and(|f| f < self.acked_max));
        let acked = self.acked_max.saturating_sub(fin_adjust);
        if acked > self.next_rel && self.fin_rel.is_none_or(|f| f > self.next_rel) {
            // Acknowledged by the peer but never seen: lost from the capture at its end.
            let end = self.fin_rel.map_or(acked, |f| f.min(acked));
            if end > self.next_rel {
                out.push(TcpOut::Gap { dir, frame: 0, bytes: end - self.next_rel, snaplen: false });
                self.advance(end - self.next_rel);
            }
        }
    }
}
