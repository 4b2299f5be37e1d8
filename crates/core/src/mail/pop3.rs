//! POP3 (RFC 1939) with CAPA (RFC 2449), STLS (RFC 2595) and SASL AUTH
//! (RFC 5034). Whether a `+OK` starts a multi-line response depends on the
//! command it answers (RETR, TOP, CAPA, and LIST or UIDL without an
//! argument), so replies are matched to the queue of commands sent.

use super::dialogue::{command_word, no_tls_followed, split_word, unknown_command, ContentLines, Login};
use super::framer::{Unit, Want};
use super::sasl::Learnt;
use super::{Io, Next, Out, Session};
use crate::explain::{self, Arg, Explain};
use crate::message::Collector;
use crate::model::{Dir, LineKind};
use std::collections::VecDeque;

const KNOWN: [&str; 19] = [
    "USER", "PASS", "APOP", "AUTH", "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "QUIT", "TOP", "UIDL", "CAPA", "STLS", "UTF8", "LANG",
    "LAST", "XTND",
];

/// The response code in brackets at the start of a reply's text (`[IN-USE] ...`), explained.
fn response_code(rest: &str) -> Explain {
    let Some(inner) = rest.strip_prefix('[').and_then(|r| r.split_once(']')).map(|(c, _)| c) else {
        return Explain::none();
    };
    let code = inner.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
    explain::text(&[&format!("pop3.code.{code}"), "pop3.code.other"], &[inner])
}

#[derive(Debug)]
struct Cmd {
    verb: String,
    arg: String,
    /// The command's line number in the stream.
    line: u32,
}

/// The session's state (RFC 1939 §3), as far as the capture shows it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The capture began after the greeting: the state is not known.
    #[default]
    Unknown,
    /// Greeted, not logged in: QUIT ends the session without the UPDATE state.
    Authorization,
    /// Logged in (or a mailbox command succeeded): QUIT enters UPDATE.
    Transaction,
}

#[derive(Debug, Default)]
pub struct Pop3 {
    io: Io,
    state: State,
    /// Messages the server accepted to mark with DELE (since the last RSET).
    deleted: u32,
    queue: VecDeque<Cmd>,
    greeted: bool,
    /// The command whose multi-line response is being read.
    multi: Option<String>,
    login: Login,
    /// RSET took back DELE marks in this session (and no DELE came since).
    unmarked: bool,
    /// The client answered the SASL exchange of the last AUTH (on its line or after a +).
    sasl_answered: bool,
    user: Option<String>,
    content: ContentLines,
    /// The message of a RETR or TOP being received.
    msg: Option<Collector>,
}

/// The size in `+OK 1234 octets`.
fn octets(rest: &str) -> Option<u64> {
    let mut words = rest.split_whitespace();
    let n = words.next()?.parse().ok()?;
    words.next().filter(|w| w.to_ascii_lowercase().starts_with("octet")).map(|_| n)
}

fn multi_line(verb: &str, arg: &str) -> bool {
    match verb {
        "RETR" | "TOP" | "CAPA" => true,
        "LIST" | "UIDL" | "AUTH" => arg.is_empty(),
        _ => false,
    }
}

impl Pop3 {
    fn pump(&mut self, dir: Dir, out: &mut Out<'_>) {
        while let Next::Unit(unit) = self.io.next(dir, Want::Line, out) {
            match unit {
                Unit::Line { bytes, frame, .. } => match dir {
                    Dir::Client => self.client_line(&bytes, frame, out),
                    Dir::Server => self.server_line(&bytes, frame, out),
                },
                // The rest of a long line of a message is still the message's (its item counted it).
                Unit::More { bytes, frame, .. } => {
                    if let (Dir::Server, Some(m)) = (dir, &mut self.msg) {
                        m.dot_line(&bytes, self.io.line_end(Dir::Server), frame);
                    }
                }
                Unit::Bytes { .. } | Unit::Tls { .. } => {}
            }
        }
    }

    fn client_line(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        let text = crate::mail::lossy(bytes).into_owned();
        // A command after a complete login exchange: the verdict is late or missing.
        if self.login.sasl.is_some() && self.login.moved_on(&text, &KNOWN) {
            self.login.end();
        }
        if self.login.sasl.is_some() {
            self.sasl_answered = true;
            self.login.answer(bytes, frame, out);
            return;
        }
        let (word, rest) = split_word(&text);
        let verb = word.to_ascii_uppercase();
        let known = KNOWN.contains(&verb.as_str());
        if !command_word(word) {
            // An empty line or binary bytes: not a command, though the server may answer it.
            let key = if text.trim().is_empty() { "pop3.cmd.empty" } else { "pop3.cmd.binary" };
            let line = out.line(Dir::Client, frame, LineKind::Other, None, bytes, explain::text(&[key], &[]), None);
            self.queue.push_back(Cmd { verb: String::new(), arg: String::new(), line });
            return;
        }
        let mut decoded = None;
        let explain = match verb.as_str() {
            "USER" => {
                self.user = Some(rest.to_string());
                self.login.fresh();
                self.login.pending("USER", Learnt { username: Some(rest.into()), ..Default::default() });
                explain::text(&["pop3.cmd.USER"], &[rest])
            }
            "PASS" => {
                self.login.pending("USER", Learnt { username: self.user.clone(), password: Some(rest.into()), secret: None });
                explain::text(&["pop3.cmd.PASS"], &[rest])
            }
            "APOP" => {
                let (name, digest) = split_word(rest);
                self.login.fresh();
                self.login.pending("APOP", Learnt { username: Some(name.into()), password: None, secret: Some(digest.into()) });
                explain::text(&["pop3.cmd.APOP"], &[name])
            }
            "AUTH" => {
                let (mech, initial) = split_word(rest);
                if mech.is_empty() {
                    explain::text(&["pop3.cmd.AUTH.list"], &[])
                } else {
                    let (mech, step) = self.login.begin(mech, crate::model::Protocol::Pop3, initial);
                    let mut parts = vec![explain::text(&["pop3.cmd.AUTH"], &[&mech])];
                    self.sasl_answered = step.is_some();
                    if let Some(step) = step {
                        decoded = step.decoded;
                        parts.push(explain::text(&["pop3.cmd.AUTH.initial"], &[]));
                        parts.push(step.explain);
                    }
                    explain::join_all(parts)
                }
            }
            "LIST" | "UIDL" if !rest.is_empty() => explain::text(&[&format!("pop3.cmd.{verb}.one")], &[rest]),
            "QUIT" => {
                // What QUIT does depends on the state (RFC 1939 §6): only a logged-in session enters UPDATE.
                let deleted = self.deleted.to_string();
                match (self.state, self.deleted) {
                    (State::Authorization, _) => explain::text(&["pop3.cmd.QUIT.authorization"], &[]),
                    (State::Transaction, 0) if self.unmarked => explain::text(&["pop3.cmd.QUIT.reset"], &[]),
                    (State::Transaction, 0) => explain::text(&["pop3.cmd.QUIT.none_marked"], &[]),
                    (State::Transaction, _) => explain::text(&["pop3.cmd.QUIT"], &[&deleted]),
                    (State::Unknown, _) => explain::text(&["pop3.cmd.QUIT.unknown"], &[]),
                }
            }
            "TOP" => {
                let (msg, n) = split_word(rest);
                let key = if n.trim() == "0" { "pop3.cmd.TOP.headers" } else { "pop3.cmd.TOP" };
                explain::text(&[key], &[msg, n])
            }
            _ if known => explain::text(&[&format!("pop3.cmd.{verb}")], &[rest]),
            // What the server made of it is in its answer, told from the conversation.
            _ => unknown_command("pop3.cmd.unknown", &verb, Some(*out.lines)),
        };
        let line = out.line(Dir::Client, frame, LineKind::Command, Some(verb.clone()), bytes, explain, decoded);
        self.login.flush(frame, out);
        self.queue.push_back(Cmd { verb, arg: rest.to_string(), line });
    }

    fn server_line(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        if let Some(verb) = self.multi.clone() {
            let status = bytes.starts_with(b"+OK") || bytes.starts_with(b"-ERR");
            if !status || self.queue.is_empty() {
                self.multi_line(&verb, bytes, frame, out);
                return;
            }
            // A status line while the client waits for the answer to a later
            // command: the multi-line response was never ended with a dot.
            self.multi = None;
            let explain = explain::text(&["pop3.multiline.unterminated"], &[&verb]);
            out.line(Dir::Server, frame, LineKind::Other, None, b"", explain, None);
            if let Some(m) = self.msg.take() {
                out.message(m, true);
            }
        }
        let text = crate::mail::lossy(bytes).into_owned();
        let (status, rest) = split_word(&text);
        let status = status.to_ascii_uppercase();
        if !self.greeted && self.queue.is_empty() && (status == "+OK" || status == "-ERR") {
            self.greeted = true;
            self.state = State::Authorization;
            let explain = match (rest.find('<'), rest.rfind('>')) {
                (Some(a), Some(b)) if a < b && status == "+OK" => explain::text(&["pop3.greeting.apop"], &[&rest[a..=b]]),
                _ if status == "+OK" => explain::text(&["pop3.greeting"], &[]),
                _ => explain::join([explain::text(&["pop3.greeting.-ERR"], &[]), response_code(rest)]),
            };
            out.line(Dir::Server, frame, LineKind::Reply, Some(status), bytes, explain, None);
            return;
        }
        if status == "+" || (text.starts_with('+') && !text.starts_with("+OK") && self.login.sasl.is_some()) {
            let mut explain = explain::text(&["pop3.reply.+"], &[]);
            let mut decoded = None;
            if let Some(step) = self.login.challenge(rest) {
                decoded = step.decoded;
                explain = explain::join([explain, step.explain]);
            }
            out.line(Dir::Server, frame, LineKind::Reply, Some("+".into()), bytes, explain, decoded);
            return;
        }
        if status != "+OK" && status != "-ERR" {
            out.line(Dir::Server, frame, LineKind::Other, None, bytes, explain::text(&["pop3.reply.bad"], &[]), None);
            return;
        }
        let cmd = self.queue.pop_front();
        let (verb, arg) = cmd.as_ref().map_or((String::new(), String::new()), |c| (c.verb.clone(), c.arg.clone()));
        let ok = status == "+OK";
        let args: Vec<String> = rest.split_whitespace().take(2).map(String::from).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let one = if matches!(verb.as_str(), "LIST" | "UIDL") && !arg.is_empty() || verb == "AUTH" && arg.is_empty() {
            if verb == "AUTH" {
                ".list"
            } else {
                ".one"
            }
        } else {
            ""
        };
        // QUIT's +OK says what UPDATE did: it depends on the state and on what DELE marked (RFC 1939 §6).
        let one = match (verb.as_str(), self.state, self.deleted) {
            ("QUIT", State::Authorization, _) => ".authorization",
            // RSET took the marks back (RFC 1939 §5): nothing is deleted, but DELE was sent.
            ("QUIT", State::Transaction, 0) if self.unmarked => ".reset",
            ("QUIT", State::Transaction, 0) => ".none_marked",
            ("QUIT", State::Unknown, _) => ".unknown",
            // STAT and LIST leave out messages marked with DELE (RFC 1939 §5): say so when there are some.
            ("STAT", _, n) if n > 0 => ".marked",
            // TOP n 0: the headers and no body line (RFC 1939 §7).
            ("TOP", _, _) if arg.split_whitespace().nth(1) == Some("0") => ".headers",
            // The server refused what the client sent for the mechanism it took (RFC 5034 §4).
            ("AUTH", _, _) if !ok && !arg.is_empty() && self.sasl_answered => ".checked",
            _ => one,
        };
        let deleted = self.deleted.to_string();
        let mut args: Vec<&str> = if verb == "QUIT" { vec![&deleted] } else { args };
        if verb == "STAT" {
            args.resize(2, "?");
            args.push(&deleted);
        }
        let base = explain::text(
            &[&format!("pop3.reply.{status}.{verb}{one}"), &format!("pop3.reply.{status}.{verb}"), &format!("pop3.reply.{status}")],
            &args,
        );
        let unexpected = if cmd.is_none() { explain::text(&["pop3.reply.unexpected"], &[]) } else { Explain::none() };
        // Agreed to STLS: whether a handshake followed only the conversation tells (RFC 2595 §4).
        let no_tls = if verb == "STLS" && ok { no_tls_followed() } else { Explain::none() };
        let explain = explain::join([base, response_code(rest), unexpected, no_tls]);
        out.line(Dir::Server, frame, LineKind::Reply, Some(status.clone()), bytes, explain, None);
        out.answers(cmd.as_ref().map(|c| c.line));
        match (verb.as_str(), ok) {
            // A login accepted, or a command only a logged-in session may give (RFC 1939 §5).
            ("PASS" | "APOP" | "AUTH" | "STAT" | "LIST" | "RETR" | "DELE" | "UIDL" | "TOP" | "RSET" | "NOOP", true)
                if verb != "AUTH" || !arg.is_empty() =>
            {
                self.state = State::Transaction;
            }
            _ => {}
        }
        match (verb.as_str(), ok) {
            ("DELE", true) => {
                self.deleted += 1;
                self.unmarked = false;
            }
            ("RSET", true) => {
                self.unmarked |= self.deleted > 0;
                self.deleted = 0;
            }
            _ => {}
        }
        match verb.as_str() {
            "PASS" | "APOP" => self.login.verdict(ok, out),
            "AUTH" if !arg.is_empty() => {
                self.login.end();
                self.login.verdict(ok, out);
            }
            "USER" if !ok => self.login.verdict(false, out),
            _ => {}
        }
        if ok && multi_line(&verb, &arg) {
            self.multi = Some(verb.clone());
            self.content.reset();
            if verb == "RETR" || verb == "TOP" {
                let declared = if verb == "RETR" { octets(rest) } else { None };
                self.msg = Some(Collector::new(Dir::Server, &verb, frame).declared(declared));
            }
        }
    }

    fn multi_line(&mut self, verb: &str, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        if bytes == b"." {
            self.multi = None;
            out.line(Dir::Server, frame, LineKind::Content, None, bytes, explain::text(&["pop3.multiline.end"], &[]), None);
            if let Some(mut m) = self.msg.take() {
                m.ends_in(frame);
                out.message(m, false);
            }
            return;
        }
        let eol = self.io.line_end(Dir::Server);
        if let Some(m) = &mut self.msg {
            m.dot_line(bytes, eol, frame);
        }
        let listing = !matches!(verb, "RETR" | "TOP");
        if self.content.elide(Dir::Server, frame, (bytes.len() + eol.len()) as u64, listing, out) {
            return;
        }
        // A leading dot was doubled by the server (byte-stuffing); the content is without it.
        let line = if bytes.starts_with(b"..") { &bytes[1..] } else { bytes };
        let text = crate::mail::lossy(line).into_owned();
        let (a, b) = split_word(&text);
        let explain = match verb {
            "RETR" | "TOP" if bytes.starts_with(b"..") => explain::text(&["pop3.multiline.stuffed"], &[]),
            "RETR" | "TOP" => self.content.explain(line),
            "LIST" => explain::text(&["pop3.list.item"], &[a, b]),
            "UIDL" => explain::text(&["pop3.uidl.item"], &[a, b]),
            "AUTH" => explain::text(&["pop3.auth.item"], &[&text]),
            "CAPA" => {
                let kw = a.to_ascii_uppercase();
                let fallback = if kw.starts_with('X') { "pop3.capa.vendor" } else { "pop3.capa.item" };
                let mechs = if kw == "SASL" { super::smtp::mechanisms_text(b) } else { Arg::from("") };
                match kw.as_str() {
                    // RFC 2449 §6.5, §6.7: a number (EXPIRE also NEVER), then USER if it may differ per user.
                    "EXPIRE" | "LOGIN-DELAY" => capa_value(&kw, b),
                    _ => explain::with(&[&format!("pop3.capa.{kw}"), fallback], vec![text.as_str().into(), b.into(), mechs]),
                }
            }
            _ => Explain::none(),
        };
        let decoded = self.content.take_decoded();
        out.line(Dir::Server, frame, LineKind::Content, None, bytes, explain, decoded);
    }

    fn flush_rest(&mut self, dir: Dir, out: &mut Out<'_>) {
        if let Some((rest, frame)) = self.io.rest(dir, out) {
            out.partial = true;
            match dir {
                Dir::Client => self.client_line(&rest, frame, out),
                Dir::Server => self.server_line(&rest, frame, out),
            }
        }
        out.partial = false;
    }
}

impl Session for Pop3 {
    fn data(&mut self, dir: Dir, bytes: &[u8], frame: u32, at: u32, out: &mut Out<'_>) {
        self.io.framer[dir.index()].push(bytes, frame, at);
        self.pump(dir, out);
    }

    fn gap(&mut self, dir: Dir, bytes: u64, frame: u32, out: &mut Out<'_>) {
        self.flush_rest(dir, out);
        out.gap(dir, frame, bytes);
        if let (Dir::Server, Some(m)) = (dir, &mut self.msg) {
            m.gap(bytes, frame);
        }
    }

    fn finish(&mut self, out: &mut Out<'_>) {
        for dir in [Dir::Client, Dir::Server] {
            self.pump(dir, out);
            self.flush_rest(dir, out);
        }
        if let Some(m) = self.msg.take() {
            out.message(m, true);
        }
    }
}

/// A CAPA line of EXPIRE or LOGIN-DELAY (RFC 2449 §6.5, §6.7): its value in
/// words (EXPIRE's NEVER and 0 each their own), and what a following USER
/// means.
fn capa_value(kw: &str, params: &str) -> Explain {
    let (value, rest) = split_word(params);
    let key = match (kw, value.to_ascii_uppercase().as_str()) {
        ("EXPIRE", "NEVER") => "pop3.capa.EXPIRE.never",
        ("EXPIRE", "0") => "pop3.capa.EXPIRE.zero",
        ("EXPIRE", _) => "pop3.capa.EXPIRE",
        _ => "pop3.capa.LOGIN-DELAY",
    };
    let e = explain::text(&[key], &["", value]);
    if rest.trim().eq_ignore_ascii_case("USER") {
        e.then(explain::text(&["pop3.capa.per_user"], &[]))
    } else {
        e
    }
}
