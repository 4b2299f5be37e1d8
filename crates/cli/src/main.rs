//! `postscope`: the command-line shell over postscope-core.
//!
//! ```text
//! postscope [--json] [--decode-as PORT=PROTO]... [--extract DIR] FILE
//! ```
//! Prints the explained transcript of every TCP conversation in FILE, or with
//! `--json` the JSON Lines records of the contract (see postscope_core::jsonl).
//! `--extract DIR` writes every message that crossed the wire as an .eml file
//! and every attachment as a file into DIR, and says what it wrote.

use postscope_core::explain::{self, Context, Locale};
use postscope_core::message::inspect::{inspect, visible};
use postscope_core::message::names::{safe_file_name, with_suffix};
use postscope_core::model::{Analysis, Item, Message, Protocol};
use postscope_core::{jsonl, Analyzer, Options};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: postscope [--json] [--decode-as PORT=PROTO]... [--extract DIR] FILE
  FILE                a .pcap or .pcapng capture (optionally gzip-compressed)
  --json              print JSON Lines records instead of a transcript
  --decode-as P=PROTO read TCP port P as smtp, pop3, imap or tls
  --extract DIR       write each message as .eml and each attachment as a file
                      into DIR (never overwriting) and list what was written";

struct Args {
    json: bool,
    extract: Option<PathBuf>,
    options: Options,
    file: String,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut json = false;
    let mut extract = None;
    let mut options = Options::default();
    let mut file = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--extract" => extract = Some(PathBuf::from(args.next().ok_or("--extract needs a directory")?)),
            "--decode-as" => {
                let v = args.next().ok_or("--decode-as needs PORT=PROTO")?;
                let (port, proto) = v.split_once('=').ok_or(format!("--decode-as {v}: expected PORT=PROTO"))?;
                let port: u16 = port.parse().map_err(|_| format!("--decode-as {v}: {port} is not a TCP port"))?;
                let proto = Protocol::from_name(proto).ok_or(format!("--decode-as {v}: {proto} is not smtp, pop3, imap or tls"))?;
                options.decode_as.push((port, proto));
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ if a.starts_with('-') => return Err(format!("unknown option {a}\n{USAGE}")),
            _ if file.is_none() => file = Some(a),
            _ => return Err(format!("only one FILE, please\n{USAGE}")),
        }
    }
    Ok(Args { json, extract, options, file: file.ok_or(USAGE)? })
}

fn analyse_file(path: &str, options: Options) -> Result<Analysis, String> {
    let mut f = std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
    let mut analyzer = Analyzer::new(options);
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(|e| format!("cannot read {path}: {e}"))?;
        if n == 0 {
            break;
        }
        analyzer.feed(&buf[..n]);
    }
    Ok(analyzer.finish())
}

fn transcript(a: &Analysis, w: &mut impl Write) -> std::io::Result<()> {
    let c = &a.capture;
    writeln!(
        w,
        "{} capture{}, {} frames, link types: {}",
        c.format,
        if c.gzip { " (gzip)" } else { "" },
        c.packets,
        c.link_types.join(", ")
    )?;
    for n in c.warnings.iter().chain(&c.comments) {
        writeln!(w, "  note: {}", n.message)?;
    }
    for s in &a.streams {
        writeln!(w)?;
        writeln!(
            w,
            "== stream {} {} {} -> {}  frames {}..{}  {} packets, client {} B, server {} B, start {:.6} s, duration {:.4} s ({})",
            s.stream,
            s.protocol.name().to_uppercase(),
            s.client,
            s.server,
            s.first_frame,
            s.last_frame,
            s.packets,
            s.client_bytes,
            s.server_bytes,
            s.rel_start,
            s.duration,
            s.recognised_by
        )?;
        let cx = Context::of(s);
        let said = |e: &postscope_core::explain::Explain| explain::render(e, &cx, Locale::En);
        for item in &s.items {
            match item {
                Item::Line(l) => {
                    let side = if l.dir == postscope_core::model::Dir::Client { "C:" } else { "S:" };
                    writeln!(w, "{:>6} {side} {}", l.frame, l.text)?;
                    if let Some(d) = &l.decoded {
                        writeln!(w, "{:>6}    decoded: {d}", "")?;
                    }
                    if !l.explain.is_empty() {
                        // Explanations of lists (capabilities) have one item per line.
                        writeln!(w, "{:>6}    -- {}", "", said(&l.explain).replace('\n', "\n          "))?;
                    }
                }
                Item::Tcp(t) => writeln!(w, "{:>6} TCP {}: {}", t.frame, t.event.name(), said(&t.explain))?,
                Item::Gap(g) => writeln!(w, "{:>6} GAP {}", g.frame, said(&g.explain))?,
                Item::Tls(t) => writeln!(w, "{:>6} TLS {}", t.frame, said(&t.explain))?,
                Item::Message(m) => {
                    writeln!(
                        w,
                        "{:>6} MESSAGE {} {} {:?}, {} bytes, frames {}..{}{}",
                        m.last_frame,
                        m.protocol.name().to_uppercase(),
                        m.command,
                        m.subject.as_deref().unwrap_or(""),
                        m.size,
                        m.first_frame,
                        m.last_frame,
                        if m.complete { String::new() } else { format!(", incomplete ({} bytes missing)", m.missing_bytes) }
                    )?;
                    for p in &m.parts {
                        writeln!(
                            w,
                            "{:>6}    {}part {} {}{}{} ({}, {} bytes)",
                            "",
                            "  ".repeat(p.depth as usize),
                            if p.id.is_empty() { "root" } else { &p.id },
                            p.content_type,
                            p.charset.as_deref().map(|c| format!("; charset={c}")).unwrap_or_default(),
                            p.filename.as_deref().map(|f| format!(" {f:?}")).unwrap_or_default(),
                            p.encoding,
                            p.size
                        )?;
                    }
                    writeln!(w, "{:>6}    -- {}", "", said(&m.explain))?;
                }
                Item::Credential(c) => writeln!(
                    w,
                    "{:>6} CREDENTIAL {} user={:?} password={:?}{} accepted={}",
                    c.frame,
                    c.mechanism,
                    c.username.as_deref().unwrap_or(""),
                    c.password.as_deref().unwrap_or(""),
                    c.secret.as_deref().map(|s| format!(" secret={s:?}")).unwrap_or_default(),
                    c.accepted.map_or("unknown".to_string(), |a| a.to_string())
                )?,
            }
        }
    }
    Ok(())
}

/// Creates `dir/name`, or `dir/name-1`, `-2`... when taken: never overwrites.
fn create_new(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut n = 0;
    loop {
        let candidate = if n == 0 { name.to_string() } else { with_suffix(name, n) };
        let path = dir.join(&candidate);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 10_000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    let (path, mut f) = create_new(dir, name).map_err(|e| format!("cannot create {}: {e}", dir.join(name).display()))?;
    f.write_all(bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

fn describe(m: &Message) -> String {
    let mut s =
        format!("stream {} {} {}, frames {}..{}", m.stream, m.protocol.name().to_uppercase(), m.command, m.first_frame, m.last_frame);
    if let Some(subj) = &m.subject {
        s.push_str(&format!(", subject {subj:?}"));
    }
    if !m.complete {
        s.push_str(&format!(
            ", INCOMPLETE ({} bytes missing{}{})",
            m.missing_bytes,
            if m.ended_early { ", capture ended first" } else { "" },
            if m.cut { ", cut" } else { "" }
        ));
    }
    s
}

/// Writes every message and attachment into `dir`; one report line per file.
fn extract(a: &Analysis, dir: &Path, w: &mut impl Write) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut written = 0;
    for m in a.messages() {
        let label = m.subject.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(&m.command);
        let base = format!("stream{}-frame{}-{}", m.stream, m.first_frame, label);
        let name = format!("{}.eml", safe_file_name(&base, &format!("stream{}-frame{}", m.stream, m.first_frame)));
        let path = write_file(dir, &name, &m.raw)?;
        writeln!(w, "wrote {} ({} bytes): message, {}", path.display(), m.raw.len(), describe(m)).map_err(|e| e.to_string())?;
        written += 1;
        for p in inspect(&m.raw).parts.iter().filter(|p| p.filename.is_some()) {
            let fallback = format!("stream{}-frame{}-part{}", m.stream, m.first_frame, p.id);
            let name = safe_file_name(p.filename.as_deref().unwrap_or(""), &fallback);
            let path = write_file(dir, &name, &p.data)?;
            writeln!(
                w,
                "wrote {} ({} bytes): attachment {:?} ({}, {}) of the message in stream {} frame {}",
                path.display(),
                p.data.len(),
                p.filename.as_deref().unwrap_or(""),
                p.content_type,
                p.encoding,
                m.stream,
                m.first_frame
            )
            .map_err(|e| e.to_string())?;
            written += 1;
        }
    }
    if written == 0 {
        writeln!(w, "no message crossed the wire in this capture; nothing written").map_err(|e| e.to_string())?;
    }
    Ok(written)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let analysis = match analyse_file(&args.file, args.options) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("postscope: {msg}");
            return ExitCode::from(1);
        }
    };
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    if let Some(dir) = &args.extract {
        // The report goes to stdout, or to stderr when stdout carries JSON.
        let done = if args.json { extract(&analysis, dir, &mut std::io::stderr()) } else { extract(&analysis, dir, &mut w) };
        if let Err(msg) = done {
            let _ = w.flush();
            eprintln!("postscope: {msg}");
            return ExitCode::from(1);
        }
        if !args.json {
            return match w.flush() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("postscope: cannot write output: {e}");
                    ExitCode::from(1)
                }
            };
        }
    }
    let result = if args.json {
        w.write_all(jsonl::to_string(&analysis).as_bytes())
    } else {
        // Text from a capture must not drive the terminal: escape sequences,
        // other control characters and direction overrides are shown, not sent.
        let mut text = Vec::new();
        transcript(&analysis, &mut text).and_then(|_| w.write_all(visible(&String::from_utf8_lossy(&text)).as_bytes()))
    };
    match result.and_then(|_| w.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("postscope: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}
