//! What the page and the analysis worker say to each other.
//!
//! Every message is one [`Request`] (page → worker) or one [`Response`]
//! (worker → page), written as JSON by [`encode`] inside
//! `postscope_core::wire::full`, so the model's explanations (facts, not
//! words), line numbers and message bytes cross too. A capture's bytes never
//! go through this codec: the File (or a sample's Blob) rides beside an
//! [`Request::Open`] as a structured-clone transfer and is read in slices by
//! the worker.
//!
//! Adding a view's query: one `Request` variant (what it asks, e.g.
//! `Sequence { job, stream }`), one `Response` variant carrying the view-model
//! the core computes (`Serialize + Deserialize`), and one match arm in
//! `engine::Engine::answer`. The page sends it when the view is opened and
//! keeps only the answer for what is on screen.

use crate::components::stream_list::Happened;
use postscope_core::eavesdropper::Eavesdropper;
use postscope_core::frames::Frames;
use postscope_core::iograph::IoGraph;
use postscope_core::model::{CaptureInfo, Protocol, Stream};
use postscope_core::overview::Paragraph;
use postscope_core::timeline::Timeline;
use serde::{Deserialize, Serialize};

/// Each load (a capture opened, read again for "decode as" or a key log) is a
/// job; answers carry it, and the page drops those of a job it left.
pub type JobId = u32;

/// The choices a capture is analysed with (`postscope_core::Options`, with
/// the key log as the bytes the user gave: the worker parses it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Choices {
    pub decode_as: Vec<(u16, Protocol)>,
    pub keylog: Option<Vec<u8>>,
}

impl Choices {
    pub fn options(&self) -> postscope_core::Options {
        postscope_core::Options {
            decode_as: self.decode_as.clone(),
            keylog: self.keylog.as_ref().map(|k| std::sync::Arc::new(postscope_core::decrypt::KeyLog::parse(k))),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Analyse the Blob posted with this message (the user's File, or a
    /// sample's bytes as a Blob), `total` bytes long, read in slices.
    /// `again`: the capture on screen read again ("decode as", a key log):
    /// the worker keeps the last analysis until this one is done, so a
    /// failure leaves the page's conversations answerable.
    Open { job: JobId, total: u64, choices: Choices, again: bool },
    /// Stop reading `job`: what was read so far is analysed and shown.
    Cancel { job: JobId },
    /// One conversation's items, segments and TCP basis (and the frame index
    /// rows of its frames): what the views of one conversation read (the
    /// transcript, message view, phases, presentation, questions, sequence
    /// diagram, side-by-side view, its TCP timing and I/O graph), asked when
    /// it is opened.
    Stream { job: JobId, stream: u32 },
    /// The capture in one paragraph (`postscope_core::overview::paragraph`).
    Paragraph { job: JobId },
    /// What an eavesdropper learned (`postscope_core::eavesdropper`): its
    /// counts over the whole capture, and the conversations `from..from +
    /// count` of the panel (a capture of thousands is asked a page at a
    /// time: 8 MB of JSON for the 1,773 of a generated 100 MB capture).
    Eavesdropper { job: JobId, from: usize, count: usize },
    /// The timeline of conversations (`postscope_core::timeline`).
    Timeline { job: JobId },
    /// The capture's I/O graph at an interval (nanoseconds; `None`: automatic).
    IoGraph { job: JobId, interval: Option<u64> },
    /// The whole frame index (the packet list; 40 bytes a frame).
    Frames { job: JobId },
}

/// How far a job got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub bytes: u64,
    pub total: u64,
    pub frames: u32,
    pub streams: usize,
}

/// What the page shows of a whole capture: everything but the conversations' items.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Overview {
    pub capture: CaptureInfo,
    /// Every conversation with its numbers and endpoints, `items` empty.
    pub streams: Vec<Stream>,
    /// What happened in each conversation (the list's chips), in the same order.
    pub happened: Vec<Happened>,
    /// The conversation to show first (`state::first_interesting`).
    pub first: Option<u32>,
    /// Set when the user stopped reading: the bytes read of the file.
    pub stopped_at: Option<u64>,
    pub progress: Progress,
    /// Milliseconds the worker spent in the core (for bench/wasm.mjs).
    pub analysis_ms: f64,
    /// The worker's WebAssembly memory when it was ready, in bytes (for
    /// bench/wasm.mjs: a wasm memory never shrinks, so this is its peak).
    #[serde(default)]
    pub wasm_memory: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Response {
    Progress {
        job: JobId,
        progress: Progress,
    },
    /// Conversations found since the last `Found` (sent at a bounded rate), as far as read.
    Found {
        job: JobId,
        streams: Vec<Stream>,
    },
    /// The analysis is done (or stopped): the overview.
    Ready {
        job: JobId,
        overview: Box<Overview>,
    },
    /// One conversation, with its items, and the frame index for its frames.
    Stream {
        job: JobId,
        stream: Box<Stream>,
        frames: Box<Frames>,
    },
    Paragraph {
        job: JobId,
        paragraph: Box<Paragraph>,
    },
    /// The panel's counts, and its conversations `from..` (as many as asked
    /// or left) of `total`.
    Eavesdropper {
        job: JobId,
        from: usize,
        total: usize,
        eavesdropper: Box<Eavesdropper>,
    },
    Timeline {
        job: JobId,
        timeline: Box<Timeline>,
    },
    IoGraph {
        job: JobId,
        interval: Option<u64>,
        graph: Box<IoGraph>,
    },
    Frames {
        job: JobId,
        frames: Box<Frames>,
    },
    /// No worker could be started (`reason`): the page reads the capture
    /// itself, in small slices between which it gives the browser back its
    /// thread. Sent by the page's client, never by the worker.
    OnPage {
        reason: String,
    },
    /// The file could not be read (not the capture's own problems, which are notes).
    Failed {
        job: JobId,
        message: String,
    },
}

impl Response {
    /// An answer about the analysis on screen (not about the job being read).
    pub fn is_query(&self) -> bool {
        matches!(
            self,
            Response::Stream { .. }
                | Response::Paragraph { .. }
                | Response::Eavesdropper { .. }
                | Response::Timeline { .. }
                | Response::IoGraph { .. }
                | Response::Frames { .. }
        )
    }

    pub fn job(&self) -> JobId {
        match self {
            Response::Progress { job, .. }
            | Response::Found { job, .. }
            | Response::Ready { job, .. }
            | Response::Stream { job, .. }
            | Response::Paragraph { job, .. }
            | Response::Eavesdropper { job, .. }
            | Response::Timeline { job, .. }
            | Response::IoGraph { job, .. }
            | Response::Frames { job, .. }
            | Response::Failed { job, .. } => *job,
            Response::OnPage { .. } => 0,
        }
    }
}

/// A message as JSON, with every field of the model.
pub fn encode<T: Serialize>(m: &T) -> String {
    postscope_core::wire::full(|| serde_json::to_string(m)).unwrap_or_default()
}

pub fn decode<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T, String> {
    serde_json::from_str(s).map_err(|e| format!("a message between the page and its worker could not be read: {e}"))
}
