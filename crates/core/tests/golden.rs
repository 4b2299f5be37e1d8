//! Golden transcripts: for every lab fixture, the reviewed `postscope --json`
//! output is committed under tests/golden/<fixture>.jsonl. A change in the
//! output fails this test and writes target/golden/<fixture>.jsonl.failed;
//! after reviewing the difference, `POSTSCOPE_BLESS=1 cargo test --test golden`
//! rewrites the golden files, and the diff is committed with the change.

mod common;

use postscope_core::{analyze, jsonl, Options};

#[test]
fn fixtures_match_their_golden_transcripts() {
    let root = common::root();
    let bless = std::env::var("POSTSCOPE_BLESS").is_ok();
    let mut checked = 0;
    let mut changed = Vec::new();
    for path in common::fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let got = jsonl::to_string(&analyze(&std::fs::read(&path).unwrap(), Options::default()));
        let golden = root.join("tests/golden").join(format!("{name}.jsonl"));
        checked += 1;
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        let failed = root.join("target/golden").join(format!("{name}.jsonl.failed"));
        if want != got {
            std::fs::create_dir_all(failed.parent().unwrap()).unwrap();
            std::fs::write(&failed, &got).unwrap();
            changed.push(format!("{name}: diff {} {}", golden.display(), failed.display()));
        } else {
            let _ = std::fs::remove_file(&failed);
        }
    }
    assert!(checked > 0, "no fixtures found in tests/fixtures");
    assert!(changed.is_empty(), "{} golden transcripts changed (review, then POSTSCOPE_BLESS=1):\n{}", changed.len(), changed.join("\n"));
}

/// Every golden file belongs to a fixture (none is left behind by a rename).
#[test]
fn no_orphan_golden_files() {
    let root = common::root();
    let fixtures: Vec<String> = common::fixtures().iter().map(|p| format!("{}.jsonl", p.file_name().unwrap().to_string_lossy())).collect();
    for e in std::fs::read_dir(root.join("tests/golden")).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(fixtures.contains(&n), "tests/golden/{n} has no fixture");
    }
}
