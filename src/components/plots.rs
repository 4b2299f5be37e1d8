//! The plots of a capture (I/O graph, timeline) and of one conversation (its
//! I/O graph by direction, its TCP timing): each view-model is computed here
//! from the analysis (the core's `iograph`, `timeline`, `timing`; a Web Worker
//! may compute them instead) and handed to the component that draws it.

use crate::components::{iograph::IoGraphView, timeline::TimelineView, timing::TimingView};
pub use crate::state::Shared;
use postscope_core::{iograph, timeline, timing, Analysis};
use std::rc::Rc;
use yew::prelude::*;

/// The width of every chart's coordinate system (its viewBox); it is scaled to the page.
pub const W: f64 = 1000.0;

/// A round top for an axis: 1, 2 or 5 times a power of ten, at least `v`.
pub fn nice_max(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * p).find(|&m| m >= v).unwrap_or(10.0 * p)
}

#[derive(Properties, PartialEq)]
pub struct CaptureProps {
    /// The timeline (`postscope_core::timeline`), as the analysis worker made it.
    pub timeline: Option<Shared<timeline::Timeline>>,
    /// The capture's I/O graph and the interval it is of (`None`: automatic).
    pub io_graph: Option<(Option<u64>, Shared<iograph::IoGraph>)>,
    /// Another interval chosen: the page asks for that graph.
    pub on_interval: Callback<Option<u64>>,
    pub selected: Option<u32>,
    pub on_select: Callback<u32>,
    pub range: Option<(u64, u64)>,
    pub on_range: Callback<Option<(u64, u64)>>,
}

/// The capture's timeline and I/O graph.
#[function_component(CapturePlots)]
pub fn capture_plots(p: &CaptureProps) -> Html {
    let lc = crate::i18n::use_locale();
    let on_interval = p.on_interval.clone();
    html! {
        <details class="plots capture-plots" open={true}>
            <summary>{ crate::i18n::t(lc, "plots.capture") }</summary>
            if let Some(tl) = p.timeline.clone() {
                <TimelineView timeline={tl} selected={p.selected} on_select={p.on_select.clone()} range={p.range} on_range={p.on_range.clone()} />
            }
            if let Some((interval, io)) = p.io_graph.clone() {
                <IoGraphView graph={io} {interval} {on_interval} />
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct StreamProps {
    pub analysis: Shared<Analysis>,
    pub stream: u32,
    pub on_focus: Callback<u32>,
    /// Drawn open at first (else closed, and made when opened).
    #[prop_or_default]
    pub open: bool,
}

/// One conversation's TCP timing and I/O graph by direction, made when they
/// are opened (a conversation of thousands of segments is not worked out
/// while the page mounts it).
#[function_component(StreamPlots)]
pub fn stream_plots(p: &StreamProps) -> Html {
    let lc = crate::i18n::use_locale();
    let interval = use_state(|| None::<u64>);
    let open = use_state(|| p.open);
    let tm = use_memo((p.analysis.clone(), p.stream, *open), |(a, s, open)| {
        open.then(|| timing::timing(&a.0, *s).map(|t| Shared(Rc::new(t)))).flatten()
    });
    let io = use_memo((p.analysis.clone(), p.stream, *interval, *open), |(a, s, i, open)| {
        open.then(|| Shared(Rc::new(iograph::conversation(&a.0, *s, *i))))
    });
    let on_interval = {
        let interval = interval.clone();
        Callback::from(move |i| interval.set(i))
    };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))
    };
    html! {
        <details class="plots stream-plots" open={*open} {ontoggle}>
            <summary>{ crate::i18n::t(lc, "plots.stream") }</summary>
            if let Some(t) = (*tm).clone() { <TimingView timing={t} on_focus={p.on_focus.clone()} /> }
            if let Some(io) = (*io).clone() { <IoGraphView graph={io} interval={*interval} {on_interval} /> }
        </details>
    }
}
