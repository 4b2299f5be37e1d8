//! The capture's notes in the reader's language (issue #16): a note is a
//! fact (catalogue keys `note.*`, `keylog.*` and their arguments), put in
//! words when shown. Every note Postscope writes is made here from a
//! damaged capture, and rendered in Turkish and Chinese: no key may be
//! missing, and no English sentence of the note may be left. The JSON's
//! `message` follows `--lang` (English by default); `kind`, `frame` and
//! `offset` never change.

mod common;
use common::*;
use postscope_core::decrypt::KeyLog;
use postscope_core::explain::{self, entries, parse_locale, Locale};
use postscope_core::model::{Note, NoteKind};
use postscope_core::{analyze, jsonl, Analysis, Options};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

fn login() -> Pcap {
    Pcap::parse(&fixture("smtp-auth-login.pcap"))
}

/// A pcap of single frames of `link_type`, each at its second.
fn frames(link_type: u32, data: &[&[u8]]) -> Vec<u8> {
    let mut f = pcap_header(link_type);
    for (i, d) in data.iter().enumerate() {
        pcap_record(&mut f, 1_700_000_000 + i as u32, d.len() as u32, d);
    }
    f
}

/// An Ethernet + IPv4 + TCP SYN from `sport` to port 25, with `ip` as the IPv4 header's first byte.
fn syn(sport: u16, ip0: u8) -> Vec<u8> {
    let mut f = vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00];
    f.extend_from_slice(&[ip0, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
    f.extend_from_slice(&sport.to_be_bytes());
    f.extend_from_slice(&25u16.to_be_bytes());
    f.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0]);
    f
}

fn not_capture(head: &[u8]) -> Vec<u8> {
    let mut v = head.to_vec();
    v.resize(600, b' ');
    v
}

/// Damaged captures, each of which makes some note; together every note Postscope writes.
fn damaged() -> Vec<(String, Analysis)> {
    let mut out: Vec<(String, Analysis)> = Vec::new();
    let mut add = |name: &str, bytes: &[u8]| out.push((name.to_string(), analyze(bytes, Options::default())));
    let p = login();
    let pcap = p.write(false);
    let ng = format_file("smtp-auth-login.pcapng");
    let gz = format_file("smtp-auth-login.pcap.gz");

    // Files that are no capture.
    add("empty", b"");
    add("gzip of nothing", &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    add("pcap header cut", &pcap[..10]);
    add("three bytes", b"abc");
    for (name, head) in [
        ("zip", &b"PK\x03\x04"[..]),
        ("zstd", &[0x28, 0xb5, 0x2f, 0xfd]),
        ("lz4", &[0x04, 0x22, 0x4d, 0x18]),
        ("bzip2", b"BZh9"),
        ("xz", &[0xfd, b'7', b'z', b'X', b'Z', 0]),
        ("7z", b"7z\xbc\xaf\x27\x1c"),
        ("pdf", b"%PDF-1.7"),
        ("snoop", b"snoop\0\0\0"),
        ("netmon", b"GMBU"),
        ("netxray", b"XCP\0"),
        ("html", b"<!DOCTYPE html><html>"),
        ("packet list", b"No.     Time           Source                Destination"),
        ("json", b"[{\"_source\": {}}]"),
        ("text", b"these are my notes"),
    ] {
        add(name, &not_capture(head));
    }
    add("pcap without packets", &pcap_header(1));
    // pcap headers and records.
    let mut v = pcap.clone();
    v[4] = 3;
    v[16..20].copy_from_slice(&0u32.to_le_bytes());
    add("pcap version 3, snaplen 0", &v);
    let at = 24 + 16 + p.records[0].data.len();
    let mut v = pcap.clone();
    v[at + 8..at + 12].copy_from_slice(&0xffff_fff0u32.to_le_bytes());
    add("pcap record of 4 GiB, then readable records", &v);
    add("pcap record of 4 GiB at the end", &v[..at + 16 + p.records[1].data.len()]);
    add("pcap cut in a record header", &pcap[..at + 7]);
    add("pcap cut in a packet", &pcap[..at + 30]);
    let mut v = pcap.clone();
    v[at + 8..at + 12].copy_from_slice(&200_000u32.to_le_bytes());
    add("pcap length past the end", &v);
    let mut v = pcap[..at].to_vec();
    v.extend_from_slice(&[0xee; 40]);
    v.extend_from_slice(&pcap[at..]);
    add("garbage in a pcap", &v);
    // pcapng blocks.
    let blocks = |b: &[u8]| {
        let mut v = Vec::new();
        let mut i = 0;
        while i + 8 <= b.len() {
            v.push(i);
            i += u32::from_le_bytes(b[i + 4..i + 8].try_into().unwrap()) as usize;
        }
        v
    };
    let at = blocks(&ng);
    for (name, len) in [("pcapng block length 8", 8u32), ("pcapng block length 30", 30), ("pcapng block length 32 MiB", 32 << 20)] {
        let mut v = ng.clone();
        v[at[3] + 4..at[3] + 8].copy_from_slice(&len.to_le_bytes());
        add(name, &v);
    }
    let mut v = ng.clone();
    let end = at[4] - 4;
    v[end..end + 4].copy_from_slice(&4u32.to_le_bytes());
    add("pcapng lengths that disagree", &v);
    let mut v = ng.clone();
    v[at[2] + 4..at[2] + 8].copy_from_slice(&10_000u32.to_le_bytes());
    add("pcapng block length past the end", &v);
    add("pcapng cut in a block header", &ng[..at[3] + 6]);
    add("pcapng cut in a packet block", &ng[..at[3] + 40]);
    add("pcapng cut in an interface block", &ng[..at[1] + 14]);
    let mut v = ng.clone();
    v[8..12].copy_from_slice(&[1, 2, 3, 4]);
    add("pcapng bad byte-order mark", &v);
    let mut v = ng.clone();
    v.extend_from_slice(&ng);
    let second = ng.len();
    v[second + 12] = 2;
    add("pcapng section of version 2", &v);
    let mut w = NgWriter::new(false);
    w.shb(&["a section comment"]);
    w.idb(1, 0, Some(0x7f), None);
    let r = &p.records;
    w.epb(0, 1, r[0].orig_len, &r[0].data, &["a packet comment"]);
    w.epb(5, 2, r[1].orig_len, &r[1].data, &[]);
    let before = w.out.len();
    w.epb(0, 3, r[1].orig_len, &r[1].data, &[]);
    w.out[before + 20..before + 24].copy_from_slice(&5000u32.to_le_bytes());
    let before_opts = w.out.len();
    w.epb(0, 4, r[1].orig_len, &r[1].data, &["a comment"]);
    let opt_len_at = before_opts + 28 + r[1].data.len().div_ceil(4) * 4 + 2;
    w.out[opt_len_at..opt_len_at + 2].copy_from_slice(&300u16.to_le_bytes());
    // A block shorter than its type needs, and a decryption secrets block claiming too much.
    w.block(1, &[1, 0, 0, 0]);
    w.block(10, &[0x4b, 0x53, 0x4c, 0x54, 0xff, 0, 0, 0]);
    add("pcapng damaged blocks", &w.out);
    let mut w = NgWriter::new(false);
    w.shb(&[]);
    w.spb(r[0].orig_len, &r[0].data);
    add("pcapng simple packet before an interface", &w.out);
    let mut w = NgWriter::new(false);
    w.shb(&[]);
    let shb = w.out.clone();
    let mut v = shb.clone();
    v[8..12].copy_from_slice(&[9, 9, 9, 9]);
    w.out.clear();
    w.idb(1, 0, None, None);
    w.epb(0, 1, r[0].orig_len, &r[0].data, &[]);
    w.epb(0, 2, r[1].orig_len, &r[1].data, &[]);
    v.extend_from_slice(&w.out);
    add("pcapng blocks outside any section", &v);
    let mut w = NgWriter::new(false);
    w.shb(&[]);
    w.idb(1, 0, None, None);
    for i in 0..120 {
        w.epb(7, i, r[0].orig_len, &r[0].data, &[]);
    }
    add("more file problems than are kept", &w.out);
    // Block lengths that cannot be right, on every kind of block (their names in the note).
    for (name, t) in [
        ("section header", 0x0A0D_0D0Au32),
        ("obsolete packet", 2),
        ("simple packet", 3),
        ("name resolution", 4),
        ("interface statistics", 5),
        ("systemd journal", 9),
        ("custom", 0x0BAD),
        ("unknown", 0x7777),
    ] {
        let mut w = NgWriter::new(false);
        w.shb(&[]);
        w.idb(1, 0, None, None);
        w.epb(0, 1, r[0].orig_len, &r[0].data, &[]);
        let at = w.out.len();
        w.block(if t == 0x0A0D_0D0A { 1 } else { t }, &[0; 16]);
        if t == 0x0A0D_0D0A {
            w.out[at..at + 4].copy_from_slice(&t.to_le_bytes());
            w.out[at + 8..at + 12].copy_from_slice(&0x1A2B_3C4Du32.to_le_bytes());
        }
        w.out[at + 4..at + 8].copy_from_slice(&30u32.to_le_bytes());
        w.epb(0, 2, r[1].orig_len, &r[1].data, &[]);
        add(&format!("pcapng {name} block of 30 bytes"), &w.out);
    }
    // gzip.
    add("gzip cut short", &gz[..gz.len() - 100]);
    add("gzip without its trailer", &gz[..gz.len() - 8]);
    let mut v = gz.clone();
    let crc = v.len() - 8;
    v[crc] ^= 1;
    add("gzip checksum wrong", &v);
    let mut v = gz.clone();
    v[3] = 0xff;
    add("gzip header broken", &v);
    // Frames.
    let mut d = p.clone();
    d.records[3].data[14] = 0x41;
    d.records[4].data[14] = 0x35;
    d.records[5].data.truncate(14 + 20 + 8);
    d.records[6].data[14 + 20 + 12] = 0x30;
    d.records[7].data.truncate(14 + 10);
    d.records[8].data.clear();
    d.records[9].data.truncate(10);
    add("damaged frames", &d.write(false));
    let mut big = syn(1000, 0x45);
    big[14 + 6..14 + 8].copy_from_slice(&0x1fffu16.to_be_bytes()); // fragment offset 65,528
    big[14 + 2..14 + 4].copy_from_slice(&60u16.to_be_bytes());
    big.extend_from_slice(&[0; 20]);
    add("a fragment past 65,535 bytes", &frames(1, &[&big]));
    add("raw IP headers", &frames(101, &[&[0x75, 0, 0, 20], &[0x45, 0, 0, 20, 0], &[0x41; 20], &[0x60, 0, 0, 0, 0, 20, 6, 64]]));
    for (link, name) in [(0u32, "loopback"), (9, "PPP"), (104, "Cisco HDLC"), (113, "SLL"), (276, "SLL2"), (239, "NFLOG")] {
        add(&format!("{name} frame too short"), &frames(link, &[&[1]]));
    }
    add("unsupported link, one frame", &frames(105, &[&arp_frame()]));
    add("unsupported link, frames", &frames(4000, &[&arp_frame(), &arp_frame()]));
    let mut many = pcap_header(1);
    for i in 0..250 {
        pcap_record(&mut many, 1_700_000_000 + i, 0, &[]);
    }
    add("more frame problems than are kept", &many);
    let mut f = pcap_header(1);
    pcap_record(&mut f, 1_700_000_000, 42, &arp_frame());
    pcap_record(&mut f, 1_700_000_000 + 3 * 86_400, 42, &arp_frame());
    pcap_record(&mut f, 1_700_000_000 + 6 * 86_400, 3_000_000, &arp_frame());
    pcap_record(&mut f, 1_600_000_000, 3_000_000, &arp_frame());
    pcap_record(&mut f, 1_800_000_000, 42, &arp_frame());
    add("far, jumping and too long frames", &f);
    let mut f = pcap_header(1);
    pcap_record(&mut f, 1_700_000_000, 42, &arp_frame());
    pcap_record(&mut f, 1_700_000_000 - 2 * 86_400, 3_000_000, &arp_frame());
    pcap_record(&mut f, 1_000_000_000, 42, &arp_frame());
    add("one far, one jump, one too long", &f);
    let mut f = pcap_header(1);
    pcap_record(&mut f, 1_700_000_000, 42, &arp_frame());
    pcap_record(&mut f, 1_800_000_000, 42, &arp_frame());
    add("a frame years later", &f);
    // Many conversations at once, and a segment after its conversation was handed out.
    let mut f = pcap_header(1);
    for i in 0..(postscope_core::MAX_OPEN as u32 + 10) {
        let mut s = syn((i % 60_000) as u16 + 1024, 0x45);
        s[14 + 12..14 + 16].copy_from_slice(&(0x0a00_0000 + i / 60_000 + 1).to_be_bytes());
        pcap_record(&mut f, 1_700_000_000, s.len() as u32, &s);
    }
    for _ in 0..2 {
        let s = syn(1024, 0x45);
        pcap_record(&mut f, 1_700_000_001, s.len() as u32, &s);
    }
    add("too many conversations, late segments", &f);
    let mut f = pcap_header(1);
    let s = syn(2000, 0x45);
    let mut rst = s.clone();
    rst[14 + 20 + 13] = 0x04;
    pcap_record(&mut f, 1_700_000_000, s.len() as u32, &s);
    pcap_record(&mut f, 1_700_000_000, rst.len() as u32, &rst);
    // Another conversation's segments: a finished one is handed out after LINGER_FRAMES frames of TCP.
    let mut other = syn(3000, 0x45);
    other[14 + 20 + 13] = 0x10;
    for _ in 0..(postscope_core::LINGER_FRAMES + 10) {
        pcap_record(&mut f, 1_700_000_000, other.len() as u32, &other);
    }
    pcap_record(&mut f, 1_700_000_001, s.len() as u32, &s);
    add("a late segment", &f);
    // Key log lines and keys for no connection.
    let ms = "ab".repeat(48);
    let random = "cd".repeat(32);
    let mut lines = vec![
        "CLIENT_RANDOM \u{fffd}".to_string(),
        "CLIENT_RANDOM".to_string(),
        format!("RSA {random} {ms}"),
        format!("CLIENT_RANDOM 12 {ms}"),
        format!("CLIENT_RANDOM {random} xyz"),
        format!("CLIENT_RANDOM {random} abcd"),
        format!("CLIENT_RANDOM {random} {ms} extra"),
        format!("CLIENT_RANDOM {random} {ms}"),
        format!("CLIENT_RANDOM {random} {}", "ef".repeat(48)),
    ];
    for _ in 0..5 {
        lines.push("bogus".into());
    }
    let mut text = b"CLIENT_RANDOM \xff\xfe\n".to_vec();
    text.extend_from_slice(lines.join("\n").as_bytes());
    let log = KeyLog::parse(&text);
    let opts = Options { keylog: Some(Arc::new(log)), ..Options::default() };
    out.push(("key log lines".into(), analyze(&pcap, opts)));
    // A key log inside the capture (a decryption secrets block) with a bad line.
    let mut w = NgWriter::new(false);
    w.shb(&[]);
    let mut body = 0x544c_534bu32.to_le_bytes().to_vec();
    let secret = b"bogus line\n";
    body.extend_from_slice(&(secret.len() as u32).to_le_bytes());
    body.extend_from_slice(secret);
    while !body.len().is_multiple_of(4) {
        body.push(0);
    }
    w.block(10, &body);
    w.idb(1, 0, None, None);
    w.epb(0, 1, r[0].orig_len, &r[0].data, &[]);
    out.push(("key log in the capture".into(), analyze(&w.out, Options::default())));
    out
}

/// Every damaged capture above, the formats and fuzz fixtures, and the corpus.
fn all() -> Vec<(String, Analysis)> {
    let mut out = damaged();
    for dir in ["formats", "fuzz"] {
        for e in std::fs::read_dir(fixtures_dir().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if is_capture(&p) {
                out.push((short(&p), analyze_file(&p)));
            }
        }
    }
    for p in corpus().unwrap_or_default() {
        out.push((short(&p), analyze_file(&p)));
    }
    out
}

fn table(l: Locale) -> HashMap<&'static str, &'static str> {
    parse_locale(l.source().unwrap()).0.into_iter().collect()
}

/// Whether `key`'s English text is a name (or only a value) said the same in every language.
fn same_in_every_language(key: &str) -> bool {
    let e = explain::entry(key).unwrap();
    let without_values = e.text.replace(|c: char| c == '{' || c == '}' || c.is_ascii_digit(), "");
    without_values.trim().is_empty()
        || [
            "PPP",
            "Cisco HDLC",
            "NFLOG",
            "Linux NFLOG",
            "Ethernet",
            "Linux cooked (SLL)",
            "Linux cooked (SLL2)",
            "Linux cooked capture (SLL, SLL2)",
        ]
        .contains(&e.text)
}

/// A `{0}` the rendering did not fill.
fn has_placeholder(s: &str) -> bool {
    s.split('{').skip(1).any(|rest| rest.split_once('}').is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}

#[test]
fn every_note_is_said_in_turkish_and_chinese_without_english() {
    let all = all();
    let notes: Vec<(&str, &Note)> =
        all.iter().flat_map(|(name, a)| a.capture.warnings.iter().chain(&a.capture.comments).map(move |n| (name.as_str(), n))).collect();
    assert!(notes.len() > 100, "only {} notes", notes.len());
    let mut bad = Vec::new();
    for l in [Locale::Tr, Locale::Zh] {
        let t = table(l);
        for (name, n) in &notes {
            let (en, said) = (n.text(), n.say(l));
            for k in n.message.keys() {
                if !t.contains_key(k) {
                    bad.push(format!("{name}: {:?} lacks {k}", l));
                }
            }
            if n.kind == NoteKind::Comment {
                // The capture's own text, in no language of ours.
                assert_eq!(said, en);
                continue;
            }
            if said == en || has_placeholder(&said) {
                bad.push(format!("{name} ({l:?}): {said}"));
            }
            // No English sentence of the note's entries is left (names aside,
            // and the format's own English term given in brackets after ours:
            // "arayüz tanımı bloğu (interface description block)").
            for k in n.message.keys() {
                if same_in_every_language(k) {
                    continue;
                }
                let english = explain::entry(k).unwrap().text;
                let part = english.split(['{', '}']).max_by_key(|s| s.len()).unwrap_or("").trim();
                let bracketed = said.contains(&format!("({part})")) || said.contains(&format!("（{part}）"));
                if part.split_whitespace().count() >= 3 && said.contains(part) && !bracketed {
                    bad.push(format!("{name} ({l:?}): English {part:?} left in: {said}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Every note key of the catalogue is made by some damaged capture above
/// (so the test before renders every one the code writes), and every one has
/// its own words in Turkish and Chinese.
#[test]
fn every_note_key_is_written_by_the_code_and_translated() {
    let mut used = BTreeSet::new();
    for (_, a) in damaged() {
        for n in a.capture.warnings.iter().chain(&a.capture.comments) {
            used.extend(n.message.keys());
        }
    }
    let note_keys: Vec<&str> =
        entries().map(|e| e.key).filter(|k| k.starts_with("note.") && !k.starts_with("note.kind.") || k.starts_with("keylog.")).collect();
    // Keys no capture above can reach, and why.
    let unreached = [
        // A record or block header cut by the end of the file leaves no room for a readable one after it,
        // so the note is always the one that says the file ends there.
        "note.pcap.header_short",
        "note.pcapng.header_short",
        // After damage before the first section, the reader goes back only to a section header,
        // so no block is read outside a section (the check stays, as the reader's own guard).
        "note.pcapng.outside",
        // etherparse reports these only for layers and length sources past those a frame's IP header uses.
        "note.ip.err.big",
        "note.ip.err.big_at",
        "note.ip.err.other",
        "note.layer.ip.title",
        "note.layer.ip",
        "note.layer.ipv4_packet.title",
        "note.layer.ipv4_packet",
        "note.layer.ipv6_packet.title",
        "note.layer.ipv6_packet",
        "note.len_source.ipv4_total",
        "note.len_source.ipv6_payload",
        "note.ip.err.v4_version",
        "note.ip.err.v6_version",
    ];
    let missing: Vec<&&str> = note_keys.iter().filter(|k| !used.contains(**k) && !unreached.contains(*k)).collect();
    let reached: Vec<&&str> = unreached.iter().filter(|k| used.contains(**k)).collect();
    assert!(reached.is_empty(), "{reached:?} are made after all: take them off the list");
    assert!(missing.is_empty(), "no damaged capture here makes {missing:?}");
    for l in [Locale::Tr, Locale::Zh] {
        let t = table(l);
        for k in &note_keys {
            let text = t.get(k).unwrap_or_else(|| panic!("{l:?} lacks {k}"));
            assert!(*text != explain::entry(k).unwrap().text || same_in_every_language(k), "{l:?}: {k} is still English: {text}");
        }
    }
}

#[test]
fn the_json_writes_notes_in_the_chosen_language_and_keeps_everything_else() {
    let mut d = login();
    d.records[3].data[14] = 0x41;
    let mut bytes = d.write(false);
    bytes.truncate(bytes.len() - 5);
    let a = analyze(&bytes, Options::default());
    let en = jsonl::capture_record(&a.capture);
    assert_eq!(en, jsonl::capture_record_in(&a.capture, Locale::En));
    let warnings = |v: &serde_json::Value| v["warnings"].as_array().unwrap().clone();
    assert_eq!(warnings(&en).len(), 2, "{en}");
    for (n, w) in a.capture.warnings.iter().zip(warnings(&en)) {
        assert_eq!(w["message"], n.text());
    }
    for l in [Locale::Tr, Locale::Zh] {
        let other = jsonl::capture_record_in(&a.capture, l);
        for (e, o) in warnings(&en).iter().zip(warnings(&other)) {
            for field in ["kind", "frame", "offset"] {
                assert_eq!(e[field], o[field], "{field}");
            }
            assert_ne!(e["message"], o["message"]);
        }
        // The whole output in that language starts with that record.
        let mut out = Vec::new();
        jsonl::write_in(&a, l, &mut out).unwrap();
        let first: serde_json::Value = serde_json::from_slice(out.split(|b| *b == b'\n').next().unwrap()).unwrap();
        assert_eq!(first, other);
    }
    // Turkish, as a student reads it: the frame, and what was wrong with its IPv4 header (RFC 791 §3.1: IHL counts 32-bit words, at least 5).
    let ip = a.capture.warnings.iter().find(|n| n.kind == NoteKind::IpHeader).unwrap();
    let tr = ip.say(Locale::Tr);
    assert!(tr.starts_with("4. çerçeve atlandı: IP başlığı hasarlı: ") && tr.contains("'1'"), "{tr}");
}
