//! Capture formats: pcap in both byte orders with micro- and nanosecond
//! times, pcapng with several sections and interfaces, the three packet
//! blocks, timestamp resolution and offset, comments, gzip. Inputs are lab
//! recordings converted by Wireshark's tools (tests/fixtures/formats, see
//! make.sh there) or re-written in code where no tool writes the variant.

mod common;
use common::*;
use postscope_core::model::NoteKind;
use postscope_core::Analysis;
use std::path::PathBuf;

/// Every frame of every converted file: the time, length and captured
/// length tshark shows.
#[test]
fn frames_match_tshark_in_every_converted_file() {
    for name in [
        "smtp-auth-login.pcapng",
        "smtp-auth-login.nsec.pcap",
        "smtp-auth-login.modpcap.pcap",
        "smtp-auth-login.rawip.pcap",
        "smtp-auth-login.pcap.gz",
        "smtp-auth-login.ipfrag.pcap",
        "pop3-apop.nsec.pcapng",
        "pop3-session.rawip4.pcapng",
        "smtp-ipv6.rawip6.pcap",
        "comments.pcapng",
        "two-sections.pcapng",
        "three-links.pcapng",
        "imap-idle.pcapng.gz",
    ] {
        let bytes = format_file(name);
        for chunk in [1, 7, bytes.len()] {
            let (frames, info) = read_frames(&bytes, chunk);
            assert!(info.warnings.is_empty(), "{name}: {:?}", info.warnings);
            assert_matches_tshark(name, &frames);
        }
    }
}

/// The same packets in pcap and in pcapng give the same analysis.
#[test]
fn pcapng_from_editcap_reads_like_the_pcap() {
    let pcap = analyze_every_way(&fixture("smtp-auth-login.pcap"));
    let ng = analyze_every_way(&format_file("smtp-auth-login.pcapng"));
    assert_eq!(ng.capture.format, "pcapng");
    assert_eq!(pcap.capture.format, "pcap");
    assert_eq!(json(&ng)["streams"], json(&pcap)["streams"]);
    assert_eq!(ng.capture.first_time, pcap.capture.first_time);
    assert_eq!(ng.capture.last_time, pcap.capture.last_time);
    assert_eq!(ng.lines().count(), pcap.lines().count());
    assert!(pcap.lines().count() > 10);
}

/// Big-endian pcap: no tool here writes one, so the headers of every lab
/// pcap are byte-swapped in code; the packets stay as they were.
#[test]
fn big_endian_pcap_reads_like_little_endian() {
    let mut checked = 0;
    for name in fixture_names().iter().filter(|n| n.ends_with(".pcap")) {
        let bytes = fixture(name);
        let p = Pcap::parse(&bytes);
        let be = p.write(true);
        assert_eq!(&be[..4], if p.nanos { &[0xa1, 0xb2, 0x3c, 0x4d] } else { &[0xa1, 0xb2, 0xc3, 0xd4] });
        assert_eq!(p.write(false), bytes, "{name}: the helper re-writes the file byte for byte");
        let a = analyze(&bytes);
        let b = analyze_every_way(&be);
        assert_eq!(json(&a), json(&b), "{name}");
        checked += 1;
    }
    assert!(checked >= 20);
}

/// Nanosecond pcap (editcap -F nsecpcap) against the microsecond original;
/// and the lab's own nanosecond pcap against its pcapng form.
#[test]
fn nanosecond_pcap() {
    let us = analyze(&fixture("smtp-auth-login.pcap"));
    let ns = analyze_every_way(&format_file("smtp-auth-login.nsec.pcap"));
    assert_eq!(json(&us), json(&ns));
    let apop = analyze_every_way(&fixture("pop3-apop.pcap"));
    let t = apop.capture.first_time.unwrap();
    assert_eq!(format!("{}.{:09}", t.secs, t.nanos), tshark_frames("pop3-apop.nsec.pcapng")[0].1);
    assert_ne!(t.nanos % 1000, 0, "the lab's nanosecond capture has nanoseconds");
    let ng = analyze_every_way(&format_file("pop3-apop.nsec.pcapng"));
    assert_eq!(ng.capture.first_time, apop.capture.first_time);
    assert_eq!(ng.capture.last_time, apop.capture.last_time);
    assert_eq!(json(&ng)["streams"], json(&apop)["streams"]);
}

/// Alexey Kuznetzov's modified pcap (magic a1b2cd34, 24-byte records), as
/// editcap -F modpcap writes it.
#[test]
fn modified_pcap() {
    let plain = analyze(&fixture("smtp-auth-login.pcap"));
    let bytes = format_file("smtp-auth-login.modpcap.pcap");
    assert_eq!(&bytes[..4], &[0x34, 0xcd, 0xb2, 0xa1]);
    let m = analyze_every_way(&bytes);
    assert_eq!(json(&plain), json(&m));
}

/// Big-endian pcapng, written in code from a real capture.
#[test]
fn big_endian_pcapng() {
    for name in ["smtp-auth-login.pcap", "pop3-apop.pcap", "multi-client.pcap", "smtp-ipv6.pcap"] {
        let bytes = fixture(name);
        let p = Pcap::parse(&bytes);
        let le = analyze_every_way(&pcapng_of(&p, false));
        let be = analyze_every_way(&pcapng_of(&p, true));
        let orig = analyze(&bytes);
        assert_eq!(json(&be), json(&le), "{name}");
        assert_eq!(json(&be)["streams"], json(&orig)["streams"], "{name}");
        assert_eq!(be.capture.first_time, orig.capture.first_time, "{name}");
        assert_eq!(be.capture.last_time, orig.capture.last_time, "{name}");
    }
}

/// Two sections (two pcapng files one after the other): frames are numbered
/// on across the sections, and each section has its own interfaces and
/// timestamp resolution (microseconds, then nanoseconds).
#[test]
fn several_sections() {
    let a = analyze(&format_file("smtp-auth-login.pcapng"));
    let b = analyze(&format_file("pop3-apop.nsec.pcapng"));
    let both = analyze_every_way(&format_file("two-sections.pcapng"));
    assert_eq!(both.capture.packets, a.capture.packets + b.capture.packets);
    assert_eq!(both.streams.len(), 2);
    assert_eq!(both.streams[0].protocol, a.streams[0].protocol);
    assert_eq!(both.streams[1].first_frame, a.capture.packets + 1);
    assert_eq!(both.capture.first_time, a.capture.first_time);
    assert_eq!(both.capture.last_time, b.capture.last_time);
    let lines = |x: &postscope_core::Analysis| x.lines().map(|l| l.text.clone()).collect::<Vec<_>>();
    assert_eq!(lines(&both), [lines(&a), lines(&b)].concat());
    // A big-endian section after a little-endian one.
    let mut mixed = format_file("smtp-auth-login.pcapng");
    mixed.extend(pcapng_of(&Pcap::parse(&fixture("pop3-apop.pcap")), true));
    let m = analyze_every_way(&mixed);
    assert_eq!(json(&m)["streams"], json(&both)["streams"]);
}

/// mergecap of an Ethernet pcapng, a Linux SLL pcap and a Linux SLL2 pcap:
/// one section with three interfaces of three link types.
#[test]
fn interfaces_of_different_link_types() {
    let merged = analyze_every_way(&format_file("three-links.pcapng"));
    // In the order their first frames come (mergecap merges by time).
    assert_eq!(merged.capture.link_types, ["linux_sll", "ethernet", "linux_sll2"]);
    assert!(merged.capture.warnings.is_empty(), "{:?}", merged.capture.warnings);
    let parts: Vec<_> = ["imap-idle.pcapng", "smtp-ipv6.pcap", "multi-client.pcap"].iter().map(|n| analyze(&fixture(n))).collect();
    assert_eq!(merged.capture.packets, parts.iter().map(|p| p.capture.packets).sum::<u32>());
    assert_eq!(merged.streams.len(), parts.iter().map(|p| p.streams.len()).sum::<usize>());
    // Every line of every part is there, stream by stream (merged in time order).
    let mut merged_lines: Vec<String> = merged.lines().map(|l| format!("{:?} {}", l.dir, l.text)).collect();
    let mut part_lines: Vec<String> =
        parts.iter().flat_map(|p| p.lines().map(|l| format!("{:?} {}", l.dir, l.text)).collect::<Vec<_>>()).collect();
    merged_lines.sort();
    part_lines.sort();
    assert_eq!(merged_lines, part_lines);
    assert_eq!(merged.credentials().count(), parts.iter().map(|p| p.credentials().count()).sum::<usize>());
}

/// Simple packet blocks: no timestamp, the first interface, the length from
/// the block. Re-written in code from a real capture's enhanced blocks.
#[test]
fn simple_packet_blocks() {
    let p = Pcap::parse(&fixture("smtp-auth-login.pcap"));
    for be in [false, true] {
        let mut w = NgWriter::new(be);
        w.shb(&[]);
        w.idb(1, 0, None, None);
        for r in &p.records {
            w.spb(r.orig_len, &r.data);
        }
        let a = analyze_every_way(&w.out);
        let orig = analyze(&fixture("smtp-auth-login.pcap"));
        // The same conversations, except in time: with no timestamps, they take no time.
        let timeless = |a: &Analysis| {
            let mut v = json(a)["streams"].clone();
            for s in v.as_array_mut().unwrap() {
                let s = s.as_object_mut().unwrap();
                s.remove("rel_start").unwrap();
                s.remove("duration").unwrap();
            }
            v
        };
        assert_eq!(timeless(&a), timeless(&orig));
        assert!(a.streams.iter().all(|s| s.rel_start == 0.0 && s.duration == 0.0));
        assert!(orig.streams[0].duration > 0.0);
        assert_eq!(a.capture.first_time, None, "simple packet blocks carry no time");
        let (frames, _) = read_frames(&w.out, 5);
        assert!(frames.iter().all(|f| f.ts.is_none()));
    }
    // The interface's snaplen cuts a simple packet block's packet.
    let mut w = NgWriter::new(false);
    w.shb(&[]);
    w.idb(1, 40, None, None);
    w.spb(p.records[0].orig_len, &p.records[0].data);
    let (frames, info) = read_frames(&w.out, 3);
    assert!(info.warnings.is_empty());
    assert_eq!(frames[0].data, &p.records[0].data[..40]);
    assert_eq!(frames[0].orig_len, 74);
}

/// Enhanced and simple packet blocks mixed in one section.
#[test]
fn enhanced_and_simple_blocks_mixed() {
    let p = Pcap::parse(&fixture("pop3-session.pcap"));
    let mut w = NgWriter::new(false);
    w.shb(&[]);
    w.idb(1, 0, None, None);
    for (i, r) in p.records.iter().enumerate() {
        if i % 2 == 0 {
            w.epb(0, r.secs as u64 * 1_000_000 + r.frac as u64, r.orig_len, &r.data, &[]);
        } else {
            w.spb(r.orig_len, &r.data);
        }
    }
    let a = analyze_every_way(&w.out);
    let orig = analyze(&fixture("pop3-session.pcap"));
    assert_eq!(json(&a)["streams"], json(&orig)["streams"]);
    let (frames, _) = read_frames(&w.out, 1000);
    assert_eq!(frames.iter().filter(|f| f.ts.is_some()).count(), p.records.len().div_ceil(2));
}

/// if_tsresol: powers of ten (nanoseconds from editcap, checked against
/// tshark above) and powers of two, written in code.
#[test]
fn binary_timestamp_resolution() {
    let p = Pcap::parse(&fixture("smtp-auth-login.pcap"));
    let (orig, _) = read_frames(&fixture("smtp-auth-login.pcap"), 4096);
    for be in [false, true] {
        let mut w = NgWriter::new(be);
        w.shb(&[]);
        // 2^-20 s units.
        w.idb(1, 0, Some(0x80 | 20), None);
        for r in &p.records {
            let ns = p.nanos_of(r);
            let raw = (ns << 20) / 1_000_000_000;
            w.epb(0, raw as u64, r.orig_len, &r.data, &[]);
        }
        let (frames, info) = read_frames(&w.out, 9);
        assert!(info.warnings.is_empty(), "{:?}", info.warnings);
        assert_eq!(frames.len(), orig.len());
        for (f, o) in frames.iter().zip(&orig) {
            let (s, n) = f.ts.unwrap();
            let (os, on) = o.ts.unwrap();
            let diff = (s as i128 * 1_000_000_000 + n as i128) - (os as i128 * 1_000_000_000 + on as i128);
            // One unit is 954 ns; converting there and back loses less than that.
            assert!((-954..=0).contains(&diff), "frame {}: {diff} ns off", f.number);
        }
    }
    // Exact values: 5.5 s in 2^-10 units; 3 units of 10^-1 s.
    let mut w = NgWriter::new(false);
    w.shb(&[]);
    w.idb(1, 0, Some(0x80 | 10), None);
    w.idb(1, 0, Some(1), None);
    w.epb(0, 5 * 1024 + 512, 74, &p.records[0].data, &[]);
    w.epb(1, 3, 74, &p.records[1].data, &[]);
    let (frames, _) = read_frames(&w.out, 1);
    assert_eq!(frames[0].ts, Some((5, 500_000_000)));
    assert_eq!(frames[1].ts, Some((0, 300_000_000)));
}

/// if_tsoffset: seconds added to every timestamp of the interface, in the
/// section's byte order.
#[test]
fn timestamp_offset() {
    let p = Pcap::parse(&fixture("imap-session.pcap"));
    let (orig, _) = read_frames(&fixture("imap-session.pcap"), 4096);
    let offset: i64 = 1_700_000_000;
    for be in [false, true] {
        let mut w = NgWriter::new(be);
        w.shb(&[]);
        w.idb(1, 262_144, None, Some(offset));
        for r in &p.records {
            let secs = r.secs as i64 - offset;
            w.epb(0, secs as u64 * 1_000_000 + r.frac as u64, r.orig_len, &r.data, &[]);
        }
        let (frames, info) = read_frames(&w.out, 13);
        assert!(info.warnings.is_empty());
        assert_eq!(frames.iter().map(|f| f.ts).collect::<Vec<_>>(), orig.iter().map(|f| f.ts).collect::<Vec<_>>());
    }
}

/// Section comments (two), packet comments (from editcap -a), UTF-8.
#[test]
fn comments_from_editcap() {
    let a = analyze_every_way(&format_file("comments.pcapng"));
    let texts: Vec<String> = a.capture.comments.iter().map(|n| n.text()).collect();
    let c: Vec<(Option<u32>, &str)> = a.capture.comments.iter().zip(&texts).map(|(n, text)| (n.frame, text.as_str())).collect();
    assert_eq!(
        c,
        [
            (None, "Recorded in the lab for Postscope"),
            (None, "Zweiter Kommentar: Grüße ✉"),
            (Some(1), "The client opens the connection (SYN)"),
            (Some(4), "Greeting — 220 ✉"),
        ]
    );
    assert_eq!(a.capture.comments[0].offset, Some(0));
    // The comments do not change the analysis.
    let plain = analyze(&fixture("smtp-auth-plain.pcap"));
    assert_eq!(json(&a)["streams"], json(&plain)["streams"]);
}

/// Several comments on one packet, section comments in a second section,
/// in both byte orders; a NUL terminator some writers add is not shown.
#[test]
fn several_comments_per_packet_and_section() {
    let p = Pcap::parse(&fixture("smtp-auth-login.pcap"));
    for be in [false, true] {
        let mut w = NgWriter::new(be);
        w.shb(&["first section"]);
        w.idb(1, 0, None, None);
        w.epb(0, 1, p.records[0].orig_len, &p.records[0].data, &["one", "two\0"]);
        w.epb(0, 2, p.records[1].orig_len, &p.records[1].data, &[]);
        w.shb(&["second section", "again"]);
        w.idb(1, 0, None, None);
        w.epb(0, 3, p.records[2].orig_len, &p.records[2].data, &["three"]);
        let a = analyze_every_way(&w.out);
        let texts: Vec<String> = a.capture.comments.iter().map(|n| n.text()).collect();
        let c: Vec<(Option<u32>, &str)> = a.capture.comments.iter().zip(&texts).map(|(n, text)| (n.frame, text.as_str())).collect();
        assert_eq!(
            c,
            [(None, "first section"), (Some(1), "one"), (Some(1), "two"), (None, "second section"), (None, "again"), (Some(3), "three"),]
        );
        assert!(a.capture.warnings.is_empty());
    }
}

/// gzip-compressed pcap and pcapng (gzip -9n), against the originals.
#[test]
fn gzip_compressed_captures() {
    for (gz, orig) in [("smtp-auth-login.pcap.gz", "smtp-auth-login.pcap"), ("imap-idle.pcapng.gz", "imap-idle.pcapng")] {
        let z = analyze_every_way(&format_file(gz));
        let o = analyze(&fixture(orig));
        assert!(z.capture.gzip);
        assert!(!o.capture.gzip);
        let mut zj = json(&z);
        zj["capture"]["gzip"] = false.into();
        assert_eq!(zj, json(&o), "{gz}");
    }
    // Two gzip members one after the other are one file (as zcat reads them).
    let bytes = fixture("smtp-auth-login.pcap");
    let mut two = Vec::new();
    for part in [&bytes[..1000], &bytes[1000..]] {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut e, part).unwrap();
        two.extend(e.finish().unwrap());
    }
    let z = analyze_every_way(&two);
    assert!(z.capture.warnings.is_empty(), "{:?}", z.capture.warnings);
    assert_eq!(json(&z)["streams"], json(&analyze(&bytes))["streams"]);
}

/// The corpus's gzip file reads as many packets as capinfos counts.
#[test]
fn corpus_gzip_file() {
    let Some(dir) = corpus_dir() else { return };
    let bytes = std::fs::read(dir.join("zeek__zeek/mime-header-size-limit.pcap.gz")).unwrap();
    let a = analyze_every_way(&bytes);
    assert!(a.capture.gzip);
    assert_eq!(a.capture.packets, 44);
    assert!(a.capture.warnings.is_empty(), "{:?}", a.capture.warnings);
    assert_eq!(a.streams.len(), 1);
}

/// Frames more than a year from frame 1 (a file joining old and new
/// recordings, or a wrong clock) are named in one note, with the first such
/// frame and how far it is: the same frames and times as tshark's
/// frame.time_relative, on every capture we have. The lab's captures have none.
#[test]
fn times_a_year_from_the_first_frame_are_named() {
    let mut files: Vec<PathBuf> = fixture_names().iter().map(|n| repo().join("tests/fixtures").join(n)).collect();
    files.extend(corpus().unwrap_or_default());
    let year = 365.25 * 24.0 * 3600.0;
    let mut named = 0;
    for path in &files {
        let a = analyze(&std::fs::read(path).unwrap());
        let note = a.capture.warnings.iter().find(|w| w.kind == NoteKind::FarTimestamp);
        let args = ["-n", "-r", &path.display().to_string(), "-T", "fields", "-e", "frame.number", "-e", "frame.time_relative"];
        let far: Vec<(u32, f64)> = tshark(&args.map(String::from))
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(f, t)| Some((f.parse().ok()?, t.parse().ok()?)))
            .filter(|(_, t): &(u32, f64)| t.abs() > year)
            .collect();
        match (far.first(), note) {
            (None, None) => {}
            (Some((frame, t)), Some(n)) => {
                assert_eq!(n.frame, Some(*frame), "{}", path.display());
                let when = if *t > 0.0 { "later" } else { "earlier" };
                let count = if far.len() == 1 { "1 frame was".to_string() } else { format!("{} frames were", far.len()) };
                let want = format!(
                    "{count} captured more than a year before or after frame 1 (the first is frame {frame}, {:.1} years {when})",
                    (t / year).abs()
                );
                assert!(n.text().starts_with(&want), "{}: {}\nwant {want}", path.display(), n.text());
                named += 1;
            }
            (f, n) => panic!("{}: tshark's first far frame {f:?}, Postscope's note {n:?}", path.display()),
        }
    }
    if corpus().is_some() {
        assert!(named >= 8, "only {named} captures with far-apart times");
    }
}
