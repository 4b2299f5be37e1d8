//! The streaming analyzer: conversations are handed to the sink as they
//! finish, and that changes nothing in what is said about them.

use postscope_core::model::{CaptureInfo, Stream};
use postscope_core::{frames::Frames, jsonl, Analyzer, Sink};

/// A generated capture of interleaved SMTP, POP3 and IMAP sessions.
fn generated(size: u64) -> Vec<u8> {
    let mut out = Vec::new();
    gencap::generate(&gencap::Config::new(7, size), &mut out).unwrap();
    out
}

fn analysed(bytes: &[u8], linger: Option<u32>) -> postscope_core::Analysis {
    let mut a = Analyzer::new(Default::default());
    if let Some(l) = linger {
        a.set_linger(l);
    }
    for chunk in bytes.chunks(64 * 1024) {
        a.feed(chunk);
    }
    a.finish()
}

#[test]
fn handing_conversations_out_early_changes_no_record() {
    let bytes = generated(8 << 20);
    let at_end = jsonl::to_string(&analysed(&bytes, Some(u32::MAX)));
    let early = analysed(&bytes, None);
    assert!(early.streams.len() > 100, "{} streams", early.streams.len());
    // No segment came after its conversation was handed out. (With a linger
    // of 64 frames one does here: a retransmission long after the close.)
    let late: Vec<_> = early.capture.warnings.iter().filter(|n| n.kind == postscope_core::model::NoteKind::LateSegments).collect();
    assert!(late.is_empty(), "{late:?}");
    assert!(jsonl::to_string(&early) == at_end, "the JSON Lines differ");
}

/// Records when each stream arrived, in frames read.
#[derive(Default)]
struct Arrivals {
    streams: Vec<u32>,
    finished: bool,
}

impl Sink for Arrivals {
    fn stream(&mut self, s: Stream) {
        self.streams.push(s.stream);
    }
    fn finish(&mut self, _: CaptureInfo, frames: Frames) {
        assert!(frames.is_empty(), "no index was asked for");
        self.finished = true;
    }
    fn keeps_frames(&self) -> bool {
        false
    }
}

#[test]
fn finished_conversations_reach_the_sink_while_the_capture_is_read() {
    let bytes = generated(8 << 20);
    let mut a = Analyzer::with_sink(Default::default(), Arrivals::default());
    for chunk in bytes.chunks(64 * 1024) {
        a.feed(chunk);
    }
    let before = a.sink().streams.len();
    let seen = a.streams();
    // Most conversations ended before the capture did (both FINs, then
    // LINGER_FRAMES frames, under 1 MB of this capture, without a segment).
    assert!(before > seen / 2, "{before} of {seen} handed out before the end");
    let sink = a.end();
    assert_eq!(sink.streams.len(), seen);
    assert!(sink.finished);
    let mut numbers = sink.streams.clone();
    numbers.sort_unstable();
    assert_eq!(numbers, (0..numbers.len() as u32).collect::<Vec<_>>(), "each stream once");
}
