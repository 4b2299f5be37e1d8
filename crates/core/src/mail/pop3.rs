//! POP3 (RFC 1939) with CAPA (RFC 2449), STLS (RFC 2595) and SASL AUTH
//! (RFC 5034). Whether a `+OK` starts a multi-line response depends on the
//! command it answers (RETR, TOP, CAPA, and LIST or UIDL without an
//! argument), so replies are matched to the queue of commands sent.

use super::framer::{Unit, Want};
use super::sasl::Sasl;
use super::{split_word, ContentLines, Io, Next, Out, Session};
use crate::explain;
use crate::model::{Dir, Item, LineKind};
use std::collections::VecDeque;

const KNOWN: [&str; 16] =
    ["USER", "PASS", "APOP", "AUTH", "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "QUIT", "TOP", "UIDL", "CAPA", "STLS", "UTF8"];

#[derive(Debug)]
struct Cmd {
    verb: String,
    arg: String,
    item: usize,
    known: bool,
}

#[derive(Debug, Default)]
pub struct Pop3 {
    io: Io,
    queue: VecDeque<Cmd>,
    greeted: bool,
    /// The command whose multi-line response is being read.
    multi: Option<String>,
    sasl: Option<Sasl>,
    cred: Option<usize>,
    user: Option<String>,
    content: ContentLines,
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
            if let Unit::Line { bytes, frame, .. } = unit {
                match dir {
                    Dir::Client => self.client_line(&bytes, frame, out),
                    Dir::Server => self.server_line(&bytes, frame, out),
                }
            }
        }
    }

    fn client_line(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        if let Some(sasl) = self.sasl.as_mut() {
            let step = sasl.client(&text);
            out.line(Dir::Client, frame, LineKind::Sasl, None, bytes, step.explain, step.decoded);
            let (mech, learnt) = (sasl.mechanism.clone(), sasl.learnt.clone());
            out.credential(&mut self.cred, frame, &mech, &learnt);
            return;
        }
        let (word, rest) = split_word(&text);
        let verb = word.to_ascii_uppercase();
        let known = KNOWN.contains(&verb.as_str());
        let mut decoded = None;
        let explain = match verb.as_str() {
            "USER" => {
                self.user = Some(rest.to_string());
                out.credential(&mut self.cred, frame, "USER/PASS", &super::sasl::Learnt { username: Some(rest.into()), ..Default::default() });
                explain::text(&["pop3.cmd.USER"], &[rest])
            }
            "PASS" => {
                let learnt = super::sasl::Learnt { username: self.user.clone(), password: Some(rest.into()), secret: None };
                out.credential(&mut self.cred, frame, "USER/PASS", &learnt);
                explain::text(&["pop3.cmd.PASS"], &[rest])
            }
            "APOP" => {
                let (name, digest) = split_word(rest);
                let learnt = super::sasl::Learnt { username: Some(name.into()), password: None, secret: Some(digest.into()) };
                self.cred = None;
                out.credential(&mut self.cred, frame, "APOP", &learnt);
                explain::text(&["pop3.cmd.APOP"], &[name])
            }
            "AUTH" => {
                let (mech, initial) = split_word(rest);
                if mech.is_empty() {
                    explain::text(&["pop3.cmd.AUTH"], &[" (without a mechanism: the server lists the mechanisms it offers)"])
                } else {
                    let mut sasl = Sasl::new(mech);
                    let mut note = format!(" with the {} mechanism", sasl.mechanism);
                    if !initial.is_empty() {
                        let step = sasl.initial(initial);
                        decoded = step.decoded;
                        note.push_str(&format!(", with an initial response. {}", step.explain));
                    }
                    self.cred = None;
                    let mech = sasl.mechanism.clone();
                    out.credential(&mut self.cred, frame, &mech, &sasl.learnt);
                    self.sasl = Some(sasl);
                    explain::text(&["pop3.cmd.AUTH"], &[&note])
                }
            }
            "LIST" | "UIDL" => {
                let what = if rest.is_empty() { "every message".to_string() } else { format!("message {rest}") };
                explain::text(&[&format!("pop3.cmd.{verb}")], &[&what])
            }
            "TOP" => {
                let (msg, n) = split_word(rest);
                explain::text(&["pop3.cmd.TOP"], &[msg, n])
            }
            "" => String::new(),
            _ if known => explain::text(&[&format!("pop3.cmd.{verb}")], &[rest]),
            _ => explain::text(&["pop3.cmd.unknown"], &[&verb, ""]),
        };
        let item = out.line(Dir::Client, frame, LineKind::Command, Some(verb.clone()), bytes, explain, decoded);
        self.queue.push_back(Cmd { verb, arg: rest.to_string(), item, known });
    }

    fn server_line(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        if let Some(verb) = self.multi.clone() {
            let status = bytes.starts_with(b"+OK") || bytes.starts_with(b"-ERR");
            if !(status && !self.queue.is_empty()) {
                self.multi_line(&verb, bytes, frame, out);
                return;
            }
            // A status line while the client waits for the answer to a later
            // command: the multi-line response was never ended with a dot.
            self.multi = None;
            let explain = explain::text(&["pop3.multiline.unterminated"], &[&verb]);
            out.line(Dir::Server, frame, LineKind::Other, None, b"", explain, None);
        }
        let text = String::from_utf8_lossy(bytes).into_owned();
        let (status, rest) = split_word(&text);
        let status = status.to_ascii_uppercase();
        if !self.greeted && self.queue.is_empty() && (status == "+OK" || status == "-ERR") {
            self.greeted = true;
            let explain = match (rest.find('<'), rest.rfind('>')) {
                (Some(a), Some(b)) if a < b && status == "+OK" => explain::text(&["pop3.greeting.apop"], &[&rest[a..=b]]),
                _ if status == "+OK" => explain::text(&["pop3.greeting"], &[]),
                _ => explain::text(&["pop3.reply.-ERR"], &[]),
            };
            out.line(Dir::Server, frame, LineKind::Reply, Some(status), bytes, explain, None);
            return;
        }
        if status == "+" || (text.starts_with('+') && !text.starts_with("+OK") && self.sasl.is_some()) {
            let mut explain = explain::text(&["pop3.reply.+"], &[]);
            let mut decoded = None;
            if let Some(s) = self.sasl.as_mut() {
                let step = s.server(rest);
                decoded = step.decoded;
                if !step.explain.is_empty() {
                    explain = format!("{explain} {}", step.explain);
                }
            }
            out.line(Dir::Server, frame, LineKind::Reply, Some("+".into()), bytes, explain, decoded);
            return;
        }
        if status != "+OK" && status != "-ERR" {
            out.line(Dir::Server, frame, LineKind::Other, None, bytes, explain::text(&["other.bytes"], &[]), None);
            return;
        }
        let cmd = self.queue.pop_front();
        let (verb, arg) = cmd.as_ref().map_or((String::new(), String::new()), |c| (c.verb.clone(), c.arg.clone()));
        let ok = status == "+OK";
        let args: Vec<String> = if verb == "STAT" { rest.split_whitespace().take(2).map(String::from).collect() } else { Vec::new() };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let explain = explain::text(&[&format!("pop3.reply.{status}.{verb}"), &format!("pop3.reply.{status}")], &args);
        out.line(Dir::Server, frame, LineKind::Reply, Some(status.clone()), bytes, explain, None);
        match verb.as_str() {
            "PASS" | "APOP" => out.verdict(&mut self.cred, ok),
            "AUTH" if !arg.is_empty() => {
                self.sasl = None;
                out.verdict(&mut self.cred, ok);
            }
            "USER" if !ok => out.verdict(&mut self.cred, false),
            _ => {}
        }
        if ok && multi_line(&verb, &arg) {
            self.multi = Some(verb.clone());
            self.content.reset();
        }
        if let Some(c) = cmd.filter(|c| !c.known) {
            if let Some(Item::Line(l)) = out.items.get_mut(c.item) {
                let answer = format!("; the server answered {status}{}", if ok { "" } else { ", so it did not know it either" });
                l.explain = explain::text(&["pop3.cmd.unknown"], &[&c.verb, &answer]);
            }
        }
    }

    fn multi_line(&mut self, verb: &str, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        if bytes == b"." {
            self.multi = None;
            out.line(Dir::Server, frame, LineKind::Content, None, bytes, explain::text(&["pop3.multiline.end"], &[]), None);
            return;
        }
        // A leading dot was doubled by the server (byte-stuffing); the content is without it.
        let line = if bytes.starts_with(b"..") { &bytes[1..] } else { bytes };
        let text = String::from_utf8_lossy(line).into_owned();
        let (a, b) = split_word(&text);
        let explain = match verb {
            "RETR" | "TOP" => self.content.explain(line),
            "LIST" => explain::text(&["pop3.list.item"], &[a, b]),
            "UIDL" => explain::text(&["pop3.uidl.item"], &[a, b]),
            "CAPA" => {
                let kw = a.to_ascii_uppercase();
                explain::text(&[&format!("pop3.capa.{kw}"), "pop3.capa.item"], &[&text])
            }
            _ => String::new(),
        };
        out.line(Dir::Server, frame, LineKind::Content, None, bytes, explain, None);
    }

    fn flush_rest(&mut self, dir: Dir, out: &mut Out<'_>) {
        if let Some((rest, frame)) = self.io.rest(dir) {
            match dir {
                Dir::Client => self.client_line(&rest, frame, out),
                Dir::Server => self.server_line(&rest, frame, out),
            }
        }
    }
}

impl Session for Pop3 {
    fn data(&mut self, dir: Dir, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        self.io.framer[dir.index()].push(bytes, frame);
        self.pump(dir, out);
    }

    fn gap(&mut self, dir: Dir, bytes: u64, frame: u32, out: &mut Out<'_>) {
        self.flush_rest(dir, out);
        out.gap(dir, frame, bytes);
    }

    fn finish(&mut self, out: &mut Out<'_>) {
        for dir in [Dir::Client, Dir::Server] {
            self.pump(dir, out);
            self.flush_rest(dir, out);
        }
    }
}
