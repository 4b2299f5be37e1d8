//! The glossary and the links in an explanation: [`TERMS`] names each
//! glossary entry (its words are the catalogue's `glossary.*` entries, with
//! their RFC sections) and how explanations write the term; [`spans`] cuts a
//! rendered explanation into text, links to glossary entries (the first
//! time each term appears) and links to the RFC Editor's page of each RFC
//! section cited. The links are plain addresses, never fetched by Postscope.

use serde::{Deserialize, Serialize};

/// A glossary term: its key (`glossary.{key}` in the catalogue) and the
/// words that stand for it in explanations, matched as whole words (case
/// matters for the acronyms).
pub struct Term {
    pub key: &'static str,
    pub words: &'static [&'static str],
}

/// The glossary, in reading order.
pub static TERMS: &[Term] = &[
    Term { key: "handshake", words: &["handshake", "three-way handshake"] },
    Term { key: "mss", words: &["MSS", "maximum segment size"] },
    Term { key: "sequence", words: &["sequence number"] },
    Term { key: "base64", words: &["Base64", "base64"] },
    Term { key: "envelope", words: &["envelope"] },
    Term { key: "mime", words: &["MIME"] },
    Term { key: "starttls", words: &["STARTTLS", "STLS"] },
    Term { key: "tls", words: &["TLS"] },
    Term { key: "sasl", words: &["SASL"] },
    Term { key: "uid", words: &["UID"] },
    Term { key: "literal", words: &["literal"] },
    Term { key: "tag", words: &["tag", "tagged"] },
    Term { key: "crlf", words: &["CRLF"] },
    Term { key: "pipelining", words: &["PIPELINING", "pipelined"] },
    Term { key: "retransmission", words: &["retransmission", "Retransmission"] },
];

/// What a piece of an explanation links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Link {
    /// A glossary entry, by its key (`glossary.{key}`).
    Term { key: String },
    /// An RFC section on the RFC Editor's site.
    Rfc { url: String },
}

/// A piece of a rendered explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub link: Option<Link>,
}

/// The RFC Editor's address of RFC `number`, at `section` when given
/// (`https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1.1`).
pub fn rfc_url(number: &str, section: Option<&str>) -> String {
    match section {
        Some(s) => format!("https://www.rfc-editor.org/rfc/rfc{number}#section-{s}"),
        None => format!("https://www.rfc-editor.org/rfc/rfc{number}"),
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// The next RFC citation at or after `from`: "RFC 5321 §4.1.1.1" or "RFC 4616";
/// its byte range and address.
fn next_rfc(text: &str, from: usize) -> Option<(usize, usize, String)> {
    let mut at = from;
    while let Some(i) = text[at..].find("RFC ") {
        let start = at + i;
        let rest = &text[start + 4..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || (start > 0 && text[..start].chars().next_back().is_some_and(is_word)) {
            at = start + 4;
            continue;
        }
        let number = &rest[..digits];
        let mut end = start + 4 + digits;
        let mut section = None;
        if let Some(s) = text[end..].strip_prefix(" §") {
            let len = s.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'.').count();
            let sec = s[..len].trim_end_matches('.');
            if !sec.is_empty() {
                section = Some(sec);
                end += " §".len() + sec.len();
            }
        }
        return Some((start, end, rfc_url(number, section)));
    }
    None
}

/// The first whole-word occurrence of any of `words` in `text`.
fn find_word(text: &str, words: &[&str]) -> Option<(usize, usize)> {
    words
        .iter()
        .filter_map(|w| {
            let mut from = 0;
            while let Some(i) = text[from..].find(w) {
                let (s, e) = (from + i, from + i + w.len());
                let before = text[..s].chars().next_back().is_none_or(|c| !is_word(c));
                let after = text[e..].chars().next().is_none_or(|c| !is_word(c));
                if before && after {
                    return Some((s, e));
                }
                from = e;
            }
            None
        })
        .min()
}

/// A rendered explanation cut into text and links: every RFC citation links
/// to its section, and the first appearance of each glossary term to its
/// entry. Joined, the spans' texts are `text` again.
pub fn spans(text: &str) -> Vec<Span> {
    // Where each link goes, by byte range; RFC citations first, terms where no citation is.
    let mut marks: Vec<(usize, usize, Link)> = Vec::new();
    let mut at = 0;
    while let Some((s, e, url)) = next_rfc(text, at) {
        marks.push((s, e, Link::Rfc { url }));
        at = e;
    }
    for t in TERMS {
        if let Some((s, e)) = find_word(text, t.words) {
            if !marks.iter().any(|(ms, me, _)| s < *me && *ms < e) {
                marks.push((s, e, Link::Term { key: t.key.to_string() }));
            }
        }
    }
    marks.sort_by_key(|m| m.0);
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e, link) in marks {
        if s > at {
            out.push(Span { text: text[at..s].to_string(), link: None });
        }
        out.push(Span { text: text[s..e].to_string(), link: Some(link) });
        at = e;
    }
    if at < text.len() || out.is_empty() {
        out.push(Span { text: text[at..].to_string(), link: None });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain;

    #[test]
    fn every_term_has_an_entry_with_a_source() {
        for t in TERMS {
            let e = explain::entry(&format!("glossary.{}", t.key)).unwrap_or_else(|| panic!("glossary.{} missing", t.key));
            assert!(!e.rfc.is_empty(), "glossary.{} cites no source", t.key);
            assert!(explain::entry(&format!("glossary.{}.term", t.key)).is_some(), "glossary.{}.term missing", t.key);
        }
    }

    #[test]
    fn citations_link_to_the_rfc_editor() {
        let text = explain::say(&["smtp.cmd.MAIL"], &["<alice@lab.example>"]);
        let s = spans(&text);
        assert_eq!(s.iter().map(|s| s.text.as_str()).collect::<String>(), text);
        let rfc: Vec<_> = s
            .iter()
            .filter_map(|s| match &s.link {
                Some(Link::Rfc { url }) => Some((s.text.as_str(), url.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(rfc, [("RFC 5321 §4.1.1.2", "https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1.2")]);
        // Two RFCs in one reference, the second without a section.
        let s = spans("AUTH PLAIN. [RFC 4954 §4; RFC 4616]");
        let urls: Vec<_> = s.iter().filter_map(|s| if let Some(Link::Rfc { url }) = &s.link { Some(url.clone()) } else { None }).collect();
        assert_eq!(urls, ["https://www.rfc-editor.org/rfc/rfc4954#section-4", "https://www.rfc-editor.org/rfc/rfc4616"]);
    }

    #[test]
    fn terms_link_once_as_whole_words() {
        let text = explain::say(&["tcp.syn"], &["MSS 65495 bytes"]);
        let s = spans(&text);
        assert!(s.iter().any(|s| s.text == "MSS" && s.link == Some(Link::Term { key: "mss".into() })), "{s:?}");
        // "TLSv1" or "STARTTLS" is not the word TLS; "handshake" links once.
        let s = spans("STARTTLS then TLSv1.3: the handshake, and another handshake.");
        let terms: Vec<_> = s.iter().filter(|s| matches!(s.link, Some(Link::Term { .. }))).map(|s| s.text.as_str()).collect();
        assert_eq!(terms, ["STARTTLS", "handshake"]);
    }
}
