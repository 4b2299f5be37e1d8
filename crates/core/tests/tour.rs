//! Guided tours (`postscope_core::tour`): every built-in sample's tour reads,
//! fits its capture, and its question's answer is what the capture holds;
//! capture + tour as one pcapng reads back the same (frames, conversations,
//! lines) with the tour in its section comment, and tshark reads it too.

mod common;

use postscope_core::explain::plain;
use postscope_core::model::{Item, Line};
use postscope_core::tour::{self, Tour};
use postscope_core::{analyze, Options};

fn samples() -> Vec<(String, Vec<u8>, Tour)> {
    let dir = common::root().join("assets/samples");
    let list: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("samples.json")).unwrap()).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let file = s["file"].as_str().unwrap().to_string();
            let stem = file.trim_end_matches(".pcap");
            let json = std::fs::read_to_string(dir.join(format!("{stem}.tour.json"))).unwrap_or_else(|_| panic!("{file} has no tour"));
            let tour = Tour::parse(&json).unwrap_or_else(|e| panic!("{file}: {}", plain(&e)));
            (file.clone(), std::fs::read(dir.join(&file)).unwrap(), tour)
        })
        .collect()
}

fn lines(a: &postscope_core::Analysis, stream: u32) -> Vec<&Line> {
    a.streams[stream as usize].items.iter().filter_map(|i| if let Item::Line(l) = i { Some(l) } else { None }).collect()
}

#[test]
fn every_sample_has_a_tour_that_fits_it() {
    let all = samples();
    assert_eq!(all.len(), 7);
    for (file, bytes, t) in &all {
        let a = analyze(bytes, Options::default());
        assert!(t.problems(&a).is_empty(), "{file}: {:?}", t.problems(&a));
        assert!(t.steps.len() >= 3, "{file}: a tour of a few steps");
        assert!(t.question.is_some(), "{file}: a tour ends with a question");
    }
}

#[test]
fn the_tours_answers_are_in_the_captures() {
    for (file, bytes, t) in samples() {
        let a = analyze(&bytes, Options::default());
        let q = t.question.unwrap();
        match file.as_str() {
            // RFC 4954 §6: 235 answers a successful AUTH.
            "smtp-auth-login.pcap" => assert!(lines(&a, 0).iter().any(|l| l.text.starts_with("235 ")) && q.answer == "235"),
            // RFC 1939 §5: STAT's "+OK nn mm".
            "pop3-session.pcap" => {
                let stat = lines(&a, 0).into_iter().find(|l| l.explain.has("pop3.reply.+OK.STAT")).unwrap();
                assert_eq!(stat.text.split_whitespace().nth(1), Some(q.answer.as_str()));
            }
            // RFC 9051 §6.2.3: the tagged OK to LOGIN.
            "imap-session.pcap" => {
                let ls = lines(&a, 0);
                let login = ls.iter().find(|l| l.verb.as_deref() == Some("LOGIN")).unwrap();
                let reply = ls.iter().find(|l| l.answers == Some(login.number)).unwrap();
                assert!(reply.text.split_whitespace().nth(1) == Some(q.answer.as_str()), "{}", reply.text);
            }
            // RFC 3207 §4: after STARTTLS the capture holds no AUTH line in the clear.
            "smtp-starttls-587.pcap" => {
                assert!(!lines(&a, 0).iter().any(|l| l.verb.as_deref() == Some("AUTH")));
                assert_eq!(q.answer, "no");
            }
            // RFC 2046 §5.1: multipart/mixed is declared in Content-Type.
            "smtp-multipart-attachment.pcap" => {
                assert!(lines(&a, 0).iter().any(|l| l.text.starts_with("Content-Type: multipart/mixed")));
                assert_eq!(q.answer, "Content-Type");
            }
            // RFC 9051 §7.4.1: the EXISTS pushed during IDLE.
            "multi-client.pcap" => {
                let last = lines(&a, 0).into_iter().rfind(|l| l.text.ends_with(" EXISTS")).unwrap();
                assert_eq!(last.text.split_whitespace().nth(1), Some(q.answer.as_str()));
            }
            // RFC 3207 §4: after STARTTLS the login is inside TLS records; without the
            // key log no AUTH line is readable, with the client's key log it is, decrypted.
            "smtp-starttls-tls13-aes128gcm.pcap" => {
                assert!(!lines(&a, 0).iter().any(|l| l.verb.as_deref() == Some("AUTH")));
                let keys = std::fs::read(common::root().join("assets/samples/smtp-starttls-tls13-aes128gcm.keys")).unwrap();
                let options =
                    Options { keylog: Some(std::sync::Arc::new(postscope_core::decrypt::KeyLog::parse(&keys))), ..Options::default() };
                let keyed = analyze(&bytes, options);
                assert!(lines(&keyed, 0).iter().any(|l| l.verb.as_deref() == Some("AUTH") && l.decrypted && l.frame == 17));
                assert_eq!(q.answer, "no");
            }
            other => panic!("a sample without a check: {other}"),
        }
    }
}

#[test]
fn capture_and_tour_travel_as_one_pcapng() {
    for (file, bytes, t) in samples() {
        let a = analyze(&bytes, Options::default());
        let one = tour::bundle(&bytes, &a, &t).expect("bundled");
        let b = analyze(&one, Options::default());
        assert_eq!(b.capture.format, "pcapng", "{file}");
        assert!(b.capture.warnings.is_empty(), "{file}: {:?}", b.capture.warnings);
        assert_eq!(b.capture.packets, a.capture.packets, "{file}");
        assert_eq!(b.streams.len(), a.streams.len(), "{file}");
        for (x, y) in a.streams.iter().zip(&b.streams) {
            let (lx, ly) = (lines(&a, x.stream), lines(&b, y.stream));
            assert_eq!(lx.len(), ly.len(), "{file}");
            assert!(lx.iter().zip(&ly).all(|(p, q)| p.text == q.text && p.frame == q.frame && p.dir == q.dir), "{file}");
        }
        // The same times (to the nanosecond) and lengths, frame by frame.
        for ((n, r), (m, s)) in a.frames.iter().zip(b.frames.iter()) {
            assert_eq!((n, r.ns, r.captured, r.original), (m, s.ns, s.captured, s.original), "{file}");
        }
        assert_eq!(tour::from_comments(&b.capture.comments), Some(Ok(t.clone())), "{file}");
    }
}

#[test]
fn tshark_reads_the_bundle_and_sees_the_tour() {
    let Ok(out) = std::process::Command::new("tshark").arg("-v").output() else {
        assert!(std::env::var("CI").is_err(), "CI=true but tshark is missing");
        eprintln!("tshark is not installed: skipped");
        return;
    };
    assert!(out.status.success());
    let (file, bytes, t) = samples().remove(0);
    let a = analyze(&bytes, Options::default());
    let path = std::env::temp_dir().join(format!("postscope-tour-{}.pcapng", std::process::id()));
    std::fs::write(&path, tour::bundle(&bytes, &a, &t).unwrap()).unwrap();
    let count = std::process::Command::new("tshark").args(["-r"]).arg(&path).args(["-T", "fields", "-e", "frame.number"]).output().unwrap();
    let comments = std::process::Command::new("capinfos").arg("-k").arg(&path).output();
    std::fs::remove_file(&path).ok();
    assert!(count.status.success(), "{}", String::from_utf8_lossy(&count.stderr));
    assert_eq!(String::from_utf8_lossy(&count.stdout).lines().count() as u32, a.capture.packets, "{file}");
    if let Ok(c) = comments {
        assert!(String::from_utf8_lossy(&c.stdout).contains(tour::MARK), "capinfos shows the tour as the file's comment");
    }
}

#[test]
fn a_broken_tour_says_what_is_wrong() {
    let e = plain(&Tour::parse("{\"title\": \"x\", \"steps\": [ {\"frame\": 3} ]}").unwrap_err());
    assert!(e.contains("say") && e.contains("line 1"), "{e}");
    let e = plain(&Tour::parse("{\"title\": \"x\", \"steps\": []}").unwrap_err());
    assert!(e.contains("no steps"), "{e}");
    let e = plain(
        &Tour::parse(
            "{\"title\": \"x\", \"steps\": [{\"say\": \"a\"}], \"question\": {\"ask\": \"?\", \"choices\": [\"1\"], \"answer\": \"2\"}}",
        )
        .unwrap_err(),
    );
    assert!(e.contains("not one of them"), "{e}");
    let t =
        Tour::parse("{\"title\": \"x\", \"steps\": [{\"stream\": 9, \"say\": \"a\"}, {\"stream\": 0, \"frame\": 999, \"say\": \"b\"}]}")
            .unwrap();
    let a = analyze(&samples()[0].1, Options::default());
    let problems: Vec<String> = t.problems(&a).iter().map(plain).collect();
    assert_eq!(problems, ["step 1: the capture has no conversation 9", "step 2: frame 999 is not in conversation 0"]);
}

/// The languages every built-in tour is translated into, beside its English
/// NAME.tour.json: NAME.tour.tr.json and NAME.tour.zh.json.
const TRANSLATED: [&str; 2] = ["tr", "zh"];

/// A word of the capture's protocols, which a translation keeps as it is:
/// a run of letters, digits, `+` and `-` of at least two characters, with no
/// lower-case letter (EHLO, AUTH, 235, +OK, -ERR, SYN-ACK, BCLK1, 2652).
fn protocol_words(english: &str) -> Vec<&str> {
    english
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '-'))
        .map(|w| w.trim_end_matches('-'))
        .filter(|w| w.len() >= 2 && !w.chars().any(|c| c.is_ascii_lowercase()) && w.chars().any(|c| c.is_ascii_alphanumeric()))
        .collect()
}

/// The RFC sections a text cites ("RFC 4954 §6").
fn citations(text: &str) -> Vec<String> {
    text.match_indices("RFC ")
        .map(|(i, _)| text[i..].split([')', '(', ':', ',', ';', '）', '，']).next().unwrap().trim_end_matches('.').trim().to_string())
        .collect()
}

/// A choice a translation translates: a word of English (yes, no), all in
/// lower-case letters. Any other choice is a value of the protocol (235,
/// OK, Content-Type, Subject), the same in every language.
fn is_english_word(choice: &str) -> bool {
    !choice.is_empty() && choice.chars().all(|c| c.is_ascii_lowercase())
}

/// Short English words no Turkish or Chinese sentence has.
const ENGLISH: [&str; 10] = ["the", "and", "is", "of", "with", "which", "what", "this", "from", "only"];

/// Those words in `text`, written as in a sentence ("the", "The"; MAIL FROM is the protocol's).
fn english_words_in(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.chars().skip(1).all(|c| c.is_ascii_lowercase()) && ENGLISH.contains(&w.to_ascii_lowercase().as_str()))
        .collect()
}

/// Every text of a tour, each with where it is.
fn texts(t: &Tour) -> Vec<(String, &str)> {
    let mut out = vec![("title".to_string(), t.title.as_str())];
    out.extend(t.steps.iter().enumerate().map(|(i, s)| (format!("step {}", i + 1), s.say.as_str())));
    if let Some(q) = &t.question {
        out.push(("ask".into(), q.ask.as_str()));
        out.extend(q.why.as_deref().map(|w| ("why".to_string(), w)));
    }
    out
}

#[test]
fn every_sample_tour_is_in_turkish_and_chinese_with_the_english_structure() {
    let dir = common::root().join("assets/samples");
    let all = samples();
    assert_eq!(all.len(), 7);
    for (file, bytes, en) in &all {
        let stem = file.trim_end_matches(".pcap");
        // Read as the app reads the sample: with its own key log, if it has one.
        let keys = dir.join(format!("{stem}.keys"));
        let options = Options {
            keylog: std::fs::read(&keys).ok().map(|k| std::sync::Arc::new(postscope_core::decrypt::KeyLog::parse(&k))),
            ..Options::default()
        };
        let a = analyze(bytes, options);
        for tag in TRANSLATED {
            let name = format!("{stem}.tour.{tag}.json");
            let json = std::fs::read_to_string(dir.join(&name)).unwrap_or_else(|_| panic!("{file} has no tour in {tag} ({name})"));
            let t = Tour::parse(&json).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert!(t.problems(&a).is_empty(), "{name}: {:?}", t.problems(&a));
            // The same walk: each step selects what the English step selects.
            assert_eq!(t.steps.len(), en.steps.len(), "{name}: the number of steps");
            for (i, (s, e)) in t.steps.iter().zip(&en.steps).enumerate() {
                assert_eq!((s.stream, s.frame, s.view), (e.stream, e.frame, e.view), "{name} step {}", i + 1);
            }
            // The same question: the answer at the same place among the choices, the protocol's values unchanged.
            let (q, eq) = (t.question.as_ref().expect(&name), en.question.as_ref().unwrap());
            assert_eq!(q.choices.len(), eq.choices.len(), "{name}: the number of choices");
            for (c, ec) in q.choices.iter().zip(&eq.choices) {
                if is_english_word(ec) {
                    assert_ne!(c, ec, "{name}: the choice {ec:?} is a word to translate");
                } else {
                    assert_eq!(c, ec, "{name}: the choice {ec:?} is a value of the protocol");
                }
            }
            assert_eq!(
                q.choices.iter().position(|c| q.is_right(c)),
                eq.choices.iter().position(|c| eq.is_right(c)),
                "{name}: the right answer is not the English one's choice"
            );
            if eq.choices.is_empty() && !is_english_word(&eq.answer) {
                assert_eq!(q.answer, eq.answer, "{name}: a typed answer that is a value of the protocol");
            }
            assert_eq!(q.why.is_some(), eq.why.is_some(), "{name}: why");
            // Translated: no text left as the English one, no English word in it, the
            // protocol's words and the RFC sections cited kept as they are.
            let (mine, english) = (texts(&t), texts(en));
            assert_eq!(mine.len(), english.len(), "{name}");
            for ((place, text), (_, eng)) in mine.iter().zip(&english) {
                assert_ne!(text, eng, "{name} {place}: left in English");
                let left = english_words_in(text);
                assert!(left.is_empty(), "{name} {place}: English words {left:?} in {text:?}");
                for w in protocol_words(eng) {
                    assert!(text.contains(w), "{name} {place}: {w:?} of the English text is not in {text:?}");
                }
                assert_eq!(citations(text), citations(eng), "{name} {place}: the RFC sections cited");
            }
            if tag == "zh" {
                for (place, text) in &mine {
                    assert!(text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{name} {place}: no Chinese in {text:?}");
                }
            }
        }
    }
}

#[test]
fn the_translation_checks_can_fail() {
    // The words and citations the checks above compare are found (on the English tours themselves).
    assert_eq!(
        protocol_words("After AUTH LOGIN, 235 (+OK, -ERR, SYN-ACK) in BCLK1; UIDs a 1"),
        ["AUTH", "LOGIN", "235", "+OK", "-ERR", "SYN-ACK", "BCLK1"]
    );
    assert_eq!(citations("235 answers AUTH (RFC 4954 §6). 334 (RFC 4954 §4)."), ["RFC 4954 §6", "RFC 4954 §4"]);
    assert_eq!(citations("登录被拒绝（RFC 9051 §6.2.3）。"), ["RFC 9051 §6.2.3"]);
    assert_eq!(english_words_in("The server speaks first, with MAIL FROM"), ["The", "with"]);
    assert!(english_words_in("Sunucu +OK ile selamlar.").is_empty());
    assert!(is_english_word("no") && !is_english_word("OK") && !is_english_word("Content-Type") && !is_english_word("235"));
    let en = &samples()[0].2;
    assert!(texts(en).iter().any(|(_, t)| !english_words_in(t).is_empty()), "the English tour is found English");
    assert!(texts(en).iter().any(|(_, t)| !citations(t).is_empty()));
}
