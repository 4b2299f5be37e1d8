//! Link types: the same real IP packets behind every link header Postscope
//! reads must give the same conversations. The packets come from lab
//! recordings; the link headers are written in code (no tool re-frames
//! packets), except the raw-IP files made with editcap -C -T (see
//! tests/fixtures/formats/make.sh). The corpus adds real DLT_NULL and VLAN
//! captures from other projects.

mod common;
use common::*;
use postscope_core::model::NoteKind;
use postscope_core::Analysis;

/// The IP packet inside a frame of a lab fixture (Ethernet or Linux SLL).
fn ip_of(link_type: u32, frame: &[u8]) -> Vec<u8> {
    match link_type {
        1 => frame[14..].to_vec(),
        113 => frame[16..].to_vec(),
        276 => frame[20..].to_vec(),
        l => panic!("fixture link type {l}"),
    }
}

fn ether_type(ip: &[u8]) -> [u8; 2] {
    if ip[0] >> 4 == 6 {
        [0x86, 0xdd]
    } else {
        [0x08, 0x00]
    }
}

const MACS: [u8; 12] = [0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2];

/// A link header: its name, its LINKTYPE_, and how it wraps an IP packet.
type Wrapper = (&'static str, u32, fn(&[u8]) -> Vec<u8>);

/// Every link header Postscope reads.
fn wrappers() -> Vec<Wrapper> {
    vec![
        ("ethernet", 1, |ip| [&MACS[..], &ether_type(ip), ip].concat()),
        ("802.1Q VLAN", 1, |ip| [&MACS[..], &[0x81, 0x00, 0x00, 0x64], &ether_type(ip), ip].concat()),
        ("QinQ 802.1ad", 1, |ip| [&MACS[..], &[0x88, 0xa8, 0x00, 0xc8, 0x81, 0x00, 0x00, 0x64], &ether_type(ip), ip].concat()),
        ("QinQ 0x9100", 1, |ip| [&MACS[..], &[0x91, 0x00, 0x00, 0xc8, 0x81, 0x00, 0x00, 0x64], &ether_type(ip), ip].concat()),
        ("null, little-endian", 0, |ip| {
            let af: u32 = if ip[0] >> 4 == 6 { 30 } else { 2 };
            [&af.to_le_bytes()[..], ip].concat()
        }),
        ("null, big-endian", 0, |ip| {
            let af: u32 = if ip[0] >> 4 == 6 { 24 } else { 2 };
            [&af.to_be_bytes()[..], ip].concat()
        }),
        ("loop", 108, |ip| {
            let af: u32 = if ip[0] >> 4 == 6 { 28 } else { 2 };
            [&af.to_be_bytes()[..], ip].concat()
        }),
        ("raw", 101, |ip| ip.to_vec()),
        ("raw, DLT 12", 12, |ip| ip.to_vec()),
        ("ipv4 or ipv6", 228, |ip| ip.to_vec()),
        ("linux_sll", 113, |ip| [&[0, 4, 0, 1, 0, 6][..], &MACS[..6], &[0, 0], &ether_type(ip), ip].concat()),
        ("linux_sll2", 276, |ip| [&ether_type(ip)[..], &[0, 0, 0, 0, 0, 1, 0, 1, 4, 6], &MACS[..6], &[0, 0], ip].concat()),
        ("ppp", 9, |ip| [&[0x00, if ip[0] >> 4 == 6 { 0x57 } else { 0x21 }][..], ip].concat()),
        ("ppp in hdlc", 50, |ip| [&[0xff, 0x03, 0x00, if ip[0] >> 4 == 6 { 0x57 } else { 0x21 }][..], ip].concat()),
        ("cisco hdlc", 104, |ip| [&[0x0f, 0x00][..], &ether_type(ip), ip].concat()),
        ("nflog", 239, |ip| {
            // Header, a prefix TLV ("mail\0", padded), then the packet TLV.
            let mut v = vec![if ip[0] >> 4 == 6 { 10 } else { 2 }, 0, 0, 0];
            v.extend_from_slice(&9u16.to_le_bytes());
            v.extend_from_slice(&10u16.to_le_bytes());
            v.extend_from_slice(b"mail\0\0\0\0");
            v.extend_from_slice(&((4 + ip.len()) as u16).to_le_bytes());
            v.extend_from_slice(&9u16.to_le_bytes());
            v.extend_from_slice(ip);
            v
        }),
    ]
}

fn check_all_wrappers(name: &str) -> usize {
    let bytes = fixture(name);
    let p = Pcap::parse(&bytes);
    let orig = analyze(&bytes);
    assert!(!orig.streams.is_empty() && orig.lines().count() > 5);
    let mut n = 0;
    for (what, link, wrap) in wrappers() {
        let link = if link == 228 && p.records.iter().any(|r| ip_of(p.link_type, &r.data)[0] >> 4 == 6) { 229 } else { link };
        let re = p.relink(link, |f| wrap(&ip_of(p.link_type, f)));
        let a: Analysis = analyze_every_way(&re.write(false));
        assert!(a.capture.warnings.is_empty(), "{name} as {what}: {:?}", a.capture.warnings);
        assert_eq!(streams_without_frame_bytes(&a), streams_without_frame_bytes(&orig), "{name} as {what}");
        // Frame bytes grow or shrink by the difference in header length, per packet.
        for (s, o) in a.streams.iter().zip(&orig.streams) {
            let total = |s: &postscope_core::model::Stream| (s.client_bytes + s.server_bytes) as i64;
            let per_packet = (total(s) - total(o)) / s.packets as i64;
            assert_eq!(total(s) - total(o), per_packet * s.packets as i64, "{name} as {what}");
        }
        n += 1;
    }
    n
}

#[test]
fn every_link_header_over_ipv4_ethernet() {
    assert_eq!(check_all_wrappers("smtp-auth-login.pcap"), 16);
    check_all_wrappers("imap-session.pcap");
}

#[test]
fn every_link_header_over_ipv6_from_sll() {
    check_all_wrappers("smtp-ipv6.pcap");
}

#[test]
fn every_link_header_over_three_clients_from_sll2() {
    check_all_wrappers("multi-client.pcap");
}

/// The lab's own SLL and SLL2 recordings.
#[test]
fn linux_cooked_fixtures() {
    let sll = analyze_every_way(&fixture("smtp-ipv6.pcap"));
    assert_eq!(sll.capture.link_types, ["linux_sll"]);
    assert_eq!(sll.streams.len(), 1);
    assert!(sll.streams[0].client.is_ipv6(), "IPv6 client: {}", sll.streams[0].client);
    let sll2 = analyze_every_way(&fixture("multi-client.pcap"));
    assert_eq!(sll2.capture.link_types, ["linux_sll2"]);
    assert_eq!(sll2.streams.len(), 3);
}

/// Raw IP files made by editcap: the link header chopped off and the link
/// type set to LINKTYPE_RAW, LINKTYPE_IPV4 or LINKTYPE_IPV6.
#[test]
fn raw_ip_from_editcap() {
    for (file, orig, link) in [
        ("smtp-auth-login.rawip.pcap", "smtp-auth-login.pcap", "raw"),
        ("pop3-session.rawip4.pcapng", "pop3-session.pcap", "ipv4"),
        ("smtp-ipv6.rawip6.pcap", "smtp-ipv6.pcap", "ipv6"),
    ] {
        let a = analyze_every_way(&format_file(file));
        let o = analyze(&fixture(orig));
        assert_eq!(a.capture.link_types, [link], "{file}");
        assert!(a.capture.warnings.is_empty(), "{file}: {:?}", a.capture.warnings);
        // editcap -C keeps frame.len, so even the byte counts agree.
        assert_eq!(json(&a)["streams"], json(&o)["streams"], "{file}");
    }
}

/// A pcapng with Ethernet frames and frames of two link types Postscope
/// does not read: one note per link type, naming it, and the Ethernet
/// conversation read in full.
#[test]
fn unsupported_link_types_are_named_and_the_rest_is_read() {
    let p = Pcap::parse(&fixture("smtp-auth-login.pcap"));
    let mut w = NgWriter::new(false);
    w.shb(&[]);
    w.idb(1, 0, None, None);
    w.idb(105, 0, None, None);
    w.idb(4242, 0, None, None);
    let mut frame = 0;
    for (i, r) in p.records.iter().enumerate() {
        w.epb(0, i as u64, r.orig_len, &r.data, &[]);
        frame += 1;
        if i == 2 || i == 5 || i == 9 {
            w.epb(1, i as u64, 24, &[0x08; 24], &[]);
            frame += 1;
        }
        if i == 7 {
            w.epb(2, i as u64, 10, &[0; 10], &[]);
            frame += 1;
        }
    }
    let a = analyze_every_way(&w.out);
    assert_eq!(a.capture.packets, frame);
    assert_eq!(a.capture.link_types, ["ethernet", "linktype_105", "linktype_4242"]);
    let orig = analyze(&fixture("smtp-auth-login.pcap"));
    assert_eq!(a.streams.len(), 1);
    let lines = |x: &Analysis| x.lines().map(|l| l.text.clone()).collect::<Vec<_>>();
    assert_eq!(lines(&a), lines(&orig));
    let texts: Vec<String> = a.capture.warnings.iter().map(|n| n.text()).collect();
    let notes: Vec<_> = a.capture.warnings.iter().zip(&texts).map(|(n, text)| (n.kind, n.frame, text.as_str())).collect();
    assert_eq!(
        notes,
        [
            (
                NoteKind::UnsupportedLink,
                Some(4),
                "Frames of link type 105 (Wi-Fi (IEEE 802.11), LINKTYPE_IEEE802_11) cannot be decoded by Postscope, so these 3 frames were passed over (the first is frame 4); the rest of the capture was read. \
                 Postscope reads Ethernet (with VLAN tags), Linux cooked capture (SLL, SLL2), BSD loopback, raw IP, PPP, Cisco HDLC and Linux NFLOG frames."
            ),
            (
                NoteKind::UnsupportedLink,
                Some(11),
                "Frames of link type 4242 (a link type Postscope has no name for) cannot be decoded by Postscope, so this frame was passed over (frame 11); the rest of the capture was read. \
                 Postscope reads Ethernet (with VLAN tags), Linux cooked capture (SLL, SLL2), BSD loopback, raw IP, PPP, Cisco HDLC and Linux NFLOG frames."
            ),
        ]
    );
}

/// A pcap whose only link type is unsupported: no streams, one note.
#[test]
fn a_capture_of_only_an_unsupported_link_type() {
    let mut p = Pcap::parse(&fixture("pop3-session.pcap"));
    p.link_type = 127;
    let a = analyze_every_way(&p.write(false));
    assert!(a.streams.is_empty());
    assert_eq!(a.capture.warnings.len(), 1);
    let n = &a.capture.warnings[0];
    assert_eq!((n.kind, n.frame), (NoteKind::UnsupportedLink, Some(1)));
    assert!(
        n.text().starts_with(&format!(
            "Frames of link type 127 (Wi-Fi with radiotap headers, LINKTYPE_IEEE802_11_RADIOTAP) cannot be decoded by Postscope, so these {} frames were passed over (the first is frame 1)",
            p.records.len()
        )),
        "{}",
        n.text()
    );
}

/// Number of TCP conversations and packets in a corpus oracle.
fn oracle_counts(text: &str) -> (u32, usize) {
    let packets = text
        .lines()
        .find_map(|l| l.strip_prefix("Number of packets:"))
        .map(|v| v.trim().replace(' ', "").trim_end_matches('k').parse().unwrap())
        .unwrap();
    let conv = text.split("## (b)").nth(1).unwrap().split("## (c)").next().unwrap();
    let conversations = conv.lines().filter(|l| l.contains("<->")).count();
    (packets, conversations)
}

/// Real BSD loopback (DLT_NULL) and 802.1Q captures from the public corpus:
/// as many frames as capinfos counts, a conversation for each of tshark's.
#[test]
fn corpus_loopback_and_vlan_captures() {
    let Some(dir) = corpus_dir() else { return };
    let files = [
        ("zeek__zeek/pop3-starttls.pcap", "null"),
        ("OISF__suricata-verify/smtp-pipelining__input.pcap", "null"),
        ("OISF__suricata-verify/smtp-rset__input.pcap", "null"),
        ("OISF__suricata-verify/smtp-rset-starttls__input.pcap", "null"),
        ("OISF__suricata-verify/smtp-pipelined-rset-data-replies__input.pcap", "null"),
        ("OISF__suricata-verify/protocol-change-failed-event__input.pcap", "null"),
        ("OISF__suricata-verify/smtp-url-b64.pcap", "null"),
        ("OISF__suricata-verify/mime-dec-parse-full-msg-test01__input.pcap", "null"),
        ("ntop__nDPI/smtp-starttls.pcap", "ethernet"),
    ];
    for (file, link) in files {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let oracle = std::fs::read_to_string(dir.join(format!("{file}.oracle.txt"))).unwrap();
        let (packets, conversations) = oracle_counts(&oracle);
        let a = analyze_every_way(&bytes);
        assert_eq!(a.capture.link_types, [link], "{file}");
        assert_eq!(a.capture.packets, packets, "{file}");
        // Nothing damaged. (smtp-starttls.pcap joins recordings 4.3 years apart,
        // which is named; formats.rs checks that note against tshark.)
        let damage: Vec<_> = a.capture.warnings.iter().filter(|w| w.kind != NoteKind::FarTimestamp).collect();
        assert!(damage.is_empty(), "{file}: {damage:?}");
        // tshark's table merges reused ports into one row; Postscope splits them.
        assert!(a.streams.len() >= conversations && conversations > 0, "{file}: {} streams, tshark {conversations}", a.streams.len());
        assert!(a.lines().count() > 0, "{file}: no lines");
    }
    // The VLAN capture's IPv6 session is behind an 802.1Q tag.
    let a = analyze(&std::fs::read(dir.join("ntop__nDPI/smtp-starttls.pcap")).unwrap());
    assert!(a.streams.iter().any(|s| s.client.is_ipv6()), "the IPv6 session behind the VLAN tag");
}
