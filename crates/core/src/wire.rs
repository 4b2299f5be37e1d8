//! The model as the app's Web Worker sends it to the page: the same serde
//! derives as the JSON Lines contract, plus what that contract leaves out
//! (explanations as facts, line numbers, what a reply answers, a message's
//! bytes), so the page gets back the very model the worker made.
//!
//! The JSON Lines output does not change: the fields it leaves out are
//! written only inside [`full`], which the worker's codec calls. The core
//! does no I/O here either: this only decides what `Serialize` writes.

use crate::facts::Arg;
use serde::Deserialize;
use std::cell::Cell;

thread_local! {
    static FULL: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` (a serialization) with every field of the model written, the ones
/// the JSON Lines contract leaves out included.
pub fn full<R>(f: impl FnOnce() -> R) -> R {
    let before = FULL.with(|c| c.replace(true));
    let r = f();
    FULL.with(|c| c.set(before));
    r
}

/// For `skip_serializing_if`: a field written only for the worker's codec.
pub(crate) fn json_only<T>(_: &T) -> bool {
    !FULL.with(|c| c.get())
}

/// A [`crate::facts::Piece`] as it is read back: its keys as text, looked up
/// in the catalogue (a key it does not have is an error, never a new key).
#[derive(Deserialize)]
pub(crate) enum Piece {
    Whole(Box<str>, Box<[Arg]>),
    Fragment(Box<str>, Box<[Arg]>),
    Status(Box<str>),
    Break,
    TlsStart { frame: u32 },
    LostBefore { client: bool, frame: u32, bytes: u64 },
    Unanswered { line: u32, key: Box<str> },
    NoTlsFollowed { key: Box<str> },
}

fn key(k: &str) -> Result<&'static str, String> {
    crate::explain::entry(k).map(|e| e.key).ok_or_else(|| format!("no catalogue entry {k}"))
}

impl<'de> Deserialize<'de> for crate::facts::Piece {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::facts::Piece as P;
        let p = Piece::deserialize(d)?;
        let key = |k: &str| key(k).map_err(serde::de::Error::custom);
        Ok(match p {
            Piece::Whole(k, args) => P::Whole(key(&k)?, args),
            Piece::Fragment(k, args) => P::Fragment(key(&k)?, args),
            Piece::Status(s) => P::Status(s),
            Piece::Break => P::Break,
            Piece::TlsStart { frame } => P::TlsStart { frame },
            Piece::LostBefore { client, frame, bytes } => P::LostBefore { client, frame, bytes },
            Piece::Unanswered { line, key: k } => P::Unanswered { line, key: key(&k)? },
            Piece::NoTlsFollowed { key: k } => P::NoTlsFollowed { key: key(&k)? },
        })
    }
}
