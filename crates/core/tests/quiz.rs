//! Questions drawn from the capture (`postscope_core::quiz`): each expected
//! answer is derived from what the RFC says the line means, on the lab's
//! recordings, not from the generator's output.

mod common;

use postscope_core::explain;
use postscope_core::model::Analysis;
use postscope_core::quiz::{questions, QuizKind};
use postscope_core::{analyze, Options};

fn fixture(name: &str) -> Analysis {
    analyze(&std::fs::read(common::root().join("tests/fixtures").join(name)).unwrap(), Options::default())
}

#[test]
fn smtp_login_accepted_is_235() {
    let a = fixture("smtp-auth-plain.pcap");
    let qs = questions(&a.streams[0]);
    let q = qs.iter().find(|q| q.kind == QuizKind::Meaning).expect("a login question");
    // RFC 4954 §6: "235 2.7.0 Authentication Succeeded".
    assert_eq!(q.answer, "235");
    assert!(q.choices.contains(&"235".to_string()) && q.choices.len() == 4, "{:?}", q.choices);
    assert!(q.is_right(" 235 ") && !q.is_right("250"));
    let words = explain::say(&[&q.key], &[]);
    assert!(words.contains("password was accepted") && words.contains("RFC 4954 §6"), "{words}");
    // No question shows the password.
    for q in &qs {
        assert!(q.args.iter().all(|a| !a.contains("AGFsaWNl")), "{q:?}");
    }
}

#[test]
fn smtp_rcpt_to_an_unknown_user_is_550() {
    let a = fixture("smtp-rejected-recipient.pcap");
    let qs = questions(&a.streams[0]);
    let rcpts: Vec<_> = qs.iter().filter(|q| q.kind == QuizKind::NextReply && q.args[0].starts_with("RCPT TO")).collect();
    // The lab's mailboxes are alice@ and bob@lab.example (scripts/lab/record); Postfix refuses others at RCPT.
    // RFC 5321 §4.2.2: 250 accepts a recipient; 550 "mailbox unavailable" refuses one that does not exist.
    let known = |q: &&&postscope_core::quiz::Question| ["<alice@lab.example>", "<bob@lab.example>"].iter().any(|u| q.args[0].contains(u));
    assert!(rcpts.iter().filter(known).all(|q| q.answer == "250"), "{rcpts:?}");
    let q = rcpts.iter().find(|q| !known(q)).expect("a RCPT to an unknown user");
    assert_eq!(q.answer, "550", "{q:?}");
    let words = explain::say(&[&q.key], &[&q.args[0]]);
    assert!(words.contains(&q.args[0]) && words.contains("RFC 5321"), "{words}");
    // The question's item is that reply, whose explanation is shown after answering.
    assert!(explain::plain(a.streams[0].items[q.item].explain()).contains("550"));
    // RFC 5321 §4.1.1.1: 250 answers EHLO.
    let ehlo = qs.iter().find(|q| q.args.first().is_some_and(|a| a.starts_with("EHLO"))).unwrap();
    assert_eq!(ehlo.answer, "250");
}

#[test]
fn pop3_mailbox_count_is_statʼs_first_number() {
    let a = fixture("pop3-session.pcap");
    let qs = questions(&a.streams[0]);
    let q = qs.iter().find(|q| q.kind == QuizKind::Count).expect("a count question");
    // RFC 1939 §5: STAT's reply is "+OK nn mm": nn messages, mm octets.
    let stat = a.streams[0]
        .items
        .iter()
        .find_map(|i| match i {
            postscope_core::model::Item::Line(l) if l.text.starts_with("+OK ") && l.explain.has("pop3.reply.+OK.STAT") => {
                Some(l.text.clone())
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(q.answer, stat.split_whitespace().nth(1).unwrap());
    assert!(q.choices.is_empty(), "typed");
    // RFC 1939 §7: +OK to PASS means the login succeeded.
    let login = qs.iter().find(|q| q.kind == QuizKind::Meaning).unwrap();
    assert_eq!(login.answer, "+OK");
}

#[test]
fn imap_count_is_exists_and_login_is_ok() {
    let a = fixture("imap-session.pcap");
    let qs = questions(&a.streams[0]);
    // RFC 9051 §7.4.1: "* n EXISTS" is the number of messages in the mailbox.
    let q = qs.iter().find(|q| q.kind == QuizKind::Count).expect("a count question");
    let exists = a.streams[0].items.iter().find_map(|i| match i {
        postscope_core::model::Item::Line(l) if l.text.ends_with(" EXISTS") => Some(l.text.split_whitespace().nth(1).unwrap().to_string()),
        _ => None,
    });
    assert_eq!(Some(q.answer.clone()), exists);
    // RFC 9051 §6.2.3: a tagged OK to LOGIN means the login succeeded.
    let login = qs.iter().find(|q| q.kind == QuizKind::Meaning).unwrap();
    assert_eq!(login.answer, "OK", "{login:?}");
}

#[test]
fn failed_login_asks_which_reply_refused_it() {
    let a = fixture("pop3-failed-login.pcap");
    let qs = questions(&a.streams[0]);
    let q = qs.iter().find(|q| q.kind == QuizKind::Meaning).expect("a login question");
    // RFC 1939 §7: -ERR to PASS: the password was refused.
    assert!(q.key.starts_with("quiz.login.refused"), "{q:?}");
    assert_eq!(q.answer, "-ERR");
}

#[test]
fn every_question_key_is_in_the_catalogue() {
    for f in ["smtp-auth-login.pcap", "pop3-session.pcap", "imap-session.pcap", "lmtp-python.pcap", "smtp-pipelining.pcap"] {
        for q in questions(&fixture(f).streams[0]) {
            assert!(explain::entry(&q.key).is_some(), "{f}: {}", q.key);
        }
    }
}
