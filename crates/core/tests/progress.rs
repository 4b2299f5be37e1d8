//! `Analyzer::frames()` counts every frame read so far, not only TCP ones, so
//! a progress display can trust it.

mod common;

use postscope_core::{Analyzer, Options};

#[test]
fn frames_read_so_far_counts_every_frame() {
    // A lab capture of three conversations, fed in two halves.
    let path = common::root().join("tests/fixtures/multi-client.pcap");
    let bytes = std::fs::read(path).unwrap();
    let mut a = Analyzer::new(Options::default());
    let (first, second) = bytes.split_at(bytes.len() / 2);
    a.feed(first);
    let halfway = a.frames();
    assert!(halfway > 0, "some frames are read from the first half");
    a.feed(second);
    let all = a.frames();
    let analysis = a.finish();
    assert!(halfway < all);
    assert_eq!(all, analysis.capture.packets);
}
