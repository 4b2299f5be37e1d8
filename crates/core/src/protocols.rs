//! The protocols Postscope reads, listed once: each one's names, well-known
//! ports, implicit-TLS ports, how its first bytes are recognised, and how its
//! session is made. Recognition, the TCP layer's choice of client and server,
//! `--decode-as`, the app's "decode as" choices, the CLI's messages and the
//! tests all read this table.

use crate::mail::{imap::Imap, lmtp, pop3::Pop3, smtp::Smtp, tls_only::TlsOnly, Session};
use crate::model::{Dir, Protocol};

/// One protocol.
pub struct Spec {
    pub protocol: Protocol,
    /// The name in the JSON Lines and on `--decode-as` (the first), and other names accepted there.
    pub names: &'static [&'static str],
    /// How people write it ("SMTP").
    pub label: &'static str,
    /// Ports a server of this protocol listens on, in plain text (STARTTLS may follow).
    pub ports: &'static [u16],
    /// Ports where the client starts TLS at once (RFC 8314 §3).
    pub tls_ports: &'static [u16],
    /// Whether the first bytes `dir` sent are this protocol's.
    pub recognise: fn(Dir, &[u8]) -> bool,
    /// A session that reads it, or `None` for a protocol only counted.
    pub session: fn() -> Option<Box<dyn Session>>,
}

impl Spec {
    /// Whether the protocol is mail (its server's ports decide which side is the client).
    pub fn is_mail(&self) -> bool {
        self.protocol.is_mail()
    }
}

fn upper_head(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_uppercase()
}

fn smtp_first(dir: Dir, b: &[u8]) -> bool {
    let head = upper_head(b);
    match dir {
        Dir::Server => head.starts_with("220") && head.contains("SMTP"),
        Dir::Client => head.starts_with("EHLO ") || head.starts_with("HELO "),
    }
}

fn pop3_first(dir: Dir, b: &[u8]) -> bool {
    dir == Dir::Server && b.starts_with(b"+OK")
}

fn imap_first(dir: Dir, b: &[u8]) -> bool {
    let head = upper_head(b);
    dir == Dir::Server && (head.starts_with("* OK") || head.starts_with("* PREAUTH"))
}

fn tls_first(_dir: Dir, b: &[u8]) -> bool {
    // A handshake record (22) of SSL 3.0 or any TLS version.
    b.len() >= 3 && b[0] == 0x16 && b[1] == 3
}

fn never(_dir: Dir, _b: &[u8]) -> bool {
    false
}

/// Every protocol, in the order recognition tries them on a connection's first bytes.
pub static PROTOCOLS: &[Spec] = &[
    Spec {
        protocol: Protocol::Tls,
        names: &["tls"],
        label: "TLS",
        ports: &[],
        tls_ports: &[443],
        recognise: tls_first,
        session: || Some(Box::<TlsOnly>::default()),
    },
    Spec {
        protocol: Protocol::Lmtp,
        names: &["lmtp"],
        label: "LMTP",
        // RFC 2033 names no port (only that it must not be 25); 24, "any private
        // mail system", is where Dovecot and Cyrus listen for it.
        ports: &[24],
        tls_ports: &[],
        recognise: lmtp::recognise,
        session: || Some(Box::new(lmtp::session())),
    },
    Spec {
        protocol: Protocol::Smtp,
        names: &["smtp"],
        label: "SMTP",
        // 25 relay (RFC 5321), 587 submission (RFC 6409), 2525 a common alternative.
        ports: &[25, 587, 2525],
        tls_ports: &[465],
        recognise: smtp_first,
        session: || Some(Box::<Smtp>::default()),
    },
    Spec {
        protocol: Protocol::Pop3,
        names: &["pop3", "pop"],
        label: "POP3",
        ports: &[110],
        tls_ports: &[995],
        recognise: pop3_first,
        session: || Some(Box::<Pop3>::default()),
    },
    Spec {
        protocol: Protocol::Imap,
        names: &["imap"],
        label: "IMAP",
        ports: &[143],
        tls_ports: &[993],
        recognise: imap_first,
        session: || Some(Box::<Imap>::default()),
    },
    Spec {
        protocol: Protocol::Unknown,
        names: &["unknown", "none"],
        label: "not mail",
        ports: &[],
        tls_ports: &[],
        recognise: never,
        session: || None,
    },
];

/// The table's row for `p`.
pub fn spec(p: Protocol) -> &'static Spec {
    PROTOCOLS.iter().find(|s| s.protocol == p).unwrap_or(&PROTOCOLS[PROTOCOLS.len() - 1])
}

/// The protocol named `name` (any case), for `--decode-as PORT=PROTO`.
pub fn by_name(name: &str) -> Option<Protocol> {
    let name = name.to_ascii_lowercase();
    PROTOCOLS.iter().find(|s| s.names.contains(&name.as_str())).map(|s| s.protocol)
}

/// The protocol whose server listens on `port`.
pub fn by_port(port: u16) -> Option<Protocol> {
    PROTOCOLS.iter().find(|s| s.ports.contains(&port) || s.tls_ports.contains(&port)).map(|s| s.protocol)
}

/// Whether `port` is a mail server's: without a SYN, the side talking to it is the client.
pub fn is_mail_port(port: u16) -> bool {
    PROTOCOLS.iter().filter(|s| s.is_mail()).any(|s| s.ports.contains(&port) || s.tls_ports.contains(&port))
}

/// Whether the client starts TLS at once on `port` (implicit TLS).
pub fn is_implicit_tls_port(port: u16) -> bool {
    PROTOCOLS.iter().any(|s| s.tls_ports.contains(&port))
}

/// The protocol the first bytes that `dir` sent belong to.
pub fn recognise(dir: Dir, bytes: &[u8]) -> Option<Protocol> {
    PROTOCOLS.iter().find(|s| (s.recognise)(dir, bytes)).map(|s| s.protocol)
}

/// The names `--decode-as` takes, for messages: "smtp, lmtp, pop3, imap, tls or unknown".
pub fn names_text() -> String {
    let names: Vec<&str> = PROTOCOLS.iter().map(|s| s.names[0]).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_protocol_is_in_the_table_once_and_named_as_in_the_json() {
        for p in Protocol::ALL {
            assert_eq!(PROTOCOLS.iter().filter(|s| s.protocol == p).count(), 1, "{p:?}");
            assert_eq!(spec(p).names[0], p.name(), "{p:?}");
            assert_eq!(by_name(p.name()), Some(p));
        }
        assert_eq!(PROTOCOLS.len(), Protocol::ALL.len());
    }

    #[test]
    fn ports_belong_to_one_protocol_each() {
        let mut seen = std::collections::HashMap::new();
        for s in PROTOCOLS {
            for &port in s.ports.iter().chain(s.tls_ports) {
                assert_eq!(seen.insert(port, s.protocol), None, "port {port} is listed twice");
            }
        }
        assert_eq!(by_port(587), Some(Protocol::Smtp));
        assert_eq!(by_port(24), Some(Protocol::Lmtp));
        assert_eq!(by_port(993), Some(Protocol::Imap));
        assert!(is_mail_port(995) && !is_mail_port(443) && is_implicit_tls_port(465));
    }

    #[test]
    fn first_bytes() {
        assert_eq!(recognise(Dir::Server, b"220 mx.example ESMTP Postfix\r\n"), Some(Protocol::Smtp));
        assert_eq!(recognise(Dir::Server, b"220 vm Dovecot LMTP ready\r\n"), Some(Protocol::Lmtp));
        assert_eq!(recognise(Dir::Client, b"LHLO client.example\r\n"), Some(Protocol::Lmtp));
        assert_eq!(recognise(Dir::Server, b"+OK POP3 ready\r\n"), Some(Protocol::Pop3));
        assert_eq!(recognise(Dir::Server, b"* OK [CAPABILITY IMAP4rev1] ready\r\n"), Some(Protocol::Imap));
        assert_eq!(recognise(Dir::Client, &[0x16, 3, 1, 0, 5]), Some(Protocol::Tls));
        assert_eq!(recognise(Dir::Client, b"GET / HTTP/1.1\r\n"), None);
        assert_eq!(names_text(), "tls, lmtp, smtp, pop3, imap or unknown");
    }
}
