//! A catalogue key with its arguments as plain data, for view-models that
//! cross from the core to a view (and, serialized, from a Web Worker to the
//! page): the words are still made only when shown, by [`Phrase::say`] or
//! [`Phrase::fragment`], in the reader's language.

use super::{Arg, Explain, Locale, Sep};
use serde::{Deserialize, Serialize};

/// A catalogue entry and its arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phrase {
    pub key: String,
    pub args: Vec<PhraseArg>,
}

/// An argument of a [`Phrase`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhraseArg {
    /// A value from the capture or a count, shown as it is.
    Text(String),
    /// Another phrase, rendered in place without its source.
    Phrase(Phrase),
    /// Phrases rendered one after the other, separated by commas.
    List(Vec<Phrase>),
    /// Clauses of a sentence, separated by semicolons.
    Clauses(Vec<Phrase>),
}

impl Phrase {
    /// The entry `key` with text arguments.
    pub fn new(key: &str, args: &[&str]) -> Phrase {
        Phrase { key: key.to_string(), args: args.iter().map(|a| PhraseArg::Text(a.to_string())).collect() }
    }
    /// The entry `key` with any arguments.
    pub fn with(key: &str, args: Vec<PhraseArg>) -> Phrase {
        Phrase { key: key.to_string(), args }
    }
    fn args(&self) -> Vec<Arg> {
        self.args
            .iter()
            .map(|a| match a {
                PhraseArg::Text(t) => Arg::from(t.as_str()),
                PhraseArg::Phrase(p) => Arg::Explain(p.as_fragment()),
                PhraseArg::List(ps) => super::list(ps.iter().map(Phrase::as_fragment).collect(), Sep::Comma),
                PhraseArg::Clauses(ps) => super::list(ps.iter().map(Phrase::as_fragment).collect(), Sep::Semicolon),
            })
            .collect()
    }
    fn as_fragment(&self) -> Explain {
        super::fragment_with(&[&self.key], self.args())
    }
    /// As an explanation: the whole entry, rendered with its source.
    pub fn explain(&self) -> Explain {
        super::with(&[&self.key], self.args())
    }
    /// The whole entry in words, with its source ("... [RFC 8314 §3]").
    pub fn say(&self, locale: Locale) -> String {
        super::render(&self.explain(), &super::Context::default(), locale)
    }
    /// The entry in words, without its source (a heading, a label).
    pub fn fragment(&self, locale: Locale) -> String {
        super::render(&self.as_fragment(), &super::Context::default(), locale)
    }
    /// The entry's source ("RFC 8314 §3"), or "" when it has none.
    pub fn source(&self) -> &'static str {
        super::entry(&self.key).map_or("", |e| e.rfc)
    }
    /// Every key used, nested ones included.
    pub fn keys(&self) -> Vec<String> {
        let mut out = vec![self.key.clone()];
        for a in &self.args {
            match a {
                PhraseArg::Text(_) => {}
                PhraseArg::Phrase(p) => out.extend(p.keys()),
                PhraseArg::List(ps) | PhraseArg::Clauses(ps) => ps.iter().for_each(|p| out.extend(p.keys())),
            }
        }
        out
    }
}
