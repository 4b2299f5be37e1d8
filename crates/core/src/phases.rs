//! The phases of a mail dialogue, for the ladder a teacher walks a class
//! through: handshake, greeting, capabilities, TLS, login, envelope, message,
//! mailbox, close. Each item of a stream gets a phase; replies take the phase
//! of the command they follow; runs of one phase become one [`Phase`].

use crate::model::{Dir, Item, LineKind, Stream, TcpKind, TlsKind};
use serde::{Deserialize, Serialize};

/// What part of the dialogue a run of items is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    Handshake,
    Greeting,
    Capabilities,
    Tls,
    Login,
    Envelope,
    Message,
    Mailbox,
    Close,
    Other,
}

impl PhaseKind {
    /// The catalogue key of its explanation.
    pub fn key(self) -> &'static str {
        match self {
            PhaseKind::Handshake => "phase.handshake",
            PhaseKind::Greeting => "phase.greeting",
            PhaseKind::Capabilities => "phase.capabilities",
            PhaseKind::Tls => "phase.tls",
            PhaseKind::Login => "phase.login",
            PhaseKind::Envelope => "phase.envelope",
            PhaseKind::Message => "phase.message",
            PhaseKind::Mailbox => "phase.mailbox",
            PhaseKind::Close => "phase.close",
            PhaseKind::Other => "phase.other",
        }
    }
}

/// A run of items of one phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Phase {
    pub kind: PhaseKind,
    pub first_frame: u32,
    pub last_frame: u32,
    /// Index range of the items in the stream.
    pub first_item: usize,
    pub last_item: usize,
}

fn command_phase(verb: &str) -> PhaseKind {
    match verb {
        "HELO" | "EHLO" | "CAPA" | "CAPABILITY" | "ENABLE" | "ID" | "NAMESPACE" => PhaseKind::Capabilities,
        "STARTTLS" | "STLS" => PhaseKind::Tls,
        "AUTH" | "USER" | "PASS" | "APOP" | "LOGIN" | "AUTHENTICATE" => PhaseKind::Login,
        "MAIL" | "RCPT" => PhaseKind::Envelope,
        "DATA" | "BDAT" | "APPEND" => PhaseKind::Message,
        "QUIT" | "LOGOUT" => PhaseKind::Close,
        "STAT" | "LIST" | "UIDL" | "RETR" | "TOP" | "DELE" | "SELECT" | "EXAMINE" | "SEARCH" | "FETCH" | "UID" | "STORE" | "EXPUNGE"
        | "IDLE" | "DONE" | "CLOSE" | "COPY" | "MOVE" | "LSUB" | "STATUS" | "CREATE" | "DELETE" => PhaseKind::Mailbox,
        _ => PhaseKind::Other,
    }
}

/// The phase of every item, in order.
pub fn item_phases(stream: &Stream) -> Vec<PhaseKind> {
    let mut kinds = plain_phases(stream);
    // Decrypted with a key log, an encrypted record of application data (or
    // an alert: close_notify) belongs to the dialogue it carries: the phase
    // of what follows it.
    if stream.items.iter().any(|i| matches!(i, Item::Line(l) if l.decrypted)) {
        let mut next = None;
        for (item, kind) in stream.items.iter().zip(kinds.iter_mut()).rev() {
            match item {
                Item::Tls(t) if matches!(t.kind, TlsKind::ApplicationData | TlsKind::Alert) => *kind = next.unwrap_or(*kind),
                _ => next = Some(*kind),
            }
        }
    }
    kinds
}

fn plain_phases(stream: &Stream) -> Vec<PhaseKind> {
    let mut current = PhaseKind::Handshake;
    let mut greeted = false;
    stream
        .items
        .iter()
        .map(|item| {
            let p = match item {
                Item::Tcp(t) => match t.event {
                    TcpKind::Syn | TcpKind::SynAck | TcpKind::Ack => PhaseKind::Handshake,
                    TcpKind::Fin | TcpKind::Rst => PhaseKind::Close,
                    _ => current,
                },
                Item::Tls(_) => PhaseKind::Tls,
                Item::Line(l) if l.dir == Dir::Server && !greeted && l.kind == LineKind::Reply => {
                    current = PhaseKind::Greeting;
                    current
                }
                Item::Line(l) if l.dir == Dir::Client && l.kind == LineKind::Command => {
                    greeted = true;
                    current = l.verb.as_deref().map_or(PhaseKind::Other, command_phase);
                    current
                }
                Item::Line(_) | Item::Credential(_) | Item::Gap(_) | Item::Message(_) => current,
            };
            if matches!(item, Item::Line(l) if l.dir == Dir::Client) {
                greeted = true;
            }
            p
        })
        .collect()
}

/// Runs of one phase, in order.
pub fn phases(stream: &Stream) -> Vec<Phase> {
    let kinds = item_phases(stream);
    let mut out: Vec<Phase> = Vec::new();
    for (i, (item, kind)) in stream.items.iter().zip(kinds).enumerate() {
        let frame = item.frame();
        match out.last_mut() {
            Some(p) if p.kind == kind => {
                p.last_frame = p.last_frame.max(frame);
                p.last_item = i;
            }
            _ => out.push(Phase { kind, first_frame: frame, last_frame: frame, first_item: i, last_item: i }),
        }
    }
    out
}
