//! TCP's timing for one conversation: round-trip times (from the handshake
//! and from acknowledgements), each side's receive window over time, and the
//! sequence number of each segment over time (Wireshark's Stevens graph) with
//! the TCP events a student should see (retransmissions, segments out of
//! order or not captured, zero and full windows) as marks linked to their
//! frames; and a reading of it all in a sentence or two ([`Timing::reading`],
//! catalogue keys `timing.*`).
//!
//! Made from the conversation's per-segment samples (`Stream::segments`, see
//! `crate::tcp::Sample`) and the frame index; a small serialisable view-model.

use crate::explain::{self, Explain};
use crate::model::{Analysis, Dir, Item, TcpKind};
use serde::{Deserialize, Serialize};

/// Most points a plot keeps (segments; window changes): beyond, every k-th is kept.
pub const MAX_POINTS: usize = 20_000;

/// A segment on the Stevens graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub frame: u32,
    /// Nanoseconds since frame 1.
    pub at_ns: u64,
    /// Sent by the client.
    pub client: bool,
    /// Relative sequence number of its first byte.
    pub seq: u32,
    /// Payload bytes on the wire.
    pub len: u32,
}

/// A round-trip time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rtt {
    /// The frame that closed the round trip (the acknowledgement, or the handshake's ACK).
    pub frame: u32,
    /// The frame it times from (the data acknowledged, or the SYN).
    pub from_frame: u32,
    pub at_ns: u64,
    pub rtt_ns: u64,
    /// Whose data was acknowledged (the handshake's: the client's SYN).
    pub client: bool,
    /// SYN to the ACK that completes the handshake (Wireshark's `tcp.analysis.initial_rtt`).
    pub handshake: bool,
}

/// A side's advertised receive window, from this frame on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub frame: u32,
    pub at_ns: u64,
    /// Whose receive window (the side that sent the frame).
    pub client: bool,
    /// In bytes, scaled (RFC 7323).
    pub bytes: u32,
}

/// A TCP event drawn as a mark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub frame: u32,
    pub at_ns: u64,
    /// Sent by the client.
    pub client: bool,
    /// The event, as the JSON Lines name it ("retransmission", "zero_window").
    pub event: String,
    pub seq: u32,
    /// For a retransmission: nanoseconds since the first copy of its bytes.
    pub after_ns: Option<u64>,
}

/// The timing view of one conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timing {
    pub stream: u32,
    /// The conversation's first and last packet, in nanoseconds since frame 1.
    pub start_ns: u64,
    pub end_ns: u64,
    /// Segments that carried data, a SYN or a FIN.
    pub segments: Vec<Segment>,
    pub rtt: Vec<Rtt>,
    /// Each side's window where it changed (and its first value).
    pub windows: Vec<Window>,
    pub marks: Vec<Mark>,
    /// Segments (and window changes) left out to keep [`MAX_POINTS`]: 1 when none.
    pub thinned: u32,
}

/// The events drawn as marks.
fn marked(k: TcpKind) -> bool {
    matches!(
        k,
        TcpKind::Retransmission
            | TcpKind::FastRetransmission
            | TcpKind::OutOfOrder
            | TcpKind::LostSegment
            | TcpKind::AckedUnseen
            | TcpKind::DuplicateAck
            | TcpKind::ZeroWindow
            | TcpKind::WindowFull
            | TcpKind::KeepAlive
    )
}

/// The timing of conversation `stream`, or `None` when there is no such conversation.
pub fn timing(a: &Analysis, stream: u32) -> Option<Timing> {
    let s = a.streams.get(stream as usize)?;
    let first = a.frames.first_ns().unwrap_or(0);
    let rel = |ns: i64| ns.saturating_sub(first).max(0) as u64;
    let at = |frame: u32| a.frames.get(frame).map_or(0, |r| rel(r.ns));
    let resent: std::collections::HashSet<u32> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Tcp(t) if matches!(t.event, TcpKind::Retransmission | TcpKind::FastRetransmission) => Some(t.frame),
            _ => None,
        })
        .collect();

    let mut segments = Vec::new();
    let mut windows: Vec<Window> = Vec::new();
    let mut rtt = Vec::new();
    let mut last_win: [Option<u32>; 2] = [None, None];
    // Per side: data not yet acknowledged (end sequence number, time, frame, sent again).
    let mut outstanding: [Vec<(u32, u64, u32, bool)>; 2] = [Vec::new(), Vec::new()];
    let (mut start_ns, mut end_ns) = (u64::MAX, 0);
    for sample in &s.segments {
        let Some(row) = a.frames.get(sample.frame) else { continue };
        let t = rel(row.ns);
        (start_ns, end_ns) = (start_ns.min(t), end_ns.max(t));
        let dir = row.dir().unwrap_or(Dir::Client);
        let client = dir == Dir::Client;
        let (syn, fin, ack) = (row.tcp_flags & 0x02 != 0, row.tcp_flags & 0x01 != 0, row.tcp_flags & 0x10 != 0);
        if row.payload > 0 || syn || fin {
            segments.push(Segment { frame: sample.frame, at_ns: t, client, seq: sample.seq, len: row.payload });
        }
        if ack && last_win[dir.index()] != Some(sample.window) {
            last_win[dir.index()] = Some(sample.window);
            windows.push(Window { frame: sample.frame, at_ns: t, client, bytes: sample.window });
        }
        // The peer's data this acknowledges: the segment with the highest end
        // it acknowledges gives the sample, unless bytes there were sent twice
        // (Karn's rule, RFC 6298 §3: which copy was acknowledged cannot be known).
        if ack {
            let peer = &mut outstanding[dir.other().index()];
            let acked = |end: u32| (sample.ack.wrapping_sub(end) as i32) >= 0;
            let newest = peer.iter().filter(|o| acked(o.0)).max_by_key(|o| o.0.wrapping_sub(sample.ack) as i32).copied();
            if let Some((_, sent, from, twice)) = newest {
                if !twice {
                    rtt.push(Rtt {
                        frame: sample.frame,
                        from_frame: from,
                        at_ns: t,
                        rtt_ns: t.saturating_sub(sent),
                        client: !client,
                        handshake: false,
                    });
                }
            }
            peer.retain(|o| !acked(o.0));
        }
        // SYN and FIN take a sequence number each (RFC 9293 §3.4) and are acknowledged as data is.
        let span = row.payload + u32::from(syn) + u32::from(fin);
        if span > 0 {
            let end = sample.seq.wrapping_add(span);
            let mine = &mut outstanding[dir.index()];
            if resent.contains(&sample.frame) {
                for o in mine.iter_mut().filter(|o| (o.0.wrapping_sub(sample.seq) as i32) > 0) {
                    o.3 = true;
                }
            } else if mine.len() < 4096 {
                mine.push((end, t, sample.frame, false));
            }
        }
    }
    if start_ns == u64::MAX {
        start_ns = 0;
    }
    // The handshake's round trip, as Wireshark's initial RTT: SYN to the ACK that completes it.
    let frame_of = |k: TcpKind| {
        s.items.iter().find_map(|i| match i {
            Item::Tcp(t) if t.event == k => Some(t.frame),
            _ => None,
        })
    };
    if let (Some(syn), Some(ack)) = (frame_of(TcpKind::Syn), frame_of(TcpKind::Ack)) {
        let (t0, t1) = (at(syn), at(ack));
        rtt.insert(0, Rtt { frame: ack, from_frame: syn, at_ns: t1, rtt_ns: t1.saturating_sub(t0), client: true, handshake: true });
    }
    let marks = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Tcp(t) if marked(t.event) => Some(t),
            _ => None,
        })
        .map(|t| {
            let when = at(t.frame);
            let client = t.dir == Dir::Client;
            let after_ns = matches!(t.event, TcpKind::Retransmission | TcpKind::FastRetransmission)
                .then(|| {
                    segments
                        .iter()
                        .find(|g| g.client == client && g.frame < t.frame && g.len > 0 && t.seq.wrapping_sub(g.seq) < g.len)
                        .map(|g| when.saturating_sub(g.at_ns))
                })
                .flatten();
            Mark { frame: t.frame, at_ns: when, client, event: t.event.name().into(), seq: t.seq, after_ns }
        })
        .collect();
    let thinned = segments.len().max(windows.len()).div_ceil(MAX_POINTS).max(1);
    if thinned > 1 {
        segments = segments.into_iter().step_by(thinned).collect();
        windows = windows.into_iter().step_by(thinned).collect();
    }
    Some(Timing { stream, start_ns, end_ns, segments, rtt, windows, marks, thinned: thinned as u32 })
}

/// The entry of `key` for a count of `n`: `key.one` when `n` is 1 (the
/// catalogue's singular: English's "1 segment", "once"; Turkish and Chinese
/// give the same words as for many, having no plural), else `key`.
fn counted(key: &str, n: usize, args: &[&str]) -> Explain {
    let one = format!("{key}.one");
    if n == 1 {
        explain::text(&[&one, key], args)
    } else {
        explain::text(&[key], args)
    }
}

fn ms(ns: u64) -> String {
    let v = ns as f64 / 1e6;
    if v >= 10.0 {
        format!("{v:.0}")
    } else if v >= 0.1 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

impl Timing {
    fn count(&self, events: &[&str]) -> usize {
        self.marks.iter().filter(|m| events.contains(&m.event.as_str())).count()
    }
    /// The median round trip, in nanoseconds.
    pub fn median_rtt_ns(&self) -> Option<u64> {
        let mut v: Vec<u64> = self.rtt.iter().map(|r| r.rtt_ns).collect();
        v.sort_unstable();
        v.get(v.len() / 2).copied()
    }
    /// What the plots say, for the student: catalogue keys `timing.*` with
    /// their figures, rendered with [`explain::render`].
    pub fn reading(&self) -> Explain {
        let mut parts = Vec::new();
        match self.median_rtt_ns() {
            Some(m) => {
                let max = self.rtt.iter().map(|r| r.rtt_ns).max().unwrap_or(m);
                parts.push(counted("timing.rtt", self.rtt.len(), &[&ms(m), &ms(max), &self.rtt.len().to_string()]));
            }
            None => parts.push(explain::text(&["timing.rtt.none"], &[])),
        }
        let zero = self.count(&["zero_window"]);
        let full = self.count(&["window_full"]);
        if zero == 0 && full == 0 {
            parts.push(explain::text(&["timing.window.fine"], &[]));
        }
        if zero > 0 {
            parts.push(counted("timing.window.zero", zero, &[&zero.to_string()]));
        }
        if full > 0 {
            parts.push(counted("timing.window.full", full, &[&full.to_string()]));
        }
        let resent = self.count(&["retransmission", "fast_retransmission"]);
        let late = self.count(&["out_of_order"]);
        let lost = self.count(&["lost_segment", "acked_unseen"]);
        if resent == 0 && late == 0 && lost == 0 {
            parts.push(explain::text(&["timing.clean"], &[]));
        }
        if resent > 0 {
            let longest = self.marks.iter().filter_map(|m| m.after_ns).max();
            match longest {
                Some(ns) => parts.push(counted("timing.retransmissions", resent, &[&resent.to_string(), &ms(ns)])),
                None => parts.push(counted("timing.retransmissions.unmatched", resent, &[&resent.to_string()])),
            }
        }
        if late > 0 {
            parts.push(counted("timing.out_of_order", late, &[&late.to_string()]));
        }
        if lost > 0 {
            parts.push(counted("timing.not_captured", lost, &[&lost.to_string()]));
        }
        explain::join_all(parts)
    }
    /// As CSV, one row per point: `kind,frame,time_s,side,value,detail`
    /// (segment: sequence number and length; rtt: milliseconds; window: bytes; mark: the event).
    pub fn csv(&self) -> String {
        let mut out = String::from("kind,frame,time_s,side,value,detail\n");
        let s = |ns: u64| format!("{:.6}", ns as f64 / 1e9);
        let side = |c: bool| if c { "client" } else { "server" };
        for g in &self.segments {
            out.push_str(&format!("segment,{},{},{},{},{}\n", g.frame, s(g.at_ns), side(g.client), g.seq, g.len));
        }
        for r in &self.rtt {
            let what = if r.handshake { "handshake".to_string() } else { format!("acks frame {}", r.from_frame) };
            out.push_str(&format!("rtt,{},{},{},{:.3},{what}\n", r.frame, s(r.at_ns), side(r.client), r.rtt_ns as f64 / 1e6));
        }
        for w in &self.windows {
            out.push_str(&format!("window,{},{},{},{},\n", w.frame, s(w.at_ns), side(w.client), w.bytes));
        }
        for m in &self.marks {
            out.push_str(&format!("mark,{},{},{},{},{}\n", m.frame, s(m.at_ns), side(m.client), m.seq, m.event));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::counted;
    use crate::explain::{render, Context, Locale};

    fn say(key: &str, n: usize, locale: Locale) -> String {
        render(&counted(key, n, &[&n.to_string(), "12.5"]), &Context::default(), locale)
    }

    /// "1 segments" and "1 times" were read to students: a count takes its
    /// entry's singular for 1 and the plural for 0 and 2 (RFC 6298 §5 and
    /// RFC 9293 §3.10.7.4 decide the facts; this is only their grammar).
    #[test]
    fn counts_take_their_number() {
        assert!(say("timing.out_of_order", 0, Locale::En).starts_with("0 segments arrived"));
        assert!(say("timing.out_of_order", 1, Locale::En).starts_with("1 segment arrived"));
        assert!(say("timing.out_of_order", 2, Locale::En).starts_with("2 segments arrived"));
        assert!(say("timing.retransmissions", 1, Locale::En).starts_with("1 segment appeared a second time, 12.5 ms after"));
        assert!(say("timing.retransmissions", 2, Locale::En).starts_with("2 segments appeared a second time, the longest 12.5 ms"));
        assert!(say("timing.retransmissions.unmatched", 1, Locale::En).starts_with("1 segment repeated"));
        assert!(say("timing.window.zero", 0, Locale::En).contains("as zero 0 times"));
        assert!(say("timing.window.zero", 1, Locale::En).contains("as zero once"));
        assert!(say("timing.window.zero", 2, Locale::En).contains("as zero 2 times"));
        assert!(say("timing.window.full", 1, Locale::En).contains("offered once"));
        assert!(say("timing.not_captured", 1, Locale::En).starts_with("The capture is missing bytes that came before one segment"));
        assert!(say("timing.not_captured", 2, Locale::En).starts_with("2 times the capture"));
        let rtt = |n: usize| render(&counted("timing.rtt", n, &["3", "5", &n.to_string()]), &Context::default(), Locale::En);
        assert!(rtt(1).contains("took 3 ms, in the one measurement"), "{}", rtt(1));
        assert!(rtt(2).contains("over 2 measurements"), "{}", rtt(2));
        for (key, n) in [("timing.out_of_order", 0), ("timing.out_of_order", 1), ("timing.out_of_order", 2), ("timing.window.zero", 1)] {
            let en = say(key, n, Locale::En);
            assert!(!en.contains(" 1 segments") && !en.contains(" 1 times") && !en.starts_with("1 segments"), "{en}");
            // Turkish and Chinese have a text of their own for every count.
            for lc in [Locale::Tr, Locale::Zh] {
                let t = say(key, n, lc);
                assert!(!t.is_empty() && t != en, "{key} {n} {lc:?}: {t}");
            }
        }
        assert!(say("timing.out_of_order", 2, Locale::Tr).starts_with("2 kesim"));
        assert!(say("timing.window.zero", 1, Locale::Tr).contains("bir kez"));
        assert!(say("timing.out_of_order", 1, Locale::Zh).contains("有 1 个报文段"));
    }
}
