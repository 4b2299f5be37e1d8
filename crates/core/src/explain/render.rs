//! Rendering: an [`Explain`] (catalogue keys and arguments) becomes text in
//! the reader's language, with what the rest of its conversation says (the
//! answer a command got, how TLS started) taken from a [`Context`].

use super::{entry, Arg, Explain, Piece, Sep};
use crate::model::{Dir, Item, Protocol, Stream, TlsKind};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The reader's language. The catalogue is written in English
/// (`crates/core/src/explain/*.rs`); each other language is one file
/// `crates/core/locales/<tag>.tsv` (`key<TAB>text`, `#` comments), built
/// into the library with the `locales` feature (the default: the CLI), or
/// given to it at run time with [`Locale::install`] (the web app fetches a
/// language's file when the reader picks it, so the first load carries
/// none). The RFC references are English's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    /// Turkish.
    Tr,
    /// Simplified Chinese.
    Zh,
}

/// The translations built in, one file per language other than English.
#[cfg(feature = "locales")]
const TRANSLATIONS: [(Locale, &str); 2] =
    [(Locale::Tr, include_str!("../../locales/tr.tsv")), (Locale::Zh, include_str!("../../locales/zh.tsv"))];
#[cfg(not(feature = "locales"))]
const TRANSLATIONS: [(Locale, &str); 0] = [];

/// The translations given at run time ([`Locale::install`]), by [`Locale::index`].
static INSTALLED: [OnceLock<&'static str>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

impl Locale {
    /// Every language Postscope can explain in.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Tr, Locale::Zh];

    /// The language for a BCP 47 tag ("tr", "tr-TR", "zh-CN", "en-GB"), if
    /// Postscope has it. Every Chinese tag gives the Simplified Chinese
    /// translation: there is no Traditional one (zh-TW, zh-HK, zh-Hant), and a
    /// reader of Traditional characters reads Simplified more easily than
    /// English; the page's switch still offers English.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "tr" => Some(Locale::Tr),
            "zh" => Some(Locale::Zh),
            _ => None,
        }
    }
    /// The first of the reader's preferred tags Postscope has, else English.
    pub fn negotiate<'a>(tags: impl IntoIterator<Item = &'a str>) -> Locale {
        tags.into_iter().find_map(Locale::from_tag).unwrap_or_default()
    }
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Tr => "tr",
            Locale::Zh => "zh",
        }
    }
    fn index(self) -> usize {
        Locale::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }
    /// The translation file's text: built in, else installed (`None` for
    /// English, which is the catalogue itself, and for a language not yet installed).
    pub fn source(self) -> Option<&'static str> {
        TRANSLATIONS.iter().find(|(l, _)| *l == self).map(|(_, s)| *s).or_else(|| INSTALLED[self.index()].get().copied())
    }
    /// Whether explanations can be given in this language now: English
    /// always, another once its translation is built in or installed.
    /// Until then an explanation falls back to English.
    pub fn is_ready(self) -> bool {
        self == Locale::En || self.source().is_some()
    }
    /// Gives the library this language's translation file (the text of
    /// `crates/core/locales/<tag>.tsv`), kept for the rest of the program.
    /// The first text given for a language stays; a later one, or one for a
    /// language built in, is ignored. Lines that are not `key<TAB>text` are
    /// skipped, as in the built-in files (a test keeps those from shipping).
    pub fn install(self, text: String) {
        if self != Locale::En && self.source().is_none() {
            // Leaked on purpose: one file per language, for the program's life, so its texts are `&'static`.
            let _ = INSTALLED[self.index()].set(Box::leak(text.into_boxed_str()));
        }
    }
    /// The translated texts by key (`None` for English, or a language not ready).
    fn table(self) -> Option<&'static HashMap<&'static str, &'static str>> {
        static TABLES: [OnceLock<HashMap<&'static str, &'static str>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let source = self.source()?;
        Some(TABLES[self.index()].get_or_init(|| parse(source).0.into_iter().collect()))
    }
    /// An entry's text in this language, with its (English) reference; the
    /// English text when the translation lacks the key (a test keeps that
    /// from shipping) or the language is not ready.
    fn text(self, key: &str) -> Option<(&'static str, &'static str)> {
        let e = entry(key)?;
        Some((self.table().and_then(|t| t.get(key).copied()).unwrap_or(e.text), e.rfc))
    }
    /// What separates two sentences (or fragments) of one explanation, the
    /// first ending `before`: a space, except in Chinese after its full-width
    /// punctuation, which needs none (after a reference's "]" or other
    /// half-width text, Chinese too takes a space).
    fn gap(self, before: &str) -> &'static str {
        match self {
            Locale::Zh if !before.trim_end_matches([ARG_CLOSE, REF_CLOSE]).ends_with(|c: char| c.is_ascii()) => "",
            _ => " ",
        }
    }
    /// The text of `key` for these arguments: `KEY.singular` when the
    /// first argument is the count 1 and this language has that form
    /// (English's "1 byte is" beside "{0} bytes are"; a language without a
    /// singular after numbers, as Turkish and Chinese, has none, and its
    /// one text serves every count); else the text of `key`.
    fn text_for(self, key: &str, args: &[Arg]) -> Option<(&'static str, &'static str)> {
        if matches!(args.first(), Some(Arg::Text(t)) if &**t == "1") {
            let singular = format!("{key}.singular");
            if let Some(e) = entry(&singular) {
                let text = match self {
                    Locale::En => Some(e.text),
                    _ => self.table().and_then(|t| t.get(singular.as_str()).copied()),
                };
                if let Some(t) = text {
                    return Some((t, e.rfc));
                }
            }
        }
        self.text(key)
    }
    /// A text only the renderer uses (a list separator): this language's, else English's.
    fn word(self, key: &str) -> &'static str {
        self.text(key).map_or("", |(t, _)| t)
    }
}

/// A translation file's entries (`key<TAB>text`; `#` starts a comment, blank
/// lines are skipped), and the numbers of lines that are neither.
pub fn parse(source: &'static str) -> (Vec<(&'static str, &'static str)>, Vec<usize>) {
    let (mut entries, mut bad) = (Vec::new(), Vec::new());
    for (n, line) in source.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once('\t') {
            Some((key, text)) if !key.trim().is_empty() => entries.push((key.trim(), text)),
            _ => bad.push(n + 1),
        }
    }
    (entries, bad)
}

/// What the rest of a conversation says, for explanations that depend on it.
/// Built once per conversation with [`Context::of`]; [`Context::default`]
/// knows nothing (an item shown on its own).
#[derive(Clone, Debug, Default)]
pub struct Context {
    protocol: Option<Protocol>,
    /// The status of the reply that completed the command on each line (by line number).
    answers: HashMap<u32, Box<str>>,
    /// The frame of the conversation's first ClientHello, and what to say there about how TLS started.
    first_hello: Option<u32>,
    tls_start: Explain,
    /// The conversation switched to TLS at some frame.
    tls_started: bool,
    /// Where bytes are missing for good: (sent by the client, first frame after them).
    gaps: std::collections::HashSet<(bool, u32)>,
}

impl Context {
    pub fn of(stream: &Stream) -> Context {
        Context::new(stream.protocol, &stream.items, stream.tls_from_frame, stream.server.port())
    }

    /// The context of a conversation's items, before they are a [`Stream`].
    pub fn new(protocol: Protocol, items: &[Item], tls_from: Option<u32>, server_port: u16) -> Context {
        let mut answers = HashMap::new();
        for item in items {
            if let Item::Line(l) = item {
                if let (Some(n), Some(verb)) = (l.answers, &l.verb) {
                    answers.insert(n, verb.as_str().into());
                }
            }
        }
        let first_hello = items.iter().find_map(|i| match i {
            Item::Tls(t) if t.kind == TlsKind::ClientHello => Some(t.frame),
            _ => None,
        });
        let gaps = items.iter().filter_map(|i| if let Item::Gap(g) = i { Some((g.dir == Dir::Client, g.frame)) } else { None }).collect();
        let tls_start = tls_start(items, tls_from, server_port);
        Context { protocol: Some(protocol), answers, first_hello, tls_start, tls_started: tls_from.is_some(), gaps }
    }
}

/// How TLS started: at once (implicit TLS, on which port), or sent to a
/// server that kept answering in plain text.
fn tls_start(items: &[Item], tls_from: Option<u32>, port: u16) -> Explain {
    let Some(from) = tls_from else { return Explain::none() };
    let lines_before = items.iter().any(|i| matches!(i, Item::Line(l) if l.frame < from));
    let server_tls = items.iter().any(|i| matches!(i, Item::Tls(t) if t.dir == Dir::Server));
    let plain_after = items.iter().any(|i| matches!(i, Item::Line(l) if l.dir == Dir::Server && l.frame >= from));
    let decrypted = items.iter().any(|i| matches!(i, Item::Line(l) if l.decrypted));
    let mut notes = Explain::none();
    if !lines_before {
        notes = notes.then(if matches!(port, 443 | 465 | 993 | 995) && decrypted {
            super::text(&["tls.implicit.decrypted"], &[])
        } else if matches!(port, 443 | 465 | 993 | 995) {
            super::text(&["tls.implicit"], &[])
        } else {
            super::text(&["tls.implicit.unusual_port"], &[&port.to_string()])
        });
    }
    if !server_tls && plain_after {
        notes = notes.then(super::text(&["tls.not_answered"], &[]));
    }
    notes
}

/// The text of an explanation, in `locale`, in its conversation's `context`.
pub fn render(e: &Explain, context: &Context, locale: Locale) -> String {
    let mut out = String::new();
    write(e, context, locale, Marks::None, &mut out);
    out
}

/// Whether a rendering marks where the capture's values and the references
/// are, so that [`short`] can find the catalogue's own sentence ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Marks {
    None,
    Marked,
}

/// Opens and closes an argument (a value from the capture, or another
/// explanation) in a marked rendering: a full stop inside it (a server's
/// "Ready." or a host name) is not the end of the catalogue's sentence.
const ARG_OPEN: char = '\u{E000}';
const ARG_CLOSE: char = '\u{E001}';
/// Opens and closes a reference ("[RFC 5321 §4.2]") in a marked rendering.
const REF_OPEN: char = '\u{E002}';
const REF_CLOSE: char = '\u{E003}';

/// The short form of an explanation: its first sentence, as the catalogue
/// wrote it, without references, in `locale`. It is never cut inside a
/// sentence: it ends where the catalogue's text (not a value from the
/// capture in it) ends a sentence with `.`, `!`, `?` or `。！？`, or where the
/// explanation breaks its line before a list (the intro's closing colon is
/// then left out). An explanation of one sentence is its own short form,
/// references aside.
pub fn short(e: &Explain, context: &Context, locale: Locale) -> String {
    let mut marked = String::new();
    write(e, context, locale, Marks::Marked, &mut marked);
    first_sentence(&marked)
}

/// The reference of the short form: the first one the explanation cites
/// ("RFC 9293 §3.5"), which is its first whole entry's, the entry the short
/// form's sentence is from (a sentence made of fragments has none of its own
/// and takes the first cited after it).
pub fn short_reference(e: &Explain, context: &Context, locale: Locale) -> Option<String> {
    let mut marked = String::new();
    write(e, context, locale, Marks::Marked, &mut marked);
    let start = marked.find(REF_OPEN)? + REF_OPEN.len_utf8();
    let end = start + marked[start..].find(REF_CLOSE)?;
    let r = marked[start..end].trim();
    Some(r.strip_prefix('[').and_then(|r| r.strip_suffix(']')).unwrap_or(r).to_string())
}

/// The first sentence of a marked rendering, marks and references removed.
fn first_sentence(marked: &str) -> String {
    let mut out = String::new();
    let (mut depth, mut in_ref) = (0usize, false);
    let chars: Vec<char> = marked.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            ARG_OPEN => depth += 1,
            ARG_CLOSE => depth = depth.saturating_sub(1),
            REF_OPEN => in_ref = true,
            REF_CLOSE => in_ref = false,
            _ if in_ref => {}
            '\n' if depth == 0 => {
                let kept = out.trim_end();
                return kept.strip_suffix(':').or_else(|| kept.strip_suffix('：')).unwrap_or(kept).trim_end().to_string();
            }
            '。' | '！' | '？' if depth == 0 => {
                out.push(c);
                return out.trim().to_string();
            }
            '.' | '!' | '?' if depth == 0 => {
                out.push(c);
                // A sentence ends at the stop before a space (or the end): not at "e.g.", "vb." or "3.5".
                let next = chars[i..].iter().find(|c| !matches!(**c, ARG_CLOSE | ARG_OPEN));
                let ends = match next {
                    None => true,
                    Some(n) => n.is_whitespace() || *n == REF_OPEN,
                };
                if ends && !abbreviation(&out) {
                    return out.trim().to_string();
                }
            }
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Whether `text` ends with an abbreviation whose stop ends no sentence.
fn abbreviation(text: &str) -> bool {
    const SHORT: [&str; 5] = ["e.g.", "i.e.", "vb.", "örn.", "bkz."];
    let lower = text.to_lowercase();
    SHORT.iter().any(|a| lower.ends_with(a) && lower[..lower.len() - a.len()].chars().last().is_none_or(|c| !c.is_alphanumeric()))
}

fn write(e: &Explain, cx: &Context, locale: Locale, m: Marks, out: &mut String) {
    let mut after_break = true;
    let start = out.len();
    for piece in e.pieces() {
        let mut text = String::new();
        match piece {
            Piece::Break => {
                out.push('\n');
                after_break = true;
                continue;
            }
            Piece::Whole(key, args) => whole(key, args, cx, locale, m, &mut text),
            Piece::Fragment(key, args) => {
                if let Some((t, _)) = locale.text_for(key, args) {
                    fill(t, args, cx, locale, m, &mut text);
                }
            }
            Piece::Status(code) => status(code, locale, m, &mut text),
            Piece::LostBefore { client, frame, bytes } => {
                // Gaps are recorded only for conversations Postscope reads; elsewhere it cannot tell.
                let read = cx.protocol.is_some_and(|p| p != Protocol::Unknown);
                let key = if read && !cx.gaps.contains(&(*client, *frame)) { "tcp.lost.filled" } else { "tcp.lost" };
                whole(key, &[Arg::from(bytes.to_string())], cx, locale, m, &mut text);
            }
            Piece::NoTlsFollowed { key } => {
                if cx.protocol.is_some() && !cx.tls_started {
                    whole(key, &[], cx, locale, m, &mut text);
                }
            }
            Piece::Unanswered { line, key } => {
                if cx.protocol.is_some() && !cx.answers.contains_key(line) {
                    whole(key, &[], cx, locale, m, &mut text);
                }
            }
            Piece::TlsStart { frame } => {
                if cx.first_hello == Some(*frame) {
                    write(&cx.tls_start, cx, locale, m, &mut text);
                }
            }
        }
        if text.is_empty() {
            continue;
        }
        if !after_break && out.len() > start {
            out.push_str(locale.gap(&out[start..]));
        }
        out.push_str(&text);
        after_break = false;
    }
}

fn whole(key: &str, args: &[Arg], cx: &Context, locale: Locale, m: Marks, out: &mut String) {
    if let Some((t, rfc)) = locale.text_for(key, args) {
        fill(t, args, cx, locale, m, out);
        if !rfc.is_empty() {
            reference(rfc, m, out);
        }
    }
}

/// " [RFC 5321 §4.2]" after a whole explanation (marked, in a marked rendering).
fn reference(rfc: &str, m: Marks, out: &mut String) {
    if m == Marks::Marked {
        out.push(REF_OPEN);
    }
    out.push_str(" [");
    out.push_str(rfc);
    out.push(']');
    if m == Marks::Marked {
        out.push(REF_CLOSE);
    }
}

/// Fills `{N}` placeholders; a placeholder without an argument becomes "?"
/// so users never see braces.
fn fill(text: &str, args: &[Arg], cx: &Context, locale: Locale, m: Marks, out: &mut String) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| after[..close].parse::<usize>().ok().map(|n| (n, close))) {
            Some((n, close)) => {
                match args.get(n) {
                    Some(a) => {
                        if m == Marks::Marked {
                            out.push(ARG_OPEN);
                        }
                        arg(a, cx, locale, m, out);
                        if m == Marks::Marked {
                            out.push(ARG_CLOSE);
                        }
                    }
                    None => out.push('?'),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn arg(a: &Arg, cx: &Context, locale: Locale, m: Marks, out: &mut String) {
    match a {
        Arg::Text(t) => out.push_str(t),
        Arg::Explain(e) => write(e, cx, locale, m, out),
        Arg::List(items, sep) => {
            let sep = locale.word(match sep {
                Sep::Semicolon => "list.semicolon",
                Sep::Comma => "list.comma",
            });
            for (i, e) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                write(e, cx, locale, m, out);
            }
        }
        Arg::Answer { line } => {
            if let Some(e) = answer(cx, *line) {
                write(&e, cx, locale, m, out);
            }
        }
    }
}

/// What the server answered to a command it may not know, when the capture has the answer.
fn answer(cx: &Context, line: u32) -> Option<Explain> {
    let status = cx.answers.get(&line)?;
    let s: &str = status;
    Some(match cx.protocol? {
        Protocol::Smtp if s.starts_with('5') => super::fragment(&["smtp.cmd.unknown.rejected"], &[s]),
        Protocol::Smtp => super::fragment(&["smtp.cmd.answered"], &[s]),
        Protocol::Pop3 if s == "+OK" => super::fragment(&["pop3.cmd.answered"], &[s]),
        Protocol::Pop3 => super::fragment(&["pop3.cmd.unknown.rejected"], &[]),
        Protocol::Imap if s == "OK" => super::fragment(&["imap.cmd.answered"], &[s]),
        Protocol::Imap => super::fragment(&["imap.cmd.unknown.rejected"], &[s]),
        _ => return None,
    })
}

/// An enhanced status code (RFC 3463): its class, subject and detail, with
/// the reference of its detail.
fn status(code: &str, locale: Locale, m: Marks, out: &mut String) {
    let mut parts = code.split('.');
    let (class, subject, detail) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (subject_n, detail_n) = (subject.parse::<u32>().unwrap_or(0), detail.parse::<u32>().unwrap_or(0));
    let frag = |key: &str, args: &[&str]| {
        let mut s = String::new();
        if let Some((t, _)) = locale.text(key) {
            let args: Vec<Arg> = args.iter().map(|a| Arg::from(*a)).collect();
            fill(t, &args, &Context::default(), locale, Marks::None, &mut s);
        }
        s
    };
    let detail_entry = locale.text(&format!("esc.detail.{subject_n}.{detail_n}"));
    let detail_text = match detail_entry {
        Some((t, _)) => t.to_string(),
        None => frag("esc.detail.other", &[detail]),
    };
    let subject_text = frag(&format!("esc.subject.{subject_n}"), &[]);
    let subject_text = if subject_text.is_empty() { frag("esc.subject.other", &[subject]) } else { subject_text };
    let class_text = frag(&format!("esc.class.{class}"), &[]);
    let Some((esc, esc_rfc)) = locale.text("esc") else { return };
    let args: Vec<Arg> = [code, &class_text, &subject_text, &detail_text].iter().map(|a| Arg::from(*a)).collect();
    fill(esc, &args, &Context::default(), locale, m, out);
    let rfc = detail_entry.map_or(esc_rfc, |(_, r)| r);
    reference(rfc, m, out);
}

/// An explanation shown on its own, in English: no conversation around it.
pub fn plain(e: &Explain) -> String {
    render(e, &Context::default(), Locale::En)
}

/// The explanation of any item of a stream, rendered.
pub fn item(item: &Item, cx: &Context, locale: Locale) -> String {
    render(item.explain(), cx, locale)
}
