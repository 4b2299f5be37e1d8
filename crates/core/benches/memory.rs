//! Peak heap memory of an analysis, as a ratio to the capture's size, for
//! every lab fixture and every capture of the shared corpus.
//!
//! cargo bench -p postscope-core --bench memory
//!
//! A counting allocator records the peak bytes live while one capture is
//! analysed (fed in 64 KiB chunks, as the app does). The model holds every
//! line with its explanation, so the ratio is several times the input (median
//! 7.3x over 125 captures at the end of session 2); it must never grow with
//! anything but the input (no whole-file buffer, bounded reassembly).

#[path = "../tests/counting/mod.rs"]
mod counting;
use std::path::{Path, PathBuf};

fn captures(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    v.retain(|p| {
        p.is_file()
            && !p.to_string_lossy().ends_with(".md")
            && !p.to_string_lossy().ends_with(".json")
            && !p.to_string_lossy().ends_with(".txt")
    });
    v
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = captures(&root.join("tests/fixtures"));
    if let Ok(rd) = std::fs::read_dir(root.join("../shared/corpus/public")) {
        for d in rd.flatten() {
            files.extend(captures(&d.path()));
        }
    }
    let mut rows = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let (peak, analysis) = counting::peak_of(&bytes);
        drop(analysis);
        rows.push((peak as f64 / bytes.len().max(1) as f64, bytes.len(), peak, f.clone()));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let median = rows[rows.len() / 2].0;
    println!("{:>8} {:>10} {:>12}  capture", "peak/in", "input B", "peak heap B");
    for (ratio, len, peak, f) in rows.iter().rev().take(10) {
        println!("{ratio:>8.2} {len:>10} {peak:>12}  {}", f.display());
    }
    let big: Vec<_> = rows.iter().filter(|r| r.1 > 500_000).collect();
    println!("\n{} captures; median peak heap / input size = {median:.2}", rows.len());
    for (ratio, len, _, f) in big {
        println!("large input {} ({len} B): {ratio:.2}x", f.file_name().unwrap().to_string_lossy());
    }
}
