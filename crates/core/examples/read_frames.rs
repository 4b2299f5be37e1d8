//! The packet-reading floor of `scripts/bench`: reads a capture file in
//! 256 KiB pieces (as `postscope` does) through the capture reader alone,
//! counting frames and bytes, and analyses nothing.
//!
//! cargo run --release -p postscope-core --example read_frames -- FILE

use postscope_core::capture::{CaptureReader, Frame};
use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: read_frames FILE");
        return ExitCode::from(2);
    };
    let mut file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("cannot open {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut frames, mut bytes) = (0u64, 0u64);
    let mut count = |f: Frame<'_>| {
        frames += 1;
        bytes += f.data.len() as u64;
    };
    let mut reader = CaptureReader::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => reader.feed(&buf[..n], &mut count),
            Err(e) => {
                eprintln!("cannot read {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let info = reader.finish(&mut count);
    println!("{frames} frames, {bytes} bytes of packets, {} warnings", info.warnings.len());
    ExitCode::SUCCESS
}
