//! The mail sessions: what each side writes, as Postfix, Dovecot and the
//! usual clients write it, and what the manifest records of it.

use crate::mail::{self, dot_stuff, person, Person};
use crate::pcap::{frame_len, Ends};
use crate::tcp::{Conn, Eligible, Impairments, Side};
use crate::{CredentialInfo, MessageInfo, Protocol, StreamInfo};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::seq::SliceRandom;
use rand::Rng;

const SERVER_IP: [u8; 4] = [198, 51, 100, 10];
const SERVER_MAC: [u8; 6] = [0x52, 0x54, 0x00, 0x4d, 0x41, 0x49];
const GATEWAY_MAC: [u8; 6] = [0x00, 0x1b, 0x21, 0x3a, 0x7c, 0x01];
const HOST: &str = "mail.example.net";

/// A client machine.
struct Host {
    ip: [u8; 4],
    name: String,
    next_port: u16,
}

/// What lasts from one session to the next: client machines and their
/// ports, accounts, and the numbering of messages and streams.
pub struct World {
    /// Machines of the local network (POP3, IMAP, submission).
    users: Vec<Host>,
    /// Other mail servers (SMTP on port 25).
    relays: Vec<Host>,
    accounts: Vec<(Person, String)>,
    messages: u64,
}

impl World {
    pub fn new(rng: &mut impl Rng) -> World {
        let host = |rng: &mut dyn rand::RngCore, ip: [u8; 4], name: String| Host { ip, name, next_port: rng.gen_range(32_768..60_000) };
        let users = (0..48)
            .map(|i| host(rng, [10, 20, (i / 200) as u8, 10 + (i % 200) as u8], format!("ws{:03}.lan.example.net", i + 1)))
            .collect();
        let relays = (0..32)
            .map(|i| {
                host(
                    rng,
                    [203, 0, 113, 5 + i as u8 * 7],
                    format!("mx{}.{}", i % 3 + 1, ["example.org", "example.com", "corp.example"][i % 3]),
                )
            })
            .collect();
        let accounts = (0..64).map(|_| (person(rng), mail::password(rng))).collect();
        World { users, relays, accounts, messages: 0 }
    }
}

/// One write of one side.
struct Turn {
    side: Side,
    data: Vec<u8>,
    eligible: Vec<Eligible>,
}

/// A session being written down.
struct Script {
    protocol: Protocol,
    turns: Vec<Turn>,
    commands: Vec<String>,
    pipelined_writes: u32,
    messages: Vec<MessageInfo>,
    credentials: Vec<CredentialInfo>,
}

impl Script {
    fn new(protocol: Protocol) -> Script {
        Script { protocol, turns: Vec::new(), commands: Vec::new(), pipelined_writes: 0, messages: Vec::new(), credentials: Vec::new() }
    }
    fn server(&mut self, text: &str) {
        self.turns.push(Turn { side: Side::Server, data: text.as_bytes().to_vec(), eligible: Vec::new() });
    }
    /// A client write of one or more command lines (pipelining when more).
    fn client(&mut self, lines: &[&str]) {
        let mut data = Vec::new();
        for l in lines {
            let mut words = l.split(' ');
            if self.protocol == Protocol::Imap {
                words.next(); // the tag
            }
            let mut word = words.next().unwrap_or_default().split(':').next().unwrap_or_default().to_ascii_uppercase();
            if word == "UID" {
                word = format!("UID {}", words.next().unwrap_or_default().to_ascii_uppercase());
            }
            self.commands.push(word);
            data.extend_from_slice(l.as_bytes());
            data.extend_from_slice(b"\r\n");
        }
        if lines.len() > 1 {
            self.pipelined_writes += 1;
        }
        self.turns.push(Turn { side: Side::Client, data, eligible: Vec::new() });
    }
    /// A client line that is not a command (a SASL answer).
    fn client_data(&mut self, line: &str) {
        self.turns.push(Turn { side: Side::Client, data: format!("{line}\r\n").into_bytes(), eligible: Vec::new() });
    }
    /// A write holding a message at `offset`: its body ranges become eligible.
    fn with_message(&mut self, side: Side, data: Vec<u8>, offset: usize, ranges: &[std::ops::Range<usize>]) {
        let m = self.messages.len() - 1;
        let eligible = ranges.iter().map(|r| (offset + r.start..offset + r.end, m)).collect();
        self.turns.push(Turn { side, data, eligible });
    }
    fn message(&mut self, command: &str, m: &mail::Mail) {
        self.messages.push(MessageInfo {
            command: command.to_string(),
            subject: m.subject.clone(),
            size: m.bytes.len() as u64,
            attachments: m.attachments.clone(),
            lost_bytes: 0,
        });
    }
    fn credential(&mut self, mechanism: &str, user: &str, password: &str, accepted: bool) {
        self.credentials.push(CredentialInfo {
            mechanism: mechanism.to_string(),
            username: user.to_string(),
            password: password.to_string(),
            accepted,
        });
    }
}

/// A session ready to be written: its segments and what the manifest says.
pub struct Built {
    pub info: StreamInfo,
    pub ends: Ends,
    pub conn: Conn,
    /// Bytes its records take in the file.
    pub bytes: u64,
}

/// Message sizes: mostly small, some up to 50 KB.
fn message_size(rng: &mut impl Rng) -> usize {
    if rng.gen_ratio(1, 3) {
        rng.gen_range(2_048..8_000)
    } else {
        rng.gen_range(8_000..50_000)
    }
}

/// A message delivered to `to`'s mailbox some time before `secs`.
fn stored_mail(rng: &mut impl Rng, world: &mut World, to: &Person, secs: i64) -> mail::Mail {
    world.messages += 1;
    let from = person(rng);
    let (date, size) = (secs - rng.gen_range(600..86_400), message_size(rng));
    mail::mail(rng, world.messages, &from, to, date, size, true)
}

/// How many messages fit in what is left of the size asked for.
fn message_count(rng: &mut impl Rng, budget: u64, most: u32) -> u32 {
    let n = rng.gen_range(1..=most);
    n.min((budget / 30_000).max(1) as u32)
}

/// Builds the next session, starting at `time` (µs since the Unix epoch),
/// with about `budget` bytes left of the capture.
pub fn build(rng: &mut impl Rng, world: &mut World, time: u64, budget: u64, imp: &Impairments) -> Built {
    let roll = rng.gen_range(0..100);
    let (protocol, port) = match roll {
        0..=19 => (Protocol::Smtp, 25),
        20..=44 => (Protocol::Smtp, 587),
        45..=69 => (Protocol::Pop3, 110),
        _ => (Protocol::Imap, 143),
    };
    let hosts = if port == 25 { &mut world.relays } else { &mut world.users };
    let host = hosts.choose_mut(rng).unwrap();
    let client_port = host.next_port;
    host.next_port = if host.next_port >= 60_990 { 32_768 } else { host.next_port + rng.gen_range(1..8) };
    let (client_ip, client_name) = (host.ip, host.name.clone());
    let secs = (time / 1_000_000) as i64;
    let account = world.accounts.choose(rng).unwrap().clone();
    let script = match protocol {
        Protocol::Smtp => smtp(rng, world, port == 587, &client_name, &account, secs, budget),
        Protocol::Pop3 => pop3(rng, world, &account, secs, budget),
        Protocol::Imap => imap(rng, world, &account, secs, budget),
    };

    let mut conn = Conn::new(rng, time);
    conn.handshake(rng);
    for (i, t) in script.turns.iter().enumerate() {
        // The receiver's next write carries the ACK of this one.
        let answers = script.turns.get(i + 1).is_some_and(|next| next.side != t.side);
        conn.write(rng, t.side, &t.data, &t.eligible, answers, imp);
    }
    // Postfix and Dovecot close first after QUIT / LOGOUT; some IMAP
    // clients close as soon as they read the tagged OK.
    let first = if protocol == Protocol::Imap && rng.gen_ratio(1, 3) { Side::Client } else { Side::Server };
    conn.close(rng, first);

    let mut messages = script.messages;
    for &(m, bytes) in &conn.lost_per_message {
        messages[m].lost_bytes += bytes;
    }
    let bytes = conn.segments.iter().map(frame_len).sum();
    let fmt = |ip: [u8; 4], port: u16| format!("{}.{}.{}.{}:{port}", ip[0], ip[1], ip[2], ip[3]);
    let info = StreamInfo {
        // Numbered when its first packet is written (Wireshark's order).
        stream: u32::MAX,
        protocol,
        client: fmt(client_ip, client_port),
        server: fmt(SERVER_IP, port),
        packets: conn.segments.len() as u32,
        commands: script.commands,
        pipelined_writes: script.pipelined_writes,
        messages,
        credentials: script.credentials,
        damage: conn.damage,
    };
    let ends = Ends {
        mac: [GATEWAY_MAC, SERVER_MAC],
        ip: [client_ip, SERVER_IP],
        port: [client_port, port],
        ttl: [rng.gen_range(50..63), 64],
        ip_id: [rng.gen(), rng.gen()],
    };
    Built { info, ends, conn, bytes }
}

fn smtp(
    rng: &mut impl Rng,
    world: &mut World,
    submission: bool,
    client: &str,
    account: &(Person, String),
    secs: i64,
    budget: u64,
) -> Script {
    let mut s = Script::new(Protocol::Smtp);
    s.server(&format!("220 {HOST} ESMTP Postfix (Debian/GNU)\r\n"));
    s.client(&[&format!("EHLO {client}")]);
    let auth = if submission { "250-AUTH PLAIN LOGIN\r\n" } else { "" };
    s.server(&format!(
        "250-{HOST}\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250-VRFY\r\n250-ETRN\r\n{auth}250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250 SMTPUTF8\r\n"
    ));
    let (me, password) = account;
    if submission {
        // Now and then a mistyped password first.
        let tries: Vec<(String, bool)> = if rng.gen_ratio(1, 10) {
            vec![(format!("{password}x"), false), (password.clone(), true)]
        } else {
            vec![(password.clone(), true)]
        };
        for (pw, ok) in tries {
            let user = &me.address;
            if rng.gen_bool(0.5) {
                let blob = STANDARD.encode(format!("\0{user}\0{pw}"));
                s.client(&[&format!("AUTH PLAIN {blob}")]);
                s.credential("PLAIN", user, &pw, ok);
            } else {
                s.client(&["AUTH LOGIN"]);
                s.server("334 VXNlcm5hbWU6\r\n");
                s.client_data(&STANDARD.encode(user));
                s.server("334 UGFzc3dvcmQ6\r\n");
                s.client_data(&STANDARD.encode(&pw));
                s.credential("LOGIN", user, &pw, ok);
            }
            s.server(if ok {
                "235 2.7.0 Authentication successful\r\n"
            } else {
                "535 5.7.8 Error: authentication failed: authentication failure\r\n"
            });
        }
    }
    let count = message_count(rng, budget, 3);
    for k in 0..count {
        if k > 0 && rng.gen_ratio(1, 4) {
            s.client(&["RSET"]);
            s.server("250 2.0.0 Ok\r\n");
        }
        let from = if submission { me.clone() } else { person(rng) };
        let rcpts: Vec<Person> = (0..rng.gen_range(1..=3)).map(|_| world.accounts.choose(rng).unwrap().0.clone()).collect();
        world.messages += 1;
        let size = message_size(rng);
        let m = mail::mail(rng, world.messages, &from, &rcpts[0], secs, size, false);
        let mut lines = vec![format!("MAIL FROM:<{}> SIZE={}", from.address, m.bytes.len())];
        lines.extend(rcpts.iter().map(|r| format!("RCPT TO:<{}>", r.address)));
        lines.push("DATA".into());
        let mut replies = vec!["250 2.1.0 Ok".to_string()];
        replies.extend(rcpts.iter().map(|_| "250 2.1.5 Ok".to_string()));
        replies.push("354 End data with <CR><LF>.<CR><LF>".into());
        if rng.gen_ratio(7, 10) {
            // PIPELINING (RFC 2920): the envelope and DATA in one write, the replies in one.
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            s.client(&refs);
            s.server(&(replies.join("\r\n") + "\r\n"));
        } else {
            for (l, r) in lines.iter().zip(&replies) {
                s.client(&[l]);
                s.server(&format!("{r}\r\n"));
            }
        }
        s.message("DATA", &m);
        let (mut data, ranges) = dot_stuff(&m.bytes, &m.body_ranges);
        data.extend_from_slice(b".\r\n");
        s.with_message(Side::Client, data, 0, &ranges);
        s.server(&format!("250 2.0.0 Ok: queued as {}\r\n", mail::queue_id(rng)));
    }
    s.client(&["QUIT"]);
    s.server("221 2.0.0 Bye\r\n");
    s
}

fn pop3(rng: &mut impl Rng, world: &mut World, account: &(Person, String), secs: i64, budget: u64) -> Script {
    let mut s = Script::new(Protocol::Pop3);
    s.server("+OK Dovecot (Debian) ready.\r\n");
    s.client(&["CAPA"]);
    s.server("+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nUSER\r\nSASL PLAIN LOGIN\r\n.\r\n");
    let (me, password) = account;
    let user = me.address.split('@').next().unwrap_or_default().to_string();
    if rng.gen_ratio(1, 10) {
        let wrong = format!("{password}1");
        s.client(&[&format!("USER {user}")]);
        s.server("+OK\r\n");
        s.client(&[&format!("PASS {wrong}")]);
        s.server("-ERR [AUTH] Authentication failed.\r\n");
        s.credential("USER", &user, &wrong, false);
    }
    s.client(&[&format!("USER {user}")]);
    s.server("+OK\r\n");
    s.client(&[&format!("PASS {password}")]);
    s.server("+OK Logged in.\r\n");
    s.credential("USER", &user, password, true);

    let count = message_count(rng, budget, 4);
    let mails: Vec<mail::Mail> = (0..count).map(|_| stored_mail(rng, world, me, secs)).collect();
    let total: usize = mails.iter().map(|m| m.bytes.len()).sum();
    s.client(&["STAT"]);
    s.server(&format!("+OK {count} {total}\r\n"));
    s.client(&["LIST"]);
    let mut list = format!("+OK {count} messages:\r\n");
    for (i, m) in mails.iter().enumerate() {
        list += &format!("{} {}\r\n", i + 1, m.bytes.len());
    }
    s.server(&(list + ".\r\n"));
    if rng.gen_bool(0.5) {
        s.client(&["UIDL"]);
        let mut uidl = "+OK\r\n".to_string();
        for i in 0..count {
            uidl += &format!("{} {:08x}{:08x}\r\n", i + 1, rng.gen::<u32>(), 1_700_000_000 + i);
        }
        s.server(&(uidl + ".\r\n"));
    }
    let delete = rng.gen_bool(0.6);
    for (i, m) in mails.iter().enumerate() {
        s.client(&[&format!("RETR {}", i + 1)]);
        s.message("RETR", m);
        let head = format!("+OK {} octets\r\n", m.bytes.len());
        let (body, ranges) = dot_stuff(&m.bytes, &m.body_ranges);
        let mut data = head.clone().into_bytes();
        data.extend_from_slice(&body);
        data.extend_from_slice(b".\r\n");
        s.with_message(Side::Server, data, head.len(), &ranges);
        if delete {
            s.client(&[&format!("DELE {}", i + 1)]);
            s.server("+OK Marked to be deleted.\r\n");
        }
    }
    s.client(&["QUIT"]);
    s.server(if delete { "+OK Logging out, messages deleted.\r\n" } else { "+OK Logging out.\r\n" });
    s
}

const IMAP_CAPS: &str = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS \
THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE \
QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY LITERAL+ NOTIFY SPECIAL-USE";

fn imap(rng: &mut impl Rng, world: &mut World, account: &(Person, String), secs: i64, budget: u64) -> Script {
    let mut s = Script::new(Protocol::Imap);
    let mut tag = 0u32;
    let mut next_tag = || {
        tag += 1;
        format!("a{tag:03}")
    };
    s.server("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot (Debian) ready.\r\n");
    let (me, password) = account;
    if rng.gen_ratio(1, 10) {
        let t = next_tag();
        let wrong = format!("{password}!");
        s.client(&[&format!("{t} LOGIN \"{}\" \"{wrong}\"", me.address)]);
        s.server(&format!("{t} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"));
        s.credential("LOGIN", &me.address, &wrong, false);
    }
    let t = next_tag();
    s.client(&[&format!("{t} LOGIN \"{}\" \"{password}\"", me.address)]);
    s.server(&format!("{t} OK [CAPABILITY {IMAP_CAPS}] Logged in\r\n"));
    s.credential("LOGIN", &me.address, password, true);

    let count = message_count(rng, budget, 4);
    let mails: Vec<mail::Mail> = (0..count).map(|_| stored_mail(rng, world, me, secs)).collect();
    let uidvalidity = 1_700_000_000 + rng.gen_range(0..50_000_000u32);
    let t = next_tag();
    s.client(&[&format!("{t} SELECT INBOX")]);
    s.server(&format!(
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n\
* {count} EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY {uidvalidity}] UIDs valid\r\n* OK [UIDNEXT {}] Predicted next UID\r\n\
{t} OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n",
        count + 1
    ));
    let t = next_tag();
    s.client(&[&format!("{t} FETCH 1:{count} (UID RFC822.SIZE FLAGS)")]);
    let mut listing = String::new();
    for (i, m) in mails.iter().enumerate() {
        listing += &format!("* {} FETCH (UID {} RFC822.SIZE {} FLAGS ())\r\n", i + 1, i + 1, m.bytes.len());
    }
    s.server(&format!("{listing}{t} OK Fetch completed (0.001 + 0.000 secs).\r\n"));
    for (i, m) in mails.iter().enumerate() {
        let t = next_tag();
        let uid = rng.gen_bool(0.5);
        let (n, command) = (i + 1, if uid { "UID FETCH" } else { "FETCH" });
        s.client(&[&format!("{t} {command} {n} (UID RFC822.SIZE BODY.PEEK[])")]);
        s.message(command, m);
        let head = format!("* {n} FETCH (UID {n} RFC822.SIZE {} BODY[] {{{}}}\r\n", m.bytes.len(), m.bytes.len());
        let mut data = head.clone().into_bytes();
        data.extend_from_slice(&m.bytes);
        data.extend_from_slice(format!(")\r\n{t} OK Fetch completed (0.002 + 0.000 + 0.001 secs).\r\n").as_bytes());
        s.with_message(Side::Server, data, head.len(), &m.body_ranges);
    }
    // A sent message saved to the Sent folder, as a client does after SMTP.
    if rng.gen_ratio(2, 3) {
        world.messages += 1;
        let to = person(rng);
        let size = message_size(rng);
        let m = mail::mail(rng, world.messages, me, &to, secs, size, false);
        let t = next_tag();
        let sync = rng.gen_bool(0.5);
        let line = format!("{t} APPEND Sent (\\Seen) {{{}{}}}", m.bytes.len(), if sync { "" } else { "+" });
        s.message("APPEND", &m);
        let mut data = Vec::new();
        if sync {
            // A synchronising literal: the server's go-ahead first.
            s.client(&[&line]);
            s.server("+ OK\r\n");
        } else {
            // LITERAL+ (RFC 7888): the command line and the literal in one write.
            let word = "APPEND".to_string();
            s.commands.push(word);
            data.extend_from_slice(line.as_bytes());
            data.extend_from_slice(b"\r\n");
        }
        let offset = data.len();
        data.extend_from_slice(&m.bytes);
        data.extend_from_slice(b"\r\n");
        s.with_message(Side::Client, data, offset, &m.body_ranges);
        s.server(&format!("{t} OK [APPENDUID {uidvalidity} {}] Append completed (0.004 + 0.000 + 0.003 secs).\r\n", count + 1));
    }
    let t = next_tag();
    s.client(&[&format!("{t} LOGOUT")]);
    s.server(&format!("* BYE Logging out\r\n{t} OK Logout completed (0.001 + 0.000 secs).\r\n"));
    s
}
