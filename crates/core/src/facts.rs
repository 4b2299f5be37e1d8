//! Explanations as facts: which catalogue entries explain an item, and with
//! what arguments. The analysis stores these; the words are rendered only
//! when an item is shown ([`crate::explain::render`]), in the reader's
//! language and with what the rest of the conversation says.
//!
//! Keys are the catalogue's own (`&'static str` taken from its entries), so a
//! stored explanation costs a pointer per part, not a sentence.

/// An explanation, as the analysis found it: a run of catalogue entries with
/// their arguments. Empty when the item needs no explanation (a body line).
// Serde for the app's worker codec only (`crate::wire`): the JSON Lines
// contract writes explanations as words, never these facts.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Explain(pub(crate) Vec<Piece>);

/// One part of an explanation.
// Deserialize by hand in `crate::wire` (keys are looked up in the catalogue).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Piece {
    /// A whole explanation: the entry's text with its arguments, then its source.
    Whole(&'static str, Box<[Arg]>),
    /// A piece of a sentence, rendered without a source.
    Fragment(&'static str, Box<[Arg]>),
    /// An enhanced status code of RFC 3463 ("5.1.1"), explained by its class, subject and detail.
    Status(Box<str>),
    /// A line break (a capability list after the sentence that introduces it).
    Break,
    /// How TLS started in this conversation (implicit TLS, or a server that
    /// kept answering in plain text), told at the conversation's first
    /// ClientHello, which is in frame `frame`. Only the whole conversation knows it.
    TlsStart { frame: u32 },
    /// Wireshark's "previous segment not captured" for `bytes` bytes before the
    /// segment of frame `frame` sent by the client (or the server): whether they
    /// never came, or came later out of order, only the whole conversation knows.
    LostBefore { client: bool, frame: u32, bytes: u64 },
    /// The whole entry `key`, said only when no reply in the conversation
    /// completes the stream's line `line` (an IDLE the client never ended).
    Unanswered { line: u32, key: &'static str },
    /// The whole entry `key`, said only when the conversation never switched
    /// to TLS (a server agreed to STARTTLS, but no handshake followed).
    NoTlsFollowed { key: &'static str },
}

/// An argument of a catalogue entry.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Arg {
    /// A value from the capture or a count, shown as it is.
    Text(Box<str>),
    /// Another explanation, rendered in place.
    Explain(Explain),
    /// Several explanations, rendered one after the other with a separator.
    List(Box<[Explain]>, Sep),
    /// The server's answer to the stream's line number `line` (a command the
    /// protocol does not define): what the server made of it, when the
    /// capture holds the answer.
    Answer { line: u32 },
}

/// How the members of an [`Arg::List`] are separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Sep {
    /// "a; b; c"
    Semicolon,
    /// "a, b, c"
    Comma,
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.into())
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.as_str().into())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s.into())
    }
}
impl From<Explain> for Arg {
    fn from(e: Explain) -> Arg {
        Arg::Explain(e)
    }
}

impl Explain {
    /// No explanation.
    pub fn none() -> Explain {
        Explain(Vec::new())
    }
    /// An explanation of one piece.
    pub fn of(piece: Piece) -> Explain {
        Explain(vec![piece])
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn pieces(&self) -> &[Piece] {
        &self.0
    }
    /// The catalogue key of the first entry: what decided the explanation
    /// (tests assert it; the JSON Lines carry it as `key`).
    pub fn key(&self) -> Option<&'static str> {
        self.0.iter().find_map(|p| match p {
            Piece::Whole(e, _) | Piece::Fragment(e, _) => Some(*e),
            _ => None,
        })
    }
    /// Every catalogue key used, nested ones included, in reading order.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        self.collect_keys(&mut out);
        out
    }
    fn collect_keys(&self, out: &mut Vec<&'static str>) {
        for p in &self.0 {
            if let Piece::Whole(e, args) | Piece::Fragment(e, args) = p {
                out.push(*e);
                for a in args.iter() {
                    match a {
                        Arg::Explain(x) => x.collect_keys(out),
                        Arg::List(xs, _) => xs.iter().for_each(|x| x.collect_keys(out)),
                        _ => {}
                    }
                }
            }
        }
    }
    /// Whether `key` decided any part of this explanation.
    pub fn has(&self, key: &str) -> bool {
        self.keys().contains(&key)
    }
    /// This explanation followed by `other`.
    pub fn then(mut self, other: Explain) -> Explain {
        self.0.extend(other.0);
        self
    }
    /// `before` followed by this explanation.
    pub fn after(self, before: Explain) -> Explain {
        before.then(self)
    }
    /// This explanation without the whole entries whose key starts with
    /// `prefix` (facts that are told again as they grow: a long line's length).
    pub(crate) fn without(mut self, prefix: &str) -> Explain {
        self.0.retain(|p| !matches!(p, Piece::Whole(k, _) if k.starts_with(prefix)));
        self
    }
    pub(crate) fn push(&mut self, p: Piece) {
        self.0.push(p);
    }
}
