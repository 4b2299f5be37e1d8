//! IMAP (RFC 3501 / RFC 9051). Commands carry a tag that the tagged
//! completion repeats; untagged `*` lines bring data; `+` asks the client to go
//! on. A line ending in `{n}` (or `{n+}`, LITERAL+) is followed by exactly n
//! bytes that are not lines: a message in FETCH BODY[] or APPEND, or a string.
//! After the literal, the same command or response goes on with the next line.

use super::framer::{Unit, Want};
use super::sasl::{Learnt, Sasl};
use super::{content_bytes, content_flush, split_word, ContentLines, Io, Next, Out, Session};
use crate::explain;
use crate::model::{Dir, Item, LineKind};
use std::collections::HashMap;

const KNOWN: [&str; 36] = [
    "CAPABILITY", "NOOP", "LOGOUT", "STARTTLS", "AUTHENTICATE", "LOGIN", "SELECT", "EXAMINE", "CREATE", "DELETE",
    "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "LIST", "LSUB", "NAMESPACE", "STATUS", "APPEND", "IDLE", "CHECK", "CLOSE",
    "UNSELECT", "EXPUNGE", "SEARCH", "FETCH", "STORE", "COPY", "MOVE", "UID", "ENABLE", "ID", "COMPRESS",
    "GETQUOTAROOT", "GETQUOTA", "XLIST", "DONE",
];

/// A command in progress (its tag waits for a tagged completion).
#[derive(Debug, Clone)]
struct Cmd {
    verb: String,
    item: usize,
    known: bool,
}

/// Where a direction is inside a command or response.
#[derive(Debug, Default)]
struct Side {
    /// Bytes of a literal still to come.
    literal: u64,
    /// The next line continues the current command or response (after a literal).
    continues: bool,
    /// Content lines of the literal being read.
    partial: Vec<u8>,
    partial_frame: u32,
    content: ContentLines,
}

#[derive(Debug, Default)]
pub struct Imap {
    io: Io,
    sides: [Side; 2],
    greeted: bool,
    tags: HashMap<String, Cmd>,
    /// The command the client is sending (it may span literals).
    current: Option<(String, Cmd)>,
    /// Strings of the current command (for LOGIN's username and password).
    strings: Vec<String>,
    /// The literal being read is a credential string, not content.
    literal_is_string: bool,
    literal_buf: Vec<u8>,
    /// Tag of the running IDLE or AUTHENTICATE.
    idle: Option<String>,
    sasl: Option<(String, Sasl)>,
    cred: Option<usize>,
}

/// The size in a trailing `{n}` / `{n+}` / `{n-}`.
fn literal_size(line: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(line).ok()?;
    let inner = text.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    let digits = inner[open + 1..].trim_end_matches(['+', '-']);
    digits.parse().ok()
}

/// IMAP strings (atoms and quoted strings) in a command's arguments.
fn astrings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == ' ' {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut s = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            s.push(n);
                        }
                    }
                    '"' => break,
                    c => s.push(c),
                }
            }
            out.push(s);
        } else if c == '{' {
            // A literal marker: its string comes as the literal.
            for c in chars.by_ref() {
                if c == '}' {
                    break;
                }
            }
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c == ' ' {
                    break;
                }
                s.push(c);
                chars.next();
            }
            out.push(s);
        }
    }
    out
}

impl Imap {
    fn want(&self, dir: Dir) -> Want {
        match self.sides[dir.index()].literal {
            0 => Want::Line,
            n => Want::Bytes(n),
        }
    }

    fn pump(&mut self, dir: Dir, out: &mut Out<'_>) {
        loop {
            let want = self.want(dir);
            match self.io.next(dir, want, out) {
                Next::Wait => return,
                Next::Unit(Unit::Line { bytes, frame, .. }) => {
                    let continues = std::mem::take(&mut self.sides[dir.index()].continues);
                    let literal = literal_size(&bytes);
                    match dir {
                        Dir::Client => self.client_line(&bytes, frame, continues, literal, out),
                        Dir::Server => self.server_line(&bytes, frame, continues, out),
                    }
                    if let Some(n) = literal {
                        let side = &mut self.sides[dir.index()];
                        side.literal = n;
                        side.continues = true;
                        side.content.reset();
                        if n == 0 {
                            self.literal_done(dir, out);
                        }
                    }
                }
                Next::Unit(Unit::Bytes { bytes, frame }) => self.literal_bytes(dir, &bytes, frame, out),
                Next::Unit(Unit::Tls { .. }) => {}
            }
        }
    }

    fn literal_bytes(&mut self, dir: Dir, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        let side = &mut self.sides[dir.index()];
        side.literal = side.literal.saturating_sub(bytes.len() as u64);
        if dir == Dir::Client && self.literal_is_string {
            self.literal_buf.extend_from_slice(bytes);
            if side.partial.is_empty() {
                side.partial_frame = frame;
            }
        } else {
            content_bytes(&mut side.partial, &mut side.partial_frame, bytes, frame, dir, &mut side.content, out);
        }
        if self.sides[dir.index()].literal == 0 {
            self.literal_done(dir, out);
        }
    }

    fn literal_done(&mut self, dir: Dir, out: &mut Out<'_>) {
        let side = &mut self.sides[dir.index()];
        if dir == Dir::Client && self.literal_is_string {
            let s = String::from_utf8_lossy(&std::mem::take(&mut self.literal_buf)).into_owned();
            out.line(dir, side.partial_frame, LineKind::Content, None, s.as_bytes(), explain::text(&["imap.literal"], &[&s.len().to_string()]), None);
            self.strings.push(s);
        } else {
            let frame = side.partial_frame;
            content_flush(&mut side.partial, frame, dir, &mut side.content, out);
        }
    }

    fn client_line(&mut self, bytes: &[u8], frame: u32, continues: bool, literal: Option<u64>, out: &mut Out<'_>) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        // SASL answers and DONE come without a tag.
        if self.sasl.is_some() && !continues {
            let (_, rest) = split_word(&text);
            let (word, _) = split_word(rest);
            if KNOWN.contains(&word.to_ascii_uppercase().as_str()) && word != "DONE" {
                // A tagged command: the client has moved on from the login.
                self.sasl = None;
            }
        }
        if let Some((_, sasl)) = self.sasl.as_mut() {
            let step = sasl.client(&text);
            out.line(Dir::Client, frame, LineKind::Sasl, None, bytes, step.explain, step.decoded);
            let (mech, learnt) = (sasl.mechanism.clone(), sasl.learnt.clone());
            out.credential(&mut self.cred, frame, &mech, &learnt);
            return;
        }
        if self.idle.is_some() && text.trim().eq_ignore_ascii_case("DONE") {
            out.line(Dir::Client, frame, LineKind::Command, Some("DONE".into()), bytes, explain::text(&["imap.cmd.DONE"], &[]), None);
            self.idle = None;
            return;
        }
        if continues {
            // The rest of a command after a literal.
            for s in astrings(&text) {
                self.strings.push(s);
            }
            let verb = self.current.as_ref().map(|(_, c)| c.verb.clone()).unwrap_or_default();
            self.literal_is_string = literal.is_some() && verb != "APPEND";
            let explain = if verb == "LOGIN" {
                self.command_explain(&verb, "", frame, out)
            } else {
                explain::text(&["imap.cmd.continued"], &[&verb])
            };
            out.line(Dir::Client, frame, LineKind::Command, Some(verb), bytes, explain, None);
            return;
        }
        let (tag, rest) = split_word(&text);
        let (word, args) = split_word(rest);
        let verb = word.to_ascii_uppercase();
        let known = KNOWN.contains(&verb.as_str());
        if verb.is_empty() || !word.bytes().all(|b| b.is_ascii_graphic()) {
            // Not "tag command": a line cut by the capture's start, or noise.
            out.line(Dir::Client, frame, LineKind::Other, None, bytes, explain::text(&["other.bytes"], &[]), None);
            return;
        }
        self.strings = astrings(args);
        self.literal_is_string = literal.is_some() && verb != "APPEND";
        let mut decoded = None;
        let explain = match verb.as_str() {
            "AUTHENTICATE" => {
                let (mech, initial) = split_word(args);
                let mut sasl = Sasl::new(mech);
                let mut explain = explain::text(&["imap.cmd.AUTHENTICATE"], &[&sasl.mechanism]);
                if !initial.is_empty() {
                    let step = sasl.initial(initial);
                    decoded = step.decoded;
                    explain = format!("{explain} The initial response is sent with the command. {}", step.explain);
                }
                self.cred = None;
                let m = sasl.mechanism.clone();
                out.credential(&mut self.cred, frame, &m, &sasl.learnt);
                self.sasl = Some((tag.to_string(), sasl));
                explain
            }
            "IDLE" => {
                self.idle = Some(tag.to_string());
                explain::text(&["imap.cmd.IDLE"], &[])
            }
            "LOGIN" => {
                self.cred = None;
                String::new()
            }
            _ => String::new(),
        };
        let cmd = Cmd { verb: verb.clone(), item: out.items.len(), known };
        self.current = Some((tag.to_string(), cmd.clone()));
        self.tags.insert(tag.to_string(), cmd);
        let explain = if explain.is_empty() { self.command_explain(&verb, args, frame, out) } else { explain };
        out.line(Dir::Client, frame, LineKind::Command, Some(verb), bytes, explain, decoded);
    }

    /// The explanation of a command; LOGIN also yields its credential.
    fn command_explain(&mut self, verb: &str, args: &str, frame: u32, out: &mut Out<'_>) -> String {
        let first = self.strings.first().cloned().unwrap_or_default();
        match verb {
            "LOGIN" => {
                let user = self.strings.first().cloned();
                let pass = self.strings.get(1).cloned();
                let learnt = Learnt { username: user.clone(), password: pass.clone(), secret: None };
                out.credential(&mut self.cred, frame, "LOGIN", &learnt);
                explain::text(&["imap.cmd.LOGIN"], &[&user.unwrap_or_default(), &pass.unwrap_or_else(|| "(sent next)".into())])
            }
            "UID" => {
                let (sub, _) = split_word(args);
                explain::text(&["imap.cmd.UID"], &[&sub.to_ascii_uppercase()])
            }
            "FETCH" | "STORE" | "COPY" | "MOVE" | "SEARCH" => {
                let set = if verb == "SEARCH" { args.to_string() } else { split_word(args).0.to_string() };
                explain::text(&[&format!("imap.cmd.{verb}")], &[&set])
            }
            "" => String::new(),
            v if KNOWN.contains(&v) => explain::text(&[&format!("imap.cmd.{v}")], &[&first]),
            v => explain::text(&["imap.cmd.unknown"], &[v, ""]),
        }
    }

    fn server_line(&mut self, bytes: &[u8], frame: u32, continues: bool, out: &mut Out<'_>) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        if continues {
            out.line(Dir::Server, frame, LineKind::Reply, Some("*".into()), bytes, explain::text(&["imap.untagged.other"], &[]), None);
            return;
        }
        let (tag, rest) = split_word(&text);
        if tag == "+" || text == "+" {
            let mut explain = explain::text(&["imap.reply.+"], &[]);
            let mut decoded = None;
            if let Some((_, s)) = self.sasl.as_mut() {
                let step = s.server(rest);
                decoded = step.decoded;
                if !step.explain.is_empty() {
                    explain = format!("{explain} {}", step.explain);
                }
            }
            out.line(Dir::Server, frame, LineKind::Reply, Some("+".into()), bytes, explain, decoded);
            return;
        }
        let (word, args) = split_word(rest);
        let status = word.to_ascii_uppercase();
        if tag == "*" {
            let (verb, explain) = match status.as_str() {
                "OK" | "PREAUTH" if !self.greeted && self.tags.is_empty() => {
                    self.greeted = true;
                    let key = if status == "OK" { "imap.greeting" } else { "imap.greeting.PREAUTH" };
                    (status.clone(), explain::text(&[key], &[]))
                }
                "OK" | "NO" | "BAD" => (status.clone(), explain::text(&[&format!("imap.untagged.{status}")], &[])),
                "BYE" | "PREAUTH" => (status.clone(), explain::text(&[&format!("imap.reply.{status}")], &[])),
                "CAPABILITY" | "SEARCH" => ("*".to_string(), explain::text(&[&format!("imap.untagged.{status}")], &[args])),
                _ => {
                    // "* 3 EXISTS", "* 1 FETCH (...)".
                    let (what, _) = split_word(args);
                    let what = what.to_ascii_uppercase();
                    let key = if status.chars().all(|c| c.is_ascii_digit()) {
                        format!("imap.untagged.{what}")
                    } else {
                        format!("imap.untagged.{status}")
                    };
                    ("*".to_string(), explain::text(&[&key, "imap.untagged.other"], &[&status]))
                }
            };
            out.line(Dir::Server, frame, LineKind::Reply, Some(verb), bytes, explain, None);
            return;
        }
        if matches!(status.as_str(), "OK" | "NO" | "BAD") {
            let cmd = self.tags.remove(tag);
            let verb = cmd.as_ref().map(|c| c.verb.clone()).unwrap_or_default();
            let explain = explain::text(&[&format!("imap.reply.{status}.{verb}"), &format!("imap.reply.{status}")], &[tag]);
            out.line(Dir::Server, frame, LineKind::Reply, Some(status.clone()), bytes, explain, None);
            if self.sasl.as_ref().is_some_and(|(t, _)| t == tag) {
                self.sasl = None;
            }
            if self.idle.as_deref() == Some(tag) {
                self.idle = None;
            }
            if matches!(verb.as_str(), "LOGIN" | "AUTHENTICATE") {
                out.verdict(&mut self.cred, status == "OK");
            }
            if let Some(c) = cmd.filter(|c| !c.known) {
                if let Some(Item::Line(l)) = out.items.get_mut(c.item) {
                    let answer = format!("; the server answered {status}{}", if status == "OK" { "" } else { ", so it did not know it either" });
                    l.explain = explain::text(&["imap.cmd.unknown"], &[&c.verb, &answer]);
                }
            }
            return;
        }
        out.line(Dir::Server, frame, LineKind::Other, None, bytes, explain::text(&["other.bytes"], &[]), None);
    }

    fn flush_rest(&mut self, dir: Dir, out: &mut Out<'_>) {
        if self.sides[dir.index()].literal > 0 {
            if let Some((rest, frame)) = self.io.rest(dir) {
                self.literal_bytes(dir, &rest, frame, out);
            }
            let side = &mut self.sides[dir.index()];
            let frame = side.partial_frame;
            content_flush(&mut side.partial, frame, dir, &mut side.content, out);
            return;
        }
        if let Some((rest, frame)) = self.io.rest(dir) {
            let continues = std::mem::take(&mut self.sides[dir.index()].continues);
            match dir {
                Dir::Client => self.client_line(&rest, frame, continues, None, out),
                Dir::Server => self.server_line(&rest, frame, continues, out),
            }
        }
    }
}

impl Session for Imap {
    fn data(&mut self, dir: Dir, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        self.io.framer[dir.index()].push(bytes, frame);
        self.pump(dir, out);
    }

    fn gap(&mut self, dir: Dir, bytes: u64, frame: u32, out: &mut Out<'_>) {
        let side = &mut self.sides[dir.index()];
        if side.literal > 0 && self.io.framer[dir.index()].is_empty() {
            side.literal = side.literal.saturating_sub(bytes);
            out.gap(dir, frame, bytes);
            return;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_markers() {
        assert_eq!(literal_size(b"* 1 FETCH (BODY[] {342}"), Some(342));
        assert_eq!(literal_size(b"a1 APPEND INBOX {12+}"), Some(12));
        assert_eq!(literal_size(b"a1 LOGIN bob {x}"), None);
        assert_eq!(literal_size(b"a1 NOOP"), None);
    }

    #[test]
    fn quoted_strings_keep_what_is_inside() {
        assert_eq!(astrings(r#""bob" "hun\"ter2""#), vec!["bob".to_string(), "hun\"ter2".to_string()]);
        assert_eq!(astrings("bob hunter2"), vec!["bob".to_string(), "hunter2".to_string()]);
    }
}
