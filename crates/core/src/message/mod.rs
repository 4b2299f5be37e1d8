//! Messages that crossed the wire: collected from the protocol sessions byte
//! by byte, then read with `mail-parser` into a [`Message`] record.
//!
//! A session creates a [`Collector`] when a message starts (SMTP DATA or
//! BDAT, POP3 RETR or TOP, an IMAP literal holding a message), feeds it the
//! bytes as they cross the wire — [`Collector::dot_line`] for dot-terminated
//! bodies, which undoes dot-stuffing, [`Collector::bytes`] for counted ones —
//! marks gaps, and hands it to [`crate::mail::Out::message`] at the end, or at
//! the end of the capture when the message never ended.
//!
//! [`inspect`] is the detailed reading the app's message view and the CLI's
//! `--extract` use: headers, the Received chain, the MIME tree with encoded
//! and decoded bodies. [`names`] makes file names from a capture safe to write.

pub mod inspect;
pub mod names;

use crate::explain::{self, Explain};
use crate::model::{Dir, Message, MessageGap, PartSummary, Protocol};
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders, PartType};

/// At most this many bytes of one message are kept; the rest is counted and
/// the message is marked cut.
pub const MAX_MESSAGE: usize = 32 * 1024 * 1024;

/// A message being received.
#[derive(Debug)]
pub struct Collector {
    dir: Dir,
    command: String,
    section: Option<String>,
    declared: Option<u64>,
    /// The frame of the command or response that started it (used when no byte came).
    start_frame: u32,
    first_frame: Option<u32>,
    last_frame: u32,
    raw: Vec<u8>,
    seen: u64,
    gaps: Vec<MessageGap>,
    cut: bool,
    /// The next byte starts a line (dot-stuffing only applies there).
    line_start: bool,
}

impl Collector {
    /// A message sent by `dir` with `command`, announced in `frame`.
    pub fn new(dir: Dir, command: &str, frame: u32) -> Self {
        Collector {
            dir,
            command: command.to_string(),
            section: None,
            declared: None,
            start_frame: frame,
            first_frame: None,
            last_frame: frame,
            raw: Vec::new(),
            seen: 0,
            gaps: Vec::new(),
            cut: false,
            line_start: true,
        }
    }

    /// The size the protocol announced.
    pub fn declared(mut self, size: Option<u64>) -> Self {
        self.declared = size;
        self
    }

    /// IMAP: the section fetched, when it is not the whole message.
    pub fn section(mut self, section: Option<String>) -> Self {
        self.section = section;
        self
    }

    pub fn command(&self) -> &str {
        &self.command
    }

    /// Adds to the announced size (one more BDAT chunk).
    pub fn declare_more(&mut self, size: u64) {
        self.declared = Some(self.declared.unwrap_or(0).saturating_add(size));
    }

    /// One line of a dot-terminated body (SMTP DATA, POP3 RETR/TOP), without
    /// its line end, and the line end it had on the wire. A leading dot the
    /// sender doubled (dot-stuffing, RFC 5321 §4.5.2, RFC 1939 §3) is removed.
    pub fn dot_line(&mut self, line: &[u8], eol: &[u8], frame: u32) {
        let line = if self.line_start && line.first() == Some(&b'.') { &line[1..] } else { line };
        self.push(line, frame);
        self.push(eol, frame);
        self.line_start = !eol.is_empty();
    }

    /// Counted bytes (a BDAT chunk, an IMAP literal), as they are.
    pub fn bytes(&mut self, bytes: &[u8], frame: u32) {
        self.push(bytes, frame);
        self.line_start = bytes.last().map_or(self.line_start, |&b| b == b'\n');
    }

    /// Bytes of the message missing from the capture here.
    pub fn gap(&mut self, bytes: u64, frame: u32) {
        if bytes == 0 {
            return;
        }
        self.gaps.push(MessageGap { at: self.seen + self.missing(), bytes });
        self.last_frame = self.last_frame.max(frame);
        self.line_start = false;
    }

    /// The frame that ended the message (its final dot, its last chunk).
    /// Bytes of the message so far, seen or known to be missing.
    pub fn size(&self) -> u64 {
        self.seen + self.missing()
    }

    pub fn ends_in(&mut self, frame: u32) {
        self.last_frame = self.last_frame.max(frame);
    }

    fn missing(&self) -> u64 {
        self.gaps.iter().map(|g| g.bytes).sum()
    }

    fn push(&mut self, bytes: &[u8], frame: u32) {
        if bytes.is_empty() {
            return;
        }
        if self.first_frame.is_none() {
            self.first_frame = Some(frame);
        }
        self.last_frame = self.last_frame.max(frame);
        self.seen += bytes.len() as u64;
        let room = MAX_MESSAGE.saturating_sub(self.raw.len());
        let keep = room.min(bytes.len());
        self.raw.extend_from_slice(&bytes[..keep]);
        if keep < bytes.len() {
            self.cut = true;
        }
    }

    /// The message record. `ended_early`: the capture or the connection ended
    /// (or the transfer was abandoned) before the message's end was seen.
    pub fn finish(self, stream: u32, protocol: Protocol, ended_early: bool) -> Message {
        self.finish_as(stream, protocol, ended_early, true)
    }

    /// The message record; without `contents` (a sink that reads of a
    /// message only its subject, [`crate::Sink::wants_message_contents`])
    /// only its headers are read, for its subject, and its bytes are not kept:
    /// addresses, date, parts, attachments and `raw` stay empty.
    pub fn finish_as(mut self, stream: u32, protocol: Protocol, ended_early: bool, contents: bool) -> Message {
        if ended_early {
            // What the announced size says is still to come.
            if let Some(expected) = self.declared {
                let have = self.seen + self.missing();
                if expected > have {
                    self.gaps.push(MessageGap { at: have, bytes: expected - have });
                }
            }
        }
        let missing = self.missing();
        let summary = if contents { summarise(&self.raw) } else { subject_only(&self.raw) };
        if !contents {
            self.raw = Vec::new();
        }
        let complete = !ended_early && missing == 0 && !self.cut;
        let explain = message_explain(protocol, &self.command, self.section.as_deref(), ended_early, missing, self.cut);
        Message {
            stream,
            protocol,
            dir: self.dir,
            command: self.command,
            section: self.section,
            first_frame: self.first_frame.unwrap_or(self.start_frame),
            last_frame: self.last_frame,
            size: self.seen,
            declared_size: self.declared,
            complete,
            missing_bytes: missing,
            ended_early,
            cut: self.cut,
            gaps: self.gaps,
            from: summary.from,
            to: summary.to,
            cc: summary.cc,
            subject: summary.subject,
            date: summary.date,
            message_id: summary.message_id,
            parts: summary.parts,
            attachments: summary.attachments,
            decrypted: false,
            explain,
            raw: self.raw,
        }
    }
}

fn message_explain(protocol: Protocol, command: &str, section: Option<&str>, ended_early: bool, missing: u64, cut: bool) -> Explain {
    let key = format!("message.{}.{}", protocol.name(), command.replace(' ', "_"));
    let none = Explain::none;
    explain::join([
        explain::text(&[&key, "message.other"], &[command]),
        section.map_or_else(none, |s| explain::text(&["message.section"], &[&inspect::visible(s)])),
        if ended_early { explain::text(&["message.ended_early"], &[]) } else { none() },
        if missing > 0 { explain::text(&["message.missing"], &[&missing.to_string()]) } else { none() },
        if cut { explain::text(&["message.cut"], &[&(MAX_MESSAGE / (1024 * 1024)).to_string()]) } else { none() },
    ])
}

/// What a message record says about a message's content.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub from: Option<String>,
    pub to: Option<String>,
    pub cc: Option<String>,
    pub subject: Option<String>,
    pub date: Option<String>,
    pub message_id: Option<String>,
    pub parts: Vec<PartSummary>,
    pub attachments: Vec<String>,
}

/// Reads a message with mail-parser: never panics; a message without
/// headers gives an empty summary. The same reading fills [`Message`] records.
pub fn summarise(raw: &[u8]) -> Summary {
    let Some(m) = MessageParser::default().parse(raw) else {
        return Summary::default();
    };
    let mut s = Summary {
        from: m.from().map(address_text),
        to: m.to().map(address_text),
        cc: m.cc().map(address_text),
        subject: m.subject().map(str::to_string),
        // An unreadable date stays as written rather than becoming nonsense fields.
        date: m.date().filter(|d| d.is_valid()).map(|d| d.to_rfc3339()).or_else(|| m.header_raw("Date").map(|d| d.trim().to_string())),
        message_id: m.message_id().map(str::to_string),
        ..Summary::default()
    };
    walk(&m, "", 0, &mut s.parts);
    s.attachments = s.parts.iter().filter_map(|p| p.filename.clone()).collect();
    s
}

/// The subject alone, as [`summarise`] reads it: mail-parser reads the
/// headers only (the same reading of the top-level headers, without
/// decoding the parts).
fn subject_only(raw: &[u8]) -> Summary {
    let subject = MessageParser::default().parse_headers(raw).and_then(|m| m.subject().map(str::to_string));
    Summary { subject, ..Summary::default() }
}

/// An address header as text: `Name <addr>, other@host`, groups as `Group: a, b;`.
pub fn address_text(a: &Address<'_>) -> String {
    fn one(a: &mail_parser::Addr<'_>) -> String {
        match (a.name(), a.address()) {
            (Some(n), Some(ad)) => format!("{n} <{ad}>"),
            (None, Some(ad)) => ad.to_string(),
            (Some(n), None) => n.to_string(),
            (None, None) => String::new(),
        }
    }
    match a {
        Address::List(list) => list.iter().map(one).collect::<Vec<_>>().join(", "),
        Address::Group(groups) => groups
            .iter()
            .map(|g| {
                let members = g.addresses.iter().map(one).collect::<Vec<_>>().join(", ");
                match &g.name {
                    Some(n) => format!("{n}: {members};"),
                    None => members,
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The part number of child `k` (from 0) under `prefix`, as IMAP counts.
pub(crate) fn child_id(prefix: &str, k: usize) -> String {
    if prefix.is_empty() {
        (k + 1).to_string()
    } else {
        format!("{prefix}.{}", k + 1)
    }
}

/// Visits the MIME tree of `m` depth first: (part, its id, its depth, its message).
/// The root of a multipart message has id "" (or `P.TEXT` inside a
/// message/rfc822 part P); a single-part message's body is part 1 (P.1).
pub(crate) fn visit<'m>(
    m: &'m mail_parser::Message<'m>,
    prefix: &str,
    depth: u32,
    f: &mut dyn FnMut(&'m mail_parser::Message<'m>, &'m mail_parser::MessagePart<'m>, &str, u32),
) {
    fn part<'m>(
        m: &'m mail_parser::Message<'m>,
        idx: usize,
        id: String,
        depth: u32,
        guard: u32,
        f: &mut dyn FnMut(&'m mail_parser::Message<'m>, &'m mail_parser::MessagePart<'m>, &str, u32),
    ) {
        let Some(p) = m.parts.get(idx) else { return };
        if guard > 64 {
            return;
        }
        f(m, p, &id, depth);
        match &p.body {
            PartType::Multipart(children) => {
                let base = id.strip_suffix(".TEXT").unwrap_or(&id).to_string();
                for (k, &child) in children.iter().enumerate() {
                    if child as usize != idx {
                        part(m, child as usize, child_id(&base, k), depth + 1, guard + 1, f);
                    }
                }
            }
            PartType::Message(nested) => {
                let root_multipart = matches!(nested.parts.first().map(|p| &p.body), Some(PartType::Multipart(_)));
                let nested_id = if root_multipart { format!("{id}.TEXT") } else { child_id(&id, 0) };
                part(nested, 0, nested_id, depth + 1, guard + 1, f);
            }
            _ => {}
        }
    }
    let root_multipart = matches!(m.parts.first().map(|p| &p.body), Some(PartType::Multipart(_)));
    let id = if root_multipart { prefix.to_string() } else { child_id(prefix, 0) };
    part(m, 0, id, depth, 0, f);
}

/// The content type of a part, in lower case, with the defaults of RFC 2045.
pub(crate) fn content_type(p: &mail_parser::MessagePart<'_>) -> String {
    match p.content_type() {
        Some(ct) => match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
            None => ct.ctype().to_ascii_lowercase(),
        },
        None => match &p.body {
            PartType::Multipart(_) => "multipart/mixed".into(),
            PartType::Message(_) => "message/rfc822".into(),
            _ => "text/plain".into(),
        },
    }
}

pub(crate) fn encoding(p: &mail_parser::MessagePart<'_>) -> String {
    p.content_transfer_encoding().map(|e| e.trim().to_ascii_lowercase()).unwrap_or_else(|| "7bit".into())
}

fn walk(m: &mail_parser::Message<'_>, prefix: &str, depth: u32, out: &mut Vec<PartSummary>) {
    visit(m, prefix, depth, &mut |_, p, id, depth| {
        out.push(PartSummary {
            id: id.to_string(),
            depth,
            content_type: content_type(p),
            charset: p.content_type().and_then(|c| c.attribute("charset")).map(str::to_string),
            encoding: encoding(p),
            filename: p.attachment_name().map(str::to_string),
            disposition: p.content_disposition().map(|d| d.ctype().to_ascii_lowercase()),
            size: p.len() as u64,
        });
    });
}

/// The text of a header value, decoded (encoded-words, addresses, dates).
pub(crate) fn header_text(v: &HeaderValue<'_>) -> Option<String> {
    Some(match v {
        HeaderValue::Address(a) => address_text(a),
        HeaderValue::Text(t) => t.to_string(),
        HeaderValue::TextList(l) => l.join(", "),
        HeaderValue::DateTime(d) => d.to_rfc822(),
        HeaderValue::ContentType(ct) => {
            let mut s = match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub),
                None => ct.ctype().to_string(),
            };
            for a in ct.attributes().unwrap_or(&[]) {
                s.push_str(&format!("; {}=\"{}\"", a.name, a.value));
            }
            s
        }
        HeaderValue::Received(_) | HeaderValue::Empty => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(lines: &[&[u8]]) -> Collector {
        let mut c = Collector::new(Dir::Client, "DATA", 1);
        for (i, l) in lines.iter().enumerate() {
            c.dot_line(l, b"\r\n", 10 + i as u32);
        }
        c
    }

    #[test]
    fn dot_stuffing_is_undone_and_crlf_kept() {
        let c = collect(&[b"Subject: dots", b"", b"..signature", b"...", b"a.b"]);
        let m = c.finish(0, Protocol::Smtp, false);
        assert_eq!(m.raw, b"Subject: dots\r\n\r\n.signature\r\n..\r\na.b\r\n");
        assert_eq!(m.size, m.raw.len() as u64);
        assert_eq!(m.subject.as_deref(), Some("dots"));
        assert_eq!((m.first_frame, m.last_frame), (10, 14));
        assert!(m.complete);
    }

    #[test]
    fn a_bare_lf_stays_a_bare_lf() {
        let mut c = Collector::new(Dir::Server, "RETR", 3);
        c.dot_line(b"Subject: x", b"\n", 4);
        c.dot_line(b"", b"\r\n", 4);
        c.dot_line(b"body", b"", 5);
        assert_eq!(c.finish(0, Protocol::Pop3, true).raw, b"Subject: x\n\r\nbody");
    }

    #[test]
    fn a_cut_line_is_not_unstuffed_in_its_middle() {
        let mut c = Collector::new(Dir::Client, "DATA", 1);
        c.dot_line(b"xxxx", b"", 2);
        c.dot_line(b".yy", b"\r\n", 2);
        c.dot_line(b"..z", b"\r\n", 3);
        assert_eq!(c.finish(0, Protocol::Smtp, false).raw, b"xxxx.yy\r\n.z\r\n");
    }

    #[test]
    fn gaps_and_an_early_end_count_missing_bytes() {
        let mut c = Collector::new(Dir::Server, "FETCH", 7).declared(Some(100));
        c.bytes(b"Subject: hi\r\n\r\n", 8);
        c.gap(20, 9);
        c.bytes(b"tail", 10);
        let m = c.finish(2, Protocol::Imap, true);
        assert!(!m.complete && m.ended_early);
        assert_eq!(m.size, 19);
        assert_eq!(m.gaps, vec![MessageGap { at: 15, bytes: 20 }, MessageGap { at: 39, bytes: 61 }]);
        assert_eq!(m.missing_bytes, 81);
        let said = explain::plain(&m.explain);
        assert!(said.contains("81"), "{said}");
    }

    #[test]
    fn the_cap_keeps_the_first_bytes_and_counts_the_rest() {
        let mut c = Collector::new(Dir::Client, "BDAT", 1);
        let chunk = vec![b'a'; 1024 * 1024];
        for _ in 0..(MAX_MESSAGE / chunk.len() + 2) {
            c.bytes(&chunk, 2);
        }
        let m = c.finish(0, Protocol::Smtp, false);
        assert!(m.cut && !m.complete);
        assert_eq!(m.raw.len(), MAX_MESSAGE);
        assert_eq!(m.size, (MAX_MESSAGE + 2 * chunk.len()) as u64);
    }

    #[test]
    fn parts_are_numbered_as_imap_does() {
        let raw = b"From: =?UTF-8?Q?J=C3=BCrgen?= <j@x.example>\r\nTo: a@x.example, B <b@x.example>\r\nSubject: =?UTF-8?B?R3LDvMOfZQ==?=\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: multipart/alternative; boundary=b2\r\n\r\n--b2\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe\r\n--b2\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n--b2--\r\n--b1\r\nContent-Type: image/png; name=\"a.png\"\r\nContent-Disposition: attachment; filename=\"a.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b1--\r\n";
        let m = collect(&[]).finish(0, Protocol::Smtp, false);
        assert!(m.parts.is_empty());
        let s = summarise(raw);
        assert_eq!(s.from.as_deref(), Some("Jürgen <j@x.example>"));
        assert_eq!(s.to.as_deref(), Some("a@x.example, B <b@x.example>"));
        assert_eq!(s.subject.as_deref(), Some("Grüße"));
        let ids: Vec<(&str, &str, u32)> = s.parts.iter().map(|p| (p.id.as_str(), p.content_type.as_str(), p.depth)).collect();
        assert_eq!(
            ids,
            vec![
                ("", "multipart/mixed", 0),
                ("1", "multipart/alternative", 1),
                ("1.1", "text/plain", 2),
                ("1.2", "text/html", 2),
                ("2", "image/png", 1)
            ]
        );
        assert_eq!(s.parts[2].charset.as_deref(), Some("iso-8859-1"));
        assert_eq!(s.parts[2].encoding, "quoted-printable");
        assert_eq!(s.parts[2].size, "Grüße".len() as u64);
        assert_eq!(s.parts[4].size, 8);
        assert_eq!(s.attachments, vec!["a.png".to_string()]);
    }

    #[test]
    fn garbage_gives_an_empty_summary_not_a_panic() {
        for raw in [&b""[..], b"\r\n\r\n", b"\xff\xfe\x00", b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x"] {
            let _ = summarise(raw);
        }
    }
}
