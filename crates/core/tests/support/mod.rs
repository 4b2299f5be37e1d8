//! Shared by the explanation tests (explained_lines, credentials,
//! tls_and_recognition): where the lab's fixtures and the public corpus are,
//! and how to read them. The corpus is used in place
//! (`../shared/corpus/public` beside the repository, or `POSTSCOPE_CORPUS`),
//! never copied into the repository. As in `common`, a missing corpus skips
//! the corpus tests locally and fails them under CI=true.
#![allow(dead_code)]

use postscope_core::model::{Analysis, Protocol};
use postscope_core::{analyze, Options};
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// The public corpus, or None when it is not there (a failure under CI=true).
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("POSTSCOPE_CORPUS").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared/corpus/public"));
    if !dir.join("MANIFEST.md").exists() {
        assert!(std::env::var("CI").is_err(), "CI=true but the shared corpus is missing at {}", dir.display());
        eprintln!("note: {} is missing; corpus tests skipped (they run in CI)", dir.display());
        return None;
    }
    Some(dir)
}

fn is_capture(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    [".pcap", ".pcapng", ".cap", ".gz"].iter().any(|e| name.ends_with(e))
}

/// Every capture of the lab's fixtures, sorted.
pub fn fixture_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures()).unwrap().map(|e| e.unwrap().path()).filter(|p| is_capture(p)).collect();
    v.sort();
    v
}

/// Every capture of the corpus (`<owner>__<repo>/<file>`), sorted.
pub fn corpus_files() -> Option<Vec<PathBuf>> {
    let mut v = Vec::new();
    for dir in std::fs::read_dir(corpus()?).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            for f in std::fs::read_dir(&dir).unwrap() {
                let f = f.unwrap().path();
                if is_capture(&f) {
                    v.push(f);
                }
            }
        }
    }
    v.sort();
    Some(v)
}

pub fn corpus_file(rel: &str) -> Option<PathBuf> {
    Some(corpus()?.join(rel))
}

/// The analysis of a corpus capture (`None` where the corpus is missing, which
/// CI=true makes a failure in `corpus()`).
pub fn corpus_analysis(rel: &str) -> Option<Analysis> {
    Some(analyse(&corpus_file(rel)?))
}

pub fn analyse(path: &Path) -> Analysis {
    analyse_with(path, Options::default())
}

pub fn analyse_with(path: &Path, options: Options) -> Analysis {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    analyze(&bytes, options)
}

pub fn decode_as(port: u16, p: Protocol) -> Options {
    Options { decode_as: vec![(port, p)] }
}

/// A short name for messages: `owner__repo/file` or `fixtures/file`.
pub fn name(p: &Path) -> String {
    let parent = p.parent().and_then(|d| d.file_name()).and_then(|n| n.to_str()).unwrap_or("");
    format!("{parent}/{}", p.file_name().unwrap().to_string_lossy())
}

/// MD5 (RFC 1321), for checking the digests a capture shows (CRAM-MD5, APOP)
/// against the password the lab used. Test code only.
pub fn md5(data: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];
    let k: Vec<u32> = (0..64).map(|i| ((i as f64 + 1.0).sin().abs() * 4294967296.0) as u32).collect();
    let (mut a0, mut b0, mut c0, mut d0) = (0x67452301u32, 0xefcdab89u32, 0x98badcfeu32, 0x10325476u32);
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend(((data.len() as u64) * 8).to_le_bytes());
    for chunk in msg.chunks(64) {
        let m: Vec<u32> = chunk.chunks(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
        let (mut a, mut b, mut c, mut d) = (a0, b0, c0, d0);
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(S[i]));
        }
        a0 = a0.wrapping_add(a);
        b0 = b0.wrapping_add(b);
        c0 = c0.wrapping_add(c);
        d0 = d0.wrapping_add(d);
    }
    let mut out = [0u8; 16];
    for (i, v) in [a0, b0, c0, d0].iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&v.to_le_bytes());
    }
    out
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// HMAC-MD5 (RFC 2104), as CRAM-MD5 uses it.
pub fn hmac_md5(key: &[u8], msg: &[u8]) -> [u8; 16] {
    let mut k = if key.len() > 64 { md5(key).to_vec() } else { key.to_vec() };
    k.resize(64, 0);
    let mut inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(msg);
    let mut outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&md5(&inner));
    md5(&outer)
}

#[test]
fn md5_and_hmac_md5_match_their_rfc_examples() {
    assert_eq!(hex(&md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(hex(&md5(b"The quick brown fox jumps over the lazy dog")), "9e107d9d372bb6826bd81d3542a419d6");
    // RFC 2195 §2's example: user tim, password tanstaaftanstaaf.
    let challenge = b"<1896.697170952@postoffice.reston.mci.net>";
    assert_eq!(hex(&hmac_md5(b"tanstaaftanstaaf", challenge)), "b913a602c7eda7a495b4e6e7334d3890");
}

/// The explanation of `x` as a reader sees it: rendered in English, in the
/// context of its conversation.
pub fn said(a: &postscope_core::Analysis, x: &impl postscope_core::model::Explained) -> String {
    let cx = a.streams.iter().find(|s| s.stream == x.stream()).map(postscope_core::explain::Context::of).unwrap_or_default();
    postscope_core::explain::render(x.explanation(), &cx, postscope_core::explain::Locale::En)
}
