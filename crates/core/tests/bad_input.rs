//! Bad input: each case gives one clear message naming what and where,
//! keeps everything read before it (checked against a clean file holding the
//! same packets), never panics, and reads the same fed whole, in 7-byte and
//! in 1-byte chunks (`analyze_every_way`). Memory is checked in memory.rs.

mod common;
use common::*;
use postscope_core::model::{Note, NoteKind};
use postscope_core::Analysis;

/// The only warning of an analysis, which must be of this kind.
fn only_warning(a: &Analysis, kind: NoteKind) -> &Note {
    assert_eq!(a.capture.warnings.len(), 1, "{:#?}", a.capture.warnings);
    assert_eq!(a.capture.warnings[0].kind, kind, "{:#?}", a.capture.warnings);
    &a.capture.warnings[0]
}

/// The kinds of an analysis' warnings, in order.
fn kinds(a: &Analysis) -> Vec<NoteKind> {
    a.capture.warnings.iter().map(|n| n.kind).collect()
}

/// The analysis without its warnings, to compare with a clean file's.
fn without_warnings(a: &Analysis) -> serde_json::Value {
    let mut v = json(a);
    v["capture"]["warnings"] = serde_json::json!([]);
    v
}

fn login() -> (Vec<u8>, Pcap) {
    let b = fixture("smtp-auth-login.pcap");
    let p = Pcap::parse(&b);
    (b, p)
}

/// File offset of record `i` (from 0) of a pcap.
fn record_offset(p: &Pcap, i: usize) -> usize {
    24 + p.records[..i].iter().map(|r| 16 + r.data.len()).sum::<usize>()
}

/// Offsets of the blocks of a little-endian pcapng.
fn block_offsets(b: &[u8]) -> Vec<usize> {
    let mut v = Vec::new();
    let mut i = 0;
    while i + 8 <= b.len() {
        v.push(i);
        i += u32::from_le_bytes(b[i + 4..i + 8].try_into().unwrap()) as usize;
    }
    v
}

#[test]
fn empty_file() {
    let a = analyze_every_way(b"");
    let n = only_warning(&a, NoteKind::NotACapture);
    assert_eq!(n.text(), "The file is empty (0 bytes): there is no capture in it. Was it saved or downloaded completely?");
    assert_eq!((n.frame, n.offset), (None, Some(0)));
    assert_eq!(a.capture.format, "unknown");
    assert!(a.streams.is_empty());
    // A gzip file of nothing.
    let e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let a = analyze_every_way(&e.finish().unwrap());
    assert_eq!(
        only_warning(&a, NoteKind::NotACapture).text(),
        "The file is gzip-compressed but holds nothing once decompressed: there is no capture in it."
    );
}

#[test]
fn a_few_bytes() {
    let (b, _) = login();
    let a = analyze_every_way(&b[..3]);
    assert_eq!(
        only_warning(&a, NoteKind::NotACapture).text(),
        "The file is only 3 bytes long, too short to be a capture: a pcap file header alone is 24 bytes, a pcapng section header at least 28."
    );
    let a = analyze_every_way(&b[..20]);
    assert_eq!(
        only_warning(&a, NoteKind::NotACapture).text(),
        "The file starts like a pcap capture but ends after 20 bytes, inside its 24-byte file header: it holds no packets."
    );
}

#[test]
fn not_a_capture() {
    let a = analyze_every_way(b"Hello, this is a mail, not a capture\n");
    let n = only_warning(&a, NoteKind::NotACapture);
    assert_eq!(
        n.text(),
        "This is not a packet capture: it starts with the bytes 48 65 6c 6c (\"Hell\") where a pcap file starts with d4 c3 b2 a1 or a1 b2 c3 d4 and a pcapng file with 0a 0d 0d 0a. \
         Postscope reads .pcap and .pcapng files, also gzip-compressed, as Wireshark and tcpdump save them."
    );
    assert_eq!((n.frame, n.offset), (None, Some(0)));
    let page = "<!DOCTYPE html>\n<html><head><title>smtp.pcap</title></head><body>".to_string() + &"x".repeat(1000);
    let a = analyze_every_way(page.as_bytes());
    assert!(only_warning(&a, NoteKind::NotACapture)
        .text()
        .ends_with("It is a web page (HTML): the download probably saved the page instead of the capture file."));
    let a = analyze_every_way(b"PK\x03\x04\x14\x00\x00\x00\x08\x00capture.pcap");
    assert!(only_warning(&a, NoteKind::NotACapture)
        .text()
        .ends_with("It is a ZIP archive: unpack it first and open the .pcap or .pcapng file inside."));
    let a = analyze_every_way(&[0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]);
    assert!(only_warning(&a, NoteKind::NotACapture).text().contains("It is zstd-compressed"));
    // gzip around something that is not a capture.
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut e, b"just text, compressed").unwrap();
    let a = analyze_every_way(&e.finish().unwrap());
    assert!(a.capture.gzip);
    assert!(only_warning(&a, NoteKind::NotACapture)
        .text()
        .starts_with("This is not a packet capture: it starts with the bytes 6a 75 73 74 (\"just\")"));
}

#[test]
fn truncated_last_packet() {
    let (b, p) = login();
    let last = p.records.len() - 1;
    let a = analyze_every_way(&b[..b.len() - 10]);
    let n = only_warning(&a, NoteKind::Truncated);
    assert_eq!(
        n.text(),
        "The file ends in the middle of packet 27: its record at byte 3026 says it holds 66 bytes, but only 56 of them are there. \
         The file was probably cut short, by an interrupted capture or download; the 26 packets before it were read."
    );
    assert_eq!((n.frame, n.offset), (Some(27), Some(record_offset(&p, last) as u64)));
    let clean = Pcap { records: p.records[..last].to_vec(), ..p.clone() };
    assert_eq!(without_warnings(&a), json(&analyze(&clean.write(false))));

    // Cut inside the record header.
    let a = analyze_every_way(&b[..record_offset(&p, last) + 10]);
    assert_eq!(
        only_warning(&a, NoteKind::Truncated).text(),
        "The file ends in the middle of the record header of packet 27 at byte 3026: 10 of its 16 bytes are there. \
         The file was probably cut short, by an interrupted capture or download; the 26 packets before it were read."
    );
    assert_eq!(without_warnings(&a), json(&analyze(&clean.write(false))));

    // The same in pcapng.
    let ng = format_file("smtp-auth-login.pcapng");
    let a = analyze_every_way(&ng[..ng.len() - 10]);
    assert_eq!(
        only_warning(&a, NoteKind::Truncated).text(),
        "The file ends in the middle of packet 27 (the enhanced packet block at byte 3580): the block says it is 100 bytes long, but only 90 of them are there. \
         The file was probably cut short, by an interrupted capture or download; the 26 packets before it were read."
    );
    assert_eq!(a.capture.packets, 26);
    assert_eq!(json(&a)["streams"], json(&analyze(&clean.write(false)))["streams"]);
}

/// A block whose length runs past the end of the file: at the end it is a
/// file cut short; in the middle a damaged length, and reading goes on at
/// the next block that makes sense.
#[test]
fn block_length_past_the_end() {
    let ng = format_file("smtp-auth-login.pcapng");
    let blocks = block_offsets(&ng);
    let orig = analyze(&ng);
    // Blocks: section header, interface, then one per packet.
    let at = blocks[2 + 8];
    let mut b = ng.clone();
    b[at + 4..at + 8].copy_from_slice(&100_000u32.to_le_bytes());
    let a = analyze_every_way(&b);
    let n = only_warning(&a, NoteKind::BadLength);
    assert_eq!(
        n.text(),
        format!(
            "The enhanced packet block at byte {at} gives its length as 100000 bytes, more than the {} left in the file: its length is damaged. \
             Reading went on at byte {}, where the next readable record starts, after passing over {} bytes. \
             Wireshark stops reading at the damage, so it shows neither packet 9 nor those after it.",
            ng.len() - at,
            blocks[2 + 9],
            blocks[2 + 9] - at
        )
    );
    assert_eq!((n.frame, n.offset), (Some(9), Some(at as u64)));
    assert_eq!(a.capture.packets, orig.capture.packets - 1);
    // The last block says it is longer than what is left.
    let last = *blocks.last().unwrap();
    let mut b = ng.clone();
    b[last + 4..last + 8].copy_from_slice(&200u32.to_le_bytes());
    let a = analyze_every_way(&b);
    assert_eq!(
        only_warning(&a, NoteKind::Truncated).text(),
        "The file ends in the middle of packet 27 (the enhanced packet block at byte 3580): the block says it is 200 bytes long, but only 100 of them are there. \
         The file was probably cut short, by an interrupted capture or download; the 26 packets before it were read."
    );
}

#[test]
fn four_gib_length_in_pcap() {
    let (b, p) = login();
    let at = record_offset(&p, 4);
    let mut d = b.clone();
    d[at + 8..at + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    let a = analyze_every_way(&d);
    let n = only_warning(&a, NoteKind::BadLength);
    assert_eq!(
        n.text(),
        format!(
            "The record of packet 5 at byte {at} says the packet holds 4294967295 bytes, more than the 262144 any capture tool writes: the record header is damaged. \
             Reading went on at byte {}, where the next readable record starts, after passing over {} bytes. \
             Wireshark stops reading at the damage, so it shows neither packet 5 nor those after it.",
            at + 16 + p.records[4].data.len(),
            16 + p.records[4].data.len()
        )
    );
    assert_eq!((n.frame, n.offset), (Some(5), Some(at as u64)));
    // What is read is exactly the file without that record.
    let mut clean = p.clone();
    clean.records.remove(4);
    assert_eq!(without_warnings(&a), json(&analyze(&clean.write(false))));

    // In the last record: nothing follows.
    let at = record_offset(&p, p.records.len() - 1);
    let mut d = b.clone();
    d[at + 8..at + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    let a = analyze_every_way(&d);
    assert_eq!(
        only_warning(&a, NoteKind::BadLength).text(),
        format!(
            "The record of packet 27 at byte {at} says the packet holds 4294967295 bytes, more than the 262144 any capture tool writes: the record header is damaged. \
             Nothing readable follows in the last 82 bytes of the file; the 26 packets before the damage were read."
        )
    );
}

#[test]
fn four_gib_length_in_pcapng() {
    let ng = format_file("smtp-auth-login.pcapng");
    let blocks = block_offsets(&ng);
    for (len, why) in [
        (0xFFFF_FFFCu32, "4294967292 bytes, which is more than the 16 MiB a block may hold"),
        (0xFFFF_FFFF, "4294967295 bytes, which is not a multiple of 4, as every pcapng block length is"),
        (8, "8 bytes, which is less than the 12 bytes of an empty block"),
    ] {
        let at = blocks[2 + 8];
        let mut b = ng.clone();
        b[at + 4..at + 8].copy_from_slice(&len.to_le_bytes());
        let a = analyze_every_way(&b);
        let n = only_warning(&a, NoteKind::BadLength);
        assert!(
            n.text().starts_with(&format!(
                "The enhanced packet block at byte {at} (before packet 9) gives its length as {why}: the block header is damaged. Reading went on at byte {}",
                blocks[2 + 9]
            )),
            "{}",
            n.text()
        );
        assert_eq!(a.capture.packets, 26);
    }
}

/// The start and end lengths of a block disagree.
#[test]
fn block_lengths_that_disagree() {
    let ng = format_file("smtp-auth-login.pcapng");
    let blocks = block_offsets(&ng);
    let at = blocks[2 + 3];
    let end = blocks[2 + 4];
    let mut b = ng.clone();
    b[end - 4..end].copy_from_slice(&12u32.to_le_bytes());
    let a = analyze_every_way(&b);
    let n = only_warning(&a, NoteKind::BadLength);
    assert!(
        n.text().starts_with(&format!(
            "The enhanced packet block at byte {at} (before packet 4) gives its length as {} bytes at its start but as 12 at its end: the block is damaged. Reading went on at byte {end}",
            end - at
        )),
        "{}",
        n.text()
    );
    assert_eq!(a.capture.packets, 26);
}

#[test]
fn zero_snaplen() {
    let (b, _) = login();
    let mut d = b.clone();
    d[16..20].copy_from_slice(&[0; 4]);
    let a = analyze_every_way(&d);
    let n = only_warning(&a, NoteKind::UnusualHeader);
    assert_eq!(
        n.text(),
        "The pcap file header (at byte 16) gives a snapshot length of 0, which no capture tool writes; the packets were read with the lengths their own records give."
    );
    assert_eq!((n.frame, n.offset), (None, Some(16)));
    assert_eq!(json(&a)["streams"], json(&analyze(&b))["streams"]);
}

/// Garbage between two records: everything before and after is read.
#[test]
fn garbage_in_the_middle_of_a_pcap() {
    let (b, p) = login();
    let at = record_offset(&p, 4);
    for garbage in [vec![0x5a; 100], (0..=255u8).collect::<Vec<_>>(), b"\r\n".to_vec(), vec![0xff; 16]] {
        let mut d = b[..at].to_vec();
        d.extend_from_slice(&garbage);
        d.extend_from_slice(&b[at..]);
        let a = analyze_every_way(&d);
        let n = only_warning(&a, NoteKind::BadLength);
        assert!(n.text().starts_with(&format!("The record of packet 5 at byte {at} says the packet holds ")), "{}", n.text());
        assert!(
            n.text().ends_with(&format!(
                "Reading went on at byte {}, where the next readable record starts, after passing over {} bytes. \
                 Wireshark stops reading at the damage, so it shows neither packet 5 nor those after it.",
                at + garbage.len(),
                garbage.len()
            )),
            "{}",
            n.text()
        );
        assert_eq!(without_warnings(&a), json(&analyze(&b)));
    }
    // Zeros are records too: empty packets with a zero time (1970), as
    // Wireshark reads them. Each is said to be empty, and their time, 56.9
    // years before the lab's frame 1 (2026), is named; nothing else changes.
    let mut d = b[..at].to_vec();
    d.extend_from_slice(&[0; 32]);
    d.extend_from_slice(&b[at..]);
    let a = analyze_every_way(&d);
    let texts: Vec<String> = a.capture.warnings.iter().map(|n| n.text()).collect();
    let notes: Vec<(Option<u32>, &str)> = a.capture.warnings.iter().zip(&texts).map(|(n, text)| (n.frame, text.as_str())).collect();
    assert_eq!(
        notes,
        [
            (Some(5), "frame 5 was passed over: the frame is empty: its record holds no bytes"),
            (Some(6), "frame 6 was passed over: the frame is empty: its record holds no bytes"),
            (
                Some(5),
                "2 frames were captured more than a year before or after frame 1 (the first is frame 5, 56.9 years earlier). \
                 Either the file joins recordings made at different times, or a clock or the file is wrong; times and durations \
                 across that jump are not those of one conversation (Wireshark shows the same times)."
            ),
        ]
    );
    assert_eq!(kinds(&a), [NoteKind::EmptyFrame, NoteKind::EmptyFrame, NoteKind::FarTimestamp]);
    assert_eq!(a.capture.packets, 29);
    let lines = |x: &Analysis| x.lines().map(|l| l.text.clone()).collect::<Vec<_>>();
    assert_eq!(lines(&a), lines(&analyze(&b)));
}

#[test]
fn garbage_in_the_middle_of_a_pcapng() {
    let ng = format_file("smtp-auth-login.pcapng");
    let blocks = block_offsets(&ng);
    let at = blocks[2 + 8];
    let mut d = ng[..at].to_vec();
    d.extend_from_slice(&[0x5a; 103]);
    d.extend_from_slice(&ng[at..]);
    let a = analyze_every_way(&d);
    assert_eq!(
        only_warning(&a, NoteKind::BadLength).text(),
        format!(
            "The block of type 0x5a5a5a5a at byte {at} (before packet 9) gives its length as 1515870810 bytes, which is not a multiple of 4, as every pcapng block length is: the block header is damaged. \
             Reading went on at byte {}, where the next readable record starts, after passing over 103 bytes. \
             Wireshark stops reading at the damage, so it shows neither packet 9 nor those after it.",
            at + 103
        )
    );
    assert_eq!(without_warnings(&a), json(&analyze(&ng)));
    // Garbage that runs to the end of the file.
    let mut d = ng[..at].to_vec();
    d.extend_from_slice(&[0x33; 500]);
    let a = analyze_every_way(&d);
    assert!(only_warning(&a, NoteKind::BadLength)
        .text()
        .ends_with("Nothing readable follows in the last 500 bytes of the file; the 8 packets before the damage were read."));
}

/// The two damaged files of the public corpus: tshark stops after 18 and 8
/// packets; Postscope says where and why, and reads on past the damage.
#[test]
fn corpus_damaged_files() {
    let Some(dir) = corpus_dir() else { return };
    let a = analyze_every_way(
        &std::fs::read(dir.join("OISF__suricata-verify/smtp-to-comma__10.7.29.101_49898-178.63.41.150_25.pcap")).unwrap(),
    );
    let n = only_warning(&a, NoteKind::BadLength);
    assert_eq!(
        n.text(),
        "The record of packet 19 at byte 3695 says the packet holds 3925868813 bytes, more than the 262144 any capture tool writes: the record header is damaged. \
         Reading went on at byte 3698, where the next readable record starts, after passing over 3 bytes. \
         Wireshark stops reading at the damage, so it shows neither packet 19 nor those after it."
    );
    assert_eq!(a.capture.packets, 199);
    // The 18 frames tshark reads are the same 18 here: the first stream's
    // frames up to 18 carry the lines tshark lists.
    let early: Vec<u32> = a.lines().filter(|l| l.frame <= 18).map(|l| l.frame).collect();
    for f in [4, 5, 7, 8, 10, 11, 13, 14, 16, 18] {
        assert!(early.contains(&f), "frame {f} has a line: {early:?}");
    }
    let a = analyze_every_way(&std::fs::read(dir.join("DanieleDeSensi__peafowl/imap.cap")).unwrap());
    let n = only_warning(&a, NoteKind::BadLength);
    assert!(
        n.text().starts_with(
            "The record of packet 9 at byte 874 says the packet holds 1358954496 bytes, more than the 262144 any capture tool writes"
        ),
        "{}",
        n.text()
    );
    assert!(a.capture.packets > 8);
}

#[test]
fn gzip_cut_short_or_damaged() {
    let gz = format_file("smtp-auth-login.pcap.gz");
    let a = analyze_every_way(&gz[..gz.len() - 100]);
    let texts: Vec<String> = a.capture.warnings.iter().map(|n| n.text()).collect();
    let w: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(kinds(&a), [NoteKind::Compression, NoteKind::Truncated]);
    assert!(
        w[0].starts_with(&format!(
            "The gzip-compressed file ends before its compressed data does (after {} compressed bytes",
            gz.len() - 100
        )),
        "{}",
        w[0]
    );
    assert!(w[1].starts_with("The file ends in the middle of "), "{}", w[1]);
    // The packets that were whole are all there.
    let (_, p) = login();
    let clean = Pcap { records: p.records[..a.capture.packets as usize].to_vec(), ..p.clone() };
    assert_eq!(json(&a)["streams"], json(&analyze(&clean.write(false)))["streams"]);
    // Only the trailer lost: every packet read, the end said to be wrong.
    let a = analyze_every_way(&gz[..gz.len() - 8]);
    assert_eq!(a.capture.packets, 27);
    assert_eq!(
        only_warning(&a, NoteKind::Compression).text(),
        format!(
            "The gzip-compressed file does not end as a whole one does: the checksum and length in its last 8 bytes (after {} compressed bytes) do not match what it decompressed to. \
             It was cut short, or its data is damaged; the packets read are kept, but some may hold wrong bytes.",
            gz.len() - 8
        )
    );
    // Only the checksum wrong: the data is damaged somewhere.
    let mut d = gz.clone();
    let crc = d.len() - 8;
    d[crc] ^= 1;
    let a = analyze_every_way(&d);
    assert_eq!(a.capture.packets, 27);
    assert_eq!(
        only_warning(&a, NoteKind::Compression).text(),
        format!(
            "The gzip-compressed file is damaged: the checksum at its end (after {} compressed bytes) does not match what it decompressed to, so some packets may hold wrong bytes.",
            gz.len()
        )
    );
    // Flipped bytes inside the compressed data: caught by the checksum at the latest.
    let mut d = gz.clone();
    for x in &mut d[600..620] {
        *x ^= 0xff;
    }
    let a = analyze_every_way(&d);
    assert!(kinds(&a).contains(&NoteKind::Compression), "{:#?}", a.capture.warnings);
    assert!(
        a.capture.warnings.iter().any(|n| n.text().starts_with("The gzip-compressed file does not end as a whole one does")
            || n.text().starts_with("The gzip compression is damaged between compressed bytes")),
        "{:#?}",
        a.capture.warnings
    );
    // A broken gzip header.
    let mut d = gz.clone();
    d[3] = 0xff;
    let a = analyze_every_way(&d);
    let n = only_warning(&a, NoteKind::Compression);
    assert!(n.text().starts_with("The gzip compression is damaged between compressed bytes 0 and "), "{}", n.text());
}

/// Problems inside a readable block: an interface that was never described,
/// a packet longer than its block, damaged options, a section of another
/// version. Each is said, and the rest is read.
#[test]
fn damaged_pcapng_blocks() {
    let (_, p) = login();
    let r = &p.records;
    let mut w = NgWriter::new(false);
    w.shb(&[]);
    w.idb(1, 0, None, None);
    w.epb(0, 1, r[0].orig_len, &r[0].data, &[]);
    w.epb(3, 2, r[1].orig_len, &r[1].data, &[]);
    let at_unknown_if = w.out.len() - (32 + r[1].data.len().div_ceil(4) * 4);
    // Packet length beyond its block: write a block, then shrink caplen's room.
    let before = w.out.len();
    w.epb(0, 3, r[1].orig_len, &r[1].data, &[]);
    w.out[before + 20..before + 24].copy_from_slice(&5000u32.to_le_bytes());
    // Options that run past the block.
    let before_opts = w.out.len();
    w.epb(0, 4, r[1].orig_len, &r[1].data, &["a comment"]);
    let opt_len_at = before_opts + 28 + r[1].data.len().div_ceil(4) * 4 + 2;
    w.out[opt_len_at..opt_len_at + 2].copy_from_slice(&300u16.to_le_bytes());
    let a = analyze_every_way(&w.out);
    let texts: Vec<String> = a.capture.warnings.iter().map(|n| n.text()).collect();
    let msgs: Vec<(Option<u32>, Option<u64>, &str)> =
        a.capture.warnings.iter().zip(&texts).map(|(n, text)| (n.frame, n.offset, text.as_str())).collect();
    let blen = 32 + r[1].data.len().div_ceil(4) * 4;
    assert_eq!(
        msgs,
        [
            (
                Some(2),
                Some(at_unknown_if as u64),
                format!("The enhanced packet block at byte {at_unknown_if} (packet 2) belongs to interface 3, but its section describes only 1 interfaces; the packet was passed over.").as_str()
            ),
            (
                Some(2),
                Some(before as u64),
                format!("The enhanced packet block at byte {before} (packet 2) says its packet holds 5000 bytes, but the block has room for only {}; the packet was passed over.", blen - 32).as_str()
            ),
            (
                Some(2),
                Some(before_opts as u64),
                format!("The options of the enhanced packet block at byte {before_opts} are damaged (option 1 says it is 300 bytes long, but only 16 bytes of options remain); the block was read without the rest of them.").as_str()
            ),
        ]
    );
    assert_eq!(kinds(&a), [NoteKind::DamagedBlock, NoteKind::DamagedBlock, NoteKind::DamagedOptions]);
    assert_eq!(a.capture.packets, 2);

    // A section of version 2: reading stops there, with what came before kept.
    let mut b = format_file("smtp-auth-login.pcapng");
    let second = b.len();
    b.extend(format_file("pop3-apop.nsec.pcapng"));
    b[second + 12] = 2;
    let a = analyze_every_way(&b);
    assert_eq!(
        only_warning(&a, NoteKind::UnsupportedVersion).text(),
        format!("The pcapng section at byte {second} is version 2.0; Postscope, like Wireshark, reads only version 1 sections, so reading stops here.")
    );
    assert_eq!(a.capture.packets, 27);
}

/// Bad IP fragments and damaged headers become per-frame notes.
#[test]
fn damaged_frames_are_noted_by_number() {
    let (_, p) = login();
    let mut d = p.clone();
    // Frame 4: an IPv4 header length below the minimum.
    d.records[3].data[14] = 0x41;
    // Frame 6: cut inside the TCP header.
    d.records[5].data.truncate(14 + 20 + 8);
    let a = analyze_every_way(&d.write(false));
    let texts: Vec<String> = a.capture.warnings.iter().map(|n| n.text()).collect();
    let notes: Vec<(Option<u32>, &str)> = a.capture.warnings.iter().zip(&texts).map(|(n, text)| (n.frame, text.as_str())).collect();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert_eq!(kinds(&a), [NoteKind::IpHeader, NoteKind::TcpHeader]);
    assert_eq!(notes[0].0, Some(4));
    assert!(notes[0].1.starts_with("frame 4 was passed over: the IP header is damaged"), "{}", notes[0].1);
    assert_eq!(
        notes[1],
        (Some(6), "frame 6 was passed over: only 8 bytes of the TCP header were captured; at least 14 are needed to read its ports, numbers and flags")
    );
}
