"""What each lab recording contains: the single source of tests/fixtures/fixtures.json,
the per-fixture notes (NAME.md) and assets/samples/samples.json.

scripts/lab/verify.py decodes every capture on its own (tshark gives the TCP
payloads; a small reference decoder reads SMTP, POP3 and IMAP) and fails unless
what it finds is exactly what is written here.

Field meanings (see scripts/lab/README.md):
  credentials[].mechanism  SMTP: SASL name (LOGIN, PLAIN, CRAM-MD5)
                           POP3: USER (USER/PASS commands), APOP, or a SASL name
                           IMAP: LOGIN (the LOGIN command) or the SASL name used
                                 with AUTHENTICATE (PLAIN, CRAM-MD5)
  credentials[].accepted   the server's verdict (235 / +OK / tagged OK)
  credentials[].encrypted  true when it was sent inside TLS (not readable in the capture)
  messages[].via           DATA, RETR, TOP, FETCH, UID FETCH or APPEND
  messages[].subject       decoded (RFC 2047) Subject; subject_raw when it differs on the wire
  messages[].attachments   file names of the parts with a filename, in order
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile as H  # noqa: E402  (the hostile lesson's subject and file names)

ALICE = "alice@lab.example"
BOB = "bob@lab.example"


def cred(protocol, mechanism, username, password, accepted=True, encrypted=False):
    return {"protocol": protocol, "mechanism": mechanism, "username": username,
            "password": password, "accepted": accepted, "encrypted": encrypted}


def msg(protocol, via, subject, attachments=(), encrypted=False, subject_raw=None, cut=False, refused=False):
    m = {"protocol": protocol, "via": via, "subject": subject}
    if subject_raw is not None:
        m["subject_raw"] = subject_raw
    m["attachments"] = list(attachments)
    m["encrypted"] = encrypted
    if cut:
        m["cut"] = True   # it crossed the wire, but the capture's snaplen kept only its start
    if refused:
        m["refused"] = True   # it crossed the wire, but the server refused it after the data
    return m


GRUSSE = "Grüße aus dem Labor ✉"
GRUSSE_RAW = "=?UTF-8?B?R3LDvMOfZSBhdXMgZGVtIExhYm9yIOKciQ==?="
CAFE = "Café at 3 pm ☕"
CAFE_RAW = "=?UTF-8?B?Q2Fmw6kgYXQgMyBwbSDimJU=?="

# kind -> (link_type, format, timestamp_resolution, human description)
KINDS = {
    "ether": ("ethernet", "pcap", "microsecond",
              "Ethernet-framed loopback (LINKTYPE_ETHERNET, 1) in classic pcap, microsecond "
              "timestamps: `tcpdump -i lo -s 0 -w`"),
    "nano": ("ethernet", "pcap", "nanosecond",
             "Ethernet-framed loopback (LINKTYPE_ETHERNET, 1) in classic pcap with **nanosecond** "
             "timestamps (magic a1b23c4d): `tcpdump -i lo --time-stamp-precision=nano -s 0 -w`"),
    "sll": ("linux_sll", "pcap", "microsecond",
            "Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113) in classic pcap: "
            "`tcpdump -i any -y LINUX_SLL -s 0 -w`"),
    "sll2": ("linux_sll2", "pcap", "microsecond",
             "Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276) in classic pcap: "
             "`tcpdump -i any -y LINUX_SLL2 -s 0 -w`"),
    "snap120": ("ethernet", "pcap", "microsecond",
                "Ethernet-framed loopback (LINKTYPE_ETHERNET, 1) in classic pcap, **snaplen 120**: every "
                "frame longer than 120 bytes is cut (captured length < original length): `tcpdump -i lo -s 120 -w`"),
    "pcapng": ("ethernet", "pcapng", "microsecond",
               "Ethernet-framed loopback in **pcapng** (one interface description block, "
               "LINKTYPE_ETHERNET): `dumpcap -i lo -w`"),
}

FIXTURES = [
    # ------------------------------------------------------------------ SMTP
    {
        "name": "smtp-auth-login", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "Sending a mail with SMTP AUTH LOGIN (plain text, port 587)",
        "credentials": [cred("smtp", "LOGIN", ALICE, "wonderland")],
        "messages": [msg("smtp", "DATA", "Lunch on Friday?")],
        "shows": "A complete submission: the 220 greeting, EHLO with Postfix's multi-line 250 reply "
                 "(PIPELINING, SIZE, STARTTLS, AUTH PLAIN LOGIN CRAM-MD5, 8BITMIME...), AUTH LOGIN, "
                 "MAIL FROM, RCPT TO, DATA with a short plain-text mail, and QUIT.",
        "look_for": [
            "The EHLO reply is one reply spread over many lines: `250-` continues, `250 ` (space) ends it.",
            "AUTH LOGIN: the server's `334 VXNlcm5hbWU6` is base64 for `Username:`, `334 UGFzc3dvcmQ6` for `Password:`.",
            "The client's answers are only base64, not encryption: `YWxpY2VAbGFiLmV4YW1wbGU=` is alice@lab.example and `d29uZGVybGFuZA==` is the password wonderland.",
            "`235 2.7.0 Authentication successful`, then the envelope (MAIL FROM / RCPT TO) and the message after `354`, ended by a line with a single dot.",
        ],
    },
    {
        "name": "smtp-auth-plain", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "SMTP AUTH PLAIN with curl (port 587)",
        "credentials": [cred("smtp", "PLAIN", BOB, "hunter2")],
        "messages": [msg("smtp", "DATA", "Re: Lunch on Friday?")],
        "shows": "curl submits a mail after AUTH PLAIN: one base64 blob carries authorization id, "
                 "user name and password separated by NUL bytes.",
        "look_for": [
            "`AUTH PLAIN`, the server's empty `334 ` challenge, then `AGJvYkBsYWIuZXhhbXBsZQBodW50ZXIy` = `\\0bob@lab.example\\0hunter2`.",
            "curl announces the message size in `MAIL FROM:<bob@lab.example> SIZE=...`.",
        ],
    },
    {
        "name": "smtp-auth-cram-md5", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "SMTP AUTH CRAM-MD5: a challenge-response login (Python smtplib)",
        "credentials": [cred("smtp", "CRAM-MD5", ALICE, "wonderland")],
        "messages": [msg("smtp", "DATA", "Lab notes (sent with CRAM-MD5)")],
        "shows": "Python's smtplib.login() picks CRAM-MD5 because the server offers it. The password never "
                 "crosses the wire: the client answers the server's challenge with an HMAC-MD5.",
        "look_for": [
            "`334 PD...` is a base64 challenge like `<digits.digits@host>`.",
            "The answer decodes to `alice@lab.example` followed by 32 hex digits: HMAC-MD5(key=password, challenge).",
            "smtplib writes commands in lower case (`ehlo`, `mail FROM:`, `rcpt TO:`, `data`): SMTP verbs are case-insensitive.",
        ],
    },
    {
        "name": "smtp-utf8-body", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "A UTF-8 plain-text mail sent as 8-bit (BODY=8BITMIME)",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "Menu for the lab party")],
        "shows": "An unauthenticated delivery on port 25 of a text/plain; charset=utf-8 body with "
                 "Content-Transfer-Encoding: 8bit (accents, CJK, an emoji, currency signs).",
        "look_for": [
            "`mail FROM:<alice@lab.example> size=... BODY=8BITMIME`: the client may send 8-bit bytes only because the server listed 8BITMIME in its EHLO reply.",
            "The body bytes are raw UTF-8 (e.g. `C3 A8` for è, `F0 9F 8D B0` for 🍰).",
        ],
    },
    {
        "name": "smtp-multipart-attachment", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "A multipart/mixed mail with two base64 attachments",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "Lab schedule and stamp", ["lab-schedule.txt", "stamp.png"])],
        "shows": "Python's email package builds a multipart/mixed message: a text part, a text attachment "
                 "and a 16x16 PNG, both base64-encoded, separated by a MIME boundary.",
        "look_for": [
            "The `boundary=\"===...==\"` parameter in Content-Type and the `--boundary` lines between the parts; the last one ends with `--`.",
            "`Content-Disposition: attachment; filename=\"stamp.png\"` and `Content-Transfer-Encoding: base64`; the PNG starts with `iVBORw0KGgo` (base64 of the PNG signature).",
        ],
    },
    {
        "name": "smtp-encoded-subject-qp", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "Quoted-printable body and an RFC 2047 encoded-word Subject",
        "credentials": [],
        "messages": [msg("smtp", "DATA", GRUSSE, subject_raw=GRUSSE_RAW)],
        "shows": "A 7-bit-clean mail with non-ASCII text: the Subject is a `=?UTF-8?B?...?=` encoded-word "
                 "and the body is quoted-printable UTF-8 with a soft line break.",
        "look_for": [
            f"`Subject: {GRUSSE_RAW}` decodes to “{GRUSSE}”.",
            "In the body `=C3=BC` is ü and `=C3=9F` is ß; a line ending in `=` is a soft break that the reader joins with the next line.",
        ],
    },
    {
        "name": "smtp-rejected-recipient", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "A rejected recipient: 550 User unknown, the mail still goes to the others",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "Invitation: lab tour")],
        "shows": "curl sends to bob@lab.example and nobody@lab.example with --mail-rcpt-allowfails. Postfix "
                 "accepts the first RCPT and rejects the second with a permanent 5xx error; DATA then delivers "
                 "to bob only.",
        "look_for": [
            "`550 5.1.1 <nobody@lab.example>: Recipient address rejected: User unknown in virtual mailbox table`.",
            "5xx is permanent (do not retry), 4xx would be temporary; `5.1.1` is the enhanced status code for a bad mailbox.",
            "The To: header still names both people: headers are not the envelope.",
        ],
    },
    {
        "name": "smtp-pipelining", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "SMTP PIPELINING: MAIL, RCPT and DATA in one packet (swaks --pipeline)",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "Pipelined hello")],
        "shows": "After EHLO advertises PIPELINING, swaks sends MAIL FROM, RCPT TO and DATA together and "
                 "Postfix answers all three in one segment.",
        "look_for": [
            "One client segment with three commands, one server segment with `250`, `250` and `354`.",
            "Replies come back in the order of the commands: that is how the client matches them.",
        ],
    },
    {
        "name": "smtp-starttls-587", "kind": "ether", "protocols": ["smtp"], "tls": "starttls",
        "title": "STARTTLS on port 587: where encryption begins",
        "credentials": [cred("smtp", "LOGIN", ALICE, "wonderland", encrypted=True)],
        "messages": [msg("smtp", "DATA", "Sent over STARTTLS", encrypted=True)],
        "shows": "swaks -tls: greeting and EHLO in clear text, then `STARTTLS` / `220 2.0.0 Ready to start TLS` "
                 "and a TLS handshake; the second EHLO, AUTH LOGIN and the mail are inside TLS.",
        "look_for": [
            "The last readable SMTP line is `220 2.0.0 Ready to start TLS`; the next packet is a TLS Client Hello.",
            "The AUTH LOGIN credentials and the message exist in this capture only as TLS application data: a passive observer cannot read them.",
        ],
    },
    {
        "name": "smtps-465", "kind": "ether", "protocols": ["smtp"], "tls": "implicit",
        "title": "SMTPS on port 465: TLS from the first byte (curl smtps://)",
        "credentials": [cred("smtp", "LOGIN", ALICE, "wonderland", encrypted=True)],
        "messages": [msg("smtp", "DATA", "Sent over implicit TLS", encrypted=True)],
        "shows": "Implicit TLS (RFC 8314): the TCP handshake is followed directly by a TLS Client Hello; "
                 "no SMTP command is ever visible.",
        "look_for": [
            "Compare with smtp-starttls-587: there is no clear-text greeting here at all.",
            "Only the port number (465) tells you this is SMTP.",
        ],
    },
    {
        "name": "smtp-port-1025", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "decode_as": {"1025": "smtp"},
        "title": "SMTP on port 1025, as classroom demo servers run it",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "Hello from the classroom demo port")],
        "shows": "A plain SMTP session to a server on the unprivileged port 1025. Tools that pick the protocol "
                 "by port need to be told: `tshark -d tcp.port==1025,smtp`.",
        "look_for": [
            "Without decode-as, Wireshark shows only TCP payload; the bytes are the same SMTP as on port 25.",
        ],
    },
    {
        "name": "smtp-ipv6", "kind": "sll", "protocols": ["smtp"], "tls": None, "ip_versions": [6],
        "title": "SMTP over IPv6 (::1), Linux cooked capture v1",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "Hello over IPv6")],
        "shows": "swaks -6 connects to [::1]:25. Captured on the `any` pseudo-interface, so frames carry a "
                 "16-byte Linux SLL header instead of an Ethernet header.",
        "look_for": [
            "The SLL header's protocol field is 0x86dd (IPv6); addresses are ::1 on both ends.",
            "The SMTP dialogue is identical to IPv4: SMTP does not care about the network layer.",
        ],
    },
    # ------------------------------------------------------------------ POP3
    {
        "name": "pop3-session", "kind": "ether", "protocols": ["pop3"], "tls": None,
        "title": "Reading mail with POP3 (USER/PASS, STAT, LIST, UIDL, TOP, RETR, DELE)",
        "credentials": [cred("pop3", "USER", "bob", "hunter2")],
        "messages": [
            msg("pop3", "TOP", "Your lab badge"),
            msg("pop3", "RETR", "Welcome to the POP3 lab"),
            msg("pop3", "RETR", "Reading list for Monday"),
        ],
        "shows": "Python's poplib reads bob's mailbox of three mails: CAPA, USER, PASS, STAT, LIST, UIDL, "
                 "TOP 2 0 (headers only), RETR 1, RETR 3, DELE 1 and QUIT.",
        "look_for": [
            "Single-line answers start with `+OK` or `-ERR`; LIST, UIDL, TOP, RETR and CAPA answer with several lines ended by a line holding one dot.",
            "In RETR 3 the body line `.signature lines...` travels as `..signature lines...` (dot-stuffing) so it cannot end the answer early.",
            "TOP 2 0 returns only the headers of the mail with the PNG, so no attachment crosses the wire.",
            "DELE only marks the message; it is removed when QUIT ends the session (`+OK Logging out, messages deleted.`).",
            "The greeting ends with an APOP timestamp `<...@host>` because the server also offers APOP.",
        ],
    },
    {
        "name": "pop3-apop", "kind": "nano", "protocols": ["pop3"], "tls": None,
        "title": "POP3 APOP login (nanosecond-timestamp pcap)",
        "credentials": [cred("pop3", "APOP", "bob", "hunter2")],
        "messages": [msg("pop3", "RETR", "Your lab badge", ["stamp.png"])],
        "shows": "poplib.apop(): instead of the password the client sends MD5(greeting timestamp + password). "
                 "Then STAT, RETR 2 (the mail with the PNG attachment) and QUIT. Recorded with nanosecond timestamps.",
        "look_for": [
            "The greeting's `<...@host>` timestamp and `APOP bob <32 hex digits>`: md5(timestamp + \"hunter2\").",
            "The pcap magic number is a1b23c4d (nanosecond resolution), not a1b2c3d4.",
        ],
    },
    {
        "name": "pop3-failed-login", "kind": "ether", "protocols": ["pop3"], "tls": None,
        "title": "A failed POP3 login (wrong password)",
        "credentials": [cred("pop3", "USER", "bob", "open-sesame", accepted=False)],
        "messages": [],
        "shows": "USER bob is accepted (`+OK`), PASS with the wrong password gets "
                 "`-ERR [AUTH] Authentication failed.` after a short delay; the client then QUITs.",
        "look_for": [
            "The delay between PASS and -ERR slows down password guessing.",
            "`[AUTH]` is a POP3 response code (RFC 3206): the credentials are wrong, not a server problem.",
        ],
    },
    {
        "name": "pop3-stls", "kind": "ether", "protocols": ["pop3"], "tls": "starttls",
        "title": "POP3 STLS: upgrading port 110 to TLS (curl)",
        "credentials": [cred("pop3", "PLAIN", "bob", "hunter2", encrypted=True)],
        "messages": [msg("pop3", "RETR", "Welcome to the POP3 lab", encrypted=True)],
        "shows": "curl --ssl-reqd asks CAPA, sees STLS, sends `STLS` and gets `+OK Begin TLS negotiation now.`; "
                 "AUTH PLAIN and RETR 1 happen inside TLS.",
        "look_for": [
            "CAPA lists `STLS` and `SASL PLAIN LOGIN CRAM-MD5` before TLS.",
            "After `+OK Begin TLS negotiation now.` only TLS records follow.",
        ],
    },
    {
        "name": "pop3s-995", "kind": "ether", "protocols": ["pop3"], "tls": "implicit",
        "title": "POP3S on port 995: implicit TLS (curl pop3s://)",
        "credentials": [cred("pop3", "PLAIN", "bob", "hunter2", encrypted=True)],
        "messages": [msg("pop3", "RETR", "Your lab badge", ["stamp.png"], encrypted=True)],
        "shows": "TLS starts right after the TCP handshake; curl logs in with AUTH PLAIN and retrieves message 2 "
                 "inside the encrypted channel.",
        "look_for": [
            "No POP3 greeting is visible: the first payload is the TLS Client Hello.",
        ],
    },
    # ------------------------------------------------------------------ IMAP
    {
        "name": "imap-session", "kind": "ether", "protocols": ["imap"], "tls": None,
        "title": "Reading mail with IMAP (LOGIN, LIST, SELECT, SEARCH, FETCH)",
        "credentials": [cred("imap", "LOGIN", "alice", "wonderland")],
        "messages": [
            msg("imap", "FETCH", "Welcome to the IMAP lab"),
            msg("imap", "UID FETCH", "Photos from the lab trip", ["stamp.png"]),
            msg("imap", "UID FETCH", CAFE, subject_raw=CAFE_RAW),
        ],
        "shows": "Python's imaplib: CAPABILITY, LOGIN, CAPABILITY again (it grows after login), LIST, SELECT INBOX, "
                 "SEARCH ALL, FETCH 1 (BODY[]), UID FETCH 1:* (FLAGS), UID FETCH 2:3 (BODY.PEEK[]) and LOGOUT.",
        "look_for": [
            "Every command starts with a tag (imaplib makes them like `ABCD1`, `ABCD2`...) and is answered by a line with the same tag and `OK`, `NO` or `BAD`; `*` lines are untagged data.",
            "Whole messages arrive as literals: `* 1 FETCH (FLAGS (...) BODY[] {N}`, a line break, then exactly N bytes of message.",
            "BODY.PEEK[] does not set \\Seen; BODY[] does (the server adds `FLAGS (\\Seen)`).",
            f"Message 3's Subject is the encoded-word `{CAFE_RAW}` (“{CAFE}”).",
        ],
    },
    {
        "name": "imap-manage", "kind": "ether", "protocols": ["imap"], "tls": None,
        "title": "IMAP AUTHENTICATE PLAIN, EXAMINE, STORE, EXPUNGE and APPEND",
        "credentials": [cred("imap", "PLAIN", "alice", "wonderland")],
        "messages": [msg("imap", "APPEND", "Notes from the lab")],
        "shows": "imaplib logs in with AUTHENTICATE PLAIN (continuation `+ `, then base64), EXAMINEs the inbox "
                 "read-only, SELECTs it, marks message 1 \\Deleted, EXPUNGEs it and APPENDs a new message as a "
                 "client-side literal.",
        "look_for": [
            "`AUTHENTICATE PLAIN` → `+ ` → `AGFsaWNlAHdvbmRlcmxhbmQ=` (`\\0alice\\0wonderland`).",
            "`EXAMINE` answers `[READ-ONLY]`, `SELECT` answers `[READ-WRITE]`.",
            "`* 1 EXPUNGE` tells the client that message 1 is gone and the others moved up.",
            "`APPEND INBOX (\\Seen) {N}`: the client waits for `+ OK` before sending N bytes of message (a synchronizing literal); the server answers `[APPENDUID uidvalidity uid]`.",
        ],
    },
    {
        "name": "imap-idle", "kind": "pcapng", "protocols": ["imap"], "tls": None,
        "title": "IMAP IDLE: the server pushes a new-mail notice (pcapng)",
        "credentials": [cred("imap", "LOGIN", "alice", "wonderland")],
        "messages": [msg("imap", "FETCH", "You've got mail (IDLE demo)")],
        "shows": "After SELECT the client sends IDLE and waits. Another client delivers a mail through SMTP "
                 "(not in this capture); Dovecot pushes `* 4 EXISTS`, the client ends IDLE with `DONE` and "
                 "FETCHes the new message.",
        "look_for": [
            "`+ idling`, then silence until the untagged `* 4 EXISTS` and `* 4 RECENT`: a fourth message arrived.",
            "`DONE` has no tag: it ends the IDLE command, which then completes with its tagged OK.",
            "The file is pcapng (section header block, interface description block, enhanced packet blocks).",
        ],
    },
    {
        "name": "imap-failed-login", "kind": "ether", "protocols": ["imap"], "tls": None,
        "title": "A failed IMAP login (wrong password)",
        "credentials": [cred("imap", "LOGIN", "alice", "open-sesame", accepted=False)],
        "messages": [],
        "shows": "LOGIN with a wrong password gets `NO [AUTHENTICATIONFAILED] Authentication failed.`; the client LOGOUTs.",
        "look_for": [
            "`NO` is a refusal, `BAD` would be a protocol error; `[AUTHENTICATIONFAILED]` is a response code from RFC 5530.",
        ],
    },
    {
        "name": "imap-starttls", "kind": "ether", "protocols": ["imap"], "tls": "starttls",
        "title": "IMAP STARTTLS on port 143 (curl)",
        "credentials": [cred("imap", "PLAIN", "alice", "wonderland", encrypted=True)],
        "messages": [msg("imap", "UID FETCH", "Welcome to the IMAP lab", encrypted=True)],
        "shows": "curl --ssl-reqd: CAPABILITY lists STARTTLS, `A002 STARTTLS` gets `A002 OK Begin TLS negotiation now.`, "
                 "then AUTHENTICATE PLAIN, SELECT and UID FETCH 1 run inside TLS.",
        "look_for": [
            "Before TLS the capability list contains STARTTLS and the AUTH= mechanisms; the login itself is not visible.",
        ],
    },
    {
        "name": "imaps-993", "kind": "ether", "protocols": ["imap"], "tls": "implicit",
        "title": "IMAPS on port 993: implicit TLS (curl imaps://)",
        "credentials": [cred("imap", "CRAM-MD5", "alice", "wonderland", encrypted=True)],
        "messages": [msg("imap", "UID FETCH", "Photos from the lab trip", ["stamp.png"], encrypted=True)],
        "shows": "TLS from the first byte; curl authenticates with CRAM-MD5 and fetches UID 2 inside TLS.",
        "look_for": [
            "No IMAP is visible at all; only the port tells what runs inside.",
        ],
    },
    # ------------------------------------------------------------------ several at once
    {
        "name": "multi-client", "kind": "sll2", "protocols": ["smtp", "pop3", "imap"], "tls": None,
        "tcp_streams": 3,
        "title": "Three clients at once: IMAP IDLE, SMTP and POP3 interleaved (Linux cooked v2)",
        "credentials": [
            cred("imap", "LOGIN", "alice", "wonderland"),
            cred("smtp", "PLAIN", BOB, "hunter2"),
            cred("pop3", "USER", "bob", "hunter2"),
        ],
        "messages": [
            msg("smtp", "DATA", "Status report"),
            msg("pop3", "RETR", "Welcome to the POP3 lab"),
            msg("imap", "FETCH", "Status report"),
        ],
        "shows": "Alice's IMAP client (imaplib) logs in and waits in IDLE. Meanwhile Bob sends her a mail with "
                 "swaks (SMTP AUTH PLAIN on 587) and reads his own mailbox with poplib (POP3 on 110). Postfix "
                 "delivers the mail, Dovecot pushes `* 4 EXISTS` to Alice's client, which ends IDLE and FETCHes it. "
                 "Three TCP streams interleave in one capture.",
        "look_for": [
            "Follow each TCP stream on its own (tcp.stream 0, 1, 2) to read one conversation at a time.",
            "The same mail appears twice: as SMTP DATA from Bob, and moments later as an IMAP FETCH literal for Alice.",
            "Frames carry a 20-byte Linux SLL2 header (with the interface index) instead of an Ethernet header.",
        ],
    },
    # ------------------------------------------------------------------ hostile content
    {
        "name": "smtp-hostile-html", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "A hostile HTML mail: script, event handlers, a form, remote images and CSS",
        "credentials": [],
        "messages": [msg("smtp", "DATA", H.SUBJECT, [H.TRAVERSAL_NAME, H.RLO_NAME], subject_raw=H.SUBJECT_RAW)],
        "shows": "Python's smtplib sends a multipart/mixed mail built to attack whatever displays it: its HTML "
                 "part carries a script that would retitle the page and add an element with the id "
                 f"`{H.MARKER_ID}` to it, onload/onerror/onfocus handlers, a form posting a password, a "
                 "meta refresh, an iframe, remote images and remote CSS (all on .invalid hosts). The From "
                 "name and an X-Note header carry markup, the Subject decodes to markup and an ANSI escape "
                 "sequence, and the attachment names are a path traversal and a right-to-left override.",
        "look_for": [
            "The HTML part is quoted-printable: `=3D` is `=`, so `onerror=3D\"...\"` is an event handler once decoded.",
            f"`Subject: {H.SUBJECT_RAW}` decodes to markup and the escape byte 0x1B: a viewer must show it as text.",
            "`filename*=UTF-8''invoice%E2%80%AEgnp.exe` (RFC 2231) holds U+202E, which makes the name read "
            "`invoiceexe.png` where bidirectional text is honoured.",
            "A safe viewer runs none of it and loads nothing from the network.",
        ],
    },
    # ------------------------------------------------------------------ added later: record --only NAME...
    # --- LMTP (RFC 2033)
    {
        "name": "lmtp-postfix-dovecot", "kind": "ether", "protocols": ["lmtp"], "tls": None,
        "decode_as": {"24": "lmtp"},
        "title": "LMTP: Postfix hands one mail for three recipients to Dovecot (port 24)",
        "credentials": [],
        "messages": [msg("lmtp", "DATA", "Tea at four")],
        "lmtp": {"commands": ["LHLO", "MAIL", "RCPT", "RCPT", "RCPT", "DATA", "QUIT"],
                 "recipients": [{"address": "alice@lab.example", "rcpt": 250, "after_dot": 250},
                                {"address": "bob@lab.example", "rcpt": 250, "after_dot": 250},
                                {"address": "carol@lab.example", "rcpt": 250, "after_dot": 250}]},
        "shows": "swaks sends one mail from carol to alice, bob and carol to Postfix on port 2424 (not recorded); "
                 "that port hands its mail to Dovecot over LMTP (`content_filter=lmtp-lab:inet:127.0.0.1:24`, "
                 "Postfix's lmtp(8) client). Only the LMTP leg is in the capture: Postfix's client says LHLO, "
                 "pipelines MAIL FROM, three RCPT TO and DATA in one segment, sends the message, and after the "
                 "final dot Dovecot answers three times, once per recipient.",
        "look_for": [
            "`LHLO mail.lab.example`, not EHLO: LMTP's greeting command. Here the client is a mail server (Postfix) and its name is the one it gives.",
            "The four commands `MAIL`, `RCPT`, `RCPT`, `RCPT` and `DATA` travel in one segment (PIPELINING); the five replies come back in order.",
            "After the final dot there are **three** `250 2.0.0 <...> ... Saved` replies, one per accepted recipient, in RCPT order: each recipient's delivery succeeded or failed on its own.",
            "The Received: header Postfix added names port 2424's SMTP session (`with ESMTP`): the mail was relayed, and LMTP is the last hop into the mailbox.",
            "Postfix sends `QUIT` in the same segment as the final dot: it pipelines QUIT when it does not keep the connection.",
        ],
        "rfc": [
            "RFC 2033 §4.1: LHLO replaces EHLO/HELO; an LMTP server must not accept HELO or EHLO.",
            "RFC 2033 §4.2: after the final dot the server sends one reply for each RCPT that got a 2xx, in the order of the RCPT commands; a single reply (as in SMTP) would be wrong.",
            "RFC 2033 §1: LMTP is for delivery to a local mailbox store; it must not be used on TCP port 25.",
        ],
        "transcript": [["LHLO 250", "MAIL 250", "RCPT alice@lab.example 250", "RCPT bob@lab.example 250",
                        "RCPT carol@lab.example 250", "DATA 354", "DOT alice@lab.example 250",
                        "DOT bob@lab.example 250", "DOT carol@lab.example 250", "QUIT 221"]],
    },
    {
        "name": "lmtp-python", "kind": "ether", "protocols": ["lmtp"], "tls": None,
        "decode_as": {"24": "lmtp"},
        "title": "LMTP with Python's smtplib.LMTP: a refused recipient and one reply per accepted one",
        "credentials": [],
        "messages": [msg("lmtp", "DATA", "Delivered over LMTP")],
        "lmtp": {"commands": ["LHLO", "MAIL", "RCPT", "RCPT", "RCPT", "DATA", "QUIT"],
                 "recipients": [{"address": "alice@lab.example", "rcpt": 250, "after_dot": 250},
                                {"address": "bob@lab.example", "rcpt": 250, "after_dot": 250},
                                {"address": "nobody@lab.example", "rcpt": 550, "after_dot": None}]},
        "shows": "Python's smtplib.LMTP talks to Dovecot's LMTP service directly: LHLO, MAIL FROM, RCPT TO for "
                 "alice, bob and nobody (refused at once: `550 5.1.1 ... User doesn't exist`), DATA, and after the "
                 "final dot two replies, one for alice and one for bob. smtplib's data() reads only the first; "
                 "the demo reads the second with getreply() before QUIT.",
        "look_for": [
            "`lhlo client.lab.example`: smtplib writes commands in lower case; LMTP verbs are case-insensitive like SMTP's.",
            "`550 5.1.1 <nobody@lab.example> User doesn't exist`: refused at RCPT, so nobody gets no reply after the dot.",
            "Two `250 2.0.0 <...> Saved` lines after the dot (here in one segment): alice's first, then bob's (RCPT order).",
            "A client that reads only one reply after the dot (as smtplib's data() does) would take bob's 250 for the answer to its next command.",
        ],
        "rfc": [
            "RFC 2033 §4.2: one reply per successful RCPT after the final dot, in RCPT order; refused recipients get none.",
            "RFC 2033 §4.1 and RFC 5321 §4.1.1.3: RCPT is answered at once; the 550 is permanent for that recipient only.",
        ],
        "transcript": [["LHLO 250", "MAIL 250", "RCPT alice@lab.example 250", "RCPT bob@lab.example 250",
                        "RCPT nobody@lab.example 550", "DATA 354", "DOT alice@lab.example 250",
                        "DOT bob@lab.example 250", "QUIT 221"]],
    },
    # --- SMTP refusals read from the reply (lesson ports 2501-2505)
    {
        "name": "smtp-error-relay-denied", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "decode_as": {"2501": "smtp"},
        "title": "Relay access denied: RCPT to an outside domain without AUTH (554 5.7.1)",
        "credentials": [],
        "messages": [],
        "shows": "swaks sends from alice@lab.example to carol@outside.example on port 2501, where Postfix relays only "
                 "for authenticated clients (`smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination`, "
                 "no `permit_mynetworks`). MAIL FROM is accepted, RCPT TO gets `554 5.7.1 <carol@outside.example>: "
                 "Relay access denied`, and swaks QUITs without sending DATA.",
        "look_for": [
            "The refusal comes at RCPT, not at MAIL: the server decides per recipient whether it will take mail for that domain.",
            "The EHLO reply offers `AUTH PLAIN LOGIN CRAM-MD5`: after a successful AUTH the same RCPT would be accepted.",
            "5.7.1 is the enhanced status code for 'delivery not authorized'; nothing was queued and nothing left the lab.",
        ],
        "rfc": [
            "RFC 5321 §3.6.2 and §7.1: a server that is not the destination relays only for clients it trusts; refusing is the expected answer to an open-relay attempt.",
            "RFC 5321 §4.2.1: any 5yz reply is permanent, so the client must not retry this recipient. (554 is Postfix's default relay refusal code; RFC 5321 §4.3.2 lists 550 among RCPT replies, not 554, so an explanation should not claim 554 is the RCPT-specific code.)",
            "RFC 3463 §3.8: X.7.1 'Delivery not authorized, message refused'.",
        ],
        "transcript": [["EHLO 250", "MAIL 250", "RCPT carol@outside.example 554", "QUIT 221"]],
    },
    {
        "name": "smtp-error-starttls-required", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "decode_as": {"2502": "smtp"},
        "title": "STARTTLS required: MAIL before STARTTLS gets 530 5.7.0",
        "credentials": [],
        "messages": [],
        "shows": "Port 2502 requires TLS (`smtpd_tls_security_level=encrypt`). swaks does not use STARTTLS: its "
                 "MAIL FROM gets `530 5.7.0 Must issue a STARTTLS command first` and it QUITs.",
        "look_for": [
            "The EHLO reply lists STARTTLS and, unlike port 25, no AUTH: Postfix hides AUTH until the session is encrypted.",
            "`530` answers MAIL although MAIL itself is well formed: the server refuses any transaction before TLS.",
        ],
        "rfc": [
            "RFC 3207 §4: a server that requires TLS answers other commands with `530 5.7.0 Must issue a STARTTLS command first` (the RFC's own text).",
            "RFC 3463 §3.8: X.7.0 'Other or undefined security status'.",
        ],
        "transcript": [["EHLO 250", "MAIL 530", "QUIT 221"]],
    },
    {
        "name": "smtp-error-too-many-recipients", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "decode_as": {"2503": "smtp"},
        "title": "Too many recipients: the third RCPT gets 452 4.5.3, the mail goes to the first two",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "Minutes of the lab meeting")],
        "shows": "Port 2503 takes at most two recipients per message (`smtpd_recipient_limit=2`). curl sends RCPT TO for "
                 "alice, bob and carol with --mail-rcpt-allowfails: the first two get 250, the third `452 4.5.3 Error: "
                 "too many recipients`, and DATA delivers the message to alice and bob.",
        "look_for": [
            "452 starts with 4: a temporary refusal. The client may send to carol in a new transaction later; this is not 'user unknown'.",
            "The To: header names three people but only two RCPTs were accepted: the envelope, not the header, decides who gets the mail.",
        ],
        "rfc": [
            "RFC 5321 §4.5.3.1.8 and §4.5.3.1.10: a server may limit recipients per message; it should answer the excess with 452 and the client should then send them in a later transaction (a 552 there is treated as temporary for the same reason).",
            "RFC 3463 §3.6: X.5.3 'Too many recipients'.",
        ],
        "transcript": [["EHLO 250", "MAIL 250", "RCPT alice@lab.example 250", "RCPT bob@lab.example 250",
                        "RCPT carol@lab.example 452", "DATA 354,250", "QUIT 221"]],
    },
    {
        "name": "smtp-error-auth-not-offered", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "decode_as": {"2504": "smtp"},
        "title": "AUTH on a port that does not offer it: 503 5.5.1 (Python smtplib)",
        "credentials": [cred("smtp", "PLAIN", ALICE, "wonderland", accepted=False)],
        "messages": [],
        "shows": "Port 2504 has SMTP AUTH switched off (`smtpd_sasl_auth_enable=no`), so its EHLO reply lists no AUTH. "
                 "smtplib's login() would refuse before sending anything, so the demo sends `AUTH PLAIN <base64>` "
                 "itself with docmd(); Postfix answers `503 5.5.1 Error: authentication not enabled`.",
        "look_for": [
            "No `250-AUTH` line in the EHLO reply: the client was told not to try.",
            "The password still crossed the wire: `AGFsaWNlQGxhYi5leGFtcGxlAHdvbmRlcmxhbmQ=` is `\\0alice@lab.example\\0wonderland`, refused but readable.",
            "503 means 'bad sequence of commands', not 'wrong password' (that would be 535).",
        ],
        "rfc": [
            "RFC 4954 §3: a client may use AUTH only if the server listed it in its EHLO reply.",
            "RFC 5321 §4.2.2/§4.2.4: 503 is 'bad sequence of commands'; 502 would be 'command not implemented'. RFC 4954 §6: 535 is for failed credentials, which is not what happened here.",
        ],
        "transcript": [["EHLO 250", "AUTH 503", "QUIT 221"]],
    },
    {
        "name": "smtp-error-message-too-big", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "decode_as": {"2505": "smtp"}, "tcp_streams": 2,
        "title": "A message over the advertised SIZE: refused at MAIL (curl) and after the dot (swaks)",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "The long report, again", refused=True)],
        "shows": "Port 2505 accepts at most 2048 bytes (`message_size_limit=2048`) and says so: `250-SIZE 2048`. "
                 "Two clients send a report of about 3 KB. curl declares the size (`MAIL FROM:<...> SIZE=...`) and is refused "
                 "at once with `552 5.3.4 Message size exceeds fixed limit`. swaks does not declare it: MAIL, RCPT and "
                 "DATA are accepted, the whole message is sent, and only after the final dot comes "
                 "`552 5.3.4 Error: message file too big`.",
        "look_for": [
            "Stream 0: the SIZE= parameter lets the server refuse before a single byte of the message is sent.",
            "Stream 1: the same limit, found only after the data was transferred; the 552 after the dot means the message was not accepted, although 354 invited it.",
            "The message of stream 1 crossed the wire and can be read in the capture, but it was not delivered to anyone: the reply after the dot, not the 354, says whether a message was accepted.",
        ],
        "rfc": [
            "RFC 1870 §4 and §6.1: `SIZE 2048` is the server's fixed limit; a MAIL with a larger SIZE= gets 552.",
            "RFC 1870 §6.2/§6.3 and RFC 5321 §4.2.2: a server may also refuse with 552 after the data when the message turns out larger; the transaction then failed.",
            "RFC 3463 §3.4: X.3.4 'Message too big for system'.",
        ],
        "transcript": [["EHLO 250", "MAIL 552", "QUIT 221"],
                       ["EHLO 250", "MAIL 250", "RCPT bob@lab.example 250", "DATA 354,552", "QUIT 221"]],
    },
    {
        "name": "smtp-smtputf8", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "decode_as": {"2506": "smtp"},
        "title": "SMTPUTF8: an internationalised sender and raw UTF-8 headers (RFC 6531, RFC 6532)",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "Menü für das Laborfest: 寿司 🍣")],
        "shows": "Port 2506 is the lab's Postfix with `smtputf8_enable=yes`: its EHLO reply lists SMTPUTF8. Python's smtplib "
                 "sends `MAIL FROM:<zoë@lab.example> SMTPUTF8 BODY=8BITMIME`, and the message's From: and Subject: are raw "
                 "UTF-8 on the wire, with no =?UTF-8?...?= encoded-words.",
        "look_for": [
            "The SMTPUTF8 keyword in the EHLO reply, and the SMTPUTF8 parameter of MAIL FROM that uses it.",
            "The envelope sender's local part is not ASCII (zoë): only allowed because both sides agreed to SMTPUTF8.",
            "Subject: and From: carry UTF-8 bytes as they are; without SMTPUTF8 they would have to be encoded-words (RFC 2047).",
        ],
        "rfc": [
            "RFC 6531 §3.3 and §3.4: the SMTPUTF8 extension and its MAIL FROM parameter; UTF-8 addresses only under it.",
            "RFC 6532 §3: header fields may contain UTF-8 as it is in a message sent this way.",
        ],
        "transcript": [["EHLO 250", "MAIL 250", "RCPT bob@lab.example 250", "DATA 354,250", "QUIT 221"]],
    },
    # --- SMTP on the wire
    {
        "name": "smtp-pipelining-many", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "PIPELINING: MAIL, three RCPTs and DATA in one segment, one recipient refused",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "Pipelined to three")],
        "shows": "swaks --pipeline sends MAIL FROM, RCPT TO for alice, bob and nobody, and DATA in one segment. "
                 "Postfix answers all five in one segment: 250, 250, 250, `550 5.1.1 ... User unknown` and 354. "
                 "The message goes to alice and bob.",
        "look_for": [
            "One client segment, five commands; one server segment, five replies in the same order.",
            "The fourth reply (550) belongs to the fourth command (RCPT nobody): replies are matched by position, not by content.",
            "354 arrives although one RCPT failed: DATA only needs one accepted recipient.",
        ],
        "rfc": [
            "RFC 2920 §3.1: the client may send MAIL, RCPT and DATA without waiting; DATA must be the last command of the group.",
            "RFC 2920 §3.2: the server answers in order; each reply is that of the command in the same position.",
        ],
        "transcript": [["EHLO 250", "MAIL 250", "RCPT alice@lab.example 250", "RCPT bob@lab.example 250",
                        "RCPT nobody@lab.example 550", "DATA 354,250", "QUIT 221"]],
    },
    {
        "name": "smtp-bdat", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "BDAT (CHUNKING): a message in two chunks, the first holds a line with a lone dot",
        "credentials": [],
        "messages": [msg("smtp", "BDAT", "Sent in BDAT chunks")],
        "shows": "Python's smtplib (the demo sends BDAT itself with send(), smtplib has no BDAT method) delivers a mail "
                 "with two chunks, `BDAT n` and `BDAT m LAST` (n and m are byte counts), after Postfix advertised CHUNKING. The first chunk contains a "
                 "line holding a single dot, which here is message text, and ends in the middle of a word.",
        "look_for": [
            "`BDAT n` is followed by exactly n bytes, then the server's `250 2.0.0 Ok: n bytes`; there is no 354 and no final dot.",
            "The line `.` in the first chunk is not the end of the message and is not dot-stuffed: the byte count, not a dot, ends a chunk.",
            "The second chunk starts in the middle of the word 'count': chunks need not end at line ends.",
            "`250 2.0.0 Ok: (n+m) bytes queued as ...` answers the LAST chunk: only then is the message accepted.",
        ],
        "rfc": [
            "RFC 3030 §2 and §3: BDAT n is followed by exactly n octets, with no dot-stuffing and no end-of-data line; each chunk gets its own reply; LAST ends the message.",
            "RFC 3030 §4.2: a line with a single dot inside a chunk is data, not the SMTP end of data.",
        ],
        "transcript": [["EHLO 250", "MAIL 250", "RCPT bob@lab.example 250", "BDAT 250", "BDAT 250", "QUIT 221"]],
    },
    {
        "name": "smtp-starttls-injection", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "decode_as": {"2600": "smtp"}, "greeting_host": "fake.lab.example",
        "injected": "250 injected\r\n",
        "title": "STARTTLS response injection (CVE-2021-22947 shape): curl refuses the extra bytes",
        "credentials": [],
        "messages": [],
        "how": "The one fake server of the lab: `scripts/lab/starttls_inject.py` on 127.0.0.1:2600 answers STARTTLS "
               "with `220 2.0.0 Ready to start TLS` and `250 injected` in one write (one TCP segment). The client in "
               "front of it is the real curl (capture filter `{filter}`):",
        "shows": "curl --ssl-reqd asks for STARTTLS. The server's answer carries a second reply in the same segment, "
                 "bytes a man in the middle could add before the TLS handshake. curl 7.88 (fixed for CVE-2021-22947) "
                 "stops with `Weird server reply` and closes the connection without sending a Client Hello.",
        "look_for": [
            "One server segment holds `220 2.0.0 Ready to start TLS` **and** `250 injected`: nothing may follow the 220 before the handshake.",
            "The client sends nothing after STARTTLS: no TLS Client Hello, no further command; it closes.",
            "`250 injected` answers no command: an explanation must not pair it with STARTTLS or with a later command.",
            "This server is fake (its greeting says so); Postfix never sends extra bytes after its 220.",
        ],
        "rfc": [
            "RFC 3207 §4.2: after the handshake the client must discard what it learned from the server before TLS; bytes that arrived before the handshake must never be read as replies inside TLS.",
            "RFC 2920 §3.1: STARTTLS must be the last command of a pipelined group, so a correct server has nothing to say after its 220.",
            "CVE-2021-22947 (curl before 7.79.0 read such bytes as answers inside TLS).",
        ],
        "transcript": [["EHLO 250", "STARTTLS 220"]],
    },
    {
        "name": "smtp-snaplen-120", "kind": "snap120", "protocols": ["smtp"], "tls": None, "snaplen": 120,
        "title": "A capture cut at 120 bytes per frame (tcpdump -s 120): captured length < original length",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "Cut at 120 bytes", cut=True)],
        "shows": "An ordinary swaks session on port 25, recorded with `tcpdump -s 120`: every frame longer than 120 "
                 "bytes keeps only its first 120 (66 bytes of Ethernet, IP and TCP headers, 54 bytes of payload). The "
                 "EHLO reply and the message are cut; the short commands and replies are whole.",
        "look_for": [
            "The file header's snaplen is 120; a cut frame's record says 'captured 120 of 250 bytes' (incl_len < orig_len).",
            "The multi-line EHLO reply stops after a few extensions; the message stops in its first header lines. The Subject never reached the file.",
            "The server's `250 2.0.0 Ok: queued as ...` shows the message was accepted whole: the bytes were lost by the capture, not on the wire. TCP did not retransmit anything.",
        ],
        "rfc": [
            "pcap format (draft-ietf-opsawg-pcap §4 and §5): SnapLen in the file header; CapLen is what the record holds, OrigLen what was on the wire. Missing bytes are the capture's, not the sender's.",
            "RFC 9293 §3.4: the sequence numbers still count the whole segments, so the next segment follows without a gap.",
        ],
    },
    {
        "name": "smtp-tcp-reordered", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "TCP reordering: the pipelined DATA captured before the RCPT sent ahead of it",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "One write, one segment")],
        "how": "This kernel has no netem (`tc qdisc add dev lo root netem ...`: 'Specified qdisc kind is unknown'), so "
               "the reordering is not from the wire. A real session was recorded (capture filter `{filter}`) and "
               "`scripts/lab/reframe.py` swapped two adjacent client records in the file, bytes untouched, exchanging "
               "their timestamps so the file stays in time order:",
        "shows": "Python's smtplib with TCP_NODELAY pipelines `MAIL FROM`, `RCPT TO:<bob>`, `RCPT TO:<alice>` and `DATA` "
                 "in four segments, then writes the body in four more. In this file the segment with `DATA` comes "
                 "before the one with the second `RCPT TO`, as a capture point would see it if the network reordered them.",
        "look_for": [
            "Frame order is not byte order: the DATA segment's sequence number is 29 bytes higher than where the stream stands; the RCPT segment that fills the hole comes next.",
            "The server received the bytes in sequence order, so it saw RCPT before DATA: its replies (250, 250, 250, 354) answer MAIL, RCPT, RCPT, DATA.",
            "Wireshark marks the hole ('previous segment not captured') and the late segment ('out-of-order'); nothing was lost.",
        ],
        "rfc": [
            "RFC 9293 §3.4 and §3.10.7.4: the receiver orders data by sequence number and holds segments that arrive early until the gap is filled.",
            "RFC 2920 §3.2: replies follow the order of the commands in the byte stream, not the order of the frames in a capture.",
        ],
        "transcript": [["EHLO 250", "MAIL 250", "RCPT bob@lab.example 250", "RCPT alice@lab.example 250",
                        "DATA 354,250", "QUIT 221"]],
    },
    {
        "name": "smtp-tcp-duplicate", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "TCP duplication: one segment of the message captured twice",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "One write, one segment")],
        "how": "This kernel has no netem, so the duplicate is not from the wire. The same real session as "
               "smtp-tcp-reordered (capture filter `{filter}`); `scripts/lab/reframe.py` inserted a copy of the last "
               "body segment right after it (1 µs later), bytes untouched:",
        "shows": "The same session as smtp-tcp-reordered, in its real order, but the last segment of the message body "
                 "appears twice: same sequence number, same bytes.",
        "look_for": [
            "The second copy has the same sequence number and length as the first: it carries no new bytes.",
            "The message is the same as without the duplicate: a receiver (and a reader of the capture) uses those bytes once.",
            "Wireshark calls the copy a retransmission; it cannot tell a retransmission from a duplicate made by the network.",
        ],
        "rfc": [
            "RFC 9293 §3.10.7.4: a segment whose bytes were already received is acknowledged and its data dropped; duplicates never change the byte stream.",
        ],
        "transcript": [["EHLO 250", "MAIL 250", "RCPT bob@lab.example 250", "RCPT alice@lab.example 250",
                        "DATA 354,250", "QUIT 221"]],
    },
    {
        "name": "smtp-tcp-reordered-duplicate", "kind": "ether", "protocols": ["smtp"], "tls": None,
        "title": "TCP reordering and duplication in one direction of one SMTP session",
        "credentials": [],
        "messages": [msg("smtp", "DATA", "One write, one segment")],
        "how": "This kernel has no netem. The same real session as smtp-tcp-reordered (capture filter `{filter}`); "
               "`scripts/lab/reframe.py` swapped the same two client records and duplicated the last body segment, "
               "bytes untouched:",
        "shows": "Both effects in the client's direction: DATA captured before the second RCPT TO, and a body segment "
                 "captured twice. The server's direction is untouched.",
        "look_for": [
            "Rebuild the client's bytes by sequence number and the session reads exactly as in smtp-tcp-duplicate and smtp-tcp-reordered: the same commands, the same message.",
        ],
        "rfc": [
            "RFC 9293 §3.4 and §3.10.7.4 (ordering by sequence number; duplicates dropped).",
        ],
        "transcript": [["EHLO 250", "MAIL 250", "RCPT bob@lab.example 250", "RCPT alice@lab.example 250",
                        "DATA 354,250", "QUIT 221"]],
    },
    # --- POP3 states
    {
        "name": "pop3-quit-before-login", "kind": "ether", "protocols": ["pop3"], "tls": None,
        "title": "POP3 QUIT in the AUTHORIZATION state, before any login",
        "credentials": [],
        "messages": [],
        "shows": "poplib connects, reads the greeting and QUITs at once: `+OK Logging out`. No login, no mailbox.",
        "look_for": [
            "Only two lines: QUIT and `+OK Logging out`. Compare with pop3-dele-quit, where QUIT after a login says `messages deleted`.",
        ],
        "rfc": [
            "RFC 1939 §4 and §6: QUIT in the AUTHORIZATION state ends the session without entering the UPDATE state; nothing can be deleted because no mailbox was opened.",
        ],
    },
    {
        "name": "pop3-dele-quit", "kind": "ether", "protocols": ["pop3"], "tls": None, "tcp_streams": 2,
        "title": "POP3 DELE then QUIT: messages are removed in the UPDATE state (two sessions)",
        "credentials": [cred("pop3", "USER", "bob", "hunter2"), cred("pop3", "USER", "bob", "hunter2")],
        "messages": [],
        "shows": "poplib logs in, STAT says 3 messages, DELE 1 and DELE 2 are marked, STAT now says 1, and QUIT answers "
                 "`+OK Logging out, messages deleted.`. A second session logs in again and finds one message left.",
        "look_for": [
            "`DELE` answers `+OK Marked to be deleted.`: marked, not yet gone; STAT already leaves marked messages out.",
            "The deletion happens at QUIT (the UPDATE state); the second session's `STAT` and `LIST` show only one message, now numbered 1.",
        ],
        "rfc": [
            "RFC 1939 §5 (DELE): the message is marked; the server removes it only in the UPDATE state.",
            "RFC 1939 §6: QUIT in the TRANSACTION state enters UPDATE and removes the marked messages; message numbers start again at 1 in the next session.",
        ],
    },
    {
        "name": "pop3-dele-rset", "kind": "ether", "protocols": ["pop3"], "tls": None,
        "title": "POP3 DELE then RSET then QUIT: nothing is deleted",
        "credentials": [cred("pop3", "USER", "bob", "hunter2")],
        "messages": [],
        "shows": "DELE 1 marks a message (STAT: 2 messages), RSET unmarks it (STAT: 3 again) and QUIT leaves the "
                 "mailbox as it was: `+OK Logging out.` without 'messages deleted'.",
        "look_for": [
            "Compare the two QUIT replies: `+OK Logging out.` here, `+OK Logging out, messages deleted.` in pop3-dele-quit.",
        ],
        "rfc": [
            "RFC 1939 §5 (RSET): every message marked as deleted is unmarked.",
            "RFC 1939 §6: at QUIT only messages still marked are removed; here there are none.",
        ],
    },
    # --- IMAP
    {
        "name": "imap-uid-folders", "kind": "ether", "protocols": ["imap"], "tls": None,
        "title": "IMAP folders and UIDs: LIST special-use, CREATE, RENAME, STATUS, EXAMINE, UID FETCH/STORE/COPY/MOVE",
        "credentials": [cred("imap", "LOGIN", "alice", "wonderland")],
        "messages": [
            msg("imap", "FETCH", "Welcome to the IMAP lab"),
            msg("imap", "UID FETCH", "Welcome to the IMAP lab"),
            msg("imap", "UID FETCH", "Welcome to the IMAP lab"),
        ],
        "shows": "imaplib: LIST shows Drafts, Sent and Trash with their special-use attributes; CREATE Projects, RENAME "
                 "it to Archive; STATUS INBOX without selecting it; EXAMINE INBOX (read-only) and FETCH 1 (BODY[]) "
                 "there; SELECT INBOX; UID SEARCH UNSEEN; UID FETCH 1 (BODY.PEEK[]), (FLAGS) and (BODY[]); "
                 "UID STORE 2 +FLAGS (\\Seen); UID COPY 2 Archive; UID MOVE 3 Trash; STATUS Trash; DELETE Archive; LOGOUT.",
        "look_for": [
            "`* LIST (\\HasNoChildren \\Sent) \".\" Sent`: \\Sent, \\Drafts and \\Trash tell a client what the folder is for, whatever its name.",
            "EXAMINE: `* OK [PERMANENTFLAGS ()] Read-only mailbox.` and `[READ-ONLY]`; the FLAGS line lists flags that exist, PERMANENTFLAGS () says none can be changed here.",
            "In the read-only mailbox `FETCH 1 (BODY[])` returns no FLAGS: \\Seen is not set. After SELECT, `UID FETCH 1 (BODY.PEEK[])` does not set it either, `UID FETCH 1 (BODY[])` does (`FLAGS (\\Seen \\Recent)`).",
            "`UID COPY` answers `[COPYUID uidvalidity 2 1]`: message UID 2 here is UID 1 in Archive. `UID MOVE` sends `* 3 EXPUNGE` (a message sequence number, not the UID).",
            "STATUS answers with the items in the server's order (`MESSAGES 3 UIDNEXT 4 UNSEEN 3`), not the order asked.",
        ],
        "rfc": [
            "RFC 3501 §6.3.2 (EXAMINE: read-only, no change to the mailbox, \\Seen not set), §7.1 (PERMANENTFLAGS), §6.4.5 (BODY.PEEK does not set \\Seen; BODY[] does), §6.4.8 (UID commands: numbers are UIDs, but untagged FETCH/EXPUNGE still use sequence numbers).",
            "RFC 3501 §6.3.10 (STATUS: items in any order), §6.3.3-§6.3.5 (CREATE, DELETE, RENAME).",
            "RFC 6154 §2 (special-use attributes in LIST), RFC 6851 §3 (MOVE: COPYUID then EXPUNGE), RFC 4315 §3 (COPYUID).",
        ],
    },
    {
        "name": "imap-idle-keepalive", "kind": "ether", "protocols": ["imap"], "tls": None,
        "title": "IMAP IDLE keep-alives: the server's `* OK Still here`, then DONE",
        "credentials": [cred("imap", "LOGIN", "alice", "wonderland")],
        "messages": [],
        "shows": "For this lesson Dovecot runs with `imap_idle_notify_interval = 1 secs` (re-read on SIGHUP; the lab's "
                 "default is 2 mins). imaplib SELECTs INBOX and sends IDLE; with no new mail the server sends "
                 "`* OK Still here` every second; after two the client sends DONE and the IDLE completes.",
        "look_for": [
            "`* OK Still here` is an untagged status response: it answers no command and changes nothing; it keeps the connection (and NAT or firewall state) alive.",
            "IDLE's tagged `OK Idle completed` comes only after DONE.",
        ],
        "rfc": [
            "RFC 2177 §3: while idling the server may send untagged responses at any time; the client must not take them as the end of IDLE.",
            "RFC 3501 §7.1.1: an untagged OK is informational; without a tag it completes nothing.",
        ],
    },
    {
        "name": "imap-idle-no-done", "kind": "ether", "protocols": ["imap"], "tls": None,
        "idle_without_done": 1,
        "title": "IMAP IDLE left without DONE: the client disconnects",
        "credentials": [cred("imap", "LOGIN", "alice", "wonderland")],
        "messages": [],
        "shows": "imaplib SELECTs INBOX, sends IDLE, gets `+ idling`, and half a second later closes the socket: no DONE, "
                 "no LOGOUT. The IDLE command never gets its tagged response; the TCP connection ends with FIN.",
        "look_for": [
            "The last IMAP line is the server's `+ idling`; the last tagged command (IDLE) has no completion.",
            "Nothing failed on the protocol level: the client simply went away. Dovecot logs 'Disconnected in IDLE'.",
        ],
        "rfc": [
            "RFC 2177 §3: IDLE ends only with DONE; without it there is no tagged response.",
            "RFC 3501 §3.4 and §6.1.3: LOGOUT is the orderly end; a closed connection without it is not an error reply from the server.",
        ],
    },
    # --- TLS: certificate refused by the client
    {
        "name": "imaps-bad-certificate-tls13", "kind": "ether", "protocols": ["imap"], "tls": "implicit",
        "title": "TLS 1.3 failure: curl refuses the self-signed certificate and sends an unknown_ca alert (IMAPS 993)",
        "credentials": [],
        "messages": [],
        "shows": "curl without -k connects to port 993 and verifies the certificate against the system CA list. The "
                 "lab's certificate is self-signed, so curl sends a fatal alert (`unknown_ca`, 48) after the server's "
                 "flight and gives up (`SSL certificate problem: self-signed certificate`, exit 60). No IMAP was spoken "
                 "and no login sent, although the command named a user.",
        "look_for": [
            "The server's flight: Server Hello and Change Cipher Spec in clear, then 'Application Data' records: in TLS 1.3 the certificate is encrypted, so a passive observer cannot see which certificate was refused.",
            "The client's alert is a 7-byte record of type 21 (alert) in **clear text**: OpenSSL sends it before it has switched its own writing to the handshake keys, so tshark reads 'Fatal, Unknown CA'.",
            "The client then resets the connection (RST) after the server's FIN.",
        ],
        "rfc": [
            "RFC 8446 §6.2: unknown_ca (48) means the certificate chain could not be tied to a trusted CA; it is fatal.",
            "RFC 8446 §5 and §4.4: records are protected with the sender's current keys; the client's handshake keys are used for its own Finished, so an alert sent before that may be a plaintext record. An explanation should not claim every TLS 1.3 alert after ServerHello is encrypted.",
        ],
    },
    {
        "name": "imaps-bad-certificate-tls12", "kind": "ether", "protocols": ["imap"], "tls": "implicit",
        "title": "TLS 1.2 failure: curl refuses the self-signed certificate (unknown_ca, IMAPS 993)",
        "credentials": [],
        "messages": [],
        "shows": "The same as imaps-bad-certificate-tls13 with `curl --tlsv1.2 --tls-max 1.2`: the server's Certificate "
                 "travels in clear text (TLS 1.2), and curl answers with a plaintext fatal alert `unknown_ca` before "
                 "any key exchange of its own.",
        "look_for": [
            "Server Hello, Certificate, Server Key Exchange and Server Hello Done are all readable: the refused certificate (CN=mail.lab.example) can be seen in the capture.",
            "The client never sends its key exchange or Change Cipher Spec: the alert is its only answer.",
        ],
        "rfc": [
            "RFC 5246 §7.2.2: unknown_ca (48), a fatal alert; §7.4.2: the Certificate message in TLS 1.2 is not encrypted.",
        ],
    },
]

# The default sample comes first: plain-text SMTP with AUTH LOGIN, Ethernet pcap.
SAMPLES = [
    ("smtp-auth-login", "Sending a mail with SMTP AUTH LOGIN",
     "A complete SMTP submission in plain text: greeting, multi-line EHLO reply, AUTH LOGIN with "
     "base64 user name and password, MAIL FROM, RCPT TO, DATA and QUIT. Shows why base64 is not encryption."),
    ("pop3-session", "Reading mail with POP3",
     "Bob downloads his mail with POP3: USER/PASS, STAT, LIST, UIDL, TOP, RETR and DELE, "
     "with multi-line answers ended by a lone dot."),
    ("imap-session", "Reading mail with IMAP",
     "Alice reads her inbox with IMAP: tagged commands, SELECT, SEARCH and FETCH of whole messages "
     "as literals, including one with a PNG attachment."),
    ("smtp-starttls-587", "STARTTLS: where encryption begins",
     "The session starts in clear text and switches to TLS after STARTTLS; the login and the mail "
     "that follow cannot be read from the capture."),
    ("smtp-multipart-attachment", "A multipart mail with an attachment",
     "A multipart/mixed message with a text part and two base64 attachments (a text file and a PNG), "
     "separated by a MIME boundary."),
    ("multi-client", "Three mail clients at once",
     "SMTP, POP3 and IMAP sessions recorded in parallel: an IMAP client waiting in IDLE is told about "
     "the mail another client is sending over SMTP, while a third reads a mailbox over POP3."),
]


def fixture_file(f):
    return f["name"] + (".pcapng" if KINDS[f["kind"]][1] == "pcapng" else ".pcap")


def fixture_json(f):
    link_type, fmt, ts, _ = KINDS[f["kind"]]
    return {
        "file": fixture_file(f),
        "title": f["title"],
        "protocols": f["protocols"],
        "link_type": link_type,
        "format": fmt,
        "timestamp_resolution": ts,
        "decode_as": f.get("decode_as", {}),
        "tls": f["tls"],
        "ip_versions": f.get("ip_versions", [4]),
        "tcp_streams": f.get("tcp_streams", 1),
        "credentials": f["credentials"],
        "messages": f["messages"],
        **({"snaplen": f["snaplen"]} if "snaplen" in f else {}),
        **({"lmtp": f["lmtp"]} if "lmtp" in f else {}),
    }
