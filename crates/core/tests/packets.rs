//! The packet list, the dissection, the frames of each line, the display
//! filters and Follow TCP Stream, against tshark 4.0 on the lab fixtures.
//!
//! Reviewed differences of the packet list are the `packets/* | CLASS | why`
//! lines of tests/tshark/disagreements.txt: a difference of a class not
//! listed fails, and so does a listed class that no longer occurs.

mod common;

use common::{fixtures, parallel, short, tshark, Pcap, Record};
use postscope_core::dissect::{self, Field};
use postscope_core::frames::FrameRow;
use postscope_core::model::{Analysis, Dir, Item, Line, Protocol};
use postscope_core::packets::{self, Carried, FilterFinds, RowContext, Segment};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn bytes_of<'a>(file: &'a [u8], r: &FrameRow) -> &'a [u8] {
    &file[r.offset as usize..r.offset as usize + r.captured as usize]
}

fn rows(a: &Analysis, file: &[u8]) -> Vec<packets::Row> {
    let carried = Carried::new(a);
    a.frames
        .iter()
        .map(|(n, r)| {
            let events = carried.events(a, n);
            let lines = carried.lines(a, n);
            let cx = RowContext::of(a, &r, &events, &lines);
            packets::row(n, &r, bytes_of(file, &r), &cx)
        })
        .collect()
}

/// Which reviewed class a difference of Protocol or Info falls in.
fn classify(theirs_proto: &str, theirs_info: &str, ours: &packets::Row) -> Option<&'static str> {
    if theirs_proto.contains("IMF") {
        return Some("imf");
    }
    if theirs_proto == "SMTP" && ours.protocol == "LMTP" && ours.info == theirs_info {
        return Some("lmtp");
    }
    if theirs_proto.starts_with("TLS") && ours.protocol == "TLS" && ours.info == theirs_info {
        return Some("tls version");
    }
    if theirs_proto.starts_with("TLS") && theirs_info.starts_with("Alert (") && ours.info == "Alert" {
        return Some("tls alert");
    }
    if theirs_info.starts_with("C: User: ") || theirs_info.starts_with("C: Pass: ") {
        return Some("auth login answers");
    }
    if ours.info.contains("BDAT ") {
        return Some("bdat");
    }
    if theirs_info.starts_with("C: DATA fragment") && !ours.info.contains("DATA fragment") {
        return Some("smtp data fragment");
    }
    if theirs_proto == "IMAP" && ours.protocol == "IMAP" && theirs_info.starts_with("Request: ") && ours.info.starts_with("Request: ") {
        return Some("imap literal");
    }
    None
}

fn listed() -> Vec<String> {
    let text = std::fs::read_to_string(common::root().join("tests/tshark/disagreements.txt")).unwrap();
    text.lines()
        .filter(|l| l.starts_with("packets/"))
        .map(|l| {
            let parts: Vec<&str> = l.splitn(3, '|').map(str::trim).collect();
            assert!(parts.len() == 3 && !parts[2].is_empty(), "disagreement without a reason: {l}");
            parts[1].to_string()
        })
        .collect()
}

#[test]
fn packet_list_matches_tshark_columns() {
    let files = fixtures();
    let results = parallel(&files, |path| {
        let file = std::fs::read(path).unwrap();
        let a = common::analyze(&file);
        let ours = rows(&a, &file);
        let mut args: Vec<String> = vec!["-r".into(), path.display().to_string()];
        // Streams tshark would not read on their port are read as Postscope read them (as tests/tshark_diff.rs does).
        for s in &a.streams {
            let name = match s.protocol {
                Protocol::Smtp => "smtp",
                // tshark has no LMTP dissector; its SMTP dissector reads LMTP's lines.
                Protocol::Lmtp => "smtp",
                Protocol::Pop3 => "pop",
                Protocol::Imap => "imap",
                _ => continue,
            };
            if s.recognised_by.by_content() || s.server.port() == 2525 || s.protocol == Protocol::Lmtp {
                args.push("-d".into());
                args.push(format!("tcp.port=={},{name}", s.server.port()));
            }
        }
        let columns: Vec<String> = vec![
            "-T".into(),
            "fields".into(),
            "-E".into(),
            "separator=\u{1}".into(),
            "-e".into(),
            "frame.number".into(),
            "-e".into(),
            "_ws.col.Time".into(),
            "-e".into(),
            "_ws.col.Source".into(),
            "-e".into(),
            "_ws.col.Destination".into(),
            "-e".into(),
            "_ws.col.Protocol".into(),
            "-e".into(),
            "_ws.col.Length".into(),
            "-e".into(),
            "_ws.col.Info".into(),
        ];
        let out = tshark(&[args, columns].concat());
        let theirs: Vec<Vec<String>> = out.lines().map(|l| l.split('\u{1}').map(str::to_string).collect()).collect();
        let mut hard = Vec::new();
        let mut classes = BTreeMap::<&'static str, usize>::new();
        let (mut same_info, mut tcp_only) = (0, 0);
        if theirs.len() != ours.len() {
            hard.push(format!("{}: {} packets, tshark {}", short(path), ours.len(), theirs.len()));
        }
        for (o, t) in ours.iter().zip(&theirs) {
            let cols = [o.number.to_string(), o.time.clone(), o.source.clone(), o.destination.clone(), o.length.to_string()];
            let tc = [&t[0], &t[1], &t[2], &t[3], &t[5]];
            for (c, (mine, theirs)) in ["No.", "Time", "Source", "Destination", "Length"].iter().zip(cols.iter().zip(tc)) {
                if mine != theirs {
                    hard.push(format!("{} frame {}: {c} {mine:?}, tshark {theirs:?}", short(path), o.number));
                }
            }
            if o.protocol == t[4] && o.info == t[6] {
                same_info += 1;
                if o.protocol == "TCP" {
                    tcp_only += 1;
                }
                continue;
            }
            if t[4] == "TCP" {
                // A TCP-only frame is worded exactly as Wireshark words it: no class excuses it.
                hard.push(format!("{} frame {}: ours {} {:?}, tshark TCP {:?}", short(path), o.number, o.protocol, o.info, t[6]));
                continue;
            }
            match classify(&t[4], &t[6], o) {
                Some(c) => {
                    if std::env::var_os("POSTSCOPE_PACKETS_SHOW").is_some() {
                        eprintln!(
                            "{c} | {} frame {}: ours {} {:?} | tshark {} {:?}",
                            short(path),
                            o.number,
                            o.protocol,
                            o.info,
                            t[4],
                            t[6]
                        );
                    }
                    *classes.entry(c).or_default() += 1
                }
                None => {
                    hard.push(format!("{} frame {}: ours {} {:?}, tshark {} {:?}", short(path), o.number, o.protocol, o.info, t[4], t[6]))
                }
            }
        }
        (hard, classes, same_info, tcp_only, ours.len())
    });
    let listed = listed();
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    let (mut same, mut tcp, mut total) = (0, 0, 0);
    for (hard, classes, s, t, n) in results {
        failures.extend(hard);
        for c in classes.keys() {
            if !listed.iter().any(|l| l == c) {
                failures.push(format!("packets/* | {c}: a difference of this class is not listed in disagreements.txt"));
            }
            seen.insert(c.to_string());
        }
        same += s;
        tcp += t;
        total += n;
    }
    for l in &listed {
        if !seen.contains(l) {
            failures.push(format!("packets/* | {l}: listed in disagreements.txt but no longer differs: remove it"));
        }
    }
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
    // Most rows are worded as tshark words them; TCP-only frames all are.
    assert!(tcp > 500 && same * 10 > total * 7, "{same} of {total} rows as tshark's ({tcp} TCP-only)");
    eprintln!("{same} of {total} rows word for word as tshark ({tcp} TCP-only frames)");
}

/// The payload bytes a line's spans point at, read again from the file.
fn carried_bytes(a: &Analysis, file: &[u8], line: &Line) -> Option<Vec<u8>> {
    let mut got = Vec::new();
    for s in &line.frames {
        let (from, to) = s.bytes?;
        let r = a.frames.get(s.frame).unwrap();
        let bytes = bytes_of(file, &r);
        let t = dissect::parse(r.link_type, bytes).tcp.expect("a line's frame is TCP");
        got.extend_from_slice(&bytes[t.payload_start + from as usize..t.payload_start + to as usize]);
    }
    Some(got)
}

fn check_lines(name: &str, a: &Analysis, file: &[u8]) -> usize {
    let mut checked = 0;
    for line in a.lines() {
        assert!(!line.frames.is_empty(), "{name}: line {:?} names no frame", line.text);
        assert_eq!(line.frames[0].frame, line.frame, "{name}: line {:?}: its first span is not its frame", line.text);
        let Some(got) = carried_bytes(a, file, line) else { continue };
        let Ok(text) = std::str::from_utf8(&got) else { continue };
        let rest =
            text.strip_prefix(line.text.as_str()).unwrap_or_else(|| panic!("{name}: line {:?} but its frames hold {text:?}", line.text));
        assert!(["", "\n", "\r\n"].contains(&rest), "{name}: line {:?} is followed by {rest:?} in its frames", line.text);
        checked += 1;
    }
    checked
}

#[test]
fn every_line_names_the_frame_bytes_that_spell_it() {
    let mut checked = 0;
    for path in fixtures() {
        let file = std::fs::read(&path).unwrap();
        let a = common::analyze(&file);
        checked += check_lines(&short(&path), &a, &file);
    }
    assert!(checked > 1500, "only {checked} lines checked");
}

/// Re-frames a real capture: every segment the client sent with payload
/// becomes one segment per byte, as a telnet user typing would send
/// (sequence numbers and IP lengths follow; the bytes are the capture's own).
fn one_byte_segments(p: &Pcap, client_port: u16) -> Pcap {
    let mut records = Vec::new();
    for r in &p.records {
        let d = &r.data;
        let ip = 14;
        let ihl = ((d[ip] & 0x0f) as usize) * 4;
        let t = ip + ihl;
        let th = ((d[t + 12] >> 4) as usize) * 4;
        let sport = u16::from_be_bytes([d[t], d[t + 1]]);
        let payload = &d[t + th..];
        if sport != client_port || payload.len() <= 1 {
            records.push(r.clone());
            continue;
        }
        let seq = u32::from_be_bytes(d[t + 4..t + 8].try_into().unwrap());
        for (i, b) in payload.iter().enumerate() {
            let mut n = d[..t + th].to_vec();
            n.push(*b);
            let total = (n.len() - ip) as u16;
            n[ip + 2..ip + 4].copy_from_slice(&total.to_be_bytes());
            n[t + 4..t + 8].copy_from_slice(&seq.wrapping_add(i as u32).to_be_bytes());
            records.push(Record { data: n.clone(), orig_len: n.len() as u32, frac: r.frac, secs: r.secs });
        }
    }
    Pcap { records, ..p.clone() }
}

#[test]
fn a_line_typed_one_byte_a_segment_lights_every_segment() {
    let original = common::fixture("pop3-session.pcap");
    let a0 = common::analyze(&original);
    let client = a0.streams[0].client.port();
    let file = one_byte_segments(&Pcap::parse(&original), client).write(false);
    let a = common::analyze(&file);
    check_lines("pop3-session one byte a segment", &a, &file);
    let pass = a.lines().find(|l| l.text == "PASS hunter2").expect("the PASS line");
    // "PASS hunter2" and CRLF: 14 bytes, 14 frames, one byte each, in a row.
    assert_eq!(pass.frames.len(), 14, "{:?}", pass.frames);
    assert!(pass.frames.iter().all(|s| s.bytes == Some((0, 1))));
    assert!(pass.frames.windows(2).all(|w| w[1].frame == w[0].frame + 1));
    // The same lines as before, each now over as many frames as it has bytes.
    let before: Vec<&str> = a0.lines().map(|l| l.text.as_str()).collect();
    let after: Vec<&str> = a.lines().map(|l| l.text.as_str()).collect();
    assert_eq!(before, after);
    // tshark finds the same frames with the filter Postscope gives.
    let dir = std::env::temp_dir().join(format!("postscope-packets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("pop3-one-byte.pcap");
    std::fs::write(&path, &file).unwrap();
    let filters = packets::line_filters(pass);
    let its = filters.iter().find(|f| f.finds == FilterFinds::ItsFrames).expect("a filter for its frames");
    let want: Vec<u32> = pass.frames.iter().map(|s| s.frame).collect();
    assert_eq!(run_filter(&path, &its.filter), want, "{}", its.filter);
    let this = filters.iter().find(|f| f.finds == FilterFinds::ThisLine).unwrap();
    assert_eq!(run_filter(&path, &this.filter), vec![*want.last().unwrap()], "{}", this.filter);
    // tshark's POP dissector does not put a line together from segments: it
    // shows each byte as a line of its own, so the frames, not one row, are
    // the evidence.
    let info = tshark(&[
        "-r".into(),
        path.display().to_string(),
        "-Y".into(),
        its.filter.clone(),
        "-T".into(),
        "fields".into(),
        "-e".into(),
        "_ws.col.Info".into(),
    ]);
    let typed: String = info.lines().map(|l| l.strip_prefix("C: ").unwrap_or("")).collect();
    assert_eq!(typed, "PASS hunter2", "{info}");
    std::fs::remove_dir_all(&dir).ok();
}

fn run_filter(path: &Path, filter: &str) -> Vec<u32> {
    tshark(&[
        "-r".into(),
        path.display().to_string(),
        "-Y".into(),
        filter.into(),
        "-T".into(),
        "fields".into(),
        "-e".into(),
        "frame.number".into(),
    ])
    .lines()
    .filter_map(|l| l.trim().parse().ok())
    .collect()
}

#[test]
fn filters_find_what_they_claim_in_tshark() {
    let names = ["smtp-auth-login.pcap", "pop3-session.pcap", "imap-session.pcap", "multi-client.pcap", "smtp-pipelining.pcap"];
    let results = parallel(&names, |name| {
        let path = common::fixtures_dir().join(name);
        let a = common::analyze_file(&path);
        let mut checked = 0;
        let mut by_filter: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
        for line in a.lines() {
            for f in packets::line_filters(line) {
                if f.finds == FilterFinds::EveryLikeIt {
                    by_filter.entry(f.filter).or_default().insert(line.frames.last().unwrap().frame);
                }
            }
        }
        // Every line's own filter, for the first lines of each stream (each runs tshark once).
        for s in &a.streams {
            for line in s.items.iter().filter_map(|i| if let Item::Line(l) = i { Some(l) } else { None }).take(4) {
                let f = &packets::line_filters(line)[0];
                assert_eq!(run_filter(&path, &f.filter), vec![line.frames.last().unwrap().frame], "{name}: {}", f.filter);
                checked += 1;
            }
            let conv: Vec<u32> = a.frames.iter().filter(|(_, r)| r.tcp_stream() == Some(s.stream)).map(|(n, _)| n).collect();
            assert_eq!(run_filter(&path, &packets::conversation_filter(s.stream)), conv, "{name}: stream {}", s.stream);
            checked += 1;
        }
        assert_eq!(run_filter(&path, &packets::packet_filter(3)), vec![3]);
        // Every verb filter finds the frames where Postscope saw that command or reply end.
        for (filter, ours) in by_filter {
            let theirs: BTreeSet<u32> = run_filter(&path, &filter).into_iter().collect();
            assert_eq!(theirs, ours, "{name}: {filter}");
            checked += 1;
        }
        checked
    });
    let total: usize = results.iter().sum();
    assert!(total > 60, "{total} filters checked");
}

fn follow_ours(a: &Analysis, file: &[u8], stream: u32) -> String {
    let s = &a.streams[stream as usize];
    let segs: Vec<(u32, Dir, u32, &[u8], u32)> = a
        .frames
        .iter()
        .filter(|(_, r)| r.tcp_stream() == Some(stream) && r.payload > 0)
        .map(|(n, r)| {
            let bytes = bytes_of(file, &r);
            let t = dissect::parse(r.link_type, bytes).tcp.unwrap();
            let dir = r.dir().unwrap();
            (n, dir, s.tcp.relative(dir, t.seq), &bytes[t.payload_start..], r.payload)
        })
        .collect();
    let blocks =
        packets::follow(segs.iter().map(|&(frame, dir, rel_seq, payload, wire_len)| Segment { frame, dir, rel_seq, payload, wire_len }));
    packets::follow_text(s, &blocks)
}

#[test]
fn follow_tcp_stream_matches_tshark() {
    let files = fixtures();
    let results = parallel(&files, |path| {
        let file = std::fs::read(path).unwrap();
        let a = common::analyze(&file);
        let mut n = 0;
        for s in &a.streams {
            let theirs =
                tshark(&["-r".into(), path.display().to_string(), "-q".into(), "-z".into(), format!("follow,tcp,ascii,{}", s.stream)]);
            let ours = follow_ours(&a, &file, s.stream);
            assert_eq!(ours, theirs, "{} stream {}", short(path), s.stream);
            n += 1;
        }
        n
    });
    assert!(results.iter().sum::<usize>() >= 47);
}

/// Every field's bytes decode to the value its label gives.
#[test]
fn dissection_fields_hold_their_values() {
    let file = common::fixture("smtp-auth-login.pcap");
    let a = common::analyze(&file);
    let carried = Carried::new(&a);
    let s = &a.streams[0];
    let (n, r) = a.frames.iter().nth(8).unwrap(); // frame 9: C: AUTH LOGIN
    let bytes = bytes_of(&file, &r);
    let lines = carried.lines(&a, n);
    let cx = dissect::Context {
        number: n,
        row: &r,
        first_ns: a.frames.first_ns().unwrap(),
        protocol: s.protocol,
        basis: Some(&s.tcp),
        lines: &lines,
    };
    let layers = dissect::dissect(bytes, &cx);
    let find = |prefix: &str| -> &Field {
        fn walk<'a>(fs: &'a [Field], p: &str) -> Option<&'a Field> {
            fs.iter().find_map(|f| if f.label.starts_with(p) { Some(f) } else { walk(&f.children, p) })
        }
        walk(&layers, prefix).unwrap_or_else(|| panic!("no field {prefix}"))
    };
    let at = |f: &Field| &bytes[f.start as usize..f.end as usize];
    let be = |b: &[u8]| b.iter().fold(0u64, |v, x| v << 8 | u64::from(*x));
    let value = |f: &Field| f.label.rsplit(": ").next().unwrap().split_whitespace().next().unwrap().to_string();
    assert_eq!(layers.len(), 5, "frame, Ethernet, IPv4, TCP, SMTP: {:?}", layers.iter().map(|l| &l.label).collect::<Vec<_>>());
    assert_eq!(layers[3].label, "Transmission Control Protocol, Src Port: 58226, Dst Port: 587, Seq: 26, Ack: 237, Len: 12");
    assert_eq!(be(at(find("Source Port:"))).to_string(), value(find("Source Port:")));
    assert_eq!(be(at(find("Destination Port:"))).to_string(), value(find("Destination Port:")));
    assert_eq!(be(at(find("Sequence Number (raw):"))).to_string(), value(find("Sequence Number (raw):")));
    assert_eq!(be(at(find("Acknowledgment number (raw):"))).to_string(), value(find("Acknowledgment number (raw):")));
    assert_eq!(be(at(find("Window:"))).to_string(), value(find("Window:")));
    assert_eq!(be(at(find("Time to Live:"))).to_string(), value(find("Time to Live:")));
    assert_eq!(be(at(find("Total Length:"))).to_string(), value(find("Total Length:")));
    assert_eq!(at(find("Source Address:")), &[127, 0, 0, 1]);
    let ts = find("TCP Option - Timestamps:");
    assert_eq!(at(ts)[0..2], [8, 10], "kind 8, length 10 (RFC 7323 §3)");
    let cmd = find("Command Line: AUTH LOGIN");
    assert_eq!(at(cmd), b"AUTH LOGIN\r\n");
    // Selecting a byte finds the deepest field holding it.
    let path = Field::path_at(&layers, cmd.start + 2);
    assert_eq!(path, vec![4, 0]);
    // tshark agrees on the relative numbers and the raw ones.
    let out = tshark(&[
        "-r".into(),
        common::fixtures_dir().join("smtp-auth-login.pcap").display().to_string(),
        "-Y".into(),
        "frame.number == 9".into(),
        "-T".into(),
        "fields".into(),
        "-e".into(),
        "tcp.seq".into(),
        "-e".into(),
        "tcp.ack".into(),
        "-e".into(),
        "tcp.seq_raw".into(),
        "-e".into(),
        "ip.ttl".into(),
    ]);
    let f: Vec<&str> = out.trim().split('\t').collect();
    assert_eq!(f[0], "26");
    assert_eq!(f[1], "237");
    assert_eq!(f[2], value(find("Sequence Number (raw):")));
    assert_eq!(f[3], value(find("Time to Live:")));
}
