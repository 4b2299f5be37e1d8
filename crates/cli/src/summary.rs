//! `postscope --summary`: the overview of a capture after a full analysis —
//! the capture, one line per conversation (what happened in it), then totals —
//! as text or as JSON Lines records (`capture`, `conversation`, `summary`).
//! What is counted is the core's (`postscope_core::overview`); this file words it.

use crate::words::WORDS;
use postscope_core::explain::Locale;
use postscope_core::jsonl;
use postscope_core::model::{LineKind, Protocol, TcpKind};
pub use postscope_core::overview::{Conversation, Summary, LINE_KINDS, PROBLEMS};
use serde_json::{json, Map, Value};
use std::io::Write;

/// A line kind's name in the JSON Lines contract (the `kind` of a `line` record).
fn line_kind_name(k: LineKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
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

/// The overview as text, one line per conversation, in `locale`.
pub fn text(s: &Summary<'_>, locale: Locale, w: &mut impl Write) -> std::io::Result<()> {
    let word = |key: &str, args: &[&str]| WORDS.fill(locale, key, args);
    let comma = WORDS.get(locale, "list.comma");
    let c = &s.analysis.capture;
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
                &WORDS.count(locale, "conversations", s.conversations.len() as u64),
                &WORDS.count(locale, "warnings", c.warnings.len() as u64),
            ]
        )
    )?;
    for n in c.warnings.iter().chain(&c.comments) {
        writeln!(w, "{}", word("note", &[&n.message]))?;
    }
    for conv in &s.conversations {
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
            write!(w, " ({})", st.recognised_by)?;
        }
        let what = happenings(conv, locale);
        if what.is_empty() {
            writeln!(w)?;
        } else {
            writeln!(w, ": {}", what.join(WORDS.get(locale, "list.semicolon")))?;
        }
    }
    let t = s.totals();
    let protocols: Vec<String> =
        Protocol::ALL.iter().zip(t.protocols).filter(|(_, n)| *n > 0).map(|(p, n)| format!("{n} {}", p.name().to_uppercase())).collect();
    let protocols = if protocols.is_empty() { String::new() } else { format!(" ({})", protocols.join(", ")) };
    writeln!(w, "{}", word("totals", &[&WORDS.count(locale, "conversations", s.conversations.len() as u64), &protocols]))?;
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

/// A conversation's `conversation` record.
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
pub fn totals_record(s: &Summary<'_>) -> Value {
    let t = s.totals();
    let protocols: Map<String, Value> = Protocol::ALL.iter().zip(t.protocols).map(|(p, n)| (p.name().to_string(), json!(n))).collect();
    let lines: Map<String, Value> = LINE_KINDS.iter().zip(t.lines).map(|(k, n)| (line_kind_name(*k), json!(n))).collect();
    let problems: Map<String, Value> = PROBLEMS.iter().zip(t.problems).map(|(k, n)| (k.name().to_string(), json!(n))).collect();
    json!({
        "type": "summary",
        "packets": s.analysis.capture.packets,
        "warnings": s.analysis.capture.warnings.len(),
        "conversations": s.conversations.len(),
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

/// The overview as JSON Lines: the `capture` record, a `conversation` record per stream, then the `summary` record.
pub fn json(s: &Summary<'_>, w: &mut impl Write) -> std::io::Result<()> {
    jsonl::write_record(&jsonl::capture_record(&s.analysis.capture), w)?;
    for c in &s.conversations {
        jsonl::write_record(&conversation_record(c), w)?;
    }
    jsonl::write_record(&totals_record(s), w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_kinds_are_listed_once_under_their_contract_names() {
        let names: Vec<String> = LINE_KINDS.iter().map(|k| line_kind_name(*k)).collect();
        assert_eq!(names, ["command", "reply", "content", "sasl", "other"]);
    }
}
