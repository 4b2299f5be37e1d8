//! `postscope --summary`: the overview of a capture after a full analysis —
//! the capture, one line per conversation (what happened in it), then totals —
//! as text or as JSON Lines records (`capture`, `conversation`, `summary`).
//! What is counted is the core's (`postscope_core::overview`); this file words it.

use postscope_core::jsonl;
use postscope_core::model::{LineKind, Protocol, TcpKind};
pub use postscope_core::overview::{Conversation, Summary, LINE_KINDS, PROBLEMS};
use serde_json::{json, Map, Value};
use std::io::Write;

/// A line kind's name in the JSON Lines contract (the `kind` of a `line` record).
fn line_kind_name(k: LineKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A count of TCP events of one kind, in words ("3 retransmissions").
fn problem_words(k: TcpKind, n: u64) -> String {
    let (one, many) = match k {
        TcpKind::Retransmission => ("retransmission", "retransmissions"),
        TcpKind::FastRetransmission => ("fast retransmission", "fast retransmissions"),
        TcpKind::OutOfOrder => ("out-of-order segment", "out-of-order segments"),
        TcpKind::LostSegment => ("lost segment", "lost segments"),
        TcpKind::AckedUnseen => ("ACK of an unseen segment", "ACKs of unseen segments"),
        TcpKind::DuplicateAck => ("duplicate ACK", "duplicate ACKs"),
        TcpKind::ZeroWindow => ("zero window", "zero windows"),
        TcpKind::WindowFull => ("full window", "full windows"),
        TcpKind::KeepAlive => ("keep-alive", "keep-alives"),
        other => return format!("{n} {}", other.name()),
    };
    plural(n, one, many)
}

/// A count of lines of one kind, in words ("2 replies").
fn line_words(k: LineKind, n: u64) -> String {
    let (one, many) = match k {
        LineKind::Command => ("command", "commands"),
        LineKind::Reply => ("reply", "replies"),
        LineKind::Content => ("content line", "content lines"),
        LineKind::Sasl => ("SASL line", "SASL lines"),
        LineKind::Other => ("other line", "other lines"),
    };
    plural(n, one, many)
}

fn accepted(a: Option<bool>) -> &'static str {
    match a {
        Some(true) => "accepted",
        Some(false) => "rejected",
        None => "answer not captured",
    }
}

/// What happened in a conversation, in words: logins, messages, TLS, missing bytes, TCP trouble, RST.
fn happenings(c: &Conversation<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for l in &c.logins {
        let user = l.username.as_deref().map(|u| format!(" user {u:?}")).unwrap_or_else(|| " (no user name)".into());
        out.push(format!("login {}{user} {}", l.mechanism, accepted(l.accepted)));
    }
    for m in &c.messages {
        let subject = m.subject.as_deref().map(|s| format!("{s:?}")).unwrap_or_else(|| "(no subject)".into());
        let state = if m.complete { String::new() } else { format!(", incomplete: {} bytes missing", m.missing_bytes) };
        out.push(format!("message {} {subject} ({} bytes{state})", m.command, m.size));
    }
    if let Some(f) = c.stream.tls_from_frame {
        out.push(format!("TLS from frame {f}"));
    }
    if c.missing_bytes > 0 {
        out.push(plural(c.missing_bytes, "byte missing", "bytes missing"));
    }
    let problems: Vec<String> = PROBLEMS.iter().zip(c.problems).filter(|(_, n)| *n > 0).map(|(k, n)| problem_words(*k, n)).collect();
    if !problems.is_empty() {
        out.push(format!("TCP: {}", problems.join(", ")));
    }
    if let Some(f) = c.rst_frame {
        out.push(format!("RST in frame {f}"));
    }
    out
}

/// The overview as text, one line per conversation.
pub fn text(s: &Summary<'_>, w: &mut impl Write) -> std::io::Result<()> {
    let c = &s.analysis.capture;
    writeln!(
        w,
        "{} capture{}, {} frames, link types: {}; {}, {}",
        c.format,
        if c.gzip { " (gzip)" } else { "" },
        c.packets,
        if c.link_types.is_empty() { "none".to_string() } else { c.link_types.join(", ") },
        plural(s.conversations.len() as u64, "conversation", "conversations"),
        plural(c.warnings.len() as u64, "warning", "warnings"),
    )?;
    for n in c.warnings.iter().chain(&c.comments) {
        writeln!(w, "  note: {}", n.message)?;
    }
    for conv in &s.conversations {
        let st = conv.stream;
        write!(
            w,
            "stream {} {} {} -> {}, {}, {} bytes, start {:.6} s, duration {:.4} s",
            st.stream,
            st.protocol.name().to_uppercase(),
            st.client,
            st.server,
            plural(st.packets as u64, "packet", "packets"),
            conv.bytes(),
            st.rel_start,
            st.duration
        )?;
        if st.protocol == Protocol::Unknown {
            write!(w, " ({})", st.recognised_by)?;
        }
        let what = happenings(conv);
        if what.is_empty() {
            writeln!(w)?;
        } else {
            writeln!(w, ": {}", what.join("; "))?;
        }
    }
    let t = s.totals();
    let protocols: Vec<String> =
        Protocol::ALL.iter().zip(t.protocols).filter(|(_, n)| *n > 0).map(|(p, n)| format!("{n} {}", p.name().to_uppercase())).collect();
    writeln!(
        w,
        "totals: {}{}",
        plural(s.conversations.len() as u64, "conversation", "conversations"),
        if protocols.is_empty() { String::new() } else { format!(" ({})", protocols.join(", ")) }
    )?;
    let lines: Vec<String> = LINE_KINDS.iter().zip(t.lines).map(|(k, n)| line_words(*k, n)).collect();
    writeln!(w, "  lines: {}", lines.join(", "))?;
    writeln!(
        w,
        "  credentials: {} ({} accepted, {} rejected, {} unanswered)",
        t.credentials,
        t.accepted,
        t.rejected,
        t.credentials - t.accepted - t.rejected
    )?;
    writeln!(w, "  messages: {} ({} complete, {} incomplete)", t.messages, t.messages - t.incomplete, t.incomplete)?;
    let problems: Vec<String> = PROBLEMS.iter().zip(t.problems).filter(|(_, n)| *n > 0).map(|(k, n)| problem_words(*k, n)).collect();
    writeln!(w, "  TCP problems: {}", if problems.is_empty() { "none".to_string() } else { problems.join(", ") })?;
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
