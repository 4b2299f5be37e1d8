//! The explanation catalogue: every plain-language text Postscope shows,
//! keyed by protocol, verb or code, and context. Parsers never write prose;
//! they name a key and its arguments, and [`text`] renders them.
//!
//! Keys are dotted: `smtp.cmd.EHLO`, `smtp.reply.250.RCPT` (250 in answer to
//! RCPT), `smtp.reply.250`, `smtp.reply.class.2`. [`text`] tries the most
//! specific key first and falls back along a chain the caller gives.
//! Arguments fill `{0}`, `{1}`, ... in the text.

mod catalogue;

pub use catalogue::{Entry, ENTRIES};
use std::collections::HashMap;
use std::sync::OnceLock;

fn index() -> &'static HashMap<&'static str, &'static Entry> {
    static INDEX: OnceLock<HashMap<&'static str, &'static Entry>> = OnceLock::new();
    INDEX.get_or_init(|| ENTRIES.iter().map(|e| (e.key, e)).collect())
}

/// The catalogue entry for a key, if there is one.
pub fn entry(key: &str) -> Option<&'static Entry> {
    index().get(key).copied()
}

/// Renders the first of `keys` that the catalogue has, with `args` filled in
/// and its RFC reference appended. An empty string when none is known.
pub fn text(keys: &[&str], args: &[&str]) -> String {
    for key in keys {
        if let Some(e) = entry(key) {
            return render(e, args);
        }
    }
    String::new()
}

/// Fills `{N}` placeholders; a placeholder without an argument stays visible
/// as `{N}` only in tests' eyes: here it becomes "?" so users never see braces.
fn render(e: &Entry, args: &[&str]) -> String {
    let mut out = String::with_capacity(e.text.len() + 32);
    let mut rest = e.text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| after[..close].parse::<usize>().ok().map(|n| (n, close))) {
            Some((n, close)) => {
                out.push_str(args.get(n).copied().unwrap_or("?"));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if !e.rfc.is_empty() {
        out.push_str(" [");
        out.push_str(e.rfc);
        out.push(']');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for e in ENTRIES {
            assert!(seen.insert(e.key), "duplicate catalogue key {}", e.key);
        }
    }

    #[test]
    fn every_entry_has_text_and_placeholders_in_range() {
        for e in ENTRIES {
            assert!(!e.text.trim().is_empty(), "{} has no text", e.key);
            assert!(!e.text.contains("{{"), "{} has a doubled brace", e.key);
        }
    }

    #[test]
    fn fallback_chain_and_arguments() {
        let t = text(&["smtp.reply.250.NOSUCH", "smtp.reply.250"], &[]);
        assert!(t.contains("RFC 5321"), "{t}");
        let t = text(&["smtp.cmd.MAIL"], &["<alice@lab.example>"]);
        assert!(t.contains("<alice@lab.example>"), "{t}");
        assert_eq!(text(&["no.such.key"], &[]), "");
    }
}
