//! Postscope against Wireshark's dissectors, on every capture we have.
//!
//! For each capture, tshark (Debian's 4.0) and Postscope must agree on:
//! - the TCP streams: number, endpoints, first frame and packets per stream;
//! - per stream and direction, the sequence of SMTP/POP3/IMAP commands the
//!   client sent and of reply codes / statuses the server sent (one per reply);
//!   Postscope's frame (the first byte of the line) is never after tshark's
//!   (where tshark finished reassembling it);
//! - the TCP expert analysis (retransmission, out-of-order, lost segment,
//!   duplicate ACK, zero window, window full, keep-alive, ACKed unseen);
//! - time: every TCP frame's time since the first frame (`frame.time_relative`,
//!   Wireshark's Time column) to the nanosecond, and each stream's start and
//!   duration (the earliest and latest of its frames, as Wireshark's
//!   Conversations table).
//!
//! Where they differ and Wireshark is wrong (or the two count differently),
//! the difference is listed, with its reason, in tests/tshark/disagreements.txt.
//! A difference not listed fails the test, and so does a listed one that no
//! longer occurs, so the list stays reviewed and true.

mod common;

use common::{corpus, fixtures, parallel, short, tshark};
use postscope_core::model::{Analysis, Dir, Item, LineKind, Protocol};
use postscope_core::{analyze, Options};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FIELDS: &[&str] = &[
    "frame.number",
    "tcp.stream",
    "ip.src",
    "ipv6.src",
    "tcp.srcport",
    "ip.dst",
    "ipv6.dst",
    "tcp.dstport",
    "smtp.req.command",
    "smtp.response.code",
    "pop.request.command",
    "pop.response.indicator",
    "imap.request.command",
    "imap.response.status",
    "tcp.analysis.retransmission",
    "tcp.analysis.fast_retransmission",
    "tcp.analysis.spurious_retransmission",
    "tcp.analysis.out_of_order",
    "tcp.analysis.lost_segment",
    "tcp.analysis.duplicate_ack",
    "tcp.analysis.zero_window",
    "tcp.analysis.window_full",
    "tcp.analysis.keep_alive",
    "tcp.analysis.ack_lost_segment",
    "frame.time_relative",
];

/// One side's view, in a form both can be reduced to.
#[derive(Default, Debug)]
struct View {
    /// stream → (sorted endpoints, first frame, packets)
    streams: BTreeMap<u32, (Vec<String>, u32, u32)>,
    /// (stream, "client"/"server") → [(frame, token)]
    tokens: BTreeMap<(u32, &'static str), Vec<(u32, String)>>,
    /// analysis flag → frames
    flags: BTreeMap<&'static str, BTreeSet<u32>>,
    /// frame → nanoseconds since the first frame (tshark's side only)
    times: BTreeMap<u32, i64>,
    /// stream → (start since the first frame, duration), in seconds
    stream_times: BTreeMap<u32, (f64, f64)>,
}

/// tshark's "-0.000512000" as nanoseconds, exactly.
fn nanos(text: &str) -> Option<i64> {
    let (neg, t) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text),
    };
    let (s, f) = t.split_once('.').unwrap_or((t, ""));
    let frac: String = f.chars().chain(std::iter::repeat('0')).take(9).collect();
    let ns = s.parse::<i64>().ok()? * 1_000_000_000 + frac.parse::<i64>().ok()?;
    Some(if neg { -ns } else { ns })
}

fn endpoint(ip: &str, port: &str) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// The last value of a multi-occurrence field (the innermost header).
fn last(v: &str) -> &str {
    v.rsplit(',').next().unwrap_or("")
}

fn tshark_view(path: &Path, decode_as: &[(u16, Protocol)], ours: &Analysis) -> View {
    let mut args: Vec<String> = vec!["-n".into(), "-r".into(), path.display().to_string()];
    for (port, p) in decode_as {
        let name = match p {
            Protocol::Pop3 => "pop",
            // tshark has no LMTP dissector; its SMTP dissector reads LMTP's lines (LHLO included).
            Protocol::Lmtp => "smtp",
            other => other.name(),
        };
        args.push("-d".into());
        args.push(format!("tcp.port=={port},{name}"));
    }
    args.extend(["-Y".into(), "tcp && !icmp && !icmpv6".into(), "-T".into(), "fields".into()]);
    for f in FIELDS {
        args.push("-e".into());
        args.push((*f).into());
    }
    let clients: BTreeMap<u32, String> = ours.streams.iter().map(|s| (s.stream, s.client.to_string())).collect();
    let mut v = View::default();
    let mut span: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    for row in tshark(&args).lines() {
        let c: Vec<&str> = row.split('\t').collect();
        if c.len() < FIELDS.len() {
            continue;
        }
        let (Ok(frame), Ok(stream)) = (c[0].parse::<u32>(), c[1].parse::<u32>()) else {
            continue;
        };
        let src_ip = if c[3].is_empty() { last(c[2]) } else { last(c[3]) };
        let dst_ip = if c[6].is_empty() { last(c[5]) } else { last(c[6]) };
        let src = endpoint(src_ip, last(c[4]));
        let dst = endpoint(dst_ip, last(c[7]));
        let e = v.streams.entry(stream).or_insert_with(|| {
            let mut eps = vec![src.clone(), dst.clone()];
            eps.sort();
            (eps, frame, 0)
        });
        e.2 += 1;
        let dir = if clients.get(&stream) == Some(&src) { "client" } else { "server" };
        for (i, side) in [(8, "client"), (9, "server"), (10, "client"), (11, "server"), (12, "client"), (13, "server")] {
            if c[i].is_empty() {
                continue;
            }
            let _ = side;
            for tok in c[i].split(',') {
                let mut tok = tok.to_ascii_uppercase();
                // tshark 4.0 cuts the STARTTLS command to "STAR" (its command
                // field takes four letters; "TLS" lands in the parameter).
                if tok == "STAR" {
                    tok = "STARTTLS".into();
                }
                v.tokens.entry((stream, dir)).or_default().push((frame, tok));
            }
        }
        let flag = |i: usize| !c[i].is_empty();
        let mut set = |name: &'static str, on: bool| {
            if on {
                v.flags.entry(name).or_default().insert(frame);
            }
        };
        set("retransmission", flag(14) || flag(15) || flag(16));
        set("out_of_order", flag(17));
        set("lost_segment", flag(18));
        set("duplicate_ack", flag(19));
        set("zero_window", flag(20));
        set("window_full", flag(21));
        set("keep_alive", flag(22));
        set("acked_unseen", flag(23));
        if let Some(t) = nanos(c[24]) {
            v.times.insert(frame, t);
            let e = span.entry(stream).or_insert((t, t));
            *e = (e.0.min(t), e.1.max(t));
        }
    }
    // In seconds as Postscope computes them from nanoseconds (f64 keeps
    // nanoseconds exact up to 104 days; past that both round the same way).
    v.stream_times = span.into_iter().map(|(s, (a, b))| (s, (a as f64 / 1e9, (b - a) as f64 / 1e9))).collect();
    v
}

fn our_view(a: &Analysis) -> View {
    let mut v = View::default();
    for s in &a.streams {
        let mut eps = vec![s.client.to_string(), s.server.to_string()];
        eps.sort();
        v.streams.insert(s.stream, (eps, s.first_frame, s.packets));
        v.stream_times.insert(s.stream, (s.rel_start, s.duration));
        let lines: Vec<&postscope_core::model::Line> = s
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) => Some(l),
                _ => None,
            })
            .collect();
        for (i, l) in lines.iter().enumerate() {
            let next_server_frame = lines[i + 1..].iter().find(|n| n.dir == Dir::Server).map(|n| n.frame);
            let token = match (l.dir, l.kind, l.protocol) {
                // IMAP: one token per command (not for the rest of a command after a literal);
                // tshark names UID commands by the command after UID.
                (Dir::Client, LineKind::Command, Protocol::Imap) => {
                    let mut words = l.text.split(' ');
                    let (_tag, word) = (words.next(), words.next().unwrap_or("").to_ascii_uppercase());
                    match l.verb.as_deref() {
                        Some("DONE") => l.verb.clone(),
                        Some("UID") if word == "UID" => words.next().map(|w| w.to_ascii_uppercase()),
                        Some(v) if v == word => l.verb.clone(),
                        _ => None,
                    }
                }
                (Dir::Client, LineKind::Command, _) => l.verb.clone(),
                // SMTP: tshark gives one code per reply, and one more for each
                // frame a multi-line reply is spread over.
                (Dir::Server, LineKind::Reply, Protocol::Smtp | Protocol::Lmtp)
                    if l.text.as_bytes().get(3) != Some(&b'-') || next_server_frame.is_some_and(|f| f != l.frame) =>
                {
                    l.verb.clone()
                }
                (Dir::Server, LineKind::Reply, Protocol::Pop3) if matches!(l.verb.as_deref(), Some("+OK" | "-ERR")) => l.verb.clone(),
                (Dir::Server, LineKind::Reply, Protocol::Imap)
                    if matches!(l.verb.as_deref(), Some("OK" | "NO" | "BAD")) && !l.text.starts_with('*') =>
                {
                    l.verb.clone()
                }
                _ => None,
            };
            if let Some(t) = token {
                let dir = if l.dir == Dir::Client { "client" } else { "server" };
                v.tokens.entry((s.stream, dir)).or_default().push((l.frame, t.to_ascii_uppercase()));
            }
        }
        for item in &s.items {
            if let Item::Tcp(t) = item {
                let name = match t.event.name() {
                    "retransmission" | "fast_retransmission" => "retransmission",
                    "out_of_order" => "out_of_order",
                    "lost_segment" => "lost_segment",
                    "duplicate_ack" => "duplicate_ack",
                    "zero_window" => "zero_window",
                    "window_full" => "window_full",
                    "keep_alive" => "keep_alive",
                    "acked_unseen" => "acked_unseen",
                    _ => continue,
                };
                v.flags.entry(name).or_default().insert(t.frame);
            }
        }
    }
    v
}

/// Every difference, as one line each: "<scope>: <what>".
fn differences(ours: &View, theirs: &View) -> Vec<String> {
    let mut d = Vec::new();
    let late: Vec<String> = theirs
        .times
        .iter()
        .filter(|(f, t)| ours.times.get(f) != Some(t))
        .map(|(f, t)| format!("frame {f} postscope {:?} tshark {t}", ours.times.get(f)))
        .collect();
    if let Some(first) = late.first() {
        d.push(format!("time: {} frames differ from tshark's frame.time_relative (ns), first {first}", late.len()));
    }
    for (s, t) in &theirs.stream_times {
        if let Some(o) = ours.stream_times.get(s).filter(|o| *o != t) {
            d.push(format!("stream {s} start and duration (s): postscope {o:?} tshark {t:?}"));
        }
    }
    let all: BTreeSet<u32> = ours.streams.keys().chain(theirs.streams.keys()).copied().collect();
    for s in all {
        match (ours.streams.get(&s), theirs.streams.get(&s)) {
            (Some(o), Some(t)) if o == t => {}
            (o, t) => d.push(format!("stream {s}: postscope {o:?} tshark {t:?}")),
        }
    }
    let keys: BTreeSet<(u32, &str)> = ours.tokens.keys().chain(theirs.tokens.keys()).copied().collect();
    for k in keys {
        let o = ours.tokens.get(&k).cloned().unwrap_or_default();
        let t = theirs.tokens.get(&k).cloned().unwrap_or_default();
        let ot: Vec<&String> = o.iter().map(|x| &x.1).collect();
        let tt: Vec<&String> = t.iter().map(|x| &x.1).collect();
        if ot != tt {
            d.push(format!("stream {} {} tokens: postscope {:?} tshark {:?}", k.0, k.1, ot, tt));
        } else {
            let late: Vec<String> =
                o.iter().zip(&t).filter(|(a, b)| a.0 > b.0).map(|(a, b)| format!("{} at {} (tshark {})", a.1, a.0, b.0)).collect();
            if !late.is_empty() {
                d.push(format!("stream {} {} frames: postscope later than tshark: {}", k.0, k.1, late.join(", ")));
            }
        }
    }
    let flags: BTreeSet<&str> = ours.flags.keys().chain(theirs.flags.keys()).copied().collect();
    for f in flags {
        let o = ours.flags.get(f).cloned().unwrap_or_default();
        let t = theirs.flags.get(f).cloned().unwrap_or_default();
        let only_o: Vec<u32> = o.difference(&t).copied().collect();
        let only_t: Vec<u32> = t.difference(&o).copied().collect();
        if !only_o.is_empty() {
            d.push(format!("tcp {f}: only postscope at frames {only_o:?}"));
        }
        if !only_t.is_empty() {
            d.push(format!("tcp {f}: only tshark at frames {only_t:?}"));
        }
    }
    d
}

/// `file|scope prefix|reason` lines.
fn disagreements() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(common::root().join("tests/tshark/disagreements.txt")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(3, '|');
            let file = parts.next().unwrap_or("").trim().to_string();
            let scope = parts.next().unwrap_or("").trim().to_string();
            let reason = parts.next().unwrap_or("").trim();
            assert!(!reason.is_empty(), "disagreement without a reason: {l}");
            (file, scope)
        })
        // The I/O graph's lines ("io FILTER") are tests/plots.rs's.
        .filter(|(_, scope)| !scope.starts_with("io "))
        .collect()
}

fn compare(files: &[PathBuf]) -> (usize, Vec<String>) {
    let listed = disagreements();
    let results = parallel(files, |path| {
        let bytes = std::fs::read(path).unwrap();
        let ours = analyze(&bytes, Options::default());
        // Streams Postscope recognised by content are read by tshark on that port too.
        let decode_as: Vec<(u16, Protocol)> = ours
            .streams
            .iter()
            .filter(|s| {
                // tshark needs telling for ports it does not know (2525, or a
                // port Postscope recognised by the first bytes).
                (s.recognised_by.by_content() || s.server.port() == 2525 || s.protocol == Protocol::Lmtp)
                    && matches!(s.protocol, Protocol::Smtp | Protocol::Lmtp | Protocol::Pop3 | Protocol::Imap)
            })
            .map(|s| (s.server.port(), s.protocol))
            .collect();
        let theirs = tshark_view(path, &decode_as, &ours);
        let mut mine = our_view(&ours);
        mine.times = theirs.times.keys().filter_map(|&f| Some((f, ours.frames.since_first_ns(f)?))).collect();
        (short(path), differences(&mine, &theirs))
    });
    let mut failures = Vec::new();
    let mut used = BTreeSet::new();
    for (name, diffs) in &results {
        for d in diffs {
            match listed.iter().position(|(f, scope)| f == name && d.starts_with(scope.as_str())) {
                Some(i) => {
                    used.insert(i);
                }
                None => failures.push(format!("{name}|{d}")),
            }
        }
    }
    let names: BTreeSet<&String> = results.iter().map(|r| &r.0).collect();
    for (i, (f, scope)) in listed.iter().enumerate() {
        if names.contains(f) && !used.contains(&i) {
            failures.push(format!("{f}|{scope}: listed in disagreements.txt but no longer differs: remove it"));
        }
    }
    (results.len(), failures)
}

fn report(what: &str, (n, failures): (usize, Vec<String>)) {
    assert!(n > 0, "no captures compared for {what}");
    if !failures.is_empty() {
        let out = common::root().join("target/tshark-diff.failed.txt");
        let _ = std::fs::create_dir_all(out.parent().unwrap());
        let _ = std::fs::write(&out, failures.join("\n"));
        panic!(
            "{what}: {} unexplained differences from tshark (all in {}):\n{}",
            failures.len(),
            out.display(),
            failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
        );
    }
    let _ = std::fs::remove_file(common::root().join("target/tshark-diff.failed.txt"));
    eprintln!("{what}: {n} captures agree with tshark (listed disagreements aside)");
}

#[test]
fn fixtures_agree_with_tshark() {
    report("tests/fixtures", compare(&fixtures()));
}

#[test]
fn corpus_agrees_with_tshark() {
    if let Some(files) = corpus() {
        report("shared corpus", compare(&files));
    }
}
