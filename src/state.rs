//! What the page shows, as a reducer: every change is an [`Action`].

use postscope_core::decrypt::KeyLog;
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
    /// A line of the selected stream the user picked (its number): the packet view shows its frames.
    pub picked_line: Option<u32>,
    /// The transcript on screen, when it was pasted rather than a capture opened.
    pub pasted: Option<Shared<postscope_core::paste::Pasted>>,
    /// What was open before the file now loading or refused (not a capture,
    /// empty, unreadable): the error page's way back to it.
    pub previous: Option<Rc<State>>,
}

impl State {
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
    let mail = |s: &&postscope_core::model::Stream| s.protocol.is_mail();
    let has_lines = |s: &&postscope_core::model::Stream| s.items.iter().any(|i| matches!(i, postscope_core::model::Item::Line(_)));
    a.streams
        .iter()
        .find(|s| mail(s) && has_lines(s))
        .or_else(|| a.streams.iter().find(mail))
        .or_else(|| a.streams.first())
        .map(|s| s.stream)
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
                s.pasted = None;
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
                s.analysis = Some(Shared(a));
            }
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
                    return before.clone();
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
                    s.analysis = Some(Shared(a));
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
                s.analysis = Some(Shared(a));
            }
        }
        Rc::new(s)
    }
}
