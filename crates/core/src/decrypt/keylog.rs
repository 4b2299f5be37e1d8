//! NSS key log files: the secrets a TLS client (curl, Firefox, Python's
//! `keylog_filename`, GnuTLS, OpenSSL's `SSLKEYLOGFILE`) writes, one per line,
//! as `LABEL <client random, hex> <secret, hex>`.
//!
//! The parse never fails as a whole: a line that cannot be used becomes a
//! [`KeyLogNote`] with its line number and what is wrong with it, and the
//! other lines are still read. Keys are found by the ClientHello's random.

use std::collections::HashMap;

/// Bytes of a ClientHello random.
pub const RANDOM_LEN: usize = 32;
/// Bytes of a TLS 1.2 master secret.
pub const MASTER_SECRET_LEN: usize = 48;

/// The labels of an NSS key log that name a secret of one connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    /// TLS 1.2 (and earlier): the 48-byte master secret.
    ClientRandom,
    ClientEarlyTrafficSecret,
    ClientHandshakeTrafficSecret,
    ServerHandshakeTrafficSecret,
    ClientTrafficSecret0,
    ServerTrafficSecret0,
    EarlyExporterSecret,
    ExporterSecret,
    /// A secret after a KeyUpdate, as OpenSSL 3.0 logs it (`CLIENT_TRAFFIC_SECRET_N`,
    /// with a literal N; `_1`, `_2`, ... are read the same). The decryptor
    /// derives these itself; they are kept, in order, to check it.
    ClientTrafficSecretN,
    ServerTrafficSecretN,
}

impl Label {
    pub const ALL: [Label; 10] = [
        Label::ClientRandom,
        Label::ClientEarlyTrafficSecret,
        Label::ClientHandshakeTrafficSecret,
        Label::ServerHandshakeTrafficSecret,
        Label::ClientTrafficSecret0,
        Label::ServerTrafficSecret0,
        Label::EarlyExporterSecret,
        Label::ExporterSecret,
        Label::ClientTrafficSecretN,
        Label::ServerTrafficSecretN,
    ];

    /// The label as it is written in a key log.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::ClientRandom => "CLIENT_RANDOM",
            Label::ClientEarlyTrafficSecret => "CLIENT_EARLY_TRAFFIC_SECRET",
            Label::ClientHandshakeTrafficSecret => "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            Label::ServerHandshakeTrafficSecret => "SERVER_HANDSHAKE_TRAFFIC_SECRET",
            Label::ClientTrafficSecret0 => "CLIENT_TRAFFIC_SECRET_0",
            Label::ServerTrafficSecret0 => "SERVER_TRAFFIC_SECRET_0",
            Label::EarlyExporterSecret => "EARLY_EXPORTER_SECRET",
            Label::ExporterSecret => "EXPORTER_SECRET",
            Label::ClientTrafficSecretN => "CLIENT_TRAFFIC_SECRET_N",
            Label::ServerTrafficSecretN => "SERVER_TRAFFIC_SECRET_N",
        }
    }

    pub fn parse(s: &str) -> Option<Label> {
        let numbered = |prefix: &str| {
            s.strip_prefix(prefix)
                .is_some_and(|n| n != "0" && !n.starts_with('0') && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        if numbered("CLIENT_TRAFFIC_SECRET_") {
            return Some(Label::ClientTrafficSecretN);
        }
        if numbered("SERVER_TRAFFIC_SECRET_") {
            return Some(Label::ServerTrafficSecretN);
        }
        Label::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The lengths a secret of this label may have: 48 bytes for a master
    /// secret, a hash's length (32 for SHA-256, 48 for SHA-384) for TLS 1.3.
    fn lengths(self) -> &'static [usize] {
        match self {
            Label::ClientRandom => &[MASTER_SECRET_LEN],
            _ => &[32, 48],
        }
    }
}

/// What is wrong with a line of a key log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyLogProblem {
    /// Not one of the labels above (for example `RSA`, which carries an
    /// encrypted pre-master secret rather than a secret of the session).
    UnknownLabel(String),
    /// Fewer than the three fields `LABEL RANDOM SECRET`.
    MissingField,
    /// More than three fields.
    ExtraField,
    /// The client random is not 64 hex digits.
    BadClientRandom,
    /// The secret is not an even number of hex digits.
    SecretNotHex,
    /// The secret has a length no secret of this label has.
    SecretLength { label: Label, bytes: usize },
    /// The line is not UTF-8 text.
    NotText,
    /// The same label for the same client random came before with another secret;
    /// the first one is kept.
    Conflict(Label),
}

/// A line of a key log that was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyLogNote {
    /// Line number, from 1.
    pub line: usize,
    pub problem: KeyLogProblem,
}

/// The secrets a key log holds for one client random.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Secrets {
    by_label: Vec<(Label, Vec<u8>)>,
    /// The `*_TRAFFIC_SECRET_N` lines of the client and of the server, in order.
    updates: [Vec<Vec<u8>>; 2],
}

impl Secrets {
    /// The secret of a label; for the `_N` labels, the first one.
    pub fn get(&self, label: Label) -> Option<&[u8]> {
        match label {
            Label::ClientTrafficSecretN => self.updates[0].first().map(Vec::as_slice),
            Label::ServerTrafficSecretN => self.updates[1].first().map(Vec::as_slice),
            _ => self.by_label.iter().find(|(l, _)| *l == label).map(|(_, s)| s.as_slice()),
        }
    }

    /// The secrets after each KeyUpdate that the key log gave for one side
    /// (`client`: true for the client's), in order.
    pub fn updates(&self, client: bool) -> &[Vec<u8>] {
        &self.updates[usize::from(!client)]
    }

    /// The labels present (not the `_N` ones), in the order they were read.
    pub fn labels(&self) -> impl Iterator<Item = Label> + '_ {
        self.by_label.iter().map(|(l, _)| *l)
    }
}

/// A parsed key log: secrets by client random, and notes on unused lines.
#[derive(Clone, Debug, Default)]
pub struct KeyLog {
    sessions: HashMap<[u8; RANDOM_LEN], Secrets>,
    pub notes: Vec<KeyLogNote>,
}

impl KeyLog {
    /// Reads a key log's text (any line ending).
    pub fn parse(text: &[u8]) -> KeyLog {
        let mut log = KeyLog::default();
        log.add(text);
        log
    }

    /// Adds the lines of another key log (a second file, or the key log of a
    /// pcapng decryption secrets block). Line numbers in new notes count
    /// from 1 in `text`.
    pub fn add(&mut self, text: &[u8]) {
        // A UTF-8 byte order mark, as some editors save text, is no part of the first line.
        let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
        for (i, raw) in text.split(|&b| b == b'\n').enumerate() {
            let line = i + 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            if let Err(problem) = self.add_line(raw) {
                self.notes.push(KeyLogNote { line, problem });
            }
        }
    }

    fn add_line(&mut self, raw: &[u8]) -> Result<(), KeyLogProblem> {
        let text = std::str::from_utf8(raw).map_err(|_| KeyLogProblem::NotText)?;
        let text = text.trim();
        if text.is_empty() || text.starts_with('#') {
            return Ok(());
        }
        let mut fields = text.split_ascii_whitespace();
        let label_text = fields.next().ok_or(KeyLogProblem::MissingField)?;
        let label = Label::parse(label_text).ok_or_else(|| KeyLogProblem::UnknownLabel(label_text.to_string()))?;
        let (Some(random), Some(secret)) = (fields.next(), fields.next()) else {
            return Err(KeyLogProblem::MissingField);
        };
        if fields.next().is_some() {
            return Err(KeyLogProblem::ExtraField);
        }
        let random: [u8; RANDOM_LEN] = hex(random).and_then(|r| r.try_into().ok()).ok_or(KeyLogProblem::BadClientRandom)?;
        let secret = hex(secret).ok_or(KeyLogProblem::SecretNotHex)?;
        if !label.lengths().contains(&secret.len()) {
            return Err(KeyLogProblem::SecretLength { label, bytes: secret.len() });
        }
        let entry = self.sessions.entry(random).or_default();
        match label {
            Label::ClientTrafficSecretN | Label::ServerTrafficSecretN => {
                entry.updates[usize::from(label == Label::ServerTrafficSecretN)].push(secret);
                return Ok(());
            }
            _ => {}
        }
        match entry.get(label) {
            Some(old) if old == secret.as_slice() => Ok(()),
            Some(_) => Err(KeyLogProblem::Conflict(label)),
            None => {
                entry.by_label.push((label, secret));
                Ok(())
            }
        }
    }

    /// The secrets for the connection whose ClientHello had this random.
    pub fn get(&self, client_random: &[u8; RANDOM_LEN]) -> Option<&Secrets> {
        self.sessions.get(client_random)
    }

    /// How many client randoms have secrets.
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}

/// Hex digits (either case) to bytes; None for an odd count or a non-digit.
fn hex(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    b.chunks_exact(2).map(|p| Some(digit(p[0])? << 4 | digit(p[1])?)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const R1: &str = "0101010101010101010101010101010101010101010101010101010101010101";
    const R2: &str = "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB";

    fn ms(byte: u8) -> String {
        format!("{byte:02x}").repeat(48)
    }

    #[test]
    fn reads_tls12_and_tls13_labels_comments_blank_lines_and_crlf() {
        let text = format!(
            "# SSL/TLS secrets log file, generated by NSS\r\n\r\nCLIENT_RANDOM {R1} {}\r\n\
             SERVER_HANDSHAKE_TRAFFIC_SECRET {R2} {}\nCLIENT_HANDSHAKE_TRAFFIC_SECRET {R2} {}\n\
             EXPORTER_SECRET {R2} {}\nEARLY_EXPORTER_SECRET {R2} {}\nCLIENT_EARLY_TRAFFIC_SECRET {R2} {}\n\
             SERVER_TRAFFIC_SECRET_0 {R2} {}\nCLIENT_TRAFFIC_SECRET_0 {R2} {}\n",
            ms(0xaa),
            "11".repeat(32),
            "22".repeat(32),
            "33".repeat(32),
            "44".repeat(32),
            "55".repeat(32),
            "66".repeat(48),
            "77".repeat(48)
        );
        let log = KeyLog::parse(text.as_bytes());
        assert_eq!(log.notes, vec![]);
        assert_eq!(log.len(), 2);
        let s1 = log.get(&[1; 32]).unwrap();
        assert_eq!(s1.get(Label::ClientRandom), Some(&[0xaa; 48][..]));
        let s2 = log.get(&[0xab; 32]).unwrap();
        assert_eq!(s2.get(Label::ServerHandshakeTrafficSecret), Some(&[0x11; 32][..]));
        assert_eq!(s2.get(Label::ClientHandshakeTrafficSecret), Some(&[0x22; 32][..]));
        assert_eq!(s2.get(Label::ServerTrafficSecret0), Some(&[0x66; 48][..]));
        assert_eq!(s2.get(Label::ClientTrafficSecret0), Some(&[0x77; 48][..]));
        assert_eq!(s2.get(Label::ClientRandom), None);
        assert_eq!(s2.labels().count(), 7);
        assert!(s2.updates(true).is_empty());
        assert!(log.get(&[2; 32]).is_none());
    }

    #[test]
    fn malformed_lines_are_noted_with_their_number_and_the_rest_is_read() {
        let text = format!(
            "CLIENT_RANDOM {R1}\n\
             RSA 0102030405060708 {}\n\
             CLIENT_RANDOM 0101 {}\n\
             CLIENT_RANDOM {R1} {}zz\n\
             CLIENT_RANDOM {R1} {}\n\
             CLIENT_TRAFFIC_SECRET_0 {R1} {}\n\
             CLIENT_RANDOM {R1} {} extra\n\
             CLIENT_RANDOM {R2} {}\n\
             CLIENT_RANDOM {R2} {}\n\
             CLIENT_RANDOM {R2} {}\n",
            ms(1),
            ms(1),
            ms(1),
            "ab".repeat(47),
            "ab".repeat(20),
            ms(1),
            ms(2),
            ms(2),
            ms(3),
        );
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"CLIENT_RANDOM \xff\xfe\n");
        let log = KeyLog::parse(&bytes);
        let got: Vec<(usize, KeyLogProblem)> = log.notes.iter().map(|n| (n.line, n.problem.clone())).collect();
        assert_eq!(
            got,
            vec![
                (1, KeyLogProblem::MissingField),
                (2, KeyLogProblem::UnknownLabel("RSA".into())),
                (3, KeyLogProblem::BadClientRandom),
                (4, KeyLogProblem::SecretNotHex),
                (5, KeyLogProblem::SecretLength { label: Label::ClientRandom, bytes: 47 }),
                (6, KeyLogProblem::SecretLength { label: Label::ClientTrafficSecret0, bytes: 20 }),
                (7, KeyLogProblem::ExtraField),
                (10, KeyLogProblem::Conflict(Label::ClientRandom)),
                (11, KeyLogProblem::NotText),
            ]
        );
        // Line 8 was read; line 9 repeats it (no note); line 10's other secret lost.
        assert_eq!(log.len(), 1);
        assert_eq!(log.get(&[0xab; 32]).unwrap().get(Label::ClientRandom), Some(&[2; 48][..]));
    }

    #[test]
    fn secrets_after_key_updates_are_kept_in_order() {
        let text = format!(
            "CLIENT_TRAFFIC_SECRET_N {R1} {a}\nSERVER_TRAFFIC_SECRET_N {R1} {b}\nCLIENT_TRAFFIC_SECRET_N {R1} {c}\n\
             CLIENT_TRAFFIC_SECRET_2 {R1} {a}\nCLIENT_TRAFFIC_SECRET_01 {R1} {a}\nSERVER_TRAFFIC_SECRET_ {R1} {a}\n",
            a = "0a".repeat(32),
            b = "0b".repeat(32),
            c = "0c".repeat(32)
        );
        let log = KeyLog::parse(text.as_bytes());
        let s = log.get(&[1; 32]).unwrap();
        assert_eq!(s.updates(true), &[vec![0x0a; 32], vec![0x0c; 32], vec![0x0a; 32]]);
        assert_eq!(s.updates(false), &[vec![0x0b; 32]]);
        assert_eq!(s.get(Label::ClientTrafficSecretN), Some(&[0x0a; 32][..]));
        let got: Vec<usize> = log.notes.iter().map(|n| n.line).collect();
        assert_eq!(got, vec![5, 6], "{:?}", log.notes);
    }

    #[test]
    fn a_byte_order_mark_and_tabs_do_not_hide_the_first_line() {
        let text = format!("\u{feff}CLIENT_RANDOM\t{R1}\t{}\r\n", ms(5));
        let log = KeyLog::parse(text.as_bytes());
        assert_eq!(log.notes, vec![]);
        assert_eq!(log.get(&[1; 32]).unwrap().get(Label::ClientRandom), Some(&[5; 48][..]));
    }

    #[test]
    fn add_merges_a_second_log_and_numbers_its_lines_afresh() {
        let mut log = KeyLog::parse(format!("CLIENT_RANDOM {R1} {}\n", ms(9)).as_bytes());
        log.add(format!("\nbogus\nCLIENT_RANDOM {R2} {}", ms(8)).as_bytes());
        assert_eq!(log.notes, vec![KeyLogNote { line: 2, problem: KeyLogProblem::UnknownLabel("bogus".into()) }]);
        assert_eq!(log.len(), 2);
        assert!(KeyLog::parse(b"").is_empty());
    }
}
