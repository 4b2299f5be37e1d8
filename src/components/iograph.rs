//! The I/O graph (Wireshark's I/O Graph): frames or bytes per interval over
//! the capture's time, a line per protocol, or a conversation's two
//! directions. Draws a `postscope_core::iograph::IoGraph` it is given (the
//! page, or a Web Worker, computes it) as plain SVG, with its table behind.

use crate::components::plots::{nice_max, Shared, W};
use postscope_core::iograph::{IoGraph, INTERVALS_NS};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The words of this view.
mod words {
    pub const TITLE: &str = "iograph.title";
    pub const LEGEND: &str = "iograph.legend";
    pub const TITLE_STREAM: &str = "iograph.title_stream";
    pub const BYTES: &str = "iograph.bytes";
    pub const FRAMES: &str = "iograph.frames";
    pub const PER: &str = "iograph.per";
    pub const AUTO: &str = "iograph.auto";
    pub const INTERVAL: &str = "iograph.interval";
    pub const TABLE: &str = "iograph.table";
    pub const START: &str = "iograph.start";
    pub const WIDENED: &str = "iograph.widened";
    pub const NOTE: &str = "iograph.note";
    /// A series' name in `lc`: a protocol's name is the same in every language.
    pub fn series_in(lc: crate::i18n::Locale, s: postscope_core::iograph::Series) -> &'static str {
        use postscope_core::iograph::Series::*;
        match s {
            Smtp | Pop3 | Imap | Tls | Lmtp => series(s),
            _ => crate::i18n::t(lc, series(s)),
        }
    }
    /// A series' name: its key in the interface's tables, or a protocol's name.
    pub fn series(s: postscope_core::iograph::Series) -> &'static str {
        use postscope_core::iograph::Series::*;
        match s {
            All => "iograph.series.all",
            Smtp => "SMTP",
            Pop3 => "POP3",
            Imap => "IMAP",
            Tls => "TLS",
            Lmtp => "LMTP",
            Other => "iograph.series.other",
            Client => "iograph.series.client",
            Server => "iograph.series.server",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub graph: Shared<IoGraph>,
    /// The interval asked for (`None`: automatic).
    pub interval: Option<u64>,
    pub on_interval: Callback<Option<u64>>,
}

fn label_ns(ns: u64) -> String {
    if ns >= 1_000_000_000 {
        format!("{} s", ns / 1_000_000_000)
    } else {
        format!("{} ms", ns as f64 / 1e6)
    }
}

const H: f64 = 180.0;

#[function_component(IoGraphView)]
pub fn io_graph(p: &Props) -> Html {
    let lc = crate::i18n::use_locale();
    let bytes = use_state(|| true);
    let g = &*p.graph.0;
    let value = |l: &postscope_core::iograph::Line, i: usize| if *bytes { l.bytes[i] } else { l.frames[i] };
    let max =
        nice_max(g.lines.iter().flat_map(|l| (0..g.intervals).map(move |i| (l, i))).map(|(l, i)| value(l, i)).max().unwrap_or(0) as f64);
    let n = g.intervals.max(1) as f64;
    let x = |i: usize| (i as f64 + 0.5) / n * W;
    let y = |v: u64| H - v as f64 / max * (H - 10.0);
    let on_change = {
        let cb = p.on_interval.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            cb.emit(v.parse::<u64>().ok())
        })
    };
    let toggle = {
        let bytes = bytes.clone();
        Callback::from(move |_| bytes.set(!*bytes))
    };
    let title = if g.stream.is_some() { crate::i18n::t(lc, words::TITLE_STREAM) } else { crate::i18n::t(lc, words::TITLE) };
    let unit = if *bytes { crate::i18n::t(lc, words::BYTES) } else { crate::i18n::t(lc, words::FRAMES) };
    let aria = format!(
        "{title}: {} {} {} {}; {}",
        unit,
        crate::i18n::t(lc, words::PER),
        label_ns(g.interval_ns),
        g.lines
            .iter()
            .map(|l| format!("{} {}", words::series_in(lc, l.series), if *bytes { l.total_bytes() } else { l.total_frames() }))
            .collect::<Vec<_>>()
            .join(", "),
        crate::i18n::t(lc, words::TABLE)
    );
    html! {
        <section class="plot iograph" aria-label={title}>
            <div class="plot-head">
                <h3>{ title }</h3>
                <label>{ crate::i18n::t(lc, words::INTERVAL) }{" "}
                    <select class="io-interval" onchange={on_change}>
                        <option value="auto" selected={p.interval.is_none()}>{ format!("{} ({})", crate::i18n::t(lc, words::AUTO), label_ns(g.interval_ns)) }</option>
                        { for INTERVALS_NS.iter().map(|&i| html! { <option value={i.to_string()} selected={p.interval == Some(i)}>{ label_ns(i) }</option> }) }
                    </select>
                </label>
                <button class="io-unit" onclick={toggle} aria-pressed={(!*bytes).to_string()}>{ if *bytes { crate::i18n::t(lc, words::FRAMES) } else { crate::i18n::t(lc, words::BYTES) } }</button>
                if let Some(w) = g.widened_from_ns { <span class="muted">{ format!("{}{} → {}", crate::i18n::t(lc, words::WIDENED), label_ns(w), label_ns(g.interval_ns)) }</span> }
            </div>
            <svg class="chart" viewBox={format!("0 0 {W} {}", H + 20.0)} role="img" aria-label={aria} preserveAspectRatio="none">
                <line class="axis" x1="0" y1={H.to_string()} x2={W.to_string()} y2={H.to_string()} />
                <text class="tick" x="2" y="10">{ format!("{} {unit}", max as u64) }</text>
                <text class="tick" x="2" y={(H + 15.0).to_string()}>{"0 s"}</text>
                <text class="tick end" x={(W - 2.0).to_string()} y={(H + 15.0).to_string()}>{ format!("{:.3} s", g.start_secs(g.intervals)) }</text>
                { for g.lines.iter().map(|l| {
                    let pts: String = (0..g.intervals).map(|i| format!("{:.1},{:.1} ", x(i), y(value(l, i)))).collect();
                    html! { <polyline class={classes!("io-line", format!("series-{}", l.series.name()))} data-series={l.series.name()} points={pts}><title>{ words::series_in(lc, l.series) }</title></polyline> }
                }) }
            </svg>
            <ul class="legend">
                { for g.lines.iter().map(|l| html! { <li class={format!("series-{}", l.series.name())}>{ crate::i18n::tf(lc, words::LEGEND, &[words::series_in(lc, l.series), &l.total_frames().to_string(), &l.total_bytes().to_string()]) }</li> }) }
            </ul>
            <p class="muted small">{ crate::i18n::t(lc, words::NOTE) }</p>
            <details class="plot-table">
                <summary>{ crate::i18n::t(lc, words::TABLE) }</summary>
                <table class="io-table">
                    <thead><tr><th scope="col">{ crate::i18n::t(lc, words::START) }</th>
                        { for g.lines.iter().map(|l| html! { <th scope="col">{ format!("{} ({})", words::series_in(lc, l.series), unit.to_lowercase()) }</th> }) }
                    </tr></thead>
                    <tbody>
                    // Only intervals with a frame: a long quiet capture stays short.
                    { for (0..g.intervals).filter(|&i| g.lines[0].frames[i] > 0 || g.lines.get(1).is_some_and(|l| l.frames[i] > 0)).map(|i| html! {
                        <tr><td class="num">{ format!("{:.3}", g.start_secs(i)) }</td>
                            { for g.lines.iter().map(|l| html! { <td class="num">{ value(l, i) }</td> }) }
                        </tr>
                    }) }
                    </tbody>
                </table>
            </details>
        </section>
    }
}
