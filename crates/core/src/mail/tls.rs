//! TLS, as far as a capture without keys can show it: the handshake's hello
//! messages (offered and chosen versions, cipher suite, server name) read with
//! tls-parser, and after them only the sizes of encrypted records.

use super::Out;
use crate::explain::{self, Explain, Piece};
use crate::model::{Dir, Item, TlsKind, TlsRecord};
use tls_parser::{parse_tls_extensions, parse_tls_message_handshake, TlsExtension, TlsMessage, TlsMessageHandshake, TlsVersion};

/// TLS state of one direction.
#[derive(Debug, Default)]
pub struct TlsSide {
    /// The direction carries TLS from here on.
    pub on: bool,
    /// A ChangeCipherSpec was seen: later handshake records are encrypted.
    encrypted: bool,
    /// Application data was already explained in full for this direction.
    pub(super) data_seen: bool,
    /// The ServerHello chose TLS 1.3 (set on the server's side).
    pub tls13: bool,
    /// The frame of this side's encrypted TLS 1.3 handshake.
    hs13_frame: Option<u32>,
    /// This side sent an encrypted record (content type 23 on the wire).
    pub(super) sent_opaque: bool,
}

pub fn version_name(v: u16) -> String {
    match v {
        0x0300 => "SSL 3.0".into(),
        0x0301 => "TLS 1.0".into(),
        0x0302 => "TLS 1.1".into(),
        0x0303 => "TLS 1.2".into(),
        0x0304 => "TLS 1.3".into(),
        other => format!("TLS version {other:#06x}"),
    }
}

fn handshake_name(h: &TlsMessageHandshake<'_>) -> &'static str {
    match h {
        TlsMessageHandshake::HelloRequest => "HelloRequest",
        TlsMessageHandshake::ClientHello(_) => "ClientHello",
        TlsMessageHandshake::ServerHello(_) | TlsMessageHandshake::ServerHelloV13Draft18(_) => "ServerHello",
        TlsMessageHandshake::NewSessionTicket(_) => "NewSessionTicket",
        TlsMessageHandshake::EndOfEarlyData => "EndOfEarlyData",
        TlsMessageHandshake::HelloRetryRequest(_) => "HelloRetryRequest",
        TlsMessageHandshake::Certificate(_) => "Certificate",
        TlsMessageHandshake::ServerKeyExchange(_) => "ServerKeyExchange",
        TlsMessageHandshake::CertificateRequest(_) => "CertificateRequest",
        TlsMessageHandshake::ServerDone(_) => "ServerHelloDone",
        TlsMessageHandshake::CertificateVerify(_) => "CertificateVerify",
        TlsMessageHandshake::ClientKeyExchange(_) => "ClientKeyExchange",
        TlsMessageHandshake::Finished(_) => "Finished",
        TlsMessageHandshake::CertificateStatus(_) => "CertificateStatus",
        TlsMessageHandshake::NextProtocol(_) => "NextProtocol",
        TlsMessageHandshake::KeyUpdate(_) => "KeyUpdate",
    }
}

fn extensions(raw: Option<&[u8]>) -> Vec<TlsExtension<'_>> {
    raw.and_then(|e| parse_tls_extensions(e).ok()).map(|(_, v)| v).unwrap_or_default()
}

/// What a ClientHello offers: versions, how many cipher suites, the server name.
fn client_hello_text(version: TlsVersion, ciphers: usize, ext: Option<&[u8]>) -> Explain {
    let mut versions = vec![version_name(version.0)];
    let mut sni = Explain::none();
    for e in extensions(ext) {
        match e {
            TlsExtension::SNI(names) => {
                if let Some((_, n)) = names.first() {
                    sni = explain::fragment(&["tls.hello.sni"], &[&crate::mail::lossy(n)]);
                }
            }
            TlsExtension::SupportedVersions(v) => {
                versions = v.iter().filter(|v| v.0 & 0x0f0f != 0x0a0a).map(|v| version_name(v.0)).collect();
            }
            _ => {}
        }
    }
    explain::fragment_with(&["tls.hello.offer"], vec![versions.join(", ").into(), ciphers.to_string().into(), sni.into()])
}

/// The version a ServerHello chose (its supported_versions extension, in TLS 1.3) and its cipher suite.
fn server_hello_text(version: TlsVersion, cipher: u16, ext: Option<&[u8]>) -> (u16, Explain) {
    let mut chosen = version.0;
    for e in extensions(ext) {
        if let TlsExtension::SupportedVersions(v) = e {
            if let Some(v) = v.first() {
                chosen = v.0;
            }
        }
    }
    let suite = match tls_parser::TlsCipherSuiteID(cipher).get_ciphersuite() {
        Some(c) => explain::fragment(&["tls.suite"], &[c.name]),
        None => explain::fragment(&["tls.suite.unknown"], &[&format!("{cipher:#06x}")]),
    };
    (chosen, explain::fragment_with(&["tls.hello.chosen"], vec![version_name(chosen).into(), suite.into()]))
}

/// An alert sent in the clear: its level and what it says.
fn alert_text(level: u8, description: u8) -> Explain {
    let level = explain::fragment(&[&format!("tls.alert.level.{level}"), "tls.alert.level.other"], &[&level.to_string()]);
    let name = tls_parser::TlsAlertDescription(description).to_string();
    let what = explain::fragment(&[&format!("tls.alert.desc.{description}"), "tls.alert.desc.other"], &[&name, &description.to_string()]);
    explain::with(&["tls.alert.plain"], vec![level.into(), what.into()])
}

/// Reads one TLS record and adds what it shows to the transcript.
/// `peer_opaque`: the other side has sent an encrypted record.
#[allow(clippy::too_many_arguments)] // the record and the two sides' state it is read in
pub fn record(side: &mut TlsSide, peer_opaque: bool, tls13: bool, dir: Dir, content_type: u8, body: &[u8], frame: u32, out: &mut Out<'_>) {
    let bytes = body.len() as u64 + 5;
    let push = |out: &mut Out<'_>, kind: TlsKind, explain: Explain| {
        out.items.push(Item::Tls(TlsRecord { stream: out.stream, dir, frame, kind, bytes, failure: None, explain }));
    };
    match content_type {
        22 if !side.encrypted => {
            let mut rest = body;
            let mut shown = false;
            while !rest.is_empty() {
                let Ok((after, TlsMessage::Handshake(h))) = parse_tls_message_handshake(rest) else {
                    break;
                };
                rest = after;
                shown = true;
                match &h {
                    TlsMessageHandshake::ClientHello(ch) => {
                        let detail = client_hello_text(ch.version, ch.ciphers.len(), ch.ext);
                        // How TLS started is told here, from the whole conversation.
                        let start = Explain::of(Piece::TlsStart { frame });
                        push(out, TlsKind::ClientHello, start.then(explain::with(&["tls.client_hello"], vec![detail.into()])));
                    }
                    TlsMessageHandshake::ServerHello(sh) => {
                        let (version, chosen) = server_hello_text(sh.version, sh.cipher.0, sh.ext);
                        side.tls13 = version == 0x0304;
                        // What stays readable after the hello depends on the version chosen (RFC 8446 §2, RFC 5246 §7.3).
                        let key = if side.tls13 { "tls.server_hello.13" } else { "tls.server_hello" };
                        push(out, TlsKind::ServerHello, explain::with(&[key], vec![chosen.into()]));
                    }
                    other => {
                        let name = handshake_name(other);
                        push(out, TlsKind::Handshake, explain::text(&["tls.handshake"], &[name, &bytes.to_string()]));
                    }
                }
            }
            if !shown {
                let what = explain::fragment(&["tls.handshake.encrypted"], &[]);
                push(out, TlsKind::Handshake, explain::with(&["tls.handshake"], vec![what.into(), bytes.to_string().into()]));
            }
        }
        22 => {
            let what = explain::fragment(&["tls.handshake.finished"], &[]);
            push(out, TlsKind::Handshake, explain::with(&["tls.handshake"], vec![what.into(), bytes.to_string().into()]))
        }
        20 => {
            side.encrypted = true;
            // TLS 1.3 keeps the record only for middleboxes that expect it (RFC 8446 §5, D.4).
            let key = if tls13 { "tls.change_cipher_spec.13" } else { "tls.change_cipher_spec" };
            push(out, TlsKind::ChangeCipherSpec, explain::text(&[key], &[]));
        }
        // Two bytes are an alert in the clear, level and description readable (RFC 8446 §6): an encrypted
        // one carries a MAC or tag besides. A client refusing the certificate sends one even in TLS 1.3.
        21 if body.len() == 2 => push(out, TlsKind::Alert, alert_text(body[0], body[1])),
        21 => push(out, TlsKind::Alert, explain::text(&["tls.alert"], &[&bytes.to_string()])),
        _ => {
            // Encrypted records: one summary per run, as a student reads them.
            // In TLS 1.3 a side's first encrypted records are the rest of its
            // handshake (RFC 8446 §2): the server's flight (EncryptedExtensions,
            // Certificate, CertificateVerify, Finished, over as many frames as it
            // takes) lasts until the client answers with its own encrypted
            // Finished; the client's flight is its first encrypted frame.
            let flight = match dir {
                Dir::Server => !peer_opaque,
                Dir::Client => side.hs13_frame.is_none_or(|f| f == frame),
            };
            side.sent_opaque = true;
            if tls13 && flight {
                side.hs13_frame = Some(frame);
                if let Some(Item::Tls(last)) = out.last_item_mut() {
                    if last.dir == dir && last.frame == frame && last.kind == TlsKind::Handshake {
                        last.bytes += bytes;
                        last.explain = explain::text(&["tls.handshake13"], &[&last.bytes.to_string()]);
                        return;
                    }
                }
                push(out, TlsKind::Handshake, explain::text(&["tls.handshake13"], &[&bytes.to_string()]));
                return;
            }
            // The first run of each direction is explained in full, later ones briefly.
            // What is inside is mail only in a conversation of a mail protocol.
            let key = match (out.protocol.is_mail(), side.data_seen) {
                (true, false) => "tls.application_data",
                (true, true) => "tls.application_data.more",
                (false, false) => "tls.application_data.other",
                (false, true) => "tls.application_data.other.more",
            };
            if let Some(Item::Tls(last)) = out.last_item_mut() {
                if last.dir == dir && last.kind == TlsKind::ApplicationData {
                    last.bytes += bytes;
                    let key = last.explain.key().unwrap_or(key);
                    last.explain = explain::text(&[key], &[&last.bytes.to_string()]);
                    return;
                }
            }
            side.data_seen = true;
            push(out, TlsKind::ApplicationData, explain::text(&[key], &[&bytes.to_string()]));
        }
    }
}
