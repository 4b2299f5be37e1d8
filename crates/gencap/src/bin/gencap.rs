//! `gencap --seed N --size 100M -o FILE.pcap [--manifest FILE.json]`
//!
//! Writes a realistic mail capture of about the size asked for, the same
//! bytes for the same seed, and prints its counts (the manifest without the
//! per-stream detail) on standard error.

use clap::Parser;
use gencap::{generate, parse_size, Config};
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "gencap", version, about = "Generates a realistic SMTP/POP3/IMAP capture (pcap), deterministic from a seed")]
struct Args {
    /// Seed of the random choices: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Size of the file: 100M, 1G, 500000 (K, M, G are powers of 1024), 1M to 2G.
    #[arg(long, value_parser = parse_size)]
    size: u64,
    /// The pcap file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// Also write the whole manifest (every stream, message and credential) as JSON.
    #[arg(long)]
    manifest: Option<PathBuf>,
    /// Sessions open at once.
    #[arg(long, default_value_t = 6)]
    concurrency: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !(1 << 20..=2 << 30).contains(&args.size) {
        eprintln!("gencap: --size must be between 1M and 2G");
        return ExitCode::from(2);
    }
    let mut config = Config::new(args.seed, args.size);
    config.concurrency = args.concurrency.max(1);
    // The per-stream detail only when it is written.
    config.keep_streams = args.manifest.is_some();
    let run = || -> Result<(), String> {
        let file = File::create(&args.output).map_err(|e| format!("cannot create {}: {e}", args.output.display()))?;
        let manifest = generate(&config, BufWriter::with_capacity(1 << 20, file))
            .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
        if let Some(path) = &args.manifest {
            let f = File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            serde_json::to_writer_pretty(BufWriter::new(f), &manifest).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        eprintln!("{}", serde_json::to_string_pretty(&manifest.summary()).unwrap_or_default());
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gencap: {e}");
            ExitCode::FAILURE
        }
    }
}
