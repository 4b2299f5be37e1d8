//! The worker's side, without the browser: a [`Job`] reads one capture, the
//! [`Engine`] keeps the last finished analysis and answers queries about it.

use crate::components::stream_list::Happened;
use crate::worker::protocol::{Choices, JobId, Overview, Progress, Request, Response};
use postscope_core::frames::Frames;
use postscope_core::model::{CaptureInfo, Stream};
use postscope_core::{Analysis, Analyzer, Sink};
use std::collections::HashMap;

/// At most one `Found` message this often (milliseconds), so the page is not
/// flooded on a capture of a million connections.
pub const FOUND_EVERY_MS: f64 = 250.0;

/// At most this many conversations in one `Found` message.
pub const FOUND_MAX: usize = 2000;

/// The worker's sink: keeps every conversation the core hands out (as
/// `Collect` does), and where each is, so one already handed out can be
/// listed while the capture is still read.
#[derive(Default)]
pub struct Kept {
    streams: Vec<Stream>,
    at: HashMap<u32, usize>,
    end: Option<(CaptureInfo, Frames)>,
}

impl Sink for Kept {
    fn stream(&mut self, s: Stream) {
        self.at.insert(s.stream, self.streams.len());
        self.streams.push(s);
    }
    fn finish(&mut self, capture: CaptureInfo, frames: Frames) {
        self.end = Some((capture, frames));
    }
}

impl Kept {
    fn analysis(mut self) -> Analysis {
        self.streams.sort_by_key(|s| s.stream);
        let (capture, frames) = self.end.unwrap_or_default();
        Analysis { capture, streams: self.streams, frames }
    }
}

/// One capture being read.
pub struct Job {
    pub job: JobId,
    analyzer: Analyzer<Kept>,
    progress: Progress,
    /// Conversations already sent in `Found` messages.
    listed: usize,
    last_found_ms: f64,
    /// Time spent in the core.
    pub busy_ms: f64,
}

impl Job {
    pub fn new(job: JobId, total: u64, choices: &Choices) -> Job {
        Job {
            job,
            analyzer: Analyzer::with_sink(choices.options(), Kept::default()),
            progress: Progress { total, ..Progress::default() },
            listed: 0,
            last_found_ms: f64::NEG_INFINITY,
            busy_ms: 0.0,
        }
    }

    /// Feeds the next slice; `now_ms` is the worker's clock. Returns the
    /// progress, and the conversations found if it is time to list them.
    pub fn feed(&mut self, bytes: &[u8], now_ms: impl Fn() -> f64) -> Vec<Response> {
        let t = now_ms();
        self.analyzer.feed(bytes);
        let now = now_ms();
        self.busy_ms += now - t;
        self.progress.bytes += bytes.len() as u64;
        self.progress.frames = self.analyzer.frames();
        self.progress.streams = self.analyzer.streams();
        let mut out = vec![Response::Progress { job: self.job, progress: self.progress }];
        if self.progress.streams > self.listed && now - self.last_found_ms >= FOUND_EVERY_MS {
            let mut streams = Vec::new();
            let (analyzer, count) = (&self.analyzer, self.progress.streams);
            while self.listed < count && streams.len() < FOUND_MAX {
                let idx = self.listed;
                self.listed += 1;
                // Still open: as far as read; handed out already: the sink has it.
                let found = analyzer.open_stream_so_far(idx).or_else(|| {
                    let kept = analyzer.sink();
                    kept.at.get(&(idx as u32)).map(|&i| kept.streams[i].clone_without_items())
                });
                streams.extend(found);
            }
            self.last_found_ms = now;
            out.push(Response::Found { job: self.job, streams });
        }
        out
    }

    /// Frames read so far.
    pub fn frames(&self) -> u32 {
        self.progress.frames
    }

    /// Ends the job (`stopped`: the user cancelled) and makes the overview.
    pub fn finish(self, stopped: bool, now_ms: impl Fn() -> f64) -> (Analysis, Response) {
        let t = now_ms();
        let mut a = self.analyzer.end().analysis();
        if stopped {
            // The file does not end there: the user stopped reading. The
            // core's note that the file ends inside a record would be false.
            a.capture.warnings.retain(|w| w.kind != postscope_core::model::NoteKind::Truncated);
        }
        let busy = self.busy_ms + now_ms() - t;
        let overview = overview(&a, self.progress, stopped.then_some(self.progress.bytes), busy);
        (a, Response::Ready { job: self.job, overview: Box::new(overview) })
    }
}

/// The overview of an analysis: everything but the items.
pub fn overview(a: &Analysis, progress: Progress, stopped_at: Option<u64>, analysis_ms: f64) -> Overview {
    Overview {
        capture: a.capture.clone(),
        streams: a.streams.iter().map(WithoutItems::clone_without_items).collect(),
        happened: a.streams.iter().map(Happened::of).collect(),
        first: crate::state::first_interesting(a),
        stopped_at,
        progress: Progress { frames: a.capture.packets, streams: a.streams.len(), ..progress },
        analysis_ms,
    }
}

/// A stream's fields without copying its items.
trait WithoutItems {
    fn clone_without_items(&self) -> postscope_core::model::Stream;
}

impl WithoutItems for postscope_core::model::Stream {
    fn clone_without_items(&self) -> postscope_core::model::Stream {
        postscope_core::model::Stream {
            stream: self.stream,
            client: self.client,
            server: self.server,
            protocol: self.protocol,
            first_frame: self.first_frame,
            last_frame: self.last_frame,
            packets: self.packets,
            client_bytes: self.client_bytes,
            server_bytes: self.server_bytes,
            client_payload_bytes: self.client_payload_bytes,
            server_payload_bytes: self.server_payload_bytes,
            tls_from_frame: self.tls_from_frame,
            rel_start: self.rel_start,
            duration: self.duration,
            recognised_by: self.recognised_by,
            items: Vec::new(),
            segments: Vec::new(),
            tcp: self.tcp,
        }
    }
}

/// What the worker keeps between messages: the last finished analysis.
#[derive(Default)]
pub struct Engine {
    /// The job the analysis is of, and the analysis.
    pub done: Option<(JobId, Analysis)>,
}

impl Engine {
    /// Answers a query about the finished analysis. `Open` and `Cancel` are
    /// the host's (they start and stop reading); here they answer nothing.
    pub fn answer(&self, req: &Request) -> Option<Response> {
        match req {
            Request::Open { .. } | Request::Cancel { .. } => None,
            Request::Stream { job, stream } => {
                let (done_job, a) = self.done.as_ref().filter(|(j, _)| j == job)?;
                let s = a.streams.iter().find(|s| s.stream == *stream)?;
                Some(Response::Stream { job: *done_job, stream: Box::new(s.clone()), frames: Box::new(a.frames.part_for_stream(*stream)) })
            }
            // A view's query: one arm each, its view-model computed from `a` by the core.
            Request::Paragraph { job } => {
                let (job, a) = self.of(*job)?;
                Some(Response::Paragraph { job, paragraph: Box::new(postscope_core::overview::paragraph(a)) })
            }
            Request::Eavesdropper { job, from, count } => {
                let (job, a) = self.of(*job)?;
                let mut e = postscope_core::eavesdropper::eavesdropper(a);
                let total = e.conversations.len();
                e.conversations = e.conversations.into_iter().skip(*from).take(*count).collect();
                Some(Response::Eavesdropper { job, from: *from, total, eavesdropper: Box::new(e) })
            }
            Request::Timeline { job } => {
                let (job, a) = self.of(*job)?;
                Some(Response::Timeline { job, timeline: Box::new(postscope_core::timeline::timeline(a)) })
            }
            Request::IoGraph { job, interval } => {
                let (job, a) = self.of(*job)?;
                Some(Response::IoGraph { job, interval: *interval, graph: Box::new(postscope_core::iograph::capture(a, *interval)) })
            }
            Request::Frames { job } => {
                let (job, a) = self.of(*job)?;
                Some(Response::Frames { job, frames: Box::new(a.frames.clone()) })
            }
        }
    }

    /// A job is done: its analysis is the one held from now on, unless the
    /// file was no capture at all (empty, other bytes): then the analysis
    /// before it stays, for the error page's way back to it.
    pub fn finished(&mut self, job: JobId, a: Analysis) {
        if a.capture.format == "unknown" && self.done.is_some() {
            return;
        }
        self.done = Some((job, a));
    }

    /// The new capture `job` has frames (so it is one): the analysis of the
    /// one before is let go, before the new one grows beside it.
    pub fn let_go_before(&mut self, job: JobId) {
        if self.done.as_ref().is_some_and(|(j, _)| *j != job) {
            self.done = None;
        }
    }

    /// The finished analysis of `job`, if it is the one held.
    fn of(&self, job: JobId) -> Option<(JobId, &Analysis)> {
        self.done.as_ref().filter(|(j, _)| *j == job).map(|(j, a)| (*j, a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::protocol::{decode, encode};

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn run(bytes: &[u8], slice: usize) -> (Engine, Vec<Response>) {
        let mut job = Job::new(7, bytes.len() as u64, &Choices::default());
        let mut out = Vec::new();
        let mut clock = 0.0;
        for chunk in bytes.chunks(slice) {
            clock += 300.0;
            let c = clock;
            out.extend(job.feed(chunk, || c));
        }
        let (a, ready) = job.finish(false, || clock);
        out.push(ready);
        (Engine { done: Some((7, a)) }, out)
    }

    #[test]
    fn a_job_reports_progress_lists_conversations_as_found_and_ends_with_the_overview() {
        let bytes = fixture("multi-client.pcap");
        let (engine, out) = run(&bytes, 512);
        let progress: Vec<_> =
            out.iter().filter_map(|r| if let Response::Progress { progress, .. } = r { Some(*progress) } else { None }).collect();
        assert_eq!(progress.len(), bytes.len().div_ceil(512));
        assert_eq!(progress.last().unwrap().bytes, bytes.len() as u64);
        assert!(progress.windows(2).all(|w| w[0].bytes < w[1].bytes && w[0].frames <= w[1].frames));
        let found: Vec<u32> = out
            .iter()
            .flat_map(|r| if let Response::Found { streams, .. } = r { streams.iter().map(|s| s.stream).collect() } else { vec![] })
            .collect();
        let a = &engine.done.as_ref().unwrap().1;
        assert!(a.streams.len() > 1);
        // Every conversation is listed once, in order, before the end.
        assert_eq!(found, (0..a.streams.len() as u32).collect::<Vec<_>>());
        let Some(Response::Ready { overview, .. }) = out.last() else { panic!("no overview") };
        assert_eq!(overview.streams.len(), a.streams.len());
        assert!(overview.streams.iter().all(|s| s.items.is_empty()));
        assert_eq!(overview.happened, a.streams.iter().map(Happened::of).collect::<Vec<_>>());
        assert_eq!(overview.first, crate::state::first_interesting(a));
    }

    #[test]
    fn a_conversation_is_answered_with_its_items_through_the_codec() {
        let bytes = fixture("smtp-auth-plain.pcap");
        let (engine, _) = run(&bytes, 4096);
        let a = &engine.done.as_ref().unwrap().1;
        let n = crate::state::first_interesting(a).unwrap();
        let r = engine.answer(&decode::<Request>(&encode(&Request::Stream { job: 7, stream: n })).unwrap()).unwrap();
        let Response::Stream { stream, frames, .. } = decode::<Response>(&encode(&r)).unwrap() else { panic!("not a stream") };
        let want = a.streams.iter().find(|s| s.stream == n).unwrap();
        assert_eq!(stream.items.len(), want.items.len());
        // Why the protocol was chosen crosses as the fact, rendered on the page in the reader's language.
        assert_eq!(stream.recognised_by, want.recognised_by);
        assert!(!matches!(stream.recognised_by, postscope_core::model::Recognition::Pending));
        let cx = postscope_core::explain::Context::of(want);
        let cx2 = postscope_core::explain::Context::of(&stream);
        for (x, y) in want.items.iter().zip(&stream.items) {
            let say =
                |i: &postscope_core::model::Item, cx| postscope_core::explain::render(i.explain(), cx, postscope_core::explain::Locale::En);
            assert_eq!(say(x, &cx), say(y, &cx2));
        }
        for i in &stream.items {
            assert_eq!(frames.since_first(i.frame()), a.frames.since_first(i.frame()));
        }
        // A job the worker no longer holds is not answered.
        assert!(engine.answer(&Request::Stream { job: 8, stream: n }).is_none());
    }

    #[test]
    fn a_file_that_is_no_capture_keeps_the_capture_before_it_for_the_way_back() {
        let (mut engine, _) = run(&fixture("smtp-auth-plain.pcap"), 4096);
        let n = crate::state::first_interesting(&engine.done.as_ref().unwrap().1).unwrap();
        for (job, bytes) in [(8, &b"these are my notes, not a capture\n"[..]), (9, &b""[..])] {
            let mut j = Job::new(job, bytes.len() as u64, &Choices::default());
            if !bytes.is_empty() {
                j.feed(bytes, || 0.0);
            }
            assert_eq!(j.frames(), 0);
            let (a, _) = j.finish(false, || 0.0);
            assert_eq!(a.capture.format, "unknown");
            engine.finished(job, a);
            // The conversation of the capture before is still answered (the page went back to it).
            assert!(matches!(engine.answer(&Request::Stream { job: 7, stream: n }), Some(Response::Stream { .. })));
        }
        // A capture after it: once it has frames, the one before is let go; then it is the one held.
        let bytes = fixture("multi-client.pcap");
        let mut j = Job::new(10, bytes.len() as u64, &Choices::default());
        j.feed(&bytes, || 0.0);
        assert!(j.frames() > 0);
        engine.let_go_before(10);
        assert!(engine.done.is_none());
        let (a, _) = j.finish(false, || 0.0);
        engine.finished(10, a);
        assert!(engine.answer(&Request::Stream { job: 7, stream: n }).is_none());
        assert_eq!(engine.done.as_ref().map(|(j, _)| *j), Some(10));
    }
}
