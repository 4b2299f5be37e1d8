//! Which protocol a conversation speaks: the user's "decode as" choice, else
//! the server's port, else its first bytes (looking past the set-up of a
//! SOCKS5 or HTTP CONNECT tunnel), all from the protocol table.

use crate::model::{Dir, Protocol, Recognition};
use crate::protocols;
use crate::tcp::TcpOut;

/// Data segments looked at before a stream without a known port is given up as not mail.
pub const SNIFF_SEGMENTS: usize = 8;

/// The protocol chosen before any byte is seen: by "decode as" for either
/// port, else by the server's port; with the reason shown to the user.
pub fn by_port(decode_as: &[(u16, Protocol)], server_port: u16, client_port: u16) -> Option<(Protocol, Recognition)> {
    decode_as
        .iter()
        .find(|(port, _)| *port == server_port || *port == client_port)
        .map(|(port, p)| (*p, Recognition::DecodeAs { port: *port }))
        .or_else(|| protocols::by_port(server_port).map(|p| (p, Recognition::Port { port: server_port })))
}

/// What the first segments of an undecided stream say.
pub enum Decision {
    /// Not enough seen yet.
    Wait,
    /// The protocol, the index of the first buffered event its session reads,
    /// why it was chosen, and the tunnel set-up segments passed over (each as
    /// its direction, frame, text and tunnel kind).
    Decided { protocol: Protocol, start: usize, why: Recognition, tunnel: Vec<(Dir, u32, String, &'static str)> },
}

/// Decides from the events buffered so far (the last one just arrived).
pub fn decide(buffered: &[TcpOut]) -> Decision {
    let found = match buffered.last() {
        Some(TcpOut::Data { dir, bytes, .. }) => protocols::recognise(*dir, bytes),
        _ => None,
    };
    let data: Vec<usize> = buffered.iter().enumerate().filter(|(_, e)| matches!(e, TcpOut::Data { .. })).map(|(i, _)| i).collect();
    let (protocol, start) = match found {
        // A hello (EHLO, LHLO) after a 220 line that did not name the protocol: the session starts at that greeting.
        Some(p @ (Protocol::Smtp | Protocol::Lmtp)) if data.len() > 1 => {
            let greeting = data
                .iter()
                .rev()
                .skip(1)
                .find(|&&i| matches!(&buffered[i], TcpOut::Data { dir: Dir::Server, bytes, .. } if bytes.starts_with(b"220")));
            (p, greeting.or(data.last()).copied().unwrap_or(0))
        }
        Some(p) => (p, data.last().copied().unwrap_or(0)),
        // Still nothing: a tunnel's set-up may come first (SOCKS5, HTTP CONNECT); give up after a few segments.
        None if data.len() < SNIFF_SEGMENTS => return Decision::Wait,
        None => (Protocol::Unknown, 0),
    };
    let skipped: Vec<&TcpOut> = buffered[..start].iter().filter(|e| matches!(e, TcpOut::Data { .. })).collect();
    let mut tunnel = Vec::new();
    let why = match protocol {
        Protocol::Unknown => Recognition::NoMail,
        _ if skipped.is_empty() => Recognition::Content { protocol },
        _ => {
            let kind = tunnel_kind(&skipped);
            for e in &skipped {
                if let TcpOut::Data { dir, frame, bytes, .. } = e {
                    tunnel.push((*dir, *frame, tunnel_text(bytes), kind));
                }
            }
            Recognition::Tunnel { protocol, tunnel: kind, segments: skipped.len() }
        }
    };
    Decision::Decided { protocol, start, why, tunnel }
}

/// What set up the tunnel whose segments came before the mail protocol.
fn tunnel_kind(skipped: &[&TcpOut]) -> &'static str {
    let first = skipped.iter().find_map(|e| match e {
        TcpOut::Data { dir: Dir::Client, bytes, .. } => Some(bytes.as_slice()),
        _ => None,
    });
    match first {
        Some(b) if b.first() == Some(&5) => "socks5",
        Some(b) if b.starts_with(b"CONNECT ") => "http_connect",
        _ => "other",
    }
}

/// A tunnel set-up segment as a line of text: its first line, or its bytes in hex.
fn tunnel_text(bytes: &[u8]) -> String {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or(bytes);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if !line.is_empty() && line.iter().all(|b| (0x20..0x7f).contains(b)) {
        String::from_utf8_lossy(&line[..line.len().min(200)]).into_owned()
    } else {
        bytes.iter().take(32).map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
    }
}
