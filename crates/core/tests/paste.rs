//! Pasted transcripts (`postscope_core::paste`) on real tool output: what
//! telnet, swaks, curl -v and openssl s_client printed against the lab's
//! Postfix and Dovecot (tests/fixtures/paste/, recorded in a terminal under
//! tmux). Each expectation names the rule that decides it.

mod common;

use postscope_core::explain::{self, Context, Locale};
use postscope_core::model::{Dir, Item, Line, LineKind, Protocol};
use postscope_core::paste::{self, Pasted, Sides, Tool};

fn read(name: &str) -> Pasted {
    let text = std::fs::read_to_string(common::root().join("tests/fixtures/paste").join(name)).unwrap();
    paste::read(&text)
}

fn lines(p: &Pasted) -> Vec<(&Line, String)> {
    let cx = Context::of(&p.stream);
    p.stream
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) => Some((l, explain::render(&l.explain, &cx, Locale::En))),
            _ => None,
        })
        .collect()
}

fn find<'a>(ls: &'a [(&'a Line, String)], text: &str) -> &'a (&'a Line, String) {
    ls.iter().find(|(l, _)| l.text == text).unwrap_or_else(|| panic!("no line {text:?}"))
}

fn limits(p: &Pasted) -> String {
    explain::plain(&paste::limits(p))
}

#[test]
fn telnet_smtp_sides_are_inferred_from_the_reply_codes() {
    let p = read("telnet-smtp.txt");
    assert_eq!((p.tool, p.sides, p.protocol), (Tool::Telnet, Sides::Inferred, Protocol::Smtp));
    // telnet's own lines and the shell's command line are not the conversation.
    assert_eq!(p.tool_lines, 5, "{:?}", p.lines.first());
    let ls = lines(&p);
    // RFC 5321 §4.2: every reply starts with a three-digit code; the server speaks first (§3.1, 220).
    let (greeting, said) = &ls[0];
    assert_eq!((greeting.dir, greeting.kind, greeting.verb.as_deref()), (Dir::Server, LineKind::Reply, Some("220")));
    assert!(said.contains("RFC 5321"), "{said}");
    let (ehlo, _) = find(&ls, "EHLO student.lab.example");
    assert_eq!((ehlo.dir, ehlo.kind), (Dir::Client, LineKind::Command));
    // RFC 5321 §4.2.3 / RFC 3463: 550 5.1.1 to RCPT is a permanent failure for that mailbox only.
    let (rcpt, _) = find(&ls, "RCPT TO:<nobody@lab.example>");
    let (reply, said) = ls.iter().find(|(l, _)| l.answers == Some(rcpt.number)).expect("the 550 answers the RCPT");
    assert_eq!((reply.dir, reply.verb.as_deref()), (Dir::Server, Some("550")));
    assert!(said.contains("5.1.1") && said.contains("bad destination mailbox address"), "{said}");
    // RFC 5321 §4.1.1.4: after 354 the client sends the message up to a line holding only a dot;
    // "Hello Bob, ..." has no reply code but is the client's anyway, and so are the headers.
    let (body, _) = find(&ls, "Hello Bob, this came through telnet.");
    assert_eq!((body.dir, body.kind), (Dir::Client, LineKind::Content));
    let (subject, said) = find(&ls, "Subject: typed by hand");
    assert_eq!((subject.dir, subject.kind), (Dir::Client, LineKind::Content));
    assert!(said.to_lowercase().contains("subject"), "{said}");
    let (queued, _) = find(&ls, "250 2.0.0 Ok: queued as 3B408A10636");
    assert_eq!(queued.dir, Dir::Server);
    // The message record, as from a capture.
    assert!(p.stream.items.iter().any(|i| matches!(i, Item::Message(m) if m.subject.as_deref() == Some("typed by hand"))));
    let l = limits(&p);
    assert!(l.contains("not a capture") && l.contains("TCP") && l.contains("inferred") && l.contains("telnet"), "{l}");
}

#[test]
fn swaks_markers_give_the_sides_and_tls_is_marked() {
    let p = read("swaks-starttls-auth-plain.txt");
    assert_eq!((p.tool, p.sides, p.protocol), (Tool::Swaks, Sides::Marked, Protocol::Smtp));
    let ls = lines(&p);
    let (starttls, _) = find(&ls, "STARTTLS");
    assert!(!starttls.decrypted);
    // RFC 3207 §4.2: after TLS starts the client must send EHLO again; swaks marks it ~> (inside TLS).
    let second_ehlo = ls.iter().filter(|(l, _)| l.text == "EHLO vm").nth(1).expect("a second EHLO");
    assert!(second_ehlo.0.decrypted, "{:?}", second_ehlo.0);
    assert!(second_ehlo.1.contains("inside TLS"), "{}", second_ehlo.1);
    // Never "decrypted with the key log": there was none.
    assert!(ls.iter().all(|(_, s)| !s.contains("key log")), "a paste has no key log");
    assert_eq!(p.stream.tls_from_frame, Some(second_ehlo.0.frame));
    // RFC 4954 §4 + RFC 4616 §2: AUTH PLAIN's initial response is base64 of authzid NUL authcid NUL passwd.
    let creds: Vec<_> = p.stream.items.iter().filter_map(|i| if let Item::Credential(c) = i { Some(c) } else { None }).collect();
    assert_eq!(creds.len(), 1);
    assert_eq!((creds[0].username.as_deref(), creds[0].password.as_deref()), (Some("alice@lab.example"), Some("wonderland")));
    // RFC 4954 §6: 235 means the authentication succeeded.
    assert_eq!(creds[0].accepted, Some(true));
    let l = limits(&p);
    assert!(l.contains("swaks' own markers") && !l.contains("inferred"), "{l}");
    // "=== Trying 127.0.0.1:25..." names the server's port.
    assert_eq!(p.stream.server.port(), 25);
}

#[test]
fn swaks_error_marker_is_the_servers_reply() {
    let p = read("swaks-rejected-recipient.txt");
    let ls = lines(&p);
    // swaks prints a 5xx reply with <** instead of <-; it is still the server's (RFC 5321 §4.2.1: 5yz is a permanent failure).
    let (reply, said) = ls.iter().find(|(l, _)| l.verb.as_deref() == Some("550")).expect("the 550");
    assert_eq!(reply.dir, Dir::Server);
    assert!(said.contains("5.1.1"), "{said}");
}

#[test]
fn swaks_auth_login_decodes_the_base64_prompts_and_answers() {
    let p = read("swaks-auth-login.txt");
    let ls = lines(&p);
    // RFC 4954 §4: 334 carries a base64 challenge; the LOGIN mechanism's prompts are "Username:" and "Password:".
    let (prompt, _) = find(&ls, "334 VXNlcm5hbWU6");
    assert_eq!(prompt.decoded.as_deref(), Some("Username:"));
    let (answer, _) = find(&ls, "d29uZGVybGFuZA==");
    assert_eq!((answer.dir, answer.kind, answer.decoded.as_deref()), (Dir::Client, LineKind::Sasl, Some("wonderland")));
}

#[test]
fn curl_markers_and_the_data_it_did_not_print() {
    let p = read("curl-smtp.txt");
    assert_eq!((p.tool, p.sides, p.protocol), (Tool::Curl, Sides::Marked, Protocol::Smtp));
    assert_eq!(p.stream.server.port(), 25, "from curl's '*   Trying 127.0.0.1:25...'");
    let ls = lines(&p);
    assert_eq!(find(&ls, "MAIL FROM:<alice@lab.example> SIZE=88").0.dir, Dir::Client);
    // curl printed "} [88 bytes data]" for the message, so the paste has no message lines.
    assert!(ls.iter().all(|(l, _)| l.kind != LineKind::Content));
    assert!(ls.iter().all(|(l, _)| !l.text.contains("bytes data")));
    // The reply after DATA's 354 still answers the transfer (RFC 5321 §4.1.1.4: 250 after the final dot).
    let (queued, _) = find(&ls, "250 2.0.0 Ok: queued as 2E9EDA10494");
    assert_eq!(queued.dir, Dir::Server);
    assert!(limits(&p).contains("[N bytes data]"));
}

#[test]
fn curl_pop3_with_cram_md5() {
    let p = read("curl-pop3.txt");
    assert_eq!((p.tool, p.protocol), (Tool::Curl, Protocol::Pop3));
    let ls = lines(&p);
    // RFC 1939 §9: -ERR is a negative status indicator.
    let (err, _) = find(&ls, "-ERR There's no message 1.");
    assert_eq!((err.dir, err.kind), (Dir::Server, LineKind::Reply));
    // RFC 2449 §5: the CAPA reply is multi-line, ending with a dot.
    assert_eq!(find(&ls, "SASL PLAIN LOGIN CRAM-MD5").0.dir, Dir::Server);
}

#[test]
fn telnet_pop3_multiline_replies_belong_to_the_server() {
    let p = read("telnet-pop3.txt");
    assert_eq!((p.tool, p.sides, p.protocol), (Tool::Telnet, Sides::Inferred, Protocol::Pop3));
    let ls = lines(&p);
    // RFC 1939 §5: STAT's answer is "+OK nn mm", the number of messages and their size in octets.
    let (stat, said) = find(&ls, "+OK 4 2152");
    assert_eq!(stat.dir, Dir::Server);
    assert!(said.contains('4') && said.contains("2152"), "{said}");
    // RFC 1939 §5: LIST without an argument answers multi-line, one "n size" line per message, then ".".
    for l in ["1 507", "2 691", "3 464", "4 490"] {
        assert_eq!(find(&ls, l).0.dir, Dir::Server, "{l}");
    }
    // RFC 1939 §7: TOP's answer holds the headers; "Return-Path: ..." is the server's, not a client command.
    assert_eq!(find(&ls, "Return-Path: <alice@lab.example>").0.dir, Dir::Server);
    assert_eq!(find(&ls, "QUIT").0.dir, Dir::Client);
    // RFC 1939 §7: PASS's argument is the password, in the clear.
    assert!(p.stream.items.iter().any(|i| matches!(i, Item::Credential(c) if c.password.as_deref() == Some("hunter2"))));
}

#[test]
fn telnet_imap_tags_and_literals() {
    let p = read("telnet-imap.txt");
    assert_eq!((p.tool, p.protocol), (Tool::Telnet, Protocol::Imap));
    let ls = lines(&p);
    // RFC 9051 §2.2.2: a tagged status response repeats the command's tag.
    let (ok, _) = ls.iter().find(|(l, _)| l.text.starts_with("a2 OK")).unwrap();
    assert_eq!(ok.dir, Dir::Server);
    assert_eq!(find(&ls, "a2 LOGIN bob@lab.example hunter2").0.dir, Dir::Client);
    // RFC 9051 §4.3: {61} announces 61 octets of literal from the server: the two header lines and the blank line.
    assert_eq!(find(&ls, "Subject: swaks AUTH LOGIN lesson").0.dir, Dir::Server);
    assert_eq!(find(&ls, ")").0.dir, Dir::Server);
    // RFC 9051 §7.3.1: "* 4 EXISTS" is the number of messages in the mailbox.
    let (exists, said) = find(&ls, "* 4 EXISTS");
    assert_eq!(exists.dir, Dir::Server);
    assert!(said.contains('4'), "{said}");
}

#[test]
fn openssl_starttls_leaves_out_its_reports_and_everything_is_inside_tls() {
    let p = read("openssl-starttls-smtp.txt");
    assert_eq!((p.tool, p.protocol, p.starttls_by_tool), (Tool::Openssl, Protocol::Smtp, true));
    let ls = lines(&p);
    assert!(ls.iter().all(|(l, _)| l.decrypted));
    assert!(ls.iter().all(|(l, _)| !l.text.starts_with("depth=") && !l.text.starts_with("verify")));
    // The first line is the end of the reply to openssl's own EHLO (RFC 5321 §4.2.1: "250 " ends a multiline reply).
    assert_eq!((ls[0].0.text.as_str(), ls[0].0.dir), ("250 CHUNKING", Dir::Server));
    // RFC 4954 §4: each 334 is followed by the client's base64 answer (the password here).
    assert_eq!(find(&ls, "d29uZGVybGFuZA==").0.dir, Dir::Client);
    assert!(limits(&p).contains("-starttls"));

    let p = read("openssl-starttls-smtp-full.txt");
    let ls = lines(&p);
    assert!(
        ls.iter().all(|(l, _)| !l.text.starts_with("MII") && !l.text.contains("Session-ID") && !l.text.contains("RENEGOTIATING")),
        "openssl's reports left out"
    );
    assert_eq!(find(&ls, "EHLO student.lab.example").0.dir, Dir::Client);
    assert!(p.tool_lines > 40, "{}", p.tool_lines);
}

#[test]
fn tshark_follow_nodes() {
    // tshark -z follow,tcp,ascii: node 1's chunks are tab-indented (the format tshark prints).
    let text = "\n===================================================================\nFollow: tcp,ascii\nFilter: tcp.stream eq 0\nNode 0: 127.0.0.1:40000\nNode 1: 127.0.0.1:110\n\t28\n\t+OK Postscope lab ready.\n\n6\nCAPA\n\n";
    let p = paste::read(text);
    assert_eq!((p.tool, p.sides, p.protocol), (Tool::TsharkFollow, Sides::Marked, Protocol::Pop3));
    assert_eq!(
        p.lines.iter().map(|l| (l.dir, l.text.as_str())).collect::<Vec<_>>(),
        [(Dir::Server, "+OK Postscope lab ready."), (Dir::Client, "CAPA")]
    );
}

#[test]
fn nothing_mail_like_says_so() {
    let p = paste::read("hello\nworld\n");
    assert_eq!(p.protocol, Protocol::Unknown);
    assert!(limits(&p).contains("Nothing in this paste"));
    let p = paste::read("");
    assert!(p.lines.is_empty());
}

#[test]
fn a_huge_paste_is_cut_and_counted() {
    let mut text = String::from("220 x ESMTP\n");
    for _ in 0..paste::MAX_LINES + 10 {
        text.push_str("NOOP\n");
    }
    let p = paste::read(&text);
    assert_eq!(p.cut, 11);
    assert!(limits(&p).contains("last 11 lines"));
}
