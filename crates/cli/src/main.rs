//! `postscope`: the command-line shell over postscope-core.
//!
//! ```text
//! postscope [--json] [--decode-as PORT=PROTO]... FILE
//! ```
//! Prints the explained transcript of every TCP conversation in FILE, or with
//! `--json` the JSON Lines records of the contract (see postscope_core::jsonl).

use postscope_core::model::{Analysis, Item, Protocol};
use postscope_core::{jsonl, Analyzer, Options};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: postscope [--json] [--decode-as PORT=PROTO]... FILE
  FILE                a .pcap or .pcapng capture (optionally gzip-compressed)
  --json              print JSON Lines records instead of a transcript
  --decode-as P=PROTO read TCP port P as smtp, pop3, imap or tls";

struct Args {
    json: bool,
    options: Options,
    file: String,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut json = false;
    let mut options = Options::default();
    let mut file = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
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
    Ok(Args { json, options, file: file.ok_or(USAGE)? })
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
    writeln!(w, "{} capture{}, {} frames, link types: {}", c.format, if c.gzip { " (gzip)" } else { "" }, c.packets, c.link_types.join(", "))?;
    for n in c.warnings.iter().chain(&c.comments) {
        writeln!(w, "  note: {}", n.message)?;
    }
    for s in &a.streams {
        writeln!(w)?;
        writeln!(
            w,
            "== stream {} {} {} -> {}  frames {}..{}  {} packets, client {} B, server {} B ({})",
            s.stream,
            s.protocol.name().to_uppercase(),
            s.client,
            s.server,
            s.first_frame,
            s.last_frame,
            s.packets,
            s.client_bytes,
            s.server_bytes,
            s.recognised_by
        )?;
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
                        writeln!(w, "{:>6}    -- {}", "", l.explain.replace('\n', "\n          "))?;
                    }
                }
                Item::Tcp(t) => writeln!(w, "{:>6} TCP {}: {}", t.frame, t.event, t.explain)?,
                Item::Gap(g) => writeln!(w, "{:>6} GAP {}", g.frame, g.explain)?,
                Item::Tls(t) => writeln!(w, "{:>6} TLS {}", t.frame, t.explain)?,
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
    let result = if args.json { w.write_all(jsonl::to_string(&analysis).as_bytes()) } else { transcript(&analysis, &mut w) };
    match result.and_then(|_| w.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("postscope: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}
