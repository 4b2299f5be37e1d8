//! The timeline of conversations: a bar per conversation from its first to
//! its last packet, coloured by protocol, with marks where TLS started,
//! credentials crossed, a message began, and FIN or RST ended it. A click on
//! a bar opens the conversation; dragging across the chart (or the two
//! fields) selects a time range, which filters the conversation list and can
//! be zoomed into; grouping by server keeps a thousand conversations readable.
//! Draws a `postscope_core::timeline::Timeline` it is given, as plain SVG.
//!
//! A capture of thousands of conversations is drawn in slices of [`SLICE`]
//! lanes, one after another with the browser given its thread back between
//! them (the chart is `aria-busy` until the last), each slice a component
//! drawn again only when what it shows changes; a click or a key on a bar is
//! read by the chart (`data-stream`), so the slices hold no callbacks. The
//! table under the chart is made when it is opened, and windowed.

use crate::components::plots::{Shared, W};
use crate::components::window::use_window;
use crate::i18n::Locale;
use postscope_core::timeline::{Bar, MarkKind, Timeline};
use std::rc::Rc;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

/// Lanes drawn in one go; the next slice follows once the browser has had its thread back.
pub const SLICE: usize = 100;

/// The most lanes drawn: beyond it a chart costs the page seconds for each
/// slice more (every slice restyles the whole chart) and its lanes are thinner
/// than a pixel. The lanes drawn are the first with a bar in the time shown,
/// and the chart says how many of how many; the table lists every one.
pub const MAX_LANES: usize = 2000;

/// Rows per chunk of the windowed table, and a row's estimated height.
const TABLE_CHUNK: usize = 50;
const TABLE_ROW_PX: f64 = 24.0;

/// The words of this view.
mod words {
    pub const TITLE: &str = "timeline.title";
    pub const LANE: &str = "timeline.lane";
    pub const LANE_ONE: &str = "timeline.lane.one";
    pub const BAR: &str = "timeline.bar";
    pub const BAR_TITLE: &str = "timeline.bar.title";
    pub const MARK_TITLE: &str = "timeline.mark.title";
    pub const MARK_CELL: &str = "timeline.mark.cell";
    pub const CHART: &str = "timeline.chart";
    pub const CAPPED: &str = "timeline.capped";
    pub const SECS: &str = "timeline.secs";
    pub const GROUP: &str = "timeline.group";
    pub const FROM: &str = "timeline.from";
    pub const TO: &str = "timeline.to";
    pub const SECONDS: &str = "timeline.seconds";
    pub const ZOOM: &str = "timeline.zoom";
    pub const WHOLE: &str = "timeline.whole";
    pub const CLEAR: &str = "timeline.clear";
    pub const HINT: &str = "timeline.hint";
    pub const TABLE: &str = "timeline.table";
    pub const HEAD: [&str; 8] = [
        "timeline.head.0",
        "timeline.head.1",
        "timeline.head.2",
        "timeline.head.3",
        "timeline.head.4",
        "timeline.head.5",
        "timeline.head.6",
        "timeline.head.7",
    ];
    pub fn mark(k: postscope_core::timeline::MarkKind) -> &'static str {
        use postscope_core::timeline::MarkKind::*;
        match k {
            Tls => "timeline.mark.tls",
            Credential => "timeline.mark.credential",
            Message => "timeline.mark.message",
            Fin => "timeline.mark.fin",
            Rst => "timeline.mark.rst",
        }
    }
    pub fn ended(e: &str) -> &'static str {
        match e {
            "rst" => "timeline.ended.rst",
            "fin" => "timeline.ended.fin",
            _ => "timeline.ended.other",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub timeline: Shared<Timeline>,
    pub selected: Option<u32>,
    pub on_select: Callback<u32>,
    /// The chosen time range, in nanoseconds since frame 1.
    pub range: Option<(u64, u64)>,
    pub on_range: Callback<Option<(u64, u64)>>,
}

/// Where on the chart (0..W) a mouse event is.
fn chart_x(e: &MouseEvent) -> Option<f64> {
    let el: Element = e.current_target()?.dyn_into().ok()?;
    let r = el.get_bounding_client_rect();
    (r.width() > 0.0).then(|| ((e.client_x() as f64 - r.left()) / r.width() * W).clamp(0.0, W))
}
use wasm_bindgen::JsCast;

/// Grouped by server: the width of the servers' column, a lane's height, the longest name
/// shown whole in the column (a longer one ends with "…", whole in its tooltip), and the
/// least distance between two marks of one kind in a lane.
const GUTTER: f64 = 170.0;
const GROUPED_LANE: f64 = 18.0;
const LABEL_CHARS: usize = 24;
const MARK_GAP: f64 = 3.0;

/// `s` cut to `n` characters, the last of them "…", when it is longer.
fn ellipsize(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn secs(ns: u64) -> String {
    format!("{:.3}", ns as f64 / 1e9)
}

/// How the chart maps time to x: the view's start, its span (ns) and the servers' column.
#[derive(Clone, Copy, PartialEq)]
struct Scale {
    v0: u64,
    span: f64,
    gutter: f64,
}

impl Scale {
    fn x(&self, ns: u64) -> f64 {
        (self.gutter + ns.saturating_sub(self.v0) as f64 / self.span * (W - self.gutter)).clamp(self.gutter, W)
    }
}

/// A lane: its label (the conversation, or the server) and its bars (indexes into the timeline's bars).
#[derive(PartialEq)]
struct Lane {
    label: String,
    bars: Vec<usize>,
}

/// Lanes: one per conversation, or one per server.
fn lanes_of(tl: &Timeline, grouped: bool) -> Vec<Lane> {
    if !grouped {
        return tl.bars.iter().enumerate().map(|(i, b)| Lane { label: format!("{} → {}", b.client, b.server), bars: vec![i] }).collect();
    }
    let mut by: Vec<usize> = (0..tl.bars.len()).collect();
    by.sort_by(|&a, &b| tl.bars[a].server.cmp(&tl.bars[b].server).then(tl.bars[a].start_ns.cmp(&tl.bars[b].start_ns)));
    let mut lanes: Vec<Lane> = Vec::new();
    for i in by {
        match lanes.last_mut() {
            Some(l) if l.label == tl.bars[i].server => l.bars.push(i),
            _ => lanes.push(Lane { label: tl.bars[i].server.clone(), bars: vec![i] }),
        }
    }
    lanes
}

/// The lanes to draw: all of them up to [`MAX_LANES`], else the first
/// [`MAX_LANES`] with a bar in the time shown (`v0..=v1`).
fn drawn_lanes(every: &Shared<Vec<Lane>>, tl: &Timeline, v0: u64, v1: u64) -> Shared<Vec<Lane>> {
    if every.0.len() <= MAX_LANES {
        return every.clone();
    }
    let shown = |l: &&Lane| l.bars.iter().any(|&i| tl.bars[i].end_ns >= v0 && tl.bars[i].start_ns <= v1);
    Shared(Rc::new(every.0.iter().filter(shown).take(MAX_LANES).map(|l| Lane { label: l.label.clone(), bars: l.bars.clone() }).collect()))
}

#[derive(Properties, PartialEq)]
struct SliceProps {
    timeline: Shared<Timeline>,
    lanes: Shared<Vec<Lane>>,
    /// The lanes `from..to` of `lanes`.
    from: usize,
    to: usize,
    scale: Scale,
    lane_h: f64,
    grouped: bool,
    labels: bool,
    /// The selected conversation, when one of this slice's bars is it.
    selected: Option<u32>,
}

/// Some lanes of the chart: drawn again only when what they show changes.
#[function_component(LaneSlice)]
fn lane_slice(p: &SliceProps) -> Html {
    let lc = crate::i18n::use_locale();
    html! {
        <g class="tl-slice">
            { for (p.from..p.to.min(p.lanes.len())).map(|row| lane_html(p, row, lc)) }
        </g>
    }
}

fn lane_html(p: &SliceProps, row: usize, lc: Locale) -> Html {
    let (lane, grouped, lane_h, labels, scale) = (&p.lanes[row], p.grouped, p.lane_h, p.labels, p.scale);
    let x = |ns: u64| scale.x(ns);
    let y = 4.0 + row as f64 * lane_h;
    let h = (lane_h - 1.0).max(2.0);
    // Many conversations to one server put their marks on top of each other: a mark within
    // MARK_GAP units of one already drawn of its kind in the lane is left out (the table
    // below still lists it).
    let mut drawn: Vec<(MarkKind, f64)> = Vec::new();
    let mut keep = |k: MarkKind, mx: f64| -> bool {
        if !grouped {
            return true;
        }
        if drawn.iter().any(|(kind, at)| *kind == k && (mx - at).abs() < MARK_GAP) {
            return false;
        }
        drawn.push((k, mx));
        true
    };
    let label = &lane.label;
    let lane_label = if grouped {
        crate::i18n::tf(lc, if lane.bars.len() == 1 { words::LANE_ONE } else { words::LANE }, &[&lane.bars.len().to_string(), label])
    } else {
        label.clone()
    };
    html! {
        <g class="lane" aria-label={grouped.then(|| lane_label.clone())} role={grouped.then_some("group")}>
            if labels && grouped {
                <text class="lane-label" x="2" y={(y + h - 4.0).to_string()}><title>{ lane_label.clone() }</title>{ ellipsize(label, LABEL_CHARS) }</text>
            } else if labels {
                <text class="lane-label" x="2" y={(y + h - 2.0).to_string()}>{ label.clone() }</text>
            }
            { for lane.bars.iter().map(|&i| {
                let b = &p.timeline.bars[i];
                let n = b.stream;
                let x0 = x(b.start_ns);
                let w = (x(b.end_ns) - x0).max(2.0);
                let sel = p.selected == Some(n);
                html! {
                    <g class={classes!("tl-bar", format!("proto-{}", b.protocol), sel.then_some("selected"))} data-stream={n.to_string()}
                        tabindex={if labels { "0" } else { "-1" }} role="button"
                        aria-label={crate::i18n::tf(lc, words::BAR, &[&n.to_string(), &b.protocol.to_uppercase(), &b.client, &b.server])}>
                        <title>{ crate::i18n::tf(lc, words::BAR_TITLE, &[&n.to_string(), &b.protocol.to_uppercase(), &b.client, &b.server, &secs(b.start_ns), &secs(b.end_ns), &b.first_frame.to_string(), &b.last_frame.to_string(), crate::i18n::t(lc, words::ended(b.ended()))]) }</title>
                        <rect x={format!("{x0:.1}")} y={format!("{y:.1}")} width={format!("{w:.1}")} height={format!("{h:.1}")} rx="1" />
                        { for b.marks.iter().filter(|m| keep(m.kind, x(m.at_ns))).map(|m| {
                            let mx = x(m.at_ns);
                            html! { <rect class={classes!("tl-mark", format!("mark-{}", m.kind.name()))} data-kind={m.kind.name()} data-frame={m.frame.to_string()}
                                x={format!("{:.1}", mx - 1.5)} y={format!("{y:.1}")} width="3" height={format!("{h:.1}")}>
                                <title>{ crate::i18n::tf(lc, words::MARK_TITLE, &[crate::i18n::t(lc, words::mark(m.kind)), &m.frame.to_string(), &secs(m.at_ns)]) }</title></rect> }
                        }) }
                    </g>
                }
            }) }
        </g>
    }
}

/// The conversation of the bar an event happened on (its `data-stream`).
fn bar_of(e: &Event) -> Option<u32> {
    let el: Element = e.target()?.dyn_into().ok()?;
    el.closest(".tl-bar").ok()??.get_attribute("data-stream")?.parse().ok()
}

#[function_component(TimelineView)]
pub fn timeline(p: &Props) -> Html {
    let grouped = use_state(|| false);
    let view = use_state(|| None::<(u64, u64)>);
    let drag = use_state(|| None::<(f64, f64)>);
    let lc = crate::i18n::use_locale();
    let tl = &*p.timeline.0;
    let (v0, v1) = view.unwrap_or((0, tl.span_ns.max(1)));
    let span = (v1 - v0).max(1) as f64;
    // Grouped by server, the servers' names sit in a column of their own left of the bars
    // (never over them, never over each other).
    let gutter = if *grouped { GUTTER } else { 0.0 };
    let scale = Scale { v0, span, gutter };
    let x = move |ns: u64| scale.x(ns);
    let ns_at = move |px: f64| v0 + ((px - gutter).max(0.0) / (W - gutter) * span) as u64;

    let every = use_memo((p.timeline.clone(), *grouped), |(tl, grouped)| Shared(Rc::new(lanes_of(tl, *grouped))));
    let lanes = use_memo((every.clone(), p.timeline.clone(), v0, v1), |(every, tl, v0, v1)| drawn_lanes(every, tl, *v0, *v1));
    let lanes: Shared<Vec<Lane>> = (*lanes).clone();
    let total = every.0.len();
    // A lane per server gets the height its label needs, however many servers (the chart grows);
    // a lane per conversation shrinks to fit, and loses its label below 12 units.
    let lane_h = if *grouped { GROUPED_LANE } else { (480.0 / lanes.len().max(1) as f64).clamp(3.0, 18.0) };
    let height = lane_h * lanes.len() as f64 + 24.0;
    let labels = lane_h >= 12.0;

    // The lanes drawn so far: a slice more each time the browser has had its thread back,
    // from the first slice again whenever the timeline, the grouping or the view changes.
    let key = (Rc::as_ptr(&lanes.0) as usize as u64, v0, v1);
    let mounted = use_state(|| (key, SLICE));
    let upto = if mounted.0 == key { mounted.1 } else { SLICE };
    let busy = upto < lanes.len();
    {
        let mounted = mounted.clone();
        use_effect_with((key, upto, busy), move |&(key, upto, busy)| {
            let next = busy.then(|| gloo_timers::callback::Timeout::new(0, move || mounted.set((key, upto + SLICE))));
            move || drop(next)
        });
    }

    let onmousedown = {
        let drag = drag.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(px) = chart_x(&e) {
                drag.set(Some((px, px)));
            }
        })
    };
    let onmousemove = {
        let drag = drag.clone();
        Callback::from(move |e: MouseEvent| {
            if let (Some((a, _)), Some(px)) = (*drag, chart_x(&e)) {
                drag.set(Some((a, px)));
            }
        })
    };
    let onmouseup = {
        let drag = drag.clone();
        let on_range = p.on_range.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((a, b)) = *drag {
                // A click (no drag) leaves the range alone: it opens a conversation.
                if (a - b).abs() > 4.0 {
                    on_range.emit(Some((ns_at(a.min(b)), ns_at(a.max(b)))));
                }
            }
            drag.set(None);
        })
    };
    // A click on a bar, or Enter or Space on the one focused, opens its conversation.
    let onclick = {
        let cb = p.on_select.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(n) = bar_of(&e) {
                cb.emit(n)
            }
        })
    };
    let onkeydown = {
        let cb = p.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "Enter" | " ") {
                if let Some(n) = bar_of(&e) {
                    e.prevent_default();
                    cb.emit(n)
                }
            }
        })
    };
    let field = |which: usize| {
        let on_range = p.on_range.clone();
        let range = p.range;
        let span_ns = tl.span_ns;
        Callback::from(move |e: Event| {
            let v: Option<f64> = e.target_unchecked_into::<HtmlInputElement>().value().parse().ok();
            let (mut a, mut b) = range.unwrap_or((0, span_ns));
            let ns = v.map(|s| (s.max(0.0) * 1e9) as u64);
            if which == 0 {
                a = ns.unwrap_or(0);
            } else {
                b = ns.unwrap_or(span_ns);
            }
            on_range.emit(Some((a.min(b), a.max(b))));
        })
    };
    let zoom = {
        let view = view.clone();
        let range = p.range;
        Callback::from(move |_| view.set(range))
    };
    let whole = {
        let view = view.clone();
        Callback::from(move |_| view.set(None))
    };
    let clear = {
        let cb = p.on_range.clone();
        Callback::from(move |_| cb.emit(None))
    };
    let group = {
        let grouped = grouped.clone();
        Callback::from(move |_| grouped.set(!*grouped))
    };
    let slices = (0..upto.min(lanes.len())).step_by(SLICE).map(|from| {
        let to = from + SLICE;
        let selected = p.selected.filter(|n| lanes[from..to.min(lanes.len())].iter().any(|l| l.bars.iter().any(|&i| tl.bars[i].stream == *n)));
        html! { <LaneSlice key={from} timeline={p.timeline.clone()} lanes={lanes.clone()} {from} {to} {scale} {lane_h} grouped={*grouped} {labels} {selected} /> }
    });
    let brush = drag.map(|(a, b)| (a.min(b), (a - b).abs())).or_else(|| p.range.map(|(a, b)| (x(a), (x(b) - x(a)).max(1.0))));
    html! {
        <section class="plot timeline" aria-label={crate::i18n::t(lc, words::TITLE)}>
            <div class="plot-head">
                <h3>{ crate::i18n::t(lc, words::TITLE) }</h3>
                <label><input type="checkbox" class="tl-group" checked={*grouped} onchange={group} />{ " " }{ crate::i18n::t(lc, words::GROUP) }</label>
                <label>{ crate::i18n::t(lc, words::FROM) }{" "}<input class="tl-from" type="number" step="any" min="0" value={p.range.map(|r| secs(r.0)).unwrap_or_default()} onchange={field(0)} /></label>
                <label>{ crate::i18n::t(lc, words::TO) }{" "}<input class="tl-to" type="number" step="any" min="0" value={p.range.map(|r| secs(r.1)).unwrap_or_default()} onchange={field(1)} />{ " " }{ crate::i18n::t(lc, words::SECONDS) }</label>
                <button class="tl-zoom" onclick={zoom} disabled={p.range.is_none()}>{ crate::i18n::t(lc, words::ZOOM) }</button>
                <button class="tl-whole" onclick={whole} disabled={view.is_none()}>{ crate::i18n::t(lc, words::WHOLE) }</button>
                <button class="tl-clear" onclick={clear} disabled={p.range.is_none()}>{ crate::i18n::t(lc, words::CLEAR) }</button>
            </div>
            <p class="muted small">{ crate::i18n::t(lc, words::HINT) }</p>
            if lanes.len() < total {
                <p class="tl-capped">{ crate::i18n::tf(lc, words::CAPPED, &[&lanes.len().to_string(), &total.to_string()]) }</p>
            }
            <svg class={classes!("chart", "tl-chart", (*grouped).then_some("tl-grouped"))} viewBox={format!("0 0 {W} {height:.0}")} preserveAspectRatio="none" role="group" aria-label={crate::i18n::tf(lc, words::CHART, &[&tl.bars.len().to_string(), &secs(tl.span_ns)])}
                aria-busy={busy.then_some("true")} {onmousedown} {onmousemove} {onmouseup} {onclick} {onkeydown}>
                { for slices }
                if let Some((bx, bw)) = brush { <rect class="tl-brush" x={format!("{bx:.1}")} y="0" width={format!("{bw:.1}")} height={format!("{:.0}", height - 20.0)} /> }
                <text class="tick" x="2" y={format!("{:.0}", height - 4.0)}>{ crate::i18n::tf(lc, words::SECS, &[&secs(v0)]) }</text>
                <text class="tick end" x={(W - 2.0).to_string()} y={format!("{:.0}", height - 4.0)}>{ crate::i18n::tf(lc, words::SECS, &[&secs(v1)]) }</text>
            </svg>
            <ul class="legend">
                { for ["smtp", "lmtp", "pop3", "imap", "tls", "unknown"].iter().filter(|p| tl.bars.iter().any(|b| b.protocol == **p)).map(|p| html! { <li class={format!("proto-{p}")}>{ p.to_uppercase() }</li> }) }
                { for [MarkKind::Tls, MarkKind::Credential, MarkKind::Message, MarkKind::Fin, MarkKind::Rst].iter().map(|k| html! { <li class={format!("mark-{}", k.name())}>{ crate::i18n::t(lc, words::mark(*k)) }</li> }) }
            </ul>
            <BarTable timeline={p.timeline.clone()} range={p.range} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    timeline: Shared<Timeline>,
    range: Option<(u64, u64)>,
}

/// The conversations as a table: made when it is opened, only the rows near the view on the page.
#[function_component(BarTable)]
fn bar_table(p: &TableProps) -> Html {
    let lc = crate::i18n::use_locale();
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))
    };
    let in_range = |b: &Bar| p.range.is_none_or(|(a, z)| b.end_ns >= a && b.start_ns <= z);
    let rows: Vec<&Bar> = if *open { p.timeline.bars.iter().filter(|b| in_range(b)).collect() } else { Vec::new() };
    let n = rows.len();
    let chunks = n.div_ceil(TABLE_CHUNK);
    let rows_in: Rc<dyn Fn(usize) -> usize> = Rc::new(move |c| (n - c * TABLE_CHUNK).min(TABLE_CHUNK));
    let reset = (Rc::as_ptr(&p.timeline.0) as usize as u64) ^ p.range.map_or(0, |(a, b)| a ^ b.rotate_left(17)) ^ u64::from(*open);
    let window = use_window(chunks, rows_in, TABLE_ROW_PX, None, reset);
    let row = |b: &Bar| {
        html! {
            <tr><td>{ b.stream }</td><td>{ b.protocol.to_uppercase() }</td><td>{ b.client.clone() }</td><td>{ b.server.clone() }</td>
                <td class="num">{ secs(b.start_ns) }</td><td class="num">{ secs(b.end_ns) }</td>
                <td>{ b.marks.iter().map(|m| crate::i18n::tf(lc, words::MARK_CELL, &[crate::i18n::t(lc, words::mark(m.kind)), &m.frame.to_string()])).collect::<Vec<_>>().join(", ") }</td>
                <td>{ crate::i18n::t(lc, words::ended(b.ended())) }</td></tr>
        }
    };
    html! {
        <details class="plot-table" {ontoggle}>
            <summary>{ crate::i18n::t(lc, words::TABLE) }</summary>
            <table class="tl-table" ref={window.node.clone()}>
                <thead><tr>{ for words::HEAD.iter().map(|h| html! { <th scope="col">{ crate::i18n::t(lc, h) }</th> }) }</tr></thead>
                { for (0..chunks).map(|c| {
                    let part = &rows[c * TABLE_CHUNK..((c + 1) * TABLE_CHUNK).min(n)];
                    if window.shown(c) {
                        html! { <tbody data-chunk={c.to_string()}>{ for part.iter().map(|b| row(b)) }</tbody> }
                    } else {
                        html! { <tbody data-chunk={c.to_string()}><tr class="vspacer" aria-hidden="true"><td colspan="8"></td></tr></tbody> }
                    }
                }) }
            </table>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` conversations one after another: conversation `i` from `i` ms to `i` ms + 0.5 ms.
    fn one_after_another(n: u32) -> Timeline {
        let bars = (0..n)
            .map(|i| Bar {
                stream: i,
                protocol: "smtp".into(),
                client: format!("10.0.0.1:{}", 1024 + i),
                server: "10.0.0.2:25".into(),
                start_ns: u64::from(i) * 1_000_000,
                end_ns: u64::from(i) * 1_000_000 + 500_000,
                first_frame: 1 + 3 * i,
                last_frame: 3 + 3 * i,
                packets: 3,
                bytes: 180,
                marks: Vec::new(),
            })
            .collect();
        Timeline { span_ns: u64::from(n) * 1_000_000, bars }
    }

    #[test]
    fn beyond_the_most_lanes_the_first_in_the_time_shown_are_drawn() {
        let tl = one_after_another(2500);
        let every = Shared(Rc::new(lanes_of(&tl, false)));
        // The whole capture: the first MAX_LANES conversations.
        let whole = drawn_lanes(&every, &tl, 0, tl.span_ns);
        assert_eq!(whole.0.len(), MAX_LANES);
        assert_eq!(whole.0.iter().map(|l| tl.bars[l.bars[0]].stream).collect::<Vec<_>>(), (0..MAX_LANES as u32).collect::<Vec<_>>());
        // Zoomed into 2.2 s .. 2.4 s: the conversations 2200..=2400, those with packets in it.
        let zoomed = drawn_lanes(&every, &tl, 2_200_000_000, 2_400_000_000);
        assert_eq!(zoomed.0.iter().map(|l| tl.bars[l.bars[0]].stream).collect::<Vec<_>>(), (2200..=2400).collect::<Vec<_>>());
        // Up to MAX_LANES, every lane, whatever the view.
        let few = one_after_another(MAX_LANES as u32);
        let all = Shared(Rc::new(lanes_of(&few, false)));
        assert!(Rc::ptr_eq(&drawn_lanes(&all, &few, 5_000_000, 6_000_000).0, &all.0));
    }

    #[tokio::test]
    async fn the_chart_says_how_many_of_its_rows_are_drawn() {
        let render = |n: u32| {
            yew::ServerRenderer::<TimelineView>::with_props(move || Props {
                timeline: Shared(Rc::new(one_after_another(n))),
                selected: None,
                on_select: Callback::noop(),
                range: None,
                on_range: Callback::noop(),
            })
            .render()
        };
        let capped = render(2500).await;
        assert!(capped.contains(r#"<p class="tl-capped">Only 2000 of the chart's 2500 rows are drawn"#), "{capped}");
        // The chart still names every conversation of the capture.
        assert!(capped.contains(r#"aria-label="Timeline of conversations: 2500 conversations over 2.500 s""#), "{capped}");
        let whole = render(2000).await;
        assert!(!whole.contains("tl-capped"), "{whole}");
    }
}
