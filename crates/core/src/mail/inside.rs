//! Inside TLS, with a key log: each TLS record a direction carries is also
//! handed to the connection's [`decrypt::Session`]; the application data it
//! opens goes to a second framer for that direction, from which [`super::Io`]
//! cuts the units the protocol asks for, so the same SMTP, POP3 and IMAP
//! code reads the dialogue inside TLS. The encrypted records stay in the
//! transcript as an eavesdropper saw them; a direction whose records cannot
//! be opened gets one [`TlsKind::NotDecrypted`] item saying why.

use super::framer::Framer;
use super::Out;
use crate::decrypt::{self, Epoch, Failure, KeyLog, KeyLogNote, KeyLogProblem};
use crate::explain::{self, Explain};
use crate::model::{Dir, Item, TlsKind, TlsRecord};
use std::collections::HashSet;
use std::sync::Arc;

/// The key material of a capture: the key log the user gave, with the key
/// logs of the capture's decryption secrets blocks merged in as they come,
/// and the ClientHello randoms of the TLS connections met (to tell which
/// keys matched no connection).
#[derive(Debug, Default)]
pub struct Keys {
    pub log: Arc<KeyLog>,
    pub seen: HashSet<[u8; 32]>,
}

/// Reads the handshake messages of one direction's decrypted handshake
/// records (they may span records), to name them.
#[derive(Debug, Default)]
struct Scan {
    header: Vec<u8>,
    remaining: usize,
}

impl Scan {
    /// The types of the messages that start in `bytes`.
    fn feed(&mut self, mut bytes: &[u8]) -> Vec<u8> {
        let mut started = Vec::new();
        while !bytes.is_empty() {
            if self.remaining > 0 {
                let n = self.remaining.min(bytes.len());
                self.remaining -= n;
                bytes = &bytes[n..];
                continue;
            }
            let n = (4 - self.header.len()).min(bytes.len());
            self.header.extend_from_slice(&bytes[..n]);
            bytes = &bytes[n..];
            if self.header.len() == 4 {
                started.push(self.header[0]);
                self.remaining = u32::from_be_bytes([0, self.header[1], self.header[2], self.header[3]]) as usize;
                self.header.clear();
            }
        }
        started
    }
}

/// A handshake message's name (RFC 8446 §4, RFC 5246 §7.4), or its number.
fn handshake_name(kind: u8) -> String {
    match kind {
        0 => "HelloRequest",
        1 => "ClientHello",
        2 => "ServerHello",
        4 => "NewSessionTicket",
        5 => "EndOfEarlyData",
        8 => "EncryptedExtensions",
        11 => "Certificate",
        12 => "ServerKeyExchange",
        13 => "CertificateRequest",
        14 => "ServerHelloDone",
        15 => "CertificateVerify",
        16 => "ClientKeyExchange",
        20 => "Finished",
        22 => "CertificateStatus",
        24 => "KeyUpdate",
        other => return other.to_string(),
    }
    .to_string()
}

/// One connection's decryption and its decrypted bytes.
#[derive(Debug, Default)]
pub struct Inside {
    session: decrypt::Session,
    /// The decrypted application data of each direction, cut into units by [`super::Io::next`].
    pub framer: [Framer; 2],
    /// A direction's failure was shown (once per direction).
    failed: [bool; 2],
    random_seen: bool,
    scan: [Scan; 2],
    /// The frame of the handshake item last named for each direction, and the names so far.
    named: [(u32, Vec<String>); 2],
}

impl Inside {
    /// Feeds one whole record of `dir` (after [`super::tls::record`] showed
    /// it). Returns true when the record, shown as application data, was a
    /// handshake message (a TLS 1.3 NewSessionTicket or KeyUpdate) and is now shown as such.
    pub fn record(&mut self, dir: Dir, content_type: u8, body: &[u8], frame: u32, keys: &mut Keys, out: &mut Out<'_>) -> bool {
        let d = dir.index();
        let result = self.session.record(dir, content_type, body, &keys.log);
        if !self.random_seen {
            if let Some(random) = self.session.client_random() {
                keys.seen.insert(*random);
                self.random_seen = true;
            }
        }
        match result {
            Ok(plain) if plain.encrypted => match plain.content_type {
                decrypt::APPLICATION_DATA => self.framer[d].push(&plain.bytes, frame, super::framer::NOT_IN_FRAME),
                decrypt::HANDSHAKE => {
                    let started = self.scan[d].feed(&plain.bytes);
                    return self.name_handshake(dir, frame, started, body.len() as u64 + 5, out);
                }
                decrypt::ALERT => return name_alert(dir, frame, &plain.bytes, body.len() as u64 + 5, out),
                _ => {}
            },
            Ok(_) => {}
            Err(failure) => {
                if !self.failed[d] {
                    self.failed[d] = true;
                    let explain = explain::with(&["tls.not_decrypted"], vec![failure_explain(&failure).into()]);
                    out.items.push(Item::Tls(TlsRecord {
                        stream: out.stream,
                        dir,
                        frame,
                        kind: TlsKind::NotDecrypted,
                        bytes: body.len() as u64 + 5,
                        failure: Some(Box::new(failure)),
                        explain,
                    }));
                }
            }
        }
        false
    }

    /// Says what the encrypted handshake item just shown for `dir` (a
    /// `record` of this many bytes) really held; a record of its own shown as
    /// application data becomes a handshake item (joining one just named in
    /// the same frame). Returns whether it did.
    fn name_handshake(&mut self, dir: Dir, frame: u32, started: Vec<u8>, record: u64, out: &mut Out<'_>) -> bool {
        let d = dir.index();
        let here = |i: &Item, kind: TlsKind| matches!(i, Item::Tls(t) if t.dir == dir && t.frame == frame && t.kind == kind);
        let n = out.items.len();
        let mut relabelled = false;
        match out.last_item_mut() {
            Some(Item::Tls(last)) if last.dir == dir && last.frame == frame && last.kind == TlsKind::Handshake => {}
            Some(Item::Tls(last))
                if last.dir == dir && last.frame == frame && last.kind == TlsKind::ApplicationData && last.bytes == record =>
            {
                last.kind = TlsKind::Handshake;
                relabelled = true;
                if n >= 2 && self.named[d].0 == frame && !out.line_after(n - 2) && here(&out.items[n - 2], TlsKind::Handshake) {
                    out.items.pop();
                    if let Some(Item::Tls(prev)) = out.last_item_mut() {
                        prev.bytes += record;
                    }
                }
            }
            _ => return false,
        }
        if self.named[d].0 != frame {
            self.named[d] = (frame, Vec::new());
        }
        self.named[d].1.extend(started.into_iter().map(handshake_name));
        if let (Some(Item::Tls(last)), false) = (out.last_item_mut(), self.named[d].1.is_empty()) {
            let names = self.named[d].1.join(", ");
            last.explain = explain::text(&["tls.handshake.decrypted"], &[&last.bytes.to_string(), &names]);
        }
        relabelled
    }
}

/// An alert's description (RFC 8446 §6), or its number.
fn alert_name(description: u8) -> String {
    match description {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        22 => "record_overflow",
        40 => "handshake_failure",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        109 => "missing_extension",
        110 => "unsupported_extension",
        112 => "unrecognized_name",
        116 => "certificate_required",
        120 => "no_application_protocol",
        other => return other.to_string(),
    }
    .to_string()
}

/// Says which alert the encrypted record just shown for `dir` was (shown as
/// an alert in TLS 1.2, as application data in TLS 1.3). Returns whether an
/// application data item became an alert.
fn name_alert(dir: Dir, frame: u32, alert: &[u8], record: u64, out: &mut Out<'_>) -> bool {
    let Some(Item::Tls(last)) = out.last_item_mut() else { return false };
    if last.dir != dir || last.frame != frame || last.bytes != record || !matches!(last.kind, TlsKind::Alert | TlsKind::ApplicationData) {
        return false;
    }
    let relabelled = last.kind == TlsKind::ApplicationData;
    last.kind = TlsKind::Alert;
    let names: Vec<String> = alert.chunks(2).filter(|a| a.len() == 2).map(|a| alert_name(a[1])).collect();
    last.explain = explain::text(&["tls.alert.decrypted"], &[&record.to_string(), &names.join(", ")]);
    relabelled
}

/// Which record failed, counted as a reader counts (from 1), and under which keys.
fn record_at(seq: u64, epoch: Epoch) -> (String, Explain) {
    let keys = match epoch {
        Epoch::Tls12 => explain::fragment(&["tls.epoch.tls12"], &[]),
        Epoch::Handshake => explain::fragment(&["tls.epoch.handshake"], &[]),
        Epoch::Application { generation: 0 } => explain::fragment(&["tls.epoch.application"], &[]),
        Epoch::Application { generation } => explain::fragment(&["tls.epoch.updated"], &[&generation.to_string()]),
    };
    (seq.saturating_add(1).to_string(), keys)
}

/// Why a direction's records could not be decrypted.
pub fn failure_explain(f: &Failure) -> Explain {
    let hex = |r: &[u8]| r.iter().take(4).map(|b| format!("{b:02x}")).collect::<String>();
    let at = |key: &str, seq: u64, epoch: Epoch, more: Option<String>| {
        let (n, keys) = record_at(seq, epoch);
        let mut args = vec![n.into(), keys.into()];
        args.extend(more.map(Into::into));
        explain::fragment_with(&[key], args)
    };
    match f {
        Failure::NoHellos => explain::fragment(&["tls.not_decrypted.no_hellos"], &[]),
        Failure::NoKeyMatches { client_random } => explain::fragment(&["tls.not_decrypted.no_key"], &[&hex(client_random)]),
        Failure::MissingSecret(label) => explain::fragment(&["tls.not_decrypted.missing_secret"], &[label.as_str()]),
        Failure::SecretLength { label, bytes, expected } => {
            explain::fragment(&["tls.not_decrypted.secret_length"], &[label.as_str(), &bytes.to_string(), &expected.to_string()])
        }
        Failure::UnsupportedVersion(v) => explain::fragment(&["tls.not_decrypted.version"], &[&super::tls::version_name(*v)]),
        Failure::UnsupportedSuite(s) => {
            let name = tls_parser::TlsCipherSuiteID(*s).get_ciphersuite().map_or_else(|| format!("{s:#06x}"), |c| c.name.to_string());
            explain::fragment(&["tls.not_decrypted.suite"], &[&name])
        }
        Failure::TooShort { seq, epoch, len } => at("tls.not_decrypted.too_short", *seq, *epoch, Some(len.to_string())),
        Failure::BadTag { seq, epoch } => at("tls.not_decrypted.bad_tag", *seq, *epoch, None),
        Failure::BadPadding { seq, epoch } => at("tls.not_decrypted.bad_padding", *seq, *epoch, None),
        Failure::NoContentType { seq, epoch } => at("tls.not_decrypted.no_content_type", *seq, *epoch, None),
        Failure::Stopped(first) => failure_explain(first),
    }
}

/// Key log lines named one by one in the notes; the rest are counted.
const NOTED_LINES: usize = 10;

/// The capture notes for a key log's unused lines: from the user's file, or
/// (`dsb`: its byte offset) from a decryption secrets block of the capture.
pub fn keylog_notes(notes: &[KeyLogNote], dsb: Option<u64>) -> Vec<Explain> {
    let mut out: Vec<Explain> = notes
        .iter()
        .take(NOTED_LINES)
        .map(|n| {
            let problem = problem_explain(&n.problem);
            let line = n.line.to_string();
            match dsb {
                Some(at) => explain::with(&["keylog.line.dsb"], vec![line.into(), at.to_string().into(), problem.into()]),
                None => explain::with(&["keylog.line"], vec![line.into(), problem.into()]),
            }
        })
        .collect();
    if notes.len() > NOTED_LINES {
        out.push(explain::text(&["keylog.more"], &[&(notes.len() - NOTED_LINES).to_string()]));
    }
    out
}

fn problem_explain(p: &KeyLogProblem) -> Explain {
    match p {
        KeyLogProblem::UnknownLabel(label) => {
            let label: String = label.chars().take(64).collect();
            explain::fragment(&["keylog.problem.unknown_label"], &[&label])
        }
        KeyLogProblem::MissingField => explain::fragment(&["keylog.problem.missing_field"], &[]),
        KeyLogProblem::ExtraField => explain::fragment(&["keylog.problem.extra_field"], &[]),
        KeyLogProblem::BadClientRandom => explain::fragment(&["keylog.problem.bad_random"], &[]),
        KeyLogProblem::SecretNotHex => explain::fragment(&["keylog.problem.secret_not_hex"], &[]),
        KeyLogProblem::SecretLength { label, bytes } => {
            explain::fragment(&["keylog.problem.secret_length"], &[label.as_str(), &bytes.to_string()])
        }
        KeyLogProblem::NotText => explain::fragment(&["keylog.problem.not_text"], &[]),
        KeyLogProblem::Conflict(label) => explain::fragment(&["keylog.problem.conflict"], &[label.as_str()]),
    }
}

/// The capture note for the key log's connections that match no TLS connection of the capture.
pub fn unmatched_note(keys: &Keys) -> Option<Explain> {
    let mut unmatched: Vec<&[u8; 32]> = keys.log.randoms().filter(|r| !keys.seen.contains(*r)).collect();
    if unmatched.is_empty() {
        return None;
    }
    unmatched.sort();
    let first = unmatched[0].iter().take(4).map(|b| format!("{b:02x}")).collect::<String>();
    Some(explain::text(&["keylog.unmatched"], &[&unmatched.len().to_string(), &keys.log.len().to_string(), &first]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handshake_messages_spanning_records_are_named_once() {
        let mut s = Scan::default();
        // EncryptedExtensions (2 bytes), then a Certificate of 5 bytes cut across two records.
        assert_eq!(s.feed(&[8, 0, 0, 2, 0, 0, 11, 0, 0, 5, 1, 2]), vec![8, 11]);
        // A header cut across records counts where it is whole.
        assert_eq!(s.feed(&[3, 4, 5, 15, 0]), Vec::<u8>::new());
        assert_eq!(s.feed(&[0, 1, 9, 20, 0, 0, 0]), vec![15, 20]);
        assert_eq!(handshake_name(15), "CertificateVerify");
        assert_eq!(handshake_name(99), "99");
        assert_eq!((alert_name(0).as_str(), alert_name(200).as_str()), ("close_notify", "200"));
    }

    #[test]
    fn every_failure_has_an_explanation() {
        use crate::decrypt::Label;
        let epoch = Epoch::Application { generation: 2 };
        let all = [
            Failure::NoHellos,
            Failure::NoKeyMatches { client_random: [0xab; 32] },
            Failure::MissingSecret(Label::ServerTrafficSecret0),
            Failure::SecretLength { label: Label::ClientHandshakeTrafficSecret, bytes: 32, expected: 48 },
            Failure::UnsupportedVersion(0x0301),
            Failure::UnsupportedSuite(0x002f),
            Failure::TooShort { seq: 0, epoch, len: 3 },
            Failure::BadTag { seq: 4, epoch: Epoch::Tls12 },
            Failure::BadPadding { seq: 1, epoch: Epoch::Handshake },
            Failure::NoContentType { seq: 2, epoch },
            Failure::Stopped(Box::new(Failure::BadTag { seq: 7, epoch: Epoch::Tls12 })),
        ];
        for f in &all {
            let e = explain::with(&["tls.not_decrypted"], vec![failure_explain(f).into()]);
            let text = explain::plain(&e);
            assert!(text.starts_with("Not decrypted: ") && !text.contains('?') && !text.contains('{'), "{f:?}: {text}");
            assert!(e.keys().len() >= 2, "{f:?}: {:?}", e.keys());
        }
        let text = explain::plain(&failure_explain(&Failure::NoKeyMatches { client_random: [0xab; 32] }));
        assert!(text.contains("abababab"), "{text}");
        let text = explain::plain(&failure_explain(&Failure::BadTag { seq: 4, epoch: Epoch::Tls12 }));
        assert!(text.starts_with("record 5 (counted from 1 after this side's ChangeCipherSpec)"), "{text}");
        let text = explain::plain(&failure_explain(&Failure::TooShort { seq: 0, epoch, len: 3 }));
        assert!(text.contains("after KeyUpdate 2") && text.contains("only 3 bytes"), "{text}");
    }
}
