//! A counting allocator for the memory test and the memory benchmark: the
//! peak heap while one capture is analysed, fed in 64 KiB chunks as the app
//! feeds it. Including this module makes it the binary's global allocator.
#![allow(unsafe_code, reason = "a GlobalAlloc is an unsafe trait: this one only counts and hands each call to System")]

use postscope_core::{Analysis, Analyzer, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Bytes live now.
#[allow(dead_code, reason = "the worker's memory example only")]
pub fn live() -> usize {
    LIVE.load(Relaxed)
}

/// The peak since the last [`reset_peak`].
#[allow(dead_code, reason = "the worker's memory example only")]
pub fn peak() -> usize {
    PEAK.load(Relaxed)
}

/// Starts counting the peak from what is live now.
#[allow(dead_code, reason = "the worker's memory example only")]
pub fn reset_peak() {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

/// Peak heap above what was live before, while `bytes` is analysed; and the analysis.
#[allow(dead_code, reason = "the scale test streams instead")]
pub fn peak_of(bytes: &[u8]) -> (usize, Analysis) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let mut a = Analyzer::new(Options::default());
    for chunk in bytes.chunks(64 * 1024) {
        a.feed(chunk);
    }
    let analysis = a.finish();
    (PEAK.load(Relaxed) - base, analysis)
}

/// What a streaming sink that keeps nothing saw.
#[derive(Default)]
pub struct Counts {
    pub streams: u64,
    pub items: u64,
    pub capture: postscope_core::model::CaptureInfo,
}

impl postscope_core::Sink for Counts {
    fn stream(&mut self, s: postscope_core::model::Stream) {
        self.streams += 1;
        self.items += s.items.len() as u64;
    }
    fn finish(&mut self, capture: postscope_core::model::CaptureInfo, _: postscope_core::frames::Frames) {
        self.capture = capture;
    }
    fn keeps_frames(&self) -> bool {
        false
    }
}

/// Peak heap above what was live before, while the chunks `next` makes are
/// analysed by a streaming analyzer whose sink keeps nothing (as the CLI's
/// `--summary` keeps a line per conversation): the input is made on the fly,
/// never held whole.
#[allow(dead_code, reason = "only the scale test streams")]
pub fn peak_streaming(mut next: impl FnMut(&mut Vec<u8>) -> bool) -> (usize, Counts) {
    let mut chunk = Vec::with_capacity(1 << 20);
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let mut a = Analyzer::with_sink(Options::default(), Counts::default());
    loop {
        chunk.clear();
        let more = next(&mut chunk);
        a.feed(&chunk);
        if !more {
            break;
        }
    }
    let counts = a.end();
    (PEAK.load(Relaxed) - base, counts)
}
