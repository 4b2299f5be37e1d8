//! What the page shows, as a reducer: every change is an [`Action`].

use crate::components::stream_list::Happened;
use crate::worker::protocol::{Choices, JobId, Overview, Response};
use postscope_core::decrypt::KeyLog;
use postscope_core::frames::Frames;
use postscope_core::model::Stream;
use postscope_core::model::{Analysis, Protocol};
use postscope_core::Options;
use std::rc::Rc;
use std::sync::Arc;
use yew::Reducible;

/// Shared data compared by identity, so a re-render never walks a whole analysis.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Where the capture on screen came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub name: String,
    pub size: u64,
    /// A built-in sample, with its title.
    pub sample_title: Option<String>,
}

/// Where the capture on screen can be read again from, for "decode as".
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    /// A built-in sample, part of the page.
    Sample(&'static [u8]),
    /// The user's file: only the browser's handle is kept, and the file is read
    /// again in slices when asked to (so its bytes do not sit in memory beside
    /// the analysis, which matters for captures of hundreds of megabytes).
    File(web_sys::File),
}

/// A TLS key log the user gave, kept only in this page's memory.
#[derive(Clone, Debug)]
pub struct KeyLogFile {
    pub name: String,
    pub log: Arc<KeyLog>,
    /// The file as given: the analysis worker parses it too.
    pub bytes: Arc<[u8]>,
}

impl PartialEq for KeyLogFile {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.log, &other.log)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    pub source: Option<Source>,
    pub analysis: Option<Shared<Analysis>>,
    /// The stream whose transcript is shown (Wireshark's tcp.stream).
    pub selected: Option<u32>,
    /// Which of the selected stream's messages the message view shows.
    pub message: usize,
    /// Bytes read so far while a file loads.
    pub loading: Option<(u64, u64)>,
    /// A frame to bring into view in the transcript.
    pub focus: Option<u32>,
    /// A problem reading the file itself (not the capture's own warnings).
    pub error: Option<String>,
    /// What the capture can be read again from, with other "decode as" choices.
    pub data: Option<Data>,
    /// Set while the capture is read again for a "decode as" choice.
    pub rereading: bool,
    /// The user's "decode as" choices: a TCP port and the protocol to read it as.
    pub decode_as: Vec<(u16, Protocol)>,
    /// The TLS key log given with the capture (or before or after it): it is
    /// kept for the next capture too, and never leaves the page.
    pub keylog: Option<KeyLogFile>,
    /// The worker's job whose answers the page is waiting for or shows.
    pub job: JobId,
    /// What the job is for.
    pub purpose: Option<Purpose>,
    /// The job whose analysis is on screen (its conversations are asked of it).
    pub shown_job: JobId,
    /// Frames and conversations read so far while a file loads.
    pub counts: (u32, usize),
    /// Conversations found so far while a file loads (items not read yet).
    pub found: Option<Shared<Analysis>>,
    /// What happened in each conversation of the analysis on screen (the list's chips).
    pub happened: Option<Shared<Vec<Happened>>>,
    /// The conversation whose items the page holds (asked of the worker when opened).
    pub opened: Option<u32>,
    /// The user stopped reading: (bytes read, bytes of the file).
    pub stopped: Option<(u64, u64)>,
    /// A line of the selected stream the user picked (its number): the packet view shows its frames.
    pub picked_line: Option<u32>,
    /// The transcript on screen, when it was pasted rather than a capture opened.
    pub pasted: Option<Shared<postscope_core::paste::Pasted>>,
    /// The analysis on screen was made on the page (a pasted transcript) and
    /// holds every item: nothing is asked of the worker about it.
    pub local: bool,
    /// The capture-wide views' data, each the worker's answer to its query
    /// (or made on the page for a local analysis).
    pub views: Views,
    /// No worker could be started, so captures are read on the page (why).
    pub on_page: Option<String>,
    /// The reader's language (for the messages the reducer writes).
    pub lc: crate::i18n::Locale,
    /// What was open before the file now loading or refused (not a capture,
    /// empty, unreadable): the error page's way back to it.
    pub previous: Option<Rc<State>>,
}

/// The data of the views that read the whole capture, each asked of the
/// worker once the analysis is on screen; only what the view shows crosses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Views {
    pub paragraph: Option<Shared<postscope_core::overview::Paragraph>>,
    /// The eavesdropper panel: its counts and its first conversations (the
    /// worker sends them a page at a time, [`Views::add_eavesdropper`]).
    pub eavesdropper: Option<Shared<postscope_core::eavesdropper::Eavesdropper>>,
    /// How many conversations the whole panel has, when the worker sent only
    /// the first of them (`None`: they are all there).
    pub eavesdropper_total: Option<usize>,
    pub timeline: Option<Shared<postscope_core::timeline::Timeline>>,
    /// The capture's I/O graph and the interval it was asked at (`None`: automatic).
    pub io_graph: Option<(Option<u64>, Shared<postscope_core::iograph::IoGraph>)>,
    /// The whole frame index, asked only when the packet list shows more than one conversation.
    pub frames: Option<Shared<Frames>>,
}

impl Views {
    /// Every view made from an analysis the page holds whole (a pasted transcript).
    pub fn of(a: &Analysis) -> Views {
        Views {
            paragraph: Some(Shared(Rc::new(postscope_core::overview::paragraph(a)))),
            eavesdropper: Some(Shared(Rc::new(postscope_core::eavesdropper::eavesdropper(a)))),
            eavesdropper_total: None,
            timeline: Some(Shared(Rc::new(postscope_core::timeline::timeline(a)))),
            io_graph: Some((None, Shared(Rc::new(postscope_core::iograph::capture(a, None))))),
            frames: Some(Shared(Rc::new(a.frames.clone()))),
        }
    }

    /// A page of the eavesdropper panel came (its conversations `from..` of
    /// `total`): the first replaces what was there, the next follows it; a
    /// page that does not follow the ones held (asked twice) is dropped.
    pub fn add_eavesdropper(&mut self, from: usize, total: usize, page: postscope_core::eavesdropper::Eavesdropper) {
        match &self.eavesdropper {
            _ if from == 0 => self.eavesdropper = Some(Shared(Rc::new(page))),
            Some(have) if have.conversations.len() == from => {
                let mut e = (*have.0).clone();
                e.conversations.extend(page.conversations);
                self.eavesdropper = Some(Shared(Rc::new(e)));
            }
            _ => return,
        }
        self.eavesdropper_total = Some(total);
    }
}

/// Why the worker is reading the capture.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    /// A capture opened.
    Load,
    /// The capture on screen read again with a "decode as" choice.
    DecodeAs(u16, Option<Protocol>),
    /// The capture on screen read again with a key log.
    KeyLog(KeyLogFile),
}

impl State {
    /// The worker's choices for the capture on screen.
    pub fn choices(&self) -> Choices {
        Choices { decode_as: self.decode_as.clone(), keylog: self.keylog.as_ref().map(|k| k.bytes.to_vec()) }
    }
    /// Whether the selected conversation's items are on the page.
    pub fn selected_ready(&self) -> bool {
        self.selected.is_some() && (self.local || self.opened == self.selected)
    }
    /// The options the capture on screen is analysed with.
    pub fn options(&self) -> Options {
        Options { decode_as: self.decode_as.clone(), keylog: self.keylog.as_ref().map(|k| k.log.clone()) }
    }

    /// The "decode as" choice for `port`, if the user made one.
    pub fn decode_as_for(&self, port: u16) -> Option<Protocol> {
        self.decode_as.iter().find(|(p, _)| *p == port).map(|(_, proto)| *proto)
    }
}

pub enum Action {
    Loading(Source),
    Progress(u64),
    Loaded(Rc<Analysis>),
    Failed(String),
    Select(u32),
    /// Show the n-th message of the selected stream.
    SelectMessage(usize),
    /// Where the capture just loaded can be read again from.
    Data(Data),
    /// A "decode as" choice is being applied (the file is read again).
    Rereading,
    /// Read a port as a protocol (`None`: back to automatic), then the new analysis.
    DecodeAs(u16, Option<Protocol>, Rc<Analysis>),
    /// Bring a frame into view (a deep link, or a click on a frame number).
    Focus(u32),
    /// A key log was given; with the capture on screen analysed again with it, if there is one.
    KeyLog(KeyLogFile, Option<Rc<Analysis>>),
    /// The worker was asked to read the capture (job, why).
    Started(JobId, Purpose),
    /// What the worker said.
    Worker(Response),
    /// The user stopped the reading.
    Cancelled,
    /// The capture's I/O graph at another interval: made at once for a local
    /// analysis; else the app asks the worker and the answer comes as `Worker`.
    IoGraphInterval(Option<u64>),
    /// The reader chose another language.
    Locale(crate::i18n::Locale),
    /// A transcript line was picked: show the frames that carried it.
    PickLine(u32),
    /// A transcript was pasted: its reading (the analysis follows as `Loaded`).
    Pasted(Rc<postscope_core::paste::Pasted>),
    /// Back from an error page to what was open before.
    Back,
}

/// Whether an analysis is of a file that is no capture at all (empty, or
/// other bytes): shown as an error page, with the way back kept.
pub fn not_a_capture(a: &Analysis) -> bool {
    a.capture.format == "unknown"
}

/// The first stream worth showing: a mail conversation with lines, if there is one.
pub fn first_interesting(a: &Analysis) -> Option<u32> {
    first_of(&a.streams, |s| s.items.iter().any(|i| matches!(i, postscope_core::model::Item::Line(_))))
}

/// The same choice, told which conversations have lines (the worker let their items go).
pub fn first_of(streams: &[Stream], has_lines: impl Fn(&Stream) -> bool) -> Option<u32> {
    let mail = |s: &&Stream| s.protocol.is_mail();
    streams.iter().find(|s| mail(s) && has_lines(s)).or_else(|| streams.iter().find(mail)).or_else(|| streams.first()).map(|s| s.stream)
}

impl State {
    /// A job's analysis is done: its overview goes on screen.
    fn ready(&mut self, ov: Overview) {
        let keep = |s: &State| s.selected.filter(|n| ov.streams.iter().any(|x| x.stream == *n));
        match self.purpose.take() {
            Some(Purpose::DecodeAs(port, proto)) => {
                self.decode_as.retain(|(p, _)| *p != port);
                if let Some(proto) = proto {
                    self.decode_as.push((port, proto));
                }
            }
            Some(Purpose::KeyLog(k)) => self.keylog = Some(k),
            _ => {}
        }
        // A deep link's or the user's conversation stays selected when it is still there.
        self.selected = keep(self).or(ov.first);
        self.loading = None;
        self.rereading = false;
        self.found = None;
        self.message = 0;
        self.opened = None;
        self.shown_job = self.job;
        self.stopped = ov.stopped_at.map(|at| (at, ov.progress.total));
        self.counts = (ov.progress.frames, ov.progress.streams);
        self.happened = Some(Shared(Rc::new(ov.happened)));
        self.local = false;
        self.views = Views::default();
        if ov.capture.format != "unknown" {
            // A capture was read: the way back from an error page is not needed (the
            // worker keeps the analysis before a file that is no capture, for it).
            self.previous = None;
        }
        self.analysis = Some(Shared(Rc::new(Analysis { capture: ov.capture, streams: ov.streams, frames: Frames::default() })));
    }

    /// A conversation's items came: they replace those of the one opened before.
    fn open_stream(&mut self, stream: Stream, frames: Frames) {
        let Some(a) = &self.analysis else { return };
        let mut a = (*a.0).clone();
        let n = stream.stream;
        let mut stream = Some(stream);
        for s in a.streams.iter_mut() {
            if s.stream == n {
                if let Some(x) = stream.take() {
                    *s = x;
                }
            } else if !s.items.is_empty() {
                s.items = Vec::new();
            }
        }
        a.frames = frames;
        self.opened = Some(n);
        self.analysis = Some(Shared(Rc::new(a)));
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Loading(source) => {
                // Keep what was open (a capture that was read), for the way back from an error page.
                if self.analysis.as_ref().is_some_and(|a| !not_a_capture(a)) && self.error.is_none() {
                    let mut before = (*self).clone();
                    before.previous = None;
                    s.previous = Some(Rc::new(before));
                }
                s.loading = Some((0, source.size));
                s.source = Some(source);
                s.analysis = None;
                s.selected = None;
                s.focus = None;
                s.error = None;
                s.data = None;
                s.rereading = false;
                s.decode_as.clear();
                s.found = None;
                s.happened = None;
                s.opened = None;
                s.stopped = None;
                s.pasted = None;
                s.picked_line = None;
                s.local = false;
                s.views = Views::default();
            }
            Action::Progress(read) => {
                if let Some((_, total)) = s.loading {
                    s.loading = Some((read, total));
                }
            }
            Action::Loaded(a) => {
                if !not_a_capture(&a) {
                    s.previous = None;
                }
                s.loading = None;
                s.picked_line = None;
                s.selected = first_interesting(&a);
                s.message = 0;
                // Made on the page, whole: no job of the worker is shown or awaited.
                s.local = true;
                s.job = 0;
                s.shown_job = 0;
                s.views = Views::of(&a);
                s.analysis = Some(Shared(a));
            }
            Action::IoGraphInterval(i) => {
                if let (true, Some(a)) = (s.local, &s.analysis) {
                    s.views.io_graph = Some((i, Shared(Rc::new(postscope_core::iograph::capture(a, i)))));
                }
            }
            Action::Locale(l) => s.lc = l,
            Action::Failed(msg) => {
                s.loading = None;
                s.rereading = false;
                s.error = Some(msg);
            }
            Action::PickLine(n) => s.picked_line = Some(n),
            Action::Select(n) => {
                s.picked_line = None;
                s.selected = Some(n);
                s.message = 0;
                s.focus = None;
            }
            Action::SelectMessage(n) => s.message = n,
            Action::Focus(f) => s.focus = Some(f),
            Action::Data(d) => s.data = Some(d),
            Action::Rereading => s.rereading = true,
            Action::Pasted(p) => s.pasted = Some(Shared(p)),
            Action::Back => {
                if let Some(before) = &self.previous {
                    // What was open, in the language chosen since, and still read where it can be.
                    let mut before = (**before).clone();
                    before.lc = s.lc;
                    before.on_page = s.on_page.clone();
                    return Rc::new(before);
                }
            }
            Action::KeyLog(k, a) => {
                s.rereading = false;
                s.keylog = Some(k);
                if let Some(a) = a {
                    if s.selected.is_none_or(|n| !a.streams.iter().any(|x| x.stream == n)) {
                        s.selected = first_interesting(&a);
                    }
                    s.message = 0;
                    s.local = true;
                    s.views = Views::of(&a);
                    s.analysis = Some(Shared(a));
                }
            }
            Action::Started(job, purpose) => {
                s.job = job;
                s.purpose = Some(purpose);
                s.counts = (0, 0);
                s.stopped = None;
                if s.analysis.is_none() {
                    s.found = None;
                }
            }
            Action::Cancelled => {}
            Action::Worker(r) => {
                // An answer about a conversation is of the analysis on screen; the rest of the job being read.
                if let Response::OnPage { reason } = r {
                    s.on_page = Some(reason);
                    return Rc::new(s);
                }
                let of = if r.is_query() { s.shown_job } else { s.job };
                if r.job() != of {
                    return self;
                }
                match r {
                    Response::Progress { progress, .. } => {
                        if let Some((_, total)) = s.loading {
                            s.loading = Some((progress.bytes, total));
                        }
                        s.counts = (progress.frames, progress.streams);
                    }
                    Response::Found { streams, .. } => {
                        if s.loading.is_some() {
                            let mut a = s.found.as_ref().map(|f| (*f.0).clone()).unwrap_or_default();
                            a.streams.extend(streams);
                            s.found = Some(Shared(Rc::new(a)));
                        }
                    }
                    Response::Ready { overview, .. } => s.ready(*overview),
                    Response::Stream { stream, frames, .. } => s.open_stream(*stream, *frames),
                    Response::Paragraph { paragraph, .. } => s.views.paragraph = Some(Shared(Rc::new(*paragraph))),
                    Response::Eavesdropper { from, total, eavesdropper, .. } => s.views.add_eavesdropper(from, total, *eavesdropper),
                    Response::Timeline { timeline, .. } => s.views.timeline = Some(Shared(Rc::new(*timeline))),
                    Response::IoGraph { interval, graph, .. } => s.views.io_graph = Some((interval, Shared(Rc::new(*graph)))),
                    Response::Frames { frames, .. } => s.views.frames = Some(Shared(Rc::new(*frames))),
                    Response::OnPage { .. } => {}
                    Response::Failed { message, .. } => {
                        let msg = match &s.purpose {
                            Some(Purpose::DecodeAs(port, _)) => {
                                crate::i18n::tf(s.lc, "error.reread_decode_as", &[&message, &port.to_string()])
                            }
                            Some(Purpose::KeyLog(_)) => crate::i18n::tf(s.lc, "error.reread_keylog", &[&message]),
                            _ => message,
                        };
                        s.loading = None;
                        s.rereading = false;
                        s.found = None;
                        s.purpose = None;
                        s.error = Some(msg);
                    }
                }
            }
            Action::DecodeAs(port, proto, a) => {
                s.rereading = false;
                s.decode_as.retain(|(p, _)| *p != port);
                if let Some(proto) = proto {
                    s.decode_as.push((port, proto));
                }
                // The stream numbers stay the same: only how each is read changes.
                if s.selected.is_none_or(|n| !a.streams.iter().any(|x| x.stream == n)) {
                    s.selected = first_interesting(&a);
                }
                s.message = 0;
                s.local = true;
                s.views = Views::of(&a);
                s.analysis = Some(Shared(a));
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::engine::{Engine, Job};
    use crate::worker::protocol::{decode, encode, Request};

    /// The eavesdropper panel asked of the worker a page at a time (through
    /// the codec, as the page does) adds up to the panel made whole.
    #[test]
    fn the_eavesdropper_panel_asked_a_page_at_a_time_adds_up_to_the_whole_panel() {
        let bytes = std::fs::read(format!("{}/tests/fixtures/multi-client.pcap", env!("CARGO_MANIFEST_DIR"))).unwrap();
        // Items let go, as the worker does for a file it can read again.
        let mut job = Job::new(3, bytes.len() as u64, &Choices::default(), true);
        job.feed(&bytes, || 0.0);
        let (a, _) = job.finish(false, || 0.0);
        let whole = a.eavesdropper();
        assert!(whole.conversations.len() >= 3, "the fixture has {} conversations to show", whole.conversations.len());
        let engine = Engine { done: Some((3, a)) };
        let mut views = Views::default();
        let page = |from: usize| {
            let r = engine.answer(&Request::Eavesdropper { job: 3, from, count: 1 }).unwrap();
            let Response::Eavesdropper { from, total, eavesdropper, .. } = decode::<Response>(&encode(&r)).unwrap() else {
                panic!("not the eavesdropper")
            };
            (from, total, *eavesdropper)
        };
        let (from, total, first) = page(0);
        assert_eq!((from, total, first.conversations.len()), (0, whole.conversations.len(), 1));
        // The counts are the whole capture's, whatever page.
        assert_eq!((first.readable, first.decrypted), (whole.readable, whole.decrypted));
        views.add_eavesdropper(from, total, first);
        // A page that does not follow those held (asked twice) is dropped.
        let (from, total, skipped) = page(2);
        views.add_eavesdropper(from, total, skipped);
        assert_eq!(views.eavesdropper.as_ref().unwrap().conversations.len(), 1);
        for n in 1..whole.conversations.len() {
            let (from, total, p) = page(n);
            views.add_eavesdropper(from, total, p);
        }
        assert_eq!(*views.eavesdropper.unwrap().0, whole);
        assert_eq!(views.eavesdropper_total, Some(whole.conversations.len()));
    }
}
