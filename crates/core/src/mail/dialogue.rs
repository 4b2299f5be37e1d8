//! The dialogue kit: what the mail sessions (SMTP and its LMTP dialect,
//! POP3, IMAP) share above the framing, so each protocol file keeps only its
//! own grammar and states.
//!
//! - the command word: [`split_word`], [`atom`], [`command_word`];
//! - a command Postscope does not know, explained by the server's answer
//!   ([`unknown_command`]), and a STARTTLS/STLS agreement whose handshake only
//!   the rest of the conversation shows ([`no_tls_followed`]);
//! - a login ([`Login`]): the SASL exchange in progress, the credential a
//!   command or an answer revealed (recorded after its line), the record it
//!   goes to, and the server's verdict on it;
//! - content lines: a message's headers, blank line and body as they cross
//!   the wire ([`ContentLines`]), and a run of counted bytes cut into such
//!   lines ([`ContentRun`]: a BDAT chunk, an IMAP literal); the first
//!   [`MAX_CONTENT_LINES`] of a message are items, the rest one item that
//!   counts them.
//!
//! The queue of commands waiting for their replies stays with each protocol:
//! SMTP and POP3 answer in order (a `VecDeque`, SMTP's with LMTP's one reply
//! per recipient), IMAP by tag (a map); what they share is that the reply's
//! last line names the command's line ([`Out::answers`]).

use super::framer::MAX_LINE;
use super::sasl::{self, Learnt, Sasl, Step};
use super::{Out, Span};
use crate::explain::{self, Arg, Explain, Piece};
use crate::model::{Dir, LineKind, Protocol};

/// True when `word` is made of letters, digits, dashes and underscores
/// only (IMAP's test for a command name, after its tag).
pub fn atom(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// True when the first word of a client line can be a command name: readable
/// letters, digits and dashes, not binary bytes or a stray TLS record.
pub fn command_word(word: &str) -> bool {
    atom(word) && word.len() <= 20
}

/// A command the catalogue does not know (`key`: the protocol's "unknown" or
/// "vendor" entry): what the server made of it is in its answer, told from
/// the conversation when the command's line number is known.
pub fn unknown_command(key: &str, verb: &str, line: Option<u32>) -> Explain {
    let answer = line.map_or(Arg::from(""), |line| Arg::Answer { line });
    explain::with(&[key], vec![verb.into(), answer])
}

/// The server agreed to start TLS (STARTTLS, STLS): whether a handshake
/// followed only the rest of the conversation tells.
pub fn no_tls_followed() -> Explain {
    Explain::of(Piece::NoTlsFollowed { key: "tls.never_started" })
}

/// A login: the SASL exchange in progress, the credential it (or a USER,
/// PASS, APOP or LOGIN command) revealed, and the record the server's
/// verdict goes to.
#[derive(Debug, Default)]
pub struct Login {
    /// The SASL exchange in progress (after AUTH or AUTHENTICATE).
    pub sasl: Option<Sasl>,
    /// Where the credential of this login is in the items.
    cred: Option<usize>,
    /// A credential to record once the command's line is out.
    pending: Option<(String, Learnt)>,
}

impl Login {
    /// A new login starts: what it reveals is a new credential record.
    pub fn fresh(&mut self) {
        self.cred = None;
    }

    /// A credential the command being read revealed, recorded by [`Login::flush`] after its line.
    pub fn pending(&mut self, mechanism: &str, learnt: Learnt) {
        self.pending = Some((mechanism.to_string(), learnt));
    }

    /// Starts a SASL exchange with `mechanism` carried by `protocol`, with
    /// the initial response sent on the command line, if any. Returns the
    /// mechanism as named (upper case) and the initial response's step.
    pub fn begin(&mut self, mechanism: &str, protocol: Protocol, initial: &str) -> (String, Option<Step>) {
        let mut sasl = Sasl::in_protocol(mechanism, protocol);
        let step = (!initial.is_empty()).then(|| sasl.initial(initial));
        let mechanism = sasl.mechanism.clone();
        self.fresh();
        self.pending(&mechanism, sasl.learnt.clone());
        self.sasl = Some(sasl);
        (mechanism, step)
    }

    /// Records the pending credential, after the line that revealed it.
    pub fn flush(&mut self, frame: u32, out: &mut Out<'_>) {
        if let Some((mechanism, learnt)) = self.pending.take() {
            out.credential(&mut self.cred, frame, &mechanism, &learnt);
        }
    }

    /// Whether the client line `text` is a command (`known` names them) and
    /// not login data: the exchange is complete, or the line is not Base64.
    /// The server's verdict may come late in the capture, or not at all.
    pub fn moved_on(&self, text: &str, known: &[&str]) -> bool {
        let word = split_word(text).0.to_ascii_uppercase();
        // A Base64 line during an unfinished exchange is login data, as the server
        // reads it (even "QUIT", which decodes); anything else ends the exchange.
        // (A line with a space is never Base64, so "MAIL FROM:<a>" always ends it.)
        let done = self.sasl.as_ref().is_none_or(|s| s.complete()) || sasl::decode_b64(text).is_none();
        done && known.contains(&word.as_str())
    }

    /// A client line of the exchange: shown decoded, and what it revealed recorded.
    pub fn answer(&mut self, bytes: &[u8], frame: u32, out: &mut Out<'_>) {
        let text = crate::mail::lossy(bytes).into_owned();
        // (Only SMTP reads SASL lines with no exchange known: AUTH's line is the one it started with.)
        let sasl = self.sasl.get_or_insert_with(|| Sasl::new("UNKNOWN"));
        let step = sasl.client(&text);
        out.line(Dir::Client, frame, LineKind::Sasl, None, bytes, step.explain, step.decoded);
        out.credential(&mut self.cred, frame, &sasl.mechanism, &sasl.learnt);
    }

    /// A server challenge or prompt of the exchange in progress, if there is one.
    pub fn challenge(&mut self, text: &str) -> Option<Step> {
        self.sasl.as_mut().map(|s| s.server(text))
    }

    /// The exchange is over (the server's final reply, or a command instead).
    pub fn end(&mut self) {
        self.sasl = None;
    }

    /// The server accepted the login, or refused it.
    pub fn verdict(&mut self, accepted: bool, out: &mut Out<'_>) {
        out.verdict(&mut self.cred, accepted);
    }
}

/// A run of counted message bytes (a BDAT chunk, an IMAP literal) cut into
/// content lines, its unfinished last line kept for the next run.
#[derive(Debug, Default)]
pub struct ContentRun {
    pub partial: Vec<u8>,
    /// The frame of the unfinished line's first byte.
    pub frame: u32,
    pub lines: ContentLines,
}

impl ContentRun {
    /// Emits the content lines that `bytes` completes.
    pub fn bytes(&mut self, bytes: &[u8], frame: u32, dir: Dir, out: &mut Out<'_>) {
        content_bytes(&mut self.partial, &mut self.frame, bytes, frame, dir, &mut self.lines, out);
    }

    /// Emits the unfinished last line, if any.
    pub fn flush(&mut self, dir: Dir, out: &mut Out<'_>) {
        content_flush(&mut self.partial, self.frame, dir, &mut self.lines, out);
    }
}

/// Splits `verb rest` at the first space.
pub fn split_word(text: &str) -> (&str, &str) {
    match text.find(' ') {
        Some(i) => (&text[..i], text[i + 1..].trim_start()),
        None => (text, ""),
    }
}

/// How many content lines of one message (or multi-line response) are kept
/// as items, one each, with at most [`MAX_CONTENT_BYTES`] of text: the lines
/// after them are counted on one item ([`Out::elided`]), so that a message of
/// a million lines costs one item, not a million, while the message record
/// still has all of it (up to its 32 MiB). The longest message in the
/// fixtures, the lab recordings and the public corpus (December 2026) has
/// 100,004 lines (zeek's `mime-header-size-limit.pcap.gz`, 400 KB; then
/// 14,623 in suricata-verify's `1flowB.pcap`), so none of them changes.
pub const MAX_CONTENT_LINES: u64 = 120_000;

/// At most this many bytes of a message's lines are kept as items (lines of
/// 64 KiB each would otherwise be 7 GB before [`MAX_CONTENT_LINES`]); the
/// largest message of the corpus is 1 MB.
pub const MAX_CONTENT_BYTES: u64 = 16 << 20;

/// Explains one line of a message (headers, blank line, body) as it crosses the wire.
#[derive(Debug, Default)]
pub struct ContentLines {
    in_body: bool,
    /// The header the next folded line continues.
    header: Option<String>,
    /// Encoded words (RFC 2047) of the last line, decoded, for the line's `decoded`.
    decoded: Option<String>,
    /// For a message sent over SMTP: whether its MAIL FROM announced SMTPUTF8
    /// (RFC 6531), which alone lets raw UTF-8 into its headers; `None` when
    /// the message is read from a mailbox (POP3, IMAP), where the capture
    /// does not show how it arrived.
    pub smtputf8: Option<bool>,
    /// The frames that carried the unfinished line of a run of counted bytes.
    partial_spans: Vec<Span>,
    /// Lines of this message kept as items so far, and their bytes.
    count: u64,
    bytes: u64,
    /// The item that counts its lines past the first [`MAX_CONTENT_LINES`].
    elided: Option<usize>,
    /// A line of a run of counted bytes was longer than [`MAX_LINE`]: the
    /// bytes up to its end are counted on its item (`long`), not kept.
    in_long: bool,
    long: Option<usize>,
}

impl ContentLines {
    pub fn reset(&mut self) {
        self.in_body = false;
        self.header = None;
        self.decoded = None;
        self.count = 0;
        self.bytes = 0;
        self.elided = None;
        self.in_long = false;
        self.long = None;
    }

    /// Counts a content line of `bytes` bytes (its line end included): true
    /// when the message has had its first [`MAX_CONTENT_LINES`] lines (or
    /// [`MAX_CONTENT_BYTES`]) as items already, and this one was counted on
    /// the item for the rest instead. `listing` when the lines are a
    /// multi-line response's (POP3 LIST), not a message's.
    pub fn elide(&mut self, dir: Dir, frame: u32, bytes: u64, listing: bool, out: &mut Out<'_>) -> bool {
        if self.elided.is_none() && self.count < MAX_CONTENT_LINES && self.bytes + bytes <= MAX_CONTENT_BYTES {
            self.count += 1;
            self.bytes += bytes;
            return false;
        }
        out.elided(&mut self.elided, dir, frame, bytes, listing);
        true
    }

    /// The decoded encoded words of the line just explained, if it had any.
    pub fn take_decoded(&mut self) -> Option<String> {
        self.decoded.take()
    }

    pub fn explain(&mut self, line: &[u8]) -> Explain {
        self.decoded = None;
        if self.in_body {
            return Explain::none();
        }
        if line.is_empty() {
            self.in_body = true;
            return explain::text(&["smtp.data.blank"], &[]);
        }
        let text = crate::mail::lossy(line);
        if line[0] == b' ' || line[0] == b'\t' {
            // A folded line continues the header above it (RFC 5322 §2.2.3).
            self.decoded = encoded_words(text.trim_start());
            return match &self.header {
                Some(name) => explain::text(&["header.continued"], &[name]),
                None => Explain::none(),
            };
        }
        match text.split_once(':') {
            Some((name, value)) if !name.is_empty() && !name.contains(' ') => {
                self.header = Some(name.to_string());
                self.decoded = encoded_words(value.trim_start());
                let key = format!("header.{}", name.to_ascii_lowercase());
                // A header whose value names one of a few meanings (Content-Transfer-Encoding: base64).
                let token = value.trim().split([' ', ';']).next().unwrap_or("").to_ascii_lowercase();
                let by_value = format!("{key}.{token}");
                let base = explain::text(&[&by_value, &key, "smtp.data.header"], &[name]);
                // Raw UTF-8 in a header is RFC 6532's, which only SMTPUTF8 carries over SMTP (RFC 6531 §3.4).
                let raw = if value.is_ascii() {
                    Explain::none()
                } else {
                    let key = match self.smtputf8 {
                        Some(true) => "header.utf8.smtputf8",
                        Some(false) => "header.utf8.without_smtputf8",
                        None => "header.utf8",
                    };
                    explain::text(&[key], &[])
                };
                explain::join([base, raw])
            }
            _ => Explain::none(),
        }
    }
}

/// A header value's encoded words (`=?charset?B?...?=`, RFC 2047) decoded by
/// mail-parser, when the value has any.
fn encoded_words(value: &str) -> Option<String> {
    if !(value.contains("=?") && value.contains("?=")) {
        return None;
    }
    let mut raw = b"Subject: ".to_vec();
    raw.extend_from_slice(value.as_bytes());
    raw.extend_from_slice(b"\r\n\r\n");
    let decoded = mail_parser::MessageParser::new().parse(&raw)?.subject()?.to_string();
    (decoded != value).then_some(decoded)
}

/// Emits content lines for a run of bytes (a literal, a BDAT chunk), keeping
/// an unfinished last line for the next run.
fn content_bytes(
    partial: &mut Vec<u8>,
    partial_frame: &mut u32,
    bytes: &[u8],
    frame: u32,
    dir: Dir,
    lines: &mut ContentLines,
    out: &mut Out<'_>,
) {
    let unit = std::mem::take(&mut out.unit);
    // Lines only counted name no frames: their spans are not worked out.
    let spans = out.counted.is_none();
    let mut at = 0;
    for piece in bytes.split_inclusive(|&b| b == b'\n') {
        if lines.in_long {
            long_more(piece, frame, dir, lines, out);
            at += piece.len();
            continue;
        }
        if partial.is_empty() {
            *partial_frame = frame;
            lines.partial_spans.clear();
        }
        // A line is kept up to MAX_LINE bytes (as the framer keeps one): the rest of it is counted.
        let keep = piece.len().min(MAX_LINE - partial.len());
        let cut = partial.len() + piece.len() > MAX_LINE;
        let piece_kept = if cut { &piece[..keep] } else { piece };
        partial.extend_from_slice(piece_kept);
        if spans {
            add_spans(&mut lines.partial_spans, &sub_spans(&unit, at, at + piece_kept.len()));
        }
        at += piece.len();
        if cut {
            out.line_spans = Some(std::mem::take(&mut lines.partial_spans));
            let line = std::mem::take(partial);
            content_line(&line, line.len() as u64, *partial_frame, dir, true, lines, out);
            lines.in_long = true;
            lines.long = None;
            long_more(&piece[keep..], frame, dir, lines, out);
        } else if partial.ends_with(b"\n") {
            out.line_spans = Some(std::mem::take(&mut lines.partial_spans));
            // The buffer is kept for the next line.
            let wire = partial.len();
            let line = &partial[..wire - if partial.ends_with(b"\r\n") { 2 } else { 1 }];
            content_line(line, wire as u64, *partial_frame, dir, false, lines, out);
            partial.clear();
        }
    }
}

/// A content line of a run of counted bytes (`wire`: its bytes with its line
/// end), an item unless it is one of a message's lines past the first ones;
/// `cut` when it is the first [`MAX_LINE`] bytes of a longer one.
fn content_line(line: &[u8], wire: u64, frame: u32, dir: Dir, cut: bool, lines: &mut ContentLines, out: &mut Out<'_>) {
    if lines.elide(dir, frame, wire, false, out) {
        return;
    }
    // Counted bytes: a lone dot is text here, not the end of the message.
    let explain = if line == b"." { explain::text(&["data.lone_dot"], &[]) } else { lines.explain(line) };
    let decoded = lines.take_decoded();
    out.cut = cut;
    out.line(dir, frame, LineKind::Content, None, line, explain, decoded);
}

/// More of a line of counted bytes longer than [`MAX_LINE`] (`piece`: up to
/// and with its line end, if it has one), counted on its item.
fn long_more(piece: &[u8], frame: u32, dir: Dir, lines: &mut ContentLines, out: &mut Out<'_>) {
    let end = piece.ends_with(b"\n");
    let eol = if piece.ends_with(b"\r\n") { 2 } else { usize::from(end) };
    out.more(dir, &mut lines.long, (piece.len() - eol) as u64, frame, end, eol as u64);
    if end {
        lines.in_long = false;
        lines.long = None;
    }
}

/// Flushes the unfinished last line of a run of content bytes.
fn content_flush(partial: &mut Vec<u8>, frame: u32, dir: Dir, lines: &mut ContentLines, out: &mut Out<'_>) {
    // A long line the run ended in ends here, without a line end.
    lines.in_long = false;
    lines.long = None;
    if !partial.is_empty() {
        let line = std::mem::take(partial);
        out.line_spans = Some(std::mem::take(&mut lines.partial_spans));
        if lines.elide(dir, frame, line.len() as u64, false, out) {
            return;
        }
        let explain = lines.explain(&line);
        let decoded = lines.take_decoded();
        out.line(dir, frame, LineKind::Content, None, &line, explain, decoded);
    }
}

/// The spans of bytes `from..to` of a unit carried by `spans`. Spans of
/// decrypted bytes have no length to count by: all of them are kept.
fn sub_spans(spans: &[Span], from: usize, to: usize) -> Vec<Span> {
    if spans.iter().any(|s| s.bytes.is_none()) {
        return spans.to_vec();
    }
    let mut out = Vec::new();
    let mut pos = 0usize;
    for s in spans {
        let Some((a, b)) = s.bytes else { continue };
        let len = (b - a) as usize;
        let (lo, hi) = (from.max(pos), to.min(pos + len));
        if lo < hi {
            out.push(Span { frame: s.frame, bytes: Some((a + (lo - pos) as u32, a + (hi - pos) as u32)) });
        }
        pos += len;
    }
    out
}

/// Appends `more` to `spans`, joining a span that continues the last one.
fn add_spans(spans: &mut Vec<Span>, more: &[Span]) {
    for &m in more {
        match spans.last_mut() {
            Some(last) if last.frame == m.frame && last.bytes.is_none() && m.bytes.is_none() => {}
            Some(last) if last.frame == m.frame && matches!((last.bytes, m.bytes), (Some((_, e)), Some((s, _))) if e == s) => {
                last.bytes = last.bytes.zip(m.bytes).map(|(a, b)| (a.0, b.1));
            }
            _ => spans.push(m),
        }
    }
}
