//! Shared helpers of the integration tests: where the captures are, and
//! running tshark as the oracle.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Every capture the lab recorded (tests/fixtures), sorted.
pub fn fixtures() -> Vec<PathBuf> {
    captures_in(&root().join("tests/fixtures"))
}

/// The shared corpus of public captures, or None when it is not beside the
/// project. With CI=true a missing corpus is a failure, not a skip.
pub fn corpus() -> Option<Vec<PathBuf>> {
    let dir = root().join("../shared/corpus/public");
    if !dir.is_dir() {
        assert!(std::env::var("CI").is_err(), "CI=true but the shared corpus is missing at {}", dir.display());
        eprintln!("note: {} is missing; corpus tests skipped (they run in CI)", dir.display());
        return None;
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        files.extend(captures_in(&entry.unwrap().path()));
    }
    files.sort();
    Some(files)
}

fn captures_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| {
        let n = p.file_name().unwrap().to_string_lossy().to_string();
        p.is_file() && !n.ends_with(".md") && !n.ends_with(".json") && !n.ends_with(".txt")
    });
    v.sort();
    v
}

/// A name for a capture in messages: "fixtures/x.pcap" or "zeek__zeek/smtp.pcap".
pub fn short(p: &Path) -> String {
    let parent = p.parent().unwrap().file_name().unwrap().to_string_lossy();
    format!("{parent}/{}", p.file_name().unwrap().to_string_lossy())
}

/// Runs tshark with the given arguments; its stdout.
pub fn tshark(args: &[String]) -> String {
    let out = Command::new("tshark")
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .expect("tshark is not installed: scripts/setup installs it (apt-get install tshark)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `f` over `items` on a few threads (tshark is the slow part).
pub fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(4);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(chunk).map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<R>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}
