//! Framing and explanation of the three protocols on hand-made sessions:
//! each test feeds a session byte runs as TCP would deliver them and looks at
//! the lines that come out. Cases where Wireshark 4.x gets it wrong say so.

use super::imap::Imap;
use super::pop3::Pop3;
use super::smtp::Smtp;
use super::{Out, Session};
use crate::explain::{self, Context, Locale};
use crate::model::{Credential, Dir, Item, Line, LineKind, Protocol};
use std::ops::Deref;

const C: Dir = Dir::Client;
const S: Dir = Dir::Server;

/// What a session produced, with the conversation's context for rendering.
struct Ran {
    items: Vec<Item>,
    cx: Context,
}

/// An item as a reader sees it: its facts, and its explanation rendered in its conversation.
struct Shown<'a, T> {
    item: &'a T,
    explain: String,
}

impl<T> Deref for Shown<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.item
    }
}

impl Shown<'_, Line> {
    /// The catalogue key that decided the line's explanation.
    fn key(&self) -> Option<&'static str> {
        self.item.explain.key()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Shown<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} -- {}", self.item, self.explain)
    }
}

/// Feeds `script` (direction, bytes; frames numbered from 1) and returns the items.
fn run(mut session: impl Session, protocol: Protocol, script: &[(Dir, &[u8])]) -> Ran {
    let mut items = Vec::new();
    let mut tls_from = None;
    let mut count = 0;
    let mut decrypted = [false; 2];
    let mut out = Out {
        stream: 0,
        protocol,
        items: &mut items,
        tls_from: &mut tls_from,
        lines: &mut count,
        keys: None,
        decrypted: &mut decrypted,
        snaplen: false,
        partial: false,
        unit: Vec::new(),
        line_spans: None,
        cut: false,
        counted: None,
        message_contents: true,
    };
    for (i, (dir, bytes)) in script.iter().enumerate() {
        session.data(*dir, bytes, i as u32 + 1, 0, &mut out);
    }
    session.finish(&mut out);
    let cx = Context::new(protocol, &items, tls_from, 0);
    Ran { items, cx }
}

fn lines(ran: &Ran) -> Vec<Shown<'_, Line>> {
    ran.items
        .iter()
        .filter_map(|i| {
            if let Item::Line(l) = i {
                Some(Shown { item: l, explain: explain::render(&l.explain, &ran.cx, Locale::En) })
            } else {
                None
            }
        })
        .collect()
}

fn creds(ran: &Ran) -> Vec<Shown<'_, Credential>> {
    ran.items
        .iter()
        .filter_map(|i| {
            if let Item::Credential(c) = i {
                Some(Shown { item: &**c, explain: explain::render(&c.explain, &ran.cx, Locale::En) })
            } else {
                None
            }
        })
        .collect()
}

fn line<'a>(ran: &'a Ran, text: &str) -> Shown<'a, Line> {
    lines(ran).into_iter().find(|l| l.text == text).unwrap_or_else(|| panic!("no line {text:?} in {:#?}", lines(ran)))
}

fn smtp(script: &[(Dir, &[u8])]) -> Ran {
    run(Smtp::default(), Protocol::Smtp, script)
}

fn pop3(script: &[(Dir, &[u8])]) -> Ran {
    run(Pop3::default(), Protocol::Pop3, script)
}

fn imap(script: &[(Dir, &[u8])]) -> Ran {
    run(Imap::default(), Protocol::Imap, script)
}

// ---------------------------------------------------------------- SMTP

/// Wireshark shows pipelined commands in one segment joined, without labels.
#[test]
fn pipelined_commands_in_one_segment_are_separate_lines_matched_to_their_replies() {
    let items = smtp(&[
        (S, b"220 mx ESMTP\r\n"),
        (C, b"EHLO c\r\n"),
        (S, b"250-mx\r\n250-PIPELINING\r\n250 SIZE 1000\r\n"),
        (C, b"MAIL FROM:<a@x> SIZE=12\r\nRCPT TO:<b@y>\r\nRCPT TO:<c@z>\r\nDATA\r\n"),
        (S, b"250 2.1.0 Ok\r\n550 5.1.1 <b@y>: no such user\r\n250 2.1.5 Ok\r\n354 go\r\n"),
        (C, b"Subj"),
        (C, b"ect: hi\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n"),
        (S, b"250 2.0.0 Ok: queued as 4F2A1\r\n221 bye\r\n"),
    ]);
    let cmds: Vec<_> = lines(&items).into_iter().filter(|l| l.kind == LineKind::Command).map(|l| l.verb.clone().unwrap()).collect();
    assert_eq!(cmds, ["EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"]);
    assert!(line(&items, "MAIL FROM:<a@x> SIZE=12").explain.contains("SIZE=12: the message will be about 12 bytes"));
    assert!(line(&items, "250 2.1.0 Ok").explain.contains("accepts <a@x> as the envelope sender"));
    let refused = line(&items, "550 5.1.1 <b@y>: no such user").explain.clone();
    assert!(refused.contains("refuses mail for <b@y>"), "{refused}");
    assert!(refused.contains("5.1.1: permanent failure, addressing status: bad destination mailbox address"), "{refused}");
    assert!(line(&items, "250 2.1.5 Ok").explain.contains("accepts mail for <c@z>"));
    assert!(line(&items, "250-PIPELINING").explain.starts_with("PIPELINING: the client may send several commands"));
    assert!(line(&items, "250 SIZE 1000").explain.starts_with("SIZE 1000: the largest message"));
    // A line split across two segments is one line, from the frame of its first byte.
    let subject = line(&items, "Subject: hi");
    assert_eq!((subject.kind, subject.frame), (LineKind::Content, 6));
    let stuffed = line(&items, "..leading dot");
    assert!(stuffed.explain.contains("dot-stuffing"), "{stuffed:?}");
    assert!(line(&items, ".").explain.contains("end of the message"));
    assert!(line(&items, "250 2.0.0 Ok: queued as 4F2A1").explain.contains("queue id for it is 4F2A1"));
    assert!(line(&items, "221 bye").explain.contains("goodbye"));
}

#[test]
fn a_multi_line_greeting_and_an_unknown_command() {
    let items = smtp(&[
        (S, b"220-mx.example ESMTP\r\n220-no spam here\r\n220 welcome\r\n"),
        (C, b"XYZZY now\r\nFROB\r\n"),
        (S, b"502 5.5.2 not implemented\r\n250 ok?\r\n"),
    ]);
    assert!(line(&items, "220-mx.example ESMTP").explain.starts_with("220 greeting"));
    assert!(line(&items, "220 welcome").explain.contains("multi-line reply"));
    let x = line(&items, "XYZZY now");
    assert_eq!(x.verb.as_deref(), Some("XYZZY"));
    assert!(
        x.explain.contains("vendor command") && x.explain.contains("the server answered 502, so it did not know it either"),
        "{}",
        x.explain
    );
    let f = line(&items, "FROB");
    assert!(f.explain.contains("FROB is not a standard SMTP command; the server answered 250"), "{}", f.explain);
}

/// BDAT chunks are counted, not read as lines: Wireshark labels the chunk "DATA fragment".
#[test]
fn bdat_chunks_are_counted_bytes_and_invalid_sizes_read_no_bytes() {
    let items = smtp(&[
        (S, b"220 mx ESMTP\r\n"),
        (C, b"BDAT 18\r\nQUIT\r\nRSET\r\nDATA\r\n"),
        (C, b"BDAT 0 LAST\r\n"),
        (S, b"250 2.0.0 18 bytes\r\n250 2.0.0 Ok: queued as AB12\r\n"),
        (C, b"BDAT 5 X\r\nRSET\r\n"),
        (C, b"BDAT -1 LAST\r\nNOOP\r\n"),
        (C, b"BDAT 15555555557777777777 LAST\r\nNOOP\r\n"),
        (C, b"BDAT 99999999999999999999999 LAST\r\nQUIT\r\n"),
        (S, b"501 5.5.4 Syntax: BDAT count [LAST]\r\n250 ok\r\n"),
    ]);
    let chunk: Vec<_> = lines(&items).into_iter().filter(|l| l.kind == LineKind::Content).map(|l| l.item.text.as_str()).collect();
    assert_eq!(chunk, ["QUIT", "RSET", "DATA"], "the 18 bytes of the chunk are message content");
    assert!(line(&items, "BDAT 18").explain.starts_with("BDAT 18: sends the next 18 bytes"));
    assert!(line(&items, "BDAT 0 LAST").explain.starts_with("BDAT 0 LAST: an empty last chunk"));
    assert!(line(&items, "250 2.0.0 18 bytes").explain.contains("received the chunk of 18 bytes"));
    assert!(line(&items, "250 2.0.0 Ok: queued as AB12").explain.contains("the last chunk"));
    assert!(line(&items, "BDAT 5 X").explain.contains("only the word LAST may follow"));
    assert!(line(&items, "BDAT -1 LAST").explain.contains("must be a decimal number"));
    assert!(line(&items, "BDAT 15555555557777777777 LAST").explain.contains("larger than any server can count"));
    assert!(line(&items, "BDAT 99999999999999999999999 LAST").explain.contains("larger than any server can count"));
    let after: Vec<_> = lines(&items).into_iter().filter(|l| l.kind == LineKind::Command).map(|l| l.verb.clone().unwrap()).collect();
    assert_eq!(after, ["BDAT", "BDAT", "BDAT", "RSET", "BDAT", "NOOP", "BDAT", "NOOP", "BDAT", "QUIT"]);
    let r501 = line(&items, "501 5.5.4 Syntax: BDAT count [LAST]").explain.clone();
    // No MAIL FROM was accepted in this session: no transaction is open, so no message is refused (RFC 5321 §3.3, RFC 3030 §2).
    assert!(r501.contains("No mail transaction was open") && r501.contains("invalid command arguments"), "{r501}");
}

/// Wireshark does not decode the 334 VXNlcm5hbWU6 prompt, nor AUTH PLAIN by default.
#[test]
fn auth_login_prompts_and_plain_initial_response_are_decoded() {
    let items = smtp(&[
        (S, b"220 mx ESMTP\r\n"),
        (C, b"AUTH LOGIN\r\n"),
        (S, b"334 VXNlcm5hbWU6\r\n"),
        (C, b"Ym9i\r\n"),
        (S, b"334 UGFzc3dvcmQ6\r\n"),
        (C, b"aHVudGVyMg==\r\n"),
        (S, b"535 5.7.8 Error: authentication failed\r\n"),
        (C, b"AUTH PLAIN AGJvYgBodW50ZXIy\r\n"),
        (S, b"235 2.7.0 ok\r\n"),
        (C, b"AUTH PLAIN\r\n"),
        (S, b"334 \r\n"),
        (C, b"AGJvYgBodW50ZXIz\r\n"),
        (S, b"235 2.7.0 ok\r\n"),
    ]);
    let prompt = line(&items, "334 VXNlcm5hbWU6");
    assert_eq!(prompt.decoded.as_deref(), Some("Username:"));
    assert!(prompt.explain.contains("decodes to \"Username:\""));
    assert_eq!(line(&items, "Ym9i").decoded.as_deref(), Some("bob"));
    assert!(line(&items, "aHVudGVyMg==").explain.contains("the password"));
    assert!(line(&items, "535 5.7.8 Error: authentication failed").explain.contains("authentication credentials invalid"));
    let plain = line(&items, "AUTH PLAIN AGJvYgBodW50ZXIy");
    assert_eq!(plain.decoded.as_deref(), Some("\\0bob\\0hunter2"));
    let c = creds(&items);
    let got: Vec<_> = c.iter().map(|c| (c.mechanism.as_str(), c.username.as_deref(), c.password.as_deref(), c.accepted)).collect();
    assert_eq!(
        got,
        [
            ("LOGIN", Some("bob"), Some("hunter2"), Some(false)),
            ("PLAIN", Some("bob"), Some("hunter2"), Some(true)),
            ("PLAIN", Some("bob"), Some("hunter3"), Some(true))
        ]
    );
}

#[test]
fn cram_md5_and_xoauth2_say_what_crossed_the_wire() {
    let items = smtp(&[
        (S, b"220 mx ESMTP\r\n"),
        (C, b"AUTH CRAM-MD5\r\n"),
        (S, b"334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n"),
        (C, b"dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n"),
        (S, b"235 ok\r\n"),
        (C, b"AUTH XOAUTH2 dXNlcj1hbGljZUBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnRva2VuAQE=\r\n"),
        (S, b"235 ok\r\n"),
    ]);
    assert!(line(&items, "AUTH CRAM-MD5").explain.contains("attacked offline"));
    let answer = line(&items, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
    assert!(answer.explain.contains("HMAC-MD5 digest"));
    let c = creds(&items);
    assert_eq!(
        (c[0].username.as_deref(), c[0].password.as_deref(), c[0].secret.as_deref()),
        (Some("tim"), None, Some("b913a602c7eda7a495b4e6e7334d3890"))
    );
    assert!(c[0].explain.contains("did not cross the wire"));
    assert_eq!(
        (c[1].mechanism.as_str(), c[1].username.as_deref(), c[1].secret.as_deref()),
        ("XOAUTH2", Some("alice@example.com"), Some("Bearer ya29.token"))
    );
    assert!(c[1].explain.contains("bearer token"));
}

// ---------------------------------------------------------------- POP3

#[test]
fn pop3_multi_line_responses_end_at_the_lone_dot() {
    let items = pop3(&[
        (S, b"+OK ready <1.2@host>\r\n"),
        (C, b"CAPA\r\n"),
        (S, b"+OK\r\nTOP\r\nUSER\r\nSASL PLAIN LOGIN\r\nRESP-CODES\r\nEXPIRE 30\r\nX-FANCY\r\n.\r\n"),
        (C, b"USER bob\r\nPASS hunter2\r\n"),
        (S, b"+OK\r\n-ERR [IN-USE] mailbox locked\r\n"),
        (C, b"LIST\r\nLIST 2\r\nRETR 1\r\n"),
        (S, b"+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n+OK 2 200\r\n+OK 120 octets\r\nSubject: x\r\n\r\n..dot\r\nQUIT\r\n.\r\n"),
        (C, b"QUIT\r\n"),
        (S, b"+OK bye\r\n"),
    ]);
    assert!(line(&items, "+OK ready <1.2@host>").explain.contains("APOP"));
    assert!(line(&items, "SASL PLAIN LOGIN").explain.starts_with("SASL PLAIN LOGIN: the server accepts AUTH logins"));
    assert!(line(&items, "EXPIRE 30").explain.contains("at least 30 days"));
    assert!(line(&items, "X-FANCY").explain.contains("vendor capability"));
    assert!(line(&items, "-ERR [IN-USE] mailbox locked").explain.contains("[IN-USE]: another session"));
    assert!(line(&items, "1 120").explain.contains("Message 1 is 120 bytes"));
    assert!(line(&items, "+OK 2 200").explain.contains("message 2 is 200 bytes"));
    // Inside RETR, "QUIT" is a line of the message; the dot-stuffed line is said to be.
    let quit_in_message = lines(&items).into_iter().find(|l| l.text == "QUIT" && l.dir == S).unwrap();
    assert_eq!(quit_in_message.kind, LineKind::Content);
    assert!(line(&items, "..dot").explain.contains("byte-stuffing"));
    assert!(line(&items, "+OK bye").explain.contains("goodbye"));
    let c = creds(&items);
    assert_eq!((c[0].mechanism.as_str(), c[0].password.as_deref(), c[0].accepted), ("USER", Some("hunter2"), Some(false)));
}

/// RFC 2449 §6.7: EXPIRE's argument is the server-guaranteed minimum retention
/// in days for messages already retrieved, NEVER (the server does not delete
/// them) or 0 (they may go once downloaded); §6.5: LOGIN-DELAY's is the
/// minimum seconds between logins; in both, a following USER says the value
/// may differ per user.
#[test]
fn pop3_expire_and_login_delay_say_what_their_values_promise() {
    let items = pop3(&[
        (S, b"+OK ready\r\n"),
        (C, b"CAPA\r\n"),
        (S, b"+OK\r\nEXPIRE 60 USER\r\nEXPIRE NEVER\r\nEXPIRE 0\r\nLOGIN-DELAY 900 USER\r\nLOGIN-DELAY 30\r\n.\r\n"),
    ]);
    let e = line(&items, "EXPIRE 60 USER").explain;
    assert!(e.starts_with("EXPIRE 60: the server keeps a downloaded message at least 60 days; after that it may delete it."), "{e}");
    assert!(e.contains("USER: the value can be different for each user.") && !e.contains("60 USER days"), "{e}");
    let e = line(&items, "EXPIRE NEVER").explain;
    assert!(e.starts_with("EXPIRE NEVER: the server does not delete messages on its own") && !e.contains("days"), "{e}");
    let e = line(&items, "EXPIRE 0").explain;
    assert!(e.starts_with("EXPIRE 0: the server may delete a message as soon as it has been downloaded"), "{e}");
    let e = line(&items, "LOGIN-DELAY 900 USER").explain;
    assert!(
        e.starts_with("LOGIN-DELAY 900: a client must wait at least 900 seconds") && e.contains("USER: the value can be different"),
        "{e}"
    );
    let e = line(&items, "LOGIN-DELAY 30").explain;
    assert!(!e.contains("USER"), "{e}");
}

/// A count of one reads as well as a count of many: RFC 1939 §5 (STAT's
/// +OK gives the number of messages and their size), RFC 9051 §7.4.1
/// (EXISTS: the number of messages in the mailbox), RFC 3501 §7.3.2
/// (RECENT: the number with \\Recent set); and RFC 9051 §7.1.1 with §3.1: after
/// an OK greeting the client is not authenticated and must log in before it
/// can select a mailbox (it may send CAPABILITY or STARTTLS first).
#[test]
fn counts_of_one_and_the_imap_greeting_read_right() {
    let p = pop3(&[(S, b"+OK ready\r\n"), (C, b"STAT\r\n"), (S, b"+OK 1 236\r\n")]);
    assert_eq!(line(&p, "+OK 1 236").explain, "+OK: messages in the mailbox: 1, 236 bytes in all. [RFC 1939 §5]");
    let i = imap(&[(S, b"* OK ready\r\n"), (C, b"a1 SELECT INBOX\r\n"), (S, b"* 1 EXISTS\r\n* 1 RECENT\r\na1 OK [READ-WRITE] done\r\n")]);
    let greeting = line(&i, "* OK ready").explain;
    assert!(
        greeting.starts_with("* OK greeting: the IMAP server is ready and the client is not logged in yet: it must log in"),
        "{greeting}"
    );
    assert!(!greeting.contains("log in next"), "{greeting}");
    assert_eq!(line(&i, "* 1 EXISTS").explain, "* 1 EXISTS: the number of messages in the mailbox is now 1. [RFC 9051 §7.4.1]");
    let recent = line(&i, "* 1 RECENT").explain;
    assert!(recent.starts_with("* 1 RECENT: the number of messages that arrived since the last session is 1 "), "{recent}");
}

#[test]
fn pop3_auth_plain_after_a_continuation() {
    let items =
        pop3(&[(S, b"+OK hi\r\n"), (C, b"AUTH PLAIN\r\n"), (S, b"+ \r\n"), (C, b"AGJvYgBodW50ZXIy\r\n"), (S, b"+OK logged in\r\n")]);
    assert_eq!(line(&items, "AGJvYgBodW50ZXIy").kind, LineKind::Sasl);
    let c = creds(&items);
    assert_eq!((c[0].username.as_deref(), c[0].password.as_deref(), c[0].accepted), (Some("bob"), Some("hunter2"), Some(true)));
}

// ---------------------------------------------------------------- IMAP

/// A FETCH BODY[] literal is message content, even when its lines look like commands.
#[test]
fn a_server_literal_is_content_and_the_response_goes_on_after_it() {
    let body = b"Subject: hi\r\n\r\na2 LOGOUT\r\n* BYE\r\n";
    let mut fetch = format!("* 1 FETCH (UID 7 FLAGS (\\Seen) BODY[HEADER.FIELDS (FROM TO)] {{{}}}\r\n", body.len()).into_bytes();
    fetch.extend_from_slice(body);
    fetch.extend_from_slice(b")\r\na1 OK done\r\n");
    let items =
        imap(&[(S, b"* OK IMAP4rev1 ready\r\n"), (C, b"a1 UID FETCH 7 (FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO)])\r\n"), (S, &fetch)]);
    let cmd = line(&items, "a1 UID FETCH 7 (FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO)])");
    // RFC 9051 §6.4.5: HEADER.FIELDS returns only the fields named in its list.
    assert!(cmd.explain.contains("FLAGS") && cmd.explain.contains("only the header fields named in its list"), "{}", cmd.explain);
    let head = lines(&items).into_iter().find(|l| l.text.starts_with("* 1 FETCH")).unwrap();
    assert!(head.explain.contains("UID 7 (its permanent unique id)") && head.explain.contains("FLAGS (\\Seen)"), "{}", head.explain);
    assert!(head.explain.contains(&format!("literal of {} bytes", body.len())), "{}", head.explain);
    for t in ["a2 LOGOUT", "* BYE"] {
        assert_eq!(line(&items, t).kind, LineKind::Content, "{t} is inside the literal");
    }
    assert!(line(&items, ")").explain.contains("closing parenthesis of the FETCH response"));
    assert!(line(&items, "a1 OK done").explain.contains("all the requested message data"));
}

/// Wireshark parses an APPEND literal as commands ("Request Tag: Subject:").
#[test]
fn a_client_append_literal_is_a_message_not_commands() {
    let msg = b"Subject: notes\r\n\r\nb1 DELETE INBOX\r\n";
    let mut append = format!("b1 APPEND Sent (\\Seen) {{{}}}\r\n", msg.len()).into_bytes();
    let mut rest = msg.to_vec();
    rest.extend_from_slice(b"\r\nb2 NOOP\r\n");
    append.truncate(append.len());
    let items =
        imap(&[(S, b"* OK ready\r\n"), (C, &append), (S, b"+ OK\r\n"), (C, &rest), (S, b"b1 OK [APPENDUID 38505 3955] done\r\nb2 OK\r\n")]);
    let plus = &line(&items, "+ OK").explain;
    assert!(plus.contains(&format!("ready for the literal the client announced ({} bytes)", msg.len())), "{plus}");
    assert_eq!(line(&items, "Subject: notes").kind, LineKind::Content);
    assert_eq!(line(&items, "b1 DELETE INBOX").kind, LineKind::Content);
    let end = lines(&items).into_iter().find(|l| l.text.is_empty() && l.kind == LineKind::Command).expect("the line that ends APPEND");
    assert_eq!(end.verb.as_deref(), Some("APPEND"));
    assert!(end.explain.contains("The rest of the APPEND command"), "{}", end.explain);
    assert_eq!(line(&items, "b2 NOOP").verb.as_deref(), Some("NOOP"));
    let ok = line(&items, "b1 OK [APPENDUID 38505 3955] done");
    assert!(ok.explain.contains("got UID 3955 in the mailbox whose UID validity is 38505"), "{}", ok.explain);
}

/// LITERAL+ ({n+}) does not wait for a continuation.
#[test]
fn a_non_synchronising_literal_follows_at_once() {
    let items = imap(&[(S, b"* OK ready\r\n"), (C, b"c1 SELECT {5+}\r\nInbox\r\nc2 NOOP\r\n"), (S, b"c1 OK [READ-WRITE] ok\r\nc2 OK\r\n")]);
    assert_eq!(line(&items, "Inbox").kind, LineKind::Content);
    assert_eq!(line(&items, "c2 NOOP").verb.as_deref(), Some("NOOP"));
    assert!(line(&items, "c1 OK [READ-WRITE] ok").explain.contains("[READ-WRITE]: the mailbox is open for reading and changing"));
}

/// Wireshark strips the first and last character of a LOGIN password.
#[test]
fn login_with_quoted_strings_and_with_a_literal_password() {
    let items = imap(&[
        (S, b"* OK ready\r\n"),
        (C, b"a1 LOGIN \"bob\" \"hunter2\"\r\n"),
        (S, b"a1 NO [AUTHENTICATIONFAILED] nope\r\n"),
        (C, b"a2 LOGIN bob {7}\r\n"),
        (S, b"+ go on\r\n"),
        (C, b"h\"nter2\r\n"),
        (S, b"a2 OK logged in\r\n"),
    ]);
    let c = creds(&items);
    let got: Vec<_> = c.iter().map(|c| (c.username.as_deref(), c.password.as_deref(), c.accepted)).collect();
    assert_eq!(got, [(Some("bob"), Some("hunter2"), Some(false)), (Some("bob"), Some("h\"nter2"), Some(true))]);
    assert!(line(&items, "a1 NO [AUTHENTICATIONFAILED] nope").explain.contains("the login failed"));
    assert!(line(&items, "h\"nter2").explain.contains("username or password of the LOGIN"));
    let end = lines(&items).into_iter().find(|l| l.text.is_empty() && l.kind == LineKind::Command).expect("the end of LOGIN");
    assert!(end.explain.contains("logs in as bob with the password \"h\"nter2\""), "{}", end.explain);
}

#[test]
fn idle_done_authenticate_and_capabilities() {
    let items = imap(&[
        (S, b"* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN IDLE X-GM-EXT-1 FROBNICATE] ready\r\n"),
        (C, b"a1 AUTHENTICATE PLAIN AGJvYgBodW50ZXIy\r\n"),
        (S, b"a1 OK [CAPABILITY IMAP4rev1 IDLE MOVE] done\r\n"),
        (C, b"a2 IDLE\r\n"),
        (S, b"+ idling\r\n* 4 EXISTS\r\n"),
        (C, b"DONE\r\n"),
        (S, b"a2 OK IDLE terminated\r\n"),
    ]);
    let greeting = &lines(&items)[0].explain;
    for want in [
        "IMAP4rev1: the server speaks",
        "SASL-IR:",
        "AUTH=PLAIN: the client may log in with AUTHENTICATE PLAIN",
        "IDLE:",
        "X-GM-EXT-1: a vendor extension",
        "FROBNICATE: a capability Postscope does not know",
    ] {
        assert!(greeting.contains(want), "{want} missing from {greeting}");
    }
    assert_eq!(greeting.lines().count(), 7, "the greeting and its code, then one line per capability: {greeting}");
    assert_eq!(creds(&items)[0].password.as_deref(), Some("hunter2"));
    assert!(line(&items, "+ idling").explain.contains("confirms IDLE"));
    assert!(line(&items, "* 4 EXISTS").explain.contains("holds 4 messages"));
    assert_eq!(line(&items, "DONE").verb.as_deref(), Some("DONE"));
    assert!(line(&items, "a2 OK IDLE terminated").explain.contains("IDLE ended"));
}

#[test]
fn oauthbearer_names_the_user_and_keeps_the_token_as_the_secret() {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD
        .encode(b"n,a=carol@example.com,\x01host=mx\x01port=587\x01auth=Bearer vF9dft4qmT\x01\x01");
    let cmd = format!("AUTH OAUTHBEARER {b64}\r\n");
    let items = smtp(&[(S, b"220 mx ESMTP\r\n"), (C, cmd.as_bytes()), (S, b"235 ok\r\n")]);
    let c = creds(&items);
    assert_eq!(
        (c[0].mechanism.as_str(), c[0].username.as_deref(), c[0].secret.as_deref(), c[0].accepted),
        ("OAUTHBEARER", Some("carol@example.com"), Some("Bearer vF9dft4qmT"), Some(true))
    );
    assert!(line(&items, cmd.trim_end()).decoded.as_deref().unwrap().contains("auth=Bearer vF9dft4qmT"));
}

/// A client that sends QUIT while the server waits for the AUTH LOGIN username:
/// "QUIT" is valid Base64 and the server reads it as the username (it asks for
/// the password next), so it stays login data; a line with a space cannot be
/// Base64 and ends the exchange.
#[test]
fn a_command_word_during_an_unfinished_login_is_read_as_the_server_reads_it() {
    let items = smtp(&[
        (S, b"220 mx ESMTP\r\n"),
        (C, b"AUTH LOGIN\r\n"),
        (S, b"334 VXNlcm5hbWU6\r\n"),
        (C, b"QUIT\r\n"),
        (S, b"334 UGFzc3dvcmQ6\r\n"),
        (C, b"MAIL FROM:<a@b>\r\n"),
        (S, b"535 5.7.8 bad\r\n250 ok\r\n"),
    ]);
    assert_eq!(line(&items, "QUIT").kind, LineKind::Sasl);
    let mail = line(&items, "MAIL FROM:<a@b>");
    assert_eq!(mail.kind, LineKind::Command);
    assert!(mail.explain.starts_with("The login exchange is over"), "{}", mail.explain);
    assert!(line(&items, "535 5.7.8 bad").explain.contains("the login failed"));
    assert!(line(&items, "250 ok").explain.contains("accepts <a@b> as the envelope sender"));
}

// ---------------------------------------------------------------- LMTP

fn lmtp(script: &[(Dir, &[u8])]) -> Ran {
    run(super::lmtp::session(), Protocol::Lmtp, script)
}

/// RFC 2033 §4.2: after the final dot the server returns one reply for each
/// recipient that RCPT accepted, in the order of the RCPT commands; a
/// refused RCPT gets none. §4.1: LHLO takes the place of EHLO.
#[test]
fn lmtp_answers_the_end_of_a_message_once_per_accepted_recipient() {
    let ran = lmtp(&[
        (S, b"220 vm Dovecot ready.\r\n"),
        (C, b"LHLO mx.lab.example\r\n"),
        (S, b"250-vm\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 PIPELINING\r\n"),
        (C, b"MAIL FROM:<alice@lab.example>\r\n"),
        (S, b"250 2.1.0 OK\r\n"),
        (C, b"RCPT TO:<bob@lab.example>\r\n"),
        (S, b"250 2.1.5 OK\r\n"),
        (C, b"RCPT TO:<nobody@lab.example>\r\n"),
        (S, b"550 5.1.1 <nobody@lab.example> User doesn't exist: nobody@lab.example\r\n"),
        (C, b"RCPT TO:<carol@lab.example>\r\n"),
        (S, b"250 2.1.5 OK\r\n"),
        (C, b"DATA\r\n"),
        (S, b"354 OK\r\n"),
        (C, b"Subject: hi\r\n\r\nbody\r\n.\r\n"),
        (S, b"250 2.0.0 <bob@lab.example> Saved\r\n452 4.2.2 <carol@lab.example> Quota exceeded\r\n"),
        (C, b"QUIT\r\n"),
        (S, b"221 2.0.0 OK\r\n"),
    ]);
    let lhlo = line(&ran, "LHLO mx.lab.example");
    assert_eq!(lhlo.key(), Some("lmtp.cmd.LHLO"));
    // The LHLO reply lists extensions as EHLO's does (RFC 2033 §4.1 refers to RFC 1869).
    assert_eq!(line(&ran, "250 PIPELINING").key(), Some("smtp.ehlo.PIPELINING"));
    let dot = line(&ran, ".");
    assert_eq!(dot.key(), Some("lmtp.data.end"));
    assert!(dot.explain.contains("(2 in this transaction)"), "{}", dot.explain);
    // Two recipients were accepted, so two replies answer the dot, bob's first.
    let bob = line(&ran, "250 2.0.0 <bob@lab.example> Saved");
    assert_eq!(bob.key(), Some("lmtp.reply.250.DATA.rcpt"));
    assert!(bob.explain.contains("delivered to <bob@lab.example>"), "{}", bob.explain);
    let carol = line(&ran, "452 4.2.2 <carol@lab.example> Quota exceeded");
    assert_eq!(carol.key(), Some("lmtp.reply.4xx.DATA.rcpt"));
    assert!(carol.explain.contains("delivery to <carol@lab.example> failed for now"), "{}", carol.explain);
    assert_eq!((bob.answers, carol.answers), (Some(dot.number), Some(dot.number)));
    // QUIT's reply is matched to QUIT, not taken for a third recipient's.
    assert_eq!(line(&ran, "221 2.0.0 OK").answers, Some(line(&ran, "QUIT").number));
}

/// RFC 2033 §4.1: EHLO and HELO are not LMTP; the server must not accept them.
#[test]
fn lmtp_says_ehlo_is_not_lmtp() {
    let ran = lmtp(&[(S, b"220 vm LMTP ready\r\n"), (C, b"EHLO c\r\n"), (S, b"500 5.5.1 Unknown command\r\n")]);
    assert_eq!(line(&ran, "EHLO c").key(), Some("lmtp.cmd.EHLO"));
    assert_eq!(line(&ran, "500 5.5.1 Unknown command").key(), Some("lmtp.reply.5xx.EHLO"));
    assert_eq!(line(&ran, "220 vm LMTP ready").key(), Some("lmtp.reply.greeting"));
}

/// SASL carried by POP3 and IMAP is defined by their own profiles (RFC 5034
/// §4, RFC 9051 §6.2.2), not by SMTP's AUTH (RFC 4954): the steps cite them.
#[test]
fn sasl_steps_cite_the_carrying_protocols_own_rfc() {
    let ran = pop3(&[
        (S, b"+OK ready\r\n"),
        (C, b"AUTH LOGIN\r\n"),
        (S, b"+ VXNlcm5hbWU6\r\n"),
        (C, b"Ym9i\r\n"),
        (S, b"+ UGFzc3dvcmQ6\r\n"),
        (C, b"aHVudGVyMg==\r\n"),
        (S, b"+OK logged in\r\n"),
    ]);
    assert_eq!(line(&ran, "Ym9i").key(), Some("sasl.username.pop3"));
    assert!(line(&ran, "aHVudGVyMg==").explain.contains("[RFC 5034 §4]"));
    let ran = imap(&[
        (S, b"* OK ready\r\n"),
        (C, b"a1 AUTHENTICATE LOGIN\r\n"),
        (S, b"+ VXNlcm5hbWU6\r\n"),
        (C, b"Ym9i\r\n"),
        (S, b"+ UGFzc3dvcmQ6\r\n"),
        (C, b"aHVudGVyMg==\r\n"),
        (S, b"a1 OK done\r\n"),
    ]);
    assert!(line(&ran, "aHVudGVyMg==").explain.contains("[RFC 9051 §6.2.2]"));
    assert!(!line(&ran, "Ym9i").explain.contains("RFC 4954"));
}

// ---------------------------------------------------------------- bounded memory (issue #11)

fn messages(ran: &Ran) -> Vec<&crate::model::Message> {
    ran.items.iter().filter_map(|i| if let Item::Message(m) = i { Some(&**m) } else { None }).collect()
}

/// RFC 5321 §4.5.3.1.4: "The maximum total length of a command line
/// including the command word and the <CRLF> is 512 octets." A line of
/// 75,000 bytes is one command (the server's one reply answers it), kept as
/// its first 64 KiB with its whole length told, not 2 lines cut at 64 KiB.
#[test]
fn a_line_longer_than_64_kib_is_one_item_that_counts_the_rest() {
    let mut noop = b"NOOP ".to_vec();
    noop.resize(70_000, b'x');
    let ran = smtp(&[
        (S, b"220 mx ESMTP\r\n"),
        (C, b"EHLO c\r\n"),
        (S, b"250 mx\r\n"),
        (C, &noop),
        (C, &[b'x'; 5_000]),
        (C, b"\r\nQUIT\r\n"),
        (S, b"500 5.5.2 Line too long\r\n221 bye\r\n"),
    ]);
    let all = lines(&ran);
    let commands: Vec<_> = all.iter().filter(|l| l.kind == LineKind::Command).collect();
    assert_eq!(commands.len(), 3, "{commands:#?}");
    let long = commands[1];
    assert_eq!(long.text.len(), super::framer::MAX_LINE);
    assert_eq!(long.long.as_deref(), Some(&crate::model::LongLine { bytes: 75_000, last_frame: 6, ended: true }));
    assert!(long.explain.contains("This line is 75000 bytes long"), "{}", long.explain);
    assert!(long.explain.contains("only its first 65536 bytes are kept"), "{}", long.explain);
    assert!(long.explain.contains("up to frame 6"), "{}", long.explain);
    assert!(long.explain.contains("[RFC 5321 §4.5.3.1.4]"), "{}", long.explain);
    assert_eq!(commands[2].verb.as_deref(), Some("QUIT"));
    assert_eq!(line(&ran, "500 5.5.2 Line too long").answers, Some(long.number));
    // Only the start of the line names frames: the rest of it is counted, not listed.
    assert!(long.frames.iter().all(|s| s.frame == 4), "{:?}", long.frames);
}

/// RFC 5321 §4.5.3.1.6: "The maximum total length of a text line including
/// the <CRLF> is 1000 octets". A message line of 100,000 bytes whose end never
/// came: one item that says so, and the message record still has every byte.
#[test]
fn a_long_message_line_without_an_end_says_so_and_the_message_keeps_its_bytes() {
    let ran = smtp(&[
        (S, b"220 mx ESMTP\r\n"),
        (C, b"EHLO c\r\n"),
        (S, b"250 mx\r\n"),
        (C, b"MAIL FROM:<a@x>\r\n"),
        (S, b"250 ok\r\n"),
        (C, b"RCPT TO:<b@y>\r\n"),
        (S, b"250 ok\r\n"),
        (C, b"DATA\r\n"),
        (S, b"354 go\r\n"),
        (C, b"Subject: long\r\n\r\n"),
        (C, &[b'y'; 100_000]),
    ]);
    let content: Vec<_> = lines(&ran).into_iter().filter(|l| l.kind == LineKind::Content).collect();
    assert_eq!(content.len(), 3, "{content:#?}");
    let long = &content[2];
    assert_eq!(long.long.as_deref(), Some(&crate::model::LongLine { bytes: 100_000, last_frame: 11, ended: false }));
    assert!(long.explain.contains("This line has 100000 bytes and no line end after them"), "{}", long.explain);
    assert!(long.explain.contains("[RFC 5321 §4.5.3.1.6]"), "{}", long.explain);
    let m = messages(&ran);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].size, 17 + 100_000, "the message has the whole line");
    assert!(m[0].ended_early);
}

/// RFC 9051 sets no limit on a line, RFC 7162 §4 asks for about 8192 octets.
/// The first 64 KiB of a longer line may end in "{12}" by chance: that is not
/// a literal (the line has not ended), so the next command is still one.
#[test]
fn the_cut_start_of_a_long_imap_line_announces_no_literal() {
    let mut first = b"a1 LOGIN bob ".to_vec();
    first.resize(super::framer::MAX_LINE - 4, b'x');
    first.extend_from_slice(b"{12}");
    let ran = imap(&[(S, b"* OK ready\r\n"), (C, &first), (C, b"yyyy\r\na2 NOOP\r\n"), (S, b"a1 BAD too long\r\na2 OK done\r\n")]);
    let long = lines(&ran).into_iter().find(|l| l.long.is_some()).expect("a long line");
    assert_eq!(long.long.as_ref().map(|l| (l.bytes, l.ended)), Some((super::framer::MAX_LINE as u64 + 4, true)));
    assert!(long.explain.contains("[RFC 7162 §4]"), "{}", long.explain);
    let noop = line(&ran, "a2 NOOP");
    assert_eq!((noop.kind, noop.verb.as_deref()), (LineKind::Command, Some("NOOP")));
}

/// A literal of MAX_CONTENT_LINES + 5 lines: the first MAX_CONTENT_LINES are
/// lines, the other 5 one item that counts them (lines, bytes, frames); the
/// message record has all of them, and the next message is listed again from
/// its first line. (Postscope's own bound, no RFC: RFC 9051 §4.3 lets a literal be any size.)
#[test]
fn a_message_past_its_first_lines_is_counted_on_one_item() {
    use super::dialogue::MAX_CONTENT_LINES;
    let n = MAX_CONTENT_LINES as usize;
    let body = "line\r\n".repeat(n + 3);
    let size = body.len() + 2 * 6;
    let header = format!("* 1 FETCH (BODY[] {{{size}}}\r\n");
    let ran = imap(&[
        (S, b"* OK ready\r\n"),
        (C, b"a1 FETCH 1:2 BODY[]\r\n"),
        (S, header.as_bytes()),
        (S, body.as_bytes()),
        (S, b"line\r\nline\r\n)\r\n* 2 FETCH (BODY[] {6}\r\nfirst\n)\r\na1 OK done\r\n"),
    ]);
    let content: Vec<_> = lines(&ran).into_iter().filter(|l| l.kind == LineKind::Content).collect();
    assert_eq!(content.len(), n + 2, "the first lines, the item for the rest, the next message's line");
    let rest = &content[n];
    assert_eq!(rest.text, "");
    assert_eq!(rest.elided.as_deref(), Some(&crate::model::Elided { lines: 5, bytes: 30, first_frame: 4, last_frame: 5 }));
    assert_eq!(rest.key(), Some("content.elided"));
    assert!(rest.explain.starts_with("5 more lines of this message (30 bytes, from frame 4 to frame 5)"), "{}", rest.explain);
    assert!(rest.explain.contains("at most the first 120000 lines (16 MiB) of a message"), "{}", rest.explain);
    assert_eq!(content[n + 1].text, "first");
    let m = messages(&ran);
    assert_eq!(m.iter().map(|m| m.size).collect::<Vec<_>>(), [size as u64, 6]);
}

/// The same after SMTP DATA: the end of the message (the lone dot) is still
/// its own line, and the reply to it answers it (RFC 5321 §4.1.1.4).
#[test]
fn a_long_data_message_keeps_its_end_line_and_reply() {
    use super::dialogue::MAX_CONTENT_LINES;
    let n = MAX_CONTENT_LINES as usize;
    let body = "body\r\n".repeat(n + 7);
    let ran = smtp(&[
        (S, b"220 mx ESMTP\r\n"),
        (C, b"EHLO c\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nDATA\r\n"),
        (S, b"250 mx\r\n250 ok\r\n250 ok\r\n354 go\r\n"),
        (C, body.as_bytes()),
        (C, b".\r\nQUIT\r\n"),
        (S, b"250 2.0.0 Ok: queued as 4F2A1\r\n221 bye\r\n"),
    ]);
    let content: Vec<_> = lines(&ran).into_iter().filter(|l| l.kind == LineKind::Content).collect();
    assert_eq!(content.len(), n + 2, "the first lines, the item for the rest, the dot");
    assert_eq!(content[n].elided.as_ref().map(|e| (e.lines, e.bytes)), Some((7, 42)));
    assert_eq!(content[n + 1].text, ".");
    assert_eq!(line(&ran, "250 2.0.0 Ok: queued as 4F2A1").answers, Some(content[n + 1].number));
    assert_eq!(messages(&ran)[0].size, body.len() as u64);
}

/// At most MAX_CONTENT_BYTES of a message's lines are items, however few
/// lines that is: 300 lines of 60,000 bytes are 279 lines (16,740,000 bytes)
/// and one item for the other 21. (Postscope's own bound, no RFC.)
#[test]
fn a_message_of_long_lines_is_counted_past_its_first_16_mib() {
    let mut one = vec![b'a'; 59_998];
    one.extend_from_slice(b"\r\n");
    let body = one.repeat(300);
    let header = format!("* 1 FETCH (BODY[] {{{}}}\r\n", body.len());
    let ran =
        imap(&[(S, b"* OK ready\r\n"), (C, b"a1 FETCH 1 BODY[]\r\n"), (S, header.as_bytes()), (S, &body), (S, b")\r\na1 OK done\r\n")]);
    let content: Vec<_> = lines(&ran).into_iter().filter(|l| l.kind == LineKind::Content).collect();
    assert_eq!(content.len(), 280);
    assert_eq!(content[279].elided.as_ref().map(|e| (e.lines, e.bytes)), Some((21, 21 * 60_000)));
    assert_eq!(messages(&ran)[0].size, 300 * 60_000);
}
