//! SMTP (RFC 5321) with the extensions seen in practice: ESMTP (EHLO),
//! PIPELINING (replies matched to commands in order), STARTTLS, AUTH
//! (RFC 4954) and CHUNKING/BDAT (RFC 3030).
//!
//! The client side is read as commands, except after DATA (message lines up
//! to a lone dot), after BDAT n (exactly n bytes) and during AUTH (SASL
//! lines until the server's final reply). The server side is read as replies:
//! a three-digit code, a dash for "more lines follow" or a space for the last.

use super::dialogue::{command_word, no_tls_followed, split_word, unknown_command, ContentRun, Login};
use super::framer::{Unit, Want};
use super::{Io, Next, Out, Session};
use crate::explain::{self, Arg, Explain, Sep};
use crate::message::Collector;
use crate::model::{Dir, LineKind};
use std::collections::VecDeque;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Client {
    Command,
    /// Message lines after DATA, until a lone dot.
    Data,
    /// Counted message bytes after BDAT.
    Bdat {
        remaining: u64,
    },
    /// SASL answers after AUTH.
    Sasl,
}

/// What sets a dialect of SMTP apart: LMTP (RFC 2033) says hello with LHLO
/// and answers the end of a message once for each accepted recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// The catalogue's prefix for its own explanations ("lmtp"); SMTP's are the fallback.
    pub name: &'static str,
    /// The hello command that asks for the extensions (EHLO, LHLO).
    pub hello: &'static str,
    /// After the end of a message, one reply per recipient that RCPT accepted (RFC 2033 §4.2).
    pub reply_per_recipient: bool,
}

/// SMTP itself (RFC 5321).
pub const SMTP: Dialect = Dialect { name: "smtp", hello: "EHLO", reply_per_recipient: false };

impl Default for Dialect {
    fn default() -> Self {
        SMTP
    }
}

impl Dialect {
    /// The dialect's own key for each `smtp.` key, tried before it.
    fn keys(self, keys: &[&str]) -> Vec<String> {
        let mut out = Vec::with_capacity(keys.len() * 2);
        for k in keys {
            if let (Some(rest), false) = (k.strip_prefix("smtp."), self.name == "smtp") {
                out.push(format!("{}.{rest}", self.name));
            }
            out.push(k.to_string());
        }
        out
    }
    fn text(self, keys: &[&str], args: &[&str]) -> Explain {
        self.with(keys, args.iter().map(|a| Arg::from(*a)).collect())
    }
    fn with(self, keys: &[&str], args: Vec<Arg>) -> Explain {
        if self.name == "smtp" {
            return explain::with(keys, args);
        }
        let keys = self.keys(keys);
        explain::with(&keys.iter().map(String::as_str).collect::<Vec<_>>(), args)
    }
}

/// A command waiting for its reply.
#[derive(Debug)]
struct Cmd {
    verb: String,
    /// The argument that names what the reply is about (address, domain, size).
    arg: String,
    /// The command's line number in the stream (a reply names it as the line it answers).
    line: u32,
    /// BDAT ... LAST: the reply ends the message.
    last: bool,
    /// The end of a message (the lone dot after DATA); `arg` names the recipient in LMTP.
    ends_data: bool,
}

/// The reply being read (several lines when the code is followed by a dash).
#[derive(Debug)]
struct Reply {
    lines: usize,
    /// The command it answers ("" for the greeting or an unsolicited reply).
    verb: String,
}

#[derive(Debug, Default)]
pub struct Smtp {
    dialect: Dialect,
    /// Recipients the server accepted in this transaction (their RCPT got a 2xx).
    accepted: Vec<String>,
    io: Io,
    client: Option<Client>,
    queue: VecDeque<Cmd>,
    greeted: bool,
    reply: Option<Reply>,
    login: Login,
    /// Message lines: after DATA, and cut from BDAT chunks.
    content: ContentRun,
    data_lines: usize,
    bdat_last: bool,
    /// The message being sent (DATA or BDAT chunks).
    msg: Option<Collector>,
    /// The server refused the MAIL FROM of the transaction being built (RFC 5321 §3.3: none is open then).
    mail_refused: bool,
    /// A MAIL FROM was accepted and its transaction has not ended (RFC 5321 §3.3).
    mail_open: bool,
    /// The largest message the server said it accepts (SIZE in its EHLO reply, RFC 1870 §4).
    size_limit: Option<u64>,
    /// Bytes of the last message sent, as it ended (for a reply that refuses it as too big).
    sent_size: Option<u64>,
    /// The SIZE= the client announced in MAIL FROM.
    mail_size: Option<u64>,
    /// The server agreed to STARTTLS; the next EHLO should be inside TLS.
    starttls: bool,
    /// The server listed PIPELINING in its EHLO reply.
    pipelining: bool,
    /// The server answered DATA with 354: the message lines that follow are its to read.
    data_accepted: bool,
    /// Something came from the server (a line, or bytes lost to a gap) since the last command.
    heard: bool,
    quit: bool,
    /// The last command was read after a login exchange whose verdict is not in the capture yet.
    sasl_ended: bool,
}

const KNOWN: [&str; 23] = [
    "HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "VRFY", "EXPN", "HELP", "NOOP", "QUIT", "STARTTLS", "AUTH", "ETRN", "ATRN",
    "TURN", "SEND", "SOML", "SAML", "BURL", "XCLIENT", "XFORWARD",
];

/// The verb a reply is matched to when the client line it answers was not a command.
const NOT_A_COMMAND: &str = "(not a command)";

/// The enhanced status code (RFC 3463) after a reply code, if the text starts with one.
fn enhanced_code(rest: &str, class: u8) -> Option<&str> {
    let word = rest.split_whitespace().next()?;
    (word.as_bytes().first() == Some(&class) && word.matches('.').count() == 2).then_some(word)
}

/// Explains MAIL FROM / RCPT TO parameters (`SIZE=1234 BODY=8BITMIME`).
fn params_text(arg: &str) -> Explain {
    let after = match arg.find('>') {
        Some(i) => &arg[i + 1..],
        None => arg.split_once(':').map_or("", |(_, r)| r.trim_start().split_once(' ').map_or("", |(_, p)| p)),
    };
    let parts: Vec<Explain> = after
        .split_whitespace()
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let k = k.to_ascii_uppercase();
            let specific = format!("smtp.param.{k}.{}", v.to_ascii_uppercase());
            explain::fragment(&[&specific, &format!("smtp.param.{k}"), "smtp.param.other"], &[if v.is_empty() { p } else { v }])
        })
        .collect();
    if parts.is_empty() {
        return Explain::none();
    }
    explain::fragment_with(&["smtp.params"], vec![explain::list(parts, Sep::Semicolon)])
}

/// The mechanisms of an AUTH line (or a POP3 SASL capability), each described.
pub(crate) fn mechanisms_text(list: &str) -> Arg {
    let mechs = list
        .split_whitespace()
        .map(|m| explain::fragment(&[&format!("smtp.mech.{}", m.to_ascii_uppercase()), "smtp.mech.other"], &[m]))
        .collect();
    explain::list(mechs, Sep::Semicolon)
}

/// The address in `FROM:<a@b> SIZE=10` or `TO: <a@b>`.
fn address(arg: &str) -> String {
    if let (Some(a), Some(b)) = (arg.find('<'), arg.find('>')) {
        if a < b {
            return arg[a..=b].to_string();
        }
    }
    let after = arg.split_once(':').map_or(arg, |(_, r)| r).trim();
    after.split_whitespace().next().unwrap_or("").to_string()
}

/// The queue id in a reply to the end of DATA ("queued as 4F2A1", "id=1Mugho-0003Dg-Un").
fn queue_id(text: &str) -> Explain {
    let lower = text.to_ascii_lowercase();
    for marker in ["queued as ", "id="] {
        if let Some(i) = lower.find(marker) {
            let id: String = text[i + marker.len()..].chars().take_while(|c| !c.is_whitespace() && *c != ')').collect();
            let id = id.trim_end_matches([',', ';', '.', ']']);
            if !id.is_empty() {
                return explain::fragment(&["smtp.queue_id"], &[id]);
            }
        }
    }
    Explain::none()
}

/// The SIZE=n parameter of MAIL FROM (RFC 1870), the client's estimate.
fn size_param(arg: &str) -> Option<u64> {
    arg.split_whitespace().find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if k.eq_ignore_ascii_case("SIZE") {
            v.parse().ok()
        } else {
            None
        }
    })
}

impl Smtp {
    /// A session of a dialect of SMTP.
    pub fn with_dialect(dialect: Dialect) -> Smtp {
        Smtp { dialect, ..Smtp::default() }
    }

    /// Hands the message being sent to the record; `early` when its end was not seen.
    fn end_message(&mut self, frame: u32, early: bool, out: &mut Out<'_>) {
        if let Some(mut m) = self.msg.take() {
            self.sent_size = Some(m.size());
            m.ends_in(frame);
            out.message(m, early);
        }
    }

    fn mode(&self) -> Client {
        self.client.unwrap_or(Client::Command)
    }

    fn want(&self, dir: Dir) -> Want {
        match (dir, self.mode()) {
            (Dir::Client, Client::Bdat { remaining }) => Want::Bytes(remaining),
            _ => Want::Line,
        }
    }

    fn pump(&mut self, dir: Dir, out: &mut Out<'_>) {
        loop {
            let want = self.want(dir);
            match self.io.next(dir, want, out) {
                Next::Wait => return,
                Next::Unit(Unit::Line { bytes, frame, .. }) => match dir {
                    Dir::Client => self.client_line(&bytes, frame, out),
                    Dir::Server => self.server_line(&bytes, frame, out),
                },
                Next::Unit(Unit::More { bytes, frame, .. }) => {
                    // The rest of a long message line is still the message's (its item counted it).
                    if let (Dir::Client, Client::Data, Some(m)) = (dir, self.mode(), &mut self.msg) {
                        m.dot_line(&bytes, self.io.line_end(Dir::Client), frame);
                    }
                }
                Next::Unit(Unit::Bytes { bytes, frame, .. }) => self.bdat_bytes(&bytes, frame, out),
                Next::Unit(Unit::Tls { .. }) => {}
            }
        }
    }

    fn bdat_bytes(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        let Client::Bdat { remaining } = self.mode() else {
            return;
        };
        self.content.bytes(bytes, frame, Dir::Client, out);
        if let Some(m) = &mut self.msg {
            m.bytes(bytes, frame);
        }
        let left = remaining.saturating_sub(bytes.len() as u64);
        self.client = Some(if left == 0 { Client::Command } else { Client::Bdat { remaining: left } });
        if left == 0 && self.bdat_last {
            self.content.flush(Dir::Client, out);
            self.end_message(frame, false, out);
        }
    }

    fn client_line(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        match self.mode() {
            Client::Data => {
                if bytes == b"." {
                    let d = self.dialect;
                    let recipients = self.accepted.len().to_string();
                    let explain = d.text(&["smtp.data.end"], &[&recipients]);
                    let line = out.line(Dir::Client, frame, LineKind::Content, None, bytes, explain, None);
                    self.client = Some(Client::Command);
                    let ends = |arg: String| Cmd { verb: "DATA".into(), arg, line, last: false, ends_data: true };
                    if d.reply_per_recipient && !self.accepted.is_empty() {
                        // One reply will come for each recipient, in the order RCPT accepted them.
                        for r in std::mem::take(&mut self.accepted) {
                            self.queue.push_back(ends(r));
                        }
                    } else {
                        self.accepted.clear();
                        self.queue.push_back(ends("end".into()));
                    }
                    self.end_message(frame, false, out);
                    return;
                }
                let eol = self.io.line_end(Dir::Client);
                if let Some(m) = &mut self.msg {
                    m.dot_line(bytes, eol, frame);
                }
                self.data_lines += 1;
                if self.content.lines.elide(Dir::Client, frame, (bytes.len() + eol.len()) as u64, false, out) {
                    return;
                }
                let explain =
                    if bytes.starts_with(b"..") { explain::text(&["smtp.data.stuffed"], &[]) } else { self.content.lines.explain(bytes) };
                let decoded = self.content.lines.take_decoded();
                out.line(Dir::Client, frame, LineKind::Content, None, bytes, explain, decoded);
            }
            Client::Sasl => {
                let text = crate::mail::lossy(bytes).into_owned();
                // The server's verdict on the login may come late in the capture
                // (or not at all): a command after a complete exchange is a command.
                if self.login.moved_on(&text, &KNOWN) {
                    self.client = Some(Client::Command);
                    self.sasl_ended = true;
                    self.command(bytes, frame, out);
                    return;
                }
                self.login.answer(bytes, frame, out);
            }
            Client::Bdat { .. } => {}
            Client::Command => self.command(bytes, frame, out),
        }
    }

    fn command(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        let text = crate::mail::lossy(bytes).into_owned();
        let (word, rest) = split_word(&text);
        let verb = word.to_ascii_uppercase();
        let d = self.dialect;
        let known = KNOWN.contains(&verb.as_str()) || verb == d.hello;
        let ended = std::mem::take(&mut self.sasl_ended);
        if !command_word(word) {
            // Not a command at all: an empty line, or binary bytes. The server still answers it.
            let binary = text.chars().any(|c| c.is_control() && c != '\t' || c == '\u{fffd}');
            let key = match () {
                _ if text.trim().is_empty() => "smtp.cmd.empty",
                _ if binary => "smtp.cmd.binary",
                _ => "smtp.cmd.not_command",
            };
            let line = out.line(Dir::Client, frame, LineKind::Other, None, bytes, explain::text(&[key], &[]), None);
            self.queue.push_back(Cmd { verb: NOT_A_COMMAND.into(), arg: String::new(), line, last: false, ends_data: false });
            return;
        }
        let mut decoded = None;
        let mut arg = rest.to_string();
        if verb != "BDAT" {
            // A BDAT transfer left without its LAST chunk was abandoned.
            self.end_message(frame, true, out);
        }
        let mut last = false;
        let explain = match verb.as_str() {
            "HELO" => d.text(&["smtp.cmd.HELO"], &[rest]),
            v if v == "EHLO" || v == d.hello => {
                // Read in the clear after STARTTLS, the second EHLO is odd; read from decrypted records, it is as it should be.
                let key = if out.decrypted[Dir::Client.index()] {
                    "smtp.cmd.EHLO.after_starttls.decrypted"
                } else {
                    "smtp.cmd.EHLO.after_starttls"
                };
                let again = if self.starttls { explain::text(&[key], &[]) } else { Explain::none() };
                self.starttls = false;
                explain::join([d.text(&[&format!("smtp.cmd.{verb}")], &[rest]), again])
            }
            "MAIL" | "RCPT" => {
                if verb == "MAIL" {
                    self.mail_size = size_param(rest);
                    let utf8 = rest.split_whitespace().skip(1).any(|p| p.eq_ignore_ascii_case("SMTPUTF8"));
                    self.content.lines.smtputf8 = Some(utf8);
                    self.accepted.clear();
                }
                arg = address(rest);
                let null = if verb == "MAIL" && arg == "<>" { explain::text(&["smtp.cmd.MAIL.null"], &[]) } else { Explain::none() };
                explain::join([explain::text(&[&format!("smtp.cmd.{verb}")], &[&arg]), null, params_text(rest)])
            }
            "DATA" => {
                self.client = Some(Client::Data);
                self.data_lines = 0;
                self.content.lines.reset();
                self.msg = Some(Collector::new(Dir::Client, "DATA", frame).declared(self.mail_size));
                self.data_accepted = false;
                d.text(&["smtp.cmd.DATA"], &[])
            }
            "BDAT" => {
                let (size, tail) = split_word(rest.trim_end());
                let tail_ok = tail.is_empty() || tail.eq_ignore_ascii_case("LAST");
                let digits = !size.is_empty() && size.bytes().all(|b| b.is_ascii_digit());
                match size.parse::<u64>() {
                    _ if !digits => explain::text(&["smtp.cmd.BDAT.bad_size"], &[size]),
                    Ok(n) if n <= i64::MAX as u64 && tail_ok => {
                        last = !tail.is_empty();
                        self.bdat_last = last;
                        let m = self.msg.get_or_insert_with(|| Collector::new(Dir::Client, "BDAT", frame));
                        m.declare_more(n);
                        if n > 0 {
                            self.client = Some(Client::Bdat { remaining: n });
                        } else if self.bdat_last {
                            self.end_message(frame, false, out);
                        }
                        arg = n.to_string();
                        let key = match (n, last) {
                            (0, true) => "smtp.cmd.BDAT.zero_last",
                            (_, true) => "smtp.cmd.BDAT.last",
                            _ => "smtp.cmd.BDAT",
                        };
                        explain::text(&[key], &[&arg])
                    }
                    Ok(n) if n <= i64::MAX as u64 => explain::text(&["smtp.cmd.BDAT.bad_tail"], &[size, tail]),
                    _ => explain::text(&["smtp.cmd.BDAT.too_big"], &[size]),
                }
            }
            "AUTH" => {
                let (mech, initial) = split_word(rest);
                let (mech, step) = self.login.begin(mech, crate::model::Protocol::Smtp, initial);
                let mut ir_note = Explain::none();
                if let Some(step) = step {
                    decoded = step.decoded;
                    ir_note = explain::join([explain::text(&["smtp.cmd.AUTH.initial"], &[]), step.explain]);
                }
                let key = format!("smtp.cmd.AUTH.{mech}");
                self.client = Some(Client::Sasl);
                arg = mech.clone();
                // Inside decrypted TLS, "anyone on the path can read it" is not true: say what protected it.
                let tls = format!("{key}.tls");
                let keys: &[&str] =
                    if out.decrypted[Dir::Client.index()] { &[&tls, &key, "smtp.cmd.AUTH"] } else { &[&key, "smtp.cmd.AUTH"] };
                explain::join([explain::text(keys, &[&mech]), ir_note])
            }
            "QUIT" => {
                self.quit = true;
                explain::text(&["smtp.cmd.QUIT"], &[])
            }
            "ETRN" | "VRFY" | "EXPN" => explain::text(&[&format!("smtp.cmd.{verb}")], &[rest]),
            "RSET" => {
                self.accepted.clear();
                d.text(&["smtp.cmd.RSET"], &[rest])
            }
            _ if known => d.text(&[&format!("smtp.cmd.{verb}")], &[rest]),
            // What the server made of it is in its answer, told from the conversation.
            _ => {
                let key = if verb.starts_with('X') { "smtp.cmd.vendor" } else { "smtp.cmd.unknown" };
                unknown_command(key, &verb, Some(*out.lines))
            }
        };
        let explain = if ended { explain::join([explain::text(&["smtp.sasl.ended"], &[]), explain]) } else { explain };
        // Sent before the previous command's reply was seen: pipelining (RFC 2920).
        let heard = std::mem::replace(&mut self.heard, false);
        let waiting =
            self.queue.back().filter(|_| self.greeted && !heard).map(|c| if c.ends_data { "DATA".to_string() } else { c.verb.clone() });
        let explain = match waiting {
            Some(prev) if prev != NOT_A_COMMAND => {
                let key = if self.pipelining { "smtp.pipelined" } else { "smtp.pipelined.unannounced" };
                explain::join([explain, explain::text(&[key], &[&prev])])
            }
            _ => explain,
        };
        let line = out.line(Dir::Client, frame, LineKind::Command, Some(verb.clone()), bytes, explain, decoded);
        self.login.flush(frame, out);
        self.queue.push_back(Cmd { verb, arg, line, last, ends_data: false });
    }

    fn server_line(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        let d = self.dialect;
        self.heard = true;
        let text = crate::mail::lossy(bytes).into_owned();
        // (Unsolicited only: a reply to a command the client sent in the clear instead of TLS answers it.)
        if self.starttls && !self.io.tls[Dir::Server.index()].on && self.reply.is_none() && self.queue.is_empty() {
            // Plain text from the server after it agreed to STARTTLS, before any TLS:
            // a client must ignore it (RFC 3207 §4.2); curl's CVE-2021-22947 kept it.
            out.line(Dir::Server, frame, LineKind::Other, None, bytes, explain::text(&["smtp.starttls.injected"], &[]), None);
            return;
        }
        let code_ok = bytes.len() >= 3 && bytes[..3].iter().all(u8::is_ascii_digit) && matches!(bytes.get(3), None | Some(b' ' | b'-'));
        if !code_ok {
            // A line without a reply code; say what it still carries (an enhanced status code).
            let first = text.split_whitespace().next().unwrap_or("");
            let explain = match explain::status_code(first) {
                Some(esc) => explain::join([explain::text(&["smtp.reply.bad.esc"], &[]), esc]),
                None => explain::text(&["smtp.reply.bad"], &[]),
            };
            out.line(Dir::Server, frame, LineKind::Other, None, bytes, explain, None);
            return;
        }
        let code = &text[..3];
        // A reply while the client is still sending the message: the line with the lone dot
        // that ended it is not in the capture, but the server had it (RFC 5321 §4.1.1.4 replies only after it).
        let mut end_unseen = false;
        if self.mode() == Client::Data && self.data_accepted && self.data_lines > 0 && self.reply.is_none() && code != "354" {
            self.client = Some(Client::Command);
            let line = out.lines.saturating_sub(1);
            self.queue.push_front(Cmd { verb: "DATA".into(), arg: "end".into(), line, last: false, ends_data: true });
            self.end_message(frame, false, out);
            end_unseen = true;
        }
        let class = bytes[0];
        let last = bytes.get(3) != Some(&b'-');
        let rest = text.get(4..).unwrap_or("").to_string();
        let first = self.reply.is_none();
        let greeted = self.greeted;
        let reply = self.reply.get_or_insert_with(|| Reply {
            lines: 0,
            // The first reply of a session is the greeting, even when the
            // client already sent commands (PIPE_CONNECT, or a client that
            // does not wait).
            verb: if greeted { self.queue.front().map(|c| c.verb.clone()).unwrap_or_default() } else { String::new() },
        });
        reply.lines += 1;
        let verb = reply.verb.clone();
        let cmd = if verb.is_empty() { None } else { self.queue.front() };
        let cmd_arg = cmd.map(|c| c.arg.clone()).unwrap_or_default();
        let cmd_last = cmd.is_some_and(|c| c.last);
        let per_recipient = d.reply_per_recipient && cmd.is_some_and(|c| c.ends_data) && cmd_arg != "end";
        let greeting = verb.is_empty() && !self.greeted;
        let mut decoded = None;
        let esc = enhanced_code(&rest, class).and_then(explain::status_code).unwrap_or_default();

        let explain = if !first {
            if (verb == "EHLO" || verb == d.hello) && !greeting {
                self.ehlo_line(&rest)
            } else {
                explain::join([explain::text(&["smtp.reply.continued"], &[]), esc])
            }
        } else if greeting {
            // A client that spoke first did not wait for the greeting (or pipelines it, PIPE_CONNECT).
            let early = if self.queue.is_empty() { Explain::none() } else { explain::text(&["smtp.reply.greeting.late"], &[]) };
            explain::join([d.text(&[&format!("smtp.reply.greeting.{code}"), "smtp.reply.greeting"], &[code]), esc, early])
        } else if code == "334" {
            let base = explain::text(&["smtp.reply.334"], &[]);
            match self.login.challenge(&rest) {
                Some(step) => {
                    decoded = step.decoded;
                    explain::join([base, step.explain])
                }
                None => base,
            }
        } else {
            let c = code.chars().next().unwrap_or('0');
            let extra = match verb.as_str() {
                "DATA" => queue_id(&text),
                "BDAT" if cmd_last => queue_id(&text),
                _ => Explain::none(),
            };
            let specific = match () {
                _ if verb == "BDAT" && cmd_last => format!("smtp.reply.{code}.BDAT.last"),
                // RFC 3207 §4's own example: "530 Must issue a STARTTLS command first".
                _ if code == "530" && text.to_ascii_uppercase().contains("STARTTLS") => "smtp.reply.530.starttls".to_string(),
                // "5.7.1 ... not logged in": a policy that wants AUTH first, not a relay refusal (RFC 4954 §6).
                _ if enhanced_code(&rest, class) == Some("5.7.1")
                    && verb == "RCPT"
                    && text.to_ascii_lowercase().contains("not logged in") =>
                {
                    "smtp.reply.esc.5.7.1.RCPT.login".to_string()
                }
                _ => format!("smtp.reply.{code}.{verb}"),
            };
            // An enhanced status code says more than the basic code for its command (RFC 3463, RFC 5321 §4.2).
            let esc_code = enhanced_code(&rest, class).unwrap_or("");
            let by_esc = [format!("smtp.reply.esc.{esc_code}.{verb}"), format!("smtp.reply.esc.{esc_code}")];
            let class_key = if matches!(c, '2'..='5') { format!("smtp.reply.class.{c}") } else { "smtp.reply.class.other".to_string() };
            // Without a sender, a recipient or a message cannot be taken (RFC 5321 §3.3, §4.1.4).
            let no_sender = self.mail_refused && matches!(verb.as_str(), "RCPT" | "DATA" | "BDAT");
            // 500-504 are syntax and sequence errors (RFC 5321 §4.2.2): to MAIL, RCPT or DATA they refuse
            // the command, not the address or the message the class's meaning for the command speaks of.
            // (A refused BDAT chunk fails the transaction whatever the code, RFC 3030 §2; EHLO's and AUTH's
            // class meanings, and a dialect's own, stay first.)
            let syntax = matches!(code, "500" | "501" | "502" | "503" | "504") && matches!(verb.as_str(), "MAIL" | "RCPT" | "DATA");
            // A refused BDAT with no transaction open refuses no message (RFC 3030 §2, RFC 5321 §3.3).
            let bdat_alone = verb == "BDAT" && c == '5' && !self.mail_open && !self.mail_refused;
            let keys = [
                if no_sender { format!("smtp.reply.{code}.{verb}.no_sender") } else { String::new() },
                if bdat_alone { "smtp.reply.5xx.BDAT.no_transaction".to_string() } else { String::new() },
                if per_recipient { format!("smtp.reply.{code}.DATA.rcpt") } else { specific.clone() },
                if per_recipient { format!("smtp.reply.{c}xx.DATA.rcpt") } else { specific },
                format!("smtp.reply.{code}.{verb}"),
                if syntax { format!("smtp.reply.{code}") } else { String::new() },
                by_esc[0].clone(),
                by_esc[1].clone(),
                // Codes whose meaning does not depend on the command (530: log in first).
                format!("smtp.reply.{code}.any"),
                format!("smtp.reply.{c}xx.{verb}"),
                format!("smtp.reply.{code}"),
                class_key,
            ];
            let keys: Vec<&str> = keys.iter().map(String::as_str).filter(|k| !k.is_empty()).collect();
            // A failure reply no command waits for: the code's meaning for a command (451 "the server
            // failed") would not be true; the server may speak on its own before it closes (RFC 5321 §3.8).
            let unsolicited = verb.is_empty() && !self.quit && matches!(c, '4' | '5') && code != "421";
            // Bytes of a TLS handshake sent to a server that speaks plain SMTP: it reads them as lines
            // of bad commands and answers each (RFC 5321 §4.2, RFC 8314 §3).
            let to_tls = out.tls_from.filter(|&f| f <= frame);
            let base = if let (true, Some(tls)) = (unsolicited, to_tls) {
                explain::text(&["smtp.reply.to_tls"], &[code, &tls.to_string()])
            } else if unsolicited {
                explain::text(&["smtp.reply.unsolicited"], &[code])
            } else {
                d.with(&keys, vec![code.into(), cmd_arg.as_str().into(), extra.into()])
            };
            let unexpected = if verb.is_empty() && !unsolicited {
                let key = match () {
                    _ if self.quit => "smtp.reply.after_quit",
                    _ if code == "421" => "smtp.reply.unsolicited.421",
                    _ => "smtp.reply.unexpected",
                };
                explain::text(&[key], &[])
            } else {
                Explain::none()
            };
            // Greylisting is named only where the server's text names it (RFC 6647); a 4xx alone is "try again later".
            let grey = if c == '4' && text.to_ascii_lowercase().contains("greylist") {
                explain::text(&["smtp.reply.greylisted"], &[])
            } else {
                Explain::none()
            };
            let no_transaction = if no_sender && !(code == "503" && verb != "BDAT") {
                explain::text(&["smtp.reply.no_transaction"], &[])
            } else {
                Explain::none()
            };
            let unseen = if end_unseen { explain::text(&["smtp.data.end_unseen"], &[]) } else { Explain::none() };
            let too_big = if code == "552" || esc_code == "5.3.4" {
                self.too_big(&verb, cmd.is_some_and(|c| c.ends_data) || (verb == "BDAT" && cmd_last))
            } else {
                Explain::none()
            };
            // Agreed to STARTTLS: whether a handshake followed only the conversation tells.
            let no_tls = if verb == "STARTTLS" && c == '2' { no_tls_followed() } else { Explain::none() };
            explain::join([unseen, base, esc, too_big, no_transaction, no_tls, grey, unexpected])
        };
        self.finish_line(code, last, bytes, frame, explain, decoded, out);
    }

    /// A message refused as too big, against the limit the server advertised
    /// (RFC 1870 §6): at MAIL, for the size the client announced; after the
    /// message, for the bytes that crossed the wire.
    fn too_big(&self, verb: &str, ends_message: bool) -> Explain {
        let Some(limit) = self.size_limit else { return Explain::none() };
        let limit = limit.to_string();
        match (verb, self.mail_size, self.sent_size) {
            ("MAIL", Some(declared), _) if declared > self.size_limit.unwrap_or(u64::MAX) => {
                explain::text(&["smtp.reply.size.declared"], &[&declared.to_string(), &limit])
            }
            (_, None, Some(sent)) if ends_message && sent > self.size_limit.unwrap_or(u64::MAX) => {
                explain::text(&["smtp.reply.size.after_data"], &[&limit, &sent.to_string()])
            }
            _ => Explain::none(),
        }
    }

    /// One keyword line of the EHLO reply.
    fn ehlo_line(&mut self, rest: &str) -> Explain {
        let (kw, params) = split_word(rest);
        let kw = kw.to_ascii_uppercase();
        if kw == "PIPELINING" {
            self.pipelining = true;
        }
        if kw == "SIZE" {
            self.size_limit = params.trim().parse().ok().filter(|&n: &u64| n > 0);
        }
        let (key_kw, params) = match kw.strip_prefix("AUTH=") {
            Some(first) => ("AUTH=".to_string(), format!("{first} {params}").trim().to_string()),
            None => (kw.clone(), params.to_string()),
        };
        let mechs = if key_kw.starts_with("AUTH") { mechanisms_text(&params) } else { Arg::from("") };
        let vendor = if kw.starts_with('X') { "smtp.ehlo.vendor" } else { "smtp.reply.ehlo.keyword" };
        let bare = if params.trim().is_empty() { format!("smtp.ehlo.{key_kw}.bare") } else { String::new() };
        explain::with(
            &[&bare, &format!("smtp.ehlo.{key_kw}"), vendor],
            vec![rest.into(), params.as_str().into(), mechs, kw.as_str().into()],
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_line(
        &mut self,
        code: &str,
        last: bool,
        bytes: &[u8],
        frame: u32,
        explain: Explain,
        decoded: Option<String>,
        out: &mut Out<'_>,
    ) {
        out.line(Dir::Server, frame, LineKind::Reply, Some(code.to_string()), bytes, explain, decoded);
        if !last {
            return;
        }
        // The last line of a reply completes the command it answers (not a 334 step of a login, not the greeting).
        if self.reply.as_ref().is_some_and(|r| !r.verb.is_empty()) && code != "334" {
            out.answers(self.queue.front().map(|c| c.line));
        }
        let Some(reply) = self.reply.take() else {
            return;
        };
        if reply.verb.is_empty() {
            self.greeted = true;
            return;
        }
        if code == "334" {
            // The login goes on; the AUTH command still waits for its final reply.
            return;
        }
        let Some(cmd) = self.queue.pop_front() else {
            return;
        };
        match cmd.verb.as_str() {
            "AUTH" => {
                let ok = code.starts_with('2');
                self.login.verdict(ok, out);
                self.login.end();
                if self.mode() == Client::Sasl {
                    self.client = Some(Client::Command);
                }
            }
            "MAIL" => {
                self.mail_refused = matches!(code.as_bytes().first(), Some(b'4' | b'5'));
                self.mail_open = code.starts_with('2');
            }
            "RSET" | "EHLO" | "HELO" | "LHLO" if code.starts_with('2') => {
                self.mail_refused = false;
                self.mail_open = false;
            }
            // The reply to the end of a message ends its transaction, whatever it says (RFC 5321 §4.1.1.4, RFC 3030 §2).
            "DATA" if cmd.ends_data => self.mail_open = false,
            "BDAT" if cmd.last => self.mail_open = false,
            "STARTTLS" if code.starts_with('2') => self.starttls = true,
            "RCPT" if code.starts_with('2') => self.accepted.push(cmd.arg.clone()),
            "DATA" if !cmd.ends_data && code == "354" => self.data_accepted = true,
            "DATA" if !cmd.ends_data && code != "354" && self.mode() == Client::Data && self.data_lines == 0 => {
                // Refused: the client will not send a message.
                self.client = Some(Client::Command);
                self.msg = None;
            }
            _ => {}
        }
    }

    fn flush_rest(&mut self, dir: Dir, out: &mut Out<'_>) {
        if let Client::Bdat { .. } = self.mode() {
            if dir == Dir::Client {
                self.content.flush(dir, out);
            }
        }
        if let Some((rest, frame)) = self.io.rest(dir, out) {
            out.partial = true;
            match (dir, self.mode()) {
                (Dir::Client, Client::Bdat { .. }) => self.bdat_bytes(&rest, frame, out),
                (Dir::Client, _) => self.client_line(&rest, frame, out),
                (Dir::Server, _) => self.server_line(&rest, frame, out),
            }
        }
        out.partial = false;
    }
}

impl Session for Smtp {
    fn data(&mut self, dir: Dir, bytes: &[u8], frame: u32, at: u32, out: &mut Out<'_>) {
        self.io.framer[dir.index()].push(bytes, frame, at);
        self.pump(dir, out);
    }

    fn gap(&mut self, dir: Dir, bytes: u64, frame: u32, out: &mut Out<'_>) {
        if let (Dir::Client, Client::Bdat { remaining }) = (dir, self.mode()) {
            let pending = self.io.pending(Dir::Client) as u64;
            if pending == 0 {
                let left = remaining.saturating_sub(bytes);
                self.client = Some(if left == 0 { Client::Command } else { Client::Bdat { remaining: left } });
                out.gap(dir, frame, bytes);
                if let Some(m) = &mut self.msg {
                    m.gap(bytes.min(remaining), frame);
                }
                if left == 0 && self.bdat_last {
                    self.end_message(frame, false, out);
                }
                return;
            }
        }
        if dir == Dir::Server {
            // A reply may be in the missing bytes: a later command is not known to be pipelined.
            self.heard = true;
        }
        let in_message = dir == Dir::Client && matches!(self.mode(), Client::Data | Client::Bdat { .. });
        self.flush_rest(dir, out);
        if dir == Dir::Server {
            // A multi-line reply whose end is in the missing bytes is over: the next line
            // with a code starts a reply of its own (RFC 5321 §4.2.1), and its command was answered.
            if let Some(r) = self.reply.take() {
                if r.verb.is_empty() {
                    self.greeted = true;
                } else {
                    self.queue.pop_front();
                }
            }
        }
        out.gap(dir, frame, bytes);
        if let (true, Some(m)) = (in_message, &mut self.msg) {
            m.gap(bytes, frame);
        }
    }

    fn finish(&mut self, out: &mut Out<'_>) {
        for dir in [Dir::Client, Dir::Server] {
            self.pump(dir, out);
            self.flush_rest(dir, out);
        }
        self.content.flush(Dir::Client, out);
        self.end_message(0, true, out);
    }
}
