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
pub mod explain;
pub mod facts;
pub mod frames;
pub mod jsonl;
pub mod mail;
pub mod message;
pub mod model;
pub mod net;
pub mod phases;
pub mod protocols;
mod recognition;
pub mod tcp;
pub mod wire;

pub use analyzer::{analyze, Analyzer, Options};
pub use model::Analysis;
