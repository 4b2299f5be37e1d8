//! Messages rebuilt from captures, checked against independent oracles:
//! the lab's fixtures.json (written from the lab's own Python decoder), the
//! servers' own byte counts, and tshark's `--export-objects imf` and IMF
//! dissection on the lab fixtures and on the shared public corpus.
//!
//! tshark is needed for the tshark comparisons and the shared corpus folder
//! for the corpus ones; without them a test says so and skips, unless CI is
//! set, where a missing tool or folder is a failure.

use postscope_core::message::inspect::{inspect, PartKind};
use postscope_core::message::summarise;
use postscope_core::model::{Analysis, Item, LineKind, Message, Protocol};
use postscope_core::{analyze, Options};
use serde_json::Value;
use std::collections::BTreeSet;

use common::said;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn fixtures() -> PathBuf {
    common::fixtures_dir()
}

/// The corpus folder; the tests that read it first ask `common::corpus_dir`,
/// which skips them when it is missing (a failure under CI=true).
fn corpus() -> PathBuf {
    common::corpus_dir().expect("the corpus tests check common::corpus_dir() first")
}

/// True when a needed tool is there; otherwise skips (or fails under CI).
fn have(what: &str, present: bool) -> bool {
    if !present {
        assert!(!common::ci(), "{what} is missing, and CI is set: this test must run");
        eprintln!("SKIPPED: {what} is missing (set CI=true to make this a failure)");
    }
    present
}

fn tshark_present() -> bool {
    Command::new("tshark").arg("--version").output().is_ok_and(|o| o.status.success())
}

fn decode_as(entry: &Value) -> Options {
    let mut o = Options::default();
    if let Some(map) = entry["decode_as"].as_object() {
        for (port, proto) in map {
            o.decode_as.push((port.parse().unwrap(), postscope_core::protocols::by_name(proto.as_str().unwrap()).unwrap()));
        }
    }
    o
}

fn messages(a: &Analysis) -> Vec<&Message> {
    a.messages().collect()
}

/// `tshark --export-objects imf` of `path` for one protocol: the objects' bytes.
fn tshark_imf(path: &Path, keep: &str, extra: &[String]) -> Vec<Vec<u8>> {
    tshark_imf_read(path, keep, extra).0
}

/// The same, and whether tshark stopped early at damage in the file (Postscope
/// reads on past damage, so it may find more there).
fn tshark_imf_read(path: &Path, keep: &str, extra: &[String]) -> (Vec<Vec<u8>>, bool) {
    let dir = std::env::temp_dir().join(format!("postscope-imf-{}-{}", std::process::id(), rand_suffix(path, keep)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut cmd = Command::new("tshark");
    cmd.arg("-r").arg(path).args(extra);
    for p in ["smtp", "pop", "imap"] {
        if p != keep {
            cmd.args(["--disable-protocol", p]);
        }
    }
    cmd.arg("--export-objects").arg(format!("imf,{}", dir.display())).arg("-q");
    // A damaged file makes tshark exit non-zero after exporting what it read; keep that.
    let out = cmd.output().expect("tshark runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stopped = stderr.contains("damaged or corrupt") || stderr.contains("cut short");
    assert!(out.status.success() || stopped, "tshark failed on {}: {stderr}", path.display());
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let objects = names.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let _ = std::fs::remove_dir_all(&dir);
    (objects, stopped)
}

fn rand_suffix(path: &Path, keep: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    keep.hash(&mut h);
    format!("{:x}", h.finish())
}

fn fixture_index() -> Vec<Value> {
    let text = std::fs::read_to_string(fixtures().join("fixtures.json")).expect("tests/fixtures/fixtures.json");
    serde_json::from_str::<Value>(&text).unwrap().as_array().unwrap().clone()
}

#[test]
fn every_lab_message_matches_fixtures_json() {
    let mut files = 0;
    let mut compared = 0;
    for entry in fixture_index() {
        let file = entry["file"].as_str().unwrap();
        let bytes = std::fs::read(fixtures().join(file)).unwrap();
        let a = analyze(&bytes, decode_as(&entry));
        let mut ours = messages(&a);
        let expected: Vec<&Value> = entry["messages"].as_array().unwrap().iter().filter(|m| m["encrypted"] == false).collect();
        // Messages the capture's snaplen cut ("cut": true): they crossed the wire, but only
        // their first bytes are in the file. Postscope must rebuild them and say they are cut.
        let (cut, expected): (Vec<&Value>, Vec<&Value>) = expected.into_iter().partition(|m| m["cut"] == true);
        for exp in &cut {
            let via = exp["via"].as_str().unwrap();
            let i = ours
                .iter()
                .position(|m| m.protocol.name() == (exp["protocol"].as_str().unwrap()) && m.command == via && !m.complete)
                .unwrap_or_else(|| {
                    panic!(
                        "{file}: the cut {via} message is not rebuilt as incomplete: {:?}",
                        ours.iter().map(|m| (&m.command, &m.subject, m.complete)).collect::<Vec<_>>()
                    )
                });
            let m = ours.remove(i);
            assert!(m.cut || m.missing_bytes > 0, "{file}: the cut message must say bytes are missing: {m:?}");
            compared += 1;
        }
        assert_eq!(
            ours.len(),
            expected.len(),
            "{file}: {} messages rebuilt, fixtures.json lists {} that crossed in clear text: {:?}",
            ours.len(),
            expected.len(),
            ours.iter().map(|m| (&m.command, &m.subject)).collect::<Vec<_>>()
        );
        for exp in expected {
            let (proto, via, subject) = (exp["protocol"].as_str().unwrap(), exp["via"].as_str().unwrap(), exp["subject"].as_str().unwrap());
            let i = ours
                .iter()
                .position(|m| m.protocol.name() == (proto) && m.command == via && m.subject.as_deref() == Some(subject))
                .unwrap_or_else(|| panic!("{file}: no {proto} {via} message with subject {subject:?}"));
            let m = ours.remove(i);
            let names: Vec<&str> = exp["attachments"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
            assert_eq!(m.attachments, names, "{file}: attachments of {subject:?}");
            let size = exp["size"].as_u64().unwrap_or_else(|| panic!("{file}: fixtures.json has no size for {subject:?}"));
            assert_eq!(m.size, size, "{file}: size of {subject:?}");
            assert_eq!(m.raw.len() as u64, size, "{file}: bytes kept of {subject:?}");
            assert!(m.complete && m.missing_bytes == 0 && !m.ended_early && !m.cut, "{file}: {subject:?} should be complete");
            if let Some(raw) = exp.get("subject_raw").and_then(Value::as_str) {
                let i = inspect(&m.raw);
                let h = i.header("subject").unwrap();
                assert_eq!(h.raw, raw, "{file}: Subject as on the wire");
                assert!(h.encoded_words);
                assert_eq!(h.decoded.as_deref(), Some(subject));
            }
            // Every part that names a file can be saved, decoded.
            let view = inspect(&m.raw);
            for name in &names {
                let p = view.parts.iter().find(|p| p.filename.as_deref() == Some(name)).unwrap();
                assert!(!p.data.is_empty(), "{file}: {name} decodes to nothing");
            }
            compared += 1;
        }
        files += 1;
    }
    assert!(files >= 24, "only {files} fixtures");
    assert!(compared >= 20, "only {compared} messages compared");
}

#[test]
fn lab_attachments_decode_to_the_bytes_that_were_sent() {
    // labmail.py builds stamp.png byte for byte: a 16x16 PNG.
    let bytes = std::fs::read(fixtures().join("smtp-multipart-attachment.pcap")).unwrap();
    let a = analyze(&bytes, Options::default());
    let m = messages(&a)[0];
    let view = inspect(&m.raw);
    let png = view.parts.iter().find(|p| p.filename.as_deref() == Some("stamp.png")).unwrap();
    assert_eq!(png.kind, PartKind::Binary);
    assert_eq!(png.encoding, "base64");
    assert!(png.data.starts_with(b"\x89PNG\r\n\x1a\n"), "PNG signature");
    assert_eq!(&png.data[12..16], b"IHDR");
    assert_eq!(u32::from_be_bytes(png.data[16..20].try_into().unwrap()), 16);
    assert!(png.wire.starts_with(b"iVBORw0KGgo"), "base64 on the wire");
    let txt = view.parts.iter().find(|p| p.filename.as_deref() == Some("lab-schedule.txt")).unwrap();
    assert!(txt.text.as_deref().unwrap().starts_with("Postscope lab schedule\n09:00  SMTP"));
}

#[test]
fn dot_stuffing_is_undone_and_servers_counts_agree() {
    // pop3-session.md: in RETR 3 the line ".signature lines..." travels as "..signature lines...".
    let bytes = std::fs::read(fixtures().join("pop3-session.pcap")).unwrap();
    let a = analyze(&bytes, Options::default());
    let wire_line = a.lines().find(|l| l.kind == LineKind::Content && l.text.starts_with("..signature")).expect("the stuffed line");
    let m = messages(&a).into_iter().find(|m| m.subject.as_deref() == Some("Reading list for Monday")).unwrap();
    let unstuffed = format!("\r\n{}\r\n", &wire_line.text[1..]);
    assert!(m.raw.windows(unstuffed.len()).any(|w| w == unstuffed.as_bytes()), "the dot is removed once");
    assert!(!m.raw.windows(12).any(|w| w == b"..signature "), "no doubled dot left");
    // Dovecot's "+OK n octets" counts the message as stored: it must equal what was rebuilt.
    let mut checked = 0;
    for entry in fixture_index() {
        let bytes = std::fs::read(fixtures().join(entry["file"].as_str().unwrap())).unwrap();
        for m in messages(&analyze(&bytes, decode_as(&entry))) {
            if m.command == "RETR" || m.protocol == Protocol::Imap {
                assert_eq!(m.declared_size, Some(m.size), "{}: {:?}", entry["file"], m.subject);
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} messages with a server count");
}

#[test]
fn saved_eml_is_byte_identical_to_tsharks_imf_object() {
    if !have("tshark", tshark_present()) {
        return;
    }
    let (mut identical, mut crlf, mut multipart_identical, mut bdat_skipped) = (0, 0, false, 0);
    for entry in fixture_index() {
        let file = entry["file"].as_str().unwrap();
        let clear_smtp =
            entry["messages"].as_array().unwrap().iter().any(|m| m["protocol"] == "smtp" && m["encrypted"] == false && m["cut"] != true);
        if !clear_smtp {
            continue;
        }
        let path = fixtures().join(file);
        let mut extra = Vec::new();
        for (port, proto) in entry["decode_as"].as_object().unwrap() {
            extra.push("-d".to_string());
            // tshark has no LMTP dissector; its SMTP dissector reads LMTP's lines.
            let proto = proto.as_str().unwrap();
            extra.push(format!("tcp.port=={port},{}", if proto == "lmtp" { "smtp" } else { proto }));
        }
        let objects = tshark_imf(&path, "smtp", &extra);
        let a = analyze(&std::fs::read(&path).unwrap(), decode_as(&entry));
        let (bdat, smtp): (Vec<&Message>, Vec<&Message>) =
            messages(&a).into_iter().filter(|m| m.protocol == Protocol::Smtp).partition(|m| m.command == "BDAT");
        // tshark 4.0 does not frame BDAT chunks (RFC 3030), so it exports no IMF object for
        // a message sent with BDAT (tests/tshark/disagreements.txt); those are compared with
        // fixtures.json in every_lab_message_matches_fixtures_json instead.
        if !bdat.is_empty() {
            assert!(objects.is_empty() || !smtp.is_empty(), "{file}: tshark now exports a BDAT message: compare it here");
            bdat_skipped += bdat.len();
        }
        assert_eq!(objects.len(), smtp.len(), "{file}: tshark exports {} IMF objects", objects.len());
        for o in &objects {
            match classify(o, &smtp, &a) {
                Some(Match::Identical) => identical += 1,
                // When the final dot comes in a segment of its own (swaks, curl), tshark
                // leaves out the CRLF that ends the message's last line; RFC 5321 §4.1.1.4
                // counts it as part of the message, and verify.py's size agrees.
                Some(Match::LastCrlfDropped) => crlf += 1,
                // After AUTH CRAM-MD5 tshark takes smtplib's SASL answer for message data.
                Some(Match::ClientLinesInFront) => crlf += 1,
                other => panic!("{file}: tshark's IMF object ({} bytes) differs from every rebuilt message: {other:?}", o.len()),
            }
        }
        if file == "smtp-multipart-attachment.pcap" {
            let (o, m) = (&objects[0], smtp[0]);
            assert_eq!(o, &m.raw, "the saved .eml is byte for byte tshark's IMF object");
            multipart_identical = true;
        }
    }
    assert!(multipart_identical, "smtp-multipart-attachment.pcap was not compared");
    assert_eq!(bdat_skipped, 1, "smtp-bdat.pcap's message is the one tshark cannot export");
    assert!(identical >= 5 && identical + crlf >= 10, "only {identical} identical and {crlf} last-CRLF messages compared with tshark");
}

/// How a tshark IMF object relates to the messages Postscope rebuilt.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Match {
    Identical,
    /// tshark leaves out the message's last CRLF (the one right before the final dot).
    LastCrlfDropped,
    /// tshark put client lines that came before the message (pipelined commands
    /// up to DATA, a SASL answer) in front of it.
    ClientLinesInFront,
    /// tshark also exports a message/rfc822 part as an object of its own.
    NestedMessage,
    /// tshark leaves the dots the client doubled (dot-stuffing) in the message.
    DotsStillDoubled,
}

/// `bytes` with SMTP dot-stuffing undone (RFC 5321 §4.5.2), for comparing with tshark.
fn unstuff(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let _ = i;
        out.extend_from_slice(if line.starts_with(b"..") { &line[1..] } else { line });
    }
    out
}

fn classify(o: &[u8], ours: &[&Message], a: &Analysis) -> Option<Match> {
    if ours.iter().any(|m| m.raw == o) {
        return Some(Match::Identical);
    }
    if ours.iter().any(|m| m.raw.len() == o.len() + 2 && m.raw.starts_with(o) && m.raw.ends_with(b"\r\n")) {
        return Some(Match::LastCrlfDropped);
    }
    let u = unstuff(o);
    if u.len() < o.len() && ours.iter().any(|m| m.raw == u || (m.raw.len() == u.len() + 2 && m.raw.starts_with(&u))) {
        return Some(Match::DotsStillDoubled);
    }
    // Every line in front must be a command or SASL line the client sent in this stream.
    let lines_in_front = |m: &&Message| {
        o.len() > m.raw.len() && o.ends_with(&m.raw) && {
            let head = String::from_utf8_lossy(&o[..o.len() - m.raw.len()]).to_string();
            head.ends_with("\r\n")
                && head.trim_end_matches("\r\n").split("\r\n").all(|l| {
                    a.lines().any(|x| {
                        x.stream == m.stream
                            && matches!(x.kind, LineKind::Command | LineKind::Sasl)
                            && x.text == l
                            && x.frame <= m.first_frame
                    })
                })
        }
    };
    if ours.iter().any(lines_in_front) {
        return Some(Match::ClientLinesInFront);
    }
    let nested = ours.iter().any(|m| {
        inspect(&m.raw)
            .parts
            .iter()
            .any(|p| p.kind == PartKind::Message && (p.data == o || p.data.starts_with(o) && p.data.len() <= o.len() + 2))
    });
    nested.then_some(Match::NestedMessage)
}

/// Files where tshark's IMF export and Postscope disagree for a reason that is
/// tshark's, each checked: the subject and parts must still agree.
const TSHARK_DIFFERS: &[(&str, &str)] = &[
    ("OISF__suricata-verify/1flowB.pcap", "tshark joins the segments around its 'spurious retransmissions' in the wrong order; every base64 line Postscope rebuilds is 64 characters long, tshark's are not"),
    ("OISF__suricata-verify/smtp-long-DATA-line__input.pcap", "tshark loses part of a 5,068-character line (this capture's deliberate long line)"),
    ("OISF__suricata-verify/smtp-bug-5989__input.pcap", "tshark loses part of a 5,068-character line (this capture's deliberate long line)"),
    ("zeek__zeek/smtp.pcap", "tshark copies the start of the message again into the middle, where the client retransmitted segments out of order; Postscope's copy reads straight through"),
    ("snort3__snort3_demo/smtp-lorem.pcap", "13,488 bytes are missing from the capture; Postscope marks the message incomplete"),
];

/// Objects tshark exports that are not messages: lines sent after a DATA the server refused.
const TSHARK_EXTRA: &[(&str, &str)] = &[(
    "zeek__zeek/smtp-mail-transactions-invalid.pcap",
    "tshark takes the lines sent after a refused DATA (503, then 500 for each line) for messages",
)];

fn corpus_files() -> Vec<PathBuf> {
    common::corpus().expect("the corpus tests check common::corpus_dir() first")
}

/// The `-d` arguments the oracle says tshark needed for this file.
fn oracle_decode_as(path: &Path) -> Vec<String> {
    let oracle = PathBuf::from(format!("{}.oracle.txt", path.display()));
    let text = std::fs::read_to_string(oracle).unwrap_or_default();
    text.lines()
        .take(8)
        .filter_map(|l| l.strip_prefix("# decode-as used for (c)/(d): "))
        .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// The analysis has a conversation in `p` (tshark is only asked about those files).
fn speaks(a: &Analysis, p: Protocol) -> bool {
    a.streams.iter().any(|s| s.protocol == p)
}

fn oracle_mentions(path: &Path, what: &str) -> bool {
    std::fs::read_to_string(format!("{}.oracle.txt", path.display())).is_ok_and(|t| t.contains(what))
}

fn rel(path: &Path) -> String {
    path.strip_prefix(corpus()).unwrap().display().to_string()
}

/// tshark's reading of one SMTP message: tcp.stream, frame, subject, part types, part names.
type ImfFields = (u32, u32, String, BTreeSet<String>, BTreeSet<String>);

/// tshark's own reading of each SMTP message.
fn tshark_imf_fields(path: &Path, extra: &[String]) -> Vec<ImfFields> {
    let out = Command::new("tshark")
        .arg("-r")
        .arg(path)
        .args(extra)
        .args(["--disable-protocol", "pop", "--disable-protocol", "imap", "-Y", "imf", "-T", "fields", "-E", "aggregator=\u{1}"])
        .args(["-e", "tcp.stream", "-e", "frame.number", "-e", "imf.subject", "-e", "mime_multipart.header.content-type"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let stream = f.first()?.parse().ok()?;
            let frame = f.get(1)?.parse().ok()?;
            // The first Subject is the message's own (others belong to message/rfc822 parts).
            let subject = f.get(2).unwrap_or(&"").split('\u{1}').next().unwrap_or("").to_string();
            let mut types = BTreeSet::new();
            let mut names = BTreeSet::new();
            for ct in f.get(3).unwrap_or(&"").split('\u{1}').filter(|s| !s.is_empty()) {
                types.insert(ct.split(';').next().unwrap().trim().to_ascii_lowercase());
                if let Some(i) = ct.find("name=") {
                    names.insert(ct[i + 5..].split(';').next().unwrap().trim_matches('"').to_string());
                }
            }
            Some((stream, frame, subject, types, names))
        })
        .collect()
}

#[test]
fn corpus_smtp_messages_agree_with_tshark() {
    if common::corpus_dir().is_none() || !have("tshark", tshark_present()) {
        return;
    }
    let mut counts = std::collections::BTreeMap::<Match, usize>::new();
    let mut fields_checked = 0;
    // Subjects tshark leaves as RFC 2047 encoded-words, with Postscope's decoding.
    let mut encoded: Vec<(String, String, String)> = Vec::new();
    let mut files = 0;
    for path in corpus_files() {
        let name = rel(&path);
        let extra = oracle_decode_as(&path);
        let a = analyze(&std::fs::read(&path).unwrap(), Options::default());
        if !speaks(&a, Protocol::Smtp) && !oracle_mentions(&path, "DATA") {
            continue;
        }
        let objects = tshark_imf(&path, "smtp", &extra);
        let ours: Vec<&Message> = messages(&a).into_iter().filter(|m| m.protocol == Protocol::Smtp).collect();
        if objects.is_empty() && ours.is_empty() {
            continue;
        }
        files += 1;
        let differs = TSHARK_DIFFERS.iter().find(|(f, _)| *f == name);
        let extra_ok = TSHARK_EXTRA.iter().any(|(f, _)| *f == name);
        for o in &objects {
            match classify(o, &ours, &a) {
                Some(m) => *counts.entry(m).or_default() += 1,
                None if extra_ok && summarise(o).subject.is_none() => {}
                None => {
                    let why = differs
                        .map(|d| d.1)
                        .unwrap_or_else(|| panic!("{name}: tshark's IMF object of {} bytes matches no rebuilt message", o.len()));
                    // Still the same message: same subject, and tshark's kinds of
                    // parts are among Postscope's (its copy may be shorter or doubled).
                    let s = summarise(o);
                    let kinds = |p: &[postscope_core::model::PartSummary]| part_types(p).into_iter().collect::<BTreeSet<_>>();
                    let same = ours.iter().any(|m| m.subject == s.subject && kinds(&s.parts).is_subset(&kinds(&m.parts)));
                    assert!(same, "{name}: {why}, but no rebuilt message has subject {:?} and parts {:?}", s.subject, part_types(&s.parts));
                }
            }
        }
        // tshark's IMF dissection of the same messages: subject and MIME parts.
        for (stream, frame, subject, types, names) in tshark_imf_fields(&path, &extra) {
            let Some(m) = ours.iter().find(|m| m.stream == stream && m.last_frame == frame) else {
                assert!(extra_ok, "{name}: tshark dissects a message ending in frame {frame} of stream {stream}; Postscope has none there");
                continue;
            };
            if !subject.is_empty() {
                let want = subject.replace("\\r\\n", "").replace("\\t", " ");
                let got = m.subject.clone().unwrap_or_default();
                if subject.contains("=?") {
                    encoded.push((format!("{name} frame {frame}"), want, got));
                } else {
                    assert_eq!(squash(&got), squash(&want), "{name}: subject of the message ending in frame {frame}");
                }
            }
            let ours_types: BTreeSet<String> =
                m.parts.iter().filter(|p| p.depth > 0 && !inside_message(m, &p.id)).map(|p| p.content_type.clone()).collect();
            if differs.is_some() {
                // tshark's copy is damaged (see TSHARK_DIFFERS): its parts are among Postscope's.
                assert!(types.is_subset(&ours_types), "{name}: MIME parts {types:?} of frame {frame} not among {ours_types:?}");
            } else {
                assert_eq!(ours_types, types, "{name}: MIME parts of the message ending in frame {frame}");
            }
            for n in &names {
                assert!(m.attachments.contains(n), "{name}: tshark names a part {n:?}; Postscope's names are {:?}", m.attachments);
            }
            fields_checked += 1;
        }
    }
    // tshark shows encoded-words as they are; Python's email package decodes
    // them (with its own codecs, GB2312 and ISO-2022-JP included) as a second oracle.
    let decoded = python_decode_headers(&encoded.iter().map(|e| e.1.clone()).collect::<Vec<_>>());
    let mut compared = 0;
    for ((what, raw, got), want) in encoded.iter().zip(&decoded) {
        if let Some(want) = want {
            assert_eq!(squash(got), squash(want), "{what}: subject {raw:?}");
            compared += 1;
        }
    }
    eprintln!("corpus encoded-word subjects: {compared} of {} decoded as Python's email package does", encoded.len());
    assert!(compared >= 5, "only {compared} encoded subjects compared");
    assert!(encoded.iter().any(|e| e.2.contains("测试")), "the GB2312 subject of arkime smtp-subject-gb2312-b.pcap");
    eprintln!("corpus SMTP vs tshark: {files} files, objects {counts:?}, {fields_checked} dissections compared");
    assert!(files >= 30, "only {files} corpus files with SMTP messages");
    assert!(counts.get(&Match::Identical).copied().unwrap_or(0) >= 15, "too few byte-identical messages: {counts:?}");
    assert!(fields_checked >= 30, "only {fields_checked} tshark dissections compared");
}

/// RFC 2047 headers decoded by Python's email package; `None` where Python
/// does not know the charset.
fn python_decode_headers(raw: &[String]) -> Vec<Option<String>> {
    use std::io::Write;
    let script = "import sys, json\nfrom email.header import decode_header, make_header\nout = []\nfor s in json.load(sys.stdin):\n    try:\n        out.append(str(make_header(decode_header(s))))\n    except (LookupError, UnicodeDecodeError):\n        out.append(None)\nprint(json.dumps(out))\n";
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    child.stdin.take().unwrap().write_all(serde_json::to_string(raw).unwrap().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn part_types(parts: &[postscope_core::model::PartSummary]) -> Vec<String> {
    parts.iter().map(|p| p.content_type.clone()).collect()
}

/// True for parts inside a message/rfc822 part (tshark does not dissect those).
fn inside_message(m: &Message, id: &str) -> bool {
    m.parts.iter().any(|p| p.content_type == "message/rfc822" && !p.id.is_empty() && id.starts_with(&format!("{}.", p.id)))
}

#[test]
fn corpus_imap_messages_are_byte_identical_to_tshark() {
    if common::corpus_dir().is_none() || !have("tshark", tshark_present()) {
        return;
    }
    let mut identical = 0;
    for path in corpus_files() {
        let name = rel(&path);
        let a = analyze(&std::fs::read(&path).unwrap(), Options::default());
        if !speaks(&a, Protocol::Imap) {
            continue;
        }
        let (objects, stopped) = tshark_imf_read(&path, "imap", &oracle_decode_as(&path));
        let ours: Vec<&Message> = messages(&a).into_iter().filter(|m| m.protocol == Protocol::Imap).collect();
        if stopped {
            // tshark stops at the damage; Postscope reads on past it and may rebuild more.
            assert!(objects.len() <= ours.len(), "{name}: tshark exports {} IMAP messages, Postscope {}", objects.len(), ours.len());
        } else {
            assert_eq!(
                objects.len(),
                ours.len(),
                "{name}: tshark exports {} IMAP messages, Postscope rebuilt {}",
                objects.len(),
                ours.len()
            );
        }
        for o in &objects {
            assert!(ours.iter().any(|m| &m.raw == o), "{name}: an IMAP message of {} bytes differs", o.len());
            identical += 1;
        }
        for m in &ours {
            assert!(m.complete, "{name}: {:?} incomplete", m.subject);
            assert_eq!(m.declared_size, Some(m.size), "{name}: the literal's {{n}} counts the bytes");
        }
    }
    assert!(identical >= 50, "only {identical} IMAP messages compared");
}

#[test]
fn corpus_pop3_messages_start_where_tshark_sees_them() {
    // tshark's POP3 IMF export is made per segment (and also of LIST and UIDL
    // answers), so it cannot be compared whole: each RETR/TOP Postscope rebuilds
    // must begin with the bytes tshark exported from the answer's first segment.
    if common::corpus_dir().is_none() || !have("tshark", tshark_present()) {
        return;
    }
    // tshark 4.0 exports no IMF object at all for these POP3 answers.
    const TSHARK_NONE: &[(&str, &str)] = &[("snort3__snort3_demo/pop.pcap", "tshark dissects the RETR answer only as POP3 data lines")];
    let mut checked = 0;
    for path in corpus_files() {
        let name = rel(&path);
        let a = analyze(&std::fs::read(&path).unwrap(), Options::default());
        let ours: Vec<&Message> = messages(&a).into_iter().filter(|m| m.protocol == Protocol::Pop3).collect();
        if ours.is_empty() || TSHARK_NONE.iter().any(|(f, _)| *f == name) {
            continue;
        }
        let objects = tshark_imf(&path, "pop", &oracle_decode_as(&path));
        for m in &ours {
            let seen = objects.iter().any(|o| {
                let o = o.strip_suffix(b".\r\n").filter(|_| o.ends_with(b"\r\n.\r\n")).unwrap_or(o);
                // At least a whole line (crafted captures send one line per segment).
                !o.is_empty() && (o.len() >= 40 || o.ends_with(b"\n")) && m.raw.starts_with(o)
            });
            assert!(seen, "{name}: tshark exports nothing that starts the {} of {:?}", m.command, m.subject);
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} POP3 messages compared");
}

#[test]
fn a_message_cut_by_a_gap_or_the_capture_end_is_kept_and_marked() {
    if common::corpus_dir().is_none() {
        return;
    }
    // zeek smtp-bdat-gap: a BDAT chunk of 200 bytes with 100 of them not captured.
    let path = corpus().join("zeek__zeek").join("smtp-bdat-gap.pcap");
    let a = analyze(&std::fs::read(path).unwrap(), Options::default());
    let bdat = messages(&a).into_iter().find(|m| m.command == "BDAT").unwrap();
    assert!(!bdat.complete);
    assert_eq!(bdat.missing_bytes, 100);
    assert_eq!(bdat.size, 100);
    let text = said(&a, bdat);
    assert!(text.contains("100 bytes"), "{text}");
    // snort3 smtp-lorem: a gap inside DATA.
    let path = corpus().join("snort3__snort3_demo").join("smtp-lorem.pcap");
    let a = analyze(&std::fs::read(path).unwrap(), Options::default());
    let m = messages(&a)[0];
    assert!(!m.complete && m.missing_bytes > 0 && !m.gaps.is_empty());
    assert_eq!(m.subject.as_deref(), Some("Lorem Ipsum"));
    // zeek smtp.pcap cut after frame 30, in the middle of a DATA that runs to frame 45.
    let smtp = std::fs::read(corpus().join("zeek__zeek").join("smtp.pcap")).unwrap();
    let full = messages(&analyze(&smtp, Options::default())).into_iter().find(|m| m.last_frame == 45).unwrap().clone();
    let a = analyze(cut_after_frame(&smtp, 30), Options::default());
    let m = messages(&a).into_iter().find(|m| m.stream == full.stream).expect("a record for the cut message");
    assert!(!m.complete && m.ended_early);
    assert!(m.size > 0 && m.size < full.size);
    assert!(full.raw.starts_with(&m.raw), "what was seen is the start of the message");
    assert_eq!(m.subject, full.subject);
    let text = said(&a, m);
    assert!(text.contains("before this message does"), "{text}");
}

/// The capture up to and including frame `n` (classic pcap only).
fn cut_after_frame(pcap: &[u8], n: usize) -> &[u8] {
    let le = pcap[0] == 0xd4 || pcap[0] == 0x4d;
    let mut at = 24;
    for _ in 0..n {
        let b: [u8; 4] = pcap[at + 8..at + 12].try_into().unwrap();
        let len = if le { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) } as usize;
        at += 16 + len;
    }
    &pcap[..at]
}

#[test]
fn a_message_whose_end_is_not_captured_is_kept_and_marked() {
    // smtp-auth-plain: the message is frame 19, its final dot frame 20.
    let lab = std::fs::read(fixtures().join("smtp-auth-plain.pcap")).unwrap();
    let full = messages(&analyze(&lab, Options::default()))[0].clone();
    assert_eq!((full.first_frame, full.last_frame), (19, 20));
    let a = analyze(cut_after_frame(&lab, 19), Options::default());
    let Some(Item::Message(m)) = a.streams[0].items.iter().find(|i| matches!(i, Item::Message(_))) else { panic!("no message record") };
    assert!(!m.complete && m.ended_early);
    assert_eq!(m.raw, full.raw, "every byte of it was captured, only the final dot was not");
    assert_eq!(m.declared_size, full.declared_size);
    assert_eq!(m.missing_bytes, full.declared_size.unwrap().saturating_sub(m.size));
    // Cut before any of its bytes: still a record, saying what is missing.
    let a = analyze(cut_after_frame(&lab, 18), Options::default());
    let m = messages(&a)[0];
    assert_eq!(m.size, 0);
    assert!(!m.complete && m.ended_early);
    assert_eq!(Some(m.missing_bytes), full.declared_size, "MAIL FROM's SIZE= tells how much is missing");
}

#[test]
fn message_records_carry_the_contract_fields() {
    let bytes = std::fs::read(fixtures().join("smtp-multipart-attachment.pcap")).unwrap();
    let records = postscope_core::jsonl::records(&analyze(&bytes, Options::default()));
    let m = records.iter().find(|r| r["type"] == "message").expect("a message record");
    for key in [
        "stream",
        "protocol",
        "command",
        "first_frame",
        "last_frame",
        "from",
        "to",
        "subject",
        "date",
        "size",
        "complete",
        "missing_bytes",
        "parts",
    ] {
        assert!(m.get(key).is_some(), "missing {key} in {m}");
    }
    assert_eq!(m["protocol"], "smtp");
    assert_eq!(m["command"], "DATA");
    assert_eq!(m["subject"], "Lab schedule and stamp");
    assert_eq!(m["complete"], true);
    let parts = m["parts"].as_array().unwrap();
    for p in parts {
        for key in ["content_type", "filename", "size", "encoding"] {
            assert!(p.get(key).is_some(), "missing {key} in {p}");
        }
    }
    let png = parts.iter().find(|p| p["filename"] == "stamp.png").unwrap();
    assert_eq!(png["content_type"], "image/png");
    assert_eq!(png["encoding"], "base64");
    assert!(png["size"].as_u64().unwrap() > 100);
    assert!(m.get("raw").is_none(), "the bytes are not in the JSON");
    // Records keep frame order: the message comes after the line that ended it.
    let pos = records.iter().position(|r| r["type"] == "message").unwrap();
    let dot = records.iter().position(|r| r["type"] == "line" && r["text"] == ".").unwrap();
    assert!(pos > dot);
}
