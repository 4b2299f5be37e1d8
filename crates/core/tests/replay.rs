//! A conversation analysed again alone from its own frames (`Replay`, what
//! the app's worker does when a conversation of a large capture is opened)
//! equals the same conversation in the analysis of the whole capture: every
//! item, message, credential and segment sample, its numbers (frames from
//! the whole file, its `tcp.stream`), its recognition, with decode-as choices
//! and key logs (the user's, and the capture's own secrets blocks at their
//! place). Over every fixture, the TLS recordings with their key logs, the
//! converted formats and the public corpus.

mod common;

use common::{corpus, fixture, fixtures_dir, is_capture, short};
use postscope_core::decrypt::KeyLog;
use postscope_core::frames::Frames;
use postscope_core::model::{CaptureInfo, Protocol, Stream};
use postscope_core::{Analysis, Analyzer, Collect, Options, Replay, Sink};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Keeps everything, and what a replay needs besides: the capture's key
/// logs with the frame each came after, and the conversations that cannot
/// be replayed.
#[derive(Default)]
struct Recorded {
    all: Collect,
    secrets: Secrets,
    whole_only: HashSet<u32>,
}

impl Sink for Recorded {
    fn stream(&mut self, s: Stream) {
        self.all.stream(s)
    }
    fn finish(&mut self, capture: CaptureInfo, frames: Frames) {
        self.all.finish(capture, frames)
    }
    fn secrets(&mut self, after_frame: u32, key_log: &[u8]) {
        self.secrets.push((after_frame, key_log.to_vec()));
    }
    fn not_replayable(&mut self, stream: u32) {
        self.whole_only.insert(stream);
    }
}

/// The capture's own key logs, each with the frame it came after.
type Secrets = Vec<(u32, Vec<u8>)>;

fn full(bytes: &[u8], options: &Options) -> (Analysis, Secrets, HashSet<u32>) {
    let mut a = Analyzer::with_sink(options.clone(), Recorded::default());
    a.feed(bytes);
    let r = a.end();
    (r.all.analysis(), r.secrets, r.whole_only)
}

/// Stream `s` of `a` analysed again from its frames, read from `bytes` at the index's offsets.
fn replay(bytes: &[u8], a: &Analysis, s: &Stream, secrets: &[(u32, Vec<u8>)], options: &Options) -> Option<Stream> {
    let mut r = Replay::new(options.clone(), s, a.frames.first_ns().unwrap_or(0));
    let mut keys = secrets.iter().peekable();
    for (n, row) in a.frames.of_stream(s.stream) {
        while let Some((_, log)) = keys.next_if(|(after, _)| *after < n) {
            r.secrets(log);
        }
        let at = row.offset as usize;
        r.frame(n, &row, &bytes[at..at + row.captured as usize]);
    }
    r.finish()
}

fn as_json(s: &Stream) -> serde_json::Value {
    postscope_core::wire::full(|| serde_json::to_value(s)).unwrap()
}

/// Checks every conversation of one capture; returns how many were replayed.
fn check(name: &str, bytes: &[u8], options: &Options) -> usize {
    let (a, secrets, whole_only) = full(bytes, options);
    if a.capture.gzip {
        return 0; // offsets are in the decompressed bytes: the worker keeps such a capture whole
    }
    let mut n = 0;
    for s in &a.streams {
        if whole_only.contains(&s.stream) {
            continue;
        }
        let again = replay(bytes, &a, s, &secrets, options).unwrap_or_else(|| panic!("{name}: stream {} gave no stream", s.stream));
        let (want, got) = (as_json(s), as_json(&again));
        if want != got {
            let w = want.as_object().unwrap();
            let g = got.as_object().unwrap();
            let differ: Vec<_> = w.keys().filter(|k| w.get(*k) != g.get(*k)).collect();
            panic!("{name}: stream {} analysed again from its frames differs in {differ:?}", s.stream);
        }
        n += 1;
    }
    n
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    v.retain(|p| is_capture(p));
    v.sort();
    v
}

#[test]
fn every_fixture_conversation_replays_as_in_the_whole_analysis() {
    let mut replayed = 0;
    for dir in ["", "formats", "fuzz"] {
        for p in files_in(&fixtures_dir().join(dir)) {
            replayed += check(&short(&p), &std::fs::read(&p).unwrap(), &Options::default());
        }
    }
    assert!(replayed >= 60, "only {replayed} conversations replayed");
}

#[test]
fn decode_as_choices_replay_too() {
    // The SMTP recording read as POP3 on its port: the same (wrong, chosen) reading again.
    let bytes = fixture("smtp-auth-plain.pcap");
    let a = postscope_core::analyze(&bytes, Options::default());
    let port = a.streams[0].server.port();
    let options = Options { decode_as: vec![(port, Protocol::Pop3)], ..Options::default() };
    assert_eq!(check("smtp-auth-plain.pcap as POP3", &bytes, &options), a.streams.len());
    assert_eq!(full(&bytes, &options).0.streams[0].protocol, Protocol::Pop3);
}

#[test]
fn tls_recordings_replay_decrypted_with_their_key_logs() {
    let dir = fixtures_dir().join("tls");
    let mut decrypted = 0;
    for p in files_in(&dir) {
        let keys = p.with_extension("keys");
        let keylog = keys.is_file().then(|| Arc::new(KeyLog::parse(&std::fs::read(&keys).unwrap())));
        let options = Options { keylog, ..Options::default() };
        let bytes = std::fs::read(&p).unwrap();
        assert!(check(&short(&p), &bytes, &options) > 0, "{}: nothing replayed", short(&p));
        let (a, secrets, _) = full(&bytes, &options);
        decrypted += usize::from(a.credentials().any(|c| c.decrypted));
        if p.extension().is_some_and(|e| e == "pcapng") && !keys.is_file() {
            // The key log is the capture's own: replayed without it, nothing would be decrypted.
            assert!(!secrets.is_empty(), "{}: no secrets block met", short(&p));
        }
    }
    assert!(decrypted >= 10, "only {decrypted} recordings decrypted");
}

#[test]
fn a_segment_from_ip_fragments_marks_its_conversation_whole_only() {
    let bytes = std::fs::read(fixtures_dir().join("formats/smtp-auth-login.ipfrag.pcap")).unwrap();
    let (a, _, whole_only) = full(&bytes, &Options::default());
    assert!(!a.streams.is_empty());
    assert!(a.streams.iter().all(|s| whole_only.contains(&s.stream)), "{whole_only:?}");
    // And it is right to: its frames alone do not give the same conversation back.
    let s = &a.streams[0];
    let again = replay(&bytes, &a, s, &[], &Options::default());
    assert_ne!(again.map(|x| as_json(&x)), Some(as_json(s)));
}

#[test]
fn every_corpus_conversation_replays_as_in_the_whole_analysis() {
    let Some(files) = corpus() else { return };
    let counts = common::parallel(&files, |p| check(&short(p), &std::fs::read(p).unwrap(), &Options::default()));
    let replayed: usize = counts.iter().sum();
    assert!(replayed > 100, "only {replayed} corpus conversations replayed");
}
