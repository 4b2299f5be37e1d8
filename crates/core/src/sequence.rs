//! The packet-level sequence diagram of one conversation: one arrow per TCP
//! segment between the client's and the server's lifelines, time running
//! down, each labelled with its flags and payload length and, where it
//! carries one, the command or reply; marks for retransmissions,
//! out-of-order segments, gaps and resets; brackets for the handshake, the
//! TLS part and the teardown. (The dialogue's phases are `phases.rs`.)
//!
//! Made from the frame index ([`crate::frames`]: one row per frame, with its
//! side, payload length and flags) and the conversation's items.

use crate::frames::FrameRow;
use crate::model::{Analysis, Item, LineKind, Stream, TcpKind, TlsKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The diagram, or the window of it asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sequence {
    pub stream: u32,
    pub client: String,
    pub server: String,
    /// Segments in the whole conversation (the arrows are a window of them).
    pub total: u32,
    /// Index of the first arrow among all the conversation's segments.
    pub first: u32,
    /// Seconds from the conversation's first frame to its last.
    pub duration: f64,
    pub arrows: Vec<Arrow>,
    pub brackets: Vec<Bracket>,
}

/// One TCP segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Arrow {
    pub frame: u32,
    /// Sent by the client (else by the server).
    pub from_client: bool,
    /// Seconds since the conversation's first frame.
    pub time: f64,
    /// TCP payload bytes.
    pub payload: u32,
    /// The flags as Wireshark writes them: "SYN", "SYN, ACK", "FIN, ACK", "ACK".
    pub flags: String,
    /// The command, reply or TLS record the segment carries the start of, as sent (cut to [`LABEL_CHARS`]).
    pub label: Option<String>,
    /// Lines that start in this segment besides the one in the label.
    pub more_lines: u32,
    /// The stream's line number (`Line.number`) of the first line that starts here.
    pub line: Option<u32>,
    /// Read from TLS records decrypted with a key log.
    pub decrypted: bool,
    pub marks: Vec<Mark>,
}

/// What is wrong or special about a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Retransmission,
    OutOfOrder,
    /// Bytes before this segment are missing from the capture.
    Gap,
    Rst,
    DuplicateAck,
    ZeroWindow,
    WindowFull,
    KeepAlive,
    AckedUnseen,
}

impl Mark {
    /// The name the app's classes and tests use ("out_of_order").
    pub fn name(self) -> &'static str {
        match self {
            Mark::Retransmission => "retransmission",
            Mark::OutOfOrder => "out_of_order",
            Mark::Gap => "gap",
            Mark::Rst => "rst",
            Mark::DuplicateAck => "duplicate_ack",
            Mark::ZeroWindow => "zero_window",
            Mark::WindowFull => "window_full",
            Mark::KeepAlive => "keep_alive",
            Mark::AckedUnseen => "acked_unseen",
        }
    }
    fn of(k: TcpKind) -> Option<Mark> {
        Some(match k {
            TcpKind::Retransmission | TcpKind::FastRetransmission => Mark::Retransmission,
            TcpKind::OutOfOrder => Mark::OutOfOrder,
            TcpKind::LostSegment => Mark::Gap,
            TcpKind::Rst => Mark::Rst,
            TcpKind::DuplicateAck => Mark::DuplicateAck,
            TcpKind::ZeroWindow => Mark::ZeroWindow,
            TcpKind::WindowFull => Mark::WindowFull,
            TcpKind::KeepAlive => Mark::KeepAlive,
            TcpKind::AckedUnseen => Mark::AckedUnseen,
            TcpKind::Syn | TcpKind::SynAck | TcpKind::Ack | TcpKind::Fin => return None,
        })
    }
}

/// A part of the conversation the diagram brackets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BracketKind {
    Handshake,
    Tls,
    Teardown,
}

impl BracketKind {
    /// The catalogue key of its name.
    pub fn key(self) -> &'static str {
        match self {
            BracketKind::Handshake => "sequence.bracket.handshake",
            BracketKind::Tls => "sequence.bracket.tls",
            BracketKind::Teardown => "sequence.bracket.teardown",
        }
    }
}

/// Frames `first..=last` of the conversation are one part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bracket {
    pub kind: BracketKind,
    pub first_frame: u32,
    pub last_frame: u32,
}

/// Characters of a command or reply shown on an arrow.
pub const LABEL_CHARS: usize = 48;

/// The flags of a frame index row, as Wireshark lists them.
pub fn flags_text(flags: u8) -> String {
    let names: Vec<&str> =
        [(0x02, "SYN"), (0x01, "FIN"), (0x04, "RST"), (0x10, "ACK")].iter().filter(|(b, _)| flags & b != 0).map(|(_, n)| *n).collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

fn cut(s: &str) -> String {
    if s.chars().count() <= LABEL_CHARS {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(LABEL_CHARS - 1).collect();
        t.push('…');
        t
    }
}

/// What a frame carried, from the conversation's items.
#[derive(Default)]
struct Carried {
    label: Option<String>,
    /// The label is a line (not a TLS record): a line wins over a record.
    label_is_line: bool,
    more_lines: u32,
    line: Option<u32>,
    decrypted: bool,
    marks: Vec<Mark>,
}

fn carried(stream: &Stream) -> HashMap<u32, Carried> {
    let mut by_frame: HashMap<u32, Carried> = HashMap::new();
    for item in &stream.items {
        match item {
            Item::Line(l) => {
                let c = by_frame.entry(l.frame).or_default();
                if c.label_is_line {
                    c.more_lines += 1;
                    continue;
                }
                let shown = match l.kind {
                    LineKind::Sasl => l.text.clone(),
                    // The item that counts a message's lines past its first ones.
                    _ if l.elided.is_some() => "…".to_string(),
                    _ if l.text.is_empty() => "(empty line)".to_string(),
                    _ => l.text.clone(),
                };
                c.label = Some(cut(&shown));
                c.label_is_line = true;
                c.line = Some(l.number);
                c.decrypted = l.decrypted;
            }
            Item::Tls(t) => {
                let c = by_frame.entry(t.frame).or_default();
                if c.label.is_none() && t.kind != TlsKind::NotDecrypted {
                    c.label = Some(format!("TLS {}", t.kind.name().replace('_', " ")));
                }
            }
            Item::Tcp(t) => {
                if let Some(m) = Mark::of(t.event) {
                    let c = by_frame.entry(t.frame).or_default();
                    if !c.marks.contains(&m) {
                        c.marks.push(m);
                    }
                }
            }
            Item::Gap(g) => {
                let c = by_frame.entry(g.frame).or_default();
                if !c.marks.contains(&Mark::Gap) {
                    c.marks.push(Mark::Gap);
                }
            }
            Item::Credential(_) | Item::Message(_) => {}
        }
    }
    by_frame
}

fn brackets(stream: &Stream, rows: &[(u32, FrameRow)]) -> Vec<Bracket> {
    let mut out = Vec::new();
    let Some(&(last, _)) = rows.last() else { return out };
    let open: Vec<u32> = stream
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Tcp(t) if matches!(t.event, TcpKind::Syn | TcpKind::SynAck | TcpKind::Ack) => Some(t.frame),
            _ => None,
        })
        .collect();
    if let (Some(a), Some(b)) = (open.iter().min(), open.iter().max()) {
        out.push(Bracket { kind: BracketKind::Handshake, first_frame: *a, last_frame: *b });
    }
    let close = rows.iter().find(|(_, r)| r.tcp_flags & 0x05 != 0).map(|(n, _)| *n);
    if let Some(f) = stream.tls_from_frame {
        // TLS lasts until the teardown begins, or to the end.
        let end = close.map_or(last, |c| rows.iter().rev().find(|(n, _)| *n < c).map_or(last, |(n, _)| *n).max(f));
        out.push(Bracket { kind: BracketKind::Tls, first_frame: f, last_frame: end });
    }
    if let Some(c) = close {
        out.push(Bracket { kind: BracketKind::Teardown, first_frame: c, last_frame: last });
    }
    out
}

/// The diagram of conversation `stream`: arrows `first..first + max` of its
/// segments (a conversation of a million segments is drawn a window at a time).
pub fn sequence(analysis: &Analysis, stream: u32, first: usize, max: usize) -> Option<Sequence> {
    let s = analysis.streams.iter().find(|s| s.stream == stream)?;
    let rows: Vec<(u32, FrameRow)> = analysis.frames.of_stream(stream).collect();
    let start = rows.first().map_or(0, |(_, r)| r.ns);
    let end = rows.last().map_or(0, |(_, r)| r.ns);
    let mut by_frame = carried(s);
    let arrows = rows
        .iter()
        .skip(first)
        .take(max)
        .map(|(n, r)| {
            let c = by_frame.remove(n).unwrap_or_default();
            Arrow {
                frame: *n,
                from_client: r.dir() == Some(crate::model::Dir::Client),
                time: r.ns.saturating_sub(start) as f64 / 1e9,
                payload: r.payload,
                flags: flags_text(r.tcp_flags),
                label: c.label,
                more_lines: c.more_lines,
                line: c.line,
                decrypted: c.decrypted,
                marks: c.marks,
            }
        })
        .collect();
    Some(Sequence {
        stream,
        client: s.client.to_string(),
        server: s.server.to_string(),
        total: rows.len() as u32,
        first: first.min(rows.len()) as u32,
        duration: end.saturating_sub(start) as f64 / 1e9,
        arrows,
        brackets: brackets(s, &rows),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_named_as_wireshark_names_them() {
        assert_eq!(flags_text(0x02), "SYN");
        assert_eq!(flags_text(0x12), "SYN, ACK");
        assert_eq!(flags_text(0x11), "FIN, ACK");
        assert_eq!(flags_text(0x14), "RST, ACK");
        assert_eq!(flags_text(0x10), "ACK");
        assert_eq!(flags_text(0), "none");
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        let long = "x".repeat(100);
        assert_eq!(cut(&long).chars().count(), LABEL_CHARS);
        assert!(cut(&long).ends_with('…'));
        assert_eq!(cut("EHLO a"), "EHLO a");
    }
}
