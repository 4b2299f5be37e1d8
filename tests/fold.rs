//! The transcript's grouping (`postscope_web::fold`) on the lab's captures:
//! what is folded into one expandable item, and that every item is still
//! in exactly one group, in order.
#![cfg(not(target_arch = "wasm32"))]

use postscope_core::model::{Analysis, Item, LineKind, TlsKind};
use postscope_web::fold::{group, split_list, Group};
use std::path::Path;

fn analyse(file: &str) -> Analysis {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(file);
    postscope_core::analyze(&std::fs::read(path).unwrap(), Default::default())
}

fn covered(items: &[Item], groups: &[Group]) {
    let mut next = 0;
    for g in groups {
        let (start, end) = match *g {
            Group::One(i) => (i, i + 1),
            Group::Content { start, end }
            | Group::ReplyLines { start, end }
            | Group::TlsRun { start, end }
            | Group::TcpRun { start, end } => (start, end),
        };
        assert_eq!(start, next, "groups out of order or overlapping: {groups:?}");
        assert!(end > start);
        next = end;
    }
    assert_eq!(next, items.len());
}

/// RFC 5321 §4.2.1: the EHLO reply is one reply of many lines ("250-" until
/// the last "250 "). Its first line stays on its own, the ten keyword lines
/// after it are one folded item; the twenty encrypted records after
/// STARTTLS (RFC 3207 §4) are one folded item too.
#[test]
fn ehlo_keywords_and_encrypted_records_are_folded() {
    let a = analyse("smtp-starttls-587.pcap");
    let items = &a.streams[0].items;
    let groups = group(items);
    covered(items, &groups);
    let replies: Vec<_> =
        groups.iter().filter_map(|g| if let Group::ReplyLines { start, end } = g { Some((*start, *end)) } else { None }).collect();
    assert_eq!(replies.len(), 1, "{groups:?}");
    let (start, end) = replies[0];
    let texts: Vec<&str> = items[start..end].iter().map(|i| if let Item::Line(l) = i { l.text.as_str() } else { "" }).collect();
    assert_eq!(texts.first(), Some(&"250-PIPELINING"));
    assert_eq!(texts.last(), Some(&"250 CHUNKING"));
    assert_eq!(texts.len(), 10);
    let Item::Line(first) = &items[start - 1] else { panic!() };
    assert_eq!(first.text, "250-mail.lab.example");
    let runs: Vec<_> =
        groups.iter().filter_map(|g| if let Group::TlsRun { start, end } = g { Some((*start, *end)) } else { None }).collect();
    assert_eq!(runs.len(), 1, "{groups:?}");
    let records = items[runs[0].0..runs[0].1].iter().filter(|i| matches!(i, Item::Tls(t) if t.kind == TlsKind::ApplicationData)).count();
    let all = items.iter().filter(|i| matches!(i, Item::Tls(t) if t.kind == TlsKind::ApplicationData)).count();
    assert_eq!(records, all, "every application-data record is in the one run");
    assert!(records >= 15, "{records}");
    // The hellos are not folded.
    assert!(groups.iter().any(|g| matches!(g, Group::One(i) if matches!(&items[*i], Item::Tls(t) if t.kind == TlsKind::ClientHello))));
}

/// A reply of one line, or of fewer lines than are worth folding, is not folded;
/// commands and credentials never are.
#[test]
fn nothing_else_is_folded_in_a_plain_login() {
    let a = analyse("smtp-auth-login.pcap");
    let items = &a.streams[0].items;
    let groups = group(items);
    covered(items, &groups);
    for g in &groups {
        if let Group::One(_) = g {
            continue;
        }
        let start = g.start();
        assert!(
            matches!(&items[start], Item::Line(l) if l.kind == LineKind::Reply || l.kind == LineKind::Content),
            "folded from {:?}",
            items[start]
        );
    }
    assert!(groups.iter().all(|g| !matches!(g, Group::TlsRun { .. })));
    for i in items
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            matches!(i, Item::Credential(_) | Item::Message(_) | Item::Line(postscope_core::model::Line { kind: LineKind::Command, .. }))
        })
        .map(|(n, _)| n)
    {
        assert!(groups.contains(&Group::One(i)), "item {i} is folded");
    }
}

/// Every lab capture: the groups cover every item once, in order.
#[test]
fn every_fixture_is_covered() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "pcap" || x == "pcapng") {
            let a = postscope_core::analyze(&std::fs::read(&p).unwrap(), Default::default());
            for s in &a.streams {
                covered(&s.items, &group(&s.items));
                n += 1;
            }
        }
    }
    assert!(n > 40, "{n} streams");
}

/// RFC 9051 §7.2.2: a CAPABILITY response's explanation is a sentence, then one
/// explained capability per line; the list is split off to be folded.
#[test]
fn a_capability_list_splits_off() {
    let (head, list) = split_list("* CAPABILITY: the list: [RFC 9051 §7.2.2]\nIMAP4rev1: ... [RFC 3501]\nIDLE: ... [RFC 2177]\n");
    assert_eq!(head, "* CAPABILITY: the list: [RFC 9051 §7.2.2]");
    assert_eq!(list, vec!["IMAP4rev1: ... [RFC 3501]", "IDLE: ... [RFC 2177]"]);
    assert_eq!(split_list("one sentence."), ("one sentence.", vec![]));
}

/// A pcap record of an Ethernet/IPv4/TCP frame from 10.0.0.1:40000 (the
/// client) or 10.0.0.2:25 (checksums are not checked by the reader).
fn frame(out: &mut Vec<u8>, client: bool, seq: &mut [u32; 2], flags: u8, payload: &[u8]) {
    let (i, j) = if client { (0, 1) } else { (1, 0) };
    let len = (54 + payload.len()) as u32;
    out.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0]);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&[2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00, 0x45, 0]);
    out.extend_from_slice(&((40 + payload.len()) as u16).to_be_bytes());
    out.extend_from_slice(&[0, 0, 0x40, 0, 64, 6, 0, 0]);
    let (a, b) = ([10, 0, 0, 1], [10, 0, 0, 2]);
    let (src, dst, sport, dport) = if client { (a, b, 40000u16, 25u16) } else { (b, a, 25, 40000) };
    out.extend_from_slice(&src);
    out.extend_from_slice(&dst);
    out.extend_from_slice(&sport.to_be_bytes());
    out.extend_from_slice(&dport.to_be_bytes());
    out.extend_from_slice(&seq[i].to_be_bytes());
    out.extend_from_slice(&seq[j].to_be_bytes());
    out.extend_from_slice(&[0x50, flags, 0xff, 0xff, 0, 0, 0, 0]);
    out.extend_from_slice(payload);
    seq[i] = seq[i].wrapping_add(payload.len() as u32 + u32::from(flags & 0x02 != 0));
}

/// A message past its first MAX_CONTENT_LINES lines: the item that counts
/// the rest is content too, so the whole message is still one folded run
/// (with the lines it stands for counted by the transcript).
#[test]
fn the_item_for_a_long_message_s_rest_folds_with_its_lines() {
    let n = postscope_core::mail::dialogue::MAX_CONTENT_LINES as usize;
    let mut pcap = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0];
    let mut seq = [1000u32, 5000u32];
    frame(&mut pcap, true, &mut seq, 0x02, b"");
    frame(&mut pcap, false, &mut seq, 0x12, b"");
    frame(&mut pcap, true, &mut seq, 0x10, b"");
    let mut said = |pcap: &mut Vec<u8>, client: bool, text: &[u8]| {
        for piece in text.chunks(60_000) {
            frame(pcap, client, &mut seq, 0x18, piece);
        }
    };
    said(&mut pcap, false, b"220 mx ESMTP\r\n");
    said(&mut pcap, true, b"EHLO c\r\n");
    said(&mut pcap, false, b"250 mx\r\n");
    said(&mut pcap, true, b"MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nDATA\r\n");
    said(&mut pcap, false, b"250 ok\r\n250 ok\r\n354 go\r\n");
    said(&mut pcap, true, "body\r\n".repeat(n + 5).as_bytes());
    said(&mut pcap, true, b".\r\nQUIT\r\n");
    said(&mut pcap, false, b"250 queued\r\n221 bye\r\n");
    let a = postscope_core::analyze(&pcap, Default::default());
    let items = &a.streams[0].items;
    let groups = group(items);
    covered(items, &groups);
    let runs: Vec<_> =
        groups.iter().filter_map(|g| if let Group::Content { start, end } = g { Some((*start, *end)) } else { None }).collect();
    assert_eq!(runs.len(), 1, "{groups:?}");
    let lines: Vec<_> = items[runs[0].0..runs[0].1].iter().filter_map(|i| if let Item::Line(l) = i { Some(l) } else { None }).collect();
    assert_eq!(lines.iter().map(|l| l.stands_for()).sum::<u64>(), n as u64 + 6, "the body lines and the dot");
    assert_eq!(lines.iter().filter(|l| l.elided.is_some()).count(), 1);
}
