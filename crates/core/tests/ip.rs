//! IP: IPv4 fragments (cut by Scapy, a real tool, and in code: out of order,
//! duplicated, overlapping), IPv6 extension headers (hop-by-hop, destination
//! options, routing, fragment), and the TCP options of a handshake.

mod common;
use common::*;
use postscope_core::model::Item;
use postscope_core::model::NoteKind;
use postscope_core::Analysis;

/// What a conversation says, without frame numbers (fragments add frames).
fn transcript(a: &Analysis) -> Vec<String> {
    a.streams
        .iter()
        .flat_map(|s| {
            s.items.iter().filter_map(move |i| match i {
                Item::Line(l) => Some(format!("{} {:?} {}", s.stream, l.dir, l.text)),
                Item::Credential(c) => Some(format!("{} credential {:?} {:?}", s.stream, c.username, c.password)),
                _ => None,
            })
        })
        .collect()
}

/// IPv4 fragments made by Scapy's fragment() (tests/fixtures/formats/make.sh):
/// the conversation is the one of the unfragmented capture, and each line
/// comes in the frame where tshark reassembles its segment.
#[test]
fn ipv4_fragments_from_scapy() {
    let orig = analyze(&fixture("smtp-auth-login.pcap"));
    let frag = analyze_every_way(&format_file("smtp-auth-login.ipfrag.pcap"));
    assert!(frag.capture.packets > orig.capture.packets + 10, "{} frames", frag.capture.packets);
    assert!(frag.capture.warnings.is_empty(), "{:?}", frag.capture.warnings);
    assert_eq!(transcript(&frag), transcript(&orig));
    assert!(transcript(&orig).len() > 10);
    assert_eq!(frag.streams[0].client_payload_bytes, orig.streams[0].client_payload_bytes);
    assert_eq!(frag.streams[0].server_payload_bytes, orig.streams[0].server_payload_bytes);
    // tshark dissects TCP only in the frame that completes a datagram.
    let tcp_frames: Vec<u32> = tshark_frames_with_tcp("smtp-auth-login.ipfrag.pcap");
    for l in frag.lines() {
        assert!(tcp_frames.contains(&l.frame), "line {:?} in frame {}, where tshark has no TCP", l.text, l.frame);
    }
}

fn tshark_frames_with_tcp(name: &str) -> Vec<u32> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/formats").join(format!("{name}.frames.txt"))).unwrap();
    text.lines()
        .filter(|l| !l.split('\t').nth(5).unwrap_or("").is_empty())
        .map(|l| l.split('\t').next().unwrap().parse().unwrap())
        .collect()
}

/// IPv4 header checksum, for fragments written in code.
fn ipv4_checksum(h: &mut [u8]) {
    h[10] = 0;
    h[11] = 0;
    let mut sum: u32 = h.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]]) as u32).sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    let c = !(sum as u16);
    h[10..12].copy_from_slice(&c.to_be_bytes());
}

/// Cuts the IPv4 packet of an Ethernet frame into fragments of at most
/// `size` bytes (a multiple of 8); returns the frames.
fn fragment_v4(frame: &[u8], size: usize) -> Vec<Vec<u8>> {
    let (eth, ip) = frame.split_at(14);
    let ihl = (ip[0] & 0x0f) as usize * 4;
    let total = u16::from_be_bytes([ip[2], ip[3]]) as usize;
    let payload = &ip[ihl..total];
    let mut out = Vec::new();
    let mut at = 0;
    while at < payload.len() {
        let end = (at + size).min(payload.len());
        let mut h = ip[..ihl].to_vec();
        h[2..4].copy_from_slice(&((ihl + end - at) as u16).to_be_bytes());
        let more = if end < payload.len() { 0x2000 } else { 0 };
        h[6..8].copy_from_slice(&((more | (at / 8)) as u16).to_be_bytes());
        ipv4_checksum(&mut h);
        out.push([eth, &h, &payload[at..end]].concat());
        at = end;
    }
    out
}

/// Every data-carrying packet cut into fragments in code; the fragments
/// of each datagram sent in order, reversed, with a duplicate, with an
/// overlap: the same conversation each time.
#[test]
fn ipv4_fragments_in_any_order() {
    let p = Pcap::parse(&fixture("pop3-session.pcap"));
    let orig = analyze(&fixture("pop3-session.pcap"));
    for (what, order) in [("in order", 0), ("reversed", 1), ("with the first fragment twice", 2), ("with an overlapping copy", 3)] {
        let mut records = Vec::new();
        for r in &p.records {
            if r.data.len() <= 14 + 20 + 32 + 24 {
                records.push(r.clone());
                continue;
            }
            let mut frags = fragment_v4(&r.data, 24);
            match order {
                1 => frags.reverse(),
                2 => frags.insert(1, frags[0].clone()),
                3 => {
                    // A fragment covering the second and half the third again.
                    let ihl = (frags[1][14] & 0x0f) as usize * 4;
                    let mut o = frags[1].clone();
                    o.extend_from_slice(&frags[2][14 + ihl..14 + ihl + 8]);
                    let len = (o.len() - 14) as u16;
                    o[16..18].copy_from_slice(&len.to_be_bytes());
                    ipv4_checksum(&mut o[14..14 + ihl]);
                    frags.push(o);
                    let last = frags.len() - 1;
                    frags.swap(0, last);
                }
                _ => {}
            }
            for f in frags {
                records.push(Record { orig_len: f.len() as u32, data: f, ..r.clone() });
            }
        }
        let fragged = Pcap { records, ..p.clone() };
        let a = analyze_every_way(&fragged.write(false));
        assert!(a.capture.warnings.is_empty(), "{what}: {:?}", a.capture.warnings);
        assert_eq!(transcript(&a), transcript(&orig), "{what}");
        assert_eq!(a.streams[0].server_payload_bytes, orig.streams[0].server_payload_bytes, "{what}");
    }
}

/// A fragment that would make a datagram longer than 65,535 bytes is noted.
#[test]
fn ipv4_fragment_beyond_the_largest_datagram() {
    let mut p = Pcap::parse(&fixture("smtp-auth-login.pcap"));
    let r = p.records[5].data.clone();
    let mut frags = fragment_v4(&r, 16);
    // Offset field at its maximum: 8191 * 8 = 65528.
    let f = &mut frags[1];
    f[14 + 6] = 0x3f;
    f[14 + 7] = 0xff;
    let ihl = (f[14] & 0x0f) as usize * 4;
    ipv4_checksum(&mut f[14..14 + ihl]);
    p.records[5] = Record { orig_len: f.len() as u32, data: f.clone(), ..p.records[5].clone() };
    let a = analyze_every_way(&p.write(false));
    let texts: Vec<String> = a.capture.warnings.iter().map(|n| n.text()).collect();
    let notes: Vec<_> = a.capture.warnings.iter().zip(&texts).map(|(n, text)| (n.kind, n.frame, text.as_str())).collect();
    assert_eq!(
        notes,
        [(
            NoteKind::Fragments,
            Some(6),
            "frame 6 was passed over: this fragment reaches byte 65544 of its datagram, beyond the 65535 bytes an IP datagram can hold"
        )]
    );
}

/// The IPv6 packet of a Linux SLL frame, with extension headers inserted
/// between the fixed header and TCP: (next header, bytes) each.
fn with_extensions(frame: &[u8], exts: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let (sll, ip) = frame.split_at(16);
    let (fixed, rest) = ip.split_at(40);
    let mut fixed = fixed.to_vec();
    let mut chain = Vec::new();
    let mut next = fixed[6];
    for (i, (kind, body)) in exts.iter().enumerate().rev() {
        let mut h = body.clone();
        h[0] = next;
        next = *kind;
        chain.insert(0, h);
        let _ = i;
    }
    fixed[6] = next;
    let ext: Vec<u8> = chain.concat();
    let plen = u16::from_be_bytes([fixed[4], fixed[5]]) as usize + ext.len();
    fixed[4..6].copy_from_slice(&(plen as u16).to_be_bytes());
    [sll, &fixed, &ext, rest].concat()
}

/// An 8-byte options header (hop-by-hop or destination options): PadN.
fn options_header() -> Vec<u8> {
    vec![0, 0, 1, 4, 0, 0, 0, 0]
}

#[test]
fn ipv6_extension_headers() {
    let p = Pcap::parse(&fixture("smtp-ipv6.pcap"));
    let orig = analyze(&fixture("smtp-ipv6.pcap"));
    // Routing header type 0 with no addresses left; 16 bytes with PadN.
    let routing = vec![0, 0, 0, 0, 0, 0, 0, 0];
    let destination_long = vec![0, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (what, exts) in [
        ("hop-by-hop", vec![(0u8, options_header())]),
        ("destination options", vec![(60, destination_long.clone())]),
        ("hop-by-hop, routing, destination options", vec![(0, options_header()), (43, routing.clone()), (60, options_header())]),
    ] {
        let re = p.relink(113, |f| with_extensions(f, &exts));
        let a = analyze_every_way(&re.write(false));
        assert!(a.capture.warnings.is_empty(), "{what}: {:?}", a.capture.warnings);
        assert_eq!(streams_without_frame_bytes(&a), streams_without_frame_bytes(&orig), "{what}");
    }
}

/// IPv6 fragments: a fragment header after a hop-by-hop header, the payload
/// cut into 16-byte pieces, sent out of order.
#[test]
fn ipv6_fragments() {
    let p = Pcap::parse(&fixture("smtp-ipv6.pcap"));
    let orig = analyze(&fixture("smtp-ipv6.pcap"));
    let mut records = Vec::new();
    for (n, r) in p.records.iter().enumerate() {
        let (sll, ip) = r.data.split_at(16);
        let (fixed, upper) = ip.split_at(40);
        if upper.len() <= 40 {
            records.push(r.clone());
            continue;
        }
        let mut frags = Vec::new();
        let mut at = 0;
        while at < upper.len() {
            let end = (at + 16).min(upper.len());
            let more = end < upper.len();
            let mut fh = vec![6, 0];
            fh.extend_from_slice(&(((at / 8) as u16) << 3 | more as u16).to_be_bytes());
            fh.extend_from_slice(&(0x1000_0000u32 + n as u32).to_be_bytes());
            let mut hbh = options_header();
            hbh[0] = 44;
            let mut f = fixed.to_vec();
            f[6] = 0;
            f[4..6].copy_from_slice(&((8 + 8 + end - at) as u16).to_be_bytes());
            frags.push([sll, &f, &hbh, &fh, &upper[at..end]].concat());
            at = end;
        }
        frags.rotate_left(1);
        for f in frags {
            records.push(Record { orig_len: f.len() as u32, data: f, ..r.clone() });
        }
    }
    let a = analyze_every_way(&Pcap { records, ..p.clone() }.write(false));
    assert!(a.capture.warnings.is_empty(), "{:?}", a.capture.warnings);
    assert_eq!(transcript(&a), transcript(&orig));
    assert!(a.capture.packets > orig.capture.packets);
    assert_eq!(a.streams[0].client, orig.streams[0].client);
}

/// The options of the handshake, from the lab's real SYN and SYN-ACK
/// (Linux: MSS, SACK permitted, timestamps, window scale), and from a SYN
/// whose options are rewritten: each shows in the explanation.
/// The explanation of the first stream's SYN.
fn syn_explanation(a: &Analysis) -> String {
    a.streams[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Tcp(t) if t.event == postscope_core::model::TcpKind::Syn => Some(common::said(a, t)),
            _ => None,
        })
        .unwrap()
}

#[test]
fn tcp_options_of_the_handshake() {
    let a = analyze(&fixture("smtp-auth-login.pcap"));
    let syn = syn_explanation(&a);
    for part in [
        "maximum segment size 65495 bytes",
        "window scale 10 (multiply the window by 1024)",
        "selective acknowledgements allowed",
        "timestamps",
    ] {
        assert!(syn.contains(part), "{part} in {syn}");
    }
    // Rewrite the SYN's options: MSS 1460, NOP, window scale 2, NOPs, then an end marker.
    let mut p = Pcap::parse(&fixture("smtp-auth-login.pcap"));
    let opts = [2, 4, 0x05, 0xb4, 1, 3, 3, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let d = &mut p.records[0].data;
    assert_eq!(d[14 + 20 + 12] >> 4, 10, "the lab's SYN has 20 bytes of options");
    d[14 + 20 + 20..14 + 20 + 40].copy_from_slice(&opts);
    let a = analyze(&p.write(false));
    let syn = syn_explanation(&a);
    assert!(syn.contains("maximum segment size 1460 bytes"), "{syn}");
    assert!(syn.contains("window scale 2 (multiply the window by 4)"), "{syn}");
    assert!(!syn.contains("selective acknowledgements"), "{syn}");
    assert!(!syn.contains("timestamps"), "{syn}");
}
