//! IMAP (RFC 3501 / RFC 9051). Commands carry a tag that the tagged
//! completion repeats; untagged `*` lines bring data; `+` asks the client to go
//! on. A line ending in `{n}` (or `{n+}`, LITERAL+) is followed by exactly n
//! bytes that are not lines: a message in FETCH BODY[] or APPEND, or a string.
//! After the literal, the same command or response goes on with the next line.

use super::dialogue::{atom, no_tls_followed, split_word, unknown_command, ContentRun, Login};
use super::framer::{Unit, Want};
use super::sasl::Learnt;
use super::{Io, Next, Out, Session};
use crate::explain::{self, Arg, Explain, Piece, Sep};
use crate::message::Collector;
use crate::model::{Dir, LineKind};
use std::collections::HashMap;

const KNOWN: [&str; 50] = [
    "CAPABILITY",
    "NOOP",
    "LOGOUT",
    "STARTTLS",
    "AUTHENTICATE",
    "LOGIN",
    "SELECT",
    "EXAMINE",
    "CREATE",
    "DELETE",
    "RENAME",
    "SUBSCRIBE",
    "UNSUBSCRIBE",
    "LIST",
    "LSUB",
    "NAMESPACE",
    "STATUS",
    "APPEND",
    "IDLE",
    "CHECK",
    "CLOSE",
    "UNSELECT",
    "EXPUNGE",
    "SEARCH",
    "FETCH",
    "STORE",
    "COPY",
    "MOVE",
    "UID",
    "ENABLE",
    "ID",
    "COMPRESS",
    "GETQUOTAROOT",
    "GETQUOTA",
    "XLIST",
    "DONE",
    "SETQUOTA",
    "GETACL",
    "SETACL",
    "DELETEACL",
    "LISTRIGHTS",
    "MYRIGHTS",
    "SORT",
    "THREAD",
    "GETMETADATA",
    "SETMETADATA",
    "NOTIFY",
    "UNAUTHENTICATE",
    "REPLACE",
    "ESEARCH",
];

/// A command in progress (its tag waits for a tagged completion).
#[derive(Debug, Clone)]
struct Cmd {
    verb: String,
    /// The command UID applies to (FETCH, STORE, ...), for replies in context.
    sub: String,
    /// The command's line number in the stream.
    line: u32,
    /// The mailbox it names (SELECT, EXAMINE, STATUS, CREATE, DELETE; COPY and MOVE's
    /// destination; RENAME's new name), for its tagged reply.
    target: String,
    /// STORE ... .SILENT: the server sends no FETCH with the new flags.
    silent: bool,
}

/// Where a direction is inside a command or response.
#[derive(Debug, Default)]
struct Side {
    /// Bytes of a literal still to come.
    literal: u64,
    /// The next line continues the current command or response (after a literal).
    continues: bool,
    /// Content lines of the literal being read.
    content: ContentRun,
    /// The literal being read is a message (FETCH BODY[], APPEND).
    msg: Option<Collector>,
    /// A gap ran this many bytes past the end of a literal (its size says
    /// where it ended): the next line may have lost its start to them.
    lost_start: Option<u64>,
    /// Bytes were lost since the last line, where the capture cannot tell
    /// how many lines they held.
    after_gap: bool,
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
    /// The login (LOGIN, AUTHENTICATE) and its SASL exchange.
    login: Login,
    /// The tag of the AUTHENTICATE whose exchange is in progress.
    sasl_tag: Option<String>,
    /// A synchronising literal the client announced and waits to send (its size).
    literal_waits: Option<u64>,
    /// The untagged response a server literal interrupted ("FETCH").
    server_resp: String,
}

/// The size in a trailing `{n}` / `{n+}` / `{n-}`.
fn literal_size(line: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(line).ok()?;
    let inner = text.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    let digits = inner[open + 1..].trim_end_matches(['+', '-']);
    digits.parse().ok()
}

/// The section of a FETCH response item whose literal starts at the end of
/// `line`, when that literal is a message: `Some("")` for the whole message
/// (BODY[], BINARY[], RFC822), `Some("HEADER...")` for its header, `Some("<n>")`
/// for a whole message fetched from byte n on; `None` for anything else.
fn fetch_section(line: &[u8]) -> Option<String> {
    let text = crate::mail::lossy(line);
    let upper = text.to_ascii_uppercase();
    let end = upper.rfind('{')?;
    let head = upper[..end].trim_end();
    let orig = &text[..head.len()];
    // An origin: BODY[]<0> is the message from byte 0 on, perhaps not all of it.
    let (head, origin) = match head.strip_suffix('>').and_then(|h| h.rfind('<').map(|i| (i, h))) {
        Some((i, h)) if h[i + 1..].bytes().all(|b| b.is_ascii_digit()) => (&head[..i], Some(&h[i + 1..])),
        _ => (head, None),
    };
    let section = if let Some(inner) = head.strip_suffix(']') {
        let open = inner.rfind('[')?;
        let item = &inner[..open];
        if !(item.ends_with("BODY") || item.ends_with("BINARY") || item.ends_with("BODY.PEEK")) {
            return None;
        }
        orig[open + 1..inner.len()].to_string()
    } else if head.ends_with("RFC822") {
        String::new()
    } else if head.ends_with("RFC822.HEADER") {
        "HEADER".to_string()
    } else {
        return None;
    };
    let upper_section = section.to_ascii_uppercase();
    if !(section.is_empty() || upper_section.starts_with("HEADER")) {
        return None;
    }
    Some(match origin {
        Some(o) if section.is_empty() => format!("<{o}>"),
        _ => section,
    })
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

/// Splits an IMAP list into its top-level elements, keeping parenthesised
/// lists, bracketed sections and quoted strings whole:
/// `FLAGS (\Seen) BODY[HEADER.FIELDS (From)] {12}` gives four elements.
fn elements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut quoted, mut escaped) = (0i32, false, false);
    for c in text.chars() {
        if quoted {
            cur.push(c);
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => quoted = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                cur.push(c);
            }
            '(' | '[' => {
                depth += 1;
                cur.push(c);
            }
            ')' | ']' => {
                depth -= 1;
                cur.push(c);
            }
            ' ' if depth <= 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The inside of a parenthesised list (`(A B)` gives `A B`); unclosed lists
/// (cut by a literal) give what is there.
fn inside(list: &str) -> &str {
    let l = list.trim();
    let l = l.strip_prefix('(').unwrap_or(l);
    l.strip_suffix(')').unwrap_or(l)
}

/// One FETCH data item described: its name, and its value where it is short.
fn item_text(name: &str, value: &str) -> Explain {
    let upper = name.to_ascii_uppercase().replace(".PEEK", "");
    let key = if upper.starts_with("BODY[") || upper.starts_with("BINARY[") {
        let section = upper.split_once('[').map_or("", |(_, r)| r.trim_end_matches(|c| c != ']').trim_end_matches(']'));
        match section {
            _ if upper.starts_with("BINARY") => "imap.item.BINARY",
            "" => "imap.item.BODY[]",
            // RFC 9051 §6.4.5: HEADER.FIELDS returns only the fields listed, .NOT all but those.
            s if s.starts_with("HEADER.FIELDS.NOT") => "imap.item.BODY[HEADER.FIELDS.NOT]",
            s if s.starts_with("HEADER.FIELDS") => "imap.item.BODY[HEADER.FIELDS]",
            "HEADER" => "imap.item.BODY[HEADER]",
            "TEXT" => "imap.item.BODY[TEXT]",
            _ => "imap.item.BODY[part]",
        }
        .to_string()
    } else {
        format!("imap.item.{upper}")
    };
    // A short value follows the item's name ("FLAGS (\\Seen)"); names the catalogue lacks are shown as written.
    let shown = match upper.as_str() {
        "FLAGS" | "UID" | "RFC822.SIZE" | "INTERNALDATE" | "MODSEQ" if !value.is_empty() && !value.starts_with('{') => format!(" {value}"),
        _ => String::new(),
    };
    let named = key.starts_with("imap.item.BODY[") || key == "imap.item.BINARY" || explain::entry(&key).is_none();
    let t = if named { explain::fragment(&[&key, "imap.item.other"], &[name]) } else { explain::fragment(&[&key], &[&shown]) };
    match value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
        Some(n) => explain::fragment_with(&["imap.item.literal"], vec![t.into(), n.trim_end_matches(['+', '-']).into()]),
        None => t,
    }
}

/// The data items asked for in a FETCH command (names only).
fn fetch_request(items: &str) -> Explain {
    let list = elements(inside(items));
    // BODY[...] sets \\Seen as it is read; BODY.PEEK[...] does not (RFC 9051 §6.4.5).
    let parts: Vec<Explain> = list
        .iter()
        .map(|n| {
            let upper = n.to_ascii_uppercase();
            let t = item_text(n, "");
            match () {
                _ if upper.starts_with("BODY.PEEK[") || upper.starts_with("BINARY.PEEK[") => {
                    explain::fragment_with(&["imap.item.peek"], vec![t.into()])
                }
                _ if upper.starts_with("BODY[") || upper.starts_with("BINARY[") || upper == "RFC822" || upper == "RFC822.TEXT" => {
                    explain::fragment_with(&["imap.item.sets_seen"], vec![t.into()])
                }
                _ => t,
            }
        })
        .collect();
    explain::fragment_with(&["imap.fetch.items"], vec![explain::list(parts, Sep::Comma)])
}

/// The data items of a FETCH response (name, value pairs).
fn fetch_response(items: &str) -> Arg {
    let list = elements(inside(items));
    let parts: Vec<Explain> = list.chunks(2).map(|p| item_text(&p[0], p.get(1).map_or("", String::as_str))).collect();
    explain::list(parts, Sep::Comma)
}

/// A sentence, then the capabilities in a list, one explained item per line.
fn capabilities(intro: Explain, list: &str) -> Explain {
    let mut out = intro;
    out.push(Piece::Break);
    for (i, e) in list
        .split_whitespace()
        .map(|item| {
            let upper = item.to_ascii_uppercase();
            let (prefix, value) = match item.split_once('=') {
                Some((p, v)) => (format!("{}=", p.to_ascii_uppercase()), v),
                None => (upper.clone(), ""),
            };
            let fallback = if upper.starts_with('X') { "imap.cap.vendor" } else { "imap.cap.other" };
            explain::text(
                &[&format!("imap.cap.{item}"), &format!("imap.cap.{upper}"), &format!("imap.cap.{prefix}"), fallback],
                &[item, value],
            )
        })
        .enumerate()
    {
        if i > 0 {
            out.push(Piece::Break);
        }
        out = out.then(e);
    }
    out
}

/// The response code in brackets at the start of `text` (`[UIDNEXT 4] Predicted`), explained;
/// `moving` when a MOVE is pending (its COPYUID names moved messages, RFC 6851 §4.3).
fn response_code(text: &str, moving: bool) -> Option<Explain> {
    let inner = text.strip_prefix('[')?;
    let end = inner.find(']').unwrap_or(inner.len());
    let inner = &inner[..end];
    let (code, args) = split_word(inner);
    let code = code.to_ascii_uppercase();
    if code == "CAPABILITY" {
        return Some(capabilities(explain::text(&["imap.code.CAPABILITY"], &[]), args));
    }
    let words: Vec<&str> = args.split_whitespace().collect();
    let a = |i: usize| words.get(i).copied().unwrap_or("?");
    let key = if code == "COPYUID" && moving { "imap.code.COPYUID.moved".to_string() } else { format!("imap.code.{code}") };
    if explain::entry(&key).is_none() {
        return Some(explain::text(&["imap.code.other"], &[inner]));
    }
    Some(explain::text(&[&key], &[args, a(0), a(1), a(2)]))
}

/// The mailbox a command names, for its tagged reply, and whether it is a silent STORE.
fn command_target(verb: &str, args: &str) -> (String, bool) {
    let strings = astrings(args);
    let nth = |i: usize| strings.get(i).cloned().unwrap_or_default();
    match verb {
        "SELECT" | "EXAMINE" | "STATUS" | "CREATE" | "DELETE" | "SUBSCRIBE" | "UNSUBSCRIBE" => (nth(0), false),
        "COPY" | "MOVE" | "RENAME" => (nth(1), false),
        "STORE" => (String::new(), nth(1).to_ascii_uppercase().ends_with(".SILENT")),
        "UID" => {
            let (sub, rest) = split_word(args);
            let (target, silent) = command_target(&sub.to_ascii_uppercase(), rest);
            // UID COPY set mailbox: the set is the first string after the sub-command.
            (target, silent)
        }
        _ => (String::new(), false),
    }
}

/// `* LIST (\HasNoChildren \Drafts) "/" Drafts`: the mailbox and what its attributes say (RFC 9051 §7.3.1, RFC 6154).
fn list_response(status: &str, args: &str) -> Explain {
    let elems = elements(args);
    let attrs = elems.first().map(|a| inside(a).to_string()).unwrap_or_default();
    let name = elems.get(2).map(|n| n.trim_matches('"').to_string()).unwrap_or_default();
    let parts: Vec<Explain> = attrs
        .split_whitespace()
        .map(|a| explain::fragment(&[&format!("imap.attr.{}", a.to_ascii_lowercase()), "imap.attr.other"], &[a]))
        .collect();
    let attrs = if parts.is_empty() {
        Arg::from("")
    } else {
        explain::fragment_with(&["imap.attrs"], vec![explain::list(parts, Sep::Semicolon)]).into()
    };
    explain::with(&[&format!("imap.untagged.{status}.item")], vec![name.into(), attrs])
}

/// `* STATUS INBOX (MESSAGES 3 UNSEEN 1)`: the counts, named (RFC 9051 §7.3.3).
fn status_response(args: &str) -> Explain {
    let elems = elements(args);
    let name = elems.first().map(|n| n.trim_matches('"').to_string()).unwrap_or_default();
    let items: Vec<String> = elems.get(1).map(|l| inside(l).split_whitespace().map(String::from).collect()).unwrap_or_default();
    let parts: Vec<Explain> = items
        .chunks(2)
        .map(|p| {
            let (k, v) = (p[0].to_ascii_uppercase(), p.get(1).map_or("?", String::as_str));
            explain::fragment(&[&format!("imap.status.{k}"), "imap.status.other"], &[v, &p[0]])
        })
        .collect();
    explain::with(&["imap.untagged.STATUS.counts"], vec![name.into(), explain::list(parts, Sep::Comma)])
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
                Next::Unit(Unit::Line { bytes, frame, cut, .. }) => {
                    let side = &mut self.sides[dir.index()];
                    let mut continues = std::mem::take(&mut side.continues);
                    let after_gap = std::mem::take(&mut side.after_gap);
                    let mut lost_start = side.lost_start.take();
                    // After a gap, a line that starts as a new command or response is one
                    // (RFC 9051 §2.2.1, §2.2.2), whatever the literal's command was.
                    if (after_gap && continues || lost_start.is_some()) && self.starts_anew(dir, &bytes) {
                        continues = false;
                        lost_start = None;
                    }
                    // The first 64 KiB of a longer line may end in "{12}" by chance: its end is elsewhere.
                    let literal = if cut { None } else { literal_size(&bytes) };
                    match (lost_start, dir) {
                        (Some(n), _) => {
                            // This line's start may have been in the gap: what it was cannot be told.
                            if dir == Dir::Server {
                                self.server_resp.clear();
                            }
                            let explain = explain::text(&["line.lost_start"], &[&n.to_string()]);
                            out.line(dir, frame, LineKind::Other, None, &bytes, explain, None);
                        }
                        (None, Dir::Client) => self.client_line(&bytes, frame, continues, literal, out),
                        (None, Dir::Server) => self.server_line(&bytes, frame, continues, out),
                    }
                    if let Some(n) = literal {
                        let msg = self.literal_message(dir, &bytes, n, frame);
                        let side = &mut self.sides[dir.index()];
                        side.msg = msg;
                        side.literal = n;
                        side.continues = true;
                        side.content.lines.reset();
                        if n == 0 {
                            self.literal_done(dir, out);
                        }
                    }
                }
                Next::Unit(Unit::Bytes { bytes, frame, .. }) => self.literal_bytes(dir, &bytes, frame, out),
                // The rest of a long line: counted on its item, and no message's.
                Next::Unit(Unit::More { .. } | Unit::Tls { .. }) => {}
            }
        }
    }

    /// Whether `line` starts a new command (a tag and a command Postscope
    /// knows) or a new response (untagged, or tagged with a tag the client used).
    fn starts_anew(&self, dir: Dir, line: &[u8]) -> bool {
        let text = crate::mail::lossy(line);
        let (tag, rest) = split_word(&text);
        let (word, _) = split_word(rest);
        match dir {
            Dir::Client => !tag.is_empty() && KNOWN.contains(&word.to_ascii_uppercase().as_str()),
            Dir::Server => tag == "*" || self.tags.contains_key(tag),
        }
    }

    /// A collector when the literal announced at the end of `line` is a message.
    fn literal_message(&self, dir: Dir, line: &[u8], size: u64, frame: u32) -> Option<Collector> {
        let verb = self.current.as_ref().map(|(_, c)| c.verb.as_str());
        match dir {
            Dir::Client if !self.literal_is_string && verb == Some("APPEND") => {
                Some(Collector::new(dir, "APPEND", frame).declared(Some(size)))
            }
            Dir::Client => None,
            Dir::Server => {
                let section = fetch_section(line)?;
                let uid = self.tags.values().any(|c| c.verb == "UID");
                let command = if uid { "UID FETCH" } else { "FETCH" };
                let section = (!section.is_empty()).then_some(section);
                Some(Collector::new(dir, command, frame).declared(Some(size)).section(section))
            }
        }
    }

    fn literal_bytes(&mut self, dir: Dir, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        if let Some(m) = &mut self.sides[dir.index()].msg {
            m.bytes(bytes, frame);
        }
        let side = &mut self.sides[dir.index()];
        side.literal = side.literal.saturating_sub(bytes.len() as u64);
        if dir == Dir::Client && self.literal_is_string {
            self.literal_buf.extend_from_slice(bytes);
            if side.content.partial.is_empty() {
                side.content.frame = frame;
            }
        } else {
            side.content.bytes(bytes, frame, dir, out);
        }
        if self.sides[dir.index()].literal == 0 {
            self.literal_done(dir, out);
        }
    }

    fn literal_done(&mut self, dir: Dir, out: &mut Out<'_>) {
        let side = &mut self.sides[dir.index()];
        if dir == Dir::Client && self.literal_is_string {
            let s = crate::mail::lossy(&std::mem::take(&mut self.literal_buf)).into_owned();
            let login = self.current.as_ref().is_some_and(|(_, c)| c.verb == "LOGIN");
            let key = if login { "imap.literal.string" } else { "imap.literal" };
            out.line(dir, side.content.frame, LineKind::Content, None, s.as_bytes(), explain::text(&[key], &[&s.len().to_string()]), None);
            self.strings.push(s);
        } else {
            side.content.flush(dir, out);
        }
        if let Some(m) = self.sides[dir.index()].msg.take() {
            out.message(m, false);
        }
    }

    fn client_line(&mut self, bytes: &[u8], frame: u32, continues: bool, literal: Option<u64>, out: &mut Out<'_>) {
        let text = crate::mail::lossy(bytes).into_owned();
        // A synchronising literal ({n}, not {n+}) makes the client wait for the server's +.
        self.literal_waits = literal.filter(|_| !text.trim_end().ends_with("+}"));
        // SASL answers and DONE come without a tag.
        if self.login.sasl.is_some() && !continues {
            let (_, rest) = split_word(&text);
            let (word, _) = split_word(rest);
            if KNOWN.contains(&word.to_ascii_uppercase().as_str()) && word != "DONE" {
                // A tagged command: the client has moved on from the login.
                self.login.end();
                self.sasl_tag = None;
            }
        }
        if self.login.sasl.is_some() {
            self.login.answer(bytes, frame, out);
            return;
        }
        if text.trim().eq_ignore_ascii_case("DONE") && !continues {
            let key = if self.idle.is_some() { "imap.cmd.DONE" } else { "imap.cmd.DONE.unseen_idle" };
            out.line(Dir::Client, frame, LineKind::Command, Some("DONE".into()), bytes, explain::text(&[key], &[]), None);
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
            let explain =
                if verb == "LOGIN" { self.command_explain(&verb, "", None) } else { explain::text(&["imap.cmd.continued"], &[&verb]) };
            out.line(Dir::Client, frame, LineKind::Command, Some(verb), bytes, explain, None);
            self.flush_cred(frame, out);
            return;
        }
        let (tag, rest) = split_word(&text);
        let (word, args) = split_word(rest);
        let verb = word.to_ascii_uppercase();
        if !atom(&verb) {
            out.line(Dir::Client, frame, LineKind::Other, None, bytes, explain::text(&["imap.cmd.untagged"], &[]), None);
            return;
        }
        self.strings = astrings(args);
        self.literal_is_string = literal.is_some() && verb != "APPEND";
        let mut decoded = None;
        let explain = match verb.as_str() {
            "AUTHENTICATE" => {
                let (mech, initial) = split_word(args);
                let (mech, step) = self.login.begin(mech, crate::model::Protocol::Imap, initial);
                let mut parts = vec![explain::text(&["imap.cmd.AUTHENTICATE"], &[&mech])];
                if let Some(step) = step {
                    decoded = step.decoded;
                    parts.push(explain::text(&["imap.cmd.AUTHENTICATE.initial"], &[]));
                    parts.push(step.explain);
                }
                self.sasl_tag = Some(tag.to_string());
                explain::join_all(parts)
            }
            "IDLE" => {
                self.idle = Some(tag.to_string());
                // Whether the client ended it with DONE only the rest of the conversation tells.
                let unended = Explain::of(Piece::Unanswered { line: *out.lines, key: "imap.idle.unended" });
                explain::join([explain::text(&["imap.cmd.IDLE"], &[]), unended])
            }
            "LOGIN" => {
                self.login.fresh();
                Explain::none()
            }
            _ => Explain::none(),
        };
        let sub = if verb == "UID" { split_word(args).0.to_ascii_uppercase() } else { String::new() };
        let (target, silent) = command_target(&verb, args);
        let cmd = Cmd { verb: verb.clone(), sub, line: *out.lines, target, silent };
        self.current = Some((tag.to_string(), cmd.clone()));
        self.tags.insert(tag.to_string(), cmd);
        let explain = if explain.is_empty() { self.command_explain(&verb, args, Some(*out.lines)) } else { explain };
        out.line(Dir::Client, frame, LineKind::Command, Some(verb), bytes, explain, decoded);
        self.flush_cred(frame, out);
    }

    /// Records the credential a command line revealed, after the line.
    fn flush_cred(&mut self, frame: u32, out: &mut Out<'_>) {
        self.login.flush(frame, out);
    }

    /// The explanation of a command; LOGIN also yields its credential.
    /// `line`: the number the command's line will have, for an explanation that tells the server's answer.
    fn command_explain(&mut self, verb: &str, args: &str, line: Option<u32>) -> Explain {
        self.command_explain_as(verb, args, line, false)
    }

    /// `uid`: the command came after UID, so its message numbers are UIDs (RFC 9051 §6.4.9).
    fn command_explain_as(&mut self, verb: &str, args: &str, line: Option<u32>, uid: bool) -> Explain {
        let u = if uid { ".uid" } else { "" };
        let first = self.strings.first().cloned().unwrap_or_default();
        match verb {
            "LOGIN" => {
                let user = self.strings.first().cloned();
                let pass = self.strings.get(1).cloned();
                self.login.pending("LOGIN", Learnt { username: user.clone(), password: pass.clone(), secret: None });
                match (user, pass) {
                    (Some(u), Some(p)) => explain::text(&["imap.cmd.LOGIN"], &[&u, &p]),
                    _ => explain::text(&["imap.cmd.LOGIN.literal"], &[]),
                }
            }
            "UID" => {
                let (sub, rest) = split_word(args);
                let sub = sub.to_ascii_uppercase();
                let inner = self.command_explain_as(&sub, rest, None, true);
                explain::join([explain::text(&["imap.cmd.UID"], &[&sub]), inner])
            }
            "FETCH" => {
                let (set, items) = split_word(args);
                explain::with(&[&format!("imap.cmd.FETCH{u}"), "imap.cmd.FETCH"], vec![set.into(), fetch_request(items).into()])
            }
            "STORE" => {
                // STORE set item flags (RFC 9051 §6.4.6): +FLAGS adds, -FLAGS removes, FLAGS replaces; .SILENT asks for no echo.
                let (set, rest) = split_word(args);
                let (item, flags) = split_word(rest);
                let item = item.to_ascii_uppercase();
                let how = match item.trim_end_matches(".SILENT") {
                    "+FLAGS" => "add",
                    "-FLAGS" => "remove",
                    _ => "replace",
                };
                let silent = if item.ends_with(".SILENT") { explain::fragment(&["imap.store.silent"], &[]) } else { Explain::none() };
                explain::with(
                    &[&format!("imap.cmd.STORE.{how}{u}"), &format!("imap.cmd.STORE.{how}"), "imap.cmd.STORE"],
                    vec![set.into(), flags.into(), silent.into()],
                )
            }
            "COPY" | "MOVE" => {
                let strings = astrings(args);
                let (set, to) = (strings.first().map_or("", String::as_str), strings.get(1).map_or("?", String::as_str));
                explain::text(&[&format!("imap.cmd.{verb}{u}"), &format!("imap.cmd.{verb}")], &[set, to])
            }
            "RENAME" => {
                let strings = astrings(args);
                explain::text(
                    &["imap.cmd.RENAME"],
                    &[strings.first().map_or("?", String::as_str), strings.get(1).map_or("?", String::as_str)],
                )
            }
            "SEARCH" => explain::text(&[&format!("imap.cmd.SEARCH{u}"), "imap.cmd.SEARCH"], &[args]),
            "ENABLE" => explain::text(&["imap.cmd.ENABLE"], &[args]),
            "" => Explain::none(),
            v if KNOWN.contains(&v) => explain::text(&[&format!("imap.cmd.{v}"), "imap.cmd.unknown"], &[&first, ""]),
            // What the server made of it is in its tagged answer, told from the conversation.
            v => {
                let key = if v.starts_with('X') { "imap.cmd.vendor" } else { "imap.cmd.unknown" };
                unknown_command(key, v, line)
            }
        }
    }

    fn server_line(&mut self, bytes: &[u8], frame: u32, continues: bool, out: &mut Out<'_>) {
        let text = crate::mail::lossy(bytes).into_owned();
        if continues {
            let resp = if self.server_resp.is_empty() { "*".to_string() } else { self.server_resp.clone() };
            let key = if text.trim() == ")" { "imap.response.continued.close" } else { "imap.response.continued" };
            out.line(Dir::Server, frame, LineKind::Reply, Some("*".into()), bytes, explain::text(&[key], &[&resp]), None);
            return;
        }
        let (tag, rest) = split_word(&text);
        if tag == "+" || text == "+" {
            let mut decoded = None;
            let explain = if let Some(step) = self.login.challenge(rest) {
                decoded = step.decoded;
                explain::join([explain::text(&["imap.reply.+.AUTHENTICATE"], &[]), step.explain])
            } else if let Some(n) = self.literal_waits.take() {
                explain::text(&["imap.reply.+.literal"], &[&n.to_string()])
            } else if self.idle.is_some() {
                explain::text(&["imap.reply.+.IDLE"], &[])
            } else {
                explain::text(&["imap.reply.+"], &[])
            };
            out.line(Dir::Server, frame, LineKind::Reply, Some("+".into()), bytes, explain, decoded);
            return;
        }
        let (word, args) = split_word(rest);
        let status = word.to_ascii_uppercase();
        let moving = self.tags.values().any(|c| c.verb == "MOVE" || c.verb == "UID" && c.sub == "MOVE");
        let code = response_code(args, moving).unwrap_or_default();
        if tag == "*" {
            self.server_resp = status.clone();
            let (verb, explain) = match status.as_str() {
                "OK" | "PREAUTH" | "BYE" if !self.greeted && self.tags.is_empty() => {
                    self.greeted = true;
                    let key = format!("imap.greeting.{status}");
                    (status.clone(), explain::join([explain::text(&[&key, "imap.greeting"], &[]), code]))
                }
                "OK" | "NO" | "BAD" if !code.is_empty() => (status.clone(), code),
                // During IDLE a bare * OK carries no news: a keep-alive (RFC 2177 §3).
                "OK" if self.idle.is_some() => (status.clone(), explain::text(&["imap.untagged.OK.idle"], &[])),
                "OK" | "NO" | "BAD" | "BYE" => (status.clone(), explain::text(&[&format!("imap.untagged.{status}")], &[])),
                "PREAUTH" => (status.clone(), explain::text(&["imap.reply.PREAUTH"], &[])),
                "CAPABILITY" => ("*".to_string(), capabilities(explain::text(&["imap.untagged.CAPABILITY"], &[]), args)),
                "SEARCH" if args.trim().is_empty() => ("*".to_string(), explain::text(&["imap.untagged.SEARCH.none"], &[])),
                // The answer to UID SEARCH lists UIDs, not message numbers (RFC 9051 §6.4.9).
                "SEARCH" if self.tags.values().any(|c| c.verb == "UID" && c.sub == "SEARCH") => {
                    ("*".to_string(), explain::text(&["imap.untagged.SEARCH.uid"], &[args]))
                }
                "SEARCH" | "ENABLED" => ("*".to_string(), explain::text(&[&format!("imap.untagged.{status}")], &[args])),
                "LIST" | "LSUB" => ("*".to_string(), list_response(&status, args)),
                "STATUS" => ("*".to_string(), status_response(args)),
                _ => {
                    // "* 3 EXISTS", "* 1 FETCH (...)".
                    let (what, items) = split_word(args);
                    let what = what.to_ascii_uppercase();
                    let numbered = status.chars().all(|c| c.is_ascii_digit());
                    let key = if numbered { format!("imap.untagged.{what}") } else { format!("imap.untagged.{status}") };
                    let key = if what == "EXISTS" && self.idle.is_some() { "imap.untagged.EXISTS.idle".to_string() } else { key };
                    if numbered {
                        self.server_resp = what.clone();
                    }
                    let detail = if what == "FETCH" { fetch_response(items) } else { Arg::from("") };
                    let name = if numbered { format!("{status} {what}") } else { status.clone() };
                    let explain = if explain::entry(&key).is_some() {
                        explain::with(&[&key], vec![status.as_str().into(), detail])
                    } else {
                        explain::text(&["imap.untagged.other"], &[&name])
                    };
                    ("*".to_string(), explain)
                }
            };
            out.line(Dir::Server, frame, LineKind::Reply, Some(verb), bytes, explain, None);
            return;
        }
        if matches!(status.as_str(), "OK" | "NO" | "BAD") {
            let cmd = self.tags.remove(tag);
            let verb = cmd.as_ref().map(|c| c.verb.clone()).unwrap_or_default();
            let sub = cmd.as_ref().map(|c| c.sub.clone()).unwrap_or_default();
            let target = cmd.as_ref().map(|c| c.target.clone()).unwrap_or_default();
            let silent = if cmd.as_ref().is_some_and(|c| c.silent) { ".silent" } else { "" };
            let keys = if cmd.is_some() {
                vec![
                    format!("imap.reply.{status}.{sub}{silent}"),
                    format!("imap.reply.{status}.{sub}"),
                    format!("imap.reply.{status}.{verb}{silent}"),
                    format!("imap.reply.{status}.{verb}"),
                    format!("imap.reply.{status}"),
                ]
            } else {
                vec![format!("imap.reply.{status}.untracked")]
            };
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            // Agreed to STARTTLS: whether a handshake followed only the conversation tells (RFC 9051 §6.2.1).
            let no_tls = if verb == "STARTTLS" && status == "OK" { no_tls_followed() } else { Explain::none() };
            let explain = explain::join([explain::text(&keys, &[tag, &verb, &target]), code, no_tls]);
            out.line(Dir::Server, frame, LineKind::Reply, Some(status.clone()), bytes, explain, None);
            out.answers(cmd.as_ref().map(|c| c.line));
            if self.login.sasl.is_some() && self.sasl_tag.as_deref() == Some(tag) {
                self.login.end();
                self.sasl_tag = None;
            }
            if self.idle.as_deref() == Some(tag) {
                self.idle = None;
            }
            if status != "OK" {
                // A refused literal is not sent.
                self.literal_waits = None;
            }
            if matches!(verb.as_str(), "LOGIN" | "AUTHENTICATE") {
                self.login.verdict(status == "OK", out);
            }
            return;
        }
        out.line(Dir::Server, frame, LineKind::Other, None, bytes, explain::text(&["other.bytes"], &[]), None);
    }

    fn flush_rest(&mut self, dir: Dir, out: &mut Out<'_>) {
        if self.sides[dir.index()].literal > 0 {
            if let Some((rest, frame)) = self.io.rest(dir, out) {
                self.literal_bytes(dir, &rest, frame, out);
            }
            self.sides[dir.index()].content.flush(dir, out);
            return;
        }
        if let Some((rest, frame)) = self.io.rest(dir, out) {
            out.partial = true;
            let continues = std::mem::take(&mut self.sides[dir.index()].continues);
            match dir {
                Dir::Client => self.client_line(&rest, frame, continues, None, out),
                Dir::Server => self.server_line(&rest, frame, continues, out),
            }
        }
        out.partial = false;
    }
}

impl Session for Imap {
    fn data(&mut self, dir: Dir, bytes: &[u8], frame: u32, at: u32, out: &mut Out<'_>) {
        self.io.framer[dir.index()].push(bytes, frame, at);
        self.pump(dir, out);
    }

    fn gap(&mut self, dir: Dir, bytes: u64, frame: u32, out: &mut Out<'_>) {
        let side = &mut self.sides[dir.index()];
        if side.literal > 0 && self.io.is_empty(dir) {
            // The literal's size says how many of the lost bytes were its own;
            // any beyond were the start of the line after it (RFC 9051 §4.3).
            let own = bytes.min(side.literal);
            if let Some(m) = &mut side.msg {
                m.gap(own, frame);
            }
            side.literal -= own;
            out.gap(dir, frame, bytes);
            if side.literal == 0 {
                if let Some(m) = side.msg.take() {
                    out.message(m, false);
                }
                if bytes > own {
                    side.continues = false;
                    side.lost_start = Some(bytes - own);
                }
            }
            return;
        }
        self.flush_rest(dir, out);
        out.gap(dir, frame, bytes);
        let side = &mut self.sides[dir.index()];
        side.after_gap = true;
        if let (true, Some(m)) = (side.literal > 0, &mut side.msg) {
            m.gap(bytes.min(side.literal), frame);
        }
    }

    fn finish(&mut self, out: &mut Out<'_>) {
        for dir in [Dir::Client, Dir::Server] {
            self.pump(dir, out);
            self.flush_rest(dir, out);
            if let Some(m) = self.sides[dir.index()].msg.take() {
                out.message(m, true);
            }
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
    fn fetch_sections_that_are_messages() {
        assert_eq!(fetch_section(b"* 1 FETCH (BODY[] {342}"), Some(String::new()));
        assert_eq!(fetch_section(b"* 2 FETCH (UID 2 FLAGS (\\Seen) BODY[] {1200}"), Some(String::new()));
        assert_eq!(fetch_section(b"* 1 FETCH (RFC822 {10}"), Some(String::new()));
        assert_eq!(fetch_section(b"* 1 FETCH (BODY[]<0> {10}"), Some("<0>".into()));
        assert_eq!(fetch_section(b"* 1 FETCH (BODY[HEADER.FIELDS (From Subject)] {40}"), Some("HEADER.FIELDS (From Subject)".into()));
        assert_eq!(fetch_section(b"* 1 FETCH (RFC822.HEADER {40}"), Some("HEADER".into()));
        assert_eq!(fetch_section(b"* 1 FETCH (BODY[TEXT] {40}"), None);
        assert_eq!(fetch_section(b"* 1 FETCH (BODY[2] {40}"), None);
        assert_eq!(fetch_section(b"* 1 FETCH (ENVELOPE (\"x\" {3}"), None);
        assert_eq!(fetch_section(b"a1 LOGIN bob {5}"), None);
    }

    #[test]
    fn quoted_strings_keep_what_is_inside() {
        assert_eq!(astrings(r#""bob" "hun\"ter2""#), vec!["bob".to_string(), "hun\"ter2".to_string()]);
        assert_eq!(astrings("bob hunter2"), vec!["bob".to_string(), "hunter2".to_string()]);
    }
}
