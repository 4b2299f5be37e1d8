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

/// Whether a serialization is the worker's (inside [`full`]).
pub(crate) fn is_full() -> bool {
    FULL.with(|c| c.get())
}

/// A [`crate::model::Recognition`] as the worker writes and the page reads it
/// (the JSON Lines contract writes its English words instead).
#[derive(serde::Serialize, Deserialize)]
pub(crate) enum Recognition {
    Pending,
    DecodeAs { port: u16 },
    Port { port: u16 },
    Content { protocol: crate::model::Protocol },
    Tunnel { protocol: crate::model::Protocol, tunnel: Box<str>, segments: usize },
    NoMail,
    NoPayload,
    Pasted,
}

impl From<crate::model::Recognition> for Recognition {
    fn from(r: crate::model::Recognition) -> Recognition {
        use crate::model::Recognition as R;
        match r {
            R::Pending => Recognition::Pending,
            R::DecodeAs { port } => Recognition::DecodeAs { port },
            R::Port { port } => Recognition::Port { port },
            R::Content { protocol } => Recognition::Content { protocol },
            R::Tunnel { protocol, tunnel, segments } => Recognition::Tunnel { protocol, tunnel: tunnel.into(), segments },
            R::NoMail => Recognition::NoMail,
            R::NoPayload => Recognition::NoPayload,
            R::Pasted => Recognition::Pasted,
        }
    }
}

impl Recognition {
    /// The fact, its tunnel's name looked up in the catalogue (`tunnel.name.*`).
    pub(crate) fn fact(self) -> Result<crate::model::Recognition, String> {
        use crate::model::Recognition as R;
        Ok(match self {
            Recognition::Pending => R::Pending,
            Recognition::DecodeAs { port } => R::DecodeAs { port },
            Recognition::Port { port } => R::Port { port },
            Recognition::Content { protocol } => R::Content { protocol },
            Recognition::Tunnel { protocol, tunnel, segments } => {
                let k = key(&format!("tunnel.name.{tunnel}"))?;
                R::Tunnel { protocol, tunnel: &k["tunnel.name.".len()..], segments }
            }
            Recognition::NoMail => R::NoMail,
            Recognition::NoPayload => R::NoPayload,
            Recognition::Pasted => R::Pasted,
        })
    }
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
