//! Postscope's analysis core: capture bytes in, an explained model of the
//! mail conversations out.
//!
//! The core does no I/O and reads no clock: time comes from the capture, and
//! bytes come from the caller in chunks of any size ([`Analyzer::feed`]), so a
//! Web Worker can hand it a large file slice by slice. It never fails as a
//! whole: damage becomes a [`model::Note`] and the rest is still analysed.
//!
//! Layers, top to bottom: [`capture`] (pcap, pcapng, gzip) → [`net`] (link,
//! IP, TCP headers) → [`tcp`] (streams and reassembly) → [`mail`] (SMTP, POP3,
//! IMAP, TLS) with texts from [`explain`] → [`model`]; [`message`] rebuilds
//! and reads the messages the sessions saw cross the wire. [`jsonl`] writes the
//! model as the JSON Lines contract of `postscope --json`.

#![forbid(unsafe_code)]

mod analyzer;
pub mod capture;
pub mod decrypt;
pub mod dissect;
pub mod eavesdropper;
pub mod explain;
pub mod facts;
pub mod frames;
pub mod glossary;
pub mod iograph;
pub mod jsonl;
pub mod mail;
pub mod message;
pub mod model;
pub mod net;
pub mod overview;
pub mod packets;
pub mod paste;
pub mod phases;
pub mod present;
pub mod protocols;
pub mod quiz;
mod recognition;
pub mod sequence;
pub mod side_by_side;
pub mod tcp;
pub mod timeline;
pub mod timing;
pub mod tour;
pub mod wire;
pub mod words;

pub use analyzer::{analyze, Analyzer, Collect, Options, Replay, Sink, LINGER_FRAMES, MAX_OPEN};
pub use model::Analysis;
