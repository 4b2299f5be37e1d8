//! A sink that wants no line items and no message contents (the CLI's
//! `--summary`: `Sink::wants_lines`, `Sink::wants_message_contents`) is
//! given what the whole analysis has, less those: each conversation's lines
//! counted by kind as its line items count (`Line::stands_for`), the other
//! items as they are (a run of TLS records stays apart where a line came
//! between), and each message record with its subject. Over every fixture,
//! the TLS recordings with their key logs and the public corpus.

mod common;

use common::{corpus, fixtures_dir, is_capture, short};
use postscope_core::decrypt::KeyLog;
use postscope_core::frames::Frames;
use postscope_core::model::{CaptureInfo, Item, LineCounts, Message, Stream};
use postscope_core::overview::line_index;
use postscope_core::{Analyzer, Options, Sink};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The conversations without their lines, and the lines' counts.
#[derive(Default)]
struct Lean {
    streams: BTreeMap<u32, (Stream, LineCounts)>,
    counted: BTreeMap<u32, LineCounts>,
}

impl Sink for Lean {
    fn stream(&mut self, s: Stream) {
        let lines = self.counted.remove(&s.stream).expect("counts said before the stream");
        self.streams.insert(s.stream, (s, lines));
    }
    fn finish(&mut self, _: CaptureInfo, _: Frames) {}
    fn keeps_frames(&self) -> bool {
        false
    }
    fn wants_lines(&self) -> bool {
        false
    }
    fn counted_lines(&mut self, stream: u32, lines: &LineCounts) {
        self.counted.insert(stream, *lines);
    }
    fn wants_message_contents(&self) -> bool {
        false
    }
}

/// What a record of a message says without its contents.
fn without_contents(m: &Message) -> Message {
    Message {
        from: None,
        to: None,
        cc: None,
        date: None,
        message_id: None,
        parts: Vec::new(),
        attachments: Vec::new(),
        raw: Vec::new(),
        ..m.clone()
    }
}

fn as_json(s: &Stream) -> serde_json::Value {
    postscope_core::wire::full(|| serde_json::to_value(s)).unwrap()
}

/// Checks one capture; returns how many lines were counted.
fn check(name: &str, bytes: &[u8], options: &Options) -> u64 {
    let whole = postscope_core::analyze(bytes, options.clone());
    let mut a = Analyzer::with_sink(options.clone(), Lean::default());
    a.feed(bytes);
    let lean = a.end();
    assert_eq!(lean.streams.len(), whole.streams.len(), "{name}: conversations");
    let mut total = 0;
    for s in &whole.streams {
        let (got, counted) = &lean.streams[&s.stream];
        let mut want_counts = [0u64; 5];
        let mut decrypted = 0;
        let mut want = s.clone();
        want.items.clear();
        for item in &s.items {
            match item {
                Item::Line(l) => {
                    want_counts[line_index(l.kind)] += l.stands_for();
                    decrypted += if l.decrypted { l.stands_for() } else { 0 };
                }
                Item::Message(m) => want.items.push(Item::Message(Box::new(without_contents(m)))),
                other => want.items.push(other.clone()),
            }
        }
        assert_eq!((counted.kinds, counted.decrypted), (want_counts, decrypted), "{name}: stream {} line counts", s.stream);
        let (w, g) = (as_json(&want), as_json(got));
        if w != g {
            let (w, g) = (w.as_object().unwrap(), g.as_object().unwrap());
            let differ: Vec<_> = w.keys().filter(|k| w.get(*k) != g.get(*k)).collect();
            panic!("{name}: stream {} without its lines differs in {differ:?}", s.stream);
        }
        total += want_counts.iter().sum::<u64>();
    }
    total
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    v.retain(|p| is_capture(p));
    v.sort();
    v
}

#[test]
fn every_fixture_counted_as_its_items_count() {
    let mut lines = 0;
    for dir in ["", "formats", "fuzz", "lab"] {
        for p in files_in(&fixtures_dir().join(dir)) {
            lines += check(&short(&p), &std::fs::read(&p).unwrap(), &Options::default());
        }
    }
    assert!(lines > 1_000, "only {lines} lines counted");
}

#[test]
fn tls_recordings_with_their_key_logs_counted_as_their_items_count() {
    let mut decrypted = 0;
    for p in files_in(&fixtures_dir().join("tls")) {
        let keys = p.with_extension("keys");
        let keylog = keys.is_file().then(|| Arc::new(KeyLog::parse(&std::fs::read(&keys).unwrap())));
        let options = Options { keylog, ..Options::default() };
        let bytes = std::fs::read(&p).unwrap();
        assert!(check(&short(&p), &bytes, &options) > 0, "{}: no line", short(&p));
        let mut a = Analyzer::with_sink(options, Lean::default());
        a.feed(&bytes);
        decrypted += a.end().streams.values().map(|(_, c)| c.decrypted).sum::<u64>();
    }
    assert!(decrypted > 100, "only {decrypted} decrypted lines counted");
}

#[test]
fn every_corpus_capture_counted_as_its_items_count() {
    let Some(files) = corpus() else { return };
    let counts = common::parallel(&files, |p| check(&short(p), &std::fs::read(p).unwrap(), &Options::default()));
    let lines: u64 = counts.iter().sum();
    assert!(lines > 10_000, "only {lines} corpus lines counted");
}
