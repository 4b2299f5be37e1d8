//! The analysis worker's heap, natively (the counting allocator of the
//! core's memory tests): a capture read by `Job` in the worker's 2 MiB
//! slices, every item held (as on the page, or for a gzip file) and with the
//! items let go (the worker reading a File); the peak while it is read, what
//! the `Engine` holds once it is done, and the time and heap of opening the
//! conversation in the middle (read again from the file in pieces and
//! analysed alone). The browser's figures are `bench/wasm.mjs --generated`'s.
//!
//!   cargo run --release --example worker_memory -- FILE...

#[path = "../crates/core/tests/counting/mod.rs"]
mod counting;

use postscope_web::worker::engine::{Engine, Job};
use postscope_web::worker::protocol::{Choices, Request, Response};
use std::time::Instant;

const SLICE: usize = 2 * 1024 * 1024;

fn mib(b: usize) -> String {
    format!("{:.1} MiB", b as f64 / 1048576.0)
}

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for rereadable in [false, true] {
            let base = counting::live();
            counting::reset_peak();
            let t = Instant::now();
            let mut job = Job::new(1, bytes.len() as u64, &Choices::default(), rereadable);
            for chunk in bytes.chunks(SLICE) {
                job.feed(chunk, || 0.0);
            }
            let (done, ready) = job.finish(false, || 0.0);
            let read_ms = t.elapsed().as_secs_f64() * 1e3;
            drop(ready);
            let peak = counting::peak() - base;
            let engine = Engine { done: Some((1, done)) };
            let held = counting::live() - base;
            let streams = engine.done.as_ref().map_or(0, |(_, d)| d.analysis.streams.len()) as u32;
            let req = Request::Stream { job: 1, stream: streams / 2 };
            counting::reset_peak();
            let before = counting::live();
            let t = Instant::now();
            let (answer, pieces, read) = match engine.answer(&req) {
                Some(r) => (r, 0, 0),
                None => {
                    let mut plan = engine.plan(&req).expect("a conversation to open");
                    let (pieces, read) = (plan.reads.len(), plan.bytes());
                    for (start, end) in plan.reads.clone() {
                        // A copy of each piece, as the worker gets it from arrayBuffer().
                        let piece = bytes[start as usize..end as usize].to_vec();
                        plan.feed(start, &piece).unwrap();
                    }
                    (plan.finish(), pieces, read)
                }
            };
            let open_ms = t.elapsed().as_secs_f64() * 1e3;
            let open_peak = counting::peak() - before;
            let Response::Stream { stream, .. } = &answer else { panic!("no conversation: {answer:?}") };
            println!(
                "{path} ({} B, {streams} conversations), {}: read in {read_ms:.0} ms, heap peak {} ({:.2}x the file), held when done {} ({:.3}x); \
                 conversation {} ({} items) opened in {open_ms:.1} ms ({pieces} pieces, {read} bytes read again), heap peak while opening {}",
                bytes.len(),
                if rereadable { "items let go" } else { "every item held" },
                mib(peak),
                peak as f64 / bytes.len() as f64,
                mib(held),
                held as f64 / bytes.len() as f64,
                stream.stream,
                stream.items.len(),
                mib(open_peak),
            );
        }
    }
}
