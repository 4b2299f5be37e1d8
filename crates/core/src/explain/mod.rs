//! The explanation catalogue: every plain-language text Postscope shows,
//! keyed by protocol, verb or code, and context. Parsers never write prose;
//! they name a key and its arguments, and [`text`] renders them.
//!
//! Keys are dotted: `smtp.cmd.EHLO`, `smtp.reply.250.RCPT` (250 in answer to
//! RCPT), `smtp.reply.250`, `smtp.reply.class.2`. [`text`] tries the most
//! specific key first and falls back along a chain the caller gives.
//! Arguments fill `{0}`, `{1}`, ... in the text.

mod catalogue;
mod glossary;
mod imap;
mod lesson;
mod lmtp;
mod notes;
mod paste;
mod phrase;
mod plots;
mod pop3;
mod quiz;
mod render;
mod smtp;

pub use crate::facts::{Arg, Explain, Piece, Sep};
pub use catalogue::Entry;
pub use phrase::{Phrase, PhraseArg};
pub use render::{item, parse as parse_locale, plain, render, short, short_reference, Context, Locale};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The catalogue's parts: shared entries, then one slice per protocol.
pub static PARTS: &[&[Entry]] = &[
    catalogue::ENTRIES,
    smtp::ENTRIES,
    lmtp::ENTRIES,
    pop3::ENTRIES,
    imap::ENTRIES,
    plots::ENTRIES,
    lesson::ENTRIES,
    paste::ENTRIES,
    quiz::ENTRIES,
    glossary::ENTRIES,
    notes::ENTRIES,
];

/// Every entry of the catalogue.
pub fn entries() -> impl Iterator<Item = &'static Entry> {
    PARTS.iter().flat_map(|p| p.iter())
}

fn index() -> &'static HashMap<&'static str, &'static Entry> {
    static INDEX: OnceLock<HashMap<&'static str, &'static Entry>> = OnceLock::new();
    INDEX.get_or_init(|| entries().map(|e| (e.key, e)).collect())
}

/// The catalogue entry for a key, if there is one.
pub fn entry(key: &str) -> Option<&'static Entry> {
    index().get(key).copied()
}

fn first(keys: &[&str]) -> Option<&'static Entry> {
    keys.iter().find_map(|k| entry(k))
}

/// A whole explanation: the first of `keys` that the catalogue has, with
/// `args`; rendered with its RFC reference. Empty when none is known.
pub fn text(keys: &[&str], args: &[&str]) -> Explain {
    with(keys, args.iter().map(|a| Arg::from(*a)).collect())
}

/// [`text`] rendered at once, in English and outside any conversation: for
/// the words of a view (a heading, a note) that are built when shown.
pub fn say(keys: &[&str], args: &[&str]) -> String {
    plain(&text(keys, args))
}

/// [`say`] in `locale`.
pub fn say_in(locale: Locale, keys: &[&str], args: &[&str]) -> String {
    render(&text(keys, args), &Context::default(), locale)
}

/// Like [`text`], with arguments that may be explanations themselves.
pub fn with(keys: &[&str], args: Vec<Arg>) -> Explain {
    match first(keys) {
        Some(e) => Explain(vec![Piece::Whole(e.key, args.into_boxed_slice())]),
        None => Explain::none(),
    }
}

/// Like [`text`], rendered without the RFC reference: for pieces that go
/// inside a sentence (a parameter, a mechanism's name, a detail of a status code).
pub fn fragment(keys: &[&str], args: &[&str]) -> Explain {
    fragment_with(keys, args.iter().map(|a| Arg::from(*a)).collect())
}

/// Like [`fragment`], with arguments that may be explanations themselves.
pub fn fragment_with(keys: &[&str], args: Vec<Arg>) -> Explain {
    match first(keys) {
        Some(e) => Explain(vec![Piece::Fragment(e.key, args.into_boxed_slice())]),
        None => Explain::none(),
    }
}

/// Explanations one after the other (rendered with a space between them),
/// skipping empty ones.
pub fn join<const N: usize>(parts: [Explain; N]) -> Explain {
    join_all(parts)
}

/// [`join`] for any number of parts.
pub fn join_all(parts: impl IntoIterator<Item = Explain>) -> Explain {
    let mut out = Explain::none();
    for p in parts {
        out = out.then(p);
    }
    out
}

/// Explanations as one argument, separated by `sep` when rendered.
pub fn list(parts: Vec<Explain>, sep: Sep) -> Arg {
    Arg::List(parts.into_boxed_slice(), sep)
}

/// The explanation of an enhanced status code (RFC 3463) such as `5.1.1`;
/// `None` when `code` is not one.
pub fn status_code(code: &str) -> Option<Explain> {
    is_status_code(code).then(|| Explain(vec![Piece::Status(code.into())]))
}

fn is_status_code(code: &str) -> bool {
    let mut parts = code.split('.');
    let (Some(class), Some(subject), Some(detail)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let ok = |s: &str, max: usize| !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit());
    parts.next().is_none() && matches!(class, "2" | "4" | "5") && ok(subject, 3) && ok(detail, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for e in entries() {
            assert!(seen.insert(e.key), "duplicate catalogue key {}", e.key);
        }
        assert!(seen.len() > 500, "the catalogue has only {} entries", seen.len());
    }

    #[test]
    fn every_entry_has_text_and_placeholders_in_range() {
        for e in entries() {
            assert!(!e.text.trim().is_empty(), "{} has no text", e.key);
            assert!(!e.text.contains("{{"), "{} has a doubled brace", e.key);
        }
    }

    #[test]
    fn fallback_chain_and_arguments() {
        let t = text(&["smtp.reply.250.NOSUCH", "smtp.reply.250"], &[]);
        assert_eq!(t.key(), Some("smtp.reply.250"));
        assert!(plain(&t).contains("RFC 5321"), "{t:?}");
        let t = plain(&text(&["smtp.cmd.MAIL"], &["<alice@lab.example>"]));
        assert!(t.contains("<alice@lab.example>"), "{t}");
        assert!(text(&["no.such.key"], &[]).is_empty());
        assert_eq!(plain(&text(&["no.such.key"], &[])), "");
    }

    /// A count of 1 takes English's `KEY.singular` when the catalogue has one;
    /// another count, and a language without that form, the one text of KEY.
    /// Every `.singular` entry has a base entry with the same reference, and
    /// its base counts with {0}.
    #[test]
    fn a_count_of_one_is_said_in_the_singular() {
        let cx = Context::new(crate::model::Protocol::Smtp, &[], None, 25);
        let gap = |n: &str, locale| render(&text(&["tcp.gap"], &[n]), &cx, locale);
        assert!(
            gap("1", Locale::En).starts_with("1 byte missing from the capture here. It crossed the network"),
            "{}",
            gap("1", Locale::En)
        );
        assert!(gap("2", Locale::En).starts_with("2 bytes missing from the capture here. They crossed"), "{}", gap("2", Locale::En));
        assert!(gap("10", Locale::En).starts_with("10 bytes"), "a count that starts with 1 is not one");
        assert_eq!(gap("1", Locale::Tr), gap("2", Locale::Tr).replacen('2', "1", 1), "Turkish has one form for every count");
        for e in entries().filter(|e| e.key.ends_with(".singular")) {
            let base = entry(e.key.strip_suffix(".singular").unwrap()).unwrap_or_else(|| panic!("{} has no base entry", e.key));
            assert_eq!(base.rfc, e.rfc, "{}: another reference than its base", e.key);
            assert!(base.text.contains("{0}"), "{}: its base has no count in {{0}}", e.key);
        }
    }

    /// Every key the code names literally is in the catalogue (keys built with
    /// format! fall back to literal ones, which this checks too).
    #[test]
    fn every_literal_key_in_the_code_exists() {
        // Every source file of the crate, so a new protocol's file is checked without being listed here.
        fn rust_files(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    rust_files(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("tests.rs") {
                    // Tests name missing keys on purpose.
                    let text = std::fs::read_to_string(&p).unwrap();
                    out.push(text.split("#[cfg(test)]").next().unwrap_or("").to_string());
                }
            }
        }
        let mut sources = Vec::new();
        rust_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut sources);
        assert!(sources.len() > 30, "only {} source files found", sources.len());
        let mut checked = 0;
        for src in &sources {
            for call in ["text(&[", "fragment(&[", "with(&[", "fragment_with(&["] {
                for (at, _) in src.match_indices(call) {
                    let rest = &src[at + call.len()..];
                    let list = &rest[..rest.find(']').unwrap_or(0)];
                    for part in list.split(',') {
                        let part = part.trim();
                        if let Some(key) = part.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
                            if key.contains('{') || key.is_empty() {
                                continue;
                            }
                            assert!(entry(key).is_some(), "the code names {key:?}, which the catalogue lacks");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 60, "only {checked} literal keys found");
    }

    #[test]
    fn enhanced_status_codes_name_class_subject_and_detail() {
        assert_eq!(
            status_code("5.1.1").as_ref().map(plain).as_deref(),
            Some("5.1.1: permanent failure, addressing status: bad destination mailbox address. [RFC 3463 §3.2]")
        );
        let t = plain(&status_code("5.7.8").unwrap());
        assert!(t.contains("authentication credentials invalid") && t.contains("RFC 4954"), "{t}");
        let t = plain(&status_code("4.7.0").unwrap());
        assert!(t.starts_with("4.7.0: temporary failure"), "{t}");
        let t = plain(&status_code("2.1.99").unwrap());
        assert!(t.contains("detail 99"), "{t}");
        for bad in ["1.1.1", "5.1", "5.1.1.1", "a.b.c", "5..1", "3.0.0"] {
            assert_eq!(status_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_entry_cites_a_source_unless_it_is_a_fragment() {
        // Fragments (pieces of a sentence) are rendered without a reference;
        // every whole explanation says where the behaviour is specified.
        let fragment = |k: &str| {
            [
                "esc",
                "smtp.param.",
                "smtp.mech.",
                "imap.item.",
                "imap.fetch.",
                "sasl.exposure.",
                "paste.credential.",
                "sasl.ntlm.target",
                "sasl.ntlm.names",
                "credential",
            ]
            .iter()
            .any(|p| k == "esc" || (p.ends_with('.') && k.starts_with(p)) || k == *p)
                || (k.starts_with("glossary.") && k.ends_with(".term"))
                || k.ends_with(".answered")
                || k.ends_with(".rejected")
                || k == "smtp.params"
                || k == "smtp.queue_id"
                || k.starts_with("tls.hello.")
                || k.starts_with("tls.suite")
                || k.starts_with("tls.handshake.")
                || k.starts_with("tls.alert.level.")
                || k.starts_with("imap.attr")
                || k.starts_with("imap.status.")
                || k == "imap.store.silent"
                || k.starts_with("tls.alert.desc.")
                || k.starts_with("tcp.options")
        };
        let general = [
            "phase.",
            "list.",
            "tcp.",
            "tls.starts",
            "line.",
            "other.",
            "smtp.data.",
            "header.",
            "tunnel.other",
            "tunnel.name.",
            // Why Postscope chose a conversation's protocol (port, first bytes): its own reasoning, no RFC's.
            "recognised.",
            "paste.",
            "quiz.right",
            "quiz.wrong",
            "glossary.title",
        ];
        // What the capture or the page shows about a message (not protocol behaviour), and a fragment.
        let general = [
            &general[..],
            &[
                "message.view.",
                "message.other",
                "message.ended_early",
                "message.missing",
                "message.cut",
                "received.unknown",
                "received.date.unreadable",
                // The words of the capture-wide views (explain/lesson.rs): counts and headings, not behaviour.
                "overview.",
                "note.kind.",
                // The capture's notes (explain/notes.rs): Postscope's reading of the file, not protocol behaviour.
                "note.",
                "tour.error.",
                "tour.problem.",
                "eaves.kind.",
                "eaves.hide",
                // What Postscope lists of a long message or response (its memory bound), not behaviour.
                "content.elided",
                "lines.elided",
            ],
        ]
        .concat();
        for e in entries() {
            if fragment(e.key) || general.iter().any(|g| e.key.starts_with(g)) || e.key.starts_with("esc.") {
                continue;
            }
            assert!(!e.rfc.is_empty(), "{} cites no source", e.key);
        }
    }
}
