//! `postscope --summary FILE` (and with `--json`): what each lab capture
//! holds, as tests/fixtures/fixtures.json records it, and what a generated
//! capture holds, as its generator's manifest says.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures() -> Vec<Value> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/fixtures.json")).unwrap();
    let v: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(v.len() >= 20, "only {} fixtures", v.len());
    v
}

/// Runs postscope with `args`, then the file, with the fixture's `decode_as`.
fn run(fixture: &Value, args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_postscope"));
    cmd.args(args);
    for (port, proto) in fixture["decode_as"].as_object().unwrap() {
        cmd.arg("--decode-as").arg(format!("{port}={}", proto.as_str().unwrap()));
    }
    cmd.arg(root().join("tests/fixtures").join(fixture["file"].as_str().unwrap()));
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}: {}", fixture["file"], String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "stderr is not a terminal, so nothing is drawn there: {:?}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The protocol Postscope reads a conversation of the fixture as: the
/// fixture's `decode_as` decides where it has one (the LMTP recordings carry
/// `{"24": "smtp"}`), else the protocol the lab lists.
fn read_as<'a>(fixture: &'a Value, listed: &'a Value) -> &'a str {
    let forced: Vec<&str> = fixture["decode_as"].as_object().unwrap().values().map(|v| v.as_str().unwrap()).collect();
    match forced[..] {
        [one] => one,
        _ => listed.as_str().unwrap(),
    }
}

/// What crossed in clear (encrypted logins and messages cannot be seen).
fn clear<'a>(fixture: &'a Value, what: &str) -> Vec<&'a Value> {
    fixture[what].as_array().unwrap().iter().filter(|x| x["encrypted"] == false).collect()
}

#[test]
fn the_json_summary_has_every_login_and_message_of_each_fixture() {
    let mut seen_logins = 0;
    let mut seen_messages = 0;
    for f in fixtures() {
        let name = f["file"].as_str().unwrap();
        let records: Vec<Value> = run(&f, &["--summary", "--json"]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let types: Vec<&str> = records.iter().map(|r| r["type"].as_str().unwrap()).collect();
        assert_eq!(types.first(), Some(&"capture"), "{name}");
        assert_eq!(types.last(), Some(&"summary"), "{name}");
        let convs: Vec<&Value> = records.iter().filter(|r| r["type"] == "conversation").collect();
        assert_eq!(convs.len() as u64, f["tcp_streams"].as_u64().unwrap(), "{name}: conversations");
        assert_eq!(types.len(), convs.len() + 2, "{name}: {types:?}");
        for (i, c) in convs.iter().enumerate() {
            assert_eq!(c["stream"], i as u64, "{name}: streams numbered as tcp.stream");
        }
        assert_eq!(records[0]["format"], f["format"], "{name}");
        let totals = records.last().unwrap();
        assert_eq!(totals["conversations"], convs.len(), "{name}");

        let logins: Vec<(&Value, &Value)> =
            convs.iter().flat_map(|c| c["logins"].as_array().unwrap().iter().map(move |l| (*c, l))).collect();
        let want = clear(&f, "credentials");
        assert_eq!(logins.len(), want.len(), "{name}: logins {logins:?}");
        assert_eq!(totals["credentials"], want.len(), "{name}");
        let accepted = want.iter().filter(|c| c["accepted"] == true).count();
        assert_eq!(totals["credentials_accepted"], accepted, "{name}");
        assert_eq!(totals["credentials_rejected"], want.len() - accepted, "{name}");
        for w in want {
            let found = logins.iter().any(|(c, l)| {
                c["protocol"] == read_as(&f, &w["protocol"])
                    && l["mechanism"] == w["mechanism"]
                    && l["username"] == w["username"]
                    && l["accepted"] == w["accepted"]
            });
            assert!(found, "{name}: login {w} not in {logins:?}");
            seen_logins += 1;
        }

        let messages: Vec<(&Value, &Value)> =
            convs.iter().flat_map(|c| c["messages"].as_array().unwrap().iter().map(move |m| (*c, m))).collect();
        let want = clear(&f, "messages");
        assert_eq!(messages.len(), want.len(), "{name}: messages {messages:?}");
        assert_eq!(totals["messages"], want.len(), "{name}");
        for w in want {
            // A message the capture's snaplen cut ("cut": true) crossed the wire, but
            // only its first bytes (maybe not its subject) are in the file: it is incomplete.
            let cut = w["cut"] == true;
            let found = messages.iter().any(|(c, m)| {
                c["protocol"] == read_as(&f, &w["protocol"])
                    && m["command"] == w["via"]
                    && (cut || m["subject"] == w["subject"])
                    && m["complete"] == !cut
            });
            assert!(found, "{name}: message {w} not in {messages:?}");
            seen_messages += 1;
        }

        // TLS, where the lab used it, and from which frame.
        let tls: Vec<&&Value> = convs.iter().filter(|c| !c["tls_from_frame"].is_null()).collect();
        assert_eq!(tls.len(), usize::from(!f["tls"].is_null()), "{name}: conversations with TLS");
        // Lines by kind add up to the transcript's line records.
        let lines: u64 = totals["lines"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
        let transcript = run(&f, &["--json"]);
        let line_records = transcript.lines().filter(|l| l.contains("\"type\":\"line\"")).count() as u64;
        assert_eq!(lines, line_records, "{name}: lines");
        // Implicit TLS from the first byte: no line can be read.
        assert_eq!(totals["lines"]["command"].as_u64().unwrap() > 0, f["tls"] != "implicit", "{name}");
    }
    assert!(seen_logins >= 10 && seen_messages >= 20, "{seen_logins} logins, {seen_messages} messages checked");
}

#[test]
fn the_text_summary_has_a_line_per_conversation_with_its_logins_and_messages() {
    for f in fixtures() {
        let name = f["file"].as_str().unwrap();
        let text = run(&f, &["--summary"]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with(&format!("{} capture, ", f["format"].as_str().unwrap())), "{name}: {}", lines[0]);
        assert!(lines[0].contains(" frames, link types: "), "{name}: {}", lines[0]);
        let convs: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with("stream ")).collect();
        assert_eq!(convs.len() as u64, f["tcp_streams"].as_u64().unwrap(), "{name}:\n{text}");
        for w in clear(&f, "credentials") {
            let accepted = if w["accepted"] == true { "accepted" } else { "rejected" };
            let want = format!("login {} user {:?} {accepted}", w["mechanism"].as_str().unwrap(), w["username"].as_str().unwrap());
            let proto = read_as(&f, &w["protocol"]).to_uppercase();
            assert!(convs.iter().any(|l| l.contains(&format!(" {proto} ")) && l.contains(&want)), "{name}: {want:?} in\n{text}");
        }
        for w in clear(&f, "messages") {
            let via = w["via"].as_str().unwrap();
            let proto = read_as(&f, &w["protocol"]).to_uppercase();
            let on_its_line = |want: &str| convs.iter().any(|l| l.contains(&format!(" {proto} ")) && l.contains(want));
            if w["cut"] == true {
                let cut = |l: &&str| l.contains(&format!("message {via} ")) && l.contains(", incomplete: ");
                assert!(convs.iter().any(cut), "{name}: the cut {via} message, incomplete, in\n{text}");
            } else {
                let want = format!("message {via} {:?} (", w["subject"].as_str().unwrap());
                assert!(on_its_line(&want), "{name}: {want:?} in\n{text}");
            }
        }
        if !f["tls"].is_null() {
            assert!(convs.iter().any(|l| l.contains("; TLS from frame ") || l.contains(": TLS from frame ")), "{name}:\n{text}");
        }
        assert!(text.contains("\ntotals: "), "{name}:\n{text}");
        let n_clear = clear(&f, "credentials").len();
        assert!(text.contains(&format!("\n  credentials: {n_clear} (")), "{name}:\n{text}");
        assert!(text.contains(&format!("\n  messages: {} (", clear(&f, "messages").len())), "{name}:\n{text}");
        assert!(text.contains("\n  lines: ") && text.contains("\n  TCP problems: "), "{name}:\n{text}");
        // Capture text never reaches the terminal raw (the hostile fixture's subject holds ESC).
        assert!(!text.contains('\u{1b}'), "{name}: an ESC byte in the summary");
    }
}

/// A generated capture with lost, reordered and retransmitted segments:
/// the totals are the generator's.
#[test]
fn the_totals_of_a_generated_capture_are_its_manifest() {
    let mut bytes = Vec::new();
    let m = gencap::generate(&gencap::Config::new(2028, 1_500_000), &mut bytes).unwrap();
    assert!(m.lost_segments > 0 && m.reordered > 0 && m.retransmitted > 0, "{}", m.summary());
    let dir = std::env::temp_dir().join(format!("postscope-summary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("gen.pcap");
    std::fs::write(&file, &bytes).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_postscope")).arg("--summary").arg("--json").arg(&file).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let records: Vec<Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let t = records.last().unwrap();
    assert_eq!(t["type"], "summary");
    assert_eq!(t["packets"], m.packets);
    assert_eq!(t["warnings"], 0);
    assert_eq!(t["conversations"], m.sessions.total());
    assert_eq!(
        (&t["protocols"]["smtp"], &t["protocols"]["pop3"], &t["protocols"]["imap"]),
        (&m.sessions.smtp.into(), &m.sessions.pop3.into(), &m.sessions.imap.into())
    );
    assert_eq!(t["messages"], m.messages.total());
    assert_eq!(t["credentials"], m.credentials.total());
    let accepted = m.streams.iter().flat_map(|s| &s.credentials).filter(|c| c.accepted).count();
    assert_eq!(t["credentials_accepted"], accepted);
    assert!(accepted < m.credentials.total() as usize, "the capture has a refused login");
    let lost_messages = m.streams.iter().flat_map(|s| &s.messages).filter(|x| x.lost_bytes > 0).count();
    assert_eq!(t["messages_incomplete"], lost_messages);
    assert_eq!(t["tcp_problems"]["out_of_order"], m.reordered);
    assert_eq!(t["tcp_problems"]["retransmission"], m.retransmitted);
    let convs: Vec<&Value> = records.iter().filter(|r| r["type"] == "conversation").collect();
    let missing: u64 = convs.iter().map(|c| c["missing_bytes"].as_u64().unwrap()).sum();
    assert_eq!(missing, m.lost_bytes, "bytes the capture missed");
    for (c, g) in convs.iter().zip(&m.streams) {
        assert_eq!((&c["client"], &c["server"], &c["packets"]), (&g.client.clone().into(), &g.server.clone().into(), &g.packets.into()));
        let subjects: Vec<&str> = c["messages"].as_array().unwrap().iter().map(|x| x["subject"].as_str().unwrap()).collect();
        let want: Vec<&str> = g.messages.iter().map(|x| x.subject.as_str()).collect();
        assert_eq!(subjects, want, "stream {}", g.stream);
    }
}
