//! TLS decryption with a key log, on the lab's real recordings
//! (tests/fixtures/tls/, made by scripts/lab/record-tls): every record of
//! both directions is decrypted with `postscope_core::decrypt` and the
//! application data compared with tshark's decryption given the same key log;
//! the dialogue must hold the logins and subjects of the manifest. Then what
//! goes wrong: keys of another session, a key log with only the client's
//! secrets, damaged key log lines, a tampered record.

mod common;

use base64::Engine;
use common::{read_frames, root, tshark};
use postscope_core::capture::{CaptureReader, TLS_KEY_LOG};
use postscope_core::decrypt::{Epoch, Failure, KeyLog, KeyLogProblem, Label, Plain, Session, APPLICATION_DATA};
use postscope_core::model::{Dir, Timestamp};
use postscope_core::net::{decode, Decoded, Defrag};
use postscope_core::tcp::{TcpOut, TcpTable};
use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    root().join("tests/fixtures/tls")
}

fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(dir().join("manifest.json")).expect("tests/fixtures/tls/manifest.json (scripts/lab/record-tls)");
    let v: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(v.len() >= 21, "the TLS recordings are missing: {} in the manifest", v.len());
    v
}

fn entry(name: &str) -> Value {
    manifest().into_iter().find(|e| e["file"] == name).unwrap_or_else(|| panic!("{name} is not in the manifest"))
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
}

/// The key log of a recording: its .keys file, or the secrets block of a pcapng.
fn keys_of(e: &Value) -> KeyLog {
    match e["keys"].as_str() {
        Some(k) => KeyLog::parse(&read(k)),
        None => KeyLog::parse(&dsb_key_log(&read(e["file"].as_str().unwrap()))),
    }
}

fn dsb_key_log(bytes: &[u8]) -> Vec<u8> {
    let mut r = CaptureReader::new();
    r.feed(bytes, &mut |_: postscope_core::capture::Frame<'_>| {});
    let secrets: Vec<_> = r.decryption_secrets().iter().filter(|s| s.kind == TLS_KEY_LOG).collect();
    assert_eq!(secrets.len(), 1, "one TLS key log block");
    secrets[0].data.clone()
}

/// The TCP payload of each stream, as (direction, bytes) in capture order.
fn tcp_streams(bytes: &[u8]) -> Vec<Vec<(Dir, Vec<u8>)>> {
    let (frames, _) = read_frames(bytes, 1 << 20);
    let mut table = TcpTable::default();
    let mut defrag = Defrag::default();
    let mut out = Vec::new();
    let mut by_stream: Vec<Vec<(Dir, Vec<u8>)>> = Vec::new();
    for f in &frames {
        let Ok(Decoded::Tcp(seg)) = decode(f.link_type, &f.data, &mut defrag) else { continue };
        out.clear();
        let idx = table.segment(f.number, Timestamp::default(), f.orig_len, &seg, &mut out);
        while by_stream.len() <= idx {
            by_stream.push(Vec::new());
        }
        for o in &out {
            match o {
                TcpOut::Data { dir, bytes, .. } => by_stream[idx].push((*dir, bytes.clone())),
                TcpOut::Gap { .. } => panic!("a gap in a lab recording"),
                TcpOut::Event { .. } => {}
            }
        }
    }
    by_stream
}

/// Cuts one direction's bytes into TLS records, after the clear-text lines
/// of a STARTTLS dialogue (TLS starts where a line would start with 0x16 0x03).
#[derive(Default)]
struct Cutter {
    buf: Vec<u8>,
    tls: bool,
    clear: Vec<u8>,
}

impl Cutter {
    fn push(&mut self, bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
        self.buf.extend_from_slice(bytes);
        let mut records = Vec::new();
        loop {
            if !self.tls {
                if self.buf.len() >= 2 && self.buf[0] == 0x16 && self.buf[1] == 3 {
                    self.tls = true;
                    continue;
                }
                let Some(nl) = self.buf.iter().position(|&b| b == b'\n') else { break };
                self.clear.extend(self.buf.drain(..=nl));
                continue;
            }
            if self.buf.len() < 5 {
                break;
            }
            let len = u16::from_be_bytes([self.buf[3], self.buf[4]]) as usize;
            if self.buf.len() < 5 + len {
                break;
            }
            let record: Vec<u8> = self.buf.drain(..5 + len).collect();
            records.push((record[0], record[5..].to_vec()));
        }
        records
    }
}

/// What decrypting one stream gave, by direction (client, server).
#[derive(Default, Debug)]
struct Decrypted {
    app: [Vec<u8>; 2],
    plain: [Vec<Plain>; 2],
    failures: [Vec<Failure>; 2],
    clear_text: [Vec<u8>; 2],
}

/// Decrypts every record of a stream; `tamper` changes one record body first
/// (direction, index among that direction's records).
fn decrypt_stream(chunks: &[(Dir, Vec<u8>)], keys: &KeyLog, tamper: Option<(Dir, usize)>) -> (Decrypted, Session) {
    let mut session = Session::new();
    let mut cutters = [Cutter::default(), Cutter::default()];
    let mut counts = [0usize; 2];
    let mut d = Decrypted::default();
    for (dir, bytes) in chunks {
        let i = *dir as usize;
        for (ct, mut body) in cutters[i].push(bytes) {
            if tamper == Some((*dir, counts[i])) {
                // The first byte: a TLS 1.2 GCM explicit nonce, a CBC IV, or
                // ciphertext; each makes the tag or the MAC fail.
                body[0] ^= 0x01;
            }
            counts[i] += 1;
            match session.record(*dir, ct, &body, keys) {
                Ok(p) => {
                    if p.encrypted && p.content_type == APPLICATION_DATA {
                        d.app[i].extend_from_slice(&p.bytes);
                    }
                    d.plain[i].push(p);
                }
                Err(f) => d.failures[i].push(f),
            }
        }
    }
    for (i, c) in cutters.iter().enumerate() {
        assert!(c.buf.is_empty(), "{} bytes left after the last record", c.buf.len());
        d.clear_text[i] = c.clear.clone();
    }
    (d, session)
}

/// tshark's decrypted application data of stream `stream`: (client, server).
/// tshark prints node 0's bytes flush left and node 1's after a tab; node 0
/// is the server in some captures and the client in others, so its port
/// decides.
fn tshark_follow(file: &str, keys: Option<&str>, stream: usize) -> [Vec<u8>; 2] {
    let server_port = manifest()
        .into_iter()
        .find(|e| e["file"] == file)
        .and_then(|e| e["port"].as_u64())
        .unwrap_or_else(|| panic!("{file}: no port in the manifest"));
    let mut args: Vec<String> = vec!["-r".into(), dir().join(file).display().to_string()];
    if let Some(k) = keys {
        // a name in tests/fixtures/tls, or a path (a key log written by the test)
        args.push("-o".into());
        args.push(format!("tls.keylog_file:{}", dir().join(k).display()));
    }
    args.extend(["-q".into(), "-z".into(), format!("follow,tls,raw,{stream}")]);
    let text = tshark(&args);
    let sep = "=".repeat(67);
    let body = text.split(&sep).nth(1).unwrap_or_else(|| panic!("no follow output from tshark for {file}: {text}"));
    let node0 = body
        .lines()
        .find_map(|l| l.strip_prefix("Node 0: "))
        .and_then(|n| n.rsplit(':').next())
        .unwrap_or_else(|| panic!("{file}: tshark names no node 0"));
    let left_is_server = node0.trim() == server_port.to_string();
    let mut out = [Vec::new(), Vec::new()];
    for line in body.lines() {
        if line.trim().is_empty() || line.contains(':') {
            continue;
        }
        let indented = line.starts_with('\t');
        let side = usize::from(indented != left_is_server);
        let hex = line.trim();
        out[side].extend((0..hex.len()).step_by(2).map(|j| u8::from_str_radix(&hex[j..j + 2], 16).unwrap()));
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The pieces of a login as they cross the wire.
fn wire_credentials(c: &Value) -> Vec<Vec<u8>> {
    let (user, password) = (c["username"].as_str().unwrap(), c["password"].as_str().unwrap());
    match c["mechanism"].as_str().unwrap() {
        "PLAIN" => vec![base64::engine::general_purpose::STANDARD.encode(format!("\0{user}\0{password}")).into_bytes()],
        "LOGIN" => vec![format!("LOGIN {user} ").into_bytes(), password.as_bytes().to_vec()],
        "USER" => vec![format!("USER {user}\r\n").into_bytes(), format!("PASS {password}\r\n").into_bytes()],
        m => panic!("mechanism {m}"),
    }
}

#[test]
fn every_recording_decrypts_as_tshark_decrypts_it() {
    let entries = manifest();
    let results = common::parallel(&entries, |e| {
        let file = e["file"].as_str().unwrap();
        let keys = keys_of(e);
        assert!(keys.notes.is_empty(), "{file}: key log notes {:?}", keys.notes);
        let streams = tcp_streams(&read(file));
        assert_eq!(streams.len() as u64, e["tcp_streams"].as_u64().unwrap(), "{file}: TCP streams");
        let mut dialogue = [Vec::new(), Vec::new()];
        let mut records = 0;
        for (s, chunks) in streams.iter().enumerate() {
            let (d, session) = decrypt_stream(chunks, &keys, None);
            assert_eq!(d.failures, [vec![], vec![]], "{file} stream {s}: records that did not decrypt");
            let dec = session.decryptor().unwrap_or_else(|| panic!("{file}: no decryptor"));
            assert_eq!(dec.suite().id as u64, e["cipher_suite_id"].as_u64().unwrap(), "{file}: suite");
            assert_eq!(dec.suite().name, e["cipher_suite"].as_str().unwrap());
            let want_version = if e["tls_version"] == "1.3" { 0x0304 } else { 0x0303 };
            assert_eq!(dec.version(), want_version, "{file}: version");
            let oracle = tshark_follow(file, e["keys"].as_str(), s);
            for side in 0..2 {
                assert!(!oracle[side].is_empty(), "{file} stream {s}: tshark decrypted nothing in direction {side}");
                assert!(
                    d.app[side] == oracle[side],
                    "{file} stream {s} direction {side}: {} bytes decrypted here, {} by tshark; first difference at byte {:?}",
                    d.app[side].len(),
                    oracle[side].len(),
                    d.app[side].iter().zip(&oracle[side]).position(|(a, b)| a != b)
                );
                dialogue[side].extend_from_slice(&d.app[side]);
                records += d.plain[side].iter().filter(|p| p.encrypted).count();
            }
        }
        for c in e["credentials"].as_array().unwrap() {
            for piece in wire_credentials(c) {
                assert!(contains(&dialogue[0], &piece), "{file}: {:?} not in the decrypted client data", String::from_utf8_lossy(&piece));
            }
        }
        for m in e["messages"].as_array().unwrap() {
            let side = if m["via"] == "DATA" { 0 } else { 1 };
            let subject = format!("Subject: {}", m["subject"].as_str().unwrap());
            assert!(contains(&dialogue[side], subject.as_bytes()), "{file}: {subject:?} not decrypted");
        }
        (file.to_string(), records)
    });
    assert_eq!(results.len(), entries.len());
    for (file, records) in &results {
        assert!(*records >= 6, "{file}: only {records} encrypted records");
    }
    eprintln!("decrypted like tshark: {results:?}");
}

#[test]
fn the_injected_secrets_block_holds_the_key_log_it_was_made_from() {
    let dsb = manifest().into_iter().find(|e| e["injected_from"].is_string()).expect("a DSB recording");
    let from = entry(dsb["injected_from"].as_str().unwrap());
    let block = dsb_key_log(&read(dsb["file"].as_str().unwrap()));
    let file = read(from["keys"].as_str().unwrap());
    // editcap pads the block's secrets to 4 bytes with NULs only in the block framing.
    assert_eq!(block, file);
    // and a pcap (no blocks) has none
    let mut r = CaptureReader::new();
    r.feed(&read(from["file"].as_str().unwrap()), &mut |_: postscope_core::capture::Frame<'_>| {});
    assert!(r.decryption_secrets().is_empty());
}

#[test]
fn keys_of_another_session_match_nothing() {
    let e = entry("imaps-tls13-aes256gcm.pcap");
    let other = keys_of(&entry("pop3s-tls13-aes128gcm.pcap"));
    let streams = tcp_streams(&read("imaps-tls13-aes256gcm.pcap"));
    let (d, session) = decrypt_stream(&streams[0], &other, None);
    let Some(Failure::NoKeyMatches { client_random }) = session.setup_failure() else { panic!("{:?}", session.setup_failure()) };
    assert_eq!(Some(client_random), session.client_random());
    assert!(keys_of(&e).get(client_random).is_some(), "its own key log has the random");
    // tshark, given the same wrong key log, decrypts nothing either.
    assert_eq!(tshark_follow("imaps-tls13-aes256gcm.pcap", Some("pop3s-tls13-aes128gcm.keys"), 0), [Vec::<u8>::new(), Vec::new()]);
    for side in 0..2 {
        assert!(d.app[side].is_empty());
        assert!(!d.failures[side].is_empty());
        assert!(d.failures[side].iter().all(|f| matches!(f, Failure::NoKeyMatches { .. })), "{:?}", d.failures[side]);
    }
    // TLS 1.2 too
    let streams = tcp_streams(&read("imaps-tls12-aes128gcm.pcap"));
    let (d, session) = decrypt_stream(&streams[0], &other, None);
    assert!(matches!(session.setup_failure(), Some(Failure::NoKeyMatches { .. })));
    assert!(d.app.iter().all(Vec::is_empty));
    // Finished (after ChangeCipherSpec) is no clear handshake record either.
    assert!(d.failures.iter().all(|f| f.len() >= 2), "{:?}", d.failures);
}

fn only_lines(keys: &[u8], keep: impl Fn(&str) -> bool) -> Vec<u8> {
    let text = String::from_utf8(keys.to_vec()).unwrap();
    text.lines().filter(|l| keep(l)).map(|l| format!("{l}\n")).collect::<String>().into_bytes()
}

#[test]
fn with_only_the_clients_secrets_only_the_client_decrypts() {
    for name in ["pop3s-tls13-aes128gcm", "smtps-tls13-chacha20"] {
        let file = format!("{name}.pcap");
        let keys = read(&format!("{name}.keys"));
        let client_lines = only_lines(&keys, |l| l.starts_with("CLIENT_"));
        let partial = KeyLog::parse(&client_lines);
        let streams = tcp_streams(&read(&file));
        let (d, _) = decrypt_stream(&streams[0], &partial, None);
        let oracle = tshark_follow(&file, Some(&format!("{name}.keys")), 0);
        assert_eq!(d.failures[0], vec![], "{name}");
        assert_eq!(d.app[0], oracle[0], "{name}: the client's data");
        assert!(d.app[1].is_empty(), "{name}");
        // tshark, given the same partial key log, decrypts the same: the client's side only.
        let path = std::env::temp_dir().join(format!("postscope-decrypt-test-{}-{name}.keys", std::process::id()));
        std::fs::write(&path, &client_lines).unwrap();
        let partial_oracle = tshark_follow(&file, Some(path.to_str().unwrap()), 0);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(partial_oracle, [oracle[0].clone(), vec![]], "{name}: tshark with the client's secrets only");
        assert!(d.failures[1].len() >= 3, "{name}: {:?}", d.failures[1]);
        assert!(d.failures[1].iter().all(|f| *f == Failure::MissingSecret(Label::ServerHandshakeTrafficSecret)), "{:?}", d.failures[1]);
    }
}

#[test]
fn application_secrets_alone_open_the_records_after_finished() {
    let name = "imap-starttls-tls13-chacha20";
    let keys = read(&format!("{name}.keys"));
    let partial = KeyLog::parse(&only_lines(&keys, |l| l.contains("_TRAFFIC_SECRET_0 ")));
    let streams = tcp_streams(&read(&format!("{name}.pcap")));
    let (d, _) = decrypt_stream(&streams[0], &partial, None);
    let oracle = tshark_follow(&format!("{name}.pcap"), Some(&format!("{name}.keys")), 0);
    assert_eq!(d.app, oracle);
    // The encrypted handshake records could not be read.
    assert_eq!(d.failures[0], vec![Failure::MissingSecret(Label::ClientHandshakeTrafficSecret)]);
    assert!(!d.failures[1].is_empty());
    assert!(d.failures[1].iter().all(|f| *f == Failure::MissingSecret(Label::ServerHandshakeTrafficSecret)));
}

#[test]
fn damaged_key_log_lines_are_noted_by_number_and_the_good_ones_still_decrypt() {
    let name = "pop3-stls-tls12-aes128gcm";
    let keys = String::from_utf8(read(&format!("{name}.keys"))).unwrap();
    let good = keys.lines().find(|l| l.starts_with("CLIENT_RANDOM ")).unwrap();
    let (label, rest) = good.split_once(' ').unwrap();
    let (random, secret) = rest.split_once(' ').unwrap();
    let damaged = format!(
        "# made by hand\r\nCLIENT_RANDOM {random}\r\n{label} {random} {}\r\nSERVER_TRAFFIC_SECRET {random} {secret}\r\n\r\n{good}\r\nCLIENT_RANDOM {} {secret}\r\n",
        &secret[2..],
        &random[..60],
    );
    let log = KeyLog::parse(damaged.as_bytes());
    let notes: Vec<(usize, KeyLogProblem)> = log.notes.iter().map(|n| (n.line, n.problem.clone())).collect();
    assert_eq!(
        notes,
        vec![
            (2, KeyLogProblem::MissingField),
            (3, KeyLogProblem::SecretLength { label: Label::ClientRandom, bytes: 47 }),
            (4, KeyLogProblem::UnknownLabel("SERVER_TRAFFIC_SECRET".into())),
            (7, KeyLogProblem::BadClientRandom),
        ]
    );
    let streams = tcp_streams(&read(&format!("{name}.pcap")));
    let (d, _) = decrypt_stream(&streams[0], &log, None);
    assert_eq!(d.failures, [vec![], vec![]]);
    assert_eq!(d.app, tshark_follow(&format!("{name}.pcap"), Some(&format!("{name}.keys")), 0));
}

/// Index, among the direction's records, of its `n`th encrypted application data record.
fn nth_app_record(chunks: &[(Dir, Vec<u8>)], keys: &KeyLog, dir: Dir, n: usize) -> (usize, u64, Epoch) {
    let (d, _) = decrypt_stream(chunks, keys, None);
    let i = dir as usize;
    // every record of the direction is in plain (no failures), in order
    assert!(d.failures[i].is_empty());
    let (index, p) =
        d.plain[i].iter().enumerate().filter(|(_, p)| p.encrypted && p.content_type == APPLICATION_DATA).nth(n).expect("enough records");
    (index, p.seq, p.epoch.unwrap())
}

#[test]
fn a_tampered_record_fails_by_its_number_and_stops_only_its_direction() {
    for name in [
        "imaps-tls13-aes256gcm",
        "pop3s-tls12-chacha20",
        "smtp-starttls-tls12-aes128cbc-sha",
        "imaps-tls12-aes256cbc-sha384",
        "pop3s-tls12-gnutls-aes128cbc-sha",
    ] {
        let file = format!("{name}.pcap");
        let keys = KeyLog::parse(&read(&format!("{name}.keys")));
        let streams = tcp_streams(&read(&file));
        let oracle = tshark_follow(&file, Some(&format!("{name}.keys")), 0);
        for dir in [Dir::Client, Dir::Server] {
            let (index, seq, epoch) = nth_app_record(&streams[0], &keys, dir, 1);
            let (d, _) = decrypt_stream(&streams[0], &keys, Some((dir, index)));
            let i = dir as usize;
            let o = 1 - i;
            assert_eq!(d.failures[o], vec![], "{name}: the other direction");
            assert_eq!(d.app[o], oracle[o], "{name}: the other direction's data");
            let first = d.failures[i].first().unwrap_or_else(|| panic!("{name}: no failure"));
            assert_eq!(*first, Failure::BadTag { seq, epoch }, "{name} {dir:?}");
            assert!(d.failures[i][1..].iter().all(|f| *f == Failure::Stopped(Box::new(first.clone()))), "{:?}", d.failures[i]);
            assert!(d.app[i].len() < oracle[i].len() && oracle[i].starts_with(&d.app[i]), "{name}: only the records before it");
        }
    }
}

#[test]
fn key_updates_move_to_the_next_generation_of_keys() {
    let e = entry("imaps-tls13-keyupdate.pcap");
    let streams = tcp_streams(&read("imaps-tls13-keyupdate.pcap"));
    let (d, session) = decrypt_stream(&streams[0], &keys_of(&e), None);
    assert_eq!(d.failures, [vec![], vec![]]);
    let generations = |i: usize| -> Vec<u32> {
        let mut g: Vec<u32> = d.plain[i]
            .iter()
            .filter_map(|p| match p.epoch {
                Some(Epoch::Application { generation }) => Some(generation),
                _ => None,
            })
            .collect();
        g.dedup();
        g
    };
    // The client updated twice ('K', then 'k'); the server once, when asked.
    assert_eq!(generations(0), vec![0, 1, 2]);
    assert_eq!(generations(1), vec![0, 1]);
    // OpenSSL logged the secrets after each update (CLIENT_TRAFFIC_SECRET_N):
    // the ones derived here with "traffic upd" are the same.
    let keys = keys_of(&e);
    let secrets = keys.get(session.client_random().unwrap()).unwrap();
    assert_eq!(secrets.updates(true).len(), 2);
    assert_eq!(secrets.updates(false).len(), 1);
    let dec = session.decryptor().unwrap();
    assert_eq!(dec.traffic_secret(Dir::Client), secrets.updates(true).last().map(Vec::as_slice));
    assert_eq!(dec.traffic_secret(Dir::Server), secrets.updates(false).last().map(Vec::as_slice));
    assert_eq!(dec.epoch(Dir::Client).0, Epoch::Application { generation: 2 });
}

#[test]
fn a_hello_retry_request_and_a_resumed_session_decrypt() {
    let hrr = tcp_streams(&read("smtps-tls13-hrr.pcap"));
    let (d, session) = decrypt_stream(&hrr[0], &keys_of(&entry("smtps-tls13-hrr.pcap")), None);
    assert_eq!(d.failures, [vec![], vec![]]);
    assert!(session.decryptor().is_some());
    // Two ClientHellos and two ServerHellos in the clear (the first is the retry request).
    let hellos =
        |i: usize, t: u8| d.plain[i].iter().filter(|p| !p.encrypted && p.content_type == 22 && p.bytes.first() == Some(&t)).count();
    assert_eq!((hellos(0, 1), hellos(1, 2)), (2, 2));

    for name in ["smtps-tls13-resumed.pcap", "smtps-tls12-resumed.pcap"] {
        let resumed = tcp_streams(&read(name));
        assert_eq!(resumed.len(), 2);
        let keys = keys_of(&entry(name));
        assert_eq!(keys.len(), 2, "{name}: a key log entry for each connection");
        let login = wire_credentials(&entry(name)["credentials"][0]).remove(0);
        let mut certificates = 0;
        for chunks in &resumed {
            let (d, _) = decrypt_stream(chunks, &keys, None);
            assert_eq!(d.failures, [vec![], vec![]], "{name}");
            assert!(contains(&d.app[0], &login), "{name}: the AUTH PLAIN of each connection");
            // TLS 1.2 shows its Certificate in the clear; TLS 1.3 inside the handshake keys.
            certificates += d.plain[1].iter().filter(|p| p.content_type == 22 && contains(&p.bytes, b"mail.lab.example")).count();
        }
        assert_eq!(certificates, 1, "{name}: only the first connection has the server's certificate");
    }
}

/// The types of the handshake messages in a direction's handshake records, in order.
fn handshake_types(plain: &[Plain]) -> Vec<u8> {
    let bytes: Vec<u8> = plain.iter().filter(|p| p.content_type == 22).flat_map(|p| p.bytes.iter().copied()).collect();
    let mut types = Vec::new();
    let mut rest = &bytes[..];
    while rest.len() >= 4 {
        types.push(rest[0]);
        let len = u32::from_be_bytes([0, rest[1], rest[2], rest[3]]) as usize;
        rest = &rest[(4 + len).min(rest.len())..];
    }
    types
}

#[test]
fn every_record_has_the_content_type_and_messages_tshark_finds_in_it() {
    let entries = manifest();
    common::parallel(&entries, |e| {
        let file = e["file"].as_str().unwrap();
        let port = e["port"].as_u64().unwrap().to_string();
        let mut args: Vec<String> = vec!["-r".into(), dir().join(file).display().to_string()];
        if let Some(k) = e["keys"].as_str() {
            args.extend(["-o".into(), format!("tls.keylog_file:{}", dir().join(k).display())]);
        }
        args.extend(
            [
                "-Y",
                "tls",
                "-T",
                "fields",
                "-e",
                "tcp.stream",
                "-e",
                "tcp.srcport",
                "-e",
                "tls.record.content_type",
                "-e",
                "tls.handshake.type",
            ]
            .map(String::from),
        );
        let text = tshark(&args);
        let keys = keys_of(e);
        for (s, chunks) in tcp_streams(&read(file)).iter().enumerate() {
            // tshark: (content types, handshake types) by direction
            let mut want: [(Vec<u8>, Vec<u8>); 2] = Default::default();
            for line in text.lines() {
                let f: Vec<&str> = line.split('\t').collect();
                if f[0] != s.to_string() {
                    continue;
                }
                let side = usize::from(f[1] == port);
                let nums = |x: &str| -> Vec<u8> { x.split(',').filter(|v| !v.is_empty()).map(|v| v.parse().unwrap()).collect() };
                want[side].0.extend(nums(f[2]));
                want[side].1.extend(nums(f.get(3).copied().unwrap_or("")));
            }
            let (d, _) = decrypt_stream(chunks, &keys, None);
            for (side, (want_types, want_messages)) in want.iter().enumerate() {
                let types: Vec<u8> = d.plain[side].iter().map(|p| p.content_type).collect();
                assert_eq!(&types, want_types, "{file} stream {s} direction {side}: record content types");
                assert_eq!(&handshake_types(&d.plain[side]), want_messages, "{file} stream {s} direction {side}: handshake messages");
            }
        }
    });
}

/// Every record of a direction, and the result of decrypting the stream with
/// record `target` of `dir` changed by `change`.
fn with_changed_record(chunks: &[(Dir, Vec<u8>)], keys: &KeyLog, dir: Dir, target: usize, change: &dyn Fn(&mut Vec<u8>)) -> Decrypted {
    let mut session = Session::new();
    let mut cutters = [Cutter::default(), Cutter::default()];
    let mut counts = [0usize; 2];
    let mut d = Decrypted::default();
    for (from, bytes) in chunks {
        let i = *from as usize;
        for (ct, mut body) in cutters[i].push(bytes) {
            if *from == dir && counts[i] == target {
                change(&mut body);
            }
            counts[i] += 1;
            match session.record(*from, ct, &body, keys) {
                Ok(p) => d.plain[i].push(p),
                Err(f) => d.failures[i].push(f),
            }
        }
    }
    d
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// A changed byte, or a record cut short or made longer, anywhere in an
    /// encrypted record of any suite: that record fails (by its number), the
    /// direction stops there, the other goes on, and nothing panics.
    #[test]
    fn any_damage_to_an_encrypted_record_is_caught_at_that_record(
        which in 0usize..8,
        client in proptest::bool::ANY,
        pick in 0usize..1000,
        pos in 0usize..100_000,
        xor in 1u8..=255,
        how in 0u8..3,
    ) {
        let names = [
            "imaps-tls13-aes256gcm", "smtps-tls13-chacha20", "pop3s-tls13-aes128gcm", "imaps-tls12-aes128gcm",
            "pop3s-tls12-chacha20", "smtp-starttls-tls12-aes128cbc-sha", "imaps-tls12-aes256cbc-sha384",
            "pop3s-tls12-gnutls-aes128cbc-sha",
        ];
        let name = names[which];
        let keys = KeyLog::parse(&read(&format!("{name}.keys")));
        let streams = tcp_streams(&read(&format!("{name}.pcap")));
        let dir = if client { Dir::Client } else { Dir::Server };
        let (clean, _) = decrypt_stream(&streams[0], &keys, None);
        let i = dir as usize;
        let encrypted: Vec<usize> = clean.plain[i].iter().enumerate().filter(|(_, p)| p.encrypted).map(|(n, _)| n).collect();
        let target = encrypted[pick % encrypted.len()];
        let (seq, epoch) = (clean.plain[i][target].seq, clean.plain[i][target].epoch.unwrap());
        let change = |body: &mut Vec<u8>| match how {
            0 => { let at = pos % body.len(); body[at] ^= xor; }
            1 => body.truncate(pos % body.len()),
            _ => body.extend(std::iter::repeat_n(xor, 1 + pos % 40)),
        };
        let d = with_changed_record(&streams[0], &keys, dir, target, &change);
        let first = d.failures[i].first().expect("a failure");
        proptest::prop_assert!(
            matches!(first, Failure::BadTag { seq: s, epoch: e } | Failure::BadPadding { seq: s, epoch: e } | Failure::TooShort { seq: s, epoch: e, .. } if *s == seq && *e == epoch),
            "{} {:?}: {:?}, expected record {} of {:?}", name, dir, first, seq, epoch
        );
        proptest::prop_assert_eq!(d.plain[i].len(), target, "the records before it decrypted");
        proptest::prop_assert!(d.failures[i][1..].iter().all(|f| matches!(f, Failure::Stopped(_))));
        proptest::prop_assert!(d.failures[1 - i].is_empty());
        proptest::prop_assert_eq!(&d.plain[1 - i], &clean.plain[1 - i]);
    }
}
