//! `postscope`: the command-line shell over postscope-core.
//!
//! ```text
//! postscope [--json] [--summary] [--lang en|tr|zh] [--decode-as PORT=PROTO]... [--extract DIR] FILE
//! ```
//! Prints the explained transcript of every TCP conversation in FILE, or with
//! `--json` the JSON Lines records of the contract (see postscope_core::jsonl).
//! `--summary` prints an overview instead: the capture, one line per
//! conversation and totals (as JSON Lines records with `--json`).
//! `--extract DIR` writes every message that crossed the wire as an .eml file
//! and every attachment as a file into DIR, and says what it wrote.
//! While a long capture is read, a progress bar is drawn on stderr when
//! stderr is a terminal.
//! `--lang tr` (or `zh`) writes the explanations, and the words of the
//! transcript and of `--summary`, and the capture's notes, in Turkish (or
//! Simplified Chinese); with `--json` every `explain` field and every note's
//! `message` is in that language and every `key` and `kind` the same. Only `--lang` chooses: LANG and LC_ALL are not read, so a script's
//! output does not change with the machine it runs on. `--help` is in the
//! language too (help.rs), and so are the usage errors; the `--extract`
//! report stays in English.

mod help;
mod plots;
mod sinks;
mod spool;
mod summary;
mod words;

use clap::{CommandFactory, FromArgMatches, Parser};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use postscope_core::decrypt::KeyLog;
use postscope_core::explain::{self, Context, Locale};
use postscope_core::message::inspect::{inspect, visible};
use postscope_core::message::names::{safe_file_name, with_suffix};
use postscope_core::model::{Analysis, CaptureInfo, Item, Message, Protocol, Stream};
use postscope_core::{Analyzer, Collect, Options, Sink};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The protocols `--decode-as` takes, from the core's list.
fn protocol_names() -> String {
    Protocol::ALL.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ")
}

/// The arguments. Their help is in the CLI's tables, in the reader's
/// language (help.rs), so there is none here.
#[derive(Parser, Debug)]
#[command(name = "postscope", version)]
struct Args {
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[arg(long)]
    json: bool,
    #[arg(long)]
    summary: bool,
    #[arg(long = "decode-as", value_name = "PORT=PROTO", value_parser = parse_decode_as)]
    decode_as: Vec<(u16, Protocol)>,
    #[arg(long, value_name = "DIR")]
    extract: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    keylog: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    #[arg(long = "io-graph", value_name = "INTERVAL", value_parser = plots::parse_interval, conflicts_with_all = ["json", "summary"])]
    io_graph: Option<plots::Interval>,
    #[arg(long, value_name = "N", requires = "io_graph")]
    stream: Option<u32>,
    #[arg(long, conflicts_with_all = ["json", "summary", "io_graph"])]
    timeline: bool,
    #[arg(long = "tcp-timing", value_name = "N", conflicts_with_all = ["json", "summary", "io_graph", "timeline"])]
    tcp_timing: Option<u32>,
}

/// The languages `--lang` takes (their tags).
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Lang {
    En,
    Tr,
    Zh,
}

impl Lang {
    fn locale(self) -> Locale {
        match self {
            Lang::En => Locale::En,
            Lang::Tr => Locale::Tr,
            Lang::Zh => Locale::Zh,
        }
    }
}

/// `PORT=PROTO`, as `--decode-as` takes it.
fn parse_decode_as(v: &str) -> Result<(u16, Protocol), String> {
    let (port, proto) = v.split_once('=').ok_or_else(|| words::said("error.decode_as.form", &[]))?;
    let port: u16 = port.parse().map_err(|_| words::said("error.decode_as.port", &[port]))?;
    let proto =
        postscope_core::protocols::by_name(proto).ok_or_else(|| words::said("error.decode_as.protocol", &[proto, &protocol_names()]))?;
    Ok((port, proto))
}

/// The progress bar of a long read: bytes of the file, frames and
/// conversations so far. Drawn on stderr only when it is a terminal, and
/// only once reading has taken a moment (a small capture shows nothing).
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: bool,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(300);

    fn new(size: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let (bar, template) = if size > 0 {
                (ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::hidden()), "{bar:20} {bytes}/{total_bytes}, {msg}")
            } else {
                (ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()), "{spinner} {bytes}, {msg}")
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar, started: Instant::now(), shown: false }
    }

    fn update(&mut self, bytes: u64, frames: u32, streams: usize) {
        let Some(bar) = &self.bar else { return };
        if !self.shown && self.started.elapsed() >= Self::DELAY {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        bar.set_position(bytes);
        bar.set_message(format!("{frames} frames, {streams} conversations"));
    }

    fn finishing(&self) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{}, finishing the analysis", bar.message()));
        }
    }

    fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Reads the capture at `path` into `sink`, conversation by conversation.
fn analyse_file<S: Sink>(path: &Path, options: Options, sink: S) -> Result<S, String> {
    let path_shown = path.display();
    let mut f = std::fs::File::open(path).map_err(|e| format!("cannot open {path_shown}: {e}"))?;
    let size = f.metadata().map(|m| if m.is_file() { m.len() } else { 0 }).unwrap_or(0);
    let mut progress = Progress::new(size);
    let mut analyzer = Analyzer::with_sink(options, sink);
    let mut buf = vec![0u8; 256 * 1024];
    let mut read = 0u64;
    loop {
        let n = match f.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                progress.clear();
                return Err(format!("cannot read {path_shown}: {e}"));
            }
        };
        if n == 0 {
            break;
        }
        analyzer.feed(&buf[..n]);
        read += n as u64;
        progress.update(read, analyzer.frames(), analyzer.streams());
    }
    progress.finishing();
    let sink = analyzer.end();
    progress.clear();
    Ok(sink)
}

/// Writes the text in `buf` to `w` with the capture's control characters
/// shown, not sent (see [`visible`]), and empties `buf`.
fn write_visible(buf: &mut Vec<u8>, w: &mut impl Write) -> std::io::Result<()> {
    w.write_all(visible(&String::from_utf8_lossy(buf)).as_bytes())?;
    buf.clear();
    Ok(())
}

/// The transcript, written conversation by conversation: only one
/// conversation's text is held at a time.
fn transcript(a: &Analysis, locale: Locale, out: &mut impl Write) -> std::io::Result<()> {
    let mut buf = Vec::new();
    transcript_header(&a.capture, locale, &mut buf)?;
    write_visible(&mut buf, out)?;
    for s in &a.streams {
        transcript_stream(s, locale, &mut buf)?;
        write_visible(&mut buf, out)?;
    }
    Ok(())
}

/// The transcript's first lines, in `locale`: the capture and its notes.
fn transcript_header(c: &CaptureInfo, locale: Locale, w: &mut impl Write) -> std::io::Result<()> {
    let word = |key: &str, args: &[&str]| words::WORDS.fill(locale, key, args);
    let gzip = if c.gzip { words::WORDS.get(locale, "capture.gzip") } else { "" };
    writeln!(w, "{}", word("capture", &[&c.format.to_string(), gzip, &c.packets.to_string(), &c.link_types.join(", ")]))?;
    for n in c.warnings.iter().chain(&c.comments) {
        writeln!(w, "{}", word("note", &[&n.say(locale)]))?;
    }
    Ok(())
}

/// One conversation of the transcript, in `locale` (before [`visible`]).
fn transcript_stream(s: &Stream, locale: Locale, w: &mut impl Write) -> std::io::Result<()> {
    let word = |key: &str, args: &[&str]| words::WORDS.fill(locale, key, args);
    writeln!(w)?;
    writeln!(
        w,
        "{}",
        word(
            "stream",
            &[
                &s.stream.to_string(),
                &s.protocol.name().to_uppercase(),
                &s.client.to_string(),
                &s.server.to_string(),
                &s.first_frame.to_string(),
                &s.last_frame.to_string(),
                &s.packets.to_string(),
                &s.client_bytes.to_string(),
                &s.server_bytes.to_string(),
                &format!("{:.6}", s.rel_start),
                &format!("{:.4}", s.duration),
                &s.recognised_by.render(locale),
            ]
        )
    )?;
    let cx = Context::of(s);
    let said = |e: &postscope_core::explain::Explain| explain::render(e, &cx, locale);
    for item in &s.items {
        match item {
            Item::Line(l) => {
                let side = side(l.dir);
                // The item that counts a message's lines past the first ones has no text of its own.
                let text = if l.elided.is_some() { "…" } else { l.text.as_str() };
                writeln!(w, "{:>6} {side} {text}", l.frame)?;
                if let Some(d) = &l.decoded {
                    writeln!(w, "{:>6}    {}", "", word("decoded", &[d]))?;
                }
                if !l.explain.is_empty() {
                    // Explanations of lists (capabilities) have one item per line.
                    writeln!(w, "{:>6}    -- {}", "", said(&l.explain).replace('\n', "\n          "))?;
                }
            }
            // Every row says which side sent it, as the lines do.
            Item::Tcp(t) => {
                writeln!(w, "{:>6} {} {}", t.frame, side(t.dir), word("tcp.row", &[&tcp_event(t.event, locale), &said(&t.explain)]))?
            }
            Item::Gap(g) => writeln!(w, "{:>6} {} {} {}", g.frame, side(g.dir), word("tag.gap", &[]), said(&g.explain))?,
            Item::Tls(t) => writeln!(w, "{:>6} {} TLS {}", t.frame, side(t.dir), said(&t.explain))?,
            Item::Message(m) => {
                let incomplete = if m.complete { String::new() } else { word("message.incomplete", &[&m.missing_bytes.to_string()]) };
                let what = word(
                    "message",
                    &[
                        &m.protocol.name().to_uppercase(),
                        &m.command,
                        &format!("{:?}", m.subject.as_deref().unwrap_or("")),
                        &m.size.to_string(),
                        &m.first_frame.to_string(),
                        &m.last_frame.to_string(),
                        &incomplete,
                    ],
                );
                writeln!(w, "{:>6} {} {what}", m.last_frame, word("tag.message", &[]))?;
                for p in &m.parts {
                    let part = word(
                        "part",
                        &[
                            if p.id.is_empty() { words::WORDS.get(locale, "part.root") } else { &p.id },
                            &p.content_type,
                            &p.charset.as_deref().map(|c| format!("; charset={c}")).unwrap_or_default(),
                            &p.filename.as_deref().map(|f| format!(" {f:?}")).unwrap_or_default(),
                            &p.encoding,
                            &p.size.to_string(),
                        ],
                    );
                    writeln!(w, "{:>6}    {}{part}", "", "  ".repeat(p.depth as usize))?;
                }
                writeln!(w, "{:>6}    -- {}", "", said(&m.explain))?;
            }
            Item::Credential(c) => {
                let secret = c.secret.as_deref().map(|s| word("credential.secret", &[&format!("{s:?}")])).unwrap_or_default();
                let accepted = word(
                    match c.accepted {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "unknown",
                    },
                    &[],
                );
                let fields = word(
                    "credential",
                    &[
                        &c.mechanism,
                        &format!("{:?}", c.username.as_deref().unwrap_or("")),
                        &format!("{:?}", c.password.as_deref().unwrap_or("")),
                        &secret,
                        &accepted,
                    ],
                );
                writeln!(w, "{:>6} {} {fields}", c.frame, word("tag.credential", &[]))?
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

/// The end of writing to stdout: a closed pipe (`| head`) is not an error.
fn finish_output(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("postscope: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

/// The key logs given with `--keylog`, read into one.
fn read_keylogs(paths: &[PathBuf]) -> Result<Option<std::sync::Arc<KeyLog>>, String> {
    let mut all: Option<KeyLog> = None;
    for p in paths {
        let bytes = std::fs::read(p).map_err(|e| format!("cannot read the key log {}: {e}", p.display()))?;
        match &mut all {
            Some(a) => a.add(&bytes),
            None => all = Some(KeyLog::parse(&bytes)),
        }
    }
    Ok(all.map(std::sync::Arc::new))
}

/// A TCP event's name in the transcript: in English the JSON's `event`
/// (`syn_ack`, `lost_segment`), in another language its words
/// (`tcp.event.NAME` in crates/cli/locales).
fn tcp_event(k: postscope_core::model::TcpKind, locale: Locale) -> String {
    words::WORDS.fill(locale, &format!("tcp.event.{}", k.name()), &[])
}

/// "C:" for the client, "S:" for the server (RFC 5321's notation, Appendix D, in every language).
fn side(d: postscope_core::model::Dir) -> &'static str {
    match d {
        postscope_core::model::Dir::Client => "C:",
        postscope_core::model::Dir::Server => "S:",
    }
}

fn main() -> ExitCode {
    // Usage errors exit with 2, --help and --version with 0 (clap's conventions).
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let locale = help::lang_in(&argv);
    words::choose(locale);
    let mut command = help::localize(Args::command(), locale, &protocol_names());
    let parsed = command.try_get_matches_from_mut(argv).and_then(|m| Args::from_arg_matches(&m));
    let args = match parsed {
        Ok(args) => args,
        Err(e) => match help::error_in(&e, &mut command, locale) {
            // A usage error in Turkish or Chinese: exit 2, as clap does.
            Some(text) => {
                eprint!("{text}");
                return ExitCode::from(2);
            }
            // English, --help and --version: clap's own.
            None => e.exit(),
        },
    };
    let keylog = match read_keylogs(&args.keylog) {
        Ok(k) => k,
        Err(msg) => {
            eprintln!("postscope: {msg}");
            return ExitCode::from(1);
        }
    };
    let options = Options { decode_as: args.decode_as.clone(), keylog };
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let plots = args.io_graph.is_some() || args.timeline || args.tcp_timing.is_some();
    if args.extract.is_none() && !plots {
        // Streaming: each conversation's output is made when it ends and the
        // conversation dropped; the model is never held whole.
        let result = if args.summary {
            analyse_file(&args.file, options, summary::SummarySink::new(args.json, args.lang.locale())).map(|s| s.write(&mut w))
        } else if args.json {
            analyse_file(&args.file, options, sinks::Json::new(args.lang.locale())).map(|s| s.write(&mut w))
        } else {
            analyse_file(&args.file, options, sinks::Transcript::new(args.lang.locale())).map(|s| s.write(&mut w))
        };
        return match result {
            Ok(result) => finish_output(result.and_then(|_| w.flush())),
            Err(msg) => {
                eprintln!("postscope: {msg}");
                ExitCode::from(1)
            }
        };
    }
    // --extract reads the messages of the whole analysis, and the plots its frames and segments.
    let analysis = match analyse_file(&args.file, options, Collect::default()) {
        Ok(c) => c.analysis(),
        Err(msg) => {
            eprintln!("postscope: {msg}");
            return ExitCode::from(1);
        }
    };
    // With --json or --summary, stdout carries that output; the extract report goes to stderr.
    let report_on_stdout = !args.json && !args.summary;
    if let Some(dir) = &args.extract {
        let done = if report_on_stdout { extract(&analysis, dir, &mut w) } else { extract(&analysis, dir, &mut std::io::stderr()) };
        if let Err(msg) = done {
            let _ = w.flush();
            eprintln!("postscope: {msg}");
            return ExitCode::from(1);
        }
        if report_on_stdout {
            return finish_output(w.flush());
        }
    }
    let result = if let Some(plots::Interval(interval)) = args.io_graph {
        plots::io_graph(&analysis, interval, args.stream, &mut w)
    } else if args.timeline {
        plots::timeline(&analysis, &mut w)
    } else if let Some(n) = args.tcp_timing {
        match plots::tcp_timing(&analysis, n, &mut w) {
            Ok(r) => r,
            Err(msg) => {
                eprintln!("postscope: {msg}");
                return ExitCode::from(1);
            }
        }
    } else if args.summary {
        let mut s = summary::SummarySink::new(args.json, args.lang.locale());
        for st in &analysis.streams {
            s.stream(st.clone());
        }
        s.finish(analysis.capture.clone(), Default::default());
        s.write(&mut w)
    } else if args.json {
        // Record by record: the output is never held whole.
        postscope_core::jsonl::write_in(&analysis, args.lang.locale(), &mut w)
    } else {
        // Text from a capture must not drive the terminal: escape sequences,
        // other control characters and direction overrides are shown, not sent.
        transcript(&analysis, args.lang.locale(), &mut w)
    };
    finish_output(result.and_then(|_| w.flush()))
}
