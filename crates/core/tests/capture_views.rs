//! The capture-wide views the core computes for the app: the packet-level
//! sequence diagram (`sequence.rs`), what an eavesdropper learned
//! (`eavesdropper.rs`) and the capture in one paragraph (`overview.rs`),
//! checked on the lab's recordings against what the lab knows it sent
//! (tests/fixtures/fixtures.json, tests/fixtures/tls/manifest.json) and
//! against tshark's count of each conversation's frames.

mod common;

use postscope_core::decrypt::KeyLog;
use postscope_core::eavesdropper::{eavesdropper, ExposedKind};
use postscope_core::explain::{entry, Locale, Phrase};
use postscope_core::overview::{notes_by_kind, paragraph};
use postscope_core::sequence::{sequence, BracketKind, Mark};
use postscope_core::{Analysis, Options};
use serde_json::Value;
use std::sync::Arc;

fn fixtures_json() -> Vec<Value> {
    let list: Vec<Value> = serde_json::from_slice(&std::fs::read(common::fixtures_dir().join("fixtures.json")).unwrap()).unwrap();
    assert_eq!(list.len(), 48);
    list
}

fn analysed(fx: &Value) -> Analysis {
    let mut options = Options::default();
    for (port, proto) in fx["decode_as"].as_object().unwrap() {
        options.decode_as.push((port.parse().unwrap(), postscope_core::protocols::by_name(proto.as_str().unwrap()).unwrap()));
    }
    common::analyze_file_with(&common::fixtures_dir().join(fx["file"].as_str().unwrap()), options)
}

fn all_keys_exist(phrases: &[&Phrase], what: &str) {
    for p in phrases {
        for k in p.keys() {
            assert!(entry(&k).is_some(), "{what}: the catalogue lacks {k}");
        }
        let said = p.say(Locale::En);
        assert!(!said.contains('{') && !said.contains('?'), "{what}: a placeholder left unfilled: {said}");
    }
}

#[test]
fn one_arrow_per_frame_of_each_conversation_as_tshark_counts_them() {
    let list = fixtures_json();
    let results = common::parallel(&list, |fx| {
        let file = fx["file"].as_str().unwrap();
        let a = analysed(fx);
        let path = common::fixtures_dir().join(file);
        let tshark =
            common::tshark(&["-r".into(), path.display().to_string(), "-T".into(), "fields".into(), "-e".into(), "tcp.stream".into()]);
        let mut problems = Vec::new();
        for s in &a.streams {
            let d = sequence(&a, s.stream, 0, usize::MAX).unwrap();
            let theirs = tshark.lines().filter(|l| l.trim() == s.stream.to_string()).count();
            if d.arrows.len() != theirs || d.total as usize != theirs || s.packets as usize != theirs {
                problems.push(format!("{file} stream {}: {} arrows, tshark has {theirs} frames", s.stream, d.arrows.len()));
            }
            // Time runs down: the frames are in file order and times never go back in these recordings.
            if d.arrows.windows(2).any(|w| w[1].frame <= w[0].frame) {
                problems.push(format!("{file} stream {}: arrows out of frame order", s.stream));
            }
            // Every command or reply line is on the arrow of its frame.
            for l in a.lines().filter(|l| l.stream == s.stream && matches!(l.kind, postscope_core::model::LineKind::Command)) {
                let arrow = d.arrows.iter().find(|x| x.frame == l.frame).unwrap();
                if !arrow.from_client {
                    problems.push(format!("{file}: the command in frame {} is on a server's arrow", l.frame));
                }
                if arrow.label.is_none() || arrow.line.is_none() {
                    problems.push(format!("{file}: the arrow of frame {} has no label for {:?}", l.frame, l.text));
                }
            }
        }
        problems
    });
    let problems: Vec<String> = results.into_iter().flatten().collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_login_recording_diagram_is_labelled_and_bracketed() {
    let a = common::analyze_file(&common::fixtures_dir().join("smtp-auth-login.pcap"));
    let d = sequence(&a, 0, 0, usize::MAX).unwrap();
    // RFC 9293 §3.5: the three-way handshake is SYN, SYN-ACK, ACK, the client first.
    assert_eq!(d.arrows[0].flags, "SYN");
    assert!(d.arrows[0].from_client);
    assert_eq!(d.arrows[1].flags, "SYN, ACK");
    assert!(!d.arrows[1].from_client);
    assert_eq!(d.arrows[2].flags, "ACK");
    assert_eq!(d.arrows[0].time, 0.0);
    assert!(d.arrows.iter().any(|x| x.label.as_deref() == Some("AUTH LOGIN") && x.from_client), "{:?}", d.arrows);
    assert!(d.arrows.iter().any(|x| x.label.as_deref().is_some_and(|l| l.starts_with("220 ")) && !x.from_client));
    let kinds: Vec<BracketKind> = d.brackets.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BracketKind::Handshake, BracketKind::Teardown]);
    assert_eq!((d.brackets[0].first_frame, d.brackets[0].last_frame), (1, 3));
    // A window of the arrows, for long conversations.
    let w = sequence(&a, 0, 3, 2).unwrap();
    assert_eq!(w.arrows.len(), 2);
    assert_eq!(w.arrows[0].frame, d.arrows[3].frame);
    assert_eq!(w.first, 3);
}

#[test]
fn retransmissions_and_reordering_are_marked_on_their_arrows() {
    let marks = |file: &str| -> Vec<Mark> {
        let a = common::analyze_file(&common::fixtures_dir().join(file));
        sequence(&a, 0, 0, usize::MAX).unwrap().arrows.into_iter().flat_map(|x| x.marks).collect()
    };
    assert!(marks("smtp-tcp-duplicate.pcap").contains(&Mark::Retransmission));
    assert!(marks("smtp-tcp-reordered.pcap").contains(&Mark::OutOfOrder));
    assert!(marks("smtp-auth-login.pcap").is_empty());
}

#[test]
fn the_starttls_diagram_brackets_tls_from_its_first_frame() {
    let a = common::analyze_file(&common::fixtures_dir().join("smtp-starttls-587.pcap"));
    let s = &a.streams[0];
    let d = sequence(&a, 0, 0, usize::MAX).unwrap();
    let tls = d.brackets.iter().find(|b| b.kind == BracketKind::Tls).unwrap();
    assert_eq!(Some(tls.first_frame), s.tls_from_frame);
    assert!(d.arrows.iter().any(|x| x.label.as_deref() == Some("STARTTLS")));
    assert!(d.arrows.iter().any(|x| x.label.as_deref() == Some("TLS client hello")));
}

/// Every credential, subject and attachment the lab sent in clear is in the
/// panel, with its password; what crossed inside TLS is not (without keys).
#[test]
fn the_eavesdropper_learned_what_the_lab_sent_in_clear() {
    let mut checked = 0;
    for fx in fixtures_json() {
        let file = fx["file"].as_str().unwrap();
        let a = analysed(&fx);
        let e = eavesdropper(&a);
        let items: Vec<_> = e.conversations.iter().flat_map(|o| &o.items).collect();
        assert!(items.iter().all(|i| !i.decrypted), "{file}: nothing is decrypted without a key log");
        for c in fx["credentials"].as_array().unwrap() {
            let user = c["username"].as_str().unwrap();
            let found = items.iter().find(|i| i.kind == ExposedKind::Credential && i.value == user);
            if c["encrypted"] == true {
                assert!(found.is_none(), "{file}: {user} logged in inside TLS, an eavesdropper cannot see it");
                continue;
            }
            let found = found.unwrap_or_else(|| panic!("{file}: the login of {user} is missing: {items:?}"));
            let mech = c["mechanism"].as_str().unwrap();
            match mech {
                // RFC 2195 §2 and RFC 1939 §7: only a digest crosses, never the password.
                "CRAM-MD5" | "APOP" => {
                    assert_ne!(found.detail.as_deref(), c["password"].as_str(), "{file}");
                    assert!(found.detail.as_ref().is_some_and(|d| d.len() == 32), "{file}: the digest {:?}", found.detail);
                    assert!(found.lesson.key.ends_with(if mech == "APOP" { "apop" } else { "cram" }), "{file}: {:?}", found.lesson);
                    assert!(found.lesson.say(Locale::En).contains("offline"), "{file}");
                }
                _ => {
                    assert_eq!(found.detail.as_deref(), c["password"].as_str(), "{file}: the password");
                    assert_eq!(found.lesson.key, "eaves.lesson.clear", "{file}");
                }
            }
            checked += 1;
        }
        for m in fx["messages"].as_array().unwrap() {
            let subject = m["subject"].as_str().unwrap();
            // Shown as text with escape sequences made visible (message::inspect::visible), never acting.
            let shown = postscope_core::message::inspect::visible(subject);
            let found = items.iter().any(|i| i.kind == ExposedKind::Subject && i.value == shown);
            if m["cut"] == true {
                // The capture's snaplen cut the message: what was not captured cannot be shown.
                continue;
            }
            assert_eq!(found, m["encrypted"] == false, "{file}: the subject {subject:?} (encrypted: {})", m["encrypted"]);
            if m["encrypted"] == false {
                for att in m["attachments"].as_array().unwrap() {
                    let name = att.as_str().or_else(|| att["filename"].as_str()).unwrap();
                    let name = postscope_core::message::inspect::visible(name);
                    assert!(items.iter().any(|i| i.kind == ExposedKind::Attachment && i.value == name), "{file}: attachment {name}");
                }
                checked += 1;
            }
        }
        let keys = postscope_core::eavesdropper::keys(&e);
        for k in &keys {
            assert!(entry(k).is_some(), "{file}: the catalogue lacks {k}");
        }
        for o in &e.conversations {
            let phrases: Vec<&Phrase> = o
                .items
                .iter()
                .map(|i| &i.lesson)
                .chain(o.tls.iter().flat_map(|t| std::iter::once(&t.hidden).chain(t.leaks.iter().map(|l| &l.what))))
                .collect();
            all_keys_exist(&phrases, file);
            // A TLS conversation says what stayed hidden; one without TLS does not pretend.
            let stream = a.streams.iter().find(|s| s.stream == o.stream).unwrap();
            assert_eq!(o.tls.is_some(), stream.tls_from_frame.is_some(), "{file}");
        }
    }
    assert!(checked >= 40, "only {checked} credentials and messages checked");
}

#[test]
fn the_login_recording_shows_the_password_with_the_port_that_would_have_hidden_it() {
    let a = common::analyze_file(&common::fixtures_dir().join("smtp-auth-login.pcap"));
    let e = eavesdropper(&a);
    let o = &e.conversations[0];
    let cred = o.items.iter().find(|i| i.kind == ExposedKind::Credential).unwrap();
    assert_eq!((cred.label.as_str(), cred.value.as_str(), cred.detail.as_deref()), ("AUTH LOGIN", "alice@lab.example", Some("wonderland")));
    // RFC 8314 §3: submission with STARTTLS on 587, or implicit TLS on 465 (the protocol table's ports).
    let lesson = cred.lesson.say(Locale::En);
    assert!(lesson.contains("STARTTLS on port 587") && lesson.contains("port 465") && lesson.contains("RFC 8314 §3"), "{lesson}");
    let labels: Vec<&str> = o.items.iter().map(|i| i.label.as_str()).collect();
    for want in ["MAIL FROM", "RCPT TO", "From:", "To:", "Subject:", "DATA"] {
        assert!(labels.contains(&want), "{want} missing from {labels:?}");
    }
    let body = o.items.iter().find(|i| i.kind == ExposedKind::Body).unwrap();
    assert!(!body.value.is_empty());
    assert!(o.tls.is_none());
}

#[test]
fn a_tls_conversation_says_what_leaked_and_with_the_keys_what_was_inside() {
    let a = common::analyze_file(&common::fixtures_dir().join("tls/smtp-starttls-tls12-chacha20.pcap"));
    let e = eavesdropper(&a);
    let o = &e.conversations[0];
    assert!(o.items.iter().all(|i| i.kind != ExposedKind::Credential), "{:?}", o.items);
    let tls = o.tls.as_ref().unwrap();
    assert_eq!(tls.hidden.key, "eaves.hidden.starttls");
    let leaks: Vec<&str> = tls.leaks.iter().map(|l| l.what.key.as_str()).collect();
    // RFC 5246 §7.4.2: in TLS 1.2 the server's Certificate is a handshake message sent before ChangeCipherSpec, in clear.
    assert!(leaks.contains(&"eaves.leak.certificate"), "{leaks:?}");
    assert!(leaks.contains(&"eaves.leak.sizes") && leaks.contains(&"eaves.leak.endpoints"), "{leaks:?}");

    let keys = std::fs::read(common::fixtures_dir().join("tls/smtp-starttls-tls12-chacha20.keys")).unwrap();
    let a = common::analyze_file_with(
        &common::fixtures_dir().join("tls/smtp-starttls-tls12-chacha20.pcap"),
        Options { keylog: Some(Arc::new(KeyLog::parse(&keys))), ..Options::default() },
    );
    let e = eavesdropper(&a);
    let o = &e.conversations[0];
    let cred = o.items.iter().find(|i| i.kind == ExposedKind::Credential).unwrap();
    assert!(cred.decrypted);
    assert_eq!(cred.detail.as_deref(), Some("wonderland"));
    assert_eq!(cred.lesson.key, "eaves.lesson.decrypted");
    assert!(e.decrypted > 0 && o.tls.as_ref().unwrap().hidden.key == "eaves.hidden.decrypted");

    // RFC 8446 §4.4.2 (TLS 1.3): the certificate is sent encrypted.
    let a = common::analyze_file(&common::fixtures_dir().join("tls/smtps-tls13-chacha20.pcap"));
    let tls = eavesdropper(&a).conversations[0].tls.clone().unwrap();
    let leaks: Vec<&str> = tls.leaks.iter().map(|l| l.what.key.as_str()).collect();
    assert!(leaks.contains(&"eaves.leak.certificate.13") && !leaks.contains(&"eaves.leak.certificate"), "{leaks:?}");
    assert_eq!(tls.hidden.key, "eaves.hidden.implicit");
}

#[test]
fn the_paragraph_tells_each_conversation() {
    let a = common::analyze_file(&common::fixtures_dir().join("multi-client.pcap"));
    let p = paragraph(&a);
    let phrases: Vec<&Phrase> = p.sentences.iter().collect();
    all_keys_exist(&phrases, "multi-client");
    let text: Vec<String> = p.sentences.iter().map(|s| s.fragment(Locale::En)).collect();
    assert!(text[0].starts_with(&format!("{} TCP conversations in ", a.streams.len())), "{text:?}");
    assert_eq!(text.len(), 2 + a.streams.len(), "{text:?}");
    let all = text.join(" ");
    assert!(all.contains("logged in with AUTH"), "{all}");
    assert!(all.contains("it sent the message"), "{all}");

    let a = common::analyze_file(&common::fixtures_dir().join("smtp-starttls-587.pcap"));
    let all = paragraph(&a).sentences.iter().map(|s| s.fragment(Locale::En)).collect::<Vec<_>>().join(" ");
    let f = a.streams[0].tls_from_frame.unwrap();
    assert!(all.contains(&format!("switched to TLS at frame {f}")), "{all}");
}

#[test]
fn notes_are_grouped_by_kind() {
    let bytes = common::fixture("smtp-auth-login.pcap");
    // Cut in the middle of the last record: the file is truncated.
    let a = common::analyze(&bytes[..bytes.len() - 10]);
    let groups = notes_by_kind(&a.capture);
    assert!(!groups.is_empty());
    let t = groups.iter().find(|g| g.kind == "truncated").unwrap_or_else(|| panic!("{groups:?}"));
    assert!(t.problem);
    assert_eq!(t.notes.len(), a.capture.warnings.iter().filter(|w| w.kind == postscope_core::model::NoteKind::Truncated).count());
    for g in &groups {
        all_keys_exist(&[&g.title], &g.kind);
    }
}

/// Every TLS recording of the lab with its key log: each decrypted line sits
/// beside the encrypted record of its frame that carried it, and the login
/// and subject the lab sent are in the inside column.
#[test]
fn side_by_side_pairs_every_decrypted_line_with_its_record() {
    use postscope_core::side_by_side::{side_by_side, InsideKind};
    let dir = common::fixtures_dir().join("tls");
    let manifest: Vec<Value> = serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let mut checked = 0;
    for m in &manifest {
        let Some(keys) = m["keys"].as_str() else { continue };
        let file = m["file"].as_str().unwrap();
        let keylog = KeyLog::parse(&std::fs::read(dir.join(keys)).unwrap());
        let a = common::analyze_file_with(&dir.join(file), Options { keylog: Some(Arc::new(keylog)), ..Options::default() });
        let plain = common::analyze_file(&dir.join(file));
        assert!(plain.streams.iter().all(|s| side_by_side(s).is_none()), "{file}: nothing to show without the keys");
        let views: Vec<_> = a.streams.iter().filter_map(side_by_side).collect();
        assert!(!views.is_empty(), "{file}");
        for v in &views {
            for r in &v.rows {
                let lines = r.inside.iter().filter(|i| i.line.is_some()).count();
                assert!(lines == 0 || !r.wire.is_empty(), "{file}: frame {} has decrypted lines but no record beside them", r.frame);
                assert!(r.wire.iter().all(|w| w.bytes > 0), "{file}: frame {}", r.frame);
            }
            let decrypted = a.lines().filter(|l| l.stream == v.stream && l.decrypted).count();
            let shown = v.rows.iter().flat_map(|r| &r.inside).filter(|i| i.line.is_some()).count();
            assert_eq!(shown, decrypted, "{file}: every decrypted line is in the inside column");
        }
        let inside: Vec<&str> = views.iter().flat_map(|v| &v.rows).flat_map(|r| &r.inside).map(|i| i.text.as_str()).collect();
        for c in m["credentials"].as_array().unwrap() {
            let (u, p) = (c["username"].as_str().unwrap(), c["password"].as_str().unwrap());
            let login = views
                .iter()
                .flat_map(|v| &v.rows)
                .flat_map(|r| &r.inside)
                .any(|i| i.kind == InsideKind::Login && i.text.contains(u) && i.text.contains(p));
            assert!(login, "{file}: the login of {u} inside TLS: {inside:?}");
        }
        for msg in m["messages"].as_array().unwrap() {
            let subject = msg["subject"].as_str().unwrap();
            assert!(inside.iter().any(|t| t.contains(subject)), "{file}: {subject} inside TLS");
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} recordings");
}
