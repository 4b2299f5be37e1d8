//! One frame taken apart as Wireshark's packet details pane shows it: the
//! frame, its link layer, IPv4 or IPv6, TCP and the mail units it carries,
//! each a tree of fields labelled as Wireshark labels them, each field with
//! the bytes of the frame it was read from.
//!
//! The capture is not held in memory: the caller reads a frame's bytes again
//! (at [`FrameRow::offset`]) and hands them here with the frame's row. The
//! link layer is found by the one link table ([`crate::net::link`]); the IP
//! and TCP headers are read here field by field, because a dissection needs
//! each field's place, which a slicer does not give.

use crate::frames::FrameRow;
use crate::model::{Dir, Line, LineKind, Protocol, Span, TcpBasis};
use etherparse::{LaxNetSlice, LinkSlice};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// One field of the tree: its label and the bytes it was read from
/// (`start..end` of the frame, end exclusive; empty for a field Wireshark
/// shows in brackets, computed rather than read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub start: u32,
    pub end: u32,
    pub children: Vec<Field>,
}

impl Field {
    fn new(label: impl Into<String>, start: usize, end: usize) -> Field {
        Field { label: label.into(), start: start as u32, end: end as u32, children: Vec::new() }
    }
    fn computed(label: impl Into<String>) -> Field {
        Field { label: label.into(), start: 0, end: 0, children: Vec::new() }
    }
    fn with(mut self, children: Vec<Field>) -> Field {
        self.children = children;
        self
    }
    /// The deepest field whose bytes hold byte `at` of the frame, as the path
    /// of child indices from the top layer.
    pub fn path_at(fields: &[Field], at: u32) -> Vec<usize> {
        let mut path = Vec::new();
        let mut level = fields;
        while let Some(i) = level.iter().rposition(|f| f.start <= at && at < f.end) {
            path.push(i);
            level = &level[i].children;
        }
        path
    }
}

/// The IP header of a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ip {
    pub src: IpAddr,
    pub dst: IpAddr,
    /// Where the header starts in the frame, and its length with any IPv6 extension headers.
    pub start: usize,
    pub header_len: usize,
    /// TTL or hop limit.
    pub ttl: u8,
    /// The protocol it carries (6 for TCP).
    pub protocol: u8,
    /// A fragment that is not the first of its datagram: no TCP header in it.
    pub later_fragment: bool,
}

/// The TCP header of a frame, as on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tcp {
    pub start: usize,
    pub header_len: usize,
    pub src_port: u16,
    pub dst_port: u16,
    pub seq: u32,
    pub ack: u32,
    /// The 9 flag bits (AE 0x100 … FIN 0x001).
    pub flags: u16,
    pub window: u16,
    /// The options, as Wireshark names them in the Info column.
    pub options: Vec<TcpOption>,
    /// Where the payload starts in the frame, and how many of its bytes were
    /// captured.
    pub payload_start: usize,
    pub payload_captured: usize,
}

/// A TCP option and its place in the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TcpOption {
    Mss(u16),
    WindowScale(u8),
    SackPermitted,
    Sack(Vec<(u32, u32)>),
    Timestamps(u32, u32),
    Nop,
    End,
    Other(u8),
}

/// What the frame's bytes hold, layer by layer, before labels are made.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The link header: where the network layer starts.
    pub link_len: usize,
    pub ip: Option<Ip>,
    pub tcp: Option<Tcp>,
}

/// Reads the layers of a frame of link type `link_type`.
pub fn parse(link_type: u32, bytes: &[u8]) -> Parsed {
    let mut p = Parsed { link_len: bytes.len(), ..Parsed::default() };
    let Some(decoder) = crate::net::link::decoder(link_type) else { return p };
    let Ok(Some(packet)) = decoder(bytes) else { return p };
    let base = bytes.as_ptr() as usize;
    let ip = match &packet.net {
        Some(LaxNetSlice::Ipv4(v4)) => {
            let h = v4.header();
            let start = h.slice().as_ptr() as usize - base;
            Some(Ip {
                src: IpAddr::V4(h.source_addr()),
                dst: IpAddr::V4(h.destination_addr()),
                start,
                header_len: h.slice().len(),
                ttl: h.ttl(),
                protocol: h.protocol().0,
                later_fragment: h.fragments_offset().value() != 0,
            })
        }
        Some(LaxNetSlice::Ipv6(v6)) => {
            let h = v6.header();
            let start = h.slice().as_ptr() as usize - base;
            let payload = v6.payload();
            let later = v6.extensions().clone().into_iter().any(|e| match e {
                etherparse::Ipv6ExtensionSlice::Fragment(f) => f.fragment_offset().value() != 0,
                _ => false,
            });
            Some(Ip {
                src: IpAddr::V6(h.source_addr()),
                dst: IpAddr::V6(h.destination_addr()),
                start,
                header_len: 40 + v6.extensions().slice().len(),
                ttl: h.hop_limit(),
                protocol: payload.ip_number.0,
                later_fragment: later,
            })
        }
        _ => None,
    };
    let Some(ip) = ip else { return p };
    p.link_len = ip.start;
    let t = ip.start + ip.header_len;
    if ip.protocol == 6 && !ip.later_fragment {
        p.tcp = tcp(bytes, t);
    }
    p.ip = Some(ip);
    p
}

fn tcp(bytes: &[u8], start: usize) -> Option<Tcp> {
    let b = bytes.get(start..)?;
    if b.len() < 20 {
        return None;
    }
    let u16_at = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
    let u32_at = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let header_len = ((b[12] >> 4) as usize) * 4;
    if header_len < 20 {
        return None;
    }
    let opts = &b[20..header_len.min(b.len())];
    let mut options = Vec::new();
    let mut i = 0;
    while i < opts.len() {
        let kind = opts[i];
        match kind {
            0 => {
                options.push(TcpOption::End);
                break;
            }
            1 => {
                options.push(TcpOption::Nop);
                i += 1;
                continue;
            }
            _ => {}
        }
        let Some(&len) = opts.get(i + 1) else { break };
        let len = len as usize;
        if len < 2 || i + len > opts.len() {
            break;
        }
        let body = &opts[i + 2..i + len];
        let be32 = |j: usize| u32::from_be_bytes([body[j], body[j + 1], body[j + 2], body[j + 3]]);
        options.push(match (kind, len) {
            (2, 4) => TcpOption::Mss(u16::from_be_bytes([body[0], body[1]])),
            (3, 3) => TcpOption::WindowScale(body[0]),
            (4, 2) => TcpOption::SackPermitted,
            (5, _) if (len - 2).is_multiple_of(8) => TcpOption::Sack((0..(len - 2) / 8).map(|k| (be32(8 * k), be32(8 * k + 4))).collect()),
            (8, 10) => TcpOption::Timestamps(be32(0), be32(4)),
            _ => TcpOption::Other(kind),
        });
        i += len;
    }
    let payload_start = start + header_len;
    Some(Tcp {
        start,
        header_len,
        src_port: u16_at(0),
        dst_port: u16_at(2),
        seq: u32_at(4),
        ack: u32_at(8),
        flags: u16::from(b[13]) | (u16::from(b[12] & 1) << 8),
        window: u16_at(14),
        options,
        payload_start,
        payload_captured: bytes.len().saturating_sub(payload_start),
    })
}

/// Wireshark's names of the TCP flags, lowest bit first, as the Info column
/// lists the ones set ("SYN, ACK").
pub const TCP_FLAGS: [(u16, &str, &str); 9] = [
    (0x001, "FIN", "Fin"),
    (0x002, "SYN", "Syn"),
    (0x004, "RST", "Reset"),
    (0x008, "PSH", "Push"),
    (0x010, "ACK", "Acknowledgment"),
    (0x020, "URG", "Urgent"),
    (0x040, "ECE", "ECN-Echo"),
    (0x080, "CWR", "Congestion Window Reduced"),
    (0x100, "AE", "Accurate ECN"),
];

/// The flags set, as Wireshark writes them ("SYN, ACK"; "<None>" when none).
pub fn flag_names(flags: u16) -> String {
    let names: Vec<&str> = TCP_FLAGS.iter().filter(|(bit, _, _)| flags & bit != 0).map(|(_, n, _)| *n).collect();
    if names.is_empty() {
        "<None>".into()
    } else {
        names.join(", ")
    }
}

/// What the dissection needs to know of the frame beyond its bytes.
pub struct Context<'a> {
    pub number: u32,
    pub row: &'a FrameRow,
    /// The capture's first frame's time (ns since the epoch), for "time since the first frame".
    pub first_ns: i64,
    /// Its conversation's protocol and numbers, when it is in one.
    pub protocol: Protocol,
    pub basis: Option<&'a TcpBasis>,
    /// The lines whose bytes this frame carried, each with its span in this frame.
    pub lines: &'a [(&'a Line, Span)],
}

/// The frame's layers, top first.
pub fn dissect(bytes: &[u8], cx: &Context<'_>) -> Vec<Field> {
    let p = parse(cx.row.link_type, bytes);
    let mut layers = vec![frame_layer(cx)];
    if let Some(link) = link_layer(cx.row.link_type, bytes, p.link_len) {
        layers.push(link);
    }
    if let Some(ip) = &p.ip {
        layers.push(ip_layer(bytes, ip));
    }
    if let Some(t) = &p.tcp {
        layers.push(tcp_layer(bytes, t, cx));
        if let Some(unit) = mail_layer(t, cx) {
            layers.push(unit);
        }
    }
    layers
}

/// "1700000000.123456000" for a time in nanoseconds since the epoch.
fn seconds(ns: i64) -> String {
    format!("{}.{:09}", ns.div_euclid(1_000_000_000), ns.rem_euclid(1_000_000_000))
}

fn frame_layer(cx: &Context<'_>) -> Field {
    let r = cx.row;
    let bits = |n: u32| u64::from(n) * 8;
    Field::new(
        format!(
            "Frame {}: {} bytes on wire ({} bits), {} bytes captured ({} bits)",
            cx.number,
            r.original,
            bits(r.original),
            r.captured,
            bits(r.captured)
        ),
        0,
        r.captured as usize,
    )
    .with(vec![
        Field::computed(format!("Epoch Arrival Time: {}", seconds(r.ns))),
        Field::computed(format!("[Time since reference or first frame: {} seconds]", seconds(r.ns.saturating_sub(cx.first_ns)))),
        Field::computed(format!("Frame Number: {}", cx.number)),
        Field::computed(format!("Frame Length: {} bytes ({} bits)", r.original, bits(r.original))),
        Field::computed(format!("Capture Length: {} bytes ({} bits)", r.captured, bits(r.captured))),
        Field::computed(format!("[Link type: {}]", crate::net::link::description(r.link_type))),
    ])
}

fn mac(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().join(":")
}

fn ether_type_name(t: u16) -> &'static str {
    match t {
        0x0800 => "IPv4",
        0x86dd => "IPv6",
        0x0806 => "ARP",
        0x8100 => "802.1Q Virtual LAN",
        0x88a8 => "802.1ad",
        _ => "Unknown",
    }
}

fn link_layer(link_type: u32, bytes: &[u8], link_len: usize) -> Option<Field> {
    let end = link_len.min(bytes.len());
    if link_type == 1 && end >= 14 {
        let t = u16::from_be_bytes([bytes[12], bytes[13]]);
        let mut children = vec![
            Field::new(format!("Destination: {}", mac(&bytes[0..6])), 0, 6),
            Field::new(format!("Source: {}", mac(&bytes[6..12])), 6, 12),
            Field::new(format!("Type: {} (0x{t:04x})", ether_type_name(t)), 12, 14),
        ];
        let mut at = 14;
        while at + 4 <= end {
            let tci = u16::from_be_bytes([bytes[at], bytes[at + 1]]);
            let inner = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]);
            children.push(
                Field::new(format!("802.1Q Virtual LAN, PRI: {}, DEI: {}, ID: {}", tci >> 13, (tci >> 12) & 1, tci & 0x0fff), at, at + 4)
                    .with(vec![
                        Field::new(format!("ID: {}", tci & 0x0fff), at, at + 2),
                        Field::new(format!("Type: {} (0x{inner:04x})", ether_type_name(inner)), at + 2, at + 4),
                    ]),
            );
            at += 4;
        }
        return Some(Field::new(format!("Ethernet II, Src: {}, Dst: {}", mac(&bytes[6..12]), mac(&bytes[0..6])), 0, end).with(children));
    }
    if end == 0 {
        return None;
    }
    let name = match crate::net::link::decoder(link_type).and_then(|d| d(bytes).ok().flatten()).and_then(|p| p.link) {
        Some(LinkSlice::LinuxSll(_)) => "Linux cooked capture v1".to_string(),
        _ => crate::net::link::description(link_type).to_string(),
    };
    Some(Field::new(format!("{name} ({end} bytes)"), 0, end))
}

fn ip_protocol_name(p: u8) -> &'static str {
    match p {
        6 => "TCP",
        17 => "UDP",
        1 => "ICMP",
        58 => "ICMPv6",
        0 => "IPv6 Hop-by-Hop Option",
        43 => "Routing Header for IPv6",
        44 => "Fragment Header for IPv6",
        60 => "Destination Options for IPv6",
        _ => "Unknown",
    }
}

fn ip_layer(b: &[u8], ip: &Ip) -> Field {
    let s = ip.start;
    let end = (s + ip.header_len).min(b.len());
    let u16_at = |i: usize| u16::from_be_bytes([b[s + i], b[s + i + 1]]);
    match (ip.src, ip.dst) {
        (IpAddr::V4(src), IpAddr::V4(dst)) if end >= s + 20 => {
            let ihl = (b[s] & 0x0f) as usize;
            let flags = b[s + 6] >> 5;
            let frag = u16_at(6) & 0x1fff;
            let mut flag_words = Vec::new();
            if flags & 2 != 0 {
                flag_words.push("Don't fragment");
            }
            if flags & 1 != 0 {
                flag_words.push("More fragments");
            }
            let flags_label = if flag_words.is_empty() {
                format!("Flags: 0x{:x}", flags << 1)
            } else {
                format!("Flags: 0x{:x}, {}", flags << 1, flag_words.join(", "))
            };
            let id = u16_at(4);
            Field::new(format!("Internet Protocol Version 4, Src: {src}, Dst: {dst}"), s, end).with(vec![
                Field::new("0100 .... = Version: 4", s, s + 1),
                Field::new(format!(".... {:04b} = Header Length: {} bytes ({ihl})", ihl, ihl * 4), s, s + 1),
                Field::new(format!("Differentiated Services Field: 0x{:02x}", b[s + 1]), s + 1, s + 2),
                Field::new(format!("Total Length: {}", u16_at(2)), s + 2, s + 4),
                Field::new(format!("Identification: 0x{id:04x} ({id})"), s + 4, s + 6),
                Field::new(flags_label, s + 6, s + 7).with(vec![
                    Field::new(format!(".{}.. .... = Don't fragment: {}", (flags >> 1) & 1, set(flags & 2 != 0)), s + 6, s + 7),
                    Field::new(format!("..{}. .... = More fragments: {}", flags & 1, set(flags & 1 != 0)), s + 6, s + 7),
                ]),
                Field::new(format!("Fragment Offset: {}", u32::from(frag) * 8), s + 6, s + 8),
                Field::new(format!("Time to Live: {}", b[s + 8]), s + 8, s + 9),
                Field::new(format!("Protocol: {} ({})", ip_protocol_name(b[s + 9]), b[s + 9]), s + 9, s + 10),
                Field::new(format!("Header Checksum: 0x{:04x}", u16_at(10)), s + 10, s + 12),
                Field::new(format!("Source Address: {src}"), s + 12, s + 16),
                Field::new(format!("Destination Address: {dst}"), s + 16, s + 20),
            ])
        }
        (IpAddr::V6(src), IpAddr::V6(dst)) if end >= s + 40 => {
            let w = u32::from_be_bytes([b[s], b[s + 1], b[s + 2], b[s + 3]]);
            let mut children = vec![
                Field::new("0110 .... = Version: 6", s, s + 1),
                Field::new(format!("Traffic Class: 0x{:02x}", (w >> 20) & 0xff), s, s + 2),
                Field::new(format!("Flow Label: 0x{:05x}", w & 0xfffff), s + 1, s + 4),
                Field::new(format!("Payload Length: {}", u16_at(4)), s + 4, s + 6),
                Field::new(format!("Next Header: {} ({})", ip_protocol_name(b[s + 6]), b[s + 6]), s + 6, s + 7),
                Field::new(format!("Hop Limit: {}", b[s + 7]), s + 7, s + 8),
                Field::new(format!("Source Address: {src}"), s + 8, s + 24),
                Field::new(format!("Destination Address: {dst}"), s + 24, s + 40),
            ];
            // Extension headers, each naming the next.
            let (mut next, mut at) = (b[s + 6], s + 40);
            while matches!(next, 0 | 43 | 44 | 60) && at + 8 <= end {
                let len = if next == 44 { 8 } else { (b[at + 1] as usize + 1) * 8 };
                let here = (at + len).min(end);
                let mut ext = Field::new(ip_protocol_name(next), at, here);
                if next == 44 {
                    let off = u16::from_be_bytes([b[at + 2], b[at + 3]]);
                    let id = u32::from_be_bytes([b[at + 4], b[at + 5], b[at + 6], b[at + 7]]);
                    ext = ext.with(vec![
                        Field::new(format!("Offset: {} ({} bytes)", off >> 3, u32::from(off >> 3) * 8), at + 2, at + 4),
                        Field::new(format!("More Fragments: {}", if off & 1 != 0 { "Yes" } else { "No" }), at + 2, at + 4),
                        Field::new(format!("Identification: 0x{id:08x}"), at + 4, at + 8),
                    ]);
                }
                children.push(ext);
                next = b[at];
                at = here;
            }
            Field::new(format!("Internet Protocol Version 6, Src: {src}, Dst: {dst}"), s, end).with(children)
        }
        _ => Field::new("Internet Protocol (header cut short by the capture)", s, end),
    }
}

fn set(on: bool) -> &'static str {
    if on {
        "Set"
    } else {
        "Not set"
    }
}

/// Which side sent a TCP frame, from its row.
fn side(cx: &Context<'_>) -> Option<Dir> {
    cx.row.dir()
}

fn tcp_layer(b: &[u8], t: &Tcp, cx: &Context<'_>) -> Field {
    let s = t.start;
    let dir = side(cx);
    let rel = |d: Option<Dir>, v: u32| match (cx.basis, d) {
        (Some(basis), Some(d)) => basis.relative(d, v),
        _ => v,
    };
    let seq = rel(dir, t.seq);
    let ack = rel(dir.map(Dir::other), t.ack);
    let len = cx.row.payload;
    let end = (s + t.header_len).min(b.len());
    let mut children = vec![
        Field::new(format!("Source Port: {}", t.src_port), s, s + 2),
        Field::new(format!("Destination Port: {}", t.dst_port), s + 2, s + 4),
    ];
    if let Some(stream) = cx.row.tcp_stream() {
        children.push(Field::computed(format!("[Stream index: {stream}]")));
    }
    children.push(Field::computed(format!("[TCP Segment Len: {len}]")));
    children.push(Field::new(format!("Sequence Number: {seq}    (relative sequence number)"), s + 4, s + 8));
    children.push(Field::new(format!("Sequence Number (raw): {}", t.seq), s + 4, s + 8));
    let syn_fin = u32::from(t.flags & 0x003 != 0);
    children.push(Field::computed(format!("[Next Sequence Number: {}    (relative sequence number)]", seq.wrapping_add(len + syn_fin))));
    if t.flags & 0x010 != 0 {
        children.push(Field::new(format!("Acknowledgment Number: {ack}    (relative ack number)"), s + 8, s + 12));
    } else {
        children.push(Field::new("Acknowledgment Number: 0", s + 8, s + 12));
    }
    children.push(Field::new(format!("Acknowledgment number (raw): {}", t.ack), s + 8, s + 12));
    children.push(Field::new(
        format!("{:04b} .... = Header Length: {} bytes ({})", t.header_len / 4, t.header_len, t.header_len / 4),
        s + 12,
        s + 13,
    ));
    let flag_bits: Vec<Field> = TCP_FLAGS
        .iter()
        .rev()
        .map(|(bit, _, long)| {
            let bits: String = (0..12)
                .rev()
                .map(|i| {
                    if 1u16 << i == *bit {
                        if t.flags & bit != 0 {
                            '1'
                        } else {
                            '0'
                        }
                    } else {
                        '.'
                    }
                })
                .collect();
            let bits = format!("{} {} {}", &bits[0..4], &bits[4..8], &bits[8..12]);
            Field::new(format!("{bits} = {long}: {}", set(t.flags & bit != 0)), s + 12, s + 14)
        })
        .collect();
    children.push(Field::new(format!("Flags: 0x{:03x} ({})", t.flags, flag_names(t.flags)), s + 12, s + 14).with(flag_bits));
    children.push(Field::new(format!("Window: {}", t.window), s + 14, s + 16));
    if let (Some(basis), Some(d)) = (cx.basis, dir) {
        if t.flags & 0x002 == 0 && basis.scaled() {
            children.push(Field::computed(format!("[Calculated window size: {}]", basis.window(d, t.window))));
        }
    }
    if end >= s + 20 {
        children.push(Field::new(format!("Checksum: 0x{:04x} [unverified]", u16::from_be_bytes([b[s + 16], b[s + 17]])), s + 16, s + 18));
        children.push(Field::new(format!("Urgent Pointer: {}", u16::from_be_bytes([b[s + 18], b[s + 19]])), s + 18, s + 20));
    }
    if t.header_len > 20 && end > s + 20 {
        children.push(options_field(b, s + 20, end, cx, dir));
    }
    if t.payload_captured > 0 {
        children.push(Field::new(
            format!("TCP payload ({} byte{})", t.payload_captured, if t.payload_captured == 1 { "" } else { "s" }),
            t.payload_start,
            t.payload_start + t.payload_captured,
        ));
    }
    let mut head = format!("Transmission Control Protocol, Src Port: {}, Dst Port: {}, Seq: {seq}", t.src_port, t.dst_port);
    if t.flags & 0x010 != 0 {
        head.push_str(&format!(", Ack: {ack}"));
    }
    head.push_str(&format!(", Len: {len}"));
    Field::new(head, s, end).with(children)
}

fn options_field(b: &[u8], start: usize, end: usize, cx: &Context<'_>, dir: Option<Dir>) -> Field {
    let mut children = Vec::new();
    let mut names = Vec::new();
    let mut i = start;
    while i < end {
        let kind = b[i];
        let len = if kind <= 1 { 1 } else { b.get(i + 1).map_or(1, |&l| (l as usize).max(2)) };
        let here = (i + len).min(end);
        let body = &b[(i + 2).min(here)..here];
        let be32 = |j: usize| body.get(j..j + 4).map_or(0, |x| u32::from_be_bytes([x[0], x[1], x[2], x[3]]));
        let (label, short) = match kind {
            0 => ("TCP Option - End of Option List (EOL)".to_string(), "End of Option List (EOL)".to_string()),
            1 => ("TCP Option - No-Operation (NOP)".into(), "No-Operation (NOP)".into()),
            2 if body.len() == 2 => (
                format!("TCP Option - Maximum segment size: {} bytes", u16::from_be_bytes([body[0], body[1]])),
                "Maximum segment size".into(),
            ),
            3 if body.len() == 1 => {
                (format!("TCP Option - Window scale: {} (multiply by {})", body[0], 1u32 << body[0].min(14)), "Window scale".into())
            }
            4 => ("TCP Option - SACK permitted".into(), "SACK permitted".into()),
            5 => {
                let base = match (cx.basis, dir) {
                    (Some(basis), Some(d)) => basis.base[d.other().index()],
                    _ => None,
                };
                let blocks: Vec<String> = (0..body.len() / 8)
                    .map(|k| {
                        let (l, r) = (be32(8 * k), be32(8 * k + 4));
                        match base {
                            Some(bs) => format!("{}-{}", l.wrapping_sub(bs), r.wrapping_sub(bs)),
                            None => format!("{l}-{r}"),
                        }
                    })
                    .collect();
                (format!("TCP Option - SACK {}", blocks.join(" ")), "SACK".into())
            }
            8 if body.len() == 8 => (format!("TCP Option - Timestamps: TSval {}, TSecr {}", be32(0), be32(4)), "Timestamps".into()),
            k => (format!("TCP Option - Unknown ({k})"), format!("Unknown ({k})")),
        };
        children.push(Field::new(label, i, here));
        names.push(short);
        if kind == 0 {
            break;
        }
        i = here;
    }
    Field::new(format!("Options: ({} bytes), {}", end - start, names.join(", ")), start, end).with(children)
}

/// The protocol's name in Wireshark's details pane.
fn protocol_title(p: Protocol) -> &'static str {
    match p {
        Protocol::Smtp => "Simple Mail Transfer Protocol",
        Protocol::Lmtp => "Local Mail Transfer Protocol",
        Protocol::Pop3 => "Post Office Protocol",
        Protocol::Imap => "Internet Message Access Protocol",
        Protocol::Tls => "Transport Layer Security",
        Protocol::Unknown => "Data",
    }
}

fn mail_layer(t: &Tcp, cx: &Context<'_>) -> Option<Field> {
    let in_frame: Vec<&(&Line, Span)> = cx.lines.iter().filter(|(_, s)| s.bytes.is_some()).collect();
    if in_frame.is_empty() {
        return None;
    }
    let at = |x: u32| t.payload_start + x as usize;
    let start = in_frame.iter().filter_map(|(_, s)| s.bytes.map(|b| b.0)).min().unwrap_or(0);
    let end = in_frame.iter().filter_map(|(_, s)| s.bytes.map(|b| b.1)).max().unwrap_or(0);
    let children = in_frame
        .iter()
        .map(|(line, span)| {
            let (a, b) = span.bytes.unwrap_or((0, 0));
            let whole = line.frames.len() == 1;
            let what = match (line.kind, line.dir) {
                (LineKind::Command, _) => "Command Line",
                (LineKind::Reply, _) => "Response",
                (LineKind::Content, _) => "Message content",
                (LineKind::Sasl, _) => "Login data (SASL)",
                (LineKind::Other, Dir::Client) => "Client line",
                (LineKind::Other, Dir::Server) => "Server line",
            };
            let part = if whole { String::new() } else { format!(" (part {} of {})", part_of(line, cx.number), line.frames.len()) };
            Field::new(format!("{what}{part}: {}", line.text), at(a), at(b))
        })
        .collect();
    Some(Field::new(protocol_title(cx.protocol), at(start), at(end)).with(children))
}

/// Which of a line's frames frame `number` is, from 1.
fn part_of(line: &Line, number: u32) -> usize {
    line.frames.iter().position(|s| s.frame == number).map_or(0, |i| i + 1)
}

/// An IPv6 or IPv4 address as Wireshark's columns write it.
pub fn address(a: IpAddr) -> String {
    match a {
        IpAddr::V4(v4) => Ipv4Addr::to_string(&v4),
        IpAddr::V6(v6) => Ipv6Addr::to_string(&v6),
    }
}
