//! TCP conversations: numbering as Wireshark's `tcp.stream`, and reassembly
//! of each direction in sequence order.
//!
//! Every segment goes through [`TcpTable::segment`], which answers with
//! [`TcpOut`] events: bytes delivered in order, gaps where bytes are known to be
//! missing from the capture, and the TCP events a student should see
//! (handshake, teardown, retransmission, loss, window problems).
//!
//! Rules, as Wireshark's analysis has them:
//! - bytes are delivered once, in sequence order; a retransmission or overlap
//!   is counted but not delivered again;
//! - a segment beyond the next expected byte waits; the hole before it becomes
//!   a gap when the receiver acknowledges past it (so the bytes reached the peer
//!   but not the capture), when the half closes, or at the end of the capture;
//! - a new SYN on a closed conversation with a new initial sequence number
//!   starts a new stream (port reuse).

mod half;
mod samples;

use crate::model::{Dir, Timestamp};
use crate::net::{TcpOptions, TcpSegment};
use half::Half;
pub use samples::Sample;
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

/// Most conversations handed out whose addresses are still remembered, so
/// that a late segment of one (a last ACK, a retransmitted FIN) is known as
/// such rather than taken for a new conversation. Beyond, the oldest are
/// forgotten (about 80 bytes each).
const MAX_RETIRED: usize = 65_536;

/// What happened at the TCP level in one segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TcpEventKind {
    Syn {
        options: TcpOptions,
    },
    SynAck {
        options: TcpOptions,
    },
    /// The third packet of the handshake.
    HandshakeAck,
    /// A FIN; `answers` when the other side's FIN was seen before it (the
    /// second FIN of the close, RFC 9293 §3.6).
    Fin {
        answers: bool,
    },
    Rst,
    Retransmission {
        bytes: u32,
    },
    /// A segment that repeats bytes already seen and carries new ones after them.
    PartlyNew {
        repeated: u32,
        new: u32,
    },
    /// A retransmission after the receiver sent duplicate ACKs for it.
    FastRetransmission {
        bytes: u32,
    },
    /// The peer acknowledged bytes this capture never showed.
    AckedUnseen,
    OutOfOrder {
        bytes: u32,
    },
    /// The segment starts after the next expected byte: the capture missed something before it.
    PreviousSegmentNotCaptured {
        missing: u64,
    },
    DuplicateAck {
        count: u32,
    },
    ZeroWindow,
    WindowFull,
    KeepAlive,
}

/// One result of processing a segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TcpOut {
    /// Bytes delivered in order; `frame` carried them, from byte `at` of its TCP payload.
    Data {
        dir: Dir,
        frame: u32,
        at: u32,
        bytes: Vec<u8>,
    },
    /// `bytes` bytes are missing before the data that `frame` resumes with;
    /// `snaplen` when they are the end of that frame, cut by the capture tool.
    Gap {
        dir: Dir,
        frame: u32,
        bytes: u64,
        snaplen: bool,
    },
    Event {
        dir: Dir,
        frame: u32,
        kind: TcpEventKind,
        rel_seq: u32,
        rel_ack: u32,
    },
}

/// One TCP conversation.
#[derive(Debug)]
pub struct Conn {
    pub index: u32,
    pub client: (IpAddr, u16),
    pub server: (IpAddr, u16),
    pub first_frame: u32,
    pub last_frame: u32,
    pub packets: u32,
    /// The earliest and the latest time of its packets (times can go backwards in a capture).
    pub times: (Timestamp, Timestamp),
    /// Frame bytes by direction (client, server).
    pub frame_bytes: [u64; 2],
    /// Payload bytes delivered once, by direction.
    pub payload_bytes: [u64; 2],
    halves: [Half; 2],
    closed: bool,
    /// An RST was seen.
    reset: bool,
    handshake_acked: bool,
    syn_ack_seen: bool,
    /// When the client's SYN was seen, and the handshake's round-trip time.
    syn_time: Option<Timestamp>,
    first_rtt_ns: Option<i128>,
    /// One [`Sample`] per segment, for the timing plots.
    pub samples: Vec<Sample>,
}

impl Conn {
    /// The numbers that show its segments as Wireshark does.
    pub fn basis(&self) -> crate::model::TcpBasis {
        crate::model::TcpBasis {
            base: [self.halves[0].base(), self.halves[1].base()],
            window_shift: [self.halves[0].window_scale, self.halves[1].window_scale],
        }
    }

    pub fn dir_of(&self, seg: &TcpSegment<'_>) -> Dir {
        if (seg.src, seg.src_port) == self.client {
            Dir::Client
        } else {
            Dir::Server
        }
    }
}

type Key = ((IpAddr, u16), (IpAddr, u16));

fn key(seg: &TcpSegment<'_>) -> Key {
    let a = (seg.src, seg.src_port);
    let b = (seg.dst, seg.dst_port);
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// Where a pair of endpoints leads.
#[derive(Clone, Copy, Debug)]
enum Slot {
    /// A conversation being read.
    Open(usize),
    /// A conversation handed out (retired), with its client's initial
    /// sequence number (a SYN with another one starts a new conversation).
    Retired(usize, Option<u32>),
}

/// All conversations of a capture: those still being read, by their stream
/// number; those already handed out ([`TcpTable::retire`]) only remembered
/// by their addresses, so that their late segments are counted, not read.
#[derive(Debug)]
pub struct TcpTable {
    by_key: HashMap<Key, Slot>,
    conns: HashMap<usize, Conn>,
    /// Streams numbered so far.
    count: usize,
    /// Retired conversations whose addresses are remembered, oldest first.
    retired: VecDeque<(Key, usize)>,
    /// Segments of retired conversations, and the frame of the first.
    pub late: u32,
    pub first_late: Option<u32>,
    /// Whether a port is a server's (from the protocol table): without a SYN,
    /// the side that sends to it is the client.
    server_port: fn(u16) -> bool,
}

impl Default for TcpTable {
    fn default() -> Self {
        TcpTable::new(|_| false)
    }
}

impl TcpTable {
    /// A table that takes the side sending to a port where `server_port` holds for the client, when it sees no SYN.
    pub fn new(server_port: fn(u16) -> bool) -> Self {
        TcpTable {
            by_key: HashMap::new(),
            conns: HashMap::new(),
            count: 0,
            retired: VecDeque::new(),
            late: 0,
            first_late: None,
            server_port,
        }
    }

    /// Numbers the next new conversation `n` (and those after it from there):
    /// for a conversation analysed again alone, with the number it has in
    /// the whole capture.
    pub fn number_from(&mut self, n: usize) {
        self.count = n;
    }

    /// Conversation `idx`, while it is being read (not retired).
    pub fn conn(&self, idx: usize) -> Option<&Conn> {
        self.conns.get(&idx)
    }

    /// Streams numbered so far (Wireshark's `tcp.stream` of the next one).
    pub fn count(&self) -> usize {
        self.count
    }

    /// The numbers of the conversations being read, in no order.
    pub fn open(&self) -> impl Iterator<Item = usize> + '_ {
        self.conns.keys().copied()
    }

    /// Conversations being read.
    pub fn open_count(&self) -> usize {
        self.conns.len()
    }

    /// Whether nothing more can come of conversation `idx`: reset, or both
    /// sides' FINs passed (every byte before each FIN is in). Segments may
    /// still come (the last ACK, a retransmission).
    pub fn done(&self, idx: usize) -> bool {
        self.conns.get(&idx).is_some_and(|c| c.reset || c.halves.iter().all(|h| h.fin_done))
    }

    /// Hands conversation `idx` out: its state is dropped; its addresses
    /// are remembered for a while, so that a late segment of it is counted
    /// in [`TcpTable::late`], not taken for a new conversation. Call
    /// [`TcpTable::finish`] first.
    pub fn retire(&mut self, idx: usize) -> Option<Conn> {
        let c = self.conns.remove(&idx)?;
        let k = if c.client <= c.server { (c.client, c.server) } else { (c.server, c.client) };
        if matches!(self.by_key.get(&k), Some(Slot::Open(i)) if *i == idx) {
            self.by_key.insert(k, Slot::Retired(idx, c.halves[Dir::Client.index()].isn()));
            self.retired.push_back((k, idx));
            if self.retired.len() > MAX_RETIRED {
                if let Some((old, i)) = self.retired.pop_front() {
                    if matches!(self.by_key.get(&old), Some(Slot::Retired(j, _)) if *j == i) {
                        self.by_key.remove(&old);
                    }
                }
            }
        }
        Some(c)
    }

    /// Processes one segment of frame `frame` (of `frame_len` bytes on the
    /// wire); returns the stream index and pushes what happened to `out`.
    pub fn segment(&mut self, frame: u32, ts: Timestamp, frame_len: u32, seg: &TcpSegment<'_>, out: &mut Vec<TcpOut>) -> usize {
        let k = key(seg);
        let idx = match self.by_key.get(&k) {
            Some(&Slot::Open(i)) if !self.is_reuse(i, seg) => i,
            // A late segment of a conversation already handed out: counted only.
            Some(&Slot::Retired(i, isn)) if !(seg.syn && !seg.ack_flag && isn != Some(seg.seq)) => {
                self.late += 1;
                self.first_late.get_or_insert(frame);
                return i;
            }
            _ => {
                let i = self.count;
                self.count += 1;
                self.conns.insert(i, new_conn(i as u32, frame, ts, seg, self.server_port));
                self.by_key.insert(k, Slot::Open(i));
                i
            }
        };
        let Some(conn) = self.conns.get_mut(&idx) else { return idx };
        let dir = conn.dir_of(seg);
        conn.packets += 1;
        conn.last_frame = frame;
        conn.times = (conn.times.0.min(ts), conn.times.1.max(ts));
        conn.frame_bytes[dir.index()] += frame_len as u64;

        let (this, peer) = split(&mut conn.halves, dir);

        if seg.syn && this.isn() == Some(seg.seq) {
            // The same SYN (or SYN-ACK) again: its first copy got no answer in time.
            out.push(event(dir, frame, TcpEventKind::Retransmission { bytes: 0 }, this, peer, seg));
        } else if seg.syn && !seg.ack_flag {
            conn.syn_time = Some(ts);
            this.on_syn(seg.seq);
            out.push(event(dir, frame, TcpEventKind::Syn { options: seg.options.clone() }, this, peer, seg));
        } else if seg.syn && seg.ack_flag {
            this.on_syn(seg.seq);
            conn.syn_ack_seen = true;
            out.push(event(dir, frame, TcpEventKind::SynAck { options: seg.options.clone() }, this, peer, seg));
        } else if seg.ack_flag && conn.syn_ack_seen && !conn.handshake_acked && dir == Dir::Client {
            conn.handshake_acked = true;
            if let Some(t) = conn.syn_time {
                conn.first_rtt_ns = Some(ns(ts) - ns(t));
            }
            out.push(event(dir, frame, TcpEventKind::HandshakeAck, this, peer, seg));
        }
        if seg.syn {
            this.window_scale = seg.options.window_scale;
        }

        // Window and ACK analysis, before the data moves the state on.
        let seglen = seg.wire_len;
        if !seg.syn && !seg.fin && !seg.rst && seg.window == 0 && this.has_base() {
            out.push(event(dir, frame, TcpEventKind::ZeroWindow, this, peer, seg));
        }
        if seglen > 0 && !seg.syn && peer.window_end(this) == Some(seg.seq.wrapping_add(seglen)) {
            out.push(event(dir, frame, TcpEventKind::WindowFull, this, peer, seg));
        }
        if seglen == 0 && !seg.syn && !seg.fin && !seg.rst && seg.ack_flag {
            if let Some(count) = this.dup_ack(seg.seq, seg.ack, seg.window) {
                out.push(event(dir, frame, TcpEventKind::DuplicateAck { count }, this, peer, seg));
            }
        }
        if seg.ack_flag && !seg.syn && peer.acked_unseen(seg.ack) {
            out.push(event(dir, frame, TcpEventKind::AckedUnseen, this, peer, seg));
        }
        if seg.ack_flag {
            this.note_ack(seg.ack, seg.window);
        }

        if seglen == 0 && !seg.syn && !seg.rst && !seg.fin {
            if let Some(missing) = this.empty_beyond(seg.seq, ts) {
                out.push(event(dir, frame, TcpEventKind::PreviousSegmentNotCaptured { missing }, this, peer, seg));
            }
        }
        // The data itself.
        if seglen > 0 || seg.fin {
            let ooo_ns = conn.first_rtt_ns.filter(|&n| n > 0).unwrap_or(3_000_000);
            this.data(dir, frame, ts, seg, peer, ooo_ns, out);
        }
        if seg.fin {
            let answers = peer.fin_seen();
            out.push(event(dir, frame, TcpEventKind::Fin { answers }, this, peer, seg));
            conn.closed = true;
        }
        if seg.rst {
            out.push(event(dir, frame, TcpEventKind::Rst, this, peer, seg));
            conn.closed = true;
            conn.reset = true;
        }
        // The peer acknowledged bytes we never saw: they are missing from the capture.
        if seg.ack_flag {
            peer.acked_up_to(dir.other(), frame, seg.ack, out);
        }
        let (this, peer) = split(&mut conn.halves, dir);
        conn.samples.push(Sample::of(frame, seg, this, peer));
        let (c, s) = (&conn.halves[0], &conn.halves[1]);
        conn.payload_bytes = [c.delivered, s.delivered];
        idx
    }

    /// Ends the capture: whatever still waits becomes gaps and data.
    pub fn finish(&mut self, idx: usize, out: &mut Vec<TcpOut>) {
        let Some(conn) = self.conns.get_mut(&idx) else { return };
        for dir in [Dir::Client, Dir::Server] {
            conn.halves[dir.index()].flush(dir, out);
        }
        conn.payload_bytes = [conn.halves[0].delivered, conn.halves[1].delivered];
    }

    fn is_reuse(&self, i: usize, seg: &TcpSegment<'_>) -> bool {
        let Some(c) = self.conns.get(&i) else { return true };
        seg.syn && !seg.ack_flag && c.closed && c.halves[Dir::Client.index()].isn() != Some(seg.seq)
    }
}

fn ns(t: Timestamp) -> i128 {
    t.secs as i128 * 1_000_000_000 + t.nanos as i128
}

fn split(h: &mut [Half; 2], dir: Dir) -> (&mut Half, &mut Half) {
    let (a, b) = h.split_at_mut(1);
    match dir {
        Dir::Client => (&mut a[0], &mut b[0]),
        Dir::Server => (&mut b[0], &mut a[0]),
    }
}

fn event(dir: Dir, frame: u32, kind: TcpEventKind, this: &Half, peer: &Half, seg: &TcpSegment<'_>) -> TcpOut {
    TcpOut::Event { dir, frame, kind, rel_seq: this.relative(seg.seq), rel_ack: if seg.ack_flag { peer.relative(seg.ack) } else { 0 } }
}

fn new_conn(index: u32, frame: u32, ts: Timestamp, seg: &TcpSegment<'_>, well_known: fn(u16) -> bool) -> Conn {
    let sender = (seg.src, seg.src_port);
    let receiver = (seg.dst, seg.dst_port);
    let sender_is_client = if seg.syn {
        !seg.ack_flag
    } else {
        if well_known(seg.dst_port) != well_known(seg.src_port) {
            well_known(seg.dst_port)
        } else {
            seg.dst_port <= seg.src_port
        }
    };
    let (client, server) = if sender_is_client { (sender, receiver) } else { (receiver, sender) };
    Conn {
        index,
        client,
        server,
        first_frame: frame,
        last_frame: frame,
        packets: 0,
        times: (ts, ts),
        frame_bytes: [0; 2],
        payload_bytes: [0; 2],
        halves: [Half::default(), Half::default()],
        closed: false,
        reset: false,
        handshake_acked: false,
        syn_ack_seen: false,
        syn_time: None,
        first_rtt_ns: None,
        samples: Vec::new(),
    }
}
