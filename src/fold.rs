//! How a conversation's items are grouped on the page: one view per item,
//! except for runs that read as one fact and are folded into one expandable
//! item (their members are put on the page only when it is opened):
//! - a run of message content from one side (TCP events inside it included);
//! - the lines of a multi-line SMTP or LMTP reply after its first line (the
//!   EHLO keywords, RFC 5321 §4.2.1: every line but the last has a hyphen
//!   after the code, all lines the same code);
//! - a run of encrypted application-data records (TLS after STARTTLS), with
//!   the TCP analysis events among them;
//! - a run of TCP analysis events (retransmissions, duplicate ACKs, ...).
//!
//! The handshake, teardown, credentials, messages, gaps and every other line
//! stay on their own. Pure: items in, groups out (tested in `tests/fold.rs`).

use postscope_core::model::{Dir, Item, LineKind, TlsKind};

/// One view of the transcript: the items `start..end` of the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    One(usize),
    Content { start: usize, end: usize },
    ReplyLines { start: usize, end: usize },
    TlsRun { start: usize, end: usize },
    TcpRun { start: usize, end: usize },
}

impl Group {
    /// The first item of the group.
    pub fn start(self) -> usize {
        match self {
            Group::One(i) => i,
            Group::Content { start, .. } | Group::ReplyLines { start, .. } | Group::TlsRun { start, .. } | Group::TcpRun { start, .. } => {
                start
            }
        }
    }
}

/// This many TCP analysis events in a row are folded.
pub const TCP_RUN: usize = 4;
/// This many encrypted records in a row are folded.
pub const TLS_RUN: usize = 3;
/// This many lines of a reply after its first are folded.
pub const REPLY_LINES: usize = 3;

/// A TCP event that may be folded (the handshake and teardown never are).
fn tcp_foldable(item: &Item) -> bool {
    matches!(item, Item::Tcp(t) if !t.event.is_open_or_close())
}

fn app_data(item: &Item) -> bool {
    matches!(item, Item::Tls(t) if t.kind == TlsKind::ApplicationData)
}

/// The reply code and whether more lines follow ("250-" → (250, true), "250 " → (250, false)).
fn reply_code(text: &str) -> Option<(&str, bool)> {
    let b = text.as_bytes();
    if b.len() >= 3 && b[..3].iter().all(u8::is_ascii_digit) {
        match b.get(3) {
            Some(b'-') => Some((&text[..3], true)),
            Some(b' ') | None => Some((&text[..3], false)),
            _ => None,
        }
    } else {
        None
    }
}

/// Where the lines of the multi-line reply starting at `i` end (exclusive),
/// when item `i` is its first line and more lines of it follow.
fn reply_end(items: &[Item], i: usize) -> Option<usize> {
    let Item::Line(first) = &items[i] else { return None };
    if first.kind != LineKind::Reply || first.dir != Dir::Server {
        return None;
    }
    let (code, more) = reply_code(&first.text)?;
    if !more {
        return None;
    }
    let mut j = i + 1;
    while let Some(Item::Line(l)) = items.get(j) {
        match reply_code(&l.text) {
            Some((c, more)) if c == code && l.kind == LineKind::Reply && l.dir == first.dir => {
                j += 1;
                if !more {
                    break;
                }
            }
            _ => break,
        }
    }
    Some(j)
}

/// The groups of a stream's items, in order; together they cover every item once.
pub fn group(items: &[Item]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if let Item::Line(l) = &items[i] {
            if l.kind == LineKind::Content {
                // One block for the whole run of content, TCP events inside it included.
                let (mut j, mut end) = (i + 1, i + 1);
                loop {
                    match items.get(j) {
                        Some(Item::Line(n)) if n.kind == LineKind::Content && n.dir == l.dir => end = j + 1,
                        Some(Item::Tcp(_)) => {}
                        _ => break,
                    }
                    j += 1;
                }
                out.push(Group::Content { start: i, end });
                i = end;
                continue;
            }
            if let Some(end) = reply_end(items, i) {
                out.push(Group::One(i));
                if end - (i + 1) >= REPLY_LINES {
                    out.push(Group::ReplyLines { start: i + 1, end });
                } else {
                    out.extend((i + 1..end).map(Group::One));
                }
                i = end;
                continue;
            }
        }
        if app_data(&items[i]) {
            // Encrypted records, and the TCP analysis events among them; a run ends on its last record.
            let mut end = i + 1;
            let mut j = i + 1;
            let mut records = 1;
            while let Some(x) = items.get(j) {
                if app_data(x) {
                    records += 1;
                    end = j + 1;
                } else if !tcp_foldable(x) {
                    break;
                }
                j += 1;
            }
            if records >= TLS_RUN {
                out.push(Group::TlsRun { start: i, end });
                i = end;
                continue;
            }
        }
        if tcp_foldable(&items[i]) {
            let end = i + items[i..].iter().take_while(|x| tcp_foldable(x)).count();
            if end - i >= TCP_RUN {
                out.push(Group::TcpRun { start: i, end });
                i = end;
                continue;
            }
        }
        out.push(Group::One(i));
        i += 1;
    }
    out
}

/// A rendered explanation split where it breaks its line before a list (an
/// IMAP CAPABILITY response's items, one explained per line): the sentence
/// before the list, and the list's lines.
pub fn split_list(text: &str) -> (&str, Vec<&str>) {
    match text.split_once('\n') {
        Some((head, rest)) => (head, rest.lines().filter(|l| !l.trim().is_empty()).collect()),
        None => (text, Vec::new()),
    }
}
