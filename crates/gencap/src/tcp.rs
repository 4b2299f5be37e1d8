//! One TCP connection as a capture at the server sees it: the handshake,
//! each side's writes cut into MSS-sized segments, delayed ACKs, the
//! teardown, and the impairments (a segment the capture missed, two
//! segments swapped, a segment sent again after a timeout).

use rand::Rng;
use std::collections::VecDeque;
use std::ops::Range;

/// Payload bytes per full segment: an MSS of 1460 less the 12 bytes of the
/// timestamp option, as Linux sends on Ethernet.
pub const MSS: usize = 1448;

pub const FIN: u8 = 0x01;
pub const SYN: u8 = 0x02;
pub const PSH: u8 = 0x08;
pub const ACK: u8 = 0x10;

/// Which side sent a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Client = 0,
    Server = 1,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        }
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// How often things go wrong, as the chance per eligible data segment (one
/// wholly inside a message body, away from headers and boundaries).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Impairments {
    /// The capture misses the segment (the receiver got it: its ACK covers it).
    pub loss: f64,
    /// The segment and the next one are captured in the opposite order.
    pub reorder: f64,
    /// The segment is sent again after a retransmission timeout.
    pub retransmit: f64,
}

impl Default for Impairments {
    fn default() -> Self {
        Impairments { loss: 0.006, reorder: 0.006, retransmit: 0.004 }
    }
}

/// One captured segment, before its headers are written.
#[derive(Clone, Debug)]
pub struct Segment {
    /// Capture time, microseconds since the Unix epoch.
    pub time: u64,
    pub side: Side,
    pub flags: u8,
    pub seq: u32,
    pub ack: u32,
    /// TCP timestamp option values.
    pub tsval: u32,
    pub tsecr: u32,
    pub payload: Vec<u8>,
}

/// What the impairments did to a connection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Damage {
    pub lost_segments: u32,
    pub lost_bytes: u64,
    pub reordered: u32,
    pub retransmitted: u32,
}

/// A range of a write where impairments may fall, and which message (an
/// index the caller chose) its bytes belong to.
pub type Eligible = (Range<usize>, usize);

pub struct Conn {
    /// Next sequence number each side sends.
    next: [u32; 2],
    /// Each side's timestamp clock offset (ms).
    ts_base: [u32; 2],
    last_tsval: [u32; 2],
    /// The connection's clock, microseconds since the Unix epoch.
    pub time: u64,
    /// Round-trip time from the capture point to the client and back.
    rtt: u64,
    pub segments: VecDeque<Segment>,
    pub damage: Damage,
    /// Bytes lost per message index (see [`Eligible`]).
    pub lost_per_message: Vec<(usize, u64)>,
}

impl Conn {
    pub fn new(rng: &mut impl Rng, time: u64) -> Conn {
        Conn {
            next: [rng.gen(), rng.gen()],
            ts_base: [rng.gen(), rng.gen()],
            last_tsval: [0, 0],
            time,
            rtt: rng.gen_range(300..30_000),
            segments: VecDeque::new(),
            damage: Damage::default(),
            lost_per_message: Vec::new(),
        }
    }

    fn push(&mut self, side: Side, flags: u8, seq: u32, payload: Vec<u8>) {
        let i = side.index();
        let tsval = self.ts_base[i].wrapping_add((self.time / 1000) as u32);
        self.last_tsval[i] = tsval;
        let ack = if flags & ACK != 0 { self.next[side.other().index()] } else { 0 };
        let tsecr = self.last_tsval[side.other().index()];
        self.segments.push_back(Segment { time: self.time, side, flags, seq, ack, tsval, tsecr, payload });
    }

    /// SYN, SYN-ACK, ACK.
    pub fn handshake(&mut self, rng: &mut impl Rng) {
        let (c, s) = (Side::Client.index(), Side::Server.index());
        self.push(Side::Client, SYN, self.next[c], Vec::new());
        self.next[c] = self.next[c].wrapping_add(1);
        self.time += rng.gen_range(20..80);
        self.push(Side::Server, SYN | ACK, self.next[s], Vec::new());
        self.next[s] = self.next[s].wrapping_add(1);
        self.time += self.rtt;
        self.push(Side::Client, ACK, self.next[c], Vec::new());
    }

    /// One write by `side`: its segments, with the other side's ACKs (one
    /// per two segments, as delayed ACK does, and one at the end unless the
    /// receiver's next write carries it). `eligible` are the ranges where
    /// impairments may strike.
    pub fn write(&mut self, rng: &mut impl Rng, side: Side, data: &[u8], eligible: &[Eligible], receiver_answers: bool, imp: &Impairments) {
        // The writer's think time: a server answers quickly; a client's
        // next command comes after the round trip and its own pause.
        self.time += match side {
            Side::Server => rng.gen_range(60..2_500),
            Side::Client => self.rtt + rng.gen_range(100..15_000),
        };
        let base = self.next[side.index()];
        let cuts: Vec<Range<usize>> = (0..data.len()).step_by(MSS).map(|s| s..(s + MSS).min(data.len())).collect();
        let n = cuts.len();
        let inside = |i: usize| -> Option<usize> {
            let r = cuts.get(i)?;
            eligible.iter().find(|(e, _)| e.start <= r.start && r.end <= e.end).map(|(_, m)| *m)
        };
        let seg = |conn: &mut Conn, i: usize| {
            let r = cuts[i].clone();
            let flags = if i + 1 == n { ACK | PSH } else { ACK };
            conn.push(side, flags, base.wrapping_add(r.start as u32), data[r].to_vec());
        };
        let mut unacked = 0;
        let mut i = 0;
        let mut calm = false; // no two impairments in a row
        while i < n {
            self.time += rng.gen_range(8..40);
            let here = inside(i);
            let next_too = inside(i + 1).is_some();
            let step;
            if let (Some(msg), false) = (here, calm) {
                let roll: f64 = rng.gen();
                if roll < imp.loss {
                    // Never captured: the time passes, the receiver gets it.
                    let len = cuts[i].len() as u64;
                    self.damage.lost_segments += 1;
                    self.damage.lost_bytes += len;
                    self.lost_per_message.push((msg, len));
                    step = 1;
                } else if roll < imp.loss + imp.reorder && next_too {
                    seg(self, i + 1);
                    self.time += rng.gen_range(2..20);
                    seg(self, i);
                    self.damage.reordered += 1;
                    step = 2;
                } else if roll < imp.loss + imp.reorder + imp.retransmit && next_too {
                    seg(self, i);
                    self.time += rng.gen_range(8..40);
                    seg(self, i + 1);
                    // The ACK went missing: the sender times out (RTO, 200 ms at least).
                    self.time += 200_000 + 2 * self.rtt + rng.gen_range(0..20_000);
                    seg(self, i);
                    self.damage.retransmitted += 1;
                    step = 2;
                } else {
                    seg(self, i);
                    step = 1;
                }
                calm = step == 2 || roll < imp.loss;
            } else {
                seg(self, i);
                step = 1;
                calm = false;
            }
            i += step;
            unacked += step;
            if unacked >= 2 && i < n {
                self.time += rng.gen_range(5..40);
                let acked = base.wrapping_add(cuts[i - 1].end as u32);
                self.ack_up_to(side.other(), acked);
                unacked = 0;
            }
        }
        self.next[side.index()] = base.wrapping_add(data.len() as u32);
        if unacked > 0 && !receiver_answers {
            self.time += rng.gen_range(20..200);
            let s = side.other().index();
            self.push(side.other(), ACK, self.next[s], Vec::new());
        }
    }

    /// A pure ACK from `side` acknowledging up to `acked` of the other side.
    fn ack_up_to(&mut self, side: Side, acked: u32) {
        let o = side.other().index();
        let keep = self.next[o];
        self.next[o] = acked;
        let s = side.index();
        self.push(side, ACK, self.next[s], Vec::new());
        self.next[o] = keep;
    }

    /// FIN from `first`, FIN from the other, the last ACK.
    pub fn close(&mut self, rng: &mut impl Rng, first: Side) {
        let (f, o) = (first.index(), first.other().index());
        self.time += rng.gen_range(50..2_000);
        self.push(first, FIN | ACK, self.next[f], Vec::new());
        self.next[f] = self.next[f].wrapping_add(1);
        self.time += if first == Side::Server { self.rtt } else { rng.gen_range(30..300) };
        self.push(first.other(), FIN | ACK, self.next[o], Vec::new());
        self.next[o] = self.next[o].wrapping_add(1);
        self.time += if first == Side::Server { rng.gen_range(20..100) } else { self.rtt };
        self.push(first, ACK, self.next[f], Vec::new());
    }
}
