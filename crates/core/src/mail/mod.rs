//! The mail protocols: each turns a connection's two byte streams into
//! explained lines. SMTP (with LMTP), POP3 and IMAP share the framing
//! ([`framer`]), the SASL decoding ([`sasl`]), the TLS reading ([`tls`]), the
//! output helper [`Out`] and the dialogue kit ([`dialogue`]: command words,
//! logins, content lines); each protocol module holds only its own grammar
//! and dialogue state.
//!
//! A session is fed in the order bytes were delivered by TCP reassembly,
//! both directions interleaved, so a reply is seen after the command it
//! answers and can be explained in its context.

pub mod dialogue;
pub mod framer;
pub mod imap;
pub mod inside;
pub mod lmtp;
pub mod pop3;
pub mod sasl;
pub mod smtp;
pub mod tls;
pub mod tls_only;

use crate::explain::{self, Explain};
use crate::model::{Credential, Dir, Elided, Gap, Item, Line, LineCounts, LineKind, LongLine, Protocol, Span};
use framer::{Framer, Unit, Want};
use std::borrow::Cow;

/// Bytes of the capture as text, bytes that are not UTF-8 shown as U+FFFD:
/// `String::from_utf8_lossy`, with the standard library's fast check of
/// valid UTF-8 first (a line is nearly always ASCII; the lossy walk is
/// several times slower on it).
pub(crate) fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Where a session writes what it finds.
pub struct Out<'a> {
    pub stream: u32,
    pub protocol: Protocol,
    pub items: &'a mut Vec<Item>,
    /// Frame from which the stream is encrypted.
    pub tls_from: &'a mut Option<u32>,
    /// Lines of the stream so far (the next line's number).
    pub lines: &'a mut u32,
    /// The key material, when there is a key log (the user's, or the capture's own).
    pub keys: Option<&'a mut inside::Keys>,
    /// Which directions (client, server) are read from decrypted TLS records now.
    pub decrypted: &'a mut [bool; 2],
    /// The gap being handed to the session is the end of a frame the capture tool cut (its snapshot length).
    pub snaplen: bool,
    /// The line being added is the unfinished rest of a direction, at a gap or at the end of the capture.
    pub partial: bool,
    /// The frames that carried the unit [`Io`] handed out last: a line made
    /// of it names them.
    pub unit: Vec<Span>,
    /// The frames of the next line, when it is not the whole unit (a line
    /// of a literal, cut from a run of counted bytes).
    pub line_spans: Option<Vec<Span>>,
    /// The line being added is the first [`framer::MAX_LINE`] bytes of a
    /// longer one: the rest is counted on its item ([`Out::more`]).
    pub cut: bool,
    /// When the sink wants no line items ([`crate::Sink::wants_lines`]):
    /// lines are counted here instead of kept.
    pub counted: Option<&'a mut LineCounts>,
    /// Whether message records are read whole ([`crate::Sink::wants_message_contents`]).
    pub message_contents: bool,
}

impl Out<'_> {
    /// Adds a line; returns its number in the stream.
    #[allow(clippy::too_many_arguments)]
    pub fn line(
        &mut self,
        dir: Dir,
        frame: u32,
        kind: LineKind,
        verb: Option<String>,
        text: &[u8],
        explain: Explain,
        decoded: Option<String>,
    ) -> u32 {
        let number = *self.lines;
        *self.lines += 1;
        if let Some(c) = self.counted.as_deref_mut() {
            c.count(kind, 1, self.decrypted[dir.index()], self.items.len());
            self.partial = false;
            self.cut = false;
            self.line_spans = None;
            return number;
        }
        // A line whose end is missing is shown as far as it goes, never as a whole line.
        let explain = if std::mem::take(&mut self.partial) { explain.after(explain::text(&["line.partial"], &[])) } else { explain };
        let decrypted = self.decrypted[dir.index()];
        let explain = if decrypted { explain.then(explain::text(&["tls.decrypted"], &[])) } else { explain };
        let frames = self.line_spans.take().unwrap_or_else(|| self.unit.clone());
        let long = std::mem::take(&mut self.cut).then(|| Box::new(LongLine { bytes: text.len() as u64, last_frame: frame, ended: false }));
        let explain = match &long {
            Some(long) => explain.then(long_explain(self.protocol, kind, long)),
            None => explain,
        };
        self.items.push(Item::Line(Line {
            stream: self.stream,
            dir,
            frame,
            protocol: self.protocol,
            kind,
            verb,
            text: lossy(text).into_owned(),
            explain,
            number,
            answers: None,
            decoded,
            decrypted,
            frames,
            long,
            elided: None,
        }));
        number
    }

    /// A content line of a message beyond the first
    /// [`MAX_CONTENT_LINES`](dialogue::MAX_CONTENT_LINES): counted on the one
    /// item that stands for them (`slot`, made at the first), not kept as an
    /// item of its own. `bytes` counts its line end; `listing` when the lines
    /// are a multi-line response's, not a message's.
    pub fn elided(&mut self, slot: &mut Option<usize>, dir: Dir, frame: u32, bytes: u64, listing: bool) {
        // What was said of the line it would have been is for this one item now.
        self.partial = false;
        self.cut = false;
        let spans = self.line_spans.take();
        if let Some(c) = self.counted.as_deref_mut() {
            c.count(LineKind::Content, 1, self.decrypted[dir.index()], self.items.len());
            *self.lines += u32::from(slot.is_none());
            *slot = Some(usize::MAX);
            return;
        }
        if let Some(Item::Line(l)) = slot.and_then(|i| self.items.get_mut(i)) {
            if let Some(e) = &mut l.elided {
                e.lines += 1;
                e.bytes += bytes;
                e.last_frame = e.last_frame.max(frame);
                l.explain = elided_explain(e, listing, l.decrypted);
                return;
            }
        }
        let decrypted = self.decrypted[dir.index()];
        let e = Elided { lines: 1, bytes, first_frame: frame, last_frame: frame };
        let number = *self.lines;
        *self.lines += 1;
        self.items.push(Item::Line(Line {
            stream: self.stream,
            dir,
            frame,
            protocol: self.protocol,
            kind: LineKind::Content,
            verb: None,
            text: String::new(),
            explain: elided_explain(&e, listing, decrypted),
            number,
            answers: None,
            decoded: None,
            decrypted,
            // The frames of the first line it stands for (the others are named by number).
            frames: spans.unwrap_or_else(|| self.unit.clone()),
            long: None,
            elided: Some(Box::new(e)),
        }));
        *slot = Some(self.items.len() - 1);
    }

    /// More of the long line of `dir` ([`framer::Unit::More`]): `bytes`
    /// bytes, and its line end of `eol` bytes when `end`. Counted on the
    /// line's item, or on the item for a message's lines past the first ones
    /// when the line was one of them; `slot` remembers which item.
    pub fn more(&mut self, dir: Dir, slot: &mut Option<usize>, bytes: u64, frame: u32, end: bool, eol: u64) {
        if slot.is_none() {
            // The item the cut line went into: the last line of its direction.
            let last = self.items.iter().rposition(|i| matches!(i, Item::Line(l) if l.dir == dir));
            *slot = last
                .filter(|&i| matches!(&self.items[i], Item::Line(l) if l.elided.is_some() || l.long.as_ref().is_some_and(|g| !g.ended)));
        }
        let protocol = self.protocol;
        let Some(Item::Line(l)) = slot.and_then(|i| self.items.get_mut(i)) else { return };
        if let Some(e) = &mut l.elided {
            e.bytes += bytes + if end { eol } else { 0 };
            e.last_frame = e.last_frame.max(frame);
            let listing = l.explain.has("lines.elided");
            l.explain = elided_explain(e, listing, l.decrypted);
        } else if let Some(g) = &mut l.long {
            g.bytes += bytes;
            g.last_frame = g.last_frame.max(frame);
            g.ended = end;
            let explain = std::mem::take(&mut l.explain).without("line.long");
            l.explain = explain.then(long_explain(protocol, l.kind, g));
        }
        if end {
            *slot = None;
        }
    }

    /// The last item, unless a line was counted after it
    /// ([`crate::Sink::wants_lines`]): where it would be, were lines kept
    /// (a run of TLS records is one item only when no line comes between).
    pub fn last_item_mut(&mut self) -> Option<&mut Item> {
        if self.counted.as_ref().is_some_and(|c| c.after == Some(self.items.len())) {
            return None;
        }
        self.items.last_mut()
    }

    /// Whether a line came between item `i` and the one after it, when lines are counted, not kept.
    pub fn line_after(&self, i: usize) -> bool {
        self.counted.as_ref().is_some_and(|c| c.after == Some(i + 1))
    }

    /// Marks the line just added as the reply that completes the command on line `command`.
    pub fn answers(&mut self, command: Option<u32>) {
        if let Some(Item::Line(l)) = self.items.last_mut() {
            l.answers = command;
        }
    }

    pub fn gap(&mut self, dir: Dir, frame: u32, bytes: u64) {
        // Bytes the capture tool cut off a frame are not the network's loss (RFC-less, but pcap's caplen < len).
        let snaplen = std::mem::take(&mut self.snaplen);
        let key = if snaplen { "tcp.gap.cut" } else { "tcp.gap" };
        let explain = explain::text(&[key], &[&bytes.to_string()]);
        self.items.push(Item::Gap(Gap { stream: self.stream, dir, frame, bytes, snaplen, explain }));
    }

    /// Adds or updates the credential at `slot` with what a login exchange revealed.
    pub fn credential(&mut self, slot: &mut Option<usize>, frame: u32, mechanism: &str, learnt: &sasl::Learnt) {
        if learnt.is_empty() {
            return;
        }
        // Login data comes from the client.
        let decrypted = self.decrypted[Dir::Client.index()];
        let explain = credential_explain(self.protocol, mechanism, decrypted);
        let cred = Credential {
            stream: self.stream,
            frame,
            protocol: self.protocol,
            mechanism: mechanism.to_string(),
            username: learnt.username.clone(),
            password: learnt.password.clone(),
            secret: learnt.secret.clone(),
            accepted: None,
            decrypted,
            explain,
        };
        match slot.and_then(|i| self.items.get_mut(i)) {
            Some(Item::Credential(c)) => {
                // The record moves to the frame that completed it, so it follows the line that revealed the rest.
                c.frame = c.frame.max(frame);
                c.username = cred.username;
                c.password = cred.password;
                c.secret = cred.secret;
            }
            _ => {
                self.items.push(Item::Credential(Box::new(cred)));
                *slot = Some(self.items.len() - 1);
            }
        }
    }

    /// Records whether the server accepted the credential at `slot`.
    pub fn verdict(&mut self, slot: &mut Option<usize>, accepted: bool) {
        if let Some(Item::Credential(c)) = slot.take().and_then(|i| self.items.get_mut(i)) {
            c.accepted = Some(accepted);
        }
    }

    /// Adds the record of a message that crossed the wire; `ended_early` when
    /// its end was never seen (the capture or the connection ended first).
    /// A transfer that ended early with no byte seen and no size announced
    /// leaves nothing to show and is not recorded.
    pub fn message(&mut self, collector: crate::message::Collector, ended_early: bool) {
        let mut m = collector.finish_as(self.stream, self.protocol, ended_early, self.message_contents);
        m.decrypted = self.decrypted[m.dir.index()];
        if ended_early && m.size == 0 && m.missing_bytes == 0 {
            return;
        }
        self.items.push(Item::Message(Box::new(m)));
    }

    /// Marks the stream encrypted from `frame`.
    pub fn tls_starts(&mut self, frame: u32) {
        if self.tls_from.is_none() {
            *self.tls_from = Some(frame);
        }
    }
}

/// What a line longer than [`framer::MAX_LINE`] is: how long, and that
/// only its start is kept; then the limit its protocol sets on such a line,
/// which it breaks.
fn long_explain(protocol: Protocol, kind: LineKind, long: &LongLine) -> Explain {
    let key = if long.ended { "line.long" } else { "line.long.unended" };
    let sizes = explain::text(&[key], &[&long.bytes.to_string(), &framer::MAX_LINE.to_string(), &long.last_frame.to_string()]);
    let (p, k) = (protocol.name(), kind_name(kind));
    let limit = explain::text(&[&format!("line.long.{p}.{k}"), &format!("line.long.{k}"), &format!("line.long.{p}")], &[]);
    sizes.then(limit)
}

/// A line kind as the catalogue's keys name it.
fn kind_name(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Command => "command",
        LineKind::Reply => "reply",
        LineKind::Content => "content",
        LineKind::Sasl => "sasl",
        LineKind::Other => "other",
    }
}

/// What the item for a message's content lines past the first ones says.
fn elided_explain(e: &Elided, listing: bool, decrypted: bool) -> Explain {
    let key = if listing { "lines.elided" } else { "content.elided" };
    let args =
        [e.lines, e.bytes, e.first_frame as u64, e.last_frame as u64, dialogue::MAX_CONTENT_LINES, dialogue::MAX_CONTENT_BYTES >> 20]
            .map(|n| n.to_string());
    let explain = explain::text(&[key], &args.each_ref().map(String::as_str));
    if decrypted {
        explain.then(explain::text(&["tls.decrypted"], &[]))
    } else {
        explain
    }
}

/// What a login exposed; `decrypted` when it was read inside TLS with a key log.
fn credential_explain(protocol: Protocol, mechanism: &str, decrypted: bool) -> Explain {
    let how = match mechanism {
        "CRAM-MD5" | "APOP" | "DIGEST-MD5" | "SCRAM-SHA-1" | "SCRAM-SHA-256" => "sasl.exposure.digest",
        "NTLM" => "sasl.exposure.ntlm",
        "XOAUTH2" | "OAUTHBEARER" => "sasl.exposure.token",
        _ if decrypted => "sasl.exposure.clear.decrypted",
        _ => "sasl.exposure.clear",
    };
    let mut how = explain::fragment(&[how], &[]);
    if decrypted {
        how = how.then(explain::fragment(&["credential.decrypted"], &[]));
    }
    explain::fragment_with(&["credential"], vec![protocol.name().to_uppercase().into(), mechanism.into(), how.into()])
}

/// A protocol's dialogue logic, fed by [`Io`].
pub trait Session {
    /// Bytes delivered in order for one direction.
    /// Bytes of `dir` that frame `frame` carried, from byte `at` of its TCP payload.
    fn data(&mut self, dir: Dir, bytes: &[u8], frame: u32, at: u32, out: &mut Out<'_>);
    /// Bytes known to be missing from one direction.
    fn gap(&mut self, dir: Dir, bytes: u64, frame: u32, out: &mut Out<'_>);
    /// End of the capture.
    fn finish(&mut self, out: &mut Out<'_>);
}

/// The per-direction byte handling every mail protocol shares: framing and
/// TLS, and with a key log the decrypted dialogue inside TLS ([`inside`]).
#[derive(Debug, Default)]
pub struct Io {
    /// The bytes as they crossed the wire (the sessions push into these).
    pub framer: [Framer; 2],
    pub tls: [tls::TlsSide; 2],
    /// The connection's decryption, made at its first TLS record when there is a key log.
    pub inside: Option<Box<inside::Inside>>,
    /// For each direction in a line longer than [`framer::MAX_LINE`]: the
    /// item its rest is counted on ([`Out::more`]).
    long: [Option<usize>; 2],
}

/// What [`Io::next`] found.
pub enum Next {
    Unit(Unit),
    /// Nothing more can be cut now.
    Wait,
}

impl Io {
    /// Cuts the next unit for `dir`, reading TLS records itself once the
    /// direction is encrypted (or its bytes start a TLS handshake where a
    /// line was expected, as after STARTTLS or on an implicit-TLS port).
    /// With a key log, the units of an encrypted direction come from its
    /// decrypted records, each with the frame of the record that carried
    /// its first byte.
    pub fn next(&mut self, dir: Dir, want: Want, out: &mut Out<'_>) -> Next {
        let d = dir.index();
        loop {
            if !self.tls[d].on && want == Want::Line && self.framer[d].looks_like_tls() {
                self.tls[d].on = true;
                out.tls_starts(self.framer[d].frame());
            }
            if self.tls[d].on {
                if let Some(inside) = &mut self.inside {
                    if let Some(u) = inside.framer[d].next(want) {
                        out.decrypted[d] = true;
                        let eol = inside.framer[d].line_end().len() as u64;
                        return self.hand(dir, u, eol, out);
                    }
                }
                match self.framer[d].next(Want::Tls) {
                    Some(Unit::Tls { content_type, body, frame, .. }) => {
                        // TLS 1.3, chosen in the server's hello, encrypts the rest of both sides' handshake.
                        let tls13 = self.tls.iter().any(|t| t.tls13);
                        let data_seen = self.tls[d].data_seen;
                        let peer_opaque = self.tls[1 - d].sent_opaque;
                        tls::record(&mut self.tls[d], peer_opaque, tls13, dir, content_type, &body, frame, out);
                        if let Some(keys) = out.keys.take() {
                            if self.inside.get_or_insert_default().record(dir, content_type, &body, frame, keys, out) {
                                // Not application data after all: the first run of it is still to come.
                                self.tls[d].data_seen = data_seen;
                            }
                            out.keys = Some(keys);
                        }
                        continue;
                    }
                    _ => return Next::Wait,
                }
            }
            return match self.framer[d].next(want) {
                Some(u) => {
                    let eol = self.framer[d].line_end().len() as u64;
                    self.hand(dir, u, eol, out)
                }
                None => Next::Wait,
            };
        }
    }

    /// Hands unit `u` of `dir` to the session; a line too long to keep is
    /// marked for its item, and the rest of it counted there as it comes
    /// (`eol`: the bytes of the line end it ended with, if it did).
    fn hand(&mut self, dir: Dir, mut u: Unit, eol: u64, out: &mut Out<'_>) -> Next {
        let d = dir.index();
        // (Set for every unit, so a cut line the session made no line of marks no later one.)
        out.cut = matches!(u, Unit::Line { cut: true, .. });
        match &u {
            Unit::Line { cut: true, .. } => self.long[d] = None,
            Unit::More { bytes, frame, end, .. } => out.more(dir, &mut self.long[d], bytes.len() as u64, *frame, *end, eol),
            _ => {}
        }
        // The rest of a long line names no frames: its item keeps those of its start.
        out.unit = if matches!(u, Unit::More { .. }) { Vec::new() } else { u.take_spans() };
        Next::Unit(u)
    }

    /// The unfinished bytes of `dir` (at a gap or at the end): for TLS, the
    /// unfinished decrypted line, if any. A line made of it names the frames that carried it.
    pub fn rest(&mut self, dir: Dir, out: &mut Out<'_>) -> Option<(Vec<u8>, u32)> {
        let d = dir.index();
        let long = self.source(dir).in_long_line();
        let mut rest = self.framer[d].rest();
        if self.tls[d].on {
            rest = self.inside.as_mut().and_then(|i| i.framer[d].rest());
        }
        if long {
            // The end of a long line is not in the capture: what is left of it
            // (a CR that waited for its LF, at most, since the framer hands out
            // the rest of a long line as it comes) is counted on its item.
            if let Some((bytes, frame, _)) = rest {
                out.more(dir, &mut self.long[d], bytes.len() as u64, frame, false, 0);
            }
            self.long[d] = None;
            return None;
        }
        rest.map(|(bytes, frame, spans)| {
            out.unit = spans;
            (bytes, frame)
        })
    }

    /// The framer `dir`'s units come from now: the decrypted one inside TLS.
    fn source(&self, dir: Dir) -> &Framer {
        let d = dir.index();
        match &self.inside {
            Some(i) if self.tls[d].on => &i.framer[d],
            _ => &self.framer[d],
        }
    }

    /// How the last line of `dir` ended (see [`Framer::line_end`]).
    pub fn line_end(&self, dir: Dir) -> &'static [u8] {
        self.source(dir).line_end()
    }

    /// Bytes of `dir` waiting to be cut.
    pub fn pending(&self, dir: Dir) -> usize {
        self.source(dir).pending()
    }

    /// Nothing of `dir` is waiting to be cut.
    pub fn is_empty(&self, dir: Dir) -> bool {
        self.source(dir).is_empty()
    }
}

#[cfg(test)]
mod tests;
