//! Seeing inside TLS with a key log.
//!
//! A client that writes an NSS key log ([`KeyLog`]: curl's and Firefox's
//! `SSLKEYLOGFILE`, Python's `keylog_filename`, GnuTLS, OpenSSL) gives away
//! the secrets of each connection, found by its ClientHello random. With them,
//! a [`Decryptor`] opens the records of one connection:
//!
//! - TLS 1.2: the key block from the master secret (PRF with the suite's
//!   SHA-256 or SHA-384), records in AES-GCM, ChaCha20-Poly1305 or AES-CBC
//!   with HMAC-SHA1/256/384 (MAC-then-encrypt, or encrypt-then-MAC when the
//!   ServerHello agreed to RFC 7366); each direction is encrypted from its
//!   ChangeCipherSpec on. The extended master secret changes nothing here: the
//!   key log gives the master secret itself.
//! - TLS 1.3: keys and IVs from the traffic secrets (HKDF-Expand-Label), the
//!   handshake secrets until the direction's Finished, then the application
//!   secrets, renewed at each KeyUpdate; the inner content type is found
//!   under the zero padding.
//!
//! [`Session`] is the whole connection: it reads the ClientHello and the
//! ServerHello (passing over a HelloRetryRequest), makes the [`Decryptor`]
//! and hands it every later record. Records come whole, as the mail framer
//! cuts them (`Unit::Tls`).
//!
//! A record that does not open (a tag that does not verify, bad CBC padding,
//! too short) is a [`Failure`] naming the record by its sequence number, and
//! that direction stops there; the other goes on. Nothing here panics on any
//! input: every length read from a record is checked.
//!
//! Key logs come from a file ([`KeyLog::parse`], more with [`KeyLog::add`])
//! or from a pcapng decryption secrets block
//! (`CaptureReader::decryption_secrets`, type `TLS_KEY_LOG`); a line that
//! could not be used is a [`KeyLogNote`].

mod crypto;
pub mod keylog;
pub mod suite;

pub use keylog::{KeyLog, KeyLogNote, KeyLogProblem, Label, Secrets};
pub use suite::{suite, Cipher, Hash, Suite};

use crate::model::Dir;
use crypto::{Keys, Refused};
use tls_parser::{parse_tls_extensions, parse_tls_message_handshake, TlsExtension, TlsMessage, TlsMessageHandshake};

/// TLS record content types.
pub const CHANGE_CIPHER_SPEC: u8 = 20;
pub const ALERT: u8 = 21;
pub const HANDSHAKE: u8 = 22;
pub const APPLICATION_DATA: u8 = 23;

/// The random of a HelloRetryRequest (RFC 8446 section 4.1.3): SHA-256 of "HelloRetryRequest".
pub const HELLO_RETRY_REQUEST_RANDOM: [u8; 32] = [
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
    0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
];

/// What the decryptor needs from a ServerHello.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerHello {
    pub random: [u8; 32],
    /// The version chosen: the supported_versions extension's when there is one
    /// (TLS 1.3), else the hello's own.
    pub version: u16,
    pub cipher_suite: u16,
    /// The server agreed to encrypt-then-MAC (RFC 7366), which changes CBC records.
    pub encrypt_then_mac: bool,
}

impl ServerHello {
    /// Reads the ServerHello at the start of a handshake record's body.
    pub fn parse(handshake: &[u8]) -> Option<ServerHello> {
        let (_, TlsMessage::Handshake(TlsMessageHandshake::ServerHello(sh))) = parse_tls_message_handshake(handshake).ok()? else {
            return None;
        };
        let random: [u8; 32] = sh.random.try_into().ok()?;
        let mut hello = ServerHello { random, version: sh.version.0, cipher_suite: sh.cipher.0, encrypt_then_mac: false };
        if let Some(raw) = sh.ext {
            let (_, exts) = parse_tls_extensions(raw).ok()?;
            for ext in exts {
                match ext {
                    TlsExtension::SupportedVersions(v) if v.len() == 1 => hello.version = v[0].0,
                    TlsExtension::EncryptThenMac => hello.encrypt_then_mac = true,
                    _ => {}
                }
            }
        }
        Some(hello)
    }

    /// A HelloRetryRequest: the real ServerHello comes later.
    pub fn is_retry_request(&self) -> bool {
        self.random == HELLO_RETRY_REQUEST_RANDOM
    }
}

/// The random of the ClientHello at the start of a handshake record's body
/// (read from the bytes, so a ClientHello split over records still gives it).
pub fn client_hello_random(handshake: &[u8]) -> Option<[u8; 32]> {
    // type (1) = 1, length (3), legacy_version (2), random (32)
    if handshake.first() != Some(&1) {
        return None;
    }
    handshake.get(6..38)?.try_into().ok()
}

/// Which keys protected a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Epoch {
    /// TLS 1.2, after the direction's ChangeCipherSpec.
    Tls12,
    /// TLS 1.3 handshake traffic secret.
    Handshake,
    /// TLS 1.3 application traffic secret; `generation` counts KeyUpdates (0 = `*_TRAFFIC_SECRET_0`).
    Application { generation: u32 },
}

/// A record's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plain {
    /// The real content type (the inner one in TLS 1.3).
    pub content_type: u8,
    pub bytes: Vec<u8>,
    /// Whether it was encrypted; when false, `bytes` are the record's body as it was.
    pub encrypted: bool,
    /// The record's sequence number within its keys (meaningful when encrypted).
    pub seq: u64,
    pub epoch: Option<Epoch>,
}

impl Plain {
    fn clear(content_type: u8, body: &[u8]) -> Plain {
        Plain { content_type, bytes: body.to_vec(), encrypted: false, seq: 0, epoch: None }
    }
}

/// Why a record could not be decrypted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Encrypted records came before the ClientHello and ServerHello were seen
    /// (the capture started in the middle of the connection).
    NoHellos,
    /// The key log has no secrets for this connection's client random.
    NoKeyMatches {
        client_random: [u8; 32],
    },
    /// The key log lacks this secret, which this direction needs now.
    MissingSecret(Label),
    /// The key log's secret has the wrong length for the suite's hash.
    SecretLength {
        label: Label,
        bytes: usize,
        expected: usize,
    },
    /// A version the decryptor does not handle (SSL 3.0, TLS 1.0 and 1.1).
    UnsupportedVersion(u16),
    UnsupportedSuite(u16),
    /// The record is shorter than its nonce, tag or MAC need, or is not whole CBC blocks.
    TooShort {
        seq: u64,
        epoch: Epoch,
        len: usize,
    },
    /// The authentication tag (AEAD) or the HMAC (CBC) did not verify: wrong keys, or a damaged record.
    BadTag {
        seq: u64,
        epoch: Epoch,
    },
    BadPadding {
        seq: u64,
        epoch: Epoch,
    },
    /// A TLS 1.3 record whose plaintext is all padding, with no content type.
    NoContentType {
        seq: u64,
        epoch: Epoch,
    },
    /// This direction stopped at an earlier failure (given).
    Stopped(Box<Failure>),
}

/// Bytes of handshake messages still awaited when scanning for Finished and KeyUpdate.
#[derive(Debug, Default)]
struct MessageScan {
    header: Vec<u8>,
    remaining: usize,
    kind: u8,
}

impl MessageScan {
    /// Feeds handshake bytes; returns the types of the messages that ended in them.
    fn feed(&mut self, mut bytes: &[u8]) -> Vec<u8> {
        let mut ended = Vec::new();
        while !bytes.is_empty() {
            if self.remaining == 0 {
                let n = (4 - self.header.len()).min(bytes.len());
                self.header.extend_from_slice(&bytes[..n]);
                bytes = &bytes[n..];
                if self.header.len() == 4 {
                    self.kind = self.header[0];
                    self.remaining = u32::from_be_bytes([0, self.header[1], self.header[2], self.header[3]]) as usize;
                    self.header.clear();
                    if self.remaining == 0 {
                        ended.push(self.kind);
                    }
                }
            } else {
                let n = self.remaining.min(bytes.len());
                self.remaining -= n;
                bytes = &bytes[n..];
                if self.remaining == 0 {
                    ended.push(self.kind);
                }
            }
        }
        ended
    }
}

const FINISHED: u8 = 20;
const KEY_UPDATE: u8 = 24;

/// Where one direction is.
#[derive(Debug)]
enum State {
    /// Not encrypted yet (TLS 1.2 before ChangeCipherSpec).
    Clear,
    Keys(Keys),
    /// The keys this epoch needs are not in the key log.
    Missing(Label),
    Stopped(Failure),
}

#[derive(Debug)]
struct Direction {
    state: State,
    epoch: Epoch,
    seq: u64,
    /// TLS 1.3: the current traffic secret (for KeyUpdate) and the one to take after Finished.
    secret: Option<Vec<u8>>,
    next: Result<Vec<u8>, Label>,
    scan: MessageScan,
}

/// Decrypts the records of one connection, both directions.
#[derive(Debug)]
pub struct Decryptor {
    version: u16,
    suite: &'static Suite,
    encrypt_then_mac: bool,
    /// TLS 1.2 keys, taken at each direction's ChangeCipherSpec.
    keys12: Option<[Keys; 2]>,
    dirs: [Direction; 2],
}

fn index(dir: Dir) -> usize {
    match dir {
        Dir::Client => 0,
        Dir::Server => 1,
    }
}

impl Decryptor {
    /// Sets up decryption of the connection whose ClientHello had `client_random`
    /// and whose server answered `server`. Fails when the key log has nothing
    /// for it or the version or suite is one this decryptor does not know; a
    /// key log with only some of a TLS 1.3 connection's secrets is no failure
    /// here: the directions without theirs fail record by record.
    pub fn new(client_random: &[u8; 32], server: &ServerHello, keys: &KeyLog) -> Result<Decryptor, Failure> {
        let suite = suite::suite(server.cipher_suite).ok_or(Failure::UnsupportedSuite(server.cipher_suite))?;
        let tls13 = match server.version {
            0x0304 => true,
            0x0303 => false,
            v => return Err(Failure::UnsupportedVersion(v)),
        };
        if suite.tls13 != tls13 {
            return Err(Failure::UnsupportedSuite(server.cipher_suite));
        }
        let secrets = keys.get(client_random).ok_or(Failure::NoKeyMatches { client_random: *client_random })?;
        let fresh = |state: State, epoch: Epoch| Direction {
            state,
            epoch,
            seq: 0,
            secret: None,
            next: Err(Label::ClientTrafficSecret0),
            scan: MessageScan::default(),
        };
        if !tls13 {
            let master = secrets.get(Label::ClientRandom).ok_or(Failure::MissingSecret(Label::ClientRandom))?;
            let keys12 = Keys::tls12(suite.cipher, suite.hash, master, client_random, &server.random);
            return Ok(Decryptor {
                version: server.version,
                suite,
                encrypt_then_mac: server.encrypt_then_mac,
                keys12: Some(keys12),
                dirs: [fresh(State::Clear, Epoch::Tls12), fresh(State::Clear, Epoch::Tls12)],
            });
        }
        let hash_len = suite.hash.output_len();
        let secret = |label: Label| -> Result<Vec<u8>, Failure> {
            let s = secrets.get(label).ok_or(Failure::MissingSecret(label))?;
            if s.len() != hash_len {
                return Err(Failure::SecretLength { label, bytes: s.len(), expected: hash_len });
            }
            Ok(s.to_vec())
        };
        let dirs = [
            (Label::ClientHandshakeTrafficSecret, Label::ClientTrafficSecret0),
            (Label::ServerHandshakeTrafficSecret, Label::ServerTrafficSecret0),
        ]
        .map(|(hs, app)| {
            let mut d = fresh(State::Missing(hs), Epoch::Handshake);
            match secret(hs) {
                Ok(s) => {
                    d.state = match Keys::tls13(suite.cipher, suite.hash, &s) {
                        Some(k) => State::Keys(k),
                        None => State::Missing(hs),
                    };
                    d.secret = Some(s);
                }
                Err(Failure::MissingSecret(_)) => {}
                Err(other) => d.state = State::Stopped(other),
            }
            d.next = secret(app).map_err(|_| app);
            d
        });
        Ok(Decryptor { version: server.version, suite, encrypt_then_mac: false, keys12: None, dirs })
    }

    /// The suite the server chose.
    pub fn suite(&self) -> &'static Suite {
        self.suite
    }

    /// The protocol version in use (0x0303 or 0x0304).
    pub fn version(&self) -> u16 {
        self.version
    }

    /// TLS 1.3: the traffic secret `dir` uses now (after its KeyUpdates), if known.
    pub fn traffic_secret(&self, dir: Dir) -> Option<&[u8]> {
        self.dirs[index(dir)].secret.as_deref()
    }

    /// The keys `dir` uses now (which epoch, and how many records they opened).
    pub fn epoch(&self, dir: Dir) -> (Epoch, u64) {
        let d = &self.dirs[index(dir)];
        (d.epoch, d.seq)
    }

    /// Decrypts the next record of `dir` (records after the ServerHello, in
    /// order). Records that are not encrypted come back as they are, with
    /// `encrypted: false`.
    pub fn decrypt(&mut self, dir: Dir, content_type: u8, body: &[u8]) -> Result<Plain, Failure> {
        if self.keys12.is_some() {
            self.decrypt12(dir, content_type, body)
        } else {
            self.decrypt13(dir, content_type, body)
        }
    }

    fn decrypt12(&mut self, dir: Dir, content_type: u8, body: &[u8]) -> Result<Plain, Failure> {
        let i = index(dir);
        let d = &mut self.dirs[i];
        let keys = match &d.state {
            State::Clear => {
                if content_type == CHANGE_CIPHER_SPEC {
                    let k = self.keys12.as_ref().map(|k| k[i].clone()).expect("TLS 1.2 keys");
                    d.state = State::Keys(k);
                    d.seq = 0;
                }
                return Ok(Plain::clear(content_type, body));
            }
            State::Keys(k) => k,
            State::Missing(l) => return Err(Failure::MissingSecret(*l)),
            State::Stopped(f) => return Err(Failure::Stopped(Box::new(f.clone()))),
        };
        let seq = d.seq;
        d.seq += 1;
        match keys.open12(seq, content_type, self.version, body, self.encrypt_then_mac) {
            Ok(bytes) => Ok(Plain { content_type, bytes, encrypted: true, seq, epoch: Some(Epoch::Tls12) }),
            Err(r) => Err(stop(d, refused(r, seq, Epoch::Tls12, body.len()))),
        }
    }

    fn decrypt13(&mut self, dir: Dir, content_type: u8, body: &[u8]) -> Result<Plain, Failure> {
        // ChangeCipherSpec (middlebox compatibility), and anything else not
        // typed application_data, is sent in the clear.
        if content_type != APPLICATION_DATA {
            return Ok(Plain::clear(content_type, body));
        }
        let (cipher, hash) = (self.suite.cipher, self.suite.hash);
        let d = &mut self.dirs[index(dir)];
        let keys = match &d.state {
            State::Keys(k) => k.clone(),
            State::Missing(label) => {
                // Without the handshake secret, the application keys may still
                // open the records after Finished: the first one has sequence 0.
                let label = *label;
                let app = match (&d.epoch, &d.next) {
                    (Epoch::Handshake, Ok(s)) => Keys::tls13(cipher, hash, s),
                    _ => None,
                };
                match app.map(|k| (k.open13(0, body), k)) {
                    Some((Ok(_), k)) => {
                        d.secret = d.next.clone().ok();
                        d.epoch = Epoch::Application { generation: 0 };
                        d.seq = 0;
                        d.state = State::Keys(k.clone());
                        k
                    }
                    _ => return Err(Failure::MissingSecret(label)),
                }
            }
            State::Stopped(f) => return Err(Failure::Stopped(Box::new(f.clone()))),
            State::Clear => return Ok(Plain::clear(content_type, body)),
        };
        let (seq, epoch) = (d.seq, d.epoch);
        d.seq += 1;
        let mut inner = match keys.open13(seq, body) {
            Ok(inner) => inner,
            Err(r) => return Err(stop(d, refused(r, seq, epoch, body.len()))),
        };
        let Some(end) = inner.iter().rposition(|&b| b != 0) else {
            return Err(stop(d, Failure::NoContentType { seq, epoch }));
        };
        let inner_type = inner[end];
        inner.truncate(end);
        if inner_type == HANDSHAKE {
            for kind in d.scan.feed(&inner) {
                match (kind, epoch) {
                    (FINISHED, Epoch::Handshake) => {
                        d.epoch = Epoch::Application { generation: 0 };
                        d.seq = 0;
                        d.state = match &d.next {
                            Ok(s) => match Keys::tls13(cipher, hash, s) {
                                Some(k) => State::Keys(k),
                                None => State::Missing(app_label(dir)),
                            },
                            Err(label) => State::Missing(*label),
                        };
                        d.secret = d.next.clone().ok();
                    }
                    (KEY_UPDATE, Epoch::Application { generation }) => {
                        d.seq = 0;
                        d.epoch = Epoch::Application { generation: generation + 1 };
                        let next = d.secret.as_ref().and_then(|s| crypto::expand_label(hash, s, "traffic upd", b"", hash.output_len()));
                        d.state = match next.as_ref().and_then(|s| Keys::tls13(cipher, hash, s)) {
                            Some(k) => State::Keys(k),
                            None => State::Missing(app_label(dir)),
                        };
                        d.secret = next;
                    }
                    _ => {}
                }
            }
        }
        Ok(Plain { content_type: inner_type, bytes: inner, encrypted: true, seq, epoch: Some(epoch) })
    }
}

fn app_label(dir: Dir) -> Label {
    match dir {
        Dir::Client => Label::ClientTrafficSecret0,
        Dir::Server => Label::ServerTrafficSecret0,
    }
}

fn refused(r: Refused, seq: u64, epoch: Epoch, len: usize) -> Failure {
    match r {
        Refused::TooShort => Failure::TooShort { seq, epoch, len },
        Refused::BadTag => Failure::BadTag { seq, epoch },
        Refused::BadPadding => Failure::BadPadding { seq, epoch },
    }
}

/// Stops the direction at `f`, and returns it.
fn stop(d: &mut Direction, f: Failure) -> Failure {
    d.state = State::Stopped(f.clone());
    f
}

/// One TLS connection from its first record: reads the hellos, then decrypts.
#[derive(Debug, Default)]
pub struct Session {
    client_random: Option<[u8; 32]>,
    /// A ChangeCipherSpec was seen in this direction (client, server).
    ccs: [bool; 2],
    setup: Option<Result<Decryptor, Failure>>,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// The next whole record of `dir`. Hellos and other records in the
    /// clear come back as they are; encrypted ones are decrypted with the
    /// key log's secrets for this connection.
    pub fn record(&mut self, dir: Dir, content_type: u8, body: &[u8], keys: &KeyLog) -> Result<Plain, Failure> {
        let after_ccs = self.ccs[index(dir)];
        if content_type == CHANGE_CIPHER_SPEC {
            self.ccs[index(dir)] = true;
        }
        if let Some(setup) = &mut self.setup {
            return match setup {
                Ok(d) => d.decrypt(dir, content_type, body),
                // Without keys: application data, and (TLS 1.2) everything after
                // the direction's ChangeCipherSpec, stays unread.
                Err(f) if content_type == APPLICATION_DATA || after_ccs => Err(f.clone()),
                Err(_) => Ok(Plain::clear(content_type, body)),
            };
        }
        if content_type == HANDSHAKE {
            match dir {
                Dir::Client if self.client_random.is_none() => self.client_random = client_hello_random(body),
                Dir::Server => {
                    if let Some(hello) = ServerHello::parse(body) {
                        if !hello.is_retry_request() {
                            self.setup = Some(match &self.client_random {
                                Some(random) => Decryptor::new(random, &hello, keys),
                                None => Err(Failure::NoHellos),
                            });
                        }
                    }
                }
                Dir::Client => {}
            }
            return Ok(Plain::clear(content_type, body));
        }
        if content_type == APPLICATION_DATA {
            return Err(Failure::NoHellos);
        }
        Ok(Plain::clear(content_type, body))
    }

    /// The decryptor, once the ServerHello was read and the key log had the connection's secrets.
    pub fn decryptor(&self) -> Option<&Decryptor> {
        self.setup.as_ref()?.as_ref().ok()
    }

    /// Why decryption could not be set up, once the ServerHello was read.
    pub fn setup_failure(&self) -> Option<&Failure> {
        self.setup.as_ref()?.as_ref().err()
    }

    /// The ClientHello's random, once it was read.
    pub fn client_random(&self) -> Option<&[u8; 32]> {
        self.client_random.as_ref()
    }
}

#[cfg(test)]
mod tests;
