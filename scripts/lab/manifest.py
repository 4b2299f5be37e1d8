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


def msg(protocol, via, subject, attachments=(), encrypted=False, subject_raw=None):
    m = {"protocol": protocol, "via": via, "subject": subject}
    if subject_raw is not None:
        m["subject_raw"] = subject_raw
    m["attachments"] = list(attachments)
    m["encrypted"] = encrypted
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
    }
