//! The timeline of conversations: each conversation as a bar from its first
//! to its last packet on the capture's time axis (nanoseconds since frame 1,
//! as Wireshark's Time column), with marks where TLS started, credentials
//! crossed, a message began, and where it ended by FIN or RST.
//!
//! A small serialisable view-model ([`Timeline`]) for the app and the CLI's CSV.

use crate::model::{Analysis, Item, Stream, TcpKind};
use serde::{Deserialize, Serialize};

/// What a mark on a bar shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkKind {
    /// The conversation is encrypted from here (STARTTLS, STLS, implicit TLS).
    Tls,
    /// A username and password (or what stands for them) crossed here.
    Credential,
    /// A message began to cross here.
    Message,
    /// A side closed its half with FIN.
    Fin,
    /// A side aborted the connection with RST.
    Rst,
}

impl MarkKind {
    pub fn name(self) -> &'static str {
        match self {
            MarkKind::Tls => "tls",
            MarkKind::Credential => "credential",
            MarkKind::Message => "message",
            MarkKind::Fin => "fin",
            MarkKind::Rst => "rst",
        }
    }
}

/// A mark on a bar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub kind: MarkKind,
    pub frame: u32,
    /// Nanoseconds since frame 1.
    pub at_ns: u64,
}

/// One conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub stream: u32,
    /// The protocol's name in the JSON Lines ("smtp", "tls", "unknown").
    pub protocol: String,
    pub client: String,
    pub server: String,
    /// Its earliest and latest packet, in nanoseconds since frame 1.
    pub start_ns: u64,
    pub end_ns: u64,
    pub first_frame: u32,
    pub last_frame: u32,
    pub packets: u32,
    /// Frame bytes on the wire, both sides.
    pub bytes: u64,
    pub marks: Vec<Mark>,
}

impl Bar {
    /// How it ended: "rst", "fin", or "open" (the capture saw neither).
    pub fn ended(&self) -> &'static str {
        if self.marks.iter().any(|m| m.kind == MarkKind::Rst) {
            "rst"
        } else if self.marks.iter().any(|m| m.kind == MarkKind::Fin) {
            "fin"
        } else {
            "open"
        }
    }
}

/// Every conversation of a capture.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// Nanoseconds from frame 1 to the latest frame.
    pub span_ns: u64,
    /// One per conversation, in `tcp.stream` order.
    pub bars: Vec<Bar>,
}

/// The timeline of `a`.
pub fn timeline(a: &Analysis) -> Timeline {
    timeline_with(a, marks)
}

/// The timeline of `a` with each conversation's [`marks`] from `marks_of`
/// (for a reader that kept the marks and let the items go: only `a`'s frame
/// index and its streams' numbers, endpoints and counts are read).
pub fn timeline_with(a: &Analysis, marks_of: impl Fn(&Stream) -> Vec<(MarkKind, u32)>) -> Timeline {
    let first = a.frames.first_ns().unwrap_or(0);
    let rel = |ns: i64| ns.saturating_sub(first).max(0) as u64;
    let at = |frame: u32| a.frames.get(frame).map_or(0, |r| rel(r.ns));
    // Each conversation's earliest and latest time, in one pass over the frames.
    let mut spans = vec![(u64::MAX, 0u64); a.streams.len()];
    let mut span_ns = 0;
    for (_, r) in a.frames.iter() {
        let t = rel(r.ns);
        span_ns = span_ns.max(t);
        if let Some(s) = r.tcp_stream().and_then(|s| spans.get_mut(s as usize)) {
            *s = (s.0.min(t), s.1.max(t));
        }
    }
    let bars = a
        .streams
        .iter()
        .map(|s| {
            let (start, end) = spans.get(s.stream as usize).copied().filter(|x| x.0 != u64::MAX).unwrap_or((0, 0));
            Bar {
                stream: s.stream,
                protocol: s.protocol.name().into(),
                client: s.client.to_string(),
                server: s.server.to_string(),
                start_ns: start,
                end_ns: end,
                first_frame: s.first_frame,
                last_frame: s.last_frame,
                packets: s.packets,
                bytes: s.client_bytes + s.server_bytes,
                marks: marks_of(s).into_iter().map(|(kind, frame)| Mark { kind, frame, at_ns: at(frame) }).collect(),
            }
        })
        .collect();
    Timeline { span_ns, bars }
}

/// The marks of a conversation: where TLS started, each credential, each
/// message's first frame, the first FIN of each side and every RST.
pub fn marks(s: &Stream) -> Vec<(MarkKind, u32)> {
    let mut out: Vec<(MarkKind, u32)> = s.tls_from_frame.map(|f| (MarkKind::Tls, f)).into_iter().collect();
    let mut fin = [false; 2];
    for i in &s.items {
        match i {
            Item::Credential(c) => out.push((MarkKind::Credential, c.frame)),
            Item::Message(m) => out.push((MarkKind::Message, m.first_frame)),
            Item::Tcp(t) if t.event == TcpKind::Fin && !fin[t.dir.index()] => {
                fin[t.dir.index()] = true;
                out.push((MarkKind::Fin, t.frame));
            }
            Item::Tcp(t) if t.event == TcpKind::Rst => out.push((MarkKind::Rst, t.frame)),
            _ => {}
        }
    }
    out.sort_by_key(|m| m.1);
    out
}

impl Timeline {
    /// As CSV, one row per conversation.
    pub fn csv(&self) -> String {
        let mut out = String::from(
            "stream,protocol,client,server,start_s,end_s,first_frame,last_frame,packets,bytes,tls_s,credentials,messages,ended\n",
        );
        let s = |ns: u64| format!("{:.6}", ns as f64 / 1e9);
        for b in &self.bars {
            let tls = b.marks.iter().find(|m| m.kind == MarkKind::Tls).map(|m| s(m.at_ns)).unwrap_or_default();
            let count = |k| b.marks.iter().filter(|m| m.kind == k).count();
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                b.stream,
                b.protocol,
                b.client,
                b.server,
                s(b.start_ns),
                s(b.end_ns),
                b.first_frame,
                b.last_frame,
                b.packets,
                b.bytes,
                tls,
                count(MarkKind::Credential),
                count(MarkKind::Message),
                b.ended()
            ));
        }
        out
    }
}
