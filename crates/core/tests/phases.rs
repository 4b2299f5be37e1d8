//! The dialogue phases of real lab sessions.

mod common;

use postscope_core::phases::{phases, PhaseKind::*};
use postscope_core::{analyze, Options};

fn kinds(fixture: &str) -> Vec<postscope_core::phases::PhaseKind> {
    let bytes = std::fs::read(common::root().join("tests/fixtures").join(fixture)).unwrap();
    let a = analyze(&bytes, Options::default());
    phases(&a.streams[0]).into_iter().map(|p| p.kind).collect()
}

#[test]
fn an_smtp_submission_goes_through_every_phase_in_order() {
    assert_eq!(kinds("smtp-auth-login.pcap"), vec![Handshake, Greeting, Capabilities, Login, Envelope, Message, Close]);
}

#[test]
fn starttls_hides_everything_after_it() {
    assert_eq!(kinds("smtp-starttls-587.pcap"), vec![Handshake, Greeting, Capabilities, Tls, Close]);
}

#[test]
fn a_pop3_session_reads_the_mailbox() {
    assert_eq!(kinds("pop3-session.pcap"), vec![Handshake, Greeting, Capabilities, Login, Mailbox, Close]);
}
