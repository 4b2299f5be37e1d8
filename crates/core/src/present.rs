//! Presentation mode: a conversation cut into the steps a teacher walks a
//! class through (the handshake, the greeting, each command with its reply,
//! the message, the teardown), and the secrets to mask on a projector.
//!
//! Both are plain values over a [`Stream`], serializable, so a view (or a
//! worker that sends them to the page) needs nothing else.

use crate::model::{Dir, Item, LineKind, Stream, TcpKind};
use crate::phases::{item_phases, PhaseKind};
use base64::Engine;
use serde::{Deserialize, Serialize};

/// One step of a presentation: items `first..=last` of the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub phase: PhaseKind,
    pub first: usize,
    pub last: usize,
}

/// Where a new step starts: a client command, the handshake, the message's
/// first line, the teardown (the first FIN or RST), or any change of
/// dialogue phase.
pub fn steps(stream: &Stream) -> Vec<Step> {
    let phases = item_phases(stream);
    let mut out: Vec<Step> = Vec::new();
    for (i, (item, &phase)) in stream.items.iter().zip(phases.iter()).enumerate() {
        let prev = i.checked_sub(1).map(|p| &stream.items[p]);
        let starts = match out.last() {
            None => true,
            Some(s) if s.phase != phase => true,
            Some(_) => match item {
                // Each command is a step of its own, with the replies that follow it.
                Item::Line(l) if l.kind == LineKind::Content => !matches!(prev, Some(Item::Line(p)) if p.kind == LineKind::Content),
                Item::Line(l) => l.dir == Dir::Client && l.kind == LineKind::Command,
                // The closing starts at the first FIN or RST, after the last reply.
                Item::Tcp(t) => {
                    matches!(t.event, TcpKind::Fin | TcpKind::Rst)
                        && !matches!(prev, Some(Item::Tcp(p)) if matches!(p.event, TcpKind::Fin | TcpKind::Rst))
                }
                _ => false,
            },
        };
        if starts {
            out.push(Step { phase, first: i, last: i });
        } else if let Some(s) = out.last_mut() {
            s.last = i;
        }
    }
    out
}

/// The step that shows item `index`.
pub fn step_of(steps: &[Step], index: usize) -> Option<usize> {
    steps.iter().position(|s| (s.first..=s.last).contains(&index))
}

/// What to mask on screen when secrets are hidden: each password and secret
/// the conversation revealed, and the Base64 words that carry one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Secrets {
    pub words: Vec<String>,
}

/// What a masked secret shows.
pub const MASK: &str = "••••••••";

impl Secrets {
    /// The secrets of a stream: its credentials' passwords and secrets, and
    /// every word of a client line that is Base64 for text holding one
    /// (AUTH PLAIN's initial response, a SASL answer).
    pub fn of(stream: &Stream) -> Secrets {
        let mut words: Vec<String> = Vec::new();
        for i in &stream.items {
            if let Item::Credential(c) = i {
                words.extend(c.password.iter().chain(c.secret.iter()).filter(|w| !w.is_empty()).cloned());
            }
        }
        let plain = words.clone();
        let b64 = base64::engine::general_purpose::STANDARD;
        for i in &stream.items {
            let Item::Line(l) = i else { continue };
            if l.dir != Dir::Client {
                continue;
            }
            for w in l.text.split_whitespace() {
                let Ok(bytes) = b64.decode(w.trim_end_matches(['\r', '\n'])) else { continue };
                let text = String::from_utf8_lossy(&bytes);
                if plain.iter().any(|p| text.contains(p.as_str())) {
                    words.push(w.to_string());
                }
            }
            if let Some(d) = &l.decoded {
                if plain.iter().any(|p| d.contains(p.as_str())) {
                    words.push(d.clone());
                }
            }
        }
        // Longest first, so a word that holds another is masked whole.
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words.dedup();
        Secrets { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// `text` with every secret replaced by [`MASK`].
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_string();
        for w in &self.words {
            if out.contains(w.as_str()) {
                out = out.replace(w.as_str(), MASK);
            }
        }
        out
    }
}
