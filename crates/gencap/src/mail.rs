//! Messages as mail clients write them: RFC 5322 headers, a text body and,
//! for most of them, base64 attachments in a multipart/mixed body.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::seq::SliceRandom;
use rand::Rng;
use std::ops::Range;

/// A person with a mailbox.
#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    pub address: String,
}

const FIRST: &[&str] = &[
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "nina", "oscar", "peggy", "rupert",
    "sybil", "trent", "ursula", "victor", "wendy", "yusuf", "zoe", "chloe", "mateo", "ingrid", "kenji", "lucia", "omar",
];
const LAST: &[&str] = &[
    "martin", "lefebvre", "smith", "okafor", "novak", "garcia", "kowalski", "tanaka", "schmidt", "rossi", "dubois", "jensen", "silva",
    "haddad", "murphy", "nguyen",
];
const DOMAINS: &[&str] = &["example.org", "example.com", "example.net", "mail.example.edu", "corp.example"];

const WORDS: &[&str] = &[
    "the", "report", "meeting", "budget", "of", "and", "to", "a", "in", "for", "we", "is", "on", "that", "with", "schedule", "please",
    "review", "attached", "draft", "next", "week", "figures", "team", "project", "update", "thanks", "regards", "invoice", "order",
    "delivery", "quarter", "server", "backup", "release", "notes", "customer", "support", "ticket", "agenda", "minutes", "call",
    "tomorrow", "morning", "office", "travel", "plan", "contract", "signed", "copy", "final", "version", "changes", "comments",
];

const TOPICS: &[&str] = &[
    "Quarterly figures",
    "Meeting minutes",
    "Invoice",
    "Travel plans",
    "Release notes",
    "Backup report",
    "Contract draft",
    "Support ticket",
    "Project update",
    "Team lunch",
    "Delivery schedule",
    "Holiday photos",
];

/// Subjects with non-ASCII text, sent as RFC 2047 encoded-words.
const TOPICS_UTF8: &[&str] = &["Café menu", "Übersicht Projekt", "Réunion d'équipe", "Prüfbericht", "Año nuevo", "Smörgåsbord"];

/// Attachment kinds: extension and content type.
const KINDS: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("jpg", "image/jpeg"),
    ("png", "image/png"),
    ("zip", "application/zip"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
];

pub fn person(rng: &mut impl Rng) -> Person {
    let first = *FIRST.choose(rng).unwrap();
    let last = *LAST.choose(rng).unwrap();
    let domain = *DOMAINS.choose(rng).unwrap();
    Person { name: format!("{} {}", capitalise(first), capitalise(last)), address: format!("{first}.{last}@{domain}") }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

/// A random password of letters, digits and a few signs (never a quote,
/// backslash or space, so it is an IMAP quoted string as it is).
pub fn password(rng: &mut impl Rng) -> String {
    const SET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-=?@^_";
    let n = rng.gen_range(8..=14);
    (0..n).map(|_| *SET.choose(rng).unwrap() as char).collect()
}

/// A message as it is stored or sent, CRLF line ends.
#[derive(Clone, Debug)]
pub struct Mail {
    pub bytes: Vec<u8>,
    /// The subject as a reader shows it (encoded-words decoded).
    pub subject: String,
    /// File names of the attachments, in order.
    pub attachments: Vec<String>,
    /// Ranges of the bytes inside part bodies, away from headers and
    /// boundaries: a segment lost there leaves the message's structure whole.
    pub body_ranges: Vec<Range<usize>>,
}

/// Date header text for a Unix time (UTC).
pub fn rfc5322_date(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} +0000",
        DAYS[days.rem_euclid(7) as usize],
        d,
        MONTHS[(m - 1) as usize],
        y,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Text lines of about 60 to 76 characters; now and then one that starts
/// with a dot, so SMTP and POP3 must dot-stuff it.
fn text_body(rng: &mut impl Rng, out: &mut Vec<u8>, size: usize) {
    let end = out.len() + size;
    while out.len() < end {
        if rng.gen_ratio(1, 40) {
            out.extend_from_slice(if rng.gen_bool(0.5) { b".signature follows" } else { b"..." });
            out.extend_from_slice(b"\r\n");
            continue;
        }
        if rng.gen_ratio(1, 12) {
            out.extend_from_slice(b"\r\n");
            continue;
        }
        let width = rng.gen_range(50..76);
        let start = out.len();
        let mut first = true;
        while out.len() - start < width {
            if !first {
                out.push(b' ');
            }
            first = false;
            out.extend_from_slice(WORDS.choose(rng).unwrap().as_bytes());
        }
        out.extend_from_slice(b"\r\n");
    }
}

/// Builds a message of about `size` bytes (at least 2 KB). `number` makes
/// its subject and names unique in the capture. `stored` adds the headers a
/// delivery agent writes (Return-Path, Delivered-To, Received).
pub fn mail(rng: &mut impl Rng, number: u64, from: &Person, to: &Person, date: i64, size: usize, stored: bool) -> Mail {
    let size = size.max(2048);
    let mut b = Vec::with_capacity(size + 1024);
    let push = |b: &mut Vec<u8>, s: &str| {
        b.extend_from_slice(s.as_bytes());
        b.extend_from_slice(b"\r\n");
    };
    if stored {
        push(&mut b, &format!("Return-Path: <{}>", from.address));
        push(&mut b, &format!("Delivered-To: {}", to.address));
        push(
            &mut b,
            &format!(
                "Received: from mx.{} (mx.{} [203.0.113.{}])\r\n\tby mail.example.net (Postfix) with ESMTPS id {}\r\n\tfor <{}>; {}",
                domain(&from.address),
                domain(&from.address),
                rng.gen_range(1..255),
                queue_id(rng),
                to.address,
                rfc5322_date(date + rng.gen_range(1..30))
            ),
        );
    }
    let (subject, subject_header) = if rng.gen_ratio(1, 6) {
        let s = format!("{} {number}", TOPICS_UTF8.choose(rng).unwrap());
        let header = format!("=?UTF-8?B?{}?=", STANDARD.encode(s.as_bytes()));
        (s, header)
    } else {
        let s = format!("{}{} #{number}", if rng.gen_ratio(1, 4) { "Re: " } else { "" }, TOPICS.choose(rng).unwrap());
        (s.clone(), s)
    };
    push(&mut b, &format!("Message-ID: <{:016x}.{number}@{}>", rng.gen::<u64>(), domain(&from.address)));
    push(&mut b, &format!("Date: {}", rfc5322_date(date)));
    push(&mut b, &format!("From: {} <{}>", from.name, from.address));
    push(&mut b, &format!("To: {} <{}>", to.name, to.address));
    push(&mut b, &format!("Subject: {subject_header}"));
    push(&mut b, "MIME-Version: 1.0");
    push(&mut b, "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0");
    let mut attachments = Vec::new();
    let mut body_ranges = Vec::new();
    let attach = rng.gen_ratio(3, 4);
    if !attach {
        push(&mut b, "Content-Type: text/plain; charset=UTF-8; format=flowed");
        push(&mut b, "Content-Transfer-Encoding: 7bit");
        push(&mut b, "");
        let start = b.len();
        let want = size.saturating_sub(b.len()).max(256);
        text_body(rng, &mut b, want);
        body_ranges.push(start + 8..b.len() - 8);
        return Mail { bytes: b, subject, attachments, body_ranges };
    }
    let boundary = format!("------------{:024x}", rng.gen::<u128>() >> 32);
    push(&mut b, &format!("Content-Type: multipart/mixed; boundary=\"{boundary}\""));
    push(&mut b, "");
    push(&mut b, "This is a multi-part message in MIME format.");
    push(&mut b, &format!("--{boundary}"));
    push(&mut b, "Content-Type: text/plain; charset=UTF-8; format=flowed");
    push(&mut b, "Content-Transfer-Encoding: 7bit");
    push(&mut b, "");
    let start = b.len();
    let text = rng.gen_range(300..3000);
    text_body(rng, &mut b, text);
    body_ranges.push(start + 8..b.len() - 8);
    let parts = if rng.gen_ratio(1, 4) { 2 } else { 1 };
    for i in 0..parts {
        let (ext, ctype) = *KINDS.choose(rng).unwrap();
        let name = format!("{}-{number}-{}.{ext}", ["report", "scan", "photo", "data", "notes"].choose(rng).unwrap(), i + 1);
        push(&mut b, &format!("--{boundary}"));
        push(&mut b, &format!("Content-Type: {ctype}; name=\"{name}\""));
        push(&mut b, &format!("Content-Disposition: attachment; filename=\"{name}\""));
        push(&mut b, "Content-Transfer-Encoding: base64");
        push(&mut b, "");
        // What is left for this part, as base64 of 76-character lines.
        let left = size.saturating_sub(b.len() + 200) / (parts - i);
        let raw_len = (left * 76 / 78 * 3 / 4).max(64);
        let mut raw = vec![0u8; raw_len];
        rng.fill(&mut raw[..]);
        let encoded = STANDARD.encode(&raw);
        let start = b.len();
        for line in encoded.as_bytes().chunks(76) {
            b.extend_from_slice(line);
            b.extend_from_slice(b"\r\n");
        }
        body_ranges.push(start + 8..b.len() - 8);
        attachments.push(name);
    }
    push(&mut b, &format!("--{boundary}--"));
    Mail { bytes: b, subject, attachments, body_ranges }
}

fn domain(address: &str) -> &str {
    address.rsplit('@').next().unwrap_or(address)
}

/// A Postfix queue id (10 upper-case hex digits).
pub fn queue_id(rng: &mut impl Rng) -> String {
    format!("{:010X}", rng.gen::<u64>() & 0xff_ffff_ffff)
}

/// SMTP and POP3 transparency (RFC 5321 §4.5.2, RFC 1939 §3): a line that
/// starts with a dot gets one more. Returns the stuffed bytes and maps each
/// range of `ranges` into them.
pub fn dot_stuff(bytes: &[u8], ranges: &[Range<usize>]) -> (Vec<u8>, Vec<Range<usize>>) {
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut inserted = Vec::new();
    let mut line_start = true;
    for (i, &c) in bytes.iter().enumerate() {
        if line_start && c == b'.' {
            out.push(b'.');
            inserted.push(i);
        }
        out.push(c);
        line_start = c == b'\n';
    }
    let map = |p: usize| p + inserted.partition_point(|&at| at < p);
    let ranges = ranges.iter().map(|r| map(r.start)..map(r.end)).collect();
    (out, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn dates() {
        assert_eq!(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc5322_date(1_772_442_000), "Mon, 02 Mar 2026 09:00:00 +0000");
    }

    #[test]
    fn stuffing_maps_ranges() {
        let (s, r) = dot_stuff(b"a\r\n.b\r\n..c\r\nd", &[0..1, 3..5, 12..13]);
        assert_eq!(s, b"a\r\n..b\r\n...c\r\nd");
        assert_eq!(r, vec![0..1, 3..6, 14..15]);
    }

    #[test]
    fn sizes_and_ranges() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for n in 0..50 {
            let (a, b) = (person(&mut rng), person(&mut rng));
            let size = rng.gen_range(2048..50_000);
            let m = mail(&mut rng, n, &a, &b, 1_772_442_000, size, n % 2 == 0);
            assert!(m.bytes.len() >= 2000 && m.bytes.len() < size + 4000, "{} for {size}", m.bytes.len());
            assert!(m.bytes.ends_with(b"\r\n"));
            for r in &m.body_ranges {
                assert!(!m.bytes[r.clone()].windows(2).any(|w| w == b"--"), "a body range holds a boundary");
            }
        }
    }
}
