//! A pasted transcript: what a terminal showed of a mail conversation
//! (telnet, `openssl s_client`, swaks, `curl -v`, Wireshark's or tshark's
//! Follow TCP Stream), read into the same [`Stream`] model a capture gives,
//! by the same session code ([`crate::mail`]), so every line gets the same
//! explanation.
//!
//! The sides come from the tool's own markers where it prints them (swaks'
//! `<-`/`->` and `<~`/`~>` inside TLS, curl's `<`/`>`, tshark's tab-indented
//! second node); telnet, openssl and a copied Follow TCP Stream window print
//! none, so the sides are inferred from the protocol's grammar ([`Sides`]
//! says which). What a transcript cannot show (TCP, timing, the real bytes)
//! is said by [`limits`], an explanation from the catalogue.
//!
//! Numbering: a line's `frame` is its line number in the paste (from 1),
//! since a transcript has no frames.

use crate::explain::{self, Arg, Explain, Piece};
use crate::mail::Out;
use crate::model::{Analysis, CaptureInfo, Dir, Item, Protocol, Stream};
use crate::protocols;
use serde::{Deserialize, Serialize};
use std::net::{Ipv4Addr, SocketAddr};

/// Most lines read from one paste; the rest is left out and counted.
pub const MAX_LINES: usize = 100_000;

/// The tool whose output was pasted, as recognised from its own lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tool {
    Swaks,
    Curl,
    Openssl,
    Telnet,
    /// tshark's `-z follow,tcp,ascii,N` (nodes marked: the server's chunks are tab-indented).
    TsharkFollow,
    /// Text with no tool's marks (a copied Follow TCP Stream window, a hand-written dialogue).
    Plain,
}

impl Tool {
    /// The tool's name as a person types it.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Swaks => "swaks",
            Tool::Curl => "curl -v",
            Tool::Openssl => "openssl s_client",
            Tool::Telnet => "telnet",
            Tool::TsharkFollow => "tshark -z follow",
            Tool::Plain => "the pasted text",
        }
    }
}

/// How the two sides were told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sides {
    /// From the tool's own markers.
    Marked,
    /// From the protocol's grammar (no markers): may be wrong where a client line looks like a reply.
    Inferred,
}

/// One line of the conversation found in the paste.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PasteLine {
    /// Its line number in the paste, from 1.
    pub number: u32,
    pub dir: Dir,
    pub text: String,
    /// The tool printed it from inside TLS.
    pub tls: bool,
}

/// A pasted transcript, read.
#[derive(Clone, Debug, Serialize)]
pub struct Pasted {
    pub tool: Tool,
    pub sides: Sides,
    pub protocol: Protocol,
    /// The conversation's lines, with their sides.
    pub lines: Vec<PasteLine>,
    /// Lines the tool printed about itself (connection, TLS, progress), left out.
    pub tool_lines: u32,
    /// `openssl s_client -starttls`: the plain-text start was done by openssl and not shown.
    pub starttls_by_tool: bool,
    /// Lines past [`MAX_LINES`], not read.
    pub cut: u32,
    /// The conversation, as a capture's stream (number 0, no TCP items).
    pub stream: Stream,
}

/// What a transcript cannot show, and how its sides were found: the
/// explanation shown above a pasted transcript.
pub fn limits(p: &Pasted) -> Explain {
    let sides = match (p.sides, p.tool) {
        (Sides::Marked, Tool::Swaks) => explain::text(&["paste.sides.swaks"], &[]),
        (Sides::Marked, Tool::Curl) => explain::text(&["paste.sides.curl"], &[]),
        (Sides::Marked, _) => explain::text(&["paste.sides.tshark"], &[]),
        (Sides::Inferred, t) => explain::text(&["paste.sides.inferred"], &[t.name()]),
    };
    let starttls = if p.starttls_by_tool { explain::text(&["paste.openssl.starttls"], &[]) } else { Explain::none() };
    let left_out =
        if p.tool_lines > 0 { explain::text(&["paste.tool_lines"], &[&p.tool_lines.to_string(), p.tool.name()]) } else { Explain::none() };
    let cut = if p.cut > 0 { explain::text(&["paste.cut"], &[&p.cut.to_string()]) } else { Explain::none() };
    let none = if p.protocol == Protocol::Unknown { explain::text(&["paste.unknown"], &[]) } else { Explain::none() };
    explain::join([none, explain::text(&["paste.limits"], &[]), explain::text(&["paste.addresses"], &[]), sides, starttls, left_out, cut])
}

/// The paste as an [`Analysis`] of one conversation, for the views that show captures.
pub fn analysis(p: &Pasted) -> Analysis {
    let capture = CaptureInfo { format: "transcript".into(), ..CaptureInfo::default() };
    Analysis { capture, streams: vec![p.stream.clone()], frames: Default::default() }
}

/// Reads a pasted transcript.
pub fn read(text: &str) -> Pasted {
    let mut raw: Vec<&str> = text.lines().collect();
    let cut = raw.len().saturating_sub(MAX_LINES) as u32;
    raw.truncate(MAX_LINES);
    // What the terminal shows of a line redrawn with carriage returns (curl's progress meter) is its last part.
    let raw: Vec<&str> = raw.iter().map(|l| l.rsplit('\r').next().unwrap_or("")).collect();
    let tool = recognise(&raw);
    let hint = hint(&raw);
    let (lines, tool_lines, sides, starttls_by_tool) = match tool {
        Tool::Swaks => {
            let (l, n) = swaks(&raw);
            (l, n, Sides::Marked, false)
        }
        Tool::Curl => {
            let (l, n) = curl(&raw);
            (l, n, Sides::Marked, false)
        }
        Tool::TsharkFollow => {
            let (l, n) = tshark(&raw);
            (l, n, Sides::Marked, false)
        }
        Tool::Openssl => {
            let (kept, n) = openssl(&raw);
            let protocol = decide(&kept, hint);
            let mut l = infer(&kept, protocol);
            l.iter_mut().for_each(|l| l.tls = true);
            (l, n, Sides::Inferred, hint.starttls)
        }
        Tool::Telnet | Tool::Plain => {
            let (kept, n) = telnet(&raw);
            let protocol = decide(&kept, hint);
            (infer(&kept, protocol), n, Sides::Inferred, false)
        }
    };
    let protocol = match tool {
        Tool::Openssl | Tool::Telnet | Tool::Plain => decide(&lines.iter().map(|l| (l.number, l.text.as_str())).collect::<Vec<_>>(), hint),
        _ => decide_sided(&lines, hint),
    };
    let stream = feed(&lines, protocol, hint.port);
    Pasted { tool, sides, protocol, lines, tool_lines, starttls_by_tool, cut, stream }
}

/// What the command line in the paste tells (`telnet host 110`, `-starttls smtp`, `-connect host:993`).
#[derive(Clone, Copy, Debug, Default)]
struct Hint {
    port: Option<u16>,
    protocol: Option<Protocol>,
    starttls: bool,
}

fn hint(raw: &[&str]) -> Hint {
    let mut h = Hint::default();
    // swaks' "=== Trying 127.0.0.1:25..." and curl's "*   Trying 127.0.0.1:25..." name the server's port.
    if let Some(port) = raw.iter().take(10).find_map(|l| {
        // (curl's line may follow its progress meter on the same terminal line.)
        let at = l.find("=== Trying ").map(|i| i + 11).or_else(|| l.find("*   Trying ").map(|i| i + 11))?;
        let rest = &l[at..];
        rest.trim_end_matches('.').rsplit(':').next()?.parse::<u16>().ok()
    }) {
        h.port = Some(port);
    }
    for l in raw.iter().take(5) {
        let words: Vec<&str> = l.split_whitespace().collect();
        let Some(at) = words.iter().position(|w| matches!(*w, "telnet" | "s_client" | "nc" | "ncat" | "swaks" | "curl")) else {
            continue;
        };
        let args = &words[at + 1..];
        for (i, w) in args.iter().enumerate() {
            if *w == "-starttls" {
                h.starttls = true;
                h.protocol = args.get(i + 1).and_then(|p| protocols::by_name(p));
            }
            if let Some(port) = w.rsplit(':').next().and_then(|p| p.parse::<u16>().ok()) {
                if w.contains(':') || (i > 0 && words[at] == "telnet") {
                    h.port = Some(port);
                }
            }
        }
        if h.protocol.is_none() {
            h.protocol = h.port.and_then(protocols::by_port);
        }
        break;
    }
    h
}

fn recognise(raw: &[&str]) -> Tool {
    let has = |f: &dyn Fn(&str) -> bool| raw.iter().any(|l| f(l));
    if has(&|l| l.starts_with("Follow: tcp,")) {
        return Tool::TsharkFollow;
    }
    if has(&|l| l.starts_with("<-  ") || l.starts_with(" -> ") || l.starts_with("<~  ") || l.starts_with(" ~> ")) {
        return Tool::Swaks;
    }
    if has(&|l| l.starts_with("CONNECTED(") || l.starts_with("SSL handshake has read") || l.contains("s_client")) {
        return Tool::Openssl;
    }
    let marked = raw.iter().filter(|l| l.starts_with("< ") || l.starts_with("> ")).count();
    if marked > 0
        && has(&|l| l.starts_with("* ") || l.starts_with("*   "))
        && marked * 2 >= raw.iter().filter(|l| !l.trim().is_empty()).count() / 2
    {
        return Tool::Curl;
    }
    if has(&|l| l.starts_with("Escape character is '^]'.") || l.starts_with("Connected to ") || l.contains("telnet ")) {
        return Tool::Telnet;
    }
    Tool::Plain
}

/// A shell prompt with the command that started the tool (`$ telnet host 25`).
fn is_command_line(l: &str) -> bool {
    let words: Vec<&str> = l.split_whitespace().take(4).collect();
    words.iter().any(|w| matches!(*w, "telnet" | "openssl" | "swaks" | "curl" | "nc" | "ncat"))
        && (l.contains('$') || l.contains('#') || l.contains('>') || words[0] == "telnet" || words[0] == "openssl")
}

fn swaks(raw: &[&str]) -> (Vec<PasteLine>, u32) {
    let mut out = Vec::new();
    let mut skipped = 0;
    for (i, l) in raw.iter().enumerate() {
        let number = i as u32 + 1;
        // swaks' prefixes: received / sent, with ~ inside TLS and ** for an error reply.
        let (dir, tls, rest) = match l.get(..4) {
            Some("<-  ") | Some("<** ") => (Dir::Server, false, &l[4..]),
            Some(" -> ") | Some(" **>") => (Dir::Client, false, &l[4..]),
            Some("<~  ") | Some("<~* ") => (Dir::Server, true, &l[4..]),
            Some(" ~> ") | Some(" *~>") => (Dir::Client, true, &l[4..]),
            _ if *l == " ->" || *l == " ~>" => (Dir::Client, *l == " ~>", ""),
            _ => {
                if !l.trim().is_empty() {
                    skipped += 1;
                }
                continue;
            }
        };
        out.push(PasteLine { number, dir, text: rest.to_string(), tls });
    }
    (out, skipped)
}

fn curl(raw: &[&str]) -> (Vec<PasteLine>, u32) {
    let mut out = Vec::new();
    let mut skipped = 0;
    let mut tls = false;
    for (i, l) in raw.iter().enumerate() {
        let number = i as u32 + 1;
        let (dir, rest) = if let Some(r) = l.strip_prefix("< ") {
            (Dir::Server, r)
        } else if let Some(r) = l.strip_prefix("> ") {
            (Dir::Client, r)
        } else {
            // curl's notes: TLS starting is one of them.
            if l.starts_with("* SSL connection using") || l.starts_with("* TLSv1") || l.starts_with("* SSL/TLS") {
                tls = true;
            }
            if !l.trim().is_empty() {
                skipped += 1;
            }
            continue;
        };
        out.push(PasteLine { number, dir, text: rest.to_string(), tls });
    }
    (out, skipped)
}

/// tshark's follow: a header naming the nodes, then each chunk of node 1 (the
/// server, which did not open the connection) indented with a tab.
fn tshark(raw: &[&str]) -> (Vec<PasteLine>, u32) {
    let mut out = Vec::new();
    let mut skipped = 0;
    for (i, l) in raw.iter().enumerate() {
        let number = i as u32 + 1;
        let header = l.starts_with("====") || l.starts_with("Follow: ") || l.starts_with("Filter: ") || l.starts_with("Node ");
        // A chunk's byte count stands alone on its line before the chunk.
        let count = !l.is_empty() && l.trim_start_matches('\t').bytes().all(|b| b.is_ascii_digit());
        if header || count || l.is_empty() {
            skipped += u32::from(!l.is_empty());
            continue;
        }
        let (dir, text) = match l.strip_prefix('\t') {
            Some(r) => (Dir::Server, r),
            None => (Dir::Client, *l),
        };
        out.push(PasteLine { number, dir, text: text.to_string(), tls: false });
    }
    (out, skipped)
}

/// telnet's own lines, and the shell's, left out.
fn telnet<'a>(raw: &[&'a str]) -> (Vec<(u32, &'a str)>, u32) {
    let mut kept = Vec::new();
    let mut skipped = 0;
    for (i, l) in raw.iter().enumerate() {
        let own = l.starts_with("Trying ")
            || l.starts_with("Connected to ")
            || l.starts_with("Escape character is")
            || l.starts_with("Connection closed by foreign host")
            || l.starts_with("telnet> ")
            || (i < 3 && is_command_line(l));
        if own {
            skipped += 1;
        } else {
            kept.push((i as u32 + 1, *l));
        }
    }
    // Trailing empty lines are the terminal's.
    while kept.last().is_some_and(|(_, l)| l.is_empty()) {
        kept.pop();
    }
    (kept, skipped)
}

/// openssl s_client's reports (certificate chain, session, verification) left out.
fn openssl<'a>(raw: &[&'a str]) -> (Vec<(u32, &'a str)>, u32) {
    const REPORTS: &[&str] = &[
        "Certificate chain",
        "Server certificate",
        "No client certificate",
        "Acceptable client certificate",
        "Client Certificate Types",
        "Requested Signature",
        "Shared Requested",
        "Peer signing",
        "Peer signature",
        "Server Temp Key",
        "SSL handshake has read",
        "New, ",
        "Reused, ",
        "Post-Handshake New Session Ticket",
        "SSL-Session:",
        "subject=",
        "issuer=",
    ];
    let own_line = |l: &str| {
        l.starts_with("CONNECTED(")
            || l.starts_with("depth=")
            || l.starts_with("verify ")
            || l.starts_with("Can't use SSL_get_servername")
            || l == "read R BLOCK"
            || l == "RENEGOTIATING"
            || l == "KEYUPDATE"
            || l == "DONE"
            || l == "closed"
            || l.contains(":error:")
    };
    let mut kept = Vec::new();
    let mut skipped = 0;
    let mut in_report = false;
    for (i, l) in raw.iter().enumerate() {
        if *l == "---" {
            skipped += 1;
            // A report follows a separator when its next line names one.
            in_report = raw.get(i + 1).is_some_and(|n| REPORTS.iter().any(|r| n.starts_with(r)));
            continue;
        }
        if in_report || own_line(l) || (i < 3 && is_command_line(l)) {
            skipped += u32::from(!l.is_empty());
            continue;
        }
        kept.push((i as u32 + 1, *l));
    }
    while kept.last().is_some_and(|(_, l)| l.is_empty()) {
        kept.pop();
    }
    (kept, skipped)
}

fn is_reply_code(l: &str) -> bool {
    let b = l.as_bytes();
    b.len() >= 3 && b[..3].iter().all(u8::is_ascii_digit) && matches!(b.get(3), None | Some(b' ' | b'-'))
}

fn is_pop3_status(l: &str) -> bool {
    l.starts_with("+OK") || l.starts_with("-ERR") || l == "+" || l.starts_with("+ ")
}

fn is_imap_untagged(l: &str) -> bool {
    l.starts_with("* ") || l == "+" || l.starts_with("+ ")
}

/// The protocol, from the command line, the first line, or the first command.
fn decide(lines: &[(u32, &str)], hint: Hint) -> Protocol {
    if let Some(p) = hint.protocol {
        return p;
    }
    for (_, l) in lines.iter().filter(|(_, l)| !l.trim().is_empty()).take(3) {
        let upper = l.to_ascii_uppercase();
        let first = upper.split_whitespace().next().unwrap_or("");
        let second = upper.split_whitespace().nth(1).unwrap_or("");
        if is_reply_code(l) || matches!(first, "EHLO" | "HELO") {
            return Protocol::Smtp;
        }
        if first == "LHLO" {
            return Protocol::Lmtp;
        }
        if is_pop3_status(l) || matches!(first, "USER" | "CAPA" | "APOP" | "STLS") {
            return Protocol::Pop3;
        }
        if upper.starts_with("* OK")
            || upper.starts_with("* PREAUTH")
            || matches!(second, "CAPABILITY" | "LOGIN" | "STARTTLS" | "AUTHENTICATE")
        {
            return Protocol::Imap;
        }
    }
    Protocol::Unknown
}

fn decide_sided(lines: &[PasteLine], hint: Hint) -> Protocol {
    let mut any: Vec<(u32, &str)> = Vec::new();
    // The server's first line decides best; else the client's first.
    if let Some(l) = lines.iter().find(|l| l.dir == Dir::Server && !l.text.is_empty()) {
        any.push((l.number, &l.text));
    }
    if let Some(l) = lines.iter().find(|l| l.dir == Dir::Client && !l.text.is_empty()) {
        any.push((l.number, &l.text));
    }
    decide(&any, hint)
}

/// The sides of lines without markers, from the protocol's grammar.
fn infer(lines: &[(u32, &str)], protocol: Protocol) -> Vec<PasteLine> {
    let mut out = Vec::with_capacity(lines.len());
    // Lines that belong to one side until a lone dot (SMTP DATA, POP3 multi-line).
    let mut until_dot: Option<Dir> = None;
    // The next line is the client's (an answer to a SASL challenge), or
    // belongs to the side whose literal just ended (the rest of its line).
    let mut next_is: Option<Dir> = None;
    // Bytes of a literal still to come, and whose.
    let mut literal: Option<(Dir, usize)> = None;
    // IMAP: a client literal waits for the server's "+" before its bytes.
    let mut client_literal: Option<usize> = None;
    let mut tags: Vec<String> = Vec::new();
    let mut last_command = String::new();
    for &(number, l) in lines {
        let dir = if let Some((d, left)) = literal {
            let n = l.len() + 2;
            literal = (left > n).then(|| (d, left - n));
            if literal.is_none() {
                next_is = Some(d);
            }
            d
        } else if let Some(d) = until_dot {
            if l == "." {
                until_dot = None;
            }
            d
        } else if let Some(d) = next_is.take() {
            d
        } else {
            match protocol {
                Protocol::Smtp | Protocol::Lmtp => {
                    if is_reply_code(l) {
                        if l.starts_with("354") {
                            until_dot = Some(Dir::Client);
                        }
                        next_is = l.starts_with("334").then_some(Dir::Client);
                        Dir::Server
                    } else {
                        Dir::Client
                    }
                }
                Protocol::Pop3 => {
                    if is_pop3_status(l) {
                        let cmd = last_command.split_whitespace().collect::<Vec<_>>();
                        let multi = match cmd.first().map(|c| c.to_ascii_uppercase()).as_deref() {
                            Some("CAPA" | "RETR" | "TOP") => true,
                            Some("LIST" | "UIDL") => cmd.len() == 1,
                            Some("AUTH") => cmd.len() == 1,
                            _ => false,
                        };
                        if l.starts_with("+OK") && multi {
                            until_dot = Some(Dir::Server);
                        }
                        next_is = (l == "+" || l.starts_with("+ ")).then_some(Dir::Client);
                        last_command.clear();
                        Dir::Server
                    } else {
                        last_command = l.to_string();
                        Dir::Client
                    }
                }
                Protocol::Imap => {
                    let mut words = l.splitn(3, ' ');
                    let (tag, status) = (words.next().unwrap_or(""), words.next().unwrap_or("").to_ascii_uppercase());
                    let tagged_reply = tags.iter().any(|t| t == tag) && matches!(status.as_str(), "OK" | "NO" | "BAD");
                    if is_imap_untagged(l) || tagged_reply {
                        if tagged_reply {
                            tags.retain(|t| t != tag);
                        }
                        if l == "+" || l.starts_with("+ ") {
                            match client_literal.take() {
                                Some(n) => literal = Some((Dir::Client, n)),
                                None => next_is = Some(Dir::Client),
                            }
                        } else if let Some(n) = literal_at_end(l) {
                            literal = Some((Dir::Server, n.0));
                        }
                        Dir::Server
                    } else {
                        if !tag.is_empty() && !status.is_empty() {
                            tags.push(tag.to_string());
                        }
                        if let Some((n, plus)) = literal_at_end(l) {
                            if plus {
                                literal = Some((Dir::Client, n));
                            } else {
                                client_literal = Some(n);
                            }
                        }
                        Dir::Client
                    }
                }
                _ => {
                    if is_reply_code(l) || is_pop3_status(l) || is_imap_untagged(l) {
                        Dir::Server
                    } else {
                        Dir::Client
                    }
                }
            }
        };
        out.push(PasteLine { number, dir, text: l.to_string(), tls: false });
    }
    out
}

/// A literal announced at a line's end: `{61}` (with whether it is `{61+}`, not waiting for "+").
fn literal_at_end(l: &str) -> Option<(usize, bool)> {
    let inner = l.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    let n = &inner[open + 1..];
    let (n, plus) = match n.strip_suffix('+') {
        Some(n) => (n, true),
        None => (n, false),
    };
    n.parse().ok().filter(|n| *n > 0).map(|n| (n, plus))
}

/// Feeds the lines to the protocol's session, as a capture's bytes would be.
fn feed(lines: &[PasteLine], protocol: Protocol, port: Option<u16>) -> Stream {
    let mut items = Vec::new();
    let mut tls_from = None;
    let mut count = 0;
    let mut decrypted = [false; 2];
    if let Some(mut session) = (protocols::spec(protocol).session)() {
        let mut out = Out {
            stream: 0,
            protocol,
            items: &mut items,
            tls_from: &mut tls_from,
            lines: &mut count,
            keys: None,
            decrypted: &mut decrypted,
            snaplen: false,
            partial: false,
            unit: Vec::new(),
            line_spans: None,
            cut: false,
            counted: None,
            message_contents: true,
        };
        for l in lines {
            if l.tls {
                out.tls_starts(l.number);
            }
            out.decrypted[l.dir.index()] = l.tls;
            let mut bytes = l.text.clone().into_bytes();
            bytes.extend_from_slice(b"\r\n");
            session.data(l.dir, &bytes, l.number, 0, &mut out);
        }
        session.finish(&mut out);
    }
    // "Decrypted with the key log" is a capture's story: here the tool itself printed what crossed inside TLS.
    for item in &mut items {
        match item {
            Item::Line(l) => rename(&mut l.explain, "tls.decrypted", "paste.tls"),
            Item::Credential(c) => rename(&mut c.explain, "credential.decrypted", "paste.credential.tls"),
            _ => {}
        }
    }
    let first = lines.first().map_or(0, |l| l.number);
    let last = lines.last().map_or(0, |l| l.number);
    let unspecified = |p: u16| SocketAddr::from((Ipv4Addr::UNSPECIFIED, p));
    Stream {
        stream: 0,
        client: unspecified(0),
        server: unspecified(port.unwrap_or(0)),
        protocol,
        first_frame: first,
        last_frame: last,
        packets: 0,
        client_bytes: 0,
        server_bytes: 0,
        client_payload_bytes: 0,
        server_payload_bytes: 0,
        tls_from_frame: tls_from,
        rel_start: 0.0,
        duration: 0.0,
        recognised_by: crate::model::Recognition::Pasted,
        items,
        // No TCP in a transcript: no sequence numbers or windows to show.
        tcp: Default::default(),
        segments: Vec::new(),
    }
}

/// Replaces the catalogue key `from` by `to` wherever it decides a part of `e`.
fn rename(e: &mut Explain, from: &str, to: &'static str) {
    for p in e.0.iter_mut() {
        if let Piece::Whole(k, args) | Piece::Fragment(k, args) = p {
            if *k == from {
                *k = to;
            }
            for a in args.iter_mut() {
                match a {
                    Arg::Explain(x) => rename(x, from, to),
                    Arg::List(xs, _) => xs.iter_mut().for_each(|x| rename(x, from, to)),
                    _ => {}
                }
            }
        }
    }
}
