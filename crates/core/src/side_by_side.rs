//! The lesson of a conversation decrypted with a key log, side by side: on
//! the left what crossed the wire (the encrypted TLS records an eavesdropper
//! saw: their type, size, side and frame), on the right what was inside them
//! (the decrypted lines, logins, messages and handshake messages), one row
//! per frame and side.
//!
//! Decrypted items carry the frame of the record they came from
//! (`mail/inside.rs`), which is what pairs them here.

use crate::facts::{Arg, Piece};
use crate::model::{Item, LineKind, Stream, TlsKind};
use serde::{Deserialize, Serialize};

/// The two columns of a conversation, from where TLS starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideBySide {
    pub stream: u32,
    /// The frame from which the conversation is encrypted.
    pub tls_from: u32,
    /// Lines that crossed in clear before TLS (an eavesdropper read them as you do).
    pub clear_lines: u32,
    pub rows: Vec<Row>,
}

/// One frame of one side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub frame: u32,
    pub from_client: bool,
    /// What crossed the wire: the TLS records of this frame and side.
    pub wire: Vec<Record>,
    /// What was inside them.
    pub inside: Vec<Inside>,
}

/// A TLS record as an eavesdropper sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The record's type as on the wire ("application_data", "handshake", "client_hello").
    pub kind: String,
    pub bytes: u64,
}

/// What kind of thing was inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InsideKind {
    Command,
    Reply,
    Content,
    Sasl,
    Other,
    Login,
    Message,
    /// Handshake messages or an alert, named.
    Tls,
}

/// One thing read inside the records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inside {
    pub kind: InsideKind,
    /// The line as sent, the login ("alice / wonderland"), the message's subject, the handshake messages' names.
    pub text: String,
    /// The stream's line number, for a line.
    pub line: Option<u32>,
}

fn second_arg(item: &crate::model::TlsRecord) -> Option<String> {
    item.explain.pieces().iter().find_map(|p| match p {
        Piece::Whole(k, args) if *k == "tls.handshake.decrypted" || *k == "tls.alert.decrypted" => match args.get(1) {
            Some(Arg::Text(t)) => Some(t.to_string()),
            _ => None,
        },
        _ => None,
    })
}

/// The side-by-side view of a conversation decrypted with a key log; `None`
/// when nothing in it was decrypted.
pub fn side_by_side(s: &Stream) -> Option<SideBySide> {
    let from = s.tls_from_frame?;
    if !s.items.iter().any(|i| matches!(i, Item::Line(l) if l.decrypted)) {
        return None;
    }
    let mut rows: Vec<Row> = Vec::new();
    fn row(rows: &mut Vec<Row>, frame: u32, from_client: bool) -> &mut Row {
        // Items of one record come together; look back only a little.
        let n = rows.len();
        let found = rows.iter().rev().take(8).position(|r| r.frame == frame && r.from_client == from_client);
        match found {
            Some(back) => &mut rows[n - 1 - back],
            None => {
                rows.push(Row { frame, from_client, wire: Vec::new(), inside: Vec::new() });
                rows.last_mut().unwrap()
            }
        }
    }
    let mut clear_lines = 0;
    for item in &s.items {
        match item {
            Item::Line(l) if !l.decrypted => clear_lines += u32::from(l.frame < from),
            Item::Line(l) => {
                let kind = match l.kind {
                    LineKind::Command => InsideKind::Command,
                    LineKind::Reply => InsideKind::Reply,
                    LineKind::Content => InsideKind::Content,
                    LineKind::Sasl => InsideKind::Sasl,
                    LineKind::Other => InsideKind::Other,
                };
                let text = crate::message::inspect::visible(&l.text);
                row(&mut rows, l.frame, l.dir == crate::model::Dir::Client).inside.push(Inside { kind, text, line: Some(l.number) });
            }
            Item::Tls(t) if t.frame >= from && t.kind != TlsKind::NotDecrypted => {
                let r = row(&mut rows, t.frame, t.dir == crate::model::Dir::Client);
                r.wire.push(Record { kind: t.kind.name().to_string(), bytes: t.bytes });
                if let Some(names) = second_arg(t) {
                    r.inside.push(Inside { kind: InsideKind::Tls, text: names, line: None });
                }
            }
            Item::Credential(c) if c.decrypted => {
                let text = format!(
                    "{} {} / {}",
                    crate::overview::login_label(c.protocol, &c.mechanism),
                    c.username.as_deref().unwrap_or("?"),
                    c.password.as_deref().or(c.secret.as_deref()).unwrap_or("?")
                );
                row(&mut rows, c.frame, true).inside.push(Inside {
                    kind: InsideKind::Login,
                    text: crate::message::inspect::visible(&text),
                    line: None,
                });
            }
            Item::Message(m) if m.decrypted => {
                let subject = m.subject.as_deref().map(crate::message::inspect::visible).unwrap_or_default();
                let text = format!("{} ({} bytes): {subject}", m.command, m.size);
                row(&mut rows, m.last_frame, m.dir == crate::model::Dir::Client).inside.push(Inside {
                    kind: InsideKind::Message,
                    text,
                    line: None,
                });
            }
            _ => {}
        }
    }
    Some(SideBySide { stream: s.stream, tls_from: from, clear_lines, rows })
}
