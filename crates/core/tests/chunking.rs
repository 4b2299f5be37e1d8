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

/// TLS recordings with their key logs (tests/fixtures/tls; the DSB capture
/// carries its own), each with its analysis fed whole as JSON and as JSON
/// Lines (the explanations, which name the decrypted handshake messages).
/// A name, the capture, the options with its key log, and the analysis fed whole.
type Keyed = (String, Vec<u8>, postscope_core::Options, String);

fn keyed_inputs() -> &'static Vec<Keyed> {
    static INPUTS: OnceLock<Vec<Keyed>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let dir = repo().join("tests/fixtures/tls");
        let picks = [
            ("smtp-starttls-tls12-aes128cbc-sha.pcap", Some("smtp-starttls-tls12-aes128cbc-sha.keys")),
            ("imaps-tls13-keyupdate.pcap", Some("imaps-tls13-keyupdate.keys")),
            ("pop3-stls-tls13-aes256gcm.pcap", Some("pop3-stls-tls13-aes256gcm.keys")),
            ("pop3s-tls13-aes128gcm-dsb.pcapng", None),
        ];
        picks
            .iter()
            .map(|(file, keys)| {
                let bytes = std::fs::read(dir.join(file)).unwrap();
                let keylog =
                    keys.map(|k| std::sync::Arc::new(postscope_core::decrypt::KeyLog::parse(&std::fs::read(dir.join(k)).unwrap())));
                let options = postscope_core::Options { keylog, ..Default::default() };
                let whole = postscope_core::analyze(&bytes, options.clone());
                assert!(whole.lines().any(|l| l.decrypted), "{file}: nothing decrypted");
                let text = format!("{}\n{}", serde_json::to_string(&whole).unwrap(), postscope_core::jsonl::to_string(&whole));
                (file.to_string(), bytes, options, text)
            })
            .collect()
    })
}

fn feed_keyed(bytes: &[u8], options: &postscope_core::Options, cuts: impl Iterator<Item = usize>) -> String {
    let mut a = postscope_core::Analyzer::new(options.clone());
    let mut at = 0;
    for p in cuts.chain([bytes.len()]) {
        a.feed(&bytes[at..p.max(at)]);
        at = p.max(at);
    }
    let a = a.finish();
    format!("{}\n{}", serde_json::to_string(&a).unwrap(), postscope_core::jsonl::to_string(&a))
}

/// Decrypting: whole, per byte and in 7-byte pieces, the same analysis.
#[test]
fn keyed_inputs_in_fixed_chunks() {
    for (name, bytes, options, whole) in keyed_inputs() {
        for size in [1, 7] {
            let got = feed_keyed(bytes, options, (size..bytes.len()).step_by(size));
            assert!(&got == whole, "{name} decrypted in {size}-byte chunks differs");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn keyed_inputs_at_any_cut_points(pick in any::<prop::sample::Index>(), cuts in prop::collection::vec(any::<usize>(), 0..64)) {
        let (name, bytes, options, whole) = &keyed_inputs()[pick.index(keyed_inputs().len())];
        let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        points.sort_unstable();
        let got = feed_keyed(bytes, options, points.into_iter());
        prop_assert!(&got == whole, "{} decrypted, cut at {:?}, differs", name, cuts);
    }
}
