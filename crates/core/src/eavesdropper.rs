//! What an eavesdropper learned: for the whole capture, every credential,
//! address, subject, attachment name and message body that crossed the wire
//! readable, each with where it appears (stream, frame, line) and its lesson
//! (the port or STARTTLS that would have hidden it; what CRAM-MD5 and APOP
//! still give away), grouped by conversation; and for TLS conversations what
//! stayed hidden and what still leaked (the server name, the certificate in
//! TLS 1.2, sizes and times).
//!
//! What Postscope read inside TLS with a key log is listed too, marked
//! `decrypted`: an eavesdropper without the keys did not learn it.

use crate::explain::{Phrase, PhraseArg};
use crate::facts::{Arg, Explain, Piece};
use crate::model::{Analysis, Credential, Dir, Item, LineKind, Message, Protocol, Stream, TlsKind};
use crate::protocols;
use serde::{Deserialize, Serialize};

/// The panel: one entry per conversation that exposed something or used TLS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eavesdropper {
    pub conversations: Vec<Overheard>,
    /// Items that crossed readable (not counting what was read with a key log).
    pub readable: u32,
    /// Items Postscope read inside TLS with a key log.
    pub decrypted: u32,
}

/// What one conversation gave away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overheard {
    pub stream: u32,
    /// How people write its protocol ("SMTP").
    pub protocol: String,
    pub client: String,
    pub server: String,
    pub items: Vec<Exposed>,
    /// For a TLS conversation: what stayed hidden and what leaked all the same.
    pub tls: Option<TlsLesson>,
}

impl Overheard {
    /// Whether the panel lists it: something crossed readable, or it used TLS.
    pub fn tells(&self) -> bool {
        !self.items.is_empty() || self.tls.is_some()
    }
}

/// What kind of thing crossed the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExposedKind {
    Credential,
    Address,
    Subject,
    Attachment,
    Body,
}

impl ExposedKind {
    /// The catalogue key of its name.
    pub fn key(self) -> &'static str {
        match self {
            ExposedKind::Credential => "eaves.kind.credential",
            ExposedKind::Address => "eaves.kind.address",
            ExposedKind::Subject => "eaves.kind.subject",
            ExposedKind::Attachment => "eaves.kind.attachment",
            ExposedKind::Body => "eaves.kind.body",
        }
    }
}

/// One thing that crossed the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exposed {
    pub kind: ExposedKind,
    /// Where it crossed (the frame carrying its first byte).
    pub frame: u32,
    /// The stream's line number it is on, when it is one line.
    pub line: Option<u32>,
    /// Where it was said: "AUTH LOGIN", "MAIL FROM", "From:", "DATA".
    pub label: String,
    /// What crossed: the username, the address, the subject, the file name, the body's first line.
    pub value: String,
    /// The password, or what stood in for it (a CRAM-MD5 digest), or the body's size.
    pub detail: Option<String>,
    /// Read inside TLS with a key log: an eavesdropper without the keys did not see it.
    pub decrypted: bool,
    /// What would have hidden it, or why it is still dangerous.
    pub lesson: Phrase,
}

/// What TLS hid in a conversation and what it could not hide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsLesson {
    /// The frame from which the conversation is encrypted.
    pub from_frame: u32,
    /// What an eavesdropper could not read.
    pub hidden: Phrase,
    /// What it could read all the same.
    pub leaks: Vec<Leak>,
}

/// Something TLS does not hide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leak {
    pub frame: u32,
    pub what: Phrase,
}

/// What would have hidden what crossed readable in conversation `s`:
/// STARTTLS on its port, or implicit TLS on the protocol's TLS port (both from
/// the protocol table).
fn would_hide(s: &Stream) -> PhraseArg {
    let spec = protocols::spec(s.protocol);
    let port = s.server.port();
    let starttls_port = if spec.ports.contains(&port) { Some(port) } else { spec.ports.first().copied() };
    let command = match s.protocol {
        Protocol::Pop3 => "STLS",
        _ => "STARTTLS",
    };
    PhraseArg::Phrase(match (starttls_port, spec.tls_ports.first()) {
        (Some(p), Some(t)) => Phrase::new("eaves.hide", &[spec.label, command, &p.to_string(), &t.to_string()]),
        (Some(p), None) => Phrase::new("eaves.hide.starttls", &[spec.label, command, &p.to_string()]),
        _ => Phrase::new("eaves.hide.tls", &[spec.label]),
    })
}

fn clear_lesson(s: &Stream) -> Phrase {
    Phrase::with("eaves.lesson.clear", vec![would_hide(s)])
}

fn credential_lesson(c: &Credential, s: &Stream) -> Phrase {
    if c.decrypted {
        return Phrase::new("eaves.lesson.decrypted", &[]);
    }
    let key = match c.mechanism.as_str() {
        "CRAM-MD5" => "eaves.lesson.cram",
        "APOP" => "eaves.lesson.apop",
        "XOAUTH2" | "OAUTHBEARER" => "eaves.lesson.token",
        "NTLM" => "eaves.lesson.ntlm",
        _ => "eaves.lesson.clear",
    };
    Phrase::with(key, vec![would_hide(s)])
}

/// The first line of a message's body (after the blank line ending the headers), for a preview.
fn body_preview(m: &Message) -> String {
    let text = String::from_utf8_lossy(&m.raw);
    let body = text.split_once("\r\n\r\n").or_else(|| text.split_once("\n\n")).map_or("", |(_, b)| b);
    let line = body.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let line = crate::message::inspect::visible(line);
    if line.chars().count() > 80 {
        let mut s: String = line.chars().take(79).collect();
        s.push('…');
        s
    } else {
        line
    }
}

fn visible(s: &str) -> String {
    crate::message::inspect::visible(s)
}

/// The arguments of the first piece with catalogue key `key`, nested ones included.
fn args_of<'e>(e: &'e Explain, key: &str) -> Option<&'e [Arg]> {
    e.pieces().iter().find_map(|p| match p {
        Piece::Whole(k, args) | Piece::Fragment(k, args) => {
            if *k == key {
                return Some(&args[..]);
            }
            args.iter().find_map(|a| match a {
                Arg::Explain(x) => args_of(x, key),
                Arg::List(xs, _) => xs.iter().find_map(|x| args_of(x, key)),
                _ => None,
            })
        }
        _ => None,
    })
}

fn arg_text(args: &[Arg], n: usize) -> Option<String> {
    match args.get(n)? {
        Arg::Text(t) => Some(t.to_string()),
        _ => None,
    }
}

fn tls_lesson(s: &Stream, decrypted_items: u32) -> Option<TlsLesson> {
    let from = s.tls_from_frame?;
    let implicit = !s.items.iter().any(|i| matches!(i, Item::Line(l) if l.frame < from && !l.decrypted));
    let decrypted = s.items.iter().any(|i| matches!(i, Item::Line(l) if l.decrypted));
    let hidden = match (implicit, decrypted) {
        (_, true) => Phrase::new("eaves.hidden.decrypted", &[&decrypted_items.to_string()]),
        (true, false) => Phrase::new("eaves.hidden.implicit", &[]),
        (false, false) => Phrase::new("eaves.hidden.starttls", &[&from.to_string()]),
    };
    let mut leaks = vec![Leak {
        frame: s.first_frame,
        what: Phrase::new("eaves.leak.endpoints", &[&s.client.to_string(), &s.server.to_string(), &s.server.port().to_string()]),
    }];
    let mut tls13 = false;
    let mut bytes = [0u64; 2];
    let mut records = [0u64; 2];
    for item in &s.items {
        let Item::Tls(t) = item else { continue };
        match t.kind {
            TlsKind::ClientHello => {
                if let Some(name) = args_of(&t.explain, "tls.hello.sni").and_then(|a| arg_text(a, 0)) {
                    leaks.push(Leak { frame: t.frame, what: Phrase::new("eaves.leak.sni", &[&visible(&name)]) });
                }
            }
            TlsKind::ServerHello => tls13 |= t.explain.has("tls.server_hello.13"),
            TlsKind::Handshake
                if t.dir == Dir::Server
                    && !tls13
                    && args_of(&t.explain, "tls.handshake").and_then(|a| arg_text(a, 0)).as_deref() == Some("Certificate") =>
            {
                leaks.push(Leak { frame: t.frame, what: Phrase::new("eaves.leak.certificate", &[]) });
            }
            TlsKind::ApplicationData => {
                bytes[t.dir.index()] += t.bytes;
                records[t.dir.index()] += 1;
            }
            _ => {}
        }
    }
    if tls13 {
        leaks.push(Leak { frame: from, what: Phrase::new("eaves.leak.certificate.13", &[]) });
    }
    let last = s.items.iter().map(Item::frame).max().unwrap_or(from);
    leaks.push(Leak {
        frame: from,
        what: Phrase::new(
            "eaves.leak.sizes",
            &[&bytes[0].to_string(), &bytes[1].to_string(), &format!("{:.3}", s.duration), &from.to_string(), &last.to_string()],
        ),
    });
    Some(TlsLesson { from_frame: from, hidden, leaks })
}

/// Everything that crossed readable in one conversation (what
/// [`eavesdropper`] lists of it, if it exposed something or used TLS).
pub fn overheard(s: &Stream) -> Overheard {
    let clear = clear_lesson(s);
    let lesson = |decrypted: bool| if decrypted { Phrase::new("eaves.lesson.decrypted", &[]) } else { clear.clone() };
    let mut items = Vec::new();
    for item in &s.items {
        match item {
            Item::Credential(c) => items.push(Exposed {
                kind: ExposedKind::Credential,
                frame: c.frame,
                line: None,
                label: crate::overview::login_label(c.protocol, &c.mechanism),
                value: c.username.as_deref().map(visible).unwrap_or_default(),
                detail: c.password.as_deref().or(c.secret.as_deref()).map(visible),
                decrypted: c.decrypted,
                lesson: credential_lesson(c, s),
            }),
            Item::Line(l) if l.kind == LineKind::Command && matches!(l.verb.as_deref(), Some("MAIL" | "RCPT")) => {
                let value = l.text.split_once(':').map_or(l.text.as_str(), |(_, v)| v).trim();
                items.push(Exposed {
                    kind: ExposedKind::Address,
                    frame: l.frame,
                    line: Some(l.number),
                    label: if l.verb.as_deref() == Some("MAIL") { "MAIL FROM".into() } else { "RCPT TO".into() },
                    value: visible(value),
                    detail: None,
                    decrypted: l.decrypted,
                    lesson: lesson(l.decrypted),
                })
            }
            Item::Message(m) => {
                let at = |kind, label: &str, value: &str| Exposed {
                    kind,
                    frame: m.first_frame,
                    line: None,
                    label: label.to_string(),
                    value: visible(value),
                    detail: None,
                    decrypted: m.decrypted,
                    lesson: lesson(m.decrypted),
                };
                for (label, v) in [("From:", &m.from), ("To:", &m.to), ("Cc:", &m.cc)] {
                    if let Some(v) = v {
                        items.push(at(ExposedKind::Address, label, v));
                    }
                }
                if let Some(subject) = &m.subject {
                    items.push(at(ExposedKind::Subject, "Subject:", subject));
                }
                for a in &m.attachments {
                    items.push(at(ExposedKind::Attachment, "attachment", a));
                }
                let mut body = at(ExposedKind::Body, &m.command, &body_preview(m));
                body.frame = m.first_frame;
                body.detail = Some(m.size.to_string());
                items.push(body);
            }
            _ => {}
        }
    }
    let decrypted = items.iter().filter(|i| i.decrypted).count() as u32;
    Overheard {
        stream: s.stream,
        protocol: protocols::spec(s.protocol).label.to_string(),
        client: s.client.to_string(),
        server: s.server.to_string(),
        tls: tls_lesson(s, decrypted),
        items,
    }
}

/// What an eavesdropper on the capture's network learned, conversation by conversation.
pub fn eavesdropper(analysis: &Analysis) -> Eavesdropper {
    gather(analysis.streams.iter().map(overheard))
}

/// The panel from each conversation's [`overheard`], in `tcp.stream` order
/// (for a reader that let the conversations' items go).
pub fn gather(overheard: impl IntoIterator<Item = Overheard>) -> Eavesdropper {
    let conversations: Vec<Overheard> = overheard.into_iter().filter(Overheard::tells).collect();
    let count = |decrypted: bool| conversations.iter().flat_map(|o| &o.items).filter(|i| i.decrypted == decrypted).count() as u32;
    Eavesdropper { readable: count(false), decrypted: count(true), conversations }
}

/// Every catalogue key a panel uses, for tests.
pub fn keys(e: &Eavesdropper) -> Vec<String> {
    let mut out = Vec::new();
    for o in &e.conversations {
        for i in &o.items {
            out.extend(i.lesson.keys());
            out.push(i.kind.key().to_string());
        }
        if let Some(t) = &o.tls {
            out.extend(t.hidden.keys());
            for l in &t.leaks {
                out.extend(l.what.keys());
            }
        }
    }
    out
}
