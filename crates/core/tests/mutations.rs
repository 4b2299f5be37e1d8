//! Bounded fuzzing in the normal test run: real captures mutated (bit flips,
//! truncations, splices of two captures, overwritten length fields,
//! inserted and deleted bytes) must never panic, must stay within sane
//! bounds, and must read the same in chunks. The long fuzzing is cargo-fuzz
//! (fuzz/, nightly); this keeps its properties checked on every run.

mod common;
use common::*;
use postscope_core::Analysis;
use proptest::prelude::*;
use std::sync::OnceLock;

fn seeds() -> &'static Vec<Vec<u8>> {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut v: Vec<Vec<u8>> = fixture_names().iter().map(|n| fixture(n)).collect();
        for n in
            ["smtp-auth-login.pcapng", "smtp-auth-login.pcap.gz", "three-links.pcapng", "smtp-auth-login.ipfrag.pcap", "comments.pcapng"]
        {
            v.push(format_file(n));
        }
        v
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    FlipBits(Vec<(usize, u8)>),
    Truncate(usize),
    Splice { other: usize, at: usize, from: usize },
    PutU32 { at: usize, value: u32, big_endian: bool },
    Insert { at: usize, bytes: Vec<u8> },
    Delete { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        Just(0u32),
        Just(u32::MAX),
        Just(u32::MAX - 3),
        Just(0x7fff_ffff),
        Just(262_144),
        Just(262_145),
        Just(16 * 1024 * 1024 + 131_072),
        0u32..2048,
        any::<u32>()
    ];
    prop_oneof![
        prop::collection::vec((any::<usize>(), 0u8..8), 1..8).prop_map(Mutation::FlipBits),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<usize>(), any::<usize>()).prop_map(|(other, at, from)| Mutation::Splice { other, at, from }),
        (any::<usize>(), interesting, any::<bool>()).prop_map(|(at, value, big_endian)| { Mutation::PutU32 { at, value, big_endian } }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..64)).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
    ]
}

fn apply(mut b: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let n = b.len().max(1);
    match m {
        Mutation::FlipBits(flips) => {
            for &(at, bit) in flips {
                if !b.is_empty() {
                    b[at % n] ^= 1 << bit;
                }
            }
        }
        Mutation::Truncate(at) => b.truncate(at % (b.len() + 1)),
        Mutation::Splice { other, at, from } => {
            let o = &seeds()[other % seeds().len()];
            b.truncate(at % (b.len() + 1));
            b.extend_from_slice(&o[from % (o.len() + 1)..]);
        }
        Mutation::PutU32 { at, value, big_endian } => {
            if b.len() >= 4 {
                let at = at % (b.len() - 3);
                let v = if *big_endian { value.to_be_bytes() } else { value.to_le_bytes() };
                b[at..at + 4].copy_from_slice(&v);
            }
        }
        Mutation::Insert { at, bytes } => {
            let at = at % (b.len() + 1);
            b.splice(at..at, bytes.iter().copied());
        }
        Mutation::Delete { at, len } => {
            let at = at % (b.len() + 1);
            let end = (at + len).min(b.len());
            b.drain(at..end);
        }
    }
    b
}

/// The bounds every analysis keeps, whatever the input.
fn check_bounds(input: &[u8], a: &Analysis) -> Result<(), TestCaseError> {
    let c = &a.capture;
    if !c.gzip {
        // The smallest record is a 12-byte block (or a 16-byte pcap record).
        prop_assert!(c.packets as usize <= input.len() / 12, "{} packets from {} bytes", c.packets, input.len());
        for n in c.warnings.iter().chain(&c.comments) {
            if let Some(at) = n.offset {
                prop_assert!(at <= input.len() as u64, "offset {} beyond the input: {}", at, n.text());
            }
        }
    }
    // The reader keeps 100 warnings and a summary, the pipeline 200 and a
    // summary, plus one per link type.
    prop_assert!(c.warnings.len() <= 302 + c.link_types.len(), "{} warnings", c.warnings.len());
    for n in &c.warnings {
        prop_assert!(!n.text().is_empty());
        if let Some(f) = n.frame {
            prop_assert!(f >= 1 && f <= c.packets + 1, "a note about frame {} of {}: {}", f, c.packets, n.text());
        }
    }
    for s in &a.streams {
        prop_assert!(1 <= s.first_frame && s.first_frame <= s.last_frame && s.last_frame <= c.packets);
        prop_assert!(s.packets >= 1 && s.packets <= c.packets);
        for item in &s.items {
            prop_assert!(item.frame() <= c.packets, "an item at frame {} of {}", item.frame(), c.packets);
        }
    }
    if let (Some(first), Some(last)) = (c.first_time, c.last_time) {
        prop_assert!(first.nanos < 1_000_000_000 && last.nanos < 1_000_000_000);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_captures_never_panic_and_stay_bounded(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        chunk in 1usize..64,
    ) {
        let mut b = seeds()[seed.index(seeds().len())].clone();
        for m in &mutations {
            b = apply(b, m);
        }
        let whole = analyze(&b);
        check_bounds(&b, &whole)?;
        let chunked = analyze_in(&b, &[chunk, 1, 4096]);
        prop_assert_eq!(serde_json::to_string(&whole).unwrap(), serde_json::to_string(&chunked).unwrap());
    }
}

/// Inputs the fuzzers found (tests/fixtures/fuzz): each once, whole and in chunks.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = repo().join("tests/fixtures/fuzz");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let b = std::fs::read(&path).unwrap();
        if path.extension().is_some_and(|x| x == "eml") {
            // Found by the inspect target: the message view's reading, and
            // the file names saved from it.
            let i = postscope_core::message::inspect::inspect(&b);
            for p in &i.parts {
                if let Some(name) = &p.filename {
                    let safe = postscope_core::message::names::safe_file_name(name, "part");
                    assert!(
                        !safe.contains("..") && !safe.ends_with(['.', ' ']) && !safe.contains(['/', '\\']),
                        "{}: {safe:?}",
                        path.display()
                    );
                }
            }
            n += 1;
            continue;
        }
        let a = analyze_every_way(&b);
        check_bounds(&b, &a).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        n += 1;
    }
    assert!(n >= 1, "no fuzz findings in {}", dir.display());
}
