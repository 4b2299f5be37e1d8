//! Chunking equivalence under fuzzing: the input is fed whole and in chunks
//! whose sizes the first bytes choose; the analyses must be identical.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postscope_core::{analyze, Analyzer, Options};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (sizes, bytes) = data.split_at(2);
    let sizes = [sizes[0] as usize % 64 + 1, sizes[1] as usize * 31 + 1];
    let whole = analyze(bytes, Options::default());
    let mut a = Analyzer::new(Options::default());
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % 2].min(rest.len());
        a.feed(&rest[..n]);
        rest = &rest[n..];
        i += 1;
    }
    let chunked = a.finish();
    assert_eq!(serde_json::to_string(&whole).unwrap(), serde_json::to_string(&chunked).unwrap());
});
