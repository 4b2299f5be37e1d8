//! `postscope --summary`: the overview of a capture after a full analysis —
//! the capture, one line per conversation (what happened in it), then totals —
//! as text or as JSON Lines records (`capture`, `conversation`, `summary`).
//! Made by a streaming sink: each conversation's line is made when it ends
//! and the conversation dropped, so the model is never held whole.

use crate::spool::Spool;
use crate::words::WORDS;
use postscope_core::explain::Locale;
use postscope_core::frames::Frames;
use postscope_core::jsonl;
use postscope_core::message::inspect::visible;
use postscope_core::model::{CaptureInfo, LineCounts, LineKind, Protocol, Stream, TcpKind};
use postscope_core::Sink;
use serde_json::{json, Map, Value};
use std::io::Write;

/// What is counted per conversation and in the totals is the core's (`postscope_core::overview`, shared with the app's paragraph); this file words it.
pub use postscope_core::overview::{Conversation, Totals, LINE_KINDS, PROBLEMS};

/// A line kind's name in the JSON Lines contract (the `kind` of a `line` record).
fn line_kind_name(k: LineKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The streaming sink of `--summary`: a line (or record) per conversation
/// as it ends, kept in a [`Spool`]; the totals as they go.
pub struct SummarySink {
    json: bool,
    locale: Locale,
    spool: Spool,
    totals: Totals,
    capture: Option<CaptureInfo>,
    buf: Vec<u8>,
    /// The lines of the conversation about to be handed out (the summary
    /// counts them; it asks for no line items, [`Sink::wants_lines`]).
    lines: LineCounts,
}

impl SummarySink {
    pub fn new(json: bool, locale: Locale) -> Self {
        SummarySink {
            json,
            locale,
            spool: Spool::default(),
            totals: Totals::default(),
            capture: None,
            buf: Vec::new(),
            lines: LineCounts::default(),
        }
    }

    /// Writes the overview: the capture, the conversations in stream order, the totals.
    pub fn write(self, w: &mut impl Write) -> std::io::Result<()> {
        let capture = self.capture.unwrap_or_default();
        let mut head = Vec::new();
        if self.json {
            jsonl::write_record(&jsonl::capture_record_in(&capture, self.locale), w)?;
        } else {
            text_header(&capture, self.totals.conversations, self.locale, &mut head)?;
            w.write_all(visible(&String::from_utf8_lossy(&head)).as_bytes())?;
        }
        self.spool.write_in_order(w)?;
        if self.json {
            jsonl::write_record(&totals_record(&self.totals, &capture), w)
        } else {
            head.clear();
            text_totals(&self.totals, self.locale, &mut head)?;
            w.write_all(visible(&String::from_utf8_lossy(&head)).as_bytes())
        }
    }
}

impl Sink for SummarySink {
    fn stream(&mut self, s: Stream) {
        let mut c = Conversation::of(&s);
        let lines = std::mem::take(&mut self.lines);
        for (n, counted) in c.lines.iter_mut().zip(lines.kinds) {
            *n += counted;
        }
        c.decrypted_lines += lines.decrypted;
        self.totals.add(&c);
        self.buf.clear();
        // Writing to a Vec cannot fail.
        if self.json {
            let _ = jsonl::write_record(&conversation_record(&c), &mut self.buf);
            self.spool.push(s.stream, &self.buf);
        } else {
            let _ = text_conversation(&c, self.locale, &mut self.buf);
            let shown = visible(&String::from_utf8_lossy(&self.buf));
            self.spool.push(s.stream, shown.as_bytes());
        }
    }
    fn finish(&mut self, capture: CaptureInfo, _: Frames) {
        self.capture = Some(capture);
    }
    fn keeps_frames(&self) -> bool {
        false
    }
    /// The summary reads of a line only its kind (and whether it was
    /// decrypted): counted, the lines need not be kept.
    fn wants_lines(&self) -> bool {
        false
    }
    fn counted_lines(&mut self, _stream: u32, lines: &LineCounts) {
        self.lines = *lines;
    }
    /// Of a message it reads only the command, subject, size, frames and what is missing.
    fn wants_message_contents(&self) -> bool {
        false
    }
}

/// A count of TCP events of one kind, in words ("3 retransmissions").
fn problem_words(k: TcpKind, n: u64, locale: Locale) -> String {
    let key = match k {
        TcpKind::Retransmission => "problem.retransmission",
        TcpKind::FastRetransmission => "problem.fast_retransmission",
        TcpKind::OutOfOrder => "problem.out_of_order",
        TcpKind::LostSegment => "problem.lost_segment",
        TcpKind::AckedUnseen => "problem.acked_unseen",
        TcpKind::DuplicateAck => "problem.duplicate_ack",
        TcpKind::ZeroWindow => "problem.zero_window",
        TcpKind::WindowFull => "problem.window_full",
        TcpKind::KeepAlive => "problem.keep_alive",
        other => return format!("{n} {}", other.name()),
    };
    WORDS.count(locale, key, n)
}

/// A count of lines of one kind, in words ("2 replies").
fn line_words(k: LineKind, n: u64, locale: Locale) -> String {
    let key = match k {
        LineKind::Command => "lines.command",
        LineKind::Reply => "lines.reply",
        LineKind::Content => "lines.content",
        LineKind::Sasl => "lines.sasl",
        LineKind::Other => "lines.other",
    };
    WORDS.count(locale, key, n)
}

fn accepted(a: Option<bool>, locale: Locale) -> &'static str {
    WORDS.get(
        locale,
        match a {
            Some(true) => "login.accepted",
            Some(false) => "login.rejected",
            None => "login.unanswered",
        },
    )
}

/// What happened in a conversation, in words: logins, messages, TLS, missing bytes, TCP trouble, RST.
fn happenings(c: &Conversation<'_>, locale: Locale) -> Vec<String> {
    let word = |key: &str, args: &[&str]| WORDS.fill(locale, key, args);
    let mut out = Vec::new();
    for l in &c.logins {
        let user = l.username.as_deref().map(|u| word("login.user", &[&format!("{u:?}")])).unwrap_or_else(|| word("login.no_user", &[]));
        out.push(word("login", &[&l.mechanism, &user, accepted(l.accepted, locale)]));
    }
    for m in &c.messages {
        let subject = m.subject.as_deref().map(|s| format!("{s:?}")).unwrap_or_else(|| word("summary.no_subject", &[]));
        let state = if m.complete { String::new() } else { word("summary.incomplete", &[&m.missing_bytes.to_string()]) };
        out.push(word("summary.message", &[&m.command, &subject, &m.size.to_string(), &state]));
    }
    if let Some(f) = c.stream.tls_from_frame {
        out.push(word("tls_from", &[&f.to_string()]));
    }
    if c.missing_bytes > 0 {
        out.push(WORDS.count(locale, "bytes_missing", c.missing_bytes));
    }
    let problems: Vec<String> =
        PROBLEMS.iter().zip(c.problems).filter(|(_, n)| *n > 0).map(|(k, n)| problem_words(*k, n, locale)).collect();
    if !problems.is_empty() {
        out.push(word("tcp_problems_in", &[&problems.join(WORDS.get(locale, "list.comma"))]));
    }
    if let Some(f) = c.rst_frame {
        out.push(word("rst_in", &[&f.to_string()]));
    }
    out
}

/// The overview's first lines, in `locale`: the capture and its notes.
fn text_header(c: &CaptureInfo, conversations: u64, locale: Locale, w: &mut impl Write) -> std::io::Result<()> {
    let word = |key: &str, args: &[&str]| WORDS.fill(locale, key, args);
    writeln!(
        w,
        "{}",
        word(
            "summary.capture",
            &[
                &c.format.to_string(),
                if c.gzip { WORDS.get(locale, "capture.gzip") } else { "" },
                &c.packets.to_string(),
                &if c.link_types.is_empty() { word("none", &[]) } else { c.link_types.join(", ") },
                &WORDS.count(locale, "conversations", conversations),
                &WORDS.count(locale, "warnings", c.warnings.len() as u64),
            ]
        )
    )?;
    for n in c.warnings.iter().chain(&c.comments) {
        writeln!(w, "{}", word("note", &[&n.say(locale)]))?;
    }
    Ok(())
}

/// A conversation's line, in `locale`.
fn text_conversation(conv: &Conversation<'_>, locale: Locale, w: &mut impl Write) -> std::io::Result<()> {
    let word = |key: &str, args: &[&str]| WORDS.fill(locale, key, args);
    let st = conv.stream;
    write!(
        w,
        "{}",
        word(
            "summary.stream",
            &[
                &st.stream.to_string(),
                &st.protocol.name().to_uppercase(),
                &st.client.to_string(),
                &st.server.to_string(),
                &WORDS.count(locale, "packets", st.packets as u64),
                &conv.bytes().to_string(),
                &format!("{:.6}", st.rel_start),
                &format!("{:.4}", st.duration),
            ]
        )
    )?;
    if st.protocol == Protocol::Unknown {
        write!(w, "{}", WORDS.fill(locale, "summary.recognised", &[&st.recognised_by.render(locale)]))?;
    }
    let what = happenings(conv, locale);
    if what.is_empty() {
        writeln!(w)
    } else {
        writeln!(w, "{}", WORDS.fill(locale, "summary.what", &[&what.join(WORDS.get(locale, "list.semicolon"))]))
    }
}

/// The totals' lines, in `locale`.
fn text_totals(t: &Totals, locale: Locale, w: &mut impl Write) -> std::io::Result<()> {
    let word = |key: &str, args: &[&str]| WORDS.fill(locale, key, args);
    let comma = WORDS.get(locale, "list.comma");
    let protocols: Vec<String> =
        Protocol::ALL.iter().zip(t.protocols).filter(|(_, n)| *n > 0).map(|(p, n)| format!("{n} {}", p.name().to_uppercase())).collect();
    let protocols = if protocols.is_empty() { String::new() } else { word("totals.protocols", &[&protocols.join(comma)]) };
    writeln!(w, "{}", word("totals", &[&WORDS.count(locale, "conversations", t.conversations), &protocols]))?;
    let lines: Vec<String> = LINE_KINDS.iter().zip(t.lines).map(|(k, n)| line_words(*k, n, locale)).collect();
    writeln!(w, "{}", word("totals.lines", &[&lines.join(comma)]))?;
    let n = |v: u64| v.to_string();
    writeln!(
        w,
        "{}",
        word("totals.credentials", &[&n(t.credentials), &n(t.accepted), &n(t.rejected), &n(t.credentials - t.accepted - t.rejected)])
    )?;
    writeln!(w, "{}", word("totals.messages", &[&n(t.messages), &n(t.messages - t.incomplete), &n(t.incomplete)]))?;
    let problems: Vec<String> =
        PROBLEMS.iter().zip(t.problems).filter(|(_, n)| *n > 0).map(|(k, n)| problem_words(*k, n, locale)).collect();
    writeln!(w, "{}", word("totals.problems", &[&if problems.is_empty() { word("none", &[]) } else { problems.join(comma) }]))?;
    Ok(())
}

/// A conversation's `conversation` record (its `recognised_by` in English
/// in every language, as every field but `explain`: the JSON Lines contract).
pub fn conversation_record(c: &Conversation<'_>) -> Value {
    let st = c.stream;
    let logins: Vec<Value> = c
        .logins
        .iter()
        .map(|l| json!({"frame": l.frame, "mechanism": l.mechanism, "username": l.username, "accepted": l.accepted}))
        .collect();
    let messages: Vec<Value> = c
        .messages
        .iter()
        .map(|m| {
            json!({
                "first_frame": m.first_frame,
                "last_frame": m.last_frame,
                "command": m.command,
                "subject": m.subject,
                "size": m.size,
                "complete": m.complete,
                "missing_bytes": m.missing_bytes,
            })
        })
        .collect();
    let problems: Map<String, Value> =
        PROBLEMS.iter().zip(c.problems).filter(|(_, n)| *n > 0).map(|(k, n)| (k.name().to_string(), json!(n))).collect();
    json!({
        "type": "conversation",
        "stream": st.stream,
        "protocol": st.protocol,
        "client": st.client,
        "server": st.server,
        "first_frame": st.first_frame,
        "last_frame": st.last_frame,
        "packets": st.packets,
        "bytes": c.bytes(),
        "rel_start": st.rel_start,
        "duration": st.duration,
        "recognised_by": st.recognised_by,
        "logins": logins,
        "messages": messages,
        "tls_from_frame": st.tls_from_frame,
        "missing_bytes": c.missing_bytes,
        "rst_frame": c.rst_frame,
        "tcp_problems": problems,
    })
}

/// The `summary` record: the totals.
pub fn totals_record(t: &Totals, capture: &CaptureInfo) -> Value {
    let protocols: Map<String, Value> = Protocol::ALL.iter().zip(t.protocols).map(|(p, n)| (p.name().to_string(), json!(n))).collect();
    let lines: Map<String, Value> = LINE_KINDS.iter().zip(t.lines).map(|(k, n)| (line_kind_name(*k), json!(n))).collect();
    let problems: Map<String, Value> = PROBLEMS.iter().zip(t.problems).map(|(k, n)| (k.name().to_string(), json!(n))).collect();
    json!({
        "type": "summary",
        "packets": capture.packets,
        "warnings": capture.warnings.len(),
        "conversations": t.conversations,
        "protocols": protocols,
        "lines": lines,
        "credentials": t.credentials,
        "credentials_accepted": t.accepted,
        "credentials_rejected": t.rejected,
        "messages": t.messages,
        "messages_incomplete": t.incomplete,
        "tcp_problems": problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use postscope_core::overview::line_index;

    #[test]
    fn line_kinds_are_listed_once_under_their_contract_names() {
        let names: Vec<String> = LINE_KINDS.iter().map(|k| line_kind_name(*k)).collect();
        assert_eq!(names, ["command", "reply", "content", "sasl", "other"]);
        for (i, k) in LINE_KINDS.iter().enumerate() {
            assert_eq!(line_index(*k), i);
        }
    }
}
