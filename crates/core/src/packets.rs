//! The packet list as Wireshark shows it, and the ways back to Wireshark:
//! a row per frame (No., Time, Source, Destination, Protocol, Length,
//! Info), the frames each line was carried by ([`Carried`]), the display
//! filter that finds a line, a packet or a conversation, and a conversation
//! as "Follow TCP Stream" text.
//!
//! A row is built from the frame index ([`crate::frames`]) and the frame's
//! bytes, read again by the caller at [`FrameRow::offset`]: the capture is
//! not held, and a list that shows a thousand of a million rows builds a
//! thousand.

use crate::dissect::{self, flag_names, Parsed, TcpOption};
use crate::frames::FrameRow;
use crate::model::{Analysis, Dir, Item, Line, LineKind, Protocol, Span, Stream, TcpEvent, TcpKind};

/// One row of the packet list, in Wireshark's columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub number: u32,
    /// Seconds since the first frame, six decimals (Wireshark's default Time column).
    pub time: String,
    pub source: String,
    pub destination: String,
    pub protocol: String,
    /// Bytes on the wire.
    pub length: u32,
    pub info: String,
}

/// Where each frame's lines and TCP events are in an analysis, so a row or
/// a dissection finds them without a scan: one entry per (frame, item).
#[derive(Clone, Debug, Default)]
pub struct Carried {
    /// (frame, stream, item index, span index; `u32::MAX` for a TCP event), sorted.
    entries: Vec<(u32, u32, u32, u32)>,
}

const EVENT: u32 = u32::MAX;

impl Carried {
    pub fn new(a: &Analysis) -> Carried {
        let mut entries = Vec::new();
        for s in &a.streams {
            for (i, item) in s.items.iter().enumerate() {
                match item {
                    Item::Line(l) => {
                        for (k, span) in l.frames.iter().enumerate() {
                            entries.push((span.frame, s.stream, i as u32, k as u32));
                        }
                    }
                    Item::Tcp(t) => entries.push((t.frame, s.stream, i as u32, EVENT)),
                    _ => {}
                }
            }
        }
        entries.sort_unstable();
        entries.dedup();
        Carried { entries }
    }

    fn of(&self, frame: u32) -> &[(u32, u32, u32, u32)] {
        let lo = self.entries.partition_point(|e| e.0 < frame);
        let hi = self.entries.partition_point(|e| e.0 <= frame);
        &self.entries[lo..hi]
    }

    /// The lines frame `frame` carried bytes of, in stream order, each with its span in that frame.
    pub fn lines<'a>(&self, a: &'a Analysis, frame: u32) -> Vec<(&'a Line, Span)> {
        self.of(frame)
            .iter()
            .filter(|e| e.3 != EVENT)
            .filter_map(|&(_, s, i, k)| match a.streams.get(s as usize)?.items.get(i as usize)? {
                Item::Line(l) => Some((l, *l.frames.get(k as usize)?)),
                _ => None,
            })
            .collect()
    }

    /// The TCP events of frame `frame`.
    pub fn events<'a>(&self, a: &'a Analysis, frame: u32) -> Vec<&'a TcpEvent> {
        self.of(frame)
            .iter()
            .filter(|e| e.3 == EVENT)
            .filter_map(|&(_, s, i, _)| match a.streams.get(s as usize)?.items.get(i as usize)? {
                Item::Tcp(t) => Some(t),
                _ => None,
            })
            .collect()
    }
}

/// What a row needs beyond the frame's row and bytes.
pub struct RowContext<'a> {
    /// The capture's first frame's time (ns since the epoch).
    pub first_ns: i64,
    /// Decimals of the Time column ([`crate::frames::Frames::time_digits`]).
    pub time_digits: u8,
    /// The frame's conversation, when it is in one.
    pub stream: Option<&'a Stream>,
    /// The frame's TCP events.
    pub events: &'a [&'a TcpEvent],
    /// The lines it carried bytes of, with their spans in it.
    pub lines: &'a [(&'a Line, Span)],
}

impl<'a> RowContext<'a> {
    /// The context of frame `number` of analysis `a`, its lines and events looked up in `carried`.
    pub fn of(a: &'a Analysis, row: &FrameRow, events: &'a [&'a TcpEvent], lines: &'a [(&'a Line, Span)]) -> RowContext<'a> {
        RowContext {
            first_ns: a.frames.first_ns().unwrap_or(0),
            time_digits: a.frames.time_digits(),
            stream: row.tcp_stream().and_then(|s| a.streams.get(s as usize)),
            events,
            lines,
        }
    }
}

/// Seconds with `digits` decimals (6 or 9), from nanoseconds, rounded to the column's precision.
fn time_column(ns: i64, digits: u8) -> String {
    let sign = if ns < 0 { "-" } else { "" };
    let ns = (ns as i128).abs();
    if digits >= 9 {
        return format!("{sign}{}.{:09}", ns / 1_000_000_000, ns % 1_000_000_000);
    }
    let us = (ns + 500) / 1000;
    format!("{sign}{}.{:06}", us / 1_000_000, us % 1_000_000)
}

/// The packet-list row of frame `number`.
pub fn row(number: u32, f: &FrameRow, bytes: &[u8], cx: &RowContext<'_>) -> Row {
    let p = dissect::parse(f.link_type, bytes);
    let (source, destination) = match &p.ip {
        Some(ip) => (dissect::address(ip.src), dissect::address(ip.dst)),
        None if f.link_type == 1 && bytes.len() >= 14 => (mac(&bytes[6..12]), mac(&bytes[0..6])),
        None => (String::new(), String::new()),
    };
    let (protocol, info) = protocol_and_info(number, f, &p, bytes, cx);
    Row {
        number,
        time: time_column(f.ns.saturating_sub(cx.first_ns), cx.time_digits),
        source,
        destination,
        protocol,
        length: f.original,
        info,
    }
}

fn mac(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().join(":")
}

/// Wireshark's expert-info prefix for a TCP event, as its Info column shows it.
fn event_label(k: TcpKind) -> Option<&'static str> {
    Some(match k {
        TcpKind::Retransmission => "[TCP Retransmission]",
        TcpKind::FastRetransmission => "[TCP Fast Retransmission]",
        TcpKind::OutOfOrder => "[TCP Out-Of-Order]",
        TcpKind::LostSegment => "[TCP Previous segment not captured]",
        TcpKind::AckedUnseen => "[TCP ACKed unseen segment]",
        TcpKind::DuplicateAck => "[TCP Dup ACK]",
        TcpKind::ZeroWindow => "[TCP ZeroWindow]",
        TcpKind::WindowFull => "[TCP Window Full]",
        TcpKind::KeepAlive => "[TCP Keep-Alive]",
        TcpKind::Syn | TcpKind::SynAck | TcpKind::Ack | TcpKind::Fin | TcpKind::Rst => return None,
    })
}

fn protocol_and_info(number: u32, f: &FrameRow, p: &Parsed, bytes: &[u8], cx: &RowContext<'_>) -> (String, String) {
    let Some(t) = &p.tcp else {
        let proto = match &p.ip {
            Some(ip) if ip.later_fragment => "IP fragment".to_string(),
            Some(ip) => match ip.protocol {
                17 => "UDP".into(),
                1 => "ICMP".into(),
                58 => "ICMPv6".into(),
                n => format!("IP protocol {n}"),
            },
            None => crate::net::link::name(f.link_type),
        };
        return (proto, String::new());
    };
    let mut prefix: Vec<&str> = cx.events.iter().filter_map(|e| event_label(e.event)).collect();
    prefix.dedup();
    let prefix = if prefix.is_empty() { String::new() } else { format!("{} ", prefix.join(" ")) };
    // A segment Wireshark does not hand to the protocol again (its bytes were seen already, or came early).
    let resent = cx.events.iter().any(|e| matches!(e.event, TcpKind::Retransmission | TcpKind::FastRetransmission | TcpKind::OutOfOrder));
    let dir = f.dir();
    if f.payload > 0 && !resent {
        if let (Some(stream), Some(dir)) = (cx.stream, dir) {
            if let Some((proto, info)) = mail_info(number, stream, dir, f, cx.lines) {
                return (proto, format!("{prefix}{info}"));
            }
            if stream.tls_from_frame.is_some_and(|from| number >= from) || stream.protocol == Protocol::Tls {
                if let Some(records) = tls_records(bytes.get(t.payload_start..).unwrap_or(&[])) {
                    return ("TLS".into(), format!("{prefix}{records}"));
                }
            }
        }
    }
    let mut info = format!("{prefix}{}", tcp_info(t, f, cx));
    // Bytes of a line that ends in a later segment: Wireshark holds them for the reassembled line.
    let part_of_later = cx.lines.iter().any(|(l, s)| s.bytes.is_some() && l.frames.last().is_some_and(|e| e.frame != number));
    if f.payload > 0 && !resent && part_of_later && cx.stream.is_some_and(|s| s.protocol != Protocol::Pop3) {
        info.push_str(" [TCP segment of a reassembled PDU]");
    }
    ("TCP".into(), info)
}

/// Wireshark's TCP Info: `58226 → 587 [SYN] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=1 TSecr=0 WS=1024`.
fn tcp_info(t: &dissect::Tcp, f: &FrameRow, cx: &RowContext<'_>) -> String {
    let dir = f.dir();
    let basis = cx.stream.map(|s| &s.tcp);
    let rel = |d: Option<Dir>, v: u32| match (basis, d) {
        (Some(b), Some(d)) => b.relative(d, v),
        _ => v,
    };
    let mut s = format!("{} → {} [{}] Seq={}", t.src_port, t.dst_port, flag_names(t.flags), rel(dir, t.seq));
    if t.flags & 0x010 != 0 {
        s.push_str(&format!(" Ack={}", rel(dir.map(Dir::other), t.ack)));
    }
    let win = match (basis, dir) {
        (Some(b), Some(d)) if t.flags & 0x002 == 0 => b.window(d, t.window),
        _ => u64::from(t.window),
    };
    s.push_str(&format!(" Win={win} Len={}", f.payload));
    for o in &t.options {
        match o {
            TcpOption::Mss(m) => s.push_str(&format!(" MSS={m}")),
            TcpOption::WindowScale(w) => s.push_str(&format!(" WS={}", 1u32 << (*w).min(14))),
            TcpOption::SackPermitted => s.push_str(" SACK_PERM"),
            TcpOption::Timestamps(v, e) => s.push_str(&format!(" TSval={v} TSecr={e}")),
            TcpOption::Sack(blocks) => {
                for (l, r) in blocks {
                    let other = dir.map(Dir::other);
                    s.push_str(&format!(" SLE={} SRE={}", rel(other, *l), rel(other, *r)));
                }
            }
            TcpOption::Nop | TcpOption::End | TcpOption::Other(_) => {}
        }
    }
    s
}

/// The Protocol column's name of a mail protocol.
fn column_name(p: Protocol) -> &'static str {
    match p {
        Protocol::Smtp => "SMTP",
        Protocol::Lmtp => "LMTP",
        Protocol::Pop3 => "POP",
        Protocol::Imap => "IMAP",
        Protocol::Tls => "TLS",
        Protocol::Unknown => "TCP",
    }
}

/// The Info of a frame that ended lines of a mail dialogue, as Wireshark
/// words it: SMTP `C: AUTH LOGIN`, several lines joined by ` | `, a segment
/// of message text `C: DATA fragment, 123 bytes`; POP `S: +OK` (its first
/// line); IMAP `Request: A1 LOGIN ...` (its last line).
fn mail_info(number: u32, stream: &Stream, dir: Dir, f: &FrameRow, lines: &[(&Line, Span)]) -> Option<(String, String)> {
    if !matches!(stream.protocol, Protocol::Smtp | Protocol::Lmtp | Protocol::Pop3 | Protocol::Imap) {
        return None;
    }
    let here: Vec<&Line> = lines.iter().filter(|(l, s)| s.bytes.is_some() && l.dir == dir).map(|(l, _)| *l).collect();
    if here.is_empty() {
        return None;
    }
    // Lines whose last byte is in this frame: Wireshark shows a line where it ends.
    let ended: Vec<&Line> = here.iter().copied().filter(|l| l.frames.last().is_some_and(|s| s.frame == number)).collect();
    let proto = column_name(stream.protocol).to_string();
    let cs = if dir == Dir::Client { "C" } else { "S" };
    match stream.protocol {
        Protocol::Smtp | Protocol::Lmtp => {
            if here.iter().all(|l| l.kind == LineKind::Content) {
                return Some((proto, format!("{cs}: DATA fragment, {} bytes", f.payload)));
            }
            if ended.is_empty() {
                return None;
            }
            // A reply's continuation lines show without their code: "250-mail.lab.example | PIPELINING | SIZE 10240000".
            let mut shown = Vec::new();
            let mut continues = false;
            for l in &ended {
                let t = l.text.as_str();
                let code = l.kind == LineKind::Reply && t.len() >= 4 && t.as_bytes()[..3].iter().all(u8::is_ascii_digit);
                shown.push(if continues && code { &t[4..] } else { t });
                continues = code && t.as_bytes()[3] == b'-';
            }
            Some((proto, format!("{cs}: {}", shown.join(" | "))))
        }
        Protocol::Pop3 => ended.first().map(|l| (proto, format!("{cs}: {}", l.text))),
        _ => {
            // The tagged line when there is one (the status of a command), else the first.
            let word = if dir == Dir::Client { "Request" } else { "Response" };
            let tagged = ended.iter().rev().find(|l| !l.text.starts_with("* ") && !l.text.starts_with('+'));
            tagged.or(ended.first()).map(|l| (proto, format!("{word}: {}", l.text)))
        }
    }
}

/// The TLS records that start in a segment's payload, named as Wireshark
/// names them ("Client Hello", "Change Cipher Spec, Application Data").
fn tls_records(mut b: &[u8]) -> Option<String> {
    let mut names: Vec<&str> = Vec::new();
    while b.len() >= 5 && matches!(b[0], 20..=23) && b[1] == 3 {
        let len = u16::from_be_bytes([b[3], b[4]]) as usize;
        names.push(match b[0] {
            20 => "Change Cipher Spec",
            21 => "Alert",
            23 => "Application Data",
            _ => match b.get(5) {
                Some(1) => "Client Hello",
                Some(2) => "Server Hello",
                Some(11) => "Certificate",
                Some(12) => "Server Key Exchange",
                Some(14) => "Server Hello Done",
                Some(16) => "Client Key Exchange",
                Some(4) => "New Session Ticket",
                _ => "Encrypted Handshake Message",
            },
        });
        b = b.get(5 + len..).unwrap_or(&[]);
    }
    (!names.is_empty()).then(|| names.join(", "))
}

/// A display filter and what it finds, in words for the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// What it finds (a catalogue of these words is for the app's locale table).
    pub finds: FilterFinds,
    pub filter: String,
}

/// What a [`Filter`] finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterFinds {
    /// The frame Wireshark shows the line in (where its last byte came).
    ThisLine,
    /// Every frame that carried a byte of the line.
    ItsFrames,
    /// Every command of this verb (or reply with this code) in the capture.
    EveryLikeIt,
    Packet,
    Conversation,
}

/// The display filter for a conversation: `tcp.stream == 1`.
pub fn conversation_filter(stream: u32) -> String {
    format!("tcp.stream == {stream}")
}

/// The display filter for a packet: `frame.number == 34`.
pub fn packet_filter(frame: u32) -> String {
    format!("frame.number == {frame}")
}

/// Wireshark's field for a protocol's commands and for its reply codes
/// (Wireshark has no LMTP dissector, so LMTP has none).
fn verb_field(p: Protocol, kind: LineKind) -> Option<&'static str> {
    Some(match (p, kind) {
        (Protocol::Smtp, LineKind::Command) => "smtp.req.command",
        (Protocol::Smtp, LineKind::Reply) => "smtp.response.code",
        (Protocol::Pop3, LineKind::Command) => "pop.request.command",
        (Protocol::Pop3, LineKind::Reply) => "pop.response.indicator",
        (Protocol::Imap, LineKind::Command) => "imap.request.command",
        _ => return None,
    })
}

/// The display filters that find a line: its frame in its conversation
/// (`tcp.stream == 1 && frame.number == 34`), every frame that carried it
/// when there were several, and every line like it (`smtp.req.command == "AUTH"`).
pub fn line_filters(line: &Line) -> Vec<Filter> {
    let mut out = Vec::new();
    let frames: Vec<u32> = line.frames.iter().map(|s| s.frame).collect();
    let last = frames.last().copied().unwrap_or(line.frame);
    out.push(Filter { finds: FilterFinds::ThisLine, filter: format!("tcp.stream == {} && frame.number == {last}", line.stream) });
    let mut distinct = frames.clone();
    distinct.dedup();
    if distinct.len() > 1 {
        let (lo, hi) = (distinct[0], distinct[distinct.len() - 1]);
        let set = if hi - lo + 1 == distinct.len() as u32 {
            format!("{lo}..{hi}")
        } else {
            distinct.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")
        };
        out.push(Filter { finds: FilterFinds::ItsFrames, filter: format!("tcp.stream == {} && frame.number in {{{set}}}", line.stream) });
    }
    if !line.decrypted {
        if let (Some(field), Some(verb)) = (verb_field(line.protocol, line.kind), wire_verb(line)) {
            let value = if field.ends_with(".code") && verb.bytes().all(|b| b.is_ascii_digit()) {
                verb.to_string()
            } else if verb.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\') {
                format!("\"{verb}\"")
            } else {
                String::new()
            };
            if !value.is_empty() {
                out.push(Filter { finds: FilterFinds::EveryLikeIt, filter: format!("{field} == {value}") });
            }
        }
    }
    out
}

/// The command (or reply code) as the line has it on the wire, as
/// Wireshark's fields hold it (in the case it was sent in): SMTP and POP's
/// first word, IMAP's word after the tag (after UID, the command it
/// qualifies: Wireshark's `imap.request.command` of `A1 UID FETCH` is FETCH).
/// IMAP's DONE, which has no tag, is no request to Wireshark.
fn wire_verb(line: &Line) -> Option<&str> {
    line.verb.as_ref()?;
    let mut words = line.text.split(' ');
    match line.protocol {
        Protocol::Imap => {
            let _tag = words.next()?;
            let w = words.next()?;
            if w.eq_ignore_ascii_case("UID") {
                words.next()
            } else {
                Some(w)
            }
        }
        Protocol::Smtp | Protocol::Pop3 if line.kind == LineKind::Reply && line.protocol == Protocol::Smtp => line.text.get(..3),
        _ => words.next(),
    }
    .filter(|w| !w.is_empty())
}

/// One segment's payload for [`follow`]: its frame, side, relative sequence
/// number, captured payload bytes and payload length on the wire (more than
/// the bytes when the snaplen cut the frame: the sequence moves on by it).
pub struct Segment<'a> {
    pub frame: u32,
    pub dir: Dir,
    pub rel_seq: u32,
    pub payload: &'a [u8],
    pub wire_len: u32,
}

/// One block of Follow TCP Stream: bytes one side sent, as one segment delivered them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub dir: Dir,
    pub frame: u32,
    pub bytes: Vec<u8>,
}

/// The conversation's bytes in the order the receiver reads them, one block
/// per segment that brought new bytes (a retransmission brings none), as
/// Wireshark's Follow TCP Stream shows them. Segments come in capture order.
pub fn follow<'a>(segments: impl IntoIterator<Item = Segment<'a>>) -> Vec<Block> {
    let mut next: [Option<u32>; 2] = [None, None];
    // Per side: (relative sequence, frame, captured bytes, length on the wire) not yet delivered.
    type Waiting = Vec<(u32, u32, Vec<u8>, u32)>;
    let mut waiting: [Waiting; 2] = [Vec::new(), Vec::new()];
    let mut out = Vec::new();
    for s in segments {
        let len = s.wire_len.max(s.payload.len() as u32);
        if len == 0 {
            continue;
        }
        let d = s.dir.index();
        let mut n = *next[d].get_or_insert(s.rel_seq);
        waiting[d].push((s.rel_seq, s.frame, s.payload.to_vec(), len));
        // Deliver what now follows on, oldest sequence first.
        loop {
            waiting[d].sort_by_key(|w| w.0);
            let Some(i) = waiting[d].iter().position(|w| (w.0.wrapping_sub(n) as i32) <= 0) else { break };
            let (seq, frame, bytes, len) = waiting[d].remove(i);
            let skip = n.wrapping_sub(seq);
            if skip < len {
                let from = (skip as usize).min(bytes.len());
                if from < bytes.len() {
                    out.push(Block { dir: s.dir, frame, bytes: bytes[from..].to_vec() });
                }
                n = seq.wrapping_add(len);
            }
        }
        next[d] = Some(n);
    }
    out
}

/// Follow TCP Stream as tshark's `-z follow,tcp,ascii,N` prints it: the
/// nodes, then each block's length and bytes (the server's indented by a
/// tab), bytes that are not printable ASCII shown as dots.
pub fn follow_text(stream: &Stream, blocks: &[Block]) -> String {
    let mut s = String::new();
    s.push_str("\n===================================================================\n");
    s.push_str("Follow: tcp,ascii\n");
    s.push_str(&format!("Filter: tcp.stream eq {}\n", stream.stream));
    s.push_str(&format!("Node 0: {}\n", stream.client));
    s.push_str(&format!("Node 1: {}\n", stream.server));
    for b in blocks {
        if b.dir == Dir::Server {
            s.push('\t');
        }
        s.push_str(&format!("{}\n", b.bytes.len()));
        s.push_str(&ascii(&b.bytes));
        s.push('\n');
    }
    s.push_str("===================================================================\n");
    s
}

/// Bytes as Follow TCP Stream's ASCII view shows them: printable ASCII and
/// line ends as they are, anything else (a tab too) a dot.
pub fn ascii(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| if b == b'\n' || b == b'\r' || (0x20..0x7f).contains(&b) { b as char } else { '.' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_column_rounds_to_microseconds() {
        assert_eq!(time_column(0, 6), "0.000000");
        assert_eq!(time_column(1_171_000, 6), "0.001171");
        assert_eq!(time_column(1_999_999_999, 6), "2.000000");
        assert_eq!(time_column(1_234_567_499, 6), "1.234567");
        assert_eq!(time_column(19_059, 9), "0.000019059");
    }

    #[test]
    fn follow_drops_resent_bytes_and_puts_early_ones_in_order() {
        let seg = |frame, dir, rel_seq, payload: &'static [u8]| Segment { frame, dir, rel_seq, payload, wire_len: payload.len() as u32 };
        let blocks = follow(vec![
            seg(1, Dir::Client, 1, b"ab"),
            seg(2, Dir::Client, 5, b"ef"),
            seg(3, Dir::Client, 3, b"cd"),
            seg(4, Dir::Client, 3, b"cdef"),
            seg(5, Dir::Server, 1, b"OK"),
        ]);
        let got: Vec<(u32, &[u8])> = blocks.iter().map(|b| (b.frame, b.bytes.as_slice())).collect();
        assert_eq!(got, vec![(1, &b"ab"[..]), (3, b"cd"), (2, b"ef"), (5, b"OK")]);
    }
}
