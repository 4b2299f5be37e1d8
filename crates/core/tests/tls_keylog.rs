//! The analysis inside TLS, with a key log, on the lab's TLS recordings
//! (tests/fixtures/tls/, with manifest.json): every recording analysed with
//! its .keys (the DSB capture with none: its key log is inside) must show the
//! manifest's logins and subjects, marked decrypted, in the right stream; the
//! decrypted commands and replies of each direction must be tshark's given
//! the same key log (reviewed differences in tests/tshark/disagreements.txt,
//! as tshark_diff.rs reads it); without the key log nothing is decrypted;
//! with another recording's key log the analysis says no key matched.
//! (Chunking with a key log: chunking.rs.)

mod common;

use common::{parallel, root, tshark};
use postscope_core::decrypt::{Failure, KeyLog};
use postscope_core::explain::{self, Context, Locale};
use postscope_core::model::{Analysis, Dir, Item, LineKind, Protocol, TlsKind};
use postscope_core::{analyze, jsonl, Options};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

fn dir() -> PathBuf {
    root().join("tests/fixtures/tls")
}

fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(dir().join("manifest.json")).expect("tests/fixtures/tls/manifest.json");
    let v: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(v.len() >= 21, "the TLS recordings are missing: {} in the manifest", v.len());
    v
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
}

fn keyed(keys: Option<&[u8]>) -> Options {
    Options { keylog: keys.map(|k| Arc::new(KeyLog::parse(k))), ..Options::default() }
}

/// A recording analysed with its key log (none for the DSB capture: its own is used).
fn analysed(e: &Value) -> Analysis {
    let keys = e["keys"].as_str().map(read);
    analyze(&read(e["file"].as_str().unwrap()), keyed(keys.as_deref()))
}

fn protocol(name: &str) -> Protocol {
    postscope_core::protocols::by_name(name).unwrap_or_else(|| panic!("protocol {name}"))
}

#[test]
fn every_recording_shows_its_logins_and_messages_decrypted() {
    let entries = manifest();
    let failures: Vec<String> = parallel(&entries, |e| {
        let name = e["file"].as_str().unwrap();
        let a = analysed(e);
        let mut bad = Vec::new();
        let p = protocol(e["protocol"].as_str().unwrap());
        let streams = e["tcp_streams"].as_u64().unwrap() as usize;
        if a.streams.len() != streams {
            bad.push(format!("{} streams, the manifest says {streams}", a.streams.len()));
        }
        // The credentials, in stream order: one per stream when there are as many as streams.
        let creds: Vec<_> = a.credentials().collect();
        let want = e["credentials"].as_array().unwrap();
        if creds.len() != want.len() {
            bad.push(format!("{} credentials, the manifest has {}: {creds:?}", creds.len(), want.len()));
        }
        for (i, (c, w)) in creds.iter().zip(want).enumerate() {
            let got = (c.protocol, c.mechanism.as_str(), c.username.as_deref(), c.password.as_deref());
            let expected = (
                protocol(w["protocol"].as_str().unwrap()),
                w["mechanism"].as_str().unwrap(),
                w["username"].as_str(),
                w["password"].as_str(),
            );
            if got != expected {
                bad.push(format!("credential {i}: {got:?}, the manifest has {expected:?}"));
            }
            if !c.decrypted {
                bad.push(format!("credential {i} not marked decrypted"));
            }
            if want.len() == streams && c.stream != i as u32 {
                bad.push(format!("credential {i} in stream {}", c.stream));
            }
            let said = explain::plain(&c.explain);
            if !said.contains("inside TLS") {
                bad.push(format!("credential {i}'s explanation does not say it was inside TLS: {said}"));
            }
        }
        let messages: Vec<_> = a.messages().collect();
        let want = e["messages"].as_array().unwrap();
        if messages.len() != want.len() {
            bad.push(format!("{} messages, the manifest has {}", messages.len(), want.len()));
        }
        for (i, (m, w)) in messages.iter().zip(want).enumerate() {
            if m.subject.as_deref() != w["subject"].as_str() || m.protocol != protocol(w["protocol"].as_str().unwrap()) {
                bad.push(format!("message {i}: {:?} over {:?}, the manifest has {w}", m.subject, m.protocol));
            }
            if !m.decrypted || !m.complete {
                bad.push(format!("message {i}: decrypted {}, complete {}", m.decrypted, m.complete));
            }
            if want.len() == streams && m.stream != i as u32 {
                bad.push(format!("message {i} in stream {}", m.stream));
            }
        }
        for s in &a.streams {
            if s.protocol != p {
                bad.push(format!("stream {} read as {:?}", s.stream, s.protocol));
            }
            let Some(from) = s.tls_from_frame else {
                bad.push(format!("stream {}: no TLS", s.stream));
                continue;
            };
            let cx = Context::of(s);
            for i in &s.items {
                match i {
                    // Lines before TLS are plain, every line after it was decrypted and says so.
                    Item::Line(l) if l.decrypted != (l.frame >= from) => {
                        bad.push(format!("stream {} frame {} {:?} decrypted {}: {}", s.stream, l.frame, l.dir, l.decrypted, l.text))
                    }
                    Item::Line(l)
                        if l.decrypted && !explain::render(&l.explain, &cx, Locale::En).contains("An eavesdropper without the keys") =>
                    {
                        bad.push(format!("stream {} frame {}: the explanation does not say what an eavesdropper saw", s.stream, l.frame))
                    }
                    // Every decrypted command and reply has a verb and its own explanation, before the decryption note.
                    Item::Line(l)
                        if l.decrypted
                            && matches!(l.kind, LineKind::Command | LineKind::Reply)
                            && (l.verb.is_none() || l.explain.key().is_none_or(|k| k == "tls.decrypted")) =>
                    {
                        bad.push(format!("stream {} frame {}: {:?} {:?} unexplained", s.stream, l.frame, l.verb, l.text))
                    }
                    Item::Tls(t) if t.kind == TlsKind::NotDecrypted => {
                        bad.push(format!("stream {}: {}", s.stream, explain::plain(&t.explain)))
                    }
                    _ => {}
                }
            }
            for d in [Dir::Client, Dir::Server] {
                let n = s.items.iter().filter(|i| matches!(i, Item::Line(l) if l.decrypted && l.dir == d)).count();
                if n == 0 {
                    bad.push(format!("stream {}: no decrypted {d:?} line", s.stream));
                }
            }
            // How TLS started says the dialogue is read with the key log.
            if e["tls"] == "implicit" {
                let hello = s.items.iter().find(|i| matches!(i, Item::Tls(t) if t.kind == TlsKind::ClientHello));
                let said = hello.map(|h| explain::render(h.explain(), &cx, Locale::En)).unwrap_or_default();
                if !said.contains("with the key log, Postscope reads it below") {
                    bad.push(format!("stream {}: the ClientHello says {said}", s.stream));
                }
            }
            // The encrypted records stay, as an eavesdropper saw them.
            if !s.items.iter().any(|i| matches!(i, Item::Tls(t) if t.kind == TlsKind::ApplicationData)) {
                bad.push(format!("stream {}: the encrypted records are gone from the transcript", s.stream));
            }
        }
        if !a.capture.warnings.is_empty() {
            bad.push(format!("warnings: {:?}", a.capture.warnings));
        }
        bad.into_iter().map(|b| format!("{name}: {b}")).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

/// The ladder of a decrypted STARTTLS session goes on after TLS: the
/// encrypted records take the phase of the dialogue they carry.
#[test]
fn the_phases_go_on_inside_tls() {
    use postscope_core::phases::{phases, PhaseKind::*};
    let e = manifest().into_iter().find(|e| e["file"] == "smtp-starttls-tls12-chacha20.pcap").unwrap();
    let a = analysed(&e);
    let kinds: Vec<_> = phases(&a.streams[0]).into_iter().map(|p| p.kind).collect();
    let tls = kinds.iter().position(|k| *k == Tls).unwrap();
    assert_eq!(kinds.iter().filter(|k| **k == Tls).count(), 1, "{kinds:?}");
    assert_eq!(&kinds[tls + 1..tls + 5], &[Capabilities, Login, Envelope, Message], "{kinds:?}");
    // Without the key log, as before: TLS to the end.
    let plain = analyze(&read(e["file"].as_str().unwrap()), Options::default());
    let kinds: Vec<_> = phases(&plain.streams[0]).into_iter().map(|p| p.kind).collect();
    assert!(!kinds.contains(&Login), "{kinds:?}");
}

/// TLS 1.3's encrypted handshake, decrypted, names its messages.
#[test]
fn decrypted_tls13_handshakes_name_their_messages() {
    let e = manifest().into_iter().find(|e| e["file"] == "imaps-tls13-aes256gcm.pcap").unwrap();
    let a = analysed(&e);
    let said: Vec<(Dir, String)> = a.streams[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Tls(t) if t.explain.key() == Some("tls.handshake.decrypted") => Some((t.dir, explain::plain(&t.explain))),
            _ => None,
        })
        .collect();
    let server = said.iter().find(|(d, _)| *d == Dir::Server).map(|s| s.1.as_str()).unwrap_or("");
    assert!(server.contains("EncryptedExtensions, Certificate, CertificateVerify, Finished"), "{said:?}");
    let client = said.iter().find(|(d, _)| *d == Dir::Client).map(|s| s.1.as_str()).unwrap_or("");
    assert!(client.contains("holds Finished"), "{said:?}");
}

/// After the handshake, TLS 1.3 records labelled application data that hold
/// a NewSessionTicket, a KeyUpdate or an alert are shown as what they are.
#[test]
fn post_handshake_messages_and_alerts_are_named() {
    let e = manifest().into_iter().find(|e| e["file"] == "imaps-tls13-keyupdate.pcap").unwrap();
    let a = analysed(&e);
    let tls: Vec<(Dir, TlsKind, String)> = a.streams[0]
        .items
        .iter()
        .filter_map(|i| if let Item::Tls(t) = i { Some((t.dir, t.kind, explain::plain(&t.explain))) } else { None })
        .collect();
    let named = |d: Dir, kind: TlsKind, what: &str| tls.iter().filter(|t| t.0 == d && t.1 == kind && t.2.contains(what)).count();
    assert_eq!(named(Dir::Server, TlsKind::Handshake, "holds NewSessionTicket, NewSessionTicket"), 1, "{tls:#?}");
    assert!(
        named(Dir::Client, TlsKind::Handshake, "holds KeyUpdate") >= 1 && named(Dir::Server, TlsKind::Handshake, "holds KeyUpdate") >= 1,
        "{tls:#?}"
    );
    assert_eq!(named(Dir::Server, TlsKind::Alert, "it is close_notify"), 1, "{tls:#?}");
    // The first application data after the tickets is still explained in full.
    let first_data = tls.iter().find(|t| t.0 == Dir::Server && t.1 == TlsKind::ApplicationData).unwrap();
    assert!(first_data.2.contains("The mail commands, passwords and messages are inside"), "{first_data:?}");
}

/// The key log's lines that could not be used, and keys for no connection
/// of the capture, are capture notes.
#[test]
fn key_log_notes_and_unmatched_keys_are_capture_notes() {
    let e = manifest().into_iter().find(|e| e["file"] == "pop3s-tls12-chacha20.pcap").unwrap();
    let mut keys = read(e["keys"].as_str().unwrap());
    keys.extend_from_slice(b"RSA 0011 2233\nCLIENT_RANDOM zz 00\n");
    let lines = String::from_utf8_lossy(&keys).lines().count();
    let other = manifest().into_iter().find(|e| e["file"] == "imaps-tls12-aes128gcm.pcap").unwrap();
    keys.extend_from_slice(&read(other["keys"].as_str().unwrap()));
    let a = analyze(&read(e["file"].as_str().unwrap()), keyed(Some(&keys)));
    let texts: Vec<String> = a.capture.warnings.iter().map(|n| n.text()).collect();
    let notes: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert!(notes.iter().any(|n| n.starts_with(&format!("Key log line {} was not used: its label RSA", lines - 1))), "{notes:?}");
    assert!(notes.iter().any(|n| n.starts_with(&format!("Key log line {} was not used: its client random", lines))), "{notes:?}");
    assert!(notes.iter().any(|n| n.starts_with("1 of the key log's 2 connections") && n.contains("match no TLS connection")), "{notes:?}");
    assert_eq!(notes.len(), 3, "{notes:?}");
    // It still decrypts.
    assert!(a.credentials().all(|c| c.decrypted) && a.credentials().count() == 1);
}

#[test]
fn without_the_key_log_nothing_is_decrypted_and_the_transcript_is_unchanged() {
    // (The DSB capture carries its key log: it is always decrypted.)
    let entries: Vec<Value> = manifest().into_iter().filter(|e| e["keys"].is_string()).collect();
    assert!(entries.len() >= 20);
    let failures: Vec<String> = parallel(&entries, |e| {
        let name = e["file"].as_str().unwrap();
        let bytes = read(name);
        let plain = analyze(&bytes, Options::default());
        let mut bad = Vec::new();
        let text = jsonl::to_string(&plain);
        if text.contains("\"decrypted\"") || plain.lines().any(|l| l.decrypted) {
            bad.push("a line is marked decrypted without a key log".to_string());
        }
        if plain.credentials().count() != 0 || plain.messages().count() != 0 {
            bad.push("credentials or messages without a key log".to_string());
        }
        // With the key log, the JSON Lines are the same once the decrypted
        // records are taken out, except that a run of encrypted records is
        // shown beside the lines it carried rather than as one summary, and
        // a TLS 1.3 NewSessionTicket or KeyUpdate is shown as the handshake
        // it is: the same encrypted bytes each way.
        let shape = |records: Vec<Value>| -> (Vec<Value>, BTreeMap<String, u64>) {
            let mut tls = BTreeMap::new();
            let mut rest = Vec::new();
            for r in records.into_iter().filter(|r| r["decrypted"] != true && r["what"] != "not_decrypted") {
                if r["type"] == "tls" {
                    *tls.entry(r["dir"].to_string()).or_default() += r["bytes"].as_u64().unwrap();
                } else {
                    rest.push(r);
                }
            }
            (rest, tls)
        };
        let keyed = analysed(e);
        let (with, without) = (shape(jsonl::records(&keyed)), shape(jsonl::records(&plain)));
        if with.1 != without.1 {
            bad.push(format!("encrypted bytes with the key log {:?}, without {:?}", with.1, without.1));
        }
        if with.0 != without.0 {
            let first = with.0.iter().zip(&without.0).position(|(a, b)| a != b).unwrap_or(with.0.len().min(without.0.len()));
            bad.push(format!(
                "{} records with the key log (decrypted ones aside), {} without; the first difference: {:?} / {:?}",
                with.0.len(),
                without.0.len(),
                with.0.get(first),
                without.0.get(first)
            ));
        }
        if keyed.lines().filter(|l| l.decrypted).count() == 0 {
            bad.push("nothing decrypted with the key log".into());
        }
        bad.into_iter().map(|b| format!("{name}: {b}")).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn another_recordings_key_log_says_no_key_matched() {
    let all = manifest();
    let e = all.iter().find(|e| e["file"] == "smtp-starttls-tls12-chacha20.pcap").unwrap();
    let other = all.iter().find(|e| e["file"] == "imaps-tls13-aes256gcm.pcap").unwrap();
    let a = analyze(&read(e["file"].as_str().unwrap()), keyed(Some(&read(other["keys"].as_str().unwrap()))));
    let s = &a.streams[0];
    let failed: Vec<_> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Tls(t) if t.kind == TlsKind::NotDecrypted => Some(t),
            _ => None,
        })
        .collect();
    // One per direction, typed.
    assert_eq!(failed.iter().map(|t| t.dir).collect::<Vec<_>>(), vec![Dir::Client, Dir::Server], "{failed:?}");
    for t in &failed {
        assert!(matches!(t.failure.as_deref(), Some(Failure::NoKeyMatches { .. })), "{:?}", t.failure);
        let said = explain::plain(&t.explain);
        assert!(said.contains("holds no secrets for this connection"), "{said}");
    }
    assert!(a.lines().all(|l| !l.decrypted) && a.credentials().count() == 0);
    // The STARTTLS dialogue before TLS is still read.
    assert!(a.lines().any(|l| l.verb.as_deref() == Some("STARTTLS")));
    let texts: Vec<String> = a.capture.warnings.iter().map(|n| n.text()).collect();
    let notes: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert!(notes.len() == 1 && notes[0].starts_with("1 of the key log's 1 connections"), "{notes:?}");
}

/// A key log with only the client's secrets: the client's side is read, the
/// server's says which secret it lacks.
#[test]
fn a_key_log_without_the_servers_secrets_decrypts_one_side() {
    let e = manifest().into_iter().find(|e| e["file"] == "pop3s-tls13-aes128gcm.pcap").unwrap();
    let keys = String::from_utf8(read(e["keys"].as_str().unwrap())).unwrap();
    let client_only: String = keys.lines().filter(|l| l.starts_with("CLIENT_")).map(|l| format!("{l}\n")).collect();
    let a = analyze(&read(e["file"].as_str().unwrap()), keyed(Some(client_only.as_bytes())));
    assert!(a.lines().any(|l| l.decrypted && l.dir == Dir::Client && l.verb.as_deref() == Some("RETR")));
    assert!(!a.lines().any(|l| l.decrypted && l.dir == Dir::Server));
    let failed: Vec<_> = a.streams[0]
        .items
        .iter()
        .filter_map(|i| if let Item::Tls(t) = i { (t.kind == TlsKind::NotDecrypted).then_some(t) } else { None })
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].dir, Dir::Server);
    assert!(matches!(failed[0].failure.as_deref(), Some(Failure::MissingSecret(_))), "{:?}", failed[0].failure);
}

/// The bytes of frame `n` (from 1) in a little-endian classic pcap.
fn frame_range(pcap: &[u8], n: u32) -> std::ops::Range<usize> {
    let mut at = 24;
    for i in 1.. {
        let len = u32::from_le_bytes(pcap[at + 8..at + 12].try_into().unwrap()) as usize;
        if i == n {
            return at + 16..at + 16 + len;
        }
        at += 16 + len;
    }
    unreachable!()
}

/// A record changed in flight: the direction stops there, with the record
/// named; what came before stays decrypted, the other direction goes on.
#[test]
fn a_tampered_record_stops_its_direction_at_that_record() {
    for file in ["smtp-starttls-tls12-aes128cbc-sha.pcap", "imaps-tls13-aes256gcm.pcap"] {
        let e = manifest().into_iter().find(|e| e["file"] == file).unwrap();
        let mut bytes = read(file);
        let keys = read(e["keys"].as_str().unwrap());
        let good = analyze(&bytes, keyed(Some(&keys)));
        let client: Vec<_> = good.lines().filter(|l| l.decrypted && l.dir == Dir::Client && l.kind == LineKind::Command).collect();
        assert!(client.len() >= 4, "{file}: {client:?}");
        // The last byte of the frame of the client's third decrypted command is in its record's tag or MAC.
        let frame = client[2].frame;
        let end = frame_range(&bytes, frame).end;
        bytes[end - 1] ^= 0x40;
        let a = analyze(&bytes, keyed(Some(&keys)));
        let failed: Vec<_> = a.streams[0]
            .items
            .iter()
            .filter_map(|i| if let Item::Tls(t) = i { (t.kind == TlsKind::NotDecrypted).then_some(t) } else { None })
            .collect();
        assert_eq!(failed.len(), 1, "{file}: {failed:?}");
        assert_eq!((failed[0].dir, failed[0].frame), (Dir::Client, frame), "{file}");
        assert!(matches!(failed[0].failure.as_deref(), Some(Failure::BadTag { .. })), "{file}: {:?}", failed[0].failure);
        let said = explain::plain(&failed[0].explain);
        assert!(said.contains("does not verify"), "{said}");
        let before = |a: &Analysis| a.lines().filter(|l| l.decrypted && l.dir == Dir::Client && l.frame < frame).count();
        assert_eq!(before(&a), before(&good), "{file}");
        assert!(!a.lines().any(|l| l.decrypted && l.dir == Dir::Client && l.frame >= frame), "{file}");
        let server = |a: &Analysis| a.lines().filter(|l| l.decrypted && l.dir == Dir::Server).count();
        assert!(server(&a) > 0 && server(&a) <= server(&good), "{file}");
    }
}

/// Damage anywhere in a decrypting capture: no panic, and the analysis says
/// what it could not read rather than inventing it.
#[test]
fn damaged_keyed_captures_do_not_panic() {
    let e = manifest().into_iter().find(|e| e["file"] == "imaps-tls12-aes256cbc-sha384.pcap").unwrap();
    let bytes = read(e["file"].as_str().unwrap());
    let options = keyed(Some(&read(e["keys"].as_str().unwrap())));
    let good: Vec<(Dir, String)> =
        analyze(&bytes, options.clone()).lines().filter(|l| l.decrypted).map(|l| (l.dir, l.text.clone())).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..300 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut b = bytes.clone();
        let at = 24 + (seed as usize) % (b.len() - 24);
        b[at] ^= (seed >> 32) as u8 | 1;
        let a = analyze(&b, options.clone());
        // A decrypted line is (the start of, at a gap) a line that was sent:
        // only records that verified were read.
        for l in a.lines().filter(|l| l.decrypted) {
            assert!(good.iter().any(|(d, t)| *d == l.dir && t.starts_with(&l.text)), "byte {at}: {:?} {:?} was never sent", l.dir, l.text);
        }
    }
}

#[test]
fn the_dsb_capture_decrypts_with_no_key_file() {
    let a = analyze(&read("pop3s-tls13-aes128gcm-dsb.pcapng"), Options::default());
    let c: Vec<_> = a.credentials().collect();
    assert_eq!(c.len(), 1);
    assert!(c[0].decrypted && c[0].password.is_some(), "{c:?}");
    assert!(a.messages().all(|m| m.decrypted) && a.messages().count() == 1);
    assert!(a.capture.warnings.is_empty(), "{:?}", a.capture.warnings);
}

/// A second decryption secrets block, with lines that cannot be used, right
/// after the capture's own: its lines are noted with the block's offset, and
/// the first block's keys still decrypt.
#[test]
fn a_secrets_block_with_bad_lines_is_noted_where_it_is() {
    let bytes = read("pop3s-tls13-aes128gcm-dsb.pcapng");
    // Walk the little-endian pcapng blocks to the end of the first DSB (type 0x0A).
    let mut at = 0;
    let end = loop {
        let kind = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        at += len;
        if kind == 0x0A {
            break at;
        }
    };
    let secrets = b"NOT_A_LABEL 00 11\n# a comment\nCLIENT_RANDOM 0101\n";
    let padded = secrets.len().div_ceil(4) * 4;
    let total = (12 + 8 + padded) as u32;
    let mut block = Vec::new();
    block.extend_from_slice(&0x0Au32.to_le_bytes());
    block.extend_from_slice(&total.to_le_bytes());
    block.extend_from_slice(&0x544c_534bu32.to_le_bytes());
    block.extend_from_slice(&(secrets.len() as u32).to_le_bytes());
    block.extend_from_slice(secrets);
    block.resize(16 + padded, 0);
    block.extend_from_slice(&total.to_le_bytes());
    let mut capture = bytes[..end].to_vec();
    capture.extend_from_slice(&block);
    capture.extend_from_slice(&bytes[end..]);
    let a = analyze(&capture, Options::default());
    let texts: Vec<String> = a.capture.warnings.iter().map(|n| n.text()).collect();
    let notes: Vec<(Option<u64>, &str)> = a.capture.warnings.iter().zip(&texts).map(|(n, text)| (n.offset, text.as_str())).collect();
    let prefix = |line: u32| format!("Line {line} of the key log in the capture's decryption secrets block (at byte {end}) was not used: ");
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].0 == Some(end as u64) && notes[0].1.starts_with(&format!("{}its label NOT_A_LABEL", prefix(1))), "{notes:?}");
    assert!(notes[1].1.starts_with(&format!("{}it has fewer than the three fields", prefix(3))), "{notes:?}");
    assert!(a.credentials().count() == 1 && a.credentials().all(|c| c.decrypted), "{:?}", a.credentials().collect::<Vec<_>>());
}

// ---------------------------------------------------------------- against tshark

/// (stream, direction) → [(frame, token)] of the decrypted dialogue.
type Tokens = BTreeMap<(u32, &'static str), Vec<(u32, String)>>;

fn side(d: Dir) -> &'static str {
    match d {
        Dir::Client => "client",
        Dir::Server => "server",
    }
}

/// tshark's decrypted commands and reply codes: rows of frames that carry TLS.
fn tshark_tokens(file: &str, keys: Option<&str>, a: &Analysis) -> Tokens {
    let path = dir().join(file);
    let mut args: Vec<String> = vec!["-n".into(), "-r".into(), path.display().to_string()];
    if let Some(k) = keys {
        args.extend(["-o".into(), format!("tls.keylog_file:{}", dir().join(k).display())]);
    }
    args.extend(["-Y".into(), "tls && (smtp || pop || imap)".into(), "-T".into(), "fields".into()]);
    let fields = [
        "tcp.stream",
        "frame.number",
        "tcp.srcport",
        "smtp.req.command",
        "smtp.response.code",
        "pop.request.command",
        "pop.response.indicator",
        "imap.request.command",
        "imap.response.status",
    ];
    for f in fields {
        args.extend(["-e".into(), f.into()]);
    }
    let client_ports: BTreeMap<u32, u16> = a.streams.iter().map(|s| (s.stream, s.client.port())).collect();
    let mut t = Tokens::new();
    for row in tshark(&args).lines() {
        let c: Vec<&str> = row.split('\t').collect();
        let (Some(Ok(stream)), Some(Ok(frame))) = (c.first().map(|s| s.parse::<u32>()), c.get(1).map(|s| s.parse::<u32>())) else {
            continue;
        };
        let dir = if c.get(2).and_then(|p| p.parse::<u16>().ok()) == client_ports.get(&stream).copied() { "client" } else { "server" };
        for field in c.iter().skip(3) {
            for tok in field.split(',').filter(|t| !t.is_empty()) {
                t.entry((stream, dir)).or_default().push((frame, tok.to_ascii_uppercase()));
            }
        }
    }
    t
}

/// Postscope's decrypted commands and replies, reduced as tshark_diff.rs reduces them.
fn our_tokens(a: &Analysis) -> Tokens {
    let mut t = Tokens::new();
    for s in &a.streams {
        let lines: Vec<_> = s.items.iter().filter_map(|i| if let Item::Line(l) = i { l.decrypted.then_some(l) } else { None }).collect();
        for (i, l) in lines.iter().enumerate() {
            let next_server_frame = lines[i + 1..].iter().find(|n| n.dir == Dir::Server).map(|n| n.frame);
            let token = match (l.dir, l.kind, l.protocol) {
                (Dir::Client, LineKind::Command, Protocol::Imap) => {
                    let mut words = l.text.split(' ');
                    let (_tag, word) = (words.next(), words.next().unwrap_or("").to_ascii_uppercase());
                    match l.verb.as_deref() {
                        Some("UID") if word == "UID" => words.next().map(|w| w.to_ascii_uppercase()),
                        Some(v) if v == word => l.verb.clone(),
                        _ => None,
                    }
                }
                (Dir::Client, LineKind::Command, _) => l.verb.clone(),
                (Dir::Server, LineKind::Reply, Protocol::Smtp)
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
            if let Some(tok) = token {
                t.entry((s.stream, side(l.dir))).or_default().push((l.frame, tok.to_ascii_uppercase()));
            }
        }
    }
    t
}

fn differences(ours: &Tokens, theirs: &Tokens) -> Vec<String> {
    let keys: BTreeSet<_> = ours.keys().chain(theirs.keys()).collect();
    let mut d = Vec::new();
    for k in keys {
        let (a, b) = (ours.get(k).cloned().unwrap_or_default(), theirs.get(k).cloned().unwrap_or_default());
        if a != b {
            d.push(format!("keylog stream {} {} tokens: postscope {a:?}, tshark {b:?}", k.0, k.1));
        }
    }
    d
}

/// `tls/FILE | scope | reason` lines of tests/tshark/disagreements.txt.
fn listed() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("tests/tshark/disagreements.txt")).unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with("tls/"))
        .map(|l| {
            let mut parts = l.splitn(3, '|');
            let file = parts.next().unwrap_or("").trim().to_string();
            let scope = parts.next().unwrap_or("").trim().to_string();
            assert!(!parts.next().unwrap_or("").trim().is_empty(), "disagreement without a reason: {l}");
            (file, scope)
        })
        .collect()
}

#[test]
fn decrypted_dialogue_agrees_with_tshark() {
    let entries = manifest();
    let results: Vec<(String, Vec<String>, usize)> = parallel(&entries, |e| {
        let file = e["file"].as_str().unwrap();
        let a = analysed(e);
        let ours = our_tokens(&a);
        let theirs = tshark_tokens(file, e["keys"].as_str(), &a);
        (format!("tls/{file}"), differences(&ours, &theirs), theirs.values().map(Vec::len).sum())
    });
    let listed = listed();
    let mut used = BTreeSet::new();
    let mut failures = Vec::new();
    let mut compared = 0;
    for (name, diffs, n) in &results {
        compared += n;
        for d in diffs {
            match listed.iter().position(|(f, scope)| f == name && d.starts_with(scope.as_str())) {
                Some(i) => {
                    used.insert(i);
                }
                None => failures.push(format!("{name}|{d}")),
            }
        }
    }
    for (i, (f, scope)) in listed.iter().enumerate() {
        if !used.contains(&i) {
            failures.push(format!("{f}|{scope}: listed in disagreements.txt but no longer differs: remove it"));
        }
    }
    // tshark decrypted something in every recording (so the comparison is not of two empty lists).
    assert!(compared > 10 * entries.len(), "only {compared} decrypted tokens from tshark");
    assert!(failures.is_empty(), "{} unexplained differences from tshark:\n{}", failures.len(), failures.join("\n"));
}
