//! Speed of the analysis, as a ratio against its own floor measured in the
//! same run: reading the frames alone (CaptureReader).
//!
//! cargo bench -p postscope-core --bench analyze
//!
//! Input: the largest real capture of the shared corpus (suricata's
//! mime-stream-depth, 1.9 MB of SMTP with a big MIME message), or the largest
//! lab fixture when the corpus is not beside the project.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use postscope_core::capture::{CaptureReader, Frame};
use postscope_core::{analyze, Analyzer, Options};
use std::path::PathBuf;

fn input() -> (String, Vec<u8>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = root.join("../shared/corpus/public/OISF__suricata-verify/mime-stream-depth__input.pcap");
    let path = if corpus.exists() {
        corpus
    } else {
        let mut f: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
            .collect();
        f.sort_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
        f.pop().unwrap()
    };
    (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
}

fn bench(c: &mut Criterion) {
    let (name, bytes) = input();
    let mut g = c.benchmark_group(format!("{name} ({} bytes)", bytes.len()));
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("frames only (the floor)", |b| {
        b.iter(|| {
            let mut r = CaptureReader::new();
            let mut n = 0u32;
            r.feed(&bytes, &mut |f: Frame<'_>| n += f.data.len() as u32);
            r.finish(&mut |_: Frame<'_>| {});
            n
        })
    });
    g.bench_function("analyze, whole file", |b| b.iter(|| analyze(&bytes, Options::default()).streams.len()));
    g.bench_function("analyze, 64 KiB chunks (as the app feeds it)", |b| {
        b.iter(|| {
            let mut a = Analyzer::new(Options::default());
            for chunk in bytes.chunks(64 * 1024) {
                a.feed(chunk);
            }
            a.finish().streams.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
