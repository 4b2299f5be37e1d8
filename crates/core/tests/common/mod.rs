//! The one helper module of the integration tests: where the lab's fixtures
//! and the public corpus are and which of their files are captures, analysing
//! (whole, in chunks, from a file), running tshark as the oracle, rendering an
//! explanation as a reader sees it, MD5 for credential checks, and re-writing
//! a real capture's records in another container (pcap of either byte order,
//! pcapng) or with another link header, and small pcap files made by hand.
//!
//! The corpus is used in place (`POSTSCOPE_CORPUS`, or
//! `../shared/corpus/public` beside the repository), never copied into the
//! repository. A missing corpus skips the corpus tests locally and fails them
//! under CI=true.
#![allow(dead_code)]

use postscope_core::capture::{CaptureReader, Frame};
use postscope_core::model::{CaptureInfo, Protocol};
use postscope_core::{Analysis, Analyzer, Options};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The repository root (the same as [`root`]).
pub fn repo() -> PathBuf {
    root()
}

/// The folder of the lab's captures, `tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    root().join("tests/fixtures")
}

/// Every capture the lab recorded (tests/fixtures), sorted.
pub fn fixtures() -> Vec<PathBuf> {
    captures_in(&fixtures_dir())
}

/// Whether the tests run in CI (`CI` set, and not empty, `0` or `false`):
/// there a missing corpus or tool is a failure, not a skip.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The folder of the public corpus (`POSTSCOPE_CORPUS`, or
/// `../shared/corpus/public` beside the repository), or None when it is not
/// there. With CI=true a missing corpus is a failure, not a skip.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("POSTSCOPE_CORPUS").map(PathBuf::from).unwrap_or_else(|| root().join("../shared/corpus/public"));
    if !dir.join("MANIFEST.md").is_file() {
        assert!(!ci(), "CI=true but the shared corpus is missing at {}", dir.display());
        eprintln!("note: {} is missing; corpus tests skipped (they run in CI)", dir.display());
        return None;
    }
    Some(dir)
}

/// Every capture of the corpus (`<owner>__<repo>/<file>`), sorted; None
/// under the rule of [`corpus_dir`].
pub fn corpus() -> Option<Vec<PathBuf>> {
    let dir = corpus_dir()?;
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap().path();
        if entry.is_dir() {
            files.extend(captures_in(&entry));
        }
    }
    files.sort();
    Some(files)
}

/// A corpus file by its path in the corpus (`owner__repo/file`).
pub fn corpus_file(rel: &str) -> Option<PathBuf> {
    Some(corpus_dir()?.join(rel))
}

/// The analysis of a corpus capture (`None` where the corpus is missing, which
/// CI=true makes a failure in [`corpus_dir`]).
pub fn corpus_analysis(rel: &str) -> Option<Analysis> {
    Some(analyze_file(&corpus_file(rel)?))
}

/// Whether a file is a capture: the one filter of fixtures and corpus alike
/// (pcap, pcapng, .cap, and any of them gzip-compressed).
pub fn is_capture(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    p.is_file() && [".pcap", ".pcapng", ".cap", ".gz"].iter().any(|e| name.ends_with(e))
}

fn captures_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    v.retain(|p| is_capture(p));
    v.sort();
    v
}

/// A name for a capture in messages: "fixtures/x.pcap" or "zeek__zeek/smtp.pcap".
pub fn short(p: &Path) -> String {
    let parent = p.parent().unwrap().file_name().unwrap().to_string_lossy();
    format!("{parent}/{}", p.file_name().unwrap().to_string_lossy())
}

/// Runs tshark with the given arguments; its stdout.
pub fn tshark(args: &[String]) -> String {
    let out = Command::new("tshark")
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .expect("tshark is not installed: scripts/setup installs it (apt-get install tshark)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `f` over `items` on a few threads (tshark is the slow part).
pub fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(4);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(chunk).map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<R>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}

/// A capture recorded by the lab (tests/fixtures).
pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every lab capture, by name.
pub fn fixture_names() -> Vec<String> {
    let names: Vec<String> = fixtures().iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert!(names.len() >= 20, "the lab fixtures are missing: {names:?}");
    names
}

pub fn analyze(bytes: &[u8]) -> Analysis {
    postscope_core::analyze(bytes, Options::default())
}

/// The analysis of a capture file.
pub fn analyze_file(path: &Path) -> Analysis {
    analyze_file_with(path, Options::default())
}

pub fn analyze_file_with(path: &Path, options: Options) -> Analysis {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    postscope_core::analyze(&bytes, options)
}

/// Options that read `port` as protocol `p`.
pub fn decode_as(port: u16, p: Protocol) -> Options {
    Options { decode_as: vec![(port, p)], ..Options::default() }
}

/// Analyses `bytes` fed in pieces whose sizes cycle through `sizes`.
pub fn analyze_in(bytes: &[u8], sizes: &[usize]) -> Analysis {
    let mut a = Analyzer::new(Options::default());
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].clamp(1, rest.len());
        a.feed(&rest[..n]);
        rest = &rest[n..];
        i += 1;
    }
    a.finish()
}

pub fn json(a: &Analysis) -> Value {
    serde_json::to_value(a).unwrap()
}

/// The analysis fed whole, in 7-byte and in 1-byte chunks must be the same;
/// returns it.
pub fn analyze_every_way(bytes: &[u8]) -> Analysis {
    let whole = analyze(bytes);
    let w = json(&whole);
    for sizes in [&[7usize][..], &[1], &[4096, 3, 1]] {
        let other = json(&analyze_in(bytes, sizes));
        if other != w {
            panic!(
                "feeding in chunks of {sizes:?} changed the analysis:\nwhole: {}\nchunked: {}",
                serde_json::to_string(&w["capture"]).unwrap(),
                serde_json::to_string(&other["capture"]).unwrap()
            );
        }
    }
    whole
}

/// The streams without the byte counts that depend on the link header.
pub fn streams_without_frame_bytes(a: &Analysis) -> Value {
    let mut v = json(a)["streams"].clone();
    for s in v.as_array_mut().unwrap() {
        let o = s.as_object_mut().unwrap();
        o.remove("client_bytes");
        o.remove("server_bytes");
    }
    v
}

/// One frame as the capture reader hands it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    pub number: u32,
    pub ts: Option<(i64, u32)>,
    pub link_type: u32,
    pub data: Vec<u8>,
    pub orig_len: u32,
}

/// Runs the capture reader alone, in chunks of `chunk` bytes.
pub fn read_frames(bytes: &[u8], chunk: usize) -> (Vec<Read>, CaptureInfo) {
    let mut frames = Vec::new();
    let mut sink = |f: Frame<'_>| {
        frames.push(Read {
            number: f.number,
            ts: f.timed.then_some((f.ts.secs, f.ts.nanos)),
            link_type: f.link_type,
            data: f.data.to_vec(),
            orig_len: f.orig_len,
        })
    };
    let mut r = CaptureReader::new();
    for piece in bytes.chunks(chunk.max(1)) {
        r.feed(piece, &mut sink);
    }
    let info = r.finish(&mut sink);
    (frames, info)
}

/// tshark's view of a file made by tests/fixtures/formats/make.sh:
/// (frame number, time as "secs.nanos", frame.len, frame.cap_len).
pub fn tshark_frames(name: &str) -> Vec<(u32, String, u32, u32)> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/formats").join(format!("{name}.frames.txt"))).unwrap();
    text.lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].parse().unwrap(), f[1].to_string(), f[2].parse().unwrap(), f[3].parse().unwrap())
        })
        .collect()
}

pub fn format_file(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/formats").join(name)).unwrap()
}

/// Checks every frame's time and lengths against tshark's.
pub fn assert_matches_tshark(name: &str, frames: &[Read]) {
    let expected = tshark_frames(name);
    assert_eq!(frames.len(), expected.len(), "{name}: frame count");
    for (f, (n, time, len, caplen)) in frames.iter().zip(expected) {
        assert_eq!(f.number, n);
        let (s, ns) = f.ts.expect("a timestamp");
        assert_eq!(format!("{s}.{ns:09}"), time, "{name}: time of frame {n}");
        assert_eq!(f.orig_len, len, "{name}: frame.len of frame {n}");
        assert_eq!(f.data.len() as u32, caplen, "{name}: frame.cap_len of frame {n}");
    }
}

/// A record of a classic pcap file.
#[derive(Clone, Debug)]
pub struct Record {
    pub secs: u32,
    /// Micro- or nanoseconds, as the file says.
    pub frac: u32,
    pub orig_len: u32,
    pub data: Vec<u8>,
}

/// A classic pcap file, read by this helper independently of the core.
#[derive(Clone, Debug)]
pub struct Pcap {
    pub nanos: bool,
    pub snaplen: u32,
    pub link_type: u32,
    pub records: Vec<Record>,
}

impl Pcap {
    /// Reads a little-endian pcap (as every lab fixture is).
    pub fn parse(b: &[u8]) -> Pcap {
        let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap());
        let nanos = match u32_at(0) {
            0xa1b2_c3d4 => false,
            0xa1b2_3c4d => true,
            m => panic!("not a little-endian pcap: {m:#x}"),
        };
        let mut records = Vec::new();
        let mut i = 24;
        while i < b.len() {
            let caplen = u32_at(i + 8) as usize;
            records.push(Record {
                secs: u32_at(i),
                frac: u32_at(i + 4),
                orig_len: u32_at(i + 12),
                data: b[i + 16..i + 16 + caplen].to_vec(),
            });
            i += 16 + caplen;
        }
        Pcap { nanos, snaplen: u32_at(16), link_type: u32_at(20), records }
    }

    /// Writes the file in either byte order; the packet bytes are untouched.
    pub fn write(&self, big_endian: bool) -> Vec<u8> {
        let mut w = Vec::new();
        let put32 = |w: &mut Vec<u8>, v: u32| w.extend_from_slice(&if big_endian { v.to_be_bytes() } else { v.to_le_bytes() });
        let put16 = |w: &mut Vec<u8>, v: u16| w.extend_from_slice(&if big_endian { v.to_be_bytes() } else { v.to_le_bytes() });
        put32(&mut w, if self.nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 });
        put16(&mut w, 2);
        put16(&mut w, 4);
        put32(&mut w, 0);
        put32(&mut w, 0);
        put32(&mut w, self.snaplen);
        put32(&mut w, self.link_type);
        for r in &self.records {
            put32(&mut w, r.secs);
            put32(&mut w, r.frac);
            put32(&mut w, r.data.len() as u32);
            put32(&mut w, r.orig_len);
            w.extend_from_slice(&r.data);
        }
        w
    }

    /// Each record's time in units of 10^-9 s.
    pub fn nanos_of(&self, r: &Record) -> u128 {
        r.secs as u128 * 1_000_000_000 + if self.nanos { r.frac as u128 } else { r.frac as u128 * 1000 }
    }

    /// Frame `index` (from 0), an Ethernet + IPv4 + TCP segment, cut into
    /// several segments at the payload offsets `cuts` (rising), each with its
    /// own IPv4 total length and TCP sequence number, at the same time: what
    /// a sender with a smaller MSS would have sent. Checksums are left as
    /// they were (the core does not verify them).
    pub fn split(&self, index: usize, cuts: &[usize]) -> Pcap {
        let r = &self.records[index];
        let ihl = ((r.data[14] & 0x0f) as usize) * 4;
        let tcp = 14 + ihl;
        let doff = ((r.data[tcp + 12] >> 4) as usize) * 4;
        let head = tcp + doff;
        let seq = u32::from_be_bytes(r.data[tcp + 4..tcp + 8].try_into().unwrap());
        let payload = &r.data[head..];
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        bounds.push(payload.len());
        let pieces = bounds.windows(2).map(|w| {
            let mut d = r.data[..head].to_vec();
            d.extend_from_slice(&payload[w[0]..w[1]]);
            let total = (d.len() - 14) as u16;
            d[16..18].copy_from_slice(&total.to_be_bytes());
            d[tcp + 4..tcp + 8].copy_from_slice(&seq.wrapping_add(w[0] as u32).to_be_bytes());
            Record { orig_len: d.len() as u32, data: d, ..r.clone() }
        });
        let mut records = self.records[..index].to_vec();
        records.extend(pieces);
        records.extend_from_slice(&self.records[index + 1..]);
        Pcap { records, ..self.clone() }
    }

    /// The same capture without frame `index` (from 0): a segment the capture missed.
    pub fn without(&self, index: usize) -> Pcap {
        let mut p = self.clone();
        p.records.remove(index);
        p
    }

    /// The same packets with another link header: `f` maps each frame.
    pub fn relink(&self, link_type: u32, f: impl Fn(&[u8]) -> Vec<u8>) -> Pcap {
        let records = self
            .records
            .iter()
            .map(|r| {
                let data = f(&r.data);
                let orig_len = (r.orig_len as i64 + data.len() as i64 - r.data.len() as i64) as u32;
                Record { data, orig_len, ..r.clone() }
            })
            .collect();
        Pcap { link_type, records, ..self.clone() }
    }
}

/// Writes pcapng blocks in either byte order.
pub struct NgWriter {
    pub be: bool,
    pub out: Vec<u8>,
}

fn pad4(v: &mut Vec<u8>) {
    while !v.len().is_multiple_of(4) {
        v.push(0);
    }
}

impl NgWriter {
    pub fn new(be: bool) -> Self {
        NgWriter { be, out: Vec::new() }
    }
    pub fn u16(&self, v: u16) -> [u8; 2] {
        if self.be {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    pub fn u32(&self, v: u32) -> [u8; 4] {
        if self.be {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    /// Options: (code, value) pairs, padded, with the end marker.
    pub fn options(&self, opts: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut v = Vec::new();
        if opts.is_empty() {
            return v;
        }
        for (code, value) in opts {
            v.extend_from_slice(&self.u16(*code));
            v.extend_from_slice(&self.u16(value.len() as u16));
            v.extend_from_slice(value);
            pad4(&mut v);
        }
        v.extend_from_slice(&[0, 0, 0, 0]);
        v
    }
    pub fn block(&mut self, block_type: u32, body: &[u8]) {
        let mut body = body.to_vec();
        pad4(&mut body);
        let len = 12 + body.len() as u32;
        let t = if block_type == 0x0A0D_0D0A { block_type.to_le_bytes() } else { self.u32(block_type) };
        self.out.extend_from_slice(&t);
        self.out.extend_from_slice(&self.u32(len));
        self.out.extend_from_slice(&body);
        self.out.extend_from_slice(&self.u32(len));
    }
    pub fn shb(&mut self, comments: &[&str]) {
        let mut body = Vec::new();
        body.extend_from_slice(&self.u32(0x1A2B_3C4D));
        body.extend_from_slice(&self.u16(1));
        body.extend_from_slice(&self.u16(0));
        body.extend_from_slice(&[0xff; 8]);
        let opts: Vec<(u16, Vec<u8>)> = comments.iter().map(|c| (1, c.as_bytes().to_vec())).collect();
        body.extend_from_slice(&self.options(&opts));
        self.block(0x0A0D_0D0A, &body);
    }
    pub fn idb(&mut self, link_type: u16, snaplen: u32, tsresol: Option<u8>, tsoffset: Option<i64>) {
        let mut body = Vec::new();
        body.extend_from_slice(&self.u16(link_type));
        body.extend_from_slice(&[0, 0]);
        body.extend_from_slice(&self.u32(snaplen));
        let mut opts = Vec::new();
        if let Some(r) = tsresol {
            opts.push((9, vec![r]));
        }
        if let Some(o) = tsoffset {
            opts.push((14, if self.be { o.to_be_bytes().to_vec() } else { o.to_le_bytes().to_vec() }));
        }
        body.extend_from_slice(&self.options(&opts));
        self.block(1, &body);
    }
    pub fn epb(&mut self, if_id: u32, ts: u64, orig_len: u32, data: &[u8], comments: &[&str]) {
        let mut body = Vec::new();
        body.extend_from_slice(&self.u32(if_id));
        body.extend_from_slice(&self.u32((ts >> 32) as u32));
        body.extend_from_slice(&self.u32(ts as u32));
        body.extend_from_slice(&self.u32(data.len() as u32));
        body.extend_from_slice(&self.u32(orig_len));
        body.extend_from_slice(data);
        pad4(&mut body);
        let opts: Vec<(u16, Vec<u8>)> = comments.iter().map(|c| (1, c.as_bytes().to_vec())).collect();
        body.extend_from_slice(&self.options(&opts));
        self.block(6, &body);
    }
    pub fn spb(&mut self, orig_len: u32, data: &[u8]) {
        let mut body = Vec::new();
        body.extend_from_slice(&self.u32(orig_len));
        body.extend_from_slice(data);
        self.block(3, &body);
    }
}

/// 24 bytes of a little-endian pcap file header (microseconds, snaplen 262,144).
pub fn pcap_header(link_type: u32) -> Vec<u8> {
    let mut h = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    h.extend_from_slice(&262_144u32.to_le_bytes());
    h.extend_from_slice(&link_type.to_le_bytes());
    h
}

/// Appends a pcap record of `data` at `secs`, claiming `orig` bytes on the wire.
pub fn pcap_record(out: &mut Vec<u8>, secs: u32, orig: u32, data: &[u8]) {
    out.extend_from_slice(&secs.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(&orig.to_le_bytes());
    out.extend_from_slice(data);
}

/// An Ethernet frame that is not IP (an ARP-like payload).
pub fn arp_frame() -> Vec<u8> {
    let mut f = vec![0xff; 6];
    f.extend_from_slice(&[2, 0, 0, 0, 0, 1, 0x08, 0x06]);
    f.extend_from_slice(&[0; 28]);
    f
}

/// The pcapng form of a pcap: one section, one interface, one enhanced
/// packet block per record, microsecond or nanosecond resolution as the pcap.
pub fn pcapng_of(p: &Pcap, be: bool) -> Vec<u8> {
    let mut w = NgWriter::new(be);
    w.shb(&[]);
    w.idb(p.link_type as u16, p.snaplen, p.nanos.then_some(9), None);
    let units = if p.nanos { 1_000_000_000u64 } else { 1_000_000 };
    for r in &p.records {
        w.epb(0, r.secs as u64 * units + r.frac as u64, r.orig_len, &r.data, &[]);
    }
    w.out
}

/// The explanation of `x` as a reader sees it: rendered in English, in the
/// context of its conversation.
pub fn said(a: &postscope_core::Analysis, x: &impl postscope_core::model::Explained) -> String {
    let cx = a.streams.iter().find(|s| s.stream == x.stream()).map(postscope_core::explain::Context::of).unwrap_or_default();
    postscope_core::explain::render(x.explanation(), &cx, postscope_core::explain::Locale::En)
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
