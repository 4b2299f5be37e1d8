//! Chunking equivalence: however the file is cut into chunks, the analysis
//! is the same as when it is fed whole. Proptest picks a real capture (the
//! lab's fixtures, the converted format files, gzip ones included) and
//! random cut points; failures are kept in proptest-regressions/.

mod common;
use common::*;
use proptest::prelude::*;
use std::sync::OnceLock;

/// Every input with its analysis fed whole, as JSON text.
fn inputs() -> &'static Vec<(String, Vec<u8>, String)> {
    static INPUTS: OnceLock<Vec<(String, Vec<u8>, String)>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let mut v: Vec<(String, Vec<u8>)> = fixture_names().into_iter().map(|n| (n.clone(), fixture(&n))).collect();
        let dir = repo().join("tests/fixtures/formats");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| !n.ends_with(".txt") && !n.ends_with(".sh") && !n.ends_with(".md"))
            .collect();
        names.sort();
        assert!(names.len() >= 10);
        v.extend(names.into_iter().map(|n| (n.clone(), format_file(&n))));
        v.into_iter()
            .map(|(n, b)| {
                let whole = serde_json::to_string(&analyze(&b)).unwrap();
                (n, b, whole)
            })
            .collect()
    })
}

fn feed_cut(bytes: &[u8], cuts: &[usize]) -> String {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.sort_unstable();
    let mut a = postscope_core::Analyzer::new(Default::default());
    let mut at = 0;
    for p in points.into_iter().chain([bytes.len()]) {
        a.feed(&bytes[at..p]);
        at = p;
    }
    serde_json::to_string(&a.finish()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_cut_points_give_the_same_analysis(pick in any::<prop::sample::Index>(), cuts in prop::collection::vec(any::<usize>(), 0..64)) {
        let (name, bytes, whole) = &inputs()[pick.index(inputs().len())];
        let chunked = feed_cut(bytes, &cuts);
        prop_assert!(&chunked == whole, "{} cut at {:?} differs", name, cuts);
    }
}

/// Every input in 1-byte, 7-byte and 4 KiB chunks (and empty chunks in between).
#[test]
fn every_input_in_fixed_chunks() {
    for (name, bytes, whole) in inputs() {
        for size in [1, 7, 4096] {
            let mut a = postscope_core::Analyzer::new(Default::default());
            for piece in bytes.chunks(size) {
                a.feed(&[]);
                a.feed(piece);
            }
            assert_eq!(&serde_json::to_string(&a.finish()).unwrap(), whole, "{name} in {size}-byte chunks");
        }
    }
    assert!(inputs().len() >= 30);
}
