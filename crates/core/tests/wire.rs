//! The worker's codec (`postscope_core::wire`): the model written with
//! everything and read back is the same model, so the page shows what the
//! worker found; and outside `wire::full` the JSON is the contract's.

use postscope_core::{analyze, jsonl, wire, Analysis, Options};
use std::path::Path;

fn fixtures() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_fixture_reads_back_from_the_wire_as_the_same_model() {
    let files = fixtures();
    assert!(files.len() > 40, "fixtures found: {}", files.len());
    for f in files {
        let a = analyze(&std::fs::read(&f).unwrap(), Options::default());
        let text = wire::full(|| serde_json::to_string(&a.streams)).unwrap();
        let streams: Vec<postscope_core::model::Stream> = serde_json::from_str(&text).unwrap();
        let back = Analysis { capture: a.capture.clone(), streams, frames: a.frames.clone() };
        // The rendered JSON Lines (explanations in words, in their context) are the same.
        assert_eq!(jsonl::to_string(&back), jsonl::to_string(&a), "{}", f.display());
        for (x, y) in a.streams.iter().zip(&back.streams) {
            for (i, j) in x.items.iter().zip(&y.items) {
                assert_eq!(i.explain(), j.explain(), "{}", f.display());
            }
        }
        let raw = |a: &Analysis| a.messages().map(|m| m.raw.clone()).collect::<Vec<_>>();
        assert_eq!(raw(&back), raw(&a), "{}: message bytes", f.display());
    }
}

#[test]
fn outside_the_codec_the_fields_the_contract_leaves_out_stay_out() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/smtp-auth-plain.pcap");
    let a = analyze(&std::fs::read(f).unwrap(), Options::default());
    let plain = serde_json::to_string(&a.streams).unwrap();
    let full = wire::full(|| serde_json::to_string(&a.streams)).unwrap();
    assert!(!plain.contains("\"explain\"") && !plain.contains("\"number\""), "{plain:.300}");
    assert!(full.contains("\"explain\"") && full.contains("\"number\""));
}

#[test]
fn a_key_the_catalogue_lacks_is_refused() {
    let bad = r#"[{"Whole":["no.such.key",[]]}]"#;
    let r: Result<postscope_core::facts::Explain, _> = serde_json::from_str(bad);
    assert!(r.unwrap_err().to_string().contains("no catalogue entry no.such.key"));
}

/// A capture's notes cross as facts, so the page says them in its reader's
/// language; outside the codec, a note's `message` is the English words.
#[test]
fn notes_cross_the_wire_as_facts() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/smtp-auth-plain.pcap");
    let bytes = std::fs::read(f).unwrap();
    let a = analyze(&bytes[..bytes.len() - 9], Options::default());
    assert!(!a.capture.warnings.is_empty());
    let text = wire::full(|| serde_json::to_string(&a.capture)).unwrap();
    let back: postscope_core::model::CaptureInfo = serde_json::from_str(&text).unwrap();
    assert_eq!(back.warnings, a.capture.warnings);
    let plain = serde_json::to_value(&a.capture).unwrap();
    assert_eq!(plain["warnings"][0]["message"], a.capture.warnings[0].text());
    assert!(a.capture.warnings[0].text().starts_with("The file ends in the middle of packet"), "{}", a.capture.warnings[0].text());
}
