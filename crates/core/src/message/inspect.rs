//! The detailed reading of one message, for the app's message view and the
//! CLI's `--extract`: headers as written and decoded, the Received chain
//! oldest hop first, and the MIME tree with each part's bytes as they crossed
//! the wire next to what they decode to. All explanations come from the
//! catalogue. Parsing is mail-parser's; this module only arranges its result.

use super::{content_type, encoding, header_text, visit};

/// The catalogue, rendered at once: the message view is read when it is shown.
mod explain {
    use crate::explain::{fragment as piece, render, say_in, Context, Locale};
    pub fn text(keys: &[&str], args: &[&str], lc: Locale) -> String {
        say_in(lc, keys, args)
    }
    pub fn fragment(keys: &[&str], args: &[&str], lc: Locale) -> String {
        render(&piece(keys, args), &Context::default(), lc)
    }
}
use crate::explain::Locale;
use mail_parser::{Host, MessageParser, MimeHeaders, PartType};

/// Headers every reader looks at first, in the order they are shown.
pub const KEY_HEADERS: [&str; 6] = ["from", "to", "cc", "subject", "date", "message-id"];

/// One header line (folded lines joined only for the decoded form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderView {
    /// The name as written.
    pub name: String,
    /// The value as it crossed the wire, folding kept, without the final CRLF.
    pub raw: String,
    /// The value decoded, when it differs from the raw text in more than
    /// folding (RFC 2047 encoded-words, or bytes that are not ASCII).
    pub decoded: Option<String>,
    /// What the header is for, from the catalogue ("" when it has no entry).
    pub explain: String,
    /// The value holds RFC 2047 encoded-words (`=?UTF-8?B?...?=`).
    pub encoded_words: bool,
}

/// One hop of the Received chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// 1 for the oldest hop (the last Received header in the message).
    pub number: usize,
    pub from: Option<String>,
    pub by: Option<String>,
    pub with: Option<String>,
    pub id: Option<String>,
    pub for_: Option<String>,
    pub date: Option<String>,
    pub tls: Option<String>,
    /// The header as written.
    pub raw: String,
    pub explain: String,
}

/// What a part holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    Multipart,
    Text,
    Html,
    Binary,
    Message,
}

/// One node of the MIME tree.
#[derive(Clone, Debug)]
pub struct PartView {
    /// As IMAP numbers parts ("1.2"); "" for a multipart message's root.
    pub id: String,
    pub depth: u32,
    pub kind: PartKind,
    pub content_type: String,
    pub charset: Option<String>,
    /// Content-Transfer-Encoding in lower case; "7bit" when absent.
    pub encoding: String,
    /// The part named its encoding (else 7bit is implied).
    pub encoding_declared: bool,
    pub disposition: Option<String>,
    pub filename: Option<String>,
    pub headers: Vec<HeaderView>,
    /// The body exactly as it crossed the wire (still transfer-encoded).
    pub wire: Vec<u8>,
    /// The decoded text of a text part (charset converted to Unicode).
    pub text: Option<String>,
    /// The decoded bytes: what saving the part writes.
    pub data: Vec<u8>,
    /// Explanations of its type, disposition, encoding and charset.
    pub explain: Vec<String>,
}

/// A whole message, read for display.
#[derive(Clone, Debug, Default)]
pub struct Inspection {
    /// The message had headers mail-parser could read.
    pub parsed: bool,
    pub headers: Vec<HeaderView>,
    /// Oldest hop first.
    pub received: Vec<Hop>,
    pub parts: Vec<PartView>,
    /// Explanation of the Received chain as a whole ("" without one).
    pub received_explain: String,
}

impl Inspection {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&HeaderView> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name))
    }
}

fn host(h: &Host<'_>) -> String {
    h.to_string()
}

fn headers_of(raw: &[u8], headers: &[mail_parser::Header<'_>], lc: Locale) -> Vec<HeaderView> {
    headers
        .iter()
        .map(|h| {
            let slice = |a: u32, b: u32| raw.get(a as usize..b as usize).unwrap_or(&[]);
            let name_raw = slice(h.offset_field, h.offset_start);
            let name = String::from_utf8_lossy(name_raw).trim_end().trim_end_matches(':').trim().to_string();
            let value_raw = slice(h.offset_start, h.offset_end);
            let value = String::from_utf8_lossy(value_raw);
            let value = value.trim_end_matches(['\r', '\n']).trim_start_matches([' ', '\t']).to_string();
            let encoded_words = value.contains("=?") && value.contains("?=");
            let non_ascii = !value_raw.is_ascii();
            let decoded = if encoded_words || non_ascii { header_text(&h.value) } else { None };
            let key = format!("header.{}", name.to_ascii_lowercase());
            let explain = explain::text(&[&key], &[&visible(&name)], lc);
            HeaderView { name, raw: value, decoded, explain, encoded_words }
        })
        .collect()
}

/// Characters that only ever disguise text in a header or a file name: direction
/// overrides and isolates, zero-width characters, the byte-order mark.
fn disguising(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}' | '\u{00ad}')
}

/// Text from a capture with its invisible tricks made visible, for headers and
/// file names: control characters are named (`⟨ESC⟩`, `⟨U+0001⟩`), direction
/// and zero-width characters too (`⟨U+202E⟩`). Tabs and line ends (CRLF or
/// LF, as in a folded header) stay.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\t' => out.push(c),
            '\u{0}' => out.push_str("⟨NUL⟩"),
            '\u{7}' => out.push_str("⟨BEL⟩"),
            '\u{8}' => out.push_str("⟨BS⟩"),
            '\u{1b}' => out.push_str("⟨ESC⟩"),
            '\u{7f}' => out.push_str("⟨DEL⟩"),
            c if c.is_control() || disguising(c) => out.push_str(&format!("⟨U+{:04X}⟩", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// True when [`visible`] has something to reveal in `s`.
pub fn has_hidden(s: &str) -> bool {
    s.chars().any(|c| (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || disguising(c))
}

/// Shows bytes as they were on the wire: printable ASCII, tabs and line ends
/// as they are, any other byte as `\xHH`, so an 8-bit body shows its bytes.
pub fn wire_text(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\r' => {}
            b'\n' | b'\t' | 0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02X}")),
        }
    }
    s
}

/// A `data:` URL for an image small enough to show inline; raster formats
/// only (an SVG could carry script and remote references).
pub fn image_data_url(content_type: &str, data: &[u8]) -> Option<String> {
    use base64::Engine;
    const SHOWN: [&str; 5] = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"];
    if !SHOWN.contains(&content_type) || data.is_empty() || data.len() > 2 * 1024 * 1024 {
        return None;
    }
    Some(format!("data:{content_type};base64,{}", base64::engine::general_purpose::STANDARD.encode(data)))
}

/// The Content-Security-Policy every rendered HTML part runs under: nothing
/// may load from anywhere (images only from `data:` URLs), and no script runs.
pub const HTML_CSP: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/// The document for the `srcdoc` of the sandboxed iframe that renders an HTML
/// part. The iframe itself has `sandbox=""` (no scripts, no forms, a unique
/// origin); this policy also stops remote images, CSS and fonts, so opening a
/// message never tells its sender that it was read.
pub fn sandbox_document(html: &str) -> String {
    format!(
        "<!DOCTYPE html><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{HTML_CSP}\"><base target=\"_blank\">{html}"
    )
}

/// Whether text in `charset` is converted to Unicode: UTF-8, or a charset in
/// mail-parser's table (encoding_rs for the multi-byte East Asian ones),
/// except those it maps to the WHATWG "replacement" decoder (HZ, ISO-2022-KR,
/// ISO-2022-CN), which turns every byte into U+FFFD.
pub fn charset_converted(charset: &str) -> bool {
    let name = charset.trim().trim_matches('"');
    let l = name.to_ascii_lowercase();
    if matches!(l.as_str(), "utf-8" | "utf8" | "unicode-1-1-utf-8" | "unicode11utf8" | "unicode20utf8" | "x-unicode20utf8") {
        return true;
    }
    match mail_parser::decoders::charsets::map::charset_decoder(name.as_bytes()) {
        Some(decode) => decode(b"ab") != "\u{fffd}",
        None => false,
    }
}

/// The multi-byte East Asian character sets (Chinese, Japanese, Korean).
pub fn cjk_charset(charset: &str) -> bool {
    let l = charset.trim().trim_matches('"').to_ascii_lowercase().replace('_', "-");
    [
        "shift-jis",
        "shift_jis",
        "sjis",
        "ms-kanji",
        "windows-31j",
        "cp932",
        "big5",
        "cn-big5",
        "csbig5",
        "euc-",
        "cseuc",
        "iso-2022-",
        "gb2312",
        "gbk",
        "gb18030",
        "cp936",
        "chinese",
        "hz-gb",
        "ks-c-5601",
        "korean",
        "x-euc",
        "x-sjis",
        "x-mac-",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

/// Reads a message for display. Never panics; bytes without headers give an
/// inspection with `parsed == false` and no parts.
pub fn inspect(raw: &[u8]) -> Inspection {
    inspect_in(raw, Locale::En)
}

/// [`inspect`], with the explanations in `lc`.
pub fn inspect_in(raw: &[u8], lc: Locale) -> Inspection {
    let Some(m) = MessageParser::default().parse(raw) else {
        return Inspection::default();
    };
    let root = m.root_part();
    let headers = headers_of(raw, &root.headers, lc);

    // Received headers are added on top by each server: the last one is the oldest hop.
    let received_headers: Vec<&mail_parser::Header<'_>> =
        root.headers.iter().filter(|h| h.name.as_str().eq_ignore_ascii_case("received")).collect();
    let mut received = Vec::new();
    for (i, h) in received_headers.iter().rev().enumerate() {
        let raw_text = String::from_utf8_lossy(raw.get(h.offset_start as usize..h.offset_end as usize).unwrap_or(&[])).trim().to_string();
        let r = h.value.as_received();
        let from = r.map(|r| {
            let mut s = r.from().or(r.helo()).map(host).unwrap_or_default();
            if let Some(ip) = r.from_ip() {
                s = if s.is_empty() { ip.to_string() } else { format!("{s} [{ip}]") };
            }
            s
        });
        let from = from.filter(|s| !s.is_empty());
        let by = r.and_then(|r| r.by()).map(host);
        let with = r.and_then(|r| r.with()).map(|p| p.to_string());
        let id = r.and_then(|r| r.id()).map(str::to_string);
        let for_ = r.and_then(|r| r.for_()).map(str::to_string);
        // A date mail-parser could not make sense of ("Mrz, 02 2004 12:55:34")
        // is shown as written, never as the nonsense its fields would give.
        let date = r.and_then(|r| r.date()).filter(|d| d.is_valid()).map(|d| d.to_rfc822()).or_else(|| {
            let written = raw_text.rsplit_once(';').map(|(_, d)| d.trim()).filter(|d| !d.is_empty())?;
            Some(explain::fragment(&["received.date.unreadable"], &[written], lc))
        });
        let tls = r.and_then(|r| r.tls_version()).map(|t| t.to_string());
        let unknown = explain::text(&["received.unknown"], &[], lc);
        let shown = |v: &Option<String>| v.as_deref().map(visible).unwrap_or_else(|| unknown.clone());
        // Without a `with` clause the hop says nothing of the protocol, and neither do we.
        let key = if with.is_some() { "received.hop" } else { "received.hop.no_with" };
        let mut explain = explain::text(
            &[key],
            &[&(i + 1).to_string(), &shown(&by), &shown(&from), &with.as_deref().map(visible).unwrap_or_default(), &shown(&date)],
            lc,
        );
        if let Some(w) = &with {
            let more = explain::text(&[&format!("received.with.{}", w.to_ascii_uppercase())], &[], lc);
            if !more.is_empty() {
                explain.push(' ');
                explain.push_str(&more);
            }
        }
        if let Some(f) = &for_ {
            explain.push(' ');
            explain.push_str(&explain::text(&["received.for"], &[&visible(f)], lc));
        }
        received.push(Hop { number: i + 1, from, by, with, id, for_, date, tls, raw: raw_text, explain });
    }
    let received_explain =
        if received.is_empty() { String::new() } else { explain::text(&["received.chain"], &[&received.len().to_string()], lc) };

    let mut parts = Vec::new();
    visit(&m, "", 0, &mut |msg, p, id, depth| {
        let raw = msg.raw_message();
        let kind = match &p.body {
            PartType::Multipart(_) => PartKind::Multipart,
            PartType::Html(_) => PartKind::Html,
            PartType::Text(_) => PartKind::Text,
            PartType::Message(_) => PartKind::Message,
            PartType::Binary(_) | PartType::InlineBinary(_) => PartKind::Binary,
        };
        let ct = content_type(p);
        let charset = p.content_type().and_then(|c| c.attribute("charset")).map(str::to_string);
        let enc = encoding(p);
        let wire = raw.get(p.offset_body as usize..p.offset_end as usize).unwrap_or(&[]).to_vec();
        let text = match &p.body {
            PartType::Text(t) | PartType::Html(t) => Some(t.to_string()),
            _ => None,
        };
        let data = p.contents().to_vec();
        let disposition = p.content_disposition().map(|d| d.ctype().to_ascii_lowercase());
        let filename = p.attachment_name().map(str::to_string);
        let mut ex = Vec::new();
        let (major, minor) = ct.split_once('/').unwrap_or((&ct, ""));
        let type_text = explain::text(&[&format!("mime.{major}.{minor}"), &format!("mime.{major}"), "mime.other"], &[&visible(&ct)], lc);
        ex.push(type_text);
        if let Some(d) = &disposition {
            // Capture text inside an explanation is made visible: a direction
            // override in a file name would otherwise turn the sentence around.
            let t = explain::text(&[&format!("mime.disposition.{d}")], &[&visible(filename.as_deref().unwrap_or(""))], lc);
            if !t.is_empty() {
                ex.push(t);
            }
        }
        if kind != PartKind::Multipart {
            ex.push(explain::text(&[&format!("mime.encoding.{enc}"), "mime.encoding.other"], &[&visible(&enc)], lc));
        }
        if let Some(cs) = &charset {
            let l = cs.to_ascii_lowercase();
            let family = if !charset_converted(&l) {
                "mime.charset.unsupported"
            } else if cjk_charset(&l) {
                "mime.charset.east-asian"
            } else if l.starts_with("iso-8859") {
                "mime.charset.iso-8859"
            } else if l.starts_with("windows-125") || l.starts_with("cp125") {
                "mime.charset.windows"
            } else {
                "mime.charset.other"
            };
            ex.push(explain::text(&[&format!("mime.charset.{l}"), family], &[&visible(cs)], lc));
        }
        parts.push(PartView {
            id: id.to_string(),
            depth,
            kind,
            content_type: ct,
            charset,
            encoding_declared: p.content_transfer_encoding().is_some(),
            encoding: enc,
            disposition,
            filename,
            headers: headers_of(raw, &p.headers, lc),
            wire,
            text,
            data,
            explain: ex,
        });
    });
    Inspection { parsed: true, headers, received, parts, received_explain }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIL: &[u8] = b"Received: from mail.lab.example (localhost [127.0.0.1])\r\n\tby mx.example (Postfix) with ESMTPS id 2222\r\n\tfor <bob@lab.example>; Sun, 22 Nov 2026 17:41:19 +0000 (UTC)\r\nReceived: from client.lab.example (localhost [127.0.0.1])\r\n\tby mail.lab.example (Postfix) with ESMTP id 1111\r\n\tfor <bob@lab.example>; Sun, 22 Nov 2026 17:41:18 +0000 (UTC)\r\nFrom: alice@lab.example\r\nSubject: =?ISO-8859-1?Q?Gr=FC=DFe?=\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\nPreis: 5 \x80\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPHA+aGk8L3A+\r\n--b--\r\n";

    #[test]
    fn headers_received_chain_and_parts() {
        let i = inspect(MAIL);
        assert!(i.parsed);
        let subject = i.header("subject").unwrap();
        assert_eq!(subject.raw, "=?ISO-8859-1?Q?Gr=FC=DFe?=");
        assert_eq!(subject.decoded.as_deref(), Some("Grüße"));
        assert!(subject.encoded_words);
        assert!(i.header("from").unwrap().decoded.is_none());
        // Oldest first: the bottom Received header is hop 1.
        assert_eq!(i.received.len(), 2);
        assert_eq!(i.received[0].by.as_deref(), Some("mail.lab.example"));
        assert_eq!(i.received[0].id.as_deref(), Some("1111"));
        assert_eq!(i.received[1].by.as_deref(), Some("mx.example"));
        assert!(i.received[0].explain.contains("mail.lab.example"), "{}", i.received[0].explain);
        assert!(!i.received_explain.is_empty());
        let kinds: Vec<(&str, PartKind)> = i.parts.iter().map(|p| (p.id.as_str(), p.kind)).collect();
        assert_eq!(kinds, vec![("", PartKind::Multipart), ("1", PartKind::Text), ("2", PartKind::Html)]);
        assert_eq!(i.parts[1].text.as_deref(), Some("Preis: 5 €"));
        assert_eq!(wire_text(&i.parts[1].wire), "Preis: 5 \\x80");
        assert_eq!(i.parts[2].wire, b"PHA+aGk8L3A+");
        assert_eq!(i.parts[2].text.as_deref(), Some("<p>hi</p>"));
        assert!(i.parts[0].explain[0].contains("alternative"), "{:?}", i.parts[0].explain);
        assert!(i.parts.iter().all(|p| p.explain.iter().all(|e| !e.is_empty())));
    }

    #[test]
    fn the_sandbox_document_starts_with_its_policy() {
        let d = sandbox_document("<script>parent.document.title='x'</script>");
        let csp = d.find("Content-Security-Policy").unwrap();
        assert!(csp < d.find("<script>").unwrap());
        assert!(d.contains("default-src 'none'; img-src data:; style-src 'unsafe-inline'"));
    }

    #[test]
    fn only_raster_images_become_data_urls() {
        assert!(image_data_url("image/png", b"\x89PNG").unwrap().starts_with("data:image/png;base64,iVBORw"));
        assert_eq!(image_data_url("image/svg+xml", b"<svg/>"), None);
        assert_eq!(image_data_url("text/html", b"<p>"), None);
    }

    #[test]
    fn hidden_characters_are_shown() {
        assert_eq!(visible("a\u{1b}[31mb\u{1}"), "a⟨ESC⟩[31mb⟨U+0001⟩");
        assert_eq!(visible("invoice\u{202e}gnp.exe"), "invoice⟨U+202E⟩gnp.exe");
        assert_eq!(visible("folded\r\n\tline"), "folded\n\tline");
        assert!(has_hidden("x\u{202e}") && has_hidden("\u{7}") && !has_hidden("Grüße\r\n\t☕"));
    }

    #[test]
    fn explanations_never_carry_hidden_characters() {
        let mail = b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=UTF-8''a%E2%80%AEgnp.exe\r\n\r\nx\r\n--b--\r\n";
        let i = inspect(mail);
        let p = &i.parts[1];
        assert_eq!(p.filename.as_deref(), Some("a\u{202e}gnp.exe"));
        assert!(p.explain.iter().all(|e| !has_hidden(e)), "{:?}", p.explain);
        assert!(p.explain.iter().any(|e| e.contains("a⟨U+202E⟩gnp.exe")));
    }

    #[test]
    fn east_asian_charsets_are_converted() {
        assert!(cjk_charset("GB2312") && cjk_charset("\"iso-2022-jp\"") && cjk_charset("Shift_JIS") && cjk_charset("EUC-KR"));
        assert!(!cjk_charset("iso-8859-1") && !cjk_charset("utf-8") && !cjk_charset("windows-1252") && !cjk_charset("koi8-r"));
        for cs in [
            "GB2312",
            "gbk",
            "gb18030",
            "Big5",
            "Shift_JIS",
            "EUC-JP",
            "ISO-2022-JP",
            "EUC-KR",
            "ks_c_5601-1987",
            "utf-8",
            "iso-8859-1",
            "koi8-r",
        ] {
            assert!(charset_converted(cs), "{cs}");
        }
        // Not known, or known only as "replacement" (every byte becomes U+FFFD).
        for cs in ["hz-gb-2312", "iso-2022-kr", "x-klingon", ""] {
            assert!(!charset_converted(cs), "{cs}");
        }
        // 你 in GB2312 is C4 E3.
        let i = inspect(b"Content-Type: text/plain; charset=gb2312\r\n\r\n\xc4\xe3\r\n");
        assert_eq!(i.parts[0].text.as_deref().map(str::trim_end), Some("你"), "{:?}", i.parts[0]);
        assert!(i.parts[0].explain.iter().any(|e| e.contains("East Asian")), "{:?}", i.parts[0].explain);
        let i = inspect(b"Content-Type: text/plain; charset=hz-gb-2312\r\n\r\n~{<:Ky2;S{#,NpJ)l6HK!#~}\r\n");
        assert!(i.parts[0].explain.iter().any(|e| e.contains("cannot convert")), "{:?}", i.parts[0].explain);
    }

    #[test]
    fn unreadable_dates_stay_as_written() {
        // A spam mail of the zeek corpus (connect-with-smtp.pcap) writes its hop's date so.
        let i =
            inspect(b"Received: from a.example by b.example with esmtp; Mrz, 02 2004 12:55:34 -0700\r\nDate: Mrz, 02 2004\r\n\r\nx\r\n");
        assert_eq!(i.received[0].date.as_deref(), Some("Mrz, 02 2004 12:55:34 -0700 (as written: not a date that can be read)"));
        let i = inspect(b"Received: from a.example by b.example with esmtp; Tue, 2 Mar 2004 13:57:49 +0100\r\n\r\nx\r\n");
        assert_eq!(i.received[0].date.as_deref(), Some("Tue, 2 Mar 2004 13:57:49 +0100"));
    }

    #[test]
    fn a_hop_without_with_names_no_protocol() {
        let i = inspect(b"Received: from a.example by b.example; Tue, 2 Mar 2004 13:57:49 +0100\r\n\r\nx\r\n");
        assert!(
            i.received[0].explain.starts_with("Hop 1: b.example received the message from a.example at Tue, 2 Mar 2004"),
            "{}",
            i.received[0].explain
        );
        assert!(!i.received[0].explain.contains("speaking"));
    }

    #[test]
    fn no_headers_means_not_parsed() {
        assert!(!inspect(b"").parsed);
    }
}
