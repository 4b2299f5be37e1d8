//! gencap: large, realistic mail captures, the same bytes for the same seed.
//!
//! A capture is interleaved SMTP (port 25 and submission on 587 with AUTH
//! PLAIN or LOGIN, PIPELINING), POP3 (USER/PASS, RETR) and IMAP (LOGIN,
//! FETCH literals, APPEND) sessions between clients and one Postfix/Dovecot
//! server, over Ethernet and IPv4, as a capture at the server sees them: real
//! handshakes and teardowns, 1448-byte segments, delayed ACKs, and now and then
//! a segment the capture missed, two segments swapped or a retransmission
//! after a timeout. The messages are 2 to 50 KB, most of them with base64
//! attachments.
//!
//! [`generate`] writes the pcap as it goes (a few sessions are held at a
//! time, never the capture) and returns the [`Manifest`]: what a reader of the
//! capture should find, for tests to compare against.

mod mail;
mod pcap;
mod session;
mod tcp;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::io::{self, Write};

pub use tcp::{Damage, Impairments, MSS};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    /// The same seed (and the rest of the configuration) gives the same bytes.
    pub seed: u64,
    /// Size of the file to write, in bytes. No new session starts once the
    /// sessions begun reach it, so the file is at least this size and over
    /// it by less than one session (a few hundred KB at most).
    pub size: u64,
    /// Sessions open at the same time, their packets interleaved.
    pub concurrency: usize,
    pub impairments: Impairments,
    /// Time of the first packet, seconds since the Unix epoch.
    pub start: u64,
    /// Keep every stream's detail in [`Manifest::streams`]. It grows with
    /// the sessions (about 13 bytes per byte of capture: 270 MB for 2 GB);
    /// without it the generator's memory stays at a few MB at any size.
    pub keep_streams: bool,
}

impl Config {
    pub fn new(seed: u64, size: u64) -> Config {
        Config { seed, size, concurrency: 6, impairments: Impairments::default(), start: 1_772_442_000, keep_streams: true }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Smtp,
    Pop3,
    Imap,
}

/// A message that crosses the wire.
#[derive(Clone, Debug, Serialize)]
pub struct MessageInfo {
    /// DATA, RETR, FETCH, UID FETCH or APPEND.
    pub command: String,
    /// As a reader shows it (RFC 2047 encoded-words decoded).
    pub subject: String,
    /// Bytes of the message (CRLF line ends, before dot-stuffing).
    pub size: u64,
    pub attachments: Vec<String>,
    /// Bytes on the wire of its segments the capture missed.
    pub lost_bytes: u64,
}

/// A login that crosses the wire in clear.
#[derive(Clone, Debug, Serialize)]
pub struct CredentialInfo {
    /// PLAIN or LOGIN (SMTP AUTH), USER (POP3 USER/PASS), LOGIN (IMAP).
    pub mechanism: String,
    pub username: String,
    pub password: String,
    /// Whether the server accepted it.
    pub accepted: bool,
}

/// One TCP connection, numbered as Wireshark's `tcp.stream`.
#[derive(Clone, Debug, Serialize)]
pub struct StreamInfo {
    pub stream: u32,
    pub protocol: Protocol,
    /// "10.20.0.12:40122" and "198.51.100.10:143".
    pub client: String,
    pub server: String,
    /// Frames of the connection in the file.
    pub packets: u32,
    /// The client's commands in order, by their command word (IMAP: the
    /// word after the tag; "UID FETCH" for UID FETCH).
    pub commands: Vec<String>,
    /// Client writes that carry several commands (SMTP PIPELINING).
    pub pipelined_writes: u32,
    pub messages: Vec<MessageInfo>,
    pub credentials: Vec<CredentialInfo>,
    pub damage: Damage,
}

/// Per protocol counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PerProtocol {
    pub smtp: u64,
    pub pop3: u64,
    pub imap: u64,
}

impl PerProtocol {
    fn add(&mut self, p: Protocol, n: u64) {
        match p {
            Protocol::Smtp => self.smtp += n,
            Protocol::Pop3 => self.pop3 += n,
            Protocol::Imap => self.imap += n,
        }
    }
    pub fn total(&self) -> u64 {
        self.smtp + self.pop3 + self.imap
    }
}

/// What the capture holds.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Manifest {
    pub seed: u64,
    /// Size of the file written.
    pub bytes: u64,
    pub packets: u64,
    pub sessions: PerProtocol,
    pub commands: PerProtocol,
    pub messages: PerProtocol,
    pub credentials: PerProtocol,
    pub lost_segments: u64,
    pub lost_bytes: u64,
    pub reordered: u64,
    pub retransmitted: u64,
    /// Every stream, by number (empty unless [`Config::keep_streams`]).
    pub streams: Vec<StreamInfo>,
}

impl Manifest {
    /// The counts without the per-stream detail.
    pub fn summary(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.remove("streams");
        }
        v
    }
}

/// Writes a capture as `config` says into `out` (buffer it: it is written
/// one record at a time) and returns its manifest.
pub fn generate<W: Write>(config: &Config, out: W) -> io::Result<Manifest> {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let mut world = session::World::new(&mut rng);
    let mut writer = pcap::PcapWriter::new(out)?;
    let mut manifest = Manifest { seed: config.seed, ..Manifest::default() };
    let mut live: Vec<session::Built> = Vec::new();
    // Bytes written plus those of the sessions begun.
    let mut committed = 24u64;
    let mut now = config.start * 1_000_000;
    let mut streams = 0u32;
    loop {
        while live.len() < config.concurrency.max(1) && committed < config.size {
            let start = now + rng.gen_range(0..20_000);
            let built = session::build(&mut rng, &mut world, start, config.size - committed, &config.impairments);
            committed += built.bytes;
            live.push(built);
        }
        // The earliest next segment of the sessions open.
        let Some(i) = (0..live.len()).min_by_key(|&i| live[i].conn.segments.front().map_or(u64::MAX, |s| s.time)) else {
            break;
        };
        let b = &mut live[i];
        if b.info.stream == u32::MAX {
            b.info.stream = streams;
            streams += 1;
        }
        if let Some(seg) = b.conn.segments.pop_front() {
            now = now.max(seg.time);
            writer.segment(&mut b.ends, &seg)?;
        }
        if b.conn.segments.is_empty() {
            record(&mut manifest, live.swap_remove(i).info, config.keep_streams);
        }
    }
    manifest.bytes = writer.bytes;
    manifest.packets = writer.packets;
    writer.finish()?;
    manifest.streams.sort_by_key(|s| s.stream);
    Ok(manifest)
}

fn record(m: &mut Manifest, s: StreamInfo, keep: bool) {
    m.sessions.add(s.protocol, 1);
    m.commands.add(s.protocol, s.commands.len() as u64);
    m.messages.add(s.protocol, s.messages.len() as u64);
    m.credentials.add(s.protocol, s.credentials.len() as u64);
    m.lost_segments += u64::from(s.damage.lost_segments);
    m.lost_bytes += s.damage.lost_bytes;
    m.reordered += u64::from(s.damage.reordered);
    m.retransmitted += u64::from(s.damage.retransmitted);
    if keep {
        m.streams.push(s);
    }
}

/// Parses a size: "100M", "1G", "512K", "1500000" (K, M, G are powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&t[..i], t[i..].trim_end_matches(['B', 'b', 'i'])),
        None => (t, ""),
    };
    let n: u64 = digits.parse().map_err(|_| format!("{text}: not a size (100M, 1G, 5000000)"))?;
    let mult = match unit.to_ascii_uppercase().as_str() {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("{text}: unknown unit {unit} (K, M or G)")),
    };
    n.checked_mul(mult).ok_or_else(|| format!("{text}: too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100M"), Ok(100 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("1500000"), Ok(1_500_000));
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert!(parse_size("10X").is_err());
        assert!(parse_size("M").is_err());
    }

    #[test]
    fn same_seed_same_bytes_and_size_near_target() {
        let cfg = Config::new(7, 600_000);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let ma = generate(&cfg, &mut a).unwrap();
        generate(&cfg, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(ma.bytes, a.len() as u64);
        assert!(a.len() > 500_000 && a.len() < 800_000, "{} bytes for 600000", a.len());
        let mut c = Vec::new();
        generate(&Config::new(8, 600_000), &mut c).unwrap();
        assert_ne!(a, c);
        // Without the detail, the same file and the same counts.
        let mut d = Vec::new();
        let md = generate(&Config { keep_streams: false, ..cfg }, &mut d).unwrap();
        assert_eq!(a, d);
        assert!(md.streams.is_empty() && !ma.streams.is_empty());
        assert_eq!(md.summary(), ma.summary());
    }
}
