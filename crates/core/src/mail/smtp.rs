//! SMTP (RFC 5321) with the extensions seen in practice: ESMTP (EHLO),
//! PIPELINING (replies matched to commands in order), STARTTLS, AUTH
//! (RFC 4954) and CHUNKING/BDAT (RFC 3030).
//!
//! The client side is read as commands, except after DATA (message lines up
//! to a lone dot), after BDAT n (exactly n bytes) and during AUTH (SASL
//! lines until the server's final reply). The server side is read as replies:
//! a three-digit code, a dash for "more lines follow" or a space for the last.

use super::framer::{Unit, Want};
use super::sasl::Sasl;
use super::{content_bytes, content_flush, split_word, ContentLines, Io, Next, Out, Session};
use crate::explain;
use crate::model::{Dir, Item, LineKind};
use std::collections::VecDeque;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Client {
    Command,
    /// Message lines after DATA, until a lone dot.
    Data,
    /// Counted message bytes after BDAT.
    Bdat { remaining: u64 },
    /// SASL answers after AUTH.
    Sasl,
}

/// A command waiting for its reply.
#[derive(Debug)]
struct Cmd {
    verb: String,
    /// The argument that names what the reply is about (address, domain, size).
    arg: String,
    /// Index of the command's line among the items, to add the reply's verdict.
    item: usize,
    known: bool,
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
    io: Io,
    client: Option<Client>,
    queue: VecDeque<Cmd>,
    greeted: bool,
    reply: Option<Reply>,
    sasl: Option<Sasl>,
    cred: Option<usize>,
    content: ContentLines,
    data_lines: usize,
    partial: Vec<u8>,
    partial_frame: u32,
    bdat_last: bool,
}

const KNOWN: [&str; 14] =
    ["HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "VRFY", "EXPN", "HELP", "NOOP", "QUIT", "STARTTLS", "AUTH"];

/// A line that cannot be a SASL answer (those are Base64, with no space)
/// and starts with a command word.
fn looks_like_command(line: &[u8]) -> bool {
    let text = String::from_utf8_lossy(line);
    let (word, rest) = split_word(&text);
    !rest.is_empty() && KNOWN.contains(&word.to_ascii_uppercase().as_str())
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
fn queue_id(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    for marker in ["queued as ", "id="] {
        if let Some(i) = lower.find(marker) {
            let id: String = text[i + marker.len()..].chars().take_while(|c| !c.is_whitespace() && *c != ')').collect();
            if !id.is_empty() {
                return format!(" (the server's queue id for it is {id})");
            }
        }
    }
    String::new()
}

impl Smtp {
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
                Next::Unit(Unit::Bytes { bytes, frame }) => self.bdat_bytes(&bytes, frame, out),
                Next::Unit(Unit::Tls { .. }) => {}
            }
        }
    }

    fn bdat_bytes(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        let Client::Bdat { remaining } = self.mode() else { return };
        content_bytes(&mut self.partial, &mut self.partial_frame, bytes, frame, Dir::Client, &mut self.content, out);
        let left = remaining.saturating_sub(bytes.len() as u64);
        self.client = Some(if left == 0 { Client::Command } else { Client::Bdat { remaining: left } });
        if left == 0 && self.bdat_last {
            content_flush(&mut self.partial, self.partial_frame, Dir::Client, &mut self.content, out);
        }
    }

    fn client_line(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        match self.mode() {
            Client::Data => {
                if bytes == b"." {
                    out.line(Dir::Client, frame, LineKind::Content, None, bytes, explain::text(&["smtp.data.end"], &[]), None);
                    self.client = Some(Client::Command);
                    let item = out.items.len() - 1;
                    self.queue.push_back(Cmd { verb: "DATA".into(), arg: "end".into(), item, known: true });
                    return;
                }
                self.data_lines += 1;
                let explain = if bytes.starts_with(b"..") {
                    explain::text(&["smtp.data.stuffed"], &[])
                } else {
                    self.content.explain(bytes)
                };
                out.line(Dir::Client, frame, LineKind::Content, None, bytes, explain, None);
            }
            Client::Sasl if looks_like_command(bytes) => {
                // SASL answers are Base64 without spaces: the client has moved
                // on (the server's final AUTH reply is not in the capture).
                self.sasl = None;
                self.client = Some(Client::Command);
                self.command(bytes, frame, out);
            }
            Client::Sasl => {
                let text = String::from_utf8_lossy(bytes).into_owned();
                let step = self.sasl.get_or_insert_with(|| Sasl::new("UNKNOWN")).client(&text);
                out.line(Dir::Client, frame, LineKind::Sasl, None, bytes, step.explain, step.decoded);
                if let Some(s) = &self.sasl {
                    let mech = s.mechanism.clone();
                    out.credential(&mut self.cred, frame, &mech, &s.learnt);
                }
            }
            Client::Bdat { .. } => {}
            Client::Command => self.command(bytes, frame, out),
        }
    }

    fn command(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let (word, rest) = split_word(&text);
        let verb = word.to_ascii_uppercase();
        let known = KNOWN.contains(&verb.as_str());
        let mut decoded = None;
        let mut arg = rest.to_string();
        let explain = match verb.as_str() {
            "HELO" | "EHLO" => explain::text(&[&format!("smtp.cmd.{verb}")], &[rest]),
            "MAIL" | "RCPT" => {
                arg = address(rest);
                explain::text(&[&format!("smtp.cmd.{verb}")], &[&arg])
            }
            "DATA" => {
                self.client = Some(Client::Data);
                self.data_lines = 0;
                self.content.reset();
                explain::text(&["smtp.cmd.DATA"], &[])
            }
            "BDAT" => {
                let (size, last) = split_word(rest);
                self.bdat_last = last.eq_ignore_ascii_case("LAST");
                let last_text = if self.bdat_last { "; LAST says this is the final chunk" } else { "" };
                match size.parse::<u64>() {
                    Ok(n) => {
                        if n > 0 {
                            self.client = Some(Client::Bdat { remaining: n });
                        }
                        arg = n.to_string();
                        explain::text(&["smtp.cmd.BDAT"], &[&arg, last_text])
                    }
                    Err(_) => format!(
                        "BDAT with \"{size}\", which is not a valid chunk size (a decimal number of bytes is required), so the bytes that follow cannot be counted. {}",
                        explain::text(&["smtp.cmd.BDAT"], &["N", last_text])
                    ),
                }
            }
            "AUTH" => {
                let (mech, initial) = split_word(rest);
                let mut sasl = Sasl::new(mech);
                let mech = sasl.mechanism.clone();
                let mut ir_note = String::new();
                if !initial.is_empty() {
                    let step = sasl.initial(initial);
                    decoded = step.decoded;
                    ir_note = format!(", sent here with the command as an initial response. {}", step.explain);
                }
                let key = format!("smtp.cmd.AUTH.{mech}");
                let explain = explain::text(&[&key, "smtp.cmd.AUTH"], &[if key.ends_with("PLAIN") { &ir_note } else { &mech }]);
                out.credential(&mut self.cred, frame, &mech, &sasl.learnt);
                self.sasl = Some(sasl);
                self.client = Some(Client::Sasl);
                arg = mech;
                explain
            }
            "" => String::new(),
            _ if known => explain::text(&[&format!("smtp.cmd.{verb}")], &[rest]),
            _ => explain::text(&["smtp.cmd.unknown"], &[&verb, ""]),
        };
        let item = out.line(Dir::Client, frame, LineKind::Command, Some(verb.clone()), bytes, explain, decoded);
        self.queue.push_back(Cmd { verb, arg, item, known });
    }

    fn server_line(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let code_ok = bytes.len() >= 3 && bytes[..3].iter().all(u8::is_ascii_digit) && matches!(bytes.get(3), None | Some(b' ' | b'-'));
        if !code_ok {
            out.line(Dir::Server, frame, LineKind::Other, None, bytes, explain::text(&["smtp.reply.bad"], &[]), None);
            return;
        }
        let code = &text[..3];
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
        let cmd_arg = if verb.is_empty() { String::new() } else { self.queue.front().map(|c| c.arg.clone()).unwrap_or_default() };
        let mut decoded = None;

        let explain = if !first {
            if verb == "EHLO" {
                let (kw, params) = split_word(&rest);
                let kw = kw.to_ascii_uppercase();
                explain::text(&[&format!("smtp.ehlo.{kw}"), "smtp.reply.ehlo.keyword"], &[&rest, params])
            } else {
                explain::text(&["smtp.reply.continued"], &[])
            }
        } else if verb.is_empty() && !self.greeted {
            explain::text(&["smtp.reply.greeting"], &[code])
        } else if code == "334" {
            match self.sasl.as_mut() {
                Some(s) => {
                    let step = s.server(&rest);
                    decoded = step.decoded;
                    let base = explain::text(&["smtp.reply.334"], &[]);
                    if step.explain.is_empty() { base } else { format!("{base} {}", step.explain) }
                }
                None => explain::text(&["smtp.reply.334"], &[]),
            }
        } else {
            let specific = format!("smtp.reply.{code}.{verb}");
            let arg = match (verb.as_str(), cmd_arg.as_str()) {
                ("DATA", _) => queue_id(&text),
                ("BDAT", size) => {
                    let id = if self.bdat_last { queue_id(&text) } else { String::new() };
                    return self.finish_line(code, last, bytes, frame, explain::text(&[&specific, "smtp.reply.250"], &[size, &id]), None, out);
                }
                (_, a) => a.to_string(),
            };
            explain::text(&[&specific, &format!("smtp.reply.{code}"), &format!("smtp.reply.class.{}", &code[..1])], &[&arg])
        };
        self.finish_line(code, last, bytes, frame, explain, decoded, out);
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_line(&mut self, code: &str, last: bool, bytes: &[u8], frame: u32, explain: String, decoded: Option<String>, out: &mut Out<'_>) {
        out.line(Dir::Server, frame, LineKind::Reply, Some(code.to_string()), bytes, explain, decoded);
        if !last {
            return;
        }
        let Some(reply) = self.reply.take() else { return };
        if reply.verb.is_empty() {
            self.greeted = true;
            return;
        }
        if code == "334" {
            // The login goes on; the AUTH command still waits for its final reply.
            return;
        }
        let Some(cmd) = self.queue.pop_front() else { return };
        match cmd.verb.as_str() {
            "AUTH" => {
                let ok = code.starts_with('2');
                out.verdict(&mut self.cred, ok);
                self.sasl = None;
                if self.mode() == Client::Sasl {
                    self.client = Some(Client::Command);
                }
            }
            "DATA" if cmd.arg != "end" && code != "354" && self.mode() == Client::Data && self.data_lines == 0 => {
                // Refused: the client will not send a message.
                self.client = Some(Client::Command);
            }
            _ => {}
        }
        if !cmd.known {
            if let Some(Item::Line(l)) = out.items.get_mut(cmd.item) {
                let verdict = explain::text(&["smtp.cmd.unknown.rejected"], &[code]);
                let word = l.verb.clone().unwrap_or_default();
                let answer = if code.starts_with('5') { verdict } else { format!("; the server answered {code}") };
                l.explain = explain::text(&["smtp.cmd.unknown"], &[&word, &answer]);
            }
        }
    }

    fn flush_rest(&mut self, dir: Dir, out: &mut Out<'_>) {
        if let Client::Bdat { .. } = self.mode() {
            if dir == Dir::Client {
                content_flush(&mut self.partial, self.partial_frame, dir, &mut self.content, out);
            }
        }
        if let Some((rest, frame)) = self.io.rest(dir) {
            match (dir, self.mode()) {
                (Dir::Client, Client::Bdat { .. }) => self.bdat_bytes(&rest, frame, out),
                (Dir::Client, _) => self.client_line(&rest, frame, out),
                (Dir::Server, _) => self.server_line(&rest, frame, out),
            }
        }
    }
}

impl Session for Smtp {
    fn data(&mut self, dir: Dir, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        self.io.framer[dir.index()].push(bytes, frame);
        self.pump(dir, out);
    }

    fn gap(&mut self, dir: Dir, bytes: u64, frame: u32, out: &mut Out<'_>) {
        if let (Dir::Client, Client::Bdat { remaining }) = (dir, self.mode()) {
            let pending = self.io.framer[0].pending() as u64;
            if pending == 0 {
                let left = remaining.saturating_sub(bytes);
                self.client = Some(if left == 0 { Client::Command } else { Client::Bdat { remaining: left } });
                out.gap(dir, frame, bytes);
                return;
            }
        }
        self.flush_rest(dir, out);
        out.gap(dir, frame, bytes);
    }

    fn finish(&mut self, out: &mut Out<'_>) {
        for dir in [Dir::Client, Dir::Server] {
            self.pump(dir, out);
            self.flush_rest(dir, out);
        }
        content_flush(&mut self.partial, self.partial_frame, Dir::Client, &mut self.content, out);
    }
}
