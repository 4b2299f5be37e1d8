//! Speed of the capture reader alone (no analysis): a whole file, the same
//! in 1 KiB chunks, gzip-compressed, and the way back through 1 MiB of
//! garbage after a damaged record.
//!
//! cargo bench -p postscope-core --bench capture

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use postscope_core::capture::{CaptureReader, Frame};
use std::path::PathBuf;

fn read(bytes: &[u8], chunk: usize) -> u32 {
    let mut r = CaptureReader::new();
    let mut n = 0u32;
    for piece in bytes.chunks(chunk) {
        r.feed(piece, &mut |f: Frame<'_>| n += f.data.len() as u32);
    }
    r.finish(&mut |_: Frame<'_>| {});
    n
}

fn bench(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = root.join("../shared/corpus/public/OISF__suricata-verify/mime-stream-depth__input.pcap");
    let path = if corpus.exists() { corpus } else { root.join("tests/fixtures/multi-client.pcap") };
    let bytes = std::fs::read(&path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &bytes).unwrap();
    let gz = gz.finish().unwrap();
    // The first 100 records, 1 MiB of pseudo-random bytes, then the file again.
    let mut garbage = bytes[..24].to_vec();
    let mut x: u32 = 7;
    for _ in 0..1 << 20 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        garbage.push((x >> 16) as u8);
    }
    garbage.extend_from_slice(&bytes[24..]);

    let mut g = c.benchmark_group(format!("capture reader, {} ({} bytes)", path.file_name().unwrap().to_string_lossy(), bytes.len()));
    g.sample_size(20);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("whole file", |b| b.iter(|| read(&bytes, usize::MAX)));
    g.bench_function("1 KiB chunks", |b| b.iter(|| read(&bytes, 1024)));
    g.bench_function("7-byte chunks", |b| b.iter(|| read(&bytes, 7)));
    g.bench_function("gzip, 64 KiB chunks", |b| b.iter(|| read(&gz, 64 * 1024)));
    g.throughput(Throughput::Bytes(garbage.len() as u64));
    g.bench_function("1 MiB of garbage first, 64 KiB chunks", |b| b.iter(|| read(&garbage, 64 * 1024)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
