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
