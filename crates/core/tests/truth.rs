//! The truth suite: reviewed cases, each a real session (a lab fixture, or
//! real packets), and what its explanation must or must not say, with the
//! RFC section that decides it. Goldens catch change; this catches falsehood.
//! Expectations come from the RFC, not from today's output: where a test
//! names a catalogue key, the comment says which rule picks that key.

mod common;

use postscope_core::explain::{self, Context, Locale};
use postscope_core::model::{Analysis, Dir, Item, Line, LineKind, TlsKind, TlsRecord};
use postscope_core::{analyze, Options};

fn fixture(name: &str) -> Analysis {
    analyze(&std::fs::read(common::root().join("tests/fixtures").join(name)).unwrap(), Options::default())
}

/// Every line of the first stream with its explanation rendered in context.
fn lines(a: &Analysis) -> Vec<(&Line, String)> {
    let s = &a.streams[0];
    let cx = Context::of(s);
    s.items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) => Some((l, explain::render(&l.explain, &cx, Locale::En))),
            _ => None,
        })
        .collect()
}

fn command<'a>(lines: &'a [(&'a Line, String)], verb: &str) -> &'a (&'a Line, String) {
    lines.iter().find(|(l, _)| l.kind == LineKind::Command && l.verb.as_deref() == Some(verb)).unwrap_or_else(|| panic!("no {verb}"))
}

/// The reply that completes the command on `line`.
fn answer<'a>(lines: &'a [(&'a Line, String)], line: &Line) -> &'a (&'a Line, String) {
    lines.iter().find(|(l, _)| l.answers == Some(line.number)).unwrap_or_else(|| panic!("no answer to {:?}", line.text))
}

/// tshark's `fields` of the frames `filter` selects in `path`, a row each.
fn tshark_fields(path: &std::path::Path, filter: &str, fields: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec!["-r".to_string(), path.display().to_string(), "-Y".into(), filter.into(), "-T".into(), "fields".into()];
    for f in fields {
        args.extend(["-e".to_string(), (*f).to_string()]);
    }
    common::tshark(&args).lines().map(|l| l.split('\t').map(str::to_string).collect()).collect()
}

fn tls(a: &Analysis) -> Vec<&TlsRecord> {
    a.streams[0].items.iter().filter_map(|i| if let Item::Tls(t) = i { Some(t) } else { None }).collect()
}

// ---------------------------------------------------------------- POP3 state (RFC 1939)

/// RFC 1939 §6: QUIT from the TRANSACTION state enters UPDATE, which removes
/// the messages marked with DELE. pop3-session.pcap logs in, marks message 1
/// with DELE (+OK), and quits: one message is deleted.
#[test]
fn pop3_quit_after_an_accepted_dele_deletes_that_message() {
    let a = fixture("pop3-session.pcap");
    let lines = lines(&a);
    let dele = command(&lines, "DELE");
    assert_eq!(answer(&lines, dele.0).0.verb.as_deref(), Some("+OK"));
    let (quit, said) = command(&lines, "QUIT");
    assert_eq!(quit.explain.key(), Some("pop3.cmd.QUIT"));
    assert!(said.contains("deletes the message this session marked with DELE"), "{said}");
    let (_, reply) = answer(&lines, quit);
    assert!(reply.contains("The message marked with DELE is deleted now"), "{reply}");
}

/// RFC 1939 §4 and §7 (PASS): a -ERR to PASS leaves the session in the
/// AUTHORIZATION state; QUIT there ends it without UPDATE, so nothing is
/// deleted. pop3-failed-login.pcap: USER, PASS refused, QUIT.
#[test]
fn pop3_quit_before_a_login_deletes_nothing() {
    let a = fixture("pop3-failed-login.pcap");
    let lines = lines(&a);
    let pass = command(&lines, "PASS");
    assert_eq!(answer(&lines, pass.0).0.verb.as_deref(), Some("-ERR"));
    let (quit, said) = command(&lines, "QUIT");
    assert_eq!(quit.explain.key(), Some("pop3.cmd.QUIT.authorization"));
    assert!(!said.contains("deletes the"), "{said}");
    let (_, reply) = answer(&lines, quit);
    assert!(reply.contains("never logged in") && !reply.contains("deleted now"), "{reply}");
}

/// RFC 1939 §6: UPDATE removes only messages marked with DELE. pop3-apop.pcap
/// logs in (APOP), reads with STAT and RETR, and quits without DELE.
#[test]
fn pop3_quit_without_dele_says_the_mailbox_is_left_as_it_was() {
    let a = fixture("pop3-apop.pcap");
    let lines = lines(&a);
    assert!(lines.iter().all(|(l, _)| l.verb.as_deref() != Some("DELE")));
    let (quit, said) = command(&lines, "QUIT");
    assert_eq!(quit.explain.key(), Some("pop3.cmd.QUIT.none_marked"));
    assert!(said.contains("nothing is deleted"), "{said}");
    assert!(answer(&lines, quit).1.contains("left as it was"));
}

// ---------------------------------------------------------------- TLS as it is (RFC 8446, RFC 5246)

/// RFC 8446 §2 and §5, Appendix D.4: in TLS 1.3 everything after the
/// ServerHello is encrypted, and ChangeCipherSpec is only a compatibility
/// record. smtp-starttls-587.pcap is a real Postfix STARTTLS that chose TLS 1.3.
#[test]
fn tls13_is_taught_as_tls13() {
    let a = fixture("smtp-starttls-587.pcap");
    let cx = Context::of(&a.streams[0]);
    let records = tls(&a);
    let hello = records.iter().find(|t| t.kind == TlsKind::ServerHello).unwrap();
    assert_eq!(hello.explain.key(), Some("tls.server_hello.13"));
    let said = explain::render(&hello.explain, &cx, Locale::En);
    assert!(said.contains("TLS 1.3 with") && said.contains("certificate included"), "{said}");
    let ccs: Vec<_> = records.iter().filter(|t| t.kind == TlsKind::ChangeCipherSpec).collect();
    assert!(!ccs.is_empty(), "Postfix's OpenSSL sends the compatibility ChangeCipherSpec");
    for t in ccs {
        assert_eq!(t.explain.key(), Some("tls.change_cipher_spec.13"), "frame {}", t.frame);
        let said = explain::render(&t.explain, &cx, Locale::En);
        assert!(said.contains("changes nothing") && !said.contains("from the next record on"), "{said}");
    }
}

/// RFC 5246 §7.3 (the handshake flow): in TLS 1.2 the server's Certificate
/// follows the ServerHello in the clear, and each side encrypts from its
/// ChangeCipherSpec. A lab recording that chose TLS 1.2.
#[test]
fn tls12_server_hello_does_not_claim_everything_after_it_is_encrypted() {
    let path = common::root().join("tests/fixtures/tls/smtps-tls12-aes256gcm.pcap");
    let a = analyze(&std::fs::read(path).unwrap(), Options::default());
    let cx = Context::of(&a.streams[0]);
    let records = tls(&a);
    let hello = records.iter().find(|t| t.kind == TlsKind::ServerHello).unwrap();
    assert_eq!(hello.explain.key(), Some("tls.server_hello"));
    let said = explain::render(&hello.explain, &cx, Locale::En);
    assert!(said.contains("TLS 1.2 with") && said.contains("still crosses in the clear"), "{said}");
    // The certificate really is readable: the record after the hello is a handshake message named by the parser.
    assert!(records.iter().any(|t| t.dir == Dir::Server && t.explain.key() == Some("tls.handshake")));
    let ccs = records.iter().find(|t| t.kind == TlsKind::ChangeCipherSpec).unwrap();
    assert_eq!(ccs.explain.key(), Some("tls.change_cipher_spec"));
}

// ---------------------------------------------------------------- SMTP replies (RFC 5321, RFC 6647)

/// RFC 5321 §4.2.1: a 4yz reply is a transient failure; nothing in it says
/// why. Greylisting (RFC 6647) may be named only where the reply's text names
/// it. Every 4xx reply of every fixture and corpus capture is checked.
#[test]
fn a_4xx_reply_names_greylisting_only_when_its_text_does() {
    let mut files = common::fixtures();
    files.extend(common::corpus().unwrap_or_default());
    let mut checked = 0;
    for f in files {
        let a = analyze(&std::fs::read(&f).unwrap(), Options::default());
        for s in &a.streams {
            let cx = Context::of(s);
            for item in &s.items {
                let Item::Line(l) = item else { continue };
                if l.dir != Dir::Server || l.kind != LineKind::Reply || !l.verb.as_deref().is_some_and(|v| v.starts_with('4')) {
                    continue;
                }
                if !matches!(s.protocol, postscope_core::model::Protocol::Smtp | postscope_core::model::Protocol::Lmtp) {
                    continue;
                }
                checked += 1;
                let said = explain::render(&l.explain, &cx, Locale::En).to_ascii_lowercase();
                let named = l.text.to_ascii_lowercase().contains("greylist");
                assert_eq!(said.contains("greylist"), named, "{}: {:?} -- {said}", common::short(&f), l.text);
            }
        }
    }
    assert!(checked > 0, "no 4xx SMTP reply found");
}

/// Every SMTP reply of every fixture and corpus capture, with the verb of the command it completes.
fn smtp_replies(mut check: impl FnMut(&str, &str, &str, &str)) -> usize {
    let mut files = common::fixtures();
    files.extend(common::corpus().unwrap_or_default());
    let mut n = 0;
    for f in files {
        let a = analyze(&std::fs::read(&f).unwrap(), Options::default());
        for s in a.streams.iter().filter(|s| s.protocol == postscope_core::model::Protocol::Smtp) {
            let cx = Context::of(s);
            let by_number: std::collections::HashMap<u32, &Line> =
                s.items.iter().filter_map(|i| if let Item::Line(l) = i { Some((l.number, l)) } else { None }).collect();
            for item in &s.items {
                let Item::Line(l) = item else { continue };
                let (Some(code), Some(cmd)) = (l.verb.as_deref(), l.answers.and_then(|n| by_number.get(&n))) else { continue };
                let verb = cmd.verb.as_deref().unwrap_or("");
                n += 1;
                check(&common::short(&f), code, verb, &explain::render(&l.explain, &cx, Locale::En));
            }
        }
    }
    n
}

/// RFC 4954 §4 and §6: only 535 says the credentials were checked and were
/// wrong; 503 (AUTH not allowed here), 504 (mechanism not supported), 534,
/// 538 and 530 refuse before any credential is checked. The rosetscmite
/// capture's brute force gets 535s; others get 503/504.
#[test]
fn a_refused_auth_claims_tried_credentials_only_for_535() {
    let mut seen_535 = 0;
    let n = smtp_replies(|file, code, verb, said| {
        if verb != "AUTH" || !code.starts_with('5') {
            return;
        }
        let claims = said.contains("what was tried");
        if code == "535" {
            seen_535 += 1;
            assert!(claims, "{file}: {code} {said}");
        } else {
            assert!(!claims, "{file}: {code} to AUTH claims tried credentials: {said}");
        }
    });
    assert!(n > 0);
    if common::corpus().is_some() {
        assert!(seen_535 > 0, "the corpus has refused logins");
    }
}

/// RFC 4954 §6 and RFC 3207 §4: 530 means "log in first" or "start TLS
/// first", whatever the command; it is never a refused sender or recipient.
#[test]
fn a_530_is_never_explained_as_a_refused_address() {
    smtp_replies(|file, code, verb, said| {
        if code == "530" {
            assert!(!said.contains("as the sender") && !said.contains("does not accept mail for"), "{file}: 530 to {verb}: {said}");
            assert!(said.contains("No username or password was asked for or tried"), "{file}: {said}");
        }
    });
}

// ---------------------------------------------------------------- IMAP state (RFC 9051)

fn imap_line<'a>(lines: &'a [(&'a Line, String)], text: &str) -> &'a str {
    &lines.iter().find(|(l, _)| l.text == text).unwrap_or_else(|| panic!("no line {text:?}")).1
}

/// RFC 9051 §6.4.9: after UID, message numbers are UIDs. RFC 9051 §6.4.5:
/// BODY[] sets \Seen as it is read, BODY.PEEK[] does not. imap-session.pcap
/// (Python imaplib against Dovecot) sends both.
#[test]
fn imap_uid_commands_name_uids_and_peek_keeps_messages_unread() {
    let a = fixture("imap-session.pcap");
    let lines = lines(&a);
    let peek = imap_line(&lines, "BCLK8 UID FETCH 2:3 (BODY.PEEK[])");
    assert!(peek.contains("whose UIDs are 2:3") && !peek.contains("data of messages 2:3"), "{peek}");
    assert!(peek.contains("leaves the message unread") && !peek.contains("marks the message read"), "{peek}");
    let body = imap_line(&lines, "BCLK6 FETCH 1 (BODY[])");
    assert!(body.contains("data of messages 1") && body.contains("marks the message read (\\Seen)"), "{body}");
}

/// RFC 9051 §6.3.3 and §7.1: EXAMINE opens read-only, and a read-only
/// mailbox's FLAGS are not flags the client can set (PERMANENTFLAGS says
/// which it may change). imap-manage.pcap EXAMINEs a mailbox.
#[test]
fn imap_examine_is_read_only_in_every_line_that_speaks_of_it() {
    let a = fixture("imap-manage.pcap");
    let lines = lines(&a);
    let (examine, _) = command(&lines, "EXAMINE");
    let (_, ok) = answer(&lines, examine);
    assert!(ok.contains("read-only"), "{ok}");
    for (l, said) in &lines {
        if l.text.starts_with("* FLAGS") {
            assert!(!said.contains("can be set"), "{said}");
        }
    }
}

// ---------------------------------------------------------------- teaching points (RFC 2920, RFC 3207)

/// RFC 2920 §3.1: a client that pipelines sends several commands before the
/// replies. smtp-pipelining-many.pcap: MAIL, three RCPTs and DATA in one
/// segment, answered in order; the EHLO reply offered PIPELINING.
#[test]
fn pipelined_commands_are_flagged_and_commands_after_their_reply_are_not() {
    let a = fixture("smtp-pipelining-many.pcap");
    let lines = lines(&a);
    let commands: Vec<_> = lines.iter().filter(|(l, _)| l.kind == LineKind::Command).collect();
    let frame = command(&lines, "MAIL").0.frame;
    for (l, said) in &commands {
        let pipelined = said.contains("the client pipelines");
        let expected = l.frame == frame && l.verb.as_deref() != Some("MAIL");
        assert_eq!(pipelined, expected, "{:?} (frame {}): {said}", l.text, l.frame);
    }
}

/// RFC 3207 §4.2: after "220 Ready to start TLS" the client must discard
/// anything the server sent before TLS. smtp-starttls-injection.pcap: a
/// server that sends a second reply in the same segment as its 220, to a
/// real curl (CVE-2021-22947's shape).
#[test]
fn plain_text_after_starttls_is_flagged_as_an_injection() {
    let a = fixture("smtp-starttls-injection.pcap");
    let lines = lines(&a);
    let (starttls, _) = command(&lines, "STARTTLS");
    let (ready, said) = answer(&lines, starttls);
    // RFC 3207 §4.1: after 220 the client starts TLS; here none followed, and the 220 says so.
    assert!(said.contains("no TLS handshake follows"), "{said}");
    let real = fixture("smtp-starttls-587.pcap");
    let real_lines = self::lines(&real);
    let (st, _) = command(&real_lines, "STARTTLS");
    assert!(!answer(&real_lines, st).1.contains("no TLS handshake follows"), "a real STARTTLS is followed by TLS");
    let injected: Vec<_> = lines.iter().filter(|(l, _)| l.dir == Dir::Server && l.number > ready.number).collect();
    assert!(!injected.is_empty(), "the capture holds bytes after the 220");
    for (l, said) in injected {
        assert_eq!(l.kind, LineKind::Other, "{:?} is not a reply the client may act on", l.text);
        assert!(said.contains("must ignore it") && said.contains("CVE-2021-22947"), "{said}");
    }
}

// ---------------------------------------------------------------- snapshot length (pcap caplen < len)

/// A frame whose captured length is shorter than its length on the wire lost
/// its end to the capture tool, not to the network (tcpdump -s 120 here).
/// The cut bytes are a gap that says so; a line cut there is never explained
/// as a whole line; and the dialogue resynchronises by RFC 5321's rules: a
/// multi-line reply cut short is over (§4.2.1), a reply during DATA means the
/// end of the message was received (§4.1.1.4), QUIT after it is a command.
#[test]
fn a_snaplen_cut_capture_says_so_and_keeps_commands_and_replies_paired() {
    let a = fixture("smtp-snaplen-120.pcap");
    let s = &a.streams[0];
    let gaps: Vec<_> = s.items.iter().filter_map(|i| if let Item::Gap(g) = i { Some(g) } else { None }).collect();
    assert!(!gaps.is_empty() && gaps.iter().all(|g| g.snaplen && g.explain.key() == Some("tcp.gap.cut")), "{gaps:?}");
    let lines = lines(&a);
    // Every line that ends where a frame was cut says it is cut.
    for g in &gaps {
        let cut = lines.iter().rfind(|(l, _)| l.frame == g.frame && l.dir == g.dir).expect("a line in the cut frame");
        assert!(cut.1.starts_with("This line is cut"), "{:?}: {}", cut.0.text, cut.1);
    }
    let mail = command(&lines, "MAIL");
    assert!(answer(&lines, mail.0).0.text.starts_with("250 2.1.0"), "MAIL's reply is its own, not an EHLO keyword");
    let rcpt = command(&lines, "RCPT");
    assert!(answer(&lines, rcpt.0).1.contains("accepts mail for <bob@lab.example>"));
    let (quit, _) = command(&lines, "QUIT");
    assert_eq!(quit.kind, LineKind::Command);
    assert!(answer(&lines, quit).0.text.starts_with("221"));
    let queued = lines.iter().find(|(l, _)| l.text.contains("queued as")).unwrap();
    assert!(queued.1.contains("not in the capture, but the server answers only after it"), "{}", queued.1);
}

// ---------------------------------------------------------------- TCP reordering (RFC 9293 §3.10.7.4)

/// RFC 9293 §3.10.7.4: the receiver delivers bytes in sequence order. In
/// smtp-tcp-reordered.pcap the second RCPT (frame 13) was captured after the
/// DATA that follows it (frame 12): its bytes fill the hole, nothing is
/// missing, and the commands read in the order the client sent them.
#[test]
fn reordered_segments_are_put_back_and_the_hole_is_not_called_missing() {
    let a = fixture("smtp-tcp-reordered.pcap");
    let s = &a.streams[0];
    assert!(!s.items.iter().any(|i| matches!(i, Item::Gap(_))), "no byte is missing");
    let lines = lines(&a);
    let verbs: Vec<&str> = lines.iter().filter(|(l, _)| l.kind == LineKind::Command).filter_map(|(l, _)| l.verb.as_deref()).collect();
    assert_eq!(verbs, ["EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"]);
    let cx = Context::of(s);
    let tcp: Vec<(&postscope_core::model::TcpEvent, String)> = s
        .items
        .iter()
        .filter_map(|i| if let Item::Tcp(t) = i { Some((t, explain::render(&t.explain, &cx, Locale::En))) } else { None })
        .collect();
    let lost = tcp.iter().find(|(t, _)| t.event == postscope_core::model::TcpKind::LostSegment).expect("Wireshark's label on frame 12");
    assert!(lost.1.contains("came later, out of order, so nothing is missing") && !lost.1.contains("never appeared"), "{}", lost.1);
    assert!(tcp.iter().any(|(t, _)| t.event == postscope_core::model::TcpKind::OutOfOrder && t.frame == 13));
}

/// A segment seen twice (smtp-tcp-duplicate.pcap repeats the last body
/// segment 1 µs later) is counted once, and its explanation does not claim
/// to know why it was sent again: a capture cannot tell a retransmission
/// from a duplicate (RFC 9293 §3.8.1).
#[test]
fn a_duplicate_segment_is_counted_once_and_not_explained_beyond_what_the_capture_shows() {
    let a = fixture("smtp-tcp-duplicate.pcap");
    let s = &a.streams[0];
    let cx = Context::of(s);
    let again: Vec<String> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Tcp(t) if t.event == postscope_core::model::TcpKind::Retransmission => Some(explain::render(&t.explain, &cx, Locale::En)),
            _ => None,
        })
        .collect();
    assert!(!again.is_empty());
    for said in again {
        assert!(said.contains("cannot tell these apart") && said.contains("counts the bytes once"), "{said}");
    }
    let m = a.messages().next().unwrap();
    assert!(m.complete && m.missing_bytes == 0, "the repeated bytes are not added twice: {} bytes", m.size);
}

// ---------------------------------------------------------------- inside TLS (RFC 3207 §4.2, RFC 8446)

/// Read from decrypted records, a login is not "readable by anyone on the
/// path": TLS protected it (RFC 3207 §4.2; RFC 8446 §1). The second EHLO after
/// STARTTLS travelled inside TLS, as it should, and is not called an anomaly.
#[test]
fn what_tls_protected_is_not_called_readable_by_anyone() {
    let dir = common::root().join("tests/fixtures/tls");
    let keys = postscope_core::decrypt::KeyLog::parse(&std::fs::read(dir.join("smtp-starttls-tls13-aes128gcm.keys")).unwrap());
    let options = Options { keylog: Some(std::sync::Arc::new(keys)), ..Options::default() };
    let a = analyze(&std::fs::read(dir.join("smtp-starttls-tls13-aes128gcm.pcap")).unwrap(), options);
    let lines = lines(&a);
    let decrypted: Vec<_> = lines.iter().filter(|(l, _)| l.decrypted).collect();
    assert!(decrypted.len() > 5, "the dialogue inside TLS is read");
    for (l, said) in &decrypted {
        assert!(!said.contains("anyone on the path") && !said.contains("anyone who sees these packets"), "{:?}: {said}", l.text);
    }
    let ehlo = decrypted.iter().find(|(l, _)| l.verb.as_deref() == Some("EHLO")).expect("the second EHLO");
    assert!(ehlo.1.contains("travelled inside TLS") && !ehlo.1.contains("TLS never really started"), "{}", ehlo.1);
}

// ---------------------------------------------------------------- message header lines (RFC 2047, RFC 5322, RFC 7489)

/// A header's encoded words (RFC 2047 §2) are decoded on the line itself, as
/// Base64 credentials are; a folded line is the continuation of its header
/// (RFC 5322 §2.2.3); From: is not checked by SMTP, its domain by SPF, DKIM
/// and DMARC (RFC 7489). smtp-encoded-subject-qp.pcap and
/// smtp-multipart-attachment.pcap are swaks and Python sends to Postfix.
#[test]
fn header_lines_say_what_they_are() {
    let a = fixture("smtp-encoded-subject-qp.pcap");
    let lines = lines(&a);
    let subject = lines.iter().find(|(l, _)| l.text.starts_with("Subject: =?UTF-8?B?")).unwrap();
    assert_eq!(subject.0.decoded.as_deref(), Some("Grüße aus dem Labor ✉"));
    let from = lines.iter().find(|(l, _)| l.kind == LineKind::Content && l.text.starts_with("From: ")).unwrap();
    assert!(from.1.contains("SMTP does not check it") && from.1.contains("DMARC"), "{}", from.1);
    let mut folded = 0;
    for f in ["smtp-encoded-subject-qp.pcap", "smtp-multipart-attachment.pcap", "pop3-session.pcap"] {
        let a = fixture(f);
        for (l, said) in lines_of_all(&a) {
            if l.kind == LineKind::Content && (l.text.starts_with(' ') || l.text.starts_with('\t')) && said.contains("header, continued") {
                folded += 1;
            }
        }
    }
    assert!(folded > 0, "the lab's Received headers are folded");
}

fn lines_of_all(a: &Analysis) -> Vec<(&Line, String)> {
    a.streams
        .iter()
        .flat_map(|s| {
            let cx = Context::of(s);
            s.items
                .iter()
                .filter_map(move |i| if let Item::Line(l) = i { Some((l, explain::render(&l.explain, &cx, Locale::En))) } else { None })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// RFC 3030 §2: a BDAT chunk is counted in bytes, so a line holding a lone
/// dot inside it is message text; §3: binary content needs BODY=BINARYMIME,
/// so BDAT alone does not mean "any bytes". smtp-bdat.pcap: swaks' BDAT
/// chunks to Postfix, the first holding a lone dot.
#[test]
fn a_lone_dot_inside_a_bdat_chunk_is_data() {
    let a = fixture("smtp-bdat.pcap");
    let lines = lines(&a);
    let dot = lines.iter().find(|(l, _)| l.kind == LineKind::Content && l.text == ".").expect("the lone dot in the first chunk");
    assert!(dot.1.contains("still part of the message") && !dot.1.contains("ends the message"), "{}", dot.1);
    for (l, said) in lines.iter().filter(|(l, _)| l.verb.as_deref() == Some("BDAT")) {
        assert!(!said.contains("any bytes"), "{:?}: {said}", l.text);
    }
    assert_eq!(a.messages().count(), 1, "one message, not ended at the dot");
}

/// RFC 2177 §3 (and RFC 9051 §6.3.13): during IDLE the server may send
/// untagged responses; a bare "* OK Still here" is a keep-alive, and an IDLE
/// with no tagged reply was never ended with DONE. imap-idle-keepalive.pcap
/// and imap-idle-no-done.pcap: Python imaplib against Dovecot.
#[test]
fn idle_keep_alives_and_an_idle_never_ended_are_said_so() {
    let a = fixture("imap-idle-keepalive.pcap");
    let kept = lines(&a);
    let still: Vec<_> = kept.iter().filter(|(l, _)| l.text == "* OK Still here").collect();
    assert!(!still.is_empty());
    assert!(still.iter().all(|(_, said)| said.contains("keep-alive")));
    assert!(!command(&kept, "IDLE").1.contains("never sent DONE"));
    let b = fixture("imap-idle-no-done.pcap");
    let left = lines(&b);
    assert!(command(&left, "IDLE").1.contains("never sent DONE"), "{}", command(&left, "IDLE").1);
}

/// RFC 1939 §5 (STAT): messages marked as deleted are not counted. In
/// pop3-dele-quit.pcap the client marks two of three messages, then asks
/// STAT: the 1 it hears about is not what the mailbox holds.
#[test]
fn pop3_stat_after_dele_says_the_marked_messages_are_left_out() {
    let a = fixture("pop3-dele-quit.pcap");
    let s = &a.streams[0];
    let cx = Context::of(s);
    let lines: Vec<(&Line, String)> = s
        .items
        .iter()
        .filter_map(|i| if let Item::Line(l) = i { Some((l, explain::render(&l.explain, &cx, Locale::En))) } else { None })
        .collect();
    let stats: Vec<_> = lines.iter().filter(|(l, _)| l.verb.as_deref() == Some("STAT")).collect();
    assert_eq!(stats.len(), 2, "STAT before and after the DELEs");
    let before = answer(&lines, stats[0].0);
    assert!(before.1.contains("messages in the mailbox: 3,"), "{}", before.1);
    let after = answer(&lines, stats[1].0);
    assert!(
        after.1.contains("not counting the 2 this session marked with DELE") && !after.1.contains("messages in the mailbox:"),
        "{}",
        after.1
    );
}

// ---------------------------------------------------------------- resynchronising after loss (IMAP literals)

/// RFC 9051 §4.3: a literal is exactly as many bytes as its `{n}` says, and
/// the response goes on after it on the same line. imap-session.pcap's frame
/// 32 carries two FETCH literals; cut into three segments with the middle one
/// lost, 665 bytes vanish: 652 of message 2 and 13 of what followed it. The
/// literal's size says where it ended, so the line after the gap is not the
/// rest of message 2's response (its start may be lost), and the next literal
/// (its `{686}` is at the end of that line) is still read whole; the tagged OK
/// still answers UID FETCH (§2.2.2: tagged responses end their command).
#[test]
fn a_gap_past_the_end_of_a_server_literal_is_not_taken_for_the_same_response() {
    let p = common::Pcap::parse(&common::fixture("imap-session.pcap"));
    let cut = p.split(31, &[32 + 600, 32 + 1252 + 3 + 10]).without(32);
    let a = analyze(&cut.write(false), Options::default());
    let gaps: Vec<u64> = a.streams[0].items.iter().filter_map(|i| if let Item::Gap(g) = i { Some(g.bytes) } else { None }).collect();
    assert_eq!(gaps, [665]);
    let lines = lines(&a);
    let (tail, said) = lines.iter().find(|(l, _)| l.text == "(UID 3 BODY[] {686}").expect("the line after the gap");
    assert_eq!(tail.kind, LineKind::Other, "{said}");
    assert!(said.contains("may have lost its start") && said.contains("13 bytes"), "{said}");
    assert!(!said.contains("The rest of the response"), "{said}");
    let messages: Vec<_> = a.messages().map(|m| (m.size, m.missing_bytes)).collect();
    assert_eq!(messages, [(704, 0), (600, 652), (686, 0)]);
    let fetch = lines.iter().find(|(l, _)| l.text.starts_with("BCLK8 UID FETCH")).unwrap();
    let (ok, said) = answer(&lines, fetch.0);
    assert!(ok.text.starts_with("BCLK8 OK"), "{said}");
}

/// RFC 9051 §2.2.1: every client command starts with its tag. imap-manage.pcap's
/// APPEND sends a 349-byte literal, then the CRLF that ends the command; with
/// the literal's last 49 bytes and that CRLF lost, the next line the client
/// sent, `OMAP8 SEARCH ALL`, starts with a tag and a command: it is SEARCH,
/// not the rest of APPEND, and the server's tagged reply answers it.
#[test]
fn a_new_command_after_a_gap_past_a_client_literal_is_a_new_command() {
    let p = common::Pcap::parse(&common::fixture("imap-manage.pcap"));
    let cut = p.split(34, &[300]).without(35).without(36);
    let a = analyze(&cut.write(false), Options::default());
    let lines = lines(&a);
    let search = lines.iter().find(|(l, _)| l.text == "OMAP8 SEARCH ALL").expect("SEARCH");
    assert_eq!((search.0.kind, search.0.verb.as_deref()), (LineKind::Command, Some("SEARCH")), "{}", search.1);
    assert!(search.1.starts_with("SEARCH"), "{}", search.1);
    let (reply, said) = answer(&lines, search.0);
    assert!(reply.text.starts_with("OMAP8 OK"), "{said}");
    let append: Vec<_> = a.messages().map(|m| (m.size, m.missing_bytes)).collect();
    assert_eq!(append, [(300, 49)]);
}

// ---------------------------------------------------------------- a 552 read against the SIZE the server advertised

/// RFC 1870 §6: a server that advertised `SIZE n` refuses with 552 a MAIL
/// whose SIZE= is larger than n, before any data; a client that does not
/// announce the size sends the whole message and is refused after it. In
/// smtp-error-message-too-big.pcap the server says `250-SIZE 2048`; curl
/// announces SIZE=3149 and is refused at MAIL; swaks announces nothing and is
/// refused after the final dot (RFC 5321 §4.2.5: not accepted for delivery).
#[test]
fn a_552_is_read_against_the_size_the_server_advertised() {
    let a = fixture("smtp-error-message-too-big.pcap");
    let said_in = |stream: usize| -> Vec<(Line, String)> {
        let s = &a.streams[stream];
        let cx = Context::of(s);
        s.items
            .iter()
            .filter_map(|i| if let Item::Line(l) = i { Some((l.clone(), explain::render(&l.explain, &cx, Locale::En))) } else { None })
            .collect()
    };
    let curl = said_in(0);
    let mail = curl.iter().find(|(l, _)| l.verb.as_deref() == Some("MAIL")).unwrap();
    let (refusal, said) = curl.iter().find(|(l, _)| l.answers == Some(mail.0.number)).unwrap();
    assert!(refusal.text.starts_with("552"), "{}", refusal.text);
    assert!(said.contains("SIZE=3149") && said.contains("2048 bytes") && said.contains("before any of it is sent"), "{said}");
    let swaks = said_in(1);
    let dot = swaks.iter().find(|(l, _)| l.kind == LineKind::Content && l.text == ".").unwrap();
    let (refusal, said) = swaks.iter().find(|(l, _)| l.answers == Some(dot.0.number)).unwrap();
    assert!(refusal.text.starts_with("552"), "{}", refusal.text);
    assert!(said.contains("did not announce") && said.contains("SIZE 2048") && said.contains("not accepted for delivery"), "{said}");
    assert!(!said.contains("SIZE=3149"), "{said}");
    // The bytes said to have crossed are the message's, as the collector counted them.
    let sent = a.streams[1].items.iter().find_map(|i| if let Item::Message(m) = i { Some(m.size) } else { None }).unwrap();
    assert!(sent > 2048 && said.contains(&format!("({sent} bytes)")), "{sent}: {said}");
}

// ---------------------------------------------------------------- the fresh review's findings (session 4)

/// Every line of every stream, rendered in its stream's context.
fn all_said(a: &Analysis) -> Vec<(Line, String)> {
    a.streams
        .iter()
        .flat_map(|s| {
            let cx = Context::of(s);
            s.items
                .iter()
                .filter_map(
                    move |i| if let Item::Line(l) = i { Some((l.clone(), explain::render(&l.explain, &cx, Locale::En))) } else { None },
                )
                .collect::<Vec<_>>()
        })
        .collect()
}

/// RFC 5321 §4.2.2-§4.2.3: 500-504 are syntax and sequence errors, whatever the
/// command; "no such user" and "relaying denied" are 550/551/553's. §3.3: a
/// transaction starts with an accepted MAIL, so after a refused MAIL no
/// recipient or message can be taken. smtperr.pcap (Suricata's) refuses MAIL
/// with 472, then answers RCPT and DATA with `501 Unknown command`.
#[test]
fn a_501_is_a_syntax_error_and_a_refused_mail_leaves_no_transaction() {
    let Some(a) = common::corpus_analysis("OISF__suricata-verify/smtperr.pcap") else { return };
    let said = all_said(&a);
    let mut seen = 0;
    for (l, s) in said.iter().filter(|(l, _)| l.text.starts_with("501")) {
        seen += 1;
        assert!(s.contains("syntax error"), "frame {}: {s}", l.frame);
        assert!(
            !s.contains("no such user") && !s.contains("goes on for the other recipients") && !s.contains("will not be delivered"),
            "frame {}: {s}",
            l.frame
        );
        assert!(s.contains("No mail transaction is open"), "frame {}: {s}", l.frame);
    }
    assert!(seen >= 2, "{seen} 501 replies");
}

/// RFC 5321 §4.1.4, §3.3: a 503 to RCPT after the server refused the MAIL FROM
/// says the sender was refused, not that MAIL FROM was never given.
#[test]
fn a_503_after_a_refused_mail_says_the_sender_was_refused() {
    let Some(a) = common::corpus_analysis("OISF__suricata-verify/smtp-to-comma__10.7.29.101_49898-178.63.41.150_25.pcap") else { return };
    let said = all_said(&a);
    let (l, s) = said.iter().find(|(l, _)| l.text.starts_with("503")).expect("a 503");
    assert!(s.contains("refused the MAIL FROM above"), "frame {}: {s}", l.frame);
    assert!(!s.contains("MAIL FROM must come first"), "{s}");
}

/// RFC 5321 §4.5.3.1.10: a client SHOULD be prepared to send the rest later;
/// the capture shows whether it did. In smtp-error-too-many-recipients.pcap
/// swaks sends DATA for the first two and quits: no second transaction.
#[test]
fn a_452_does_not_claim_the_client_sends_the_rest_later() {
    let said = all_said(&fixture("smtp-error-too-many-recipients.pcap"));
    let (_, s) = said.iter().find(|(l, _)| l.text.starts_with("452")).unwrap();
    assert!(!s.contains("the client sends the message to the remaining recipients"), "{s}");
    assert!(s.contains("accepted before still get the message"), "{s}");
}

/// RFC 1939 §7: TOP msg n sends the headers, the blank line, then n body lines:
/// with n = 0, no body line. Suricata's pop3 input asks `TOP n 0` fifty times.
#[test]
fn top_with_zero_lines_promises_no_body_line() {
    let Some(a) = common::corpus_analysis("OISF__suricata-verify/pop3__input.pcap") else { return };
    let said = all_said(&a);
    let tops: Vec<_> = said.iter().filter(|(l, _)| l.verb.as_deref() == Some("TOP") && l.text.ends_with(" 0")).collect();
    assert!(!tops.is_empty());
    for (top, _) in tops {
        let (_, s) = said.iter().find(|(l, _)| l.stream == top.stream && l.answers == Some(top.number)).expect("TOP's +OK");
        assert!(s.contains("no line of its body") && !s.contains("first body lines"), "{s}");
    }
}

/// What is inside TLS is mail only in a mail conversation. ntop's emotet.pcap
/// has TLS to port 443 (web traffic, not mail): its records must not promise
/// "mail commands, passwords and messages". The record layer is RFC 5246 §6.2
/// in TLS 1.2 and RFC 8446 §5.2 in 1.3: the citation names both.
#[test]
fn tls_outside_mail_does_not_claim_mail_inside() {
    let Some(a) = common::corpus_analysis("ntop__nDPI/emotet.pcap") else { return };
    let mut seen = 0;
    for s in a.streams.iter().filter(|s| s.protocol == postscope_core::model::Protocol::Tls) {
        let cx = Context::of(s);
        for i in &s.items {
            if let Item::Tls(t) = i {
                if t.kind == TlsKind::ApplicationData {
                    seen += 1;
                    let said = explain::render(&t.explain, &cx, Locale::En);
                    assert!(!said.contains("mail commands") && !said.contains("mail dialogue"), "stream {}: {said}", s.stream);
                    assert!(said.contains("not one of the mail protocols"), "{said}");
                    assert!(said.contains("RFC 5246"), "{said}");
                }
            }
        }
    }
    assert!(seen > 0);
}

/// RFC 9293 §3.5: a SYN-ACK is the server's answer, not a connection request.
/// ntop's imaps.pcap: frame 24 is the server's SYN-ACK sent again.
#[test]
fn a_repeated_syn_ack_is_the_servers_answer_again() {
    let Some(a) = common::corpus_analysis("ntop__nDPI/imaps.pcap") else { return };
    let (t, s) = a
        .streams
        .iter()
        .flat_map(|s| {
            let cx = Context::of(s);
            s.items
                .iter()
                .filter_map(
                    move |i| if let Item::Tcp(t) = i { Some((t.clone(), explain::render(&t.explain, &cx, Locale::En))) } else { None },
                )
                .collect::<Vec<_>>()
        })
        .find(|(t, _)| t.frame == 24)
        .expect("frame 24");
    assert_eq!(t.dir, Dir::Server);
    assert!(s.contains("SYN-ACK again") && !s.contains("connection request"), "{s}");
}

/// RFC 4315 §3: COPYUID's sets are UIDs, and its number is the target mailbox's
/// UIDVALIDITY; RFC 6851 §4.3: after MOVE they were moved, not copied.
#[test]
fn copyuid_names_uids_and_says_moved_after_move() {
    let said = all_said(&fixture("imap-uid-folders.pcap"));
    let copy = said.iter().find(|(l, _)| {
        l.text.contains("[COPYUID")
            && said.iter().any(|(c, _)| c.verb.as_deref() == Some("UID") && c.text.contains(" COPY ") && l.answers == Some(c.number))
    });
    let (_, s) = copy.expect("COPYUID of UID COPY");
    assert!(s.contains("with UIDs") && s.contains("were copied"), "{s}");
    let (_, s) = said.iter().find(|(l, _)| l.text.starts_with("* OK [COPYUID")).expect("MOVE's untagged COPYUID");
    assert!(s.contains("were moved") && !s.contains("copied"), "{s}");
}

/// RFC 5034 §4: the server took the mechanism ("+") and the client answered:
/// a -ERR then refuses those credentials. zeek's pop3.pcap, stream 3.
#[test]
fn a_pop3_auth_refused_after_the_credentials_says_they_were_checked() {
    let Some(a) = common::corpus_analysis("zeek__zeek/pop3.pcap") else { return };
    let said = all_said(&a);
    // A bare AUTH (no mechanism) is refused first: RFC 5034 §4 wants a mechanism, and no login was tried.
    let (bare, _) = said.iter().find(|(l, _)| l.verb.as_deref() == Some("AUTH") && l.text.trim() == "AUTH").expect("a bare AUTH");
    let (_, s) = said.iter().find(|(l, _)| l.stream == bare.stream && l.answers == Some(bare.number)).unwrap();
    assert!(s.contains("No login was tried") && !s.contains("login failed"), "{s}");
    let auth = said.iter().find(|(l, _)| {
        l.verb.as_deref() == Some("AUTH")
            && l.text.trim() != "AUTH"
            && !said.iter().any(|(r, _)| r.answers == Some(l.number) && r.stream == l.stream && r.text.starts_with("+OK"))
    });
    let (auth, _) = auth.expect("a refused AUTH");
    let (_, s) = said.iter().find(|(l, _)| l.stream == auth.stream && l.answers == Some(auth.number)).unwrap();
    assert!(s.contains("checked the credentials") && !s.contains("not offered"), "{s}");
}

/// RFC 2034 §4: no enhanced code in the greeting, the EHLO/LHLO reply or 3xx replies.
#[test]
fn enhancedstatuscodes_names_where_the_codes_appear() {
    let said = all_said(&fixture("lmtp-python.pcap"));
    let (_, s) = said.iter().find(|(l, _)| l.text.contains("ENHANCEDSTATUSCODES")).unwrap();
    assert!(s.contains("not in the greeting") && !s.contains("after each reply code"), "{s}");
}

/// RFC 2045 §6.2: 7bit is not an encoding: US-ASCII lines of at most 998 characters.
#[test]
fn content_transfer_encoding_says_what_its_value_means() {
    let said = all_said(&fixture("imap-uid-folders.pcap"));
    let (_, s) = said.iter().find(|(l, _)| l.text.eq_ignore_ascii_case("Content-Transfer-Encoding: 7bit")).unwrap();
    assert!(s.contains("not encoded") && s.contains("998"), "{s}");
}

/// RFC 6532 §3: a message sent with SMTPUTF8 may carry UTF-8 in its headers as
/// it is; RFC 6531 §3.4: only a MAIL FROM with the SMTPUTF8 parameter allows
/// it. smtp-smtputf8.pcap (the lab's Postfix with smtputf8_enable=yes, Python's
/// smtplib) sends `Subject:` and `From:` as raw UTF-8 after
/// `MAIL FROM:<zoë@lab.example> SMTPUTF8`: they are not encoded-words, and the
/// explanation says why they may be raw; the ASCII headers get no such note.
#[test]
fn raw_utf8_headers_under_smtputf8_are_explained_as_such() {
    let said = all_said(&fixture("smtp-smtputf8.pcap"));
    let (mail, s) = said.iter().find(|(l, _)| l.verb.as_deref() == Some("MAIL")).unwrap();
    assert!(mail.text.contains("SMTPUTF8") && s.contains("SMTPUTF8"), "{s}");
    let (_, s) =
        said.iter().find(|(l, _)| l.kind == LineKind::Content && l.text.starts_with("Subject: Menü")).expect("a raw UTF-8 Subject");
    assert!(s.contains("UTF-8 as it is") && s.contains("announced SMTPUTF8"), "{s}");
    let (_, s) = said.iter().find(|(l, _)| l.kind == LineKind::Content && l.text.starts_with("From: Zoë")).expect("a raw UTF-8 From");
    assert!(s.contains("announced SMTPUTF8"), "{s}");
    let (_, s) = said.iter().find(|(l, _)| l.kind == LineKind::Content && l.text.starts_with("To: ")).unwrap();
    assert!(!s.contains("SMTPUTF8 for this message"), "{s}");
    // The same bytes without SMTPUTF8 would break RFC 5322 §2.2: the lab's utf8 body fixture has ASCII headers only.
    let plain = all_said(&fixture("smtp-utf8-body.pcap"));
    assert!(plain.iter().all(|(_, s)| !s.contains("raw non-ASCII bytes")));
}

// ---------------------------------------------------------------- the second review's findings (session 4)

/// RFC 5321 §3.8: a server may send 421 on its own and close (after an idle
/// timeout, §4.5.3.2). arkime's smtp-data-250.pcap: 421 30 s after the last reply.
#[test]
fn an_unsolicited_421_is_the_server_closing_on_its_own() {
    let Some(a) = common::corpus_analysis("arkime__arkime/smtp-data-250.pcap") else { return };
    let said = all_said(&a);
    let (_, s) = said.iter().find(|(l, _)| l.text.starts_with("421")).expect("a 421");
    assert!(s.contains("says this on its own") && !s.contains("is not in the capture"), "{s}");
}

/// RFC 3207 §4.1: after 220 the client must start TLS; a capture in which
/// both sides go on in plain text cannot tell a client that broke the rule
/// from a capture written after decryption (arkime's smtp-decrypted.pcap).
#[test]
fn no_tls_after_starttls_does_not_claim_what_the_capture_cannot_tell() {
    let Some(a) = common::corpus_analysis("arkime__arkime/smtp-decrypted.pcap") else { return };
    let said = all_said(&a);
    let (_, s) = said.iter().find(|(l, _)| l.text.starts_with("220") && l.answers.is_some() && l.number > 2).expect("STARTTLS's 220");
    assert!(s.contains("cannot tell") && !s.contains("the connection never became encrypted"), "{s}");
}

/// RFC 1939 §5: RSET unmarks what DELE marked; §6: QUIT then deletes nothing.
/// pop3-dele-rset.pcap: DELE 1 (+OK), RSET, QUIT: a message was marked, then unmarked.
#[test]
fn quit_after_dele_and_rset_says_rset_took_the_marks_back() {
    let said = all_said(&fixture("pop3-dele-rset.pcap"));
    let (quit, s) = said.iter().find(|(l, _)| l.verb.as_deref() == Some("QUIT")).unwrap();
    assert!(s.contains("RSET took back") && !s.contains("no message was marked"), "{s}");
    let (_, s) = said.iter().find(|(l, _)| l.answers == Some(quit.number)).unwrap();
    assert!(s.contains("RSET took back") && !s.contains("No message was marked"), "{s}");
}

/// "5.7.1 ... not logged in" to RCPT is a policy that wants AUTH first, not a
/// relay refusal (issue #12 §3; RFC 4954 §6). arkime's smtp-rcpt-553.pcap.
#[test]
fn a_571_not_logged_in_is_not_called_a_relay_refusal() {
    let Some(a) = common::corpus_analysis("arkime__arkime/smtp-rcpt-553.pcap") else { return };
    let said = all_said(&a);
    let (_, s) = said.iter().find(|(l, _)| l.text.contains("5.7.1") && l.text.contains("not logged in")).expect("the 553");
    assert!(s.contains("has not logged in") && !s.contains("not a domain it delivers for"), "{s}");
}

/// RFC 5321 §3.8, §4.5.3.2: a 451 the server sends on its own after an idle
/// client, then closing, is not "the server failed" (zeek's smtp-multi-addr.pcap).
#[test]
fn an_unsolicited_failure_reply_is_not_explained_as_the_commands_failure() {
    let Some(a) = common::corpus_analysis("zeek__zeek/smtp-multi-addr.pcap") else { return };
    let said = all_said(&a);
    let (_, s) = said.iter().find(|(l, _)| l.text.starts_with("451")).expect("the 451");
    assert!(s.contains("on its own") && !s.contains("the server failed"), "{s}");
}

/// RFC 5034 §4 defines AUTH only with a mechanism; a server that refuses a
/// bare AUTH may offer no AUTH at all (ntop's pop3_stls.pcap: its CAPA lists no SASL).
#[test]
fn a_refused_bare_auth_does_not_claim_the_server_wants_a_mechanism() {
    let Some(a) = common::corpus_analysis("ntop__nDPI/pop3_stls.pcap") else { return };
    let said = all_said(&a);
    let (bare, _) = said.iter().find(|(l, _)| l.text.trim() == "AUTH").expect("a bare AUTH");
    let (_, s) = said.iter().find(|(l, _)| l.stream == bare.stream && l.answers == Some(bare.number)).unwrap();
    assert!(!s.contains("wants a mechanism") && s.contains("No login was tried"), "{s}");
}

/// RFC 9293 §3.4: an ACK covers the bytes below its number; when the capture
/// stored the ACK before the data (Suricata's 1flowB.pcap: frame 134 acks the
/// bytes frame 135 carries), they were not "never shown".
#[test]
fn an_ack_before_its_data_is_not_called_data_the_capture_never_showed() {
    let Some(a) = common::corpus_analysis("OISF__suricata-verify/1flowB.pcap") else { return };
    let s = &a.streams[0];
    let cx = Context::of(s);
    let t = s.items.iter().find_map(|i| if let Item::Tcp(t) = i { (t.frame == 134).then_some(t) } else { None }).expect("frame 134");
    let said = explain::render(&t.explain, &cx, Locale::En);
    assert!(said.contains("may still come later") && !said.contains("never showed"), "{said}");
}

/// RFC 9293 §3.6: the first FIN of a close starts it (the other side may still
/// send); a FIN sent after the other side's FIN closes the second half, and the
/// connection is over once it is acknowledged. Which FIN came first is read
/// from the packets by tshark (frame order, per direction), not from Postscope.
#[test]
fn a_fin_after_the_other_sides_fin_is_the_second_half_closing() {
    let (mut firsts, mut answers) = (0, 0);
    for path in common::fixtures() {
        let out = tshark_fields(&path, "tcp.flags.fin == 1", &["frame.number", "tcp.stream", "tcp.srcport"]);
        // Per stream, the source ports that have sent a FIN so far.
        let mut sent: std::collections::HashMap<u32, Vec<String>> = Default::default();
        let mut want: std::collections::HashMap<u32, &str> = Default::default();
        for f in out {
            let (frame, stream, port) = (f[0].parse::<u32>().unwrap(), f[1].parse::<u32>().unwrap(), f[2].clone());
            let before = sent.entry(stream).or_default();
            let key = if before.iter().any(|p| *p != port) { "tcp.fin.answer" } else { "tcp.fin" };
            before.push(port);
            want.insert(frame, key);
        }
        let a = common::analyze_file(&path);
        for s in &a.streams {
            for i in &s.items {
                if let Item::Tcp(t) = i {
                    if t.event == postscope_core::model::TcpKind::Fin {
                        let w = want.get(&t.frame).unwrap_or_else(|| panic!("{}: frame {} is no FIN to tshark", path.display(), t.frame));
                        assert_eq!(t.explain.key(), Some(*w), "{} frame {}", path.display(), t.frame);
                        if *w == "tcp.fin" {
                            firsts += 1
                        } else {
                            answers += 1
                        }
                    }
                }
            }
        }
    }
    assert!(firsts > 10 && answers > 10, "{firsts} first FINs, {answers} answering FINs");
}

/// RFC 8446 §2, §4.4: in TLS 1.3 the server's encrypted first flight
/// (EncryptedExtensions, Certificate, CertificateVerify, Finished) comes before
/// the client's Finished, however many frames it takes; no application data of
/// the server's precedes it. Suricata's smtp-startssl spreads that flight over
/// frames 16 and 17. Which encrypted records came before the client's first
/// one is read from tshark.
#[test]
fn a_tls13_server_flight_over_two_frames_is_all_handshake() {
    let rel = "OISF__suricata-verify/smtp-startssl__input.pcap";
    let (Some(a), Some(path)) = (common::corpus_analysis(rel), common::corpus_file(rel)) else { return };
    let s = &a.streams[0];
    let out = tshark_fields(
        &path,
        "tcp.stream == 0 && (tls.record.opaque_type == 23 || tls.record.content_type == 23)",
        &["frame.number", "tcp.srcport"],
    );
    let rows: Vec<(u32, u16)> = out.iter().map(|f| (f[0].parse().unwrap(), f[1].parse().unwrap())).collect();
    let client_first = rows.iter().find(|(_, p)| *p == s.client.port()).expect("the client's encrypted records").0;
    let server: Vec<u32> = rows.iter().filter(|(_, p)| *p == s.server.port()).map(|r| r.0).collect();
    let flight: Vec<u32> = server.iter().copied().filter(|&f| f < client_first).collect();
    assert!(flight.len() >= 2, "the flight spans frames {flight:?}");
    for f in &flight {
        assert!(tls(&a).iter().any(|t| t.frame == *f && t.kind == TlsKind::Handshake), "frame {f} holds handshake records");
    }
    for t in tls(&a) {
        if t.dir == Dir::Server && flight.contains(&t.frame) {
            assert_ne!(t.kind, TlsKind::ApplicationData, "frame {}", t.frame);
        }
        if t.dir == Dir::Server && t.frame > client_first && server.contains(&t.frame) {
            assert_eq!(t.kind, TlsKind::ApplicationData, "frame {}", t.frame);
        }
    }
}

/// RFC 9293 §3.10.7.4: bytes that arrive after later ones are out of order
/// only when they fill a hole; a segment whose every byte the receiver
/// already has is a second copy. In Suricata's smtp-bug-5989 frame 22's
/// sequence range lies inside frame 21's (read from tshark), so it fills
/// nothing: a retransmission (Wireshark's time rule calls it out-of-order).
#[test]
fn a_segment_inside_one_already_received_is_no_out_of_order_segment() {
    let rel = "OISF__suricata-verify/smtp-bug-5989__input.pcap";
    let (Some(a), Some(path)) = (common::corpus_analysis(rel), common::corpus_file(rel)) else { return };
    let out = tshark_fields(&path, "frame.number == 21 || frame.number == 22", &["tcp.seq_raw", "tcp.len"]);
    let r: Vec<(u64, u64)> = out.iter().map(|f| (f[0].parse().unwrap(), f[1].parse().unwrap())).collect();
    let ((s21, n21), (s22, n22)) = (r[0], r[1]);
    assert!(s22 >= s21 && s22 + n22 <= s21 + n21, "frame 22 lies inside frame 21");
    let t = a.streams[0]
        .items
        .iter()
        .find_map(|i| if let Item::Tcp(t) = i { (t.frame == 22).then_some(t) } else { None })
        .expect("a TCP event on frame 22");
    assert_eq!(t.event, postscope_core::model::TcpKind::Retransmission);
}

/// RFC 5321 §4.2, RFC 8314 §3: a plain SMTP server that is sent a TLS
/// ClientHello (Suricata's smtperr, stream 3, port 465) reads its bytes as
/// command lines and answers them; those replies answer bytes that are in the
/// capture, not a command the capture lacks, and not the server on its own.
#[test]
fn replies_to_tls_bytes_sent_to_a_plain_server_say_so() {
    let Some(a) = common::corpus_analysis("OISF__suricata-verify/smtperr.pcap") else { return };
    let s = a.streams.iter().find(|s| s.stream == 3).unwrap();
    let cx = Context::of(s);
    let replies: Vec<(&Line, String)> = s
        .items
        .iter()
        .filter_map(|i| if let Item::Line(l) = i { Some(l) } else { None })
        .filter(|l| l.dir == Dir::Server && l.frame > 149)
        .map(|l| (l, explain::render(&l.explain, &cx, Locale::En)))
        .collect();
    assert!(!replies.is_empty());
    for (l, said) in replies {
        assert_eq!(l.explain.key(), Some("smtp.reply.to_tls"), "{}", l.text);
        assert!(said.contains("TLS bytes the client sent (frame 151)") && !said.contains("on its own"), "{said}");
    }
}

/// RFC 1939 §5, §6: DELE only marks; RSET unmarks every mark, and QUIT's
/// UPDATE state removes what is still marked. pop3-dele-rset marks, STATs,
/// RSETs and quits: neither DELE's nor STAT's explanation may promise the
/// removal unconditionally.
#[test]
fn dele_and_stat_do_not_promise_a_removal_rset_can_undo() {
    let a = fixture("pop3-dele-rset.pcap");
    let lines = lines(&a);
    let (_, dele) = command(&lines, "DELE");
    assert!(dele.contains("unless RSET unmarks it first"), "{dele}");
    let (stat, _) = command(&lines, "STAT");
    let (_, said) = answer(&lines, stat);
    assert!(said.contains("unless RSET unmarks them first") && !said.contains("until QUIT removes them"), "{said}");
}

/// RFC 9051 §6.4.5: BODY[HEADER.FIELDS (list)] returns only the fields in
/// the list, not the whole header.
#[test]
fn header_fields_is_only_the_fields_listed() {
    let Some(a) = common::corpus_analysis("arkime__arkime/imap.pcap") else { return };
    let said: Vec<String> = all_said(&a).into_iter().filter(|(l, _)| l.text.contains("BODY[HEADER.FIELDS (")).map(|(_, s)| s).collect();
    assert!(!said.is_empty());
    for s in said {
        assert!(s.contains("only the header fields named in its list") && !s.contains("headers only"), "{s}");
    }
}

/// RFC 3030 §2, RFC 5321 §3.3: a BDAT refused before any MAIL FROM was
/// accepted refuses no message: no transaction is open.
#[test]
fn a_bdat_refused_with_no_transaction_affects_no_message() {
    let Some(a) = common::corpus_analysis("OISF__suricata-verify/smtp-bdat-bad-tail-reply-queue__input.pcap") else { return };
    let said = all_said(&a);
    let (_, s) = said.iter().find(|(l, _)| l.text.starts_with("501 5.5.4 Syntax: BDAT")).expect("the 501 to BDAT");
    assert!(s.contains("No mail transaction was open") && !s.contains("will not be delivered"), "{s}");
}

/// RFC 2034 §3 with RFC 2033 §4.1: in LMTP the client's hello is LHLO; the
/// ENHANCEDSTATUSCODES line must not call it a reply to EHLO.
#[test]
fn enhancedstatuscodes_in_lmtp_does_not_speak_of_ehlo_alone() {
    let a = fixture("lmtp-python.pcap");
    let said = all_said(&a);
    let (_, s) = said.iter().find(|(l, _)| l.text.contains("ENHANCEDSTATUSCODES")).expect("the keyword");
    assert!(s.contains("EHLO or LHLO"), "{s}");
}

/// RFC 9293 §3.10.7.4 and §3.8.1: a segment below the highest byte seen is
/// out of order only if it fills a hole below that byte; one that repeats
/// bytes already seen and carries new ones after them is partly a
/// retransmission, and its counts are the repeated and the new bytes. The
/// counts are derived from tshark's sequence numbers (the highest byte seen
/// before each frame, per direction), not from Postscope.
#[test]
fn a_segment_that_repeats_some_bytes_and_brings_new_ones_says_both_counts() {
    let cases = [
        ("snort3__snort3_demo/smtp-lorem.pcap", 16),
        ("OISF__suricata-verify/smtp-bug-5989__input.pcap", 25),
        ("OISF__suricata-verify/smtp-long-DATA-line__input.pcap", 26),
        ("zeek__zeek/smtp.pcap", 36),
    ];
    for (rel, want_frame) in cases {
        let (Some(a), Some(path)) = (common::corpus_analysis(rel), common::corpus_file(rel)) else { return };
        let out = tshark_fields(&path, "tcp.len > 0", &["frame.number", "tcp.stream", "tcp.srcport", "tcp.seq", "tcp.len"]);
        let mut highest: std::collections::HashMap<(u32, u16), u64> = Default::default();
        let mut expected = None;
        for row in out {
            let f: Vec<u64> = row.iter().map(|x| x.parse().unwrap()).collect();
            let (frame, key, seq, len) = (f[0] as u32, (f[1] as u32, f[2] as u16), f[3], f[4]);
            let h = highest.get(&key).copied().unwrap_or(0);
            if frame == want_frame {
                assert!(seq < h && seq + len > h, "{rel} frame {frame}: repeats some bytes and brings new ones");
                expected = Some((key.0, h - seq, seq + len - h));
            }
            highest.insert(key, h.max(seq + len));
        }
        let (stream, repeated, new) = expected.expect("the frame");
        let s = a.streams.iter().find(|s| s.stream == stream).unwrap();
        let cx = Context::of(s);
        let t = s
            .items
            .iter()
            .find_map(|i| if let Item::Tcp(t) = i { (t.frame == want_frame).then_some(t) } else { None })
            .expect("a TCP event");
        assert_eq!(t.explain.key(), Some("tcp.retransmission.partly_new"), "{rel} frame {want_frame}");
        let said = explain::render(&t.explain, &cx, Locale::En);
        assert!(said.contains(&format!("the first {repeated} bytes")) && said.contains(&format!("the other {new} are new")), "{said}");
    }
}
