//! What the page shows, as a reducer: every change is an [`Action`].

use postscope_core::model::{Analysis, Protocol};
use std::rc::Rc;
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
    /// A problem reading the file itself (not the capture's own warnings).
    pub error: Option<String>,
}

pub enum Action {
    Loading(Source),
    Progress(u64),
    Loaded(Rc<Analysis>),
    Failed(String),
    Select(u32),
    /// Show the n-th message of the selected stream.
    SelectMessage(usize),
}

/// The first stream worth showing: a mail conversation with lines, if there is one.
pub fn first_interesting(a: &Analysis) -> Option<u32> {
    let mail = |s: &&postscope_core::model::Stream| matches!(s.protocol, Protocol::Smtp | Protocol::Pop3 | Protocol::Imap);
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
                s.loading = Some((0, source.size));
                s.source = Some(source);
                s.analysis = None;
                s.selected = None;
                s.error = None;
            }
            Action::Progress(read) => {
                if let Some((_, total)) = s.loading {
                    s.loading = Some((read, total));
                }
            }
            Action::Loaded(a) => {
                s.loading = None;
                s.selected = first_interesting(&a);
                s.message = 0;
                s.analysis = Some(Shared(a));
            }
            Action::Failed(msg) => {
                s.loading = None;
                s.error = Some(msg);
            }
            Action::Select(n) => {
                s.selected = Some(n);
                s.message = 0;
            }
            Action::SelectMessage(n) => s.message = n,
        }
        Rc::new(s)
    }
}
