//! The I/O graph (Wireshark's I/O Graph): frames or bytes per interval over
//! the capture's time, a line per protocol, or a conversation's two
//! directions. Draws a `postscope_core::iograph::IoGraph` it is given (the
//! page, or a Web Worker, computes it) as plain SVG, with its table behind.

use crate::components::plots::{nice_max, Shared, W};
use postscope_core::iograph::{IoGraph, INTERVALS_NS};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The words of this view.
mod t {
    pub const TITLE: &str = "I/O graph";
    pub const TITLE_STREAM: &str = "I/O graph of this conversation";
    pub const BYTES: &str = "Bytes";
    pub const FRAMES: &str = "Frames";
    pub const PER: &str = "per";
    pub const AUTO: &str = "auto";
    pub const INTERVAL: &str = "Interval";
    pub const TABLE: &str = "The figures, as a table";
    pub const START: &str = "Start (s)";
    pub const WIDENED: &str = "the interval was widened to keep the graph small: ";
    pub const NOTE: &str = "Counts as tshark -z io,stat; a frame is SMTP, POP3, IMAP or TLS when it carries that protocol's bytes (not a retransmission); the rest is other.";
    pub fn series(s: postscope_core::iograph::Series) -> &'static str {
        use postscope_core::iograph::Series::*;
        match s {
            All => "all frames",
            Smtp => "SMTP",
            Pop3 => "POP3",
            Imap => "IMAP",
            Tls => "TLS",
            Lmtp => "LMTP",
            Other => "other",
            Client => "client → server",
            Server => "server → client",
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
    let title = if g.stream.is_some() { t::TITLE_STREAM } else { t::TITLE };
    let unit = if *bytes { t::BYTES } else { t::FRAMES };
    let aria = format!(
        "{title}: {} {} {} {}; {}",
        unit,
        t::PER,
        label_ns(g.interval_ns),
        g.lines
            .iter()
            .map(|l| format!("{} {}", t::series(l.series), if *bytes { l.total_bytes() } else { l.total_frames() }))
            .collect::<Vec<_>>()
            .join(", "),
        t::TABLE
    );
    html! {
        <section class="plot iograph" aria-label={title}>
            <div class="plot-head">
                <h3>{ title }</h3>
                <label>{ t::INTERVAL }{" "}
                    <select class="io-interval" onchange={on_change}>
                        <option value="auto" selected={p.interval.is_none()}>{ format!("{} ({})", t::AUTO, label_ns(g.interval_ns)) }</option>
                        { for INTERVALS_NS.iter().map(|&i| html! { <option value={i.to_string()} selected={p.interval == Some(i)}>{ label_ns(i) }</option> }) }
                    </select>
                </label>
                <button class="io-unit" onclick={toggle} aria-pressed={(!*bytes).to_string()}>{ if *bytes { t::FRAMES } else { t::BYTES } }</button>
                if let Some(w) = g.widened_from_ns { <span class="muted">{ format!("{}{} → {}", t::WIDENED, label_ns(w), label_ns(g.interval_ns)) }</span> }
            </div>
            <svg class="chart" viewBox={format!("0 0 {W} {}", H + 20.0)} role="img" aria-label={aria} preserveAspectRatio="none">
                <line class="axis" x1="0" y1={H.to_string()} x2={W.to_string()} y2={H.to_string()} />
                <text class="tick" x="2" y="10">{ format!("{} {unit}", max as u64) }</text>
                <text class="tick" x="2" y={(H + 15.0).to_string()}>{"0 s"}</text>
                <text class="tick end" x={(W - 2.0).to_string()} y={(H + 15.0).to_string()}>{ format!("{:.3} s", g.start_secs(g.intervals)) }</text>
                { for g.lines.iter().map(|l| {
                    let pts: String = (0..g.intervals).map(|i| format!("{:.1},{:.1} ", x(i), y(value(l, i)))).collect();
                    html! { <polyline class={classes!("io-line", format!("series-{}", l.series.name()))} data-series={l.series.name()} points={pts}><title>{ t::series(l.series) }</title></polyline> }
                }) }
            </svg>
            <ul class="legend">
                { for g.lines.iter().map(|l| html! { <li class={format!("series-{}", l.series.name())}>{ format!("{}: {} frames, {} bytes", t::series(l.series), l.total_frames(), l.total_bytes()) }</li> }) }
            </ul>
            <p class="muted small">{ t::NOTE }</p>
            <details class="plot-table">
                <summary>{ t::TABLE }</summary>
                <table class="io-table">
                    <thead><tr><th scope="col">{ t::START }</th>
                        { for g.lines.iter().map(|l| html! { <th scope="col">{ format!("{} ({})", t::series(l.series), unit.to_lowercase()) }</th> }) }
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
