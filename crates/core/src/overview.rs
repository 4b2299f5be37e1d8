//! The capture at a glance: what happened in each conversation (logins,
//! messages, TLS, missing bytes, TCP trouble, a reset), the totals over all
//! of them, the plain-language paragraph a reader sees above the
//! conversations, and the capture's notes grouped by kind.
//!
//! `postscope --summary` prints [`Summary`] as text or JSON Lines; the app
//! shows [`paragraph`] and [`notes_by_kind`]. Both count from the same
//! [`Conversation`], so the CLI and the page cannot disagree.

use crate::explain::{Phrase, PhraseArg};
use crate::model::{Analysis, CaptureInfo, Credential, Dir, Item, LineKind, Message, Note, NoteKind, Protocol, Stream, TcpKind};
use serde::{Deserialize, Serialize};

/// Line kinds, in the order the totals list them.
pub const LINE_KINDS: [LineKind; 5] = [LineKind::Command, LineKind::Reply, LineKind::Content, LineKind::Sasl, LineKind::Other];

/// Where a line kind is counted among [`LINE_KINDS`].
pub fn line_index(k: LineKind) -> usize {
    match k {
        LineKind::Command => 0,
        LineKind::Reply => 1,
        LineKind::Content => 2,
        LineKind::Sasl => 3,
        LineKind::Other => 4,
    }
}

/// TCP events that are signs of trouble (not the handshake or the teardown), in the order the totals list them.
pub const PROBLEMS: [TcpKind; 9] = [
    TcpKind::Retransmission,
    TcpKind::FastRetransmission,
    TcpKind::OutOfOrder,
    TcpKind::LostSegment,
    TcpKind::AckedUnseen,
    TcpKind::DuplicateAck,
    TcpKind::ZeroWindow,
    TcpKind::WindowFull,
    TcpKind::KeepAlive,
];

/// Where a TCP event is counted among [`PROBLEMS`]; `None` for the handshake and the teardown.
pub fn problem_index(k: TcpKind) -> Option<usize> {
    match k {
        TcpKind::Syn | TcpKind::SynAck | TcpKind::Ack | TcpKind::Fin | TcpKind::Rst => None,
        TcpKind::Retransmission => Some(0),
        TcpKind::FastRetransmission => Some(1),
        TcpKind::OutOfOrder => Some(2),
        TcpKind::LostSegment => Some(3),
        TcpKind::AckedUnseen => Some(4),
        TcpKind::DuplicateAck => Some(5),
        TcpKind::ZeroWindow => Some(6),
        TcpKind::WindowFull => Some(7),
        TcpKind::KeepAlive => Some(8),
    }
}

/// What happened in one conversation.
pub struct Conversation<'a> {
    pub stream: &'a Stream,
    pub logins: Vec<&'a Credential>,
    pub messages: Vec<&'a Message>,
    /// Bytes that crossed the wire but are not in the capture (its gaps).
    pub missing_bytes: u64,
    /// The frame of the first RST, if the connection was reset.
    pub rst_frame: Option<u32>,
    pub lines: [u64; LINE_KINDS.len()],
    pub problems: [u64; PROBLEMS.len()],
    /// Lines read from TLS records decrypted with a key log.
    pub decrypted_lines: u64,
}

impl<'a> Conversation<'a> {
    pub fn of(stream: &'a Stream) -> Conversation<'a> {
        let mut c = Conversation {
            stream,
            logins: Vec::new(),
            messages: Vec::new(),
            missing_bytes: 0,
            rst_frame: None,
            lines: [0; LINE_KINDS.len()],
            problems: [0; PROBLEMS.len()],
            decrypted_lines: 0,
        };
        for item in &stream.items {
            match item {
                Item::Line(l) => {
                    c.lines[line_index(l.kind)] += l.stands_for();
                    c.decrypted_lines += if l.decrypted { l.stands_for() } else { 0 };
                }
                Item::Tcp(t) => {
                    if t.event == TcpKind::Rst {
                        c.rst_frame.get_or_insert(t.frame);
                    }
                    if let Some(i) = problem_index(t.event) {
                        c.problems[i] += 1;
                    }
                }
                Item::Gap(g) => c.missing_bytes += g.bytes,
                Item::Tls(_) => {}
                Item::Credential(cr) => c.logins.push(cr),
                Item::Message(m) => c.messages.push(m),
            }
        }
        c
    }

    /// Frame bytes both sides sent.
    pub fn bytes(&self) -> u64 {
        self.stream.client_bytes + self.stream.server_bytes
    }
}

/// The whole overview.
pub struct Summary<'a> {
    pub analysis: &'a Analysis,
    pub conversations: Vec<Conversation<'a>>,
}

/// Totals over every conversation, counted one conversation at a time
/// ([`Totals::add`]), so a streaming reader (the CLI's `--summary`) counts
/// as it goes and the whole analysis (the app) counts the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub conversations: u64,
    pub protocols: [u64; Protocol::ALL.len()],
    pub lines: [u64; LINE_KINDS.len()],
    pub credentials: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub messages: u64,
    pub incomplete: u64,
    pub problems: [u64; PROBLEMS.len()],
}

impl Totals {
    /// Counts one more conversation.
    pub fn add(&mut self, c: &Conversation<'_>) {
        let t = self;
        t.conversations += 1;
        if let Some(i) = Protocol::ALL.iter().position(|p| *p == c.stream.protocol) {
            t.protocols[i] += 1;
        }
        for (sum, n) in t.lines.iter_mut().zip(c.lines) {
            *sum += n;
        }
        for (sum, n) in t.problems.iter_mut().zip(c.problems) {
            *sum += n;
        }
        t.credentials += c.logins.len() as u64;
        t.accepted += c.logins.iter().filter(|l| l.accepted == Some(true)).count() as u64;
        t.rejected += c.logins.iter().filter(|l| l.accepted == Some(false)).count() as u64;
        t.messages += c.messages.len() as u64;
        t.incomplete += c.messages.iter().filter(|m| !m.complete).count() as u64;
    }
}

impl<'a> Summary<'a> {
    pub fn of(analysis: &'a Analysis) -> Summary<'a> {
        Summary { analysis, conversations: analysis.streams.iter().map(Conversation::of).collect() }
    }

    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for c in &self.conversations {
            t.add(c);
        }
        t
    }
}

/// The paragraph above the conversations: the capture in one sentence, then
/// one sentence per conversation (at most [`PARAGRAPH_STREAMS`], the rest counted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub sentences: Vec<Phrase>,
}

/// Conversations the paragraph tells one by one; more are counted in a last sentence.
pub const PARAGRAPH_STREAMS: usize = 12;

fn text(s: impl ToString) -> PhraseArg {
    PhraseArg::Text(s.to_string())
}

fn count(n: u64, key: &str) -> Phrase {
    Phrase::new(&format!("{key}.{}", if n == 1 { "one" } else { "many" }), &[&n.to_string()])
}

/// A duration in seconds as a reader says it ("1.2 s", "0.004 s", "35 s").
fn seconds(s: f64) -> String {
    if s >= 10.0 {
        format!("{s:.0}")
    } else if s >= 1.0 {
        format!("{s:.1}")
    } else if s >= 0.01 {
        format!("{s:.2}")
    } else {
        format!("{s:.3}")
    }
}

/// How a login is written on the wire: "AUTH LOGIN" (SMTP, POP3's AUTH),
/// "USER", "APOP", "LOGIN" and "AUTHENTICATE PLAIN" (IMAP).
pub fn login_label(protocol: Protocol, mechanism: &str) -> String {
    match (protocol, mechanism) {
        (Protocol::Pop3, "USER" | "APOP") | (Protocol::Imap, "LOGIN") => mechanism.to_string(),
        (Protocol::Imap, m) => format!("AUTHENTICATE {m}"),
        (_, m) => format!("AUTH {m}"),
    }
}

fn login_phrase(l: &Credential) -> Phrase {
    let answer = match l.accepted {
        Some(true) => "overview.login.accepted",
        Some(false) => "overview.login.rejected",
        None => "overview.login.unanswered",
    };
    let answer = PhraseArg::Phrase(Phrase::new(answer, &[]));
    match &l.username {
        Some(u) => Phrase::with("overview.login", vec![text(login_label(l.protocol, &l.mechanism)), text(u), answer]),
        None => Phrase::with("overview.login.nouser", vec![text(login_label(l.protocol, &l.mechanism)), answer]),
    }
}

fn message_phrase(m: &Message) -> Phrase {
    let key = match (m.dir, m.command.as_str()) {
        (Dir::Client, "APPEND") => "overview.message.stored",
        (Dir::Client, _) => "overview.message.sent",
        (Dir::Server, _) => "overview.message.read",
    };
    let subject = match &m.subject {
        Some(s) => PhraseArg::Phrase(Phrase::new("overview.subject", &[&crate::message::inspect::visible(s)])),
        None => PhraseArg::Phrase(Phrase::new("overview.subject.none", &[])),
    };
    Phrase::with(key, vec![subject, text(&m.command)])
}

/// What happened in one conversation, as phrases (without the conversation's name).
fn happenings(c: &Conversation<'_>) -> Vec<Phrase> {
    let st = c.stream;
    let mut out: Vec<Phrase> = c.logins.iter().map(|l| login_phrase(l)).collect();
    out.extend(c.messages.iter().map(|m| message_phrase(m)));
    if let Some(f) = st.tls_from_frame {
        let implicit = !st.items.iter().any(|i| matches!(i, Item::Line(l) if l.frame < f));
        out.push(match (implicit, c.decrypted_lines > 0) {
            (true, false) => Phrase::new("overview.tls.implicit", &[&st.server.port().to_string()]),
            (true, true) => Phrase::new("overview.tls.implicit.decrypted", &[&st.server.port().to_string()]),
            (false, false) => Phrase::new("overview.tls.starttls", &[&f.to_string()]),
            (false, true) => Phrase::new("overview.tls.starttls.decrypted", &[&f.to_string()]),
        });
    }
    if c.missing_bytes > 0 {
        out.push(Phrase::new("overview.missing", &[&c.missing_bytes.to_string()]));
    }
    let problems: u64 = c.problems.iter().sum();
    if problems > 0 {
        let kinds = PROBLEMS
            .iter()
            .zip(c.problems)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| Phrase::new(&format!("overview.tcp.{}", k.name()), &[&n.to_string()]))
            .collect();
        out.push(Phrase::with("overview.tcp", vec![PhraseArg::List(kinds)]));
    }
    if let Some(f) = c.rst_frame {
        out.push(Phrase::new("overview.rst", &[&f.to_string()]));
    }
    out
}

/// The capture in plain language: how many conversations over how long, and
/// what happened in each.
pub fn paragraph(analysis: &Analysis) -> Paragraph {
    let s = Summary::of(analysis);
    let sentences = s.conversations.iter().take(PARAGRAPH_STREAMS).map(sentence);
    paragraph_from(analysis, &s.totals(), sentences)
}

/// The paragraph of an analysis whose conversations' items may have been let
/// go (the app's worker): `totals` counted over every conversation
/// ([`Totals::add`]), and the [`sentence`]s of the first [`PARAGRAPH_STREAMS`]
/// conversations, in `tcp.stream` order. Only `analysis`'s capture and the
/// number of its streams are read.
pub fn paragraph_from(analysis: &Analysis, totals: &Totals, first: impl IntoIterator<Item = Phrase>) -> Paragraph {
    let cap = &analysis.capture;
    let conversations = analysis.streams.len();
    let span = match (cap.first_time, cap.last_time) {
        (Some(a), Some(b)) => (b.as_nanos().saturating_sub(a.as_nanos())) as f64 / 1e9,
        _ => 0.0,
    };
    let mut sentences = vec![Phrase::with(
        "overview.capture",
        vec![
            PhraseArg::Phrase(count(conversations as u64, "overview.conversations")),
            text(seconds(span)),
            PhraseArg::Phrase(count(u64::from(cap.packets), "overview.frames")),
        ],
    )];
    let t = totals;
    let mail: u64 = Protocol::ALL.iter().zip(t.protocols).filter(|(p, _)| p.is_mail()).map(|(_, n)| n).sum();
    if mail > 0 || t.credentials > 0 || t.messages > 0 {
        sentences.push(Phrase::with(
            "overview.totals",
            vec![
                PhraseArg::Phrase(count(mail, "overview.mail")),
                PhraseArg::Phrase(count(t.credentials, "overview.logins")),
                PhraseArg::Phrase(count(t.messages, "overview.messages")),
            ],
        ));
    }
    sentences.extend(first.into_iter().take(PARAGRAPH_STREAMS));
    if conversations > PARAGRAPH_STREAMS {
        sentences.push(Phrase::new("overview.more", &[&(conversations - PARAGRAPH_STREAMS).to_string()]));
    }
    Paragraph { sentences }
}

/// The paragraph's sentence about one conversation.
pub fn sentence(c: &Conversation<'_>) -> Phrase {
    let st = c.stream;
    let what = happenings(c);
    let name = crate::protocols::spec(st.protocol).label;
    let head = vec![text(st.stream), text(name), text(st.client), text(st.server)];
    if what.is_empty() {
        Phrase::with("overview.conversation.quiet", head)
    } else {
        let mut args = head;
        args.push(PhraseArg::Clauses(what));
        Phrase::with("overview.conversation", args)
    }
}

/// The capture's notes of one kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteGroup {
    /// The kind's name in the JSON Lines ("bad_length").
    pub kind: String,
    /// What the kind is, for the group's heading.
    pub title: Phrase,
    /// A problem with the file or its frames (not a comment the capture carries).
    pub problem: bool,
    pub notes: Vec<NoteLine>,
}

/// One note of a group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteLine {
    pub frame: Option<u32>,
    pub offset: Option<u64>,
    /// What it says, as the note's fact ([`NoteLine::say`] puts it in words).
    pub message: crate::explain::Explain,
}

impl NoteLine {
    /// The note in words, in `locale`.
    pub fn say(&self, locale: crate::explain::Locale) -> String {
        crate::explain::render(&self.message, &crate::explain::Context::default(), locale)
    }
}

fn kind_name(k: NoteKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The capture's warnings and comments, one group per kind, in the order
/// each kind first appears (problems first, comments last).
pub fn notes_by_kind(capture: &CaptureInfo) -> Vec<NoteGroup> {
    let mut groups: Vec<NoteGroup> = Vec::new();
    let all: Vec<&Note> = capture.warnings.iter().chain(&capture.comments).collect();
    for n in all {
        let kind = kind_name(n.kind);
        let line = NoteLine { frame: n.frame, offset: n.offset, message: n.message.clone() };
        match groups.iter_mut().find(|g| g.kind == kind) {
            Some(g) => g.notes.push(line),
            None => groups.push(NoteGroup {
                title: Phrase::new(&format!("note.kind.{kind}"), &[]),
                problem: n.kind != NoteKind::Comment,
                kind,
                notes: vec![line],
            }),
        }
    }
    groups.sort_by_key(|g| !g.problem);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tcp_problem_is_listed_once_and_nothing_else() {
        for (i, k) in PROBLEMS.iter().enumerate() {
            assert_eq!(problem_index(*k), Some(i), "{k:?}");
            assert!(!k.is_open_or_close(), "{k:?}");
        }
        for k in [TcpKind::Syn, TcpKind::SynAck, TcpKind::Ack, TcpKind::Fin, TcpKind::Rst] {
            assert_eq!(problem_index(k), None);
        }
    }

    #[test]
    fn line_kinds_are_listed_once() {
        for (i, k) in LINE_KINDS.iter().enumerate() {
            assert_eq!(line_index(*k), i);
        }
    }

    #[test]
    fn every_note_kind_and_tcp_problem_has_its_words() {
        use crate::model::NoteKind::*;
        let kinds = [
            NotACapture,
            UnsupportedVersion,
            UnusualHeader,
            BadLength,
            BadByteOrder,
            OutsideSection,
            Truncated,
            DamagedBlock,
            DamagedOptions,
            Compression,
            Comment,
            EmptyFrame,
            LinkHeader,
            IpHeader,
            TcpHeader,
            Fragments,
            UnsupportedLink,
            FarTimestamp,
            TooManyNotes,
            KeyLogLine,
            UnusedKeys,
        ];
        for k in kinds {
            let key = format!("note.kind.{}", kind_name(k));
            assert!(crate::explain::entry(&key).is_some(), "{key}");
        }
        for k in PROBLEMS {
            let key = format!("overview.tcp.{}", k.name());
            assert!(crate::explain::entry(&key).is_some(), "{key}");
        }
    }
}
