//! The streaming outputs (`--json`, `--summary`, the transcript) are written
//! from conversations handed out as they end, in the order they end, and
//! dropped; what they print is what the whole analysis prints (`--extract`
//! still reads the whole analysis: its stdout is the reference).

use std::path::{Path, PathBuf};
use std::process::Command;

fn postscope(args: &[&str], file: &Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_postscope")).args(args).arg(file).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn temp(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postscope-streaming-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn streamed_output_is_that_of_the_whole_analysis() {
    // Large enough that most conversations end (and are written) long
    // before the capture does, and that the --json spool goes to a file
    // (over 8 MiB of output).
    let mut bytes = Vec::new();
    gencap::generate(&gencap::Config::new(11, 6_000_000), &mut bytes).unwrap();
    let dir = temp("gen");
    let file = dir.join("gen.pcap");
    std::fs::write(&file, &bytes).unwrap();
    let json = postscope(&["--json"], &file);
    assert!(json.len() > 8 << 20, "{} bytes of JSON Lines", json.len());
    let whole = postscope_core::jsonl::to_string(&postscope_core::analyze(&bytes, Default::default()));
    assert!(json == whole.as_bytes(), "--json differs from the core's JSON Lines");
    for args in [&["--summary"][..], &["--summary", "--json"][..]] {
        let streamed = postscope(args, &file);
        let ex = dir.join(format!("extract-{}", args.len()));
        let mut with_extract = args.to_vec();
        let ex_s = ex.to_str().unwrap().to_string();
        with_extract.extend(["--extract", &ex_s]);
        let collected = postscope(&with_extract, &file);
        assert!(streamed == collected, "{args:?}: streamed and collected outputs differ");
        assert!(streamed.len() > 1000, "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
