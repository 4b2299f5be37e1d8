//! The scale test: a generated capture of 1.5 MB (fixed seed), read by
//! postscope-core and by tshark, against what the generator's manifest says
//! it holds: the streams and their protocols, every client command, every
//! message (command, subject, size, attachments, bytes missing), every
//! credential, the bytes the capture missed, the reordered and the
//! retransmitted segments.

use gencap::{generate, Config, Manifest, Protocol};
use postscope_core::model::{Analysis, Dir, Item, LineKind, Protocol as Proto, Recognition, TcpKind};
use postscope_core::{analyze, Options};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// A seed whose capture holds every feature (the first test checks it does).
const SEED: u64 = 2028;
const SIZE: u64 = 1_500_000;

fn capture() -> (Vec<u8>, Manifest) {
    let mut bytes = Vec::new();
    let manifest = generate(&Config::new(SEED, SIZE), &mut bytes).unwrap();
    assert_eq!(manifest.bytes, bytes.len() as u64);
    (bytes, manifest)
}

fn proto(p: Protocol) -> Proto {
    match p {
        Protocol::Smtp => Proto::Smtp,
        Protocol::Pop3 => Proto::Pop3,
        Protocol::Imap => Proto::Imap,
    }
}

/// Whether a command line's first word (IMAP: after the tag) is its verb.
fn begins_command(p: Protocol, text: &str, verb: Option<&str>) -> bool {
    let mut words = text.split(' ');
    if p == Protocol::Imap {
        words.next();
    }
    let word = words.next().unwrap_or_default().split(':').next().unwrap_or_default();
    verb.is_some_and(|v| v.eq_ignore_ascii_case(word))
}

/// The capture is worth testing: every kind of session, message, login and
/// impairment is in it.
#[test]
fn the_capture_holds_every_feature() {
    let (_, m) = capture();
    assert!(m.sessions.smtp >= 3 && m.sessions.pop3 >= 3 && m.sessions.imap >= 3, "{:?}", m.sessions);
    assert!(m.lost_segments >= 2 && m.reordered >= 2 && m.retransmitted >= 2, "{}", m.summary());
    let all = || m.streams.iter();
    let has_cmd = |c: &str| all().any(|s| s.commands.iter().any(|x| x == c));
    for c in ["AUTH", "UID FETCH", "FETCH", "APPEND", "RETR", "USER", "PASS", "LOGIN", "DATA", "RSET", "DELE", "UIDL"] {
        assert!(has_cmd(c), "no {c} in the capture");
    }
    assert!(all().any(|s| s.pipelined_writes > 0), "no pipelining");
    let mechanisms: Vec<&str> = all().flat_map(|s| s.credentials.iter().map(|c| c.mechanism.as_str())).collect();
    for mech in ["PLAIN", "LOGIN", "USER"] {
        assert!(mechanisms.contains(&mech), "no {mech} credential");
    }
    assert!(all().flat_map(|s| &s.credentials).any(|c| !c.accepted), "no refused login");
    let msgs: Vec<_> = all().flat_map(|s| &s.messages).collect();
    assert!(msgs.iter().any(|x| !x.attachments.is_empty()) && msgs.iter().any(|x| x.attachments.is_empty()));
    assert!(msgs.iter().all(|x| (2_000..=52_000).contains(&x.size)), "a message outside 2-50 KB");
    assert!(msgs.iter().any(|x| x.lost_bytes > 0), "no message lost a segment");
}

/// What Postscope reads, stream by stream, against the manifest.
#[test]
fn postscope_finds_what_was_generated() {
    let (bytes, m) = capture();
    let a: Analysis = analyze(&bytes, Options::default());
    assert!(a.capture.warnings.is_empty(), "{:?}", a.capture.warnings);
    assert_eq!(a.capture.packets as u64, m.packets);
    assert_eq!(a.streams.len(), m.streams.len(), "streams");
    let (mut gaps, mut gap_bytes, mut ooo, mut retrans) = (0u64, 0u64, 0u64, 0u64);
    for (s, g) in a.streams.iter().zip(&m.streams) {
        let at = format!("stream {}", g.stream);
        assert_eq!(s.stream, g.stream, "{at}");
        assert_eq!((s.client.to_string(), s.server.to_string()), (g.client.clone(), g.server.clone()), "{at}");
        assert_eq!(s.protocol, proto(g.protocol), "{at}");
        assert!(matches!(s.recognised_by, Recognition::Port { .. }), "{at}: recognised by {}", s.recognised_by);
        assert_eq!(s.packets, g.packets, "{at}: packets");

        let commands: Vec<&str> = s
            .items
            .iter()
            .filter_map(|i| match i {
                // The lines that begin a command: not the rest of an IMAP
                // command after its literal, a command line of its own.
                Item::Line(l)
                    if l.dir == Dir::Client && l.kind == LineKind::Command && begins_command(g.protocol, &l.text, l.verb.as_deref()) =>
                {
                    l.verb.as_deref()
                }
                _ => None,
            })
            .collect();
        // Postscope names UID FETCH by its first word, as the command it is.
        let expected: Vec<&str> = g.commands.iter().map(|c| if c.starts_with("UID ") { "UID" } else { c.as_str() }).collect();
        assert_eq!(commands, expected, "{at}: commands");

        let messages: Vec<_> = s
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Message(x) => Some(x),
                _ => None,
            })
            .collect();
        assert_eq!(messages.len(), g.messages.len(), "{at}: messages");
        for (x, w) in messages.iter().zip(&g.messages) {
            let what = format!("{at}, message {:?}", w.subject);
            assert_eq!(x.command, w.command, "{what}");
            assert_eq!(x.subject.as_deref(), Some(w.subject.as_str()), "{what}");
            assert_eq!(x.attachments, w.attachments, "{what}");
            assert_eq!(x.missing_bytes, w.lost_bytes, "{what}: missing bytes");
            assert_eq!(x.complete, w.lost_bytes == 0, "{what}: complete");
            assert_eq!(x.size + x.missing_bytes, w.size, "{what}: size");
        }

        let creds: Vec<_> = s
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Credential(c) => Some((c.mechanism.as_str(), c.username.as_deref(), c.password.as_deref(), c.accepted)),
                _ => None,
            })
            .collect();
        let want: Vec<_> = g
            .credentials
            .iter()
            .map(|c| (c.mechanism.as_str(), Some(c.username.as_str()), Some(c.password.as_str()), Some(c.accepted)))
            .collect();
        assert_eq!(creds, want, "{at}: credentials");

        let mut lost = 0;
        for i in &s.items {
            match i {
                Item::Gap(x) => {
                    gaps += 1;
                    gap_bytes += x.bytes;
                    lost += x.bytes;
                }
                Item::Tcp(t) if t.event == TcpKind::OutOfOrder => ooo += 1,
                Item::Tcp(t) if t.event == TcpKind::Retransmission => retrans += 1,
                _ => {}
            }
        }
        assert_eq!(lost, g.damage.lost_bytes, "{at}: bytes the capture missed");
    }
    assert_eq!(gaps, m.lost_segments, "gaps");
    assert_eq!(gap_bytes, m.lost_bytes, "gap bytes");
    assert_eq!(ooo, m.reordered, "out-of-order segments");
    assert_eq!(retrans, m.retransmitted, "retransmissions");
    assert_eq!(a.messages().count() as u64, m.messages.total());
    assert_eq!(a.credentials().count() as u64, m.credentials.total());
}

/// tshark (the oracle) on the same file: the TCP streams, their server
/// ports, and the client commands of each.
#[test]
fn tshark_agrees() {
    let (bytes, m) = capture();
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("gencap-scale-{SEED}.pcap"));
    std::fs::write(&path, &bytes).unwrap();
    let out = Command::new("tshark")
        .args(["-n", "-r"])
        .arg(&path)
        .args(["-Y", "tcp", "-T", "fields", "-e", "tcp.stream", "-e", "tcp.dstport", "-e", "tcp.flags.syn", "-e", "tcp.flags.ack"])
        .args(["-e", "smtp.req.command", "-e", "pop.request.command", "-e", "imap.request.command"])
        .env("LC_ALL", "C")
        .output()
        .expect("tshark is not installed: scripts/setup installs it (apt-get install tshark)");
    assert!(out.status.success(), "tshark failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut ports: BTreeMap<u32, u16> = BTreeMap::new();
    let mut commands: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for row in text.lines() {
        let c: Vec<&str> = row.split('\t').collect();
        let stream: u32 = c[0].parse().unwrap();
        commands.entry(stream).or_default();
        if c[2] == "1" && c[3] == "0" {
            ports.insert(stream, c[1].parse().unwrap());
        }
        for field in &c[4..] {
            commands.get_mut(&stream).unwrap().extend(field.split(',').filter(|t| !t.is_empty()).map(|t| t.to_ascii_uppercase()));
        }
    }
    assert_eq!(commands.len(), m.streams.len(), "TCP streams");
    for g in &m.streams {
        let at = format!("stream {}", g.stream);
        let port: u16 = g.server.rsplit(':').next().unwrap().parse().unwrap();
        assert_eq!(ports.get(&g.stream), Some(&port), "{at}: server port of the SYN");
        // tshark 4.0 names UID FETCH by its second word.
        let want: Vec<String> = g.commands.iter().map(|c| c.strip_prefix("UID ").unwrap_or(c).to_string()).collect();
        let got = &commands[&g.stream];
        match want.iter().position(|c| c == "APPEND") {
            None => assert_eq!(got, &want, "{at}: commands"),
            Some(i) => {
                // tshark 4.0 reads the lines of an APPEND literal as
                // commands (tests/tshark/disagreements.txt lists the same
                // on fixtures/imap-manage.pcap): what comes before the
                // literal and after it must still agree.
                let (before, after) = (&want[..=i], &want[i + 1..]);
                assert!(got.len() >= want.len(), "{at}: {got:?}");
                assert_eq!(&got[..before.len()], before, "{at}: commands up to APPEND");
                assert_eq!(&got[got.len() - after.len()..], after, "{at}: commands after the APPEND literal");
            }
        }
    }
    let total: usize = commands.values().map(Vec::len).sum();
    assert!(total as u64 >= m.commands.total(), "tshark saw {total} commands, the capture has {}", m.commands.total());
    std::fs::remove_file(&path).ok();
}
