//! The worker's side, without the browser: a [`Job`] reads one capture, the
//! [`Engine`] keeps the last finished analysis and answers queries about it.
//!
//! What is kept of a finished conversation: where the file can be read
//! again by offset (the worker reading a File or a sample's Blob), only its
//! header (numbers, endpoints, counts) and what the capture-wide views read
//! of it ([`Parts`]: its part of the paragraph, eavesdropper panel, timeline
//! and I/O graph, and the list's "what happened"); its items and segments are
//! let go. When it is opened, its frames are read again from the file and
//! analysed alone ([`Plan`], `postscope_core::Replay`), giving the same
//! items. Where the file cannot be read again by offset (gzip: the offsets
//! are in the decompressed bytes; the page reading the file itself) or a
//! conversation cannot be replayed alone (a segment from IP fragments),
//! every item is kept, as before.

use crate::components::stream_list::Happened;
use crate::worker::protocol::{Choices, JobId, Overview, Progress, Request, Response};
use postscope_core::eavesdropper::Overheard;
use postscope_core::explain::Phrase;
use postscope_core::frames::{FrameRow, Frames};
use postscope_core::model::{CaptureInfo, Item, Stream};
use postscope_core::overview::{Conversation, Totals, PARAGRAPH_STREAMS};
use postscope_core::timeline::MarkKind;
use postscope_core::{Analysis, Analyzer, Options, Replay, Sink};
use std::collections::{BTreeMap, HashMap, HashSet};

/// At most one `Found` message this often (milliseconds), so the page is not
/// flooded on a capture of a million connections.
pub const FOUND_EVERY_MS: f64 = 250.0;

/// At most this many conversations in one `Found` message.
pub const FOUND_MAX: usize = 2000;

/// What the capture-wide views read of the conversations whose items were
/// let go, gathered as each is handed out.
#[derive(Default)]
pub struct Parts {
    /// The paragraph's totals over every conversation, and the sentences of the first ones.
    totals: Totals,
    sentences: BTreeMap<u32, Phrase>,
    /// The eavesdropper panel's conversations (those it lists).
    overheard: BTreeMap<u32, Overheard>,
    /// The timeline's marks of each conversation.
    marks: HashMap<u32, Vec<(MarkKind, u32)>>,
    /// The I/O graph's retransmitted and out-of-order frames.
    resent: HashSet<u32>,
    /// The list's "what happened", and which conversations have lines (the first one shown).
    happened: HashMap<u32, Happened>,
    with_lines: HashSet<u32>,
    /// The capture's own key logs, with the frame each came after (a replay gets them at their place).
    secrets: Vec<(u32, Vec<u8>)>,
    /// Conversations kept whole: they cannot be analysed again alone.
    whole: HashSet<u32>,
}

impl Parts {
    fn add(&mut self, s: &Stream) {
        let c = Conversation::of(s);
        self.totals.add(&c);
        self.sentences.insert(s.stream, postscope_core::overview::sentence(&c));
        if self.sentences.len() > PARAGRAPH_STREAMS {
            self.sentences.pop_last();
        }
        let o = postscope_core::eavesdropper::overheard(s);
        if o.tells() {
            self.overheard.insert(s.stream, o);
        }
        let marks = postscope_core::timeline::marks(s);
        if !marks.is_empty() {
            self.marks.insert(s.stream, marks);
        }
        self.resent.extend(postscope_core::iograph::resent(s));
        self.happened.insert(s.stream, Happened::of(s));
        if has_lines(s) {
            self.with_lines.insert(s.stream);
        }
    }
}

fn has_lines(s: &Stream) -> bool {
    s.items.iter().any(|i| matches!(i, Item::Line(_)))
}

/// The worker's sink: keeps every conversation the core hands out, with its
/// items (`parts` is `None`) or as its header and [`Parts`], and where each
/// is, so one already handed out can be listed while the capture is still read.
#[derive(Default)]
pub struct Kept {
    streams: Vec<Stream>,
    at: HashMap<u32, usize>,
    end: Option<(CaptureInfo, Frames)>,
    parts: Option<Parts>,
}

impl Sink for Kept {
    fn stream(&mut self, mut s: Stream) {
        if let Some(parts) = &mut self.parts {
            parts.add(&s);
            if !parts.whole.contains(&s.stream) {
                s.items = Vec::new();
                s.segments = Vec::new();
            }
        }
        self.at.insert(s.stream, self.streams.len());
        self.streams.push(s);
    }
    fn finish(&mut self, capture: CaptureInfo, frames: Frames) {
        self.end = Some((capture, frames));
    }
    fn secrets(&mut self, after_frame: u32, key_log: &[u8]) {
        if let Some(parts) = &mut self.parts {
            parts.secrets.push((after_frame, key_log.to_vec()));
        }
    }
    fn not_replayable(&mut self, stream: u32) {
        if let Some(parts) = &mut self.parts {
            parts.whole.insert(stream);
        }
    }
}

/// A finished analysis as the worker holds it.
pub struct Done {
    /// The capture, the frame index and every conversation (without items where `parts` holds what is needed of them).
    pub analysis: Analysis,
    /// `None`: every item is held.
    parts: Option<Parts>,
    /// The options it was analysed with (a replay uses the same).
    options: Options,
}

impl Done {
    /// Every item held (the file cannot be read again by offset).
    pub fn whole(analysis: Analysis) -> Done {
        Done { analysis, parts: None, options: Options::default() }
    }

    /// Whether conversation `stream`'s items are held (else it is read again when opened).
    pub fn holds_items(&self, stream: u32) -> bool {
        self.parts.as_ref().is_none_or(|p| p.whole.contains(&stream))
    }

    fn happened(&self) -> Vec<Happened> {
        let a = &self.analysis;
        match &self.parts {
            None => a.streams.iter().map(Happened::of).collect(),
            Some(p) => a.streams.iter().map(|s| p.happened.get(&s.stream).cloned().unwrap_or_default()).collect(),
        }
    }

    fn first(&self) -> Option<u32> {
        match &self.parts {
            None => crate::state::first_interesting(&self.analysis),
            Some(p) => crate::state::first_of(&self.analysis.streams, |s| p.with_lines.contains(&s.stream)),
        }
    }

    /// The capture paragraph.
    pub fn paragraph(&self) -> postscope_core::overview::Paragraph {
        match &self.parts {
            None => postscope_core::overview::paragraph(&self.analysis),
            Some(p) => postscope_core::overview::paragraph_from(&self.analysis, &p.totals, p.sentences.values().cloned()),
        }
    }

    /// The eavesdropper panel.
    pub fn eavesdropper(&self) -> postscope_core::eavesdropper::Eavesdropper {
        match &self.parts {
            None => postscope_core::eavesdropper::eavesdropper(&self.analysis),
            Some(p) => postscope_core::eavesdropper::gather(p.overheard.values().cloned()),
        }
    }

    /// The timeline.
    pub fn timeline(&self) -> postscope_core::timeline::Timeline {
        match &self.parts {
            None => postscope_core::timeline::timeline(&self.analysis),
            Some(p) => postscope_core::timeline::timeline_with(&self.analysis, |s| p.marks.get(&s.stream).cloned().unwrap_or_default()),
        }
    }

    /// The capture's I/O graph.
    pub fn io_graph(&self, interval: Option<u64>) -> postscope_core::iograph::IoGraph {
        match &self.parts {
            None => postscope_core::iograph::capture(&self.analysis, interval),
            Some(p) => {
                let classes = postscope_core::iograph::Classifier::with_resent(&self.analysis, &p.resent);
                postscope_core::iograph::capture_with(&self.analysis, &classes, interval)
            }
        }
    }
}

impl Kept {
    fn done(mut self, options: Options) -> Done {
        self.streams.sort_by_key(|s| s.stream);
        let (capture, frames) = self.end.unwrap_or_default();
        Done { analysis: Analysis { capture, streams: self.streams, frames }, parts: self.parts, options }
    }
}

/// One capture being read.
pub struct Job {
    pub job: JobId,
    analyzer: Analyzer<Kept>,
    options: Options,
    progress: Progress,
    /// Conversations already sent in `Found` messages.
    listed: usize,
    last_found_ms: f64,
    /// Time spent in the core.
    pub busy_ms: f64,
}

impl Job {
    /// `rereadable`: the Blob can be read again by offset once the job is
    /// done (a worker reading the File): conversations' items are then let
    /// go as they are handed out (unless the file turns out to be gzip).
    pub fn new(job: JobId, total: u64, choices: &Choices, rereadable: bool) -> Job {
        let options = choices.options();
        let kept = Kept { parts: rereadable.then(Parts::default), ..Kept::default() };
        Job {
            job,
            analyzer: Analyzer::with_sink(options.clone(), kept),
            options,
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
        let mut rest = bytes;
        if self.progress.bytes < 2 && self.analyzer.sink().parts.is_some() {
            // The first two bytes say whether the file is gzip (how the file is fed never
            // changes the analysis): then its offsets cannot be read again, and every item is kept.
            let (head, tail) = rest.split_at(rest.len().min(2 - self.progress.bytes as usize));
            self.analyzer.feed(head);
            rest = tail;
            if self.analyzer.compressed() {
                self.analyzer.sink_mut().parts = None;
            }
        }
        self.analyzer.feed(rest);
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
    pub fn finish(self, stopped: bool, now_ms: impl Fn() -> f64) -> (Done, Response) {
        let t = now_ms();
        let mut d = self.analyzer.end().done(self.options);
        if stopped {
            // The file does not end there: the user stopped reading. The
            // core's note that the file ends inside a record would be false.
            d.analysis.capture.warnings.retain(|w| w.kind != postscope_core::model::NoteKind::Truncated);
        }
        let busy = self.busy_ms + now_ms() - t;
        let overview = overview(&d, self.progress, stopped.then_some(self.progress.bytes), busy);
        (d, Response::Ready { job: self.job, overview: Box::new(overview) })
    }
}

/// The overview of an analysis: everything but the items.
pub fn overview(d: &Done, progress: Progress, stopped_at: Option<u64>, analysis_ms: f64) -> Overview {
    let a = &d.analysis;
    Overview {
        capture: a.capture.clone(),
        streams: a.streams.iter().map(WithoutItems::clone_without_items).collect(),
        happened: d.happened(),
        first: d.first(),
        stopped_at,
        progress: Progress { frames: a.capture.packets, streams: a.streams.len(), ..progress },
        analysis_ms,
        wasm_memory: wasm_memory(),
    }
}

/// This program's WebAssembly memory in bytes (0 natively).
pub fn wasm_memory() -> u64 {
    #[cfg(target_arch = "wasm32")]
    return core::arch::wasm32::memory_size::<0>() as u64 * 65536;
    #[cfg(not(target_arch = "wasm32"))]
    0
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

/// Frames closer than this in the file are read in one piece (the bytes of
/// other conversations between them are read and passed over).
pub const COALESCE_GAP: u64 = 256 * 1024;
/// The longest piece read at once.
pub const MAX_READ: u64 = 4 * 1024 * 1024;

/// Opening a conversation whose items were let go: its frames, read again
/// from the file in a few pieces, analysed alone (`postscope_core::Replay`).
pub struct Plan {
    pub job: JobId,
    pub stream: u32,
    /// The pieces of the file to read, in order (start, end), each fed to [`Plan::feed`].
    pub reads: Vec<(u64, u64)>,
    frames: Vec<(u32, FrameRow)>,
    /// The next frame to feed.
    next: usize,
    replay: Replay,
    secrets: Vec<(u32, Vec<u8>)>,
    part: Frames,
}

impl Plan {
    fn new(job: JobId, d: &Done, s: &Stream) -> Plan {
        let a = &d.analysis;
        let frames: Vec<(u32, FrameRow)> = a.frames.of_stream(s.stream).filter(|(n, _)| *n <= s.last_frame).collect();
        let mut reads: Vec<(u64, u64)> = Vec::new();
        for (_, r) in &frames {
            let (start, end) = (r.offset, r.offset + u64::from(r.captured));
            match reads.last_mut() {
                Some(last) if start >= last.1 && start - last.1 <= COALESCE_GAP && end - last.0 <= MAX_READ => last.1 = end,
                _ => reads.push((start, end)),
            }
        }
        let secrets = d.parts.as_ref().map(|p| p.secrets.clone()).unwrap_or_default();
        Plan {
            job,
            stream: s.stream,
            reads,
            frames,
            next: 0,
            replay: Replay::new(d.options.clone(), s, a.frames.first_ns().unwrap_or(0)),
            secrets,
            part: a.frames.part_for_stream(s.stream),
        }
    }

    /// Bytes of the file read again.
    pub fn bytes(&self) -> u64 {
        self.reads.iter().map(|(a, b)| b - a).sum()
    }

    /// The piece of the file from `start` (one of [`Plan::reads`], in
    /// order): the frames in it are analysed. An error when the piece is
    /// shorter than asked (the file changed since it was read).
    pub fn feed(&mut self, start: u64, bytes: &[u8]) -> Result<(), String> {
        let end = start + bytes.len() as u64;
        while let Some(&(n, row)) = self.frames.get(self.next) {
            let (from, to) = (row.offset, row.offset + u64::from(row.captured));
            if from < start || to > end {
                break;
            }
            let mut keys = 0;
            while keys < self.secrets.len() && self.secrets[keys].0 < n {
                keys += 1;
            }
            for (_, log) in self.secrets.drain(..keys) {
                self.replay.secrets(&log);
            }
            self.replay.frame(n, &row, &bytes[(from - start) as usize..(to - start) as usize]);
            self.next += 1;
        }
        match self.reads.iter().find(|r| r.0 == start) {
            Some(r) if r.1 > end => Err(format!(
                "the file could not be read again at byte {start} (it ends at {end}): has it changed since it was opened? Open it again."
            )),
            _ => Ok(()),
        }
    }

    /// The conversation with its items, as the page asked for it.
    pub fn finish(self) -> Response {
        let job = self.job;
        match self.replay.finish() {
            Some(s) => Response::Stream { job, stream: Box::new(s), frames: Box::new(self.part) },
            None => Response::Failed { job, message: format!("conversation {} could not be read again from the file", self.stream) },
        }
    }
}

/// What the worker keeps between messages: the last finished analysis.
#[derive(Default)]
pub struct Engine {
    /// The job the analysis is of, and the analysis.
    pub done: Option<(JobId, Done)>,
}

impl Engine {
    /// Answers a query about the finished analysis. `Open` and `Cancel` are
    /// the host's (they start and stop reading); here they answer nothing,
    /// nor does a conversation whose items were let go ([`Engine::plan`]).
    pub fn answer(&self, req: &Request) -> Option<Response> {
        match req {
            Request::Open { .. } | Request::Cancel { .. } => None,
            Request::Stream { job, stream } => {
                let (done_job, d) = self.of(*job)?;
                let a = &d.analysis;
                let s = a.streams.iter().find(|s| s.stream == *stream).filter(|s| d.holds_items(s.stream))?;
                Some(Response::Stream { job: done_job, stream: Box::new(s.clone()), frames: Box::new(a.frames.part_for_stream(*stream)) })
            }
            // A view's query: one arm each, its view-model computed by the core.
            Request::Paragraph { job } => {
                let (job, d) = self.of(*job)?;
                Some(Response::Paragraph { job, paragraph: Box::new(d.paragraph()) })
            }
            Request::Eavesdropper { job, from, count } => {
                let (job, d) = self.of(*job)?;
                let mut e = d.eavesdropper();
                let total = e.conversations.len();
                e.conversations = e.conversations.into_iter().skip(*from).take(*count).collect();
                Some(Response::Eavesdropper { job, from: *from, total, eavesdropper: Box::new(e) })
            }
            Request::Timeline { job } => {
                let (job, d) = self.of(*job)?;
                Some(Response::Timeline { job, timeline: Box::new(d.timeline()) })
            }
            Request::IoGraph { job, interval } => {
                let (job, d) = self.of(*job)?;
                Some(Response::IoGraph { job, interval: *interval, graph: Box::new(d.io_graph(*interval)) })
            }
            Request::Frames { job } => {
                let (job, d) = self.of(*job)?;
                Some(Response::Frames { job, frames: Box::new(d.analysis.frames.clone()) })
            }
        }
    }

    /// How to answer `Request::Stream` for a conversation whose items were
    /// let go: the pieces of the file to read again.
    pub fn plan(&self, req: &Request) -> Option<Plan> {
        let Request::Stream { job, stream } = req else { return None };
        let (job, d) = self.of(*job)?;
        let s = d.analysis.streams.iter().find(|s| s.stream == *stream).filter(|s| !d.holds_items(s.stream))?;
        Some(Plan::new(job, d, s))
    }

    /// A job is done: its analysis is the one held from now on, unless the
    /// file was no capture at all (empty, other bytes): then the analysis
    /// before it stays, for the error page's way back to it.
    pub fn finished(&mut self, job: JobId, d: Done) {
        if d.analysis.capture.format == "unknown" && self.done.is_some() {
            return;
        }
        self.done = Some((job, d));
    }

    /// The new capture `job` has frames (so it is one): the analysis of the
    /// one before is let go, before the new one grows beside it.
    pub fn let_go_before(&mut self, job: JobId) {
        if self.done.as_ref().is_some_and(|(j, _)| *j != job) {
            self.done = None;
        }
    }

    /// The job held, if any.
    pub fn job(&self) -> Option<JobId> {
        self.done.as_ref().map(|(j, _)| *j)
    }

    /// The finished analysis of `job`, if it is the one held.
    fn of(&self, job: JobId) -> Option<(JobId, &Done)> {
        self.done.as_ref().filter(|(j, _)| *j == job).map(|(j, d)| (*j, d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::protocol::{decode, encode};

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// Every item held (the page reading, or a gzip file).
    fn run(bytes: &[u8], slice: usize) -> (Engine, Vec<Response>) {
        run_with(bytes, slice, &Choices::default(), false)
    }

    fn run_with(bytes: &[u8], slice: usize, choices: &Choices, rereadable: bool) -> (Engine, Vec<Response>) {
        let mut job = Job::new(7, bytes.len() as u64, choices, rereadable);
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
        let a = &engine.done.as_ref().unwrap().1.analysis;
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
        let a = &engine.done.as_ref().unwrap().1.analysis;
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
        let n = crate::state::first_interesting(&engine.done.as_ref().unwrap().1.analysis).unwrap();
        for (job, bytes) in [(8, &b"these are my notes, not a capture\n"[..]), (9, &b""[..])] {
            let mut j = Job::new(job, bytes.len() as u64, &Choices::default(), true);
            if !bytes.is_empty() {
                j.feed(bytes, || 0.0);
            }
            assert_eq!(j.frames(), 0);
            let (a, _) = j.finish(false, || 0.0);
            assert_eq!(a.analysis.capture.format, "unknown");
            engine.finished(job, a);
            // The conversation of the capture before is still answered (the page went back to it).
            assert!(matches!(engine.answer(&Request::Stream { job: 7, stream: n }), Some(Response::Stream { .. })));
        }
        // A capture after it: once it has frames, the one before is let go; then it is the one held.
        let bytes = fixture("multi-client.pcap");
        let mut j = Job::new(10, bytes.len() as u64, &Choices::default(), true);
        j.feed(&bytes, || 0.0);
        assert!(j.frames() > 0);
        engine.let_go_before(10);
        assert!(engine.done.is_none());
        let (a, _) = j.finish(false, || 0.0);
        engine.finished(10, a);
        assert!(engine.answer(&Request::Stream { job: 7, stream: n }).is_none());
        assert_eq!(engine.done.as_ref().map(|(j, _)| *j), Some(10));
    }

    fn fixture_path(rel: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
    }

    /// Every capture of a fixtures folder, with its key log when it has one.
    fn captures(dir: &str) -> Vec<(String, Vec<u8>, Choices)> {
        let mut v: Vec<_> = std::fs::read_dir(fixture_path(dir)).unwrap().filter_map(|e| e.ok().map(|e| e.path())).collect();
        v.retain(|p| p.extension().is_some_and(|e| e == "pcap" || e == "pcapng" || e == "gz"));
        v.sort();
        v.into_iter()
            .map(|p| {
                let keys = p.with_extension("keys");
                let choices = Choices { keylog: std::fs::read(&keys).ok(), ..Choices::default() };
                (p.display().to_string(), std::fs::read(&p).unwrap(), choices)
            })
            .collect()
    }

    /// Answers `req` as the host does: at once, or by reading the conversation again from `file`.
    fn ask(engine: &Engine, req: &Request, file: &[u8]) -> Option<Response> {
        if let Some(r) = engine.answer(req) {
            return Some(r);
        }
        let mut plan = engine.plan(req)?;
        for (start, end) in plan.reads.clone() {
            plan.feed(start, &file[start as usize..end as usize]).unwrap();
        }
        Some(plan.finish())
    }

    #[test]
    fn with_items_let_go_every_view_and_every_conversation_is_answered_as_with_every_item_held() {
        let mut replayed = 0;
        let mut all = captures("");
        all.extend(captures("tls"));
        all.extend(captures("formats"));
        for (name, bytes, choices) in &all {
            let (whole, a) = run_with(bytes, 64 * 1024, choices, false);
            let (slim, b) = run_with(bytes, 64 * 1024, choices, true);
            assert_eq!(encode(a.last().unwrap()), encode(b.last().unwrap()), "{name}: the overview differs");
            let d = &slim.done.as_ref().unwrap().1;
            let n = d.analysis.streams.len() as u32;
            let mut queries = vec![
                Request::Paragraph { job: 7 },
                Request::Eavesdropper { job: 7, from: 0, count: usize::MAX },
                Request::Eavesdropper { job: 7, from: 1, count: 2 },
                Request::Timeline { job: 7 },
                Request::Frames { job: 7 },
            ];
            queries.extend([None, Some(1_000_000), Some(1_000_000_000)].map(|interval| Request::IoGraph { job: 7, interval }));
            queries.extend((0..n).map(|stream| Request::Stream { job: 7, stream }));
            for q in &queries {
                let want = whole.answer(q).map(|r| encode(&r));
                assert!(want.is_some(), "{name}: {q:?} not answered");
                assert_eq!(ask(&slim, q, bytes).map(|r| encode(&r)), want, "{name}: {q:?} differs");
            }
            let gzip = d.analysis.capture.gzip;
            for s in &d.analysis.streams {
                // Held: only what cannot be read again (a gzip file, a segment from IP fragments).
                if d.holds_items(s.stream) {
                    assert!(gzip || name.contains("ipfrag"), "{name}: stream {} held whole", s.stream);
                } else {
                    assert!(s.items.is_empty() && s.segments.is_empty());
                    replayed += 1;
                }
            }
        }
        assert!(replayed >= 80, "only {replayed} conversations read again");
    }

    #[test]
    fn a_conversation_is_read_again_in_few_pieces_and_a_changed_file_is_said() {
        let bytes = fixture("multi-client.pcap");
        let (engine, _) = run_with(&bytes, 4096, &Choices::default(), true);
        let a = &engine.done.as_ref().unwrap().1.analysis;
        assert!(a.streams.len() > 1);
        for s in &a.streams {
            let plan = engine.plan(&Request::Stream { job: 7, stream: s.stream }).unwrap();
            // Frames of a conversation near each other in the file are read in one piece.
            assert!(plan.reads.len() < s.packets as usize, "{} pieces for {} frames", plan.reads.len(), s.packets);
            assert!(plan.bytes() <= bytes.len() as u64);
        }
        let mut plan = engine.plan(&Request::Stream { job: 7, stream: 0 }).unwrap();
        let (start, end) = plan.reads[0];
        let err = plan.feed(start, &bytes[start as usize..(end - 1) as usize]).unwrap_err();
        assert!(err.contains("changed"), "{err}");
        // Another job's conversation is not read again.
        assert!(engine.plan(&Request::Stream { job: 8, stream: 0 }).is_none());
    }

    #[test]
    fn a_gzip_capture_keeps_every_item() {
        let bytes = std::fs::read(fixture_path("formats/smtp-auth-login.pcap.gz")).unwrap();
        let (engine, _) = run_with(&bytes, 1, &Choices::default(), true);
        let d = &engine.done.as_ref().unwrap().1;
        assert!(d.analysis.capture.gzip);
        assert!(d.analysis.streams.iter().all(|s| d.holds_items(s.stream) && !s.items.is_empty()));
        assert!(engine.plan(&Request::Stream { job: 7, stream: 0 }).is_none());
    }
}
