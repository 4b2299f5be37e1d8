//! TCP's timing for one conversation: the sequence number of each segment
//! over time (Wireshark's Stevens graph) with retransmissions, segments out
//! of order or not captured as marks, the round-trip times, and each side's
//! receive window with its zero-window moments; a reading in a sentence or
//! two (catalogue keys `timing.*`). A click on a mark shows its frame in the
//! transcript, with its explanation. Draws a `postscope_core::timing::Timing`
//! it is given, as plain SVG.

use crate::components::plots::{nice_max, Shared, W};
use postscope_core::explain::{render, Context};
use postscope_core::timing::Timing;
use yew::prelude::*;

/// The words of this view.
mod words {
    pub const TITLE: &str = "timing.title";
    pub const MARK_LABEL: &str = "timing.mark.label";
    pub const MARK_TITLE: &str = "timing.mark.title";
    pub const BYTES: &str = "timing.bytes";
    pub const RTT_LABEL: &str = "timing.rtt.label";
    pub const AFTER: &str = "timing.after";
    pub const RTT_TITLE: &str = "timing.rtt.title";
    pub const STEVENS: &str = "timing.stevens";
    pub const RTT: &str = "timing.rtt_chart";
    pub const WINDOW: &str = "timing.window";
    pub const TABLE: &str = "timing.table";
    pub const HEAD: [&str; 5] = ["timing.head.0", "timing.head.1", "timing.head.2", "timing.head.3", "timing.head.4"];
    pub const THINNED: &str = "timing.thinned";
    pub const CLIENT: &str = "timing.client";
    pub const SERVER: &str = "timing.server";
    pub const HANDSHAKE: &str = "timing.handshake";
    pub const ACKED: &str = "timing.acked";
    pub fn event(e: &str) -> &'static str {
        match e {
            "retransmission" => "timing.event.retransmission",
            "fast_retransmission" => "timing.event.fast_retransmission",
            "out_of_order" => "timing.event.out_of_order",
            "lost_segment" => "timing.event.lost_segment",
            "acked_unseen" => "timing.event.acked_unseen",
            "duplicate_ack" => "timing.event.duplicate_ack",
            "zero_window" => "timing.event.zero_window",
            "window_full" => "timing.event.window_full",
            "keep_alive" => "timing.event.keep_alive",
            _ => "timing.event.other",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub timing: Shared<Timing>,
    /// Shows a frame in the transcript.
    pub on_focus: Callback<u32>,
}

const H: f64 = 150.0;

fn side(client: bool, lc: crate::i18n::Locale) -> &'static str {
    if client {
        crate::i18n::t(lc, words::CLIENT)
    } else {
        crate::i18n::t(lc, words::SERVER)
    }
}

#[function_component(TimingView)]
pub fn timing(p: &Props) -> Html {
    // The reading is a catalogue explanation: in the reader's language.
    let lc = crate::i18n::use_locale();
    let tm = &*p.timing.0;
    let (t0, t1) = (tm.start_ns, tm.end_ns.max(tm.start_ns + 1));
    let x = move |ns: u64| (ns.saturating_sub(t0) as f64 / (t1 - t0) as f64 * W).clamp(0.0, W);
    let max_seq = nice_max(tm.segments.iter().map(|s| (s.seq as u64 + s.len as u64) as f64).fold(0.0, f64::max));
    let ys = move |seq: u64| H - seq as f64 / max_seq * (H - 8.0);
    let max_rtt = nice_max(tm.rtt.iter().map(|r| r.rtt_ns as f64 / 1e6).fold(0.0, f64::max));
    let yr = move |ms: f64| H - ms / max_rtt * (H - 8.0);
    let max_win = nice_max(tm.windows.iter().map(|w| w.bytes as f64).fold(0.0, f64::max));
    let yw = move |b: f64| H - b / max_win * (H - 8.0);
    let reading = render(&tm.reading(), &Context::default(), lc);
    let focus = |frame: u32| {
        let cb = p.on_focus.clone();
        Callback::from(move |_: MouseEvent| cb.emit(frame))
    };
    let key_focus = |frame: u32| {
        let cb = p.on_focus.clone();
        Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "Enter" | " ") {
                e.prevent_default();
                cb.emit(frame)
            }
        })
    };
    let mark = |m: &postscope_core::timing::Mark, y: f64| {
        html! {
            <g class={classes!("tm-mark", format!("ev-{}", m.event))} data-frame={m.frame.to_string()} data-event={m.event.clone()} role="button" tabindex="0"
                aria-label={crate::i18n::tf(lc, words::MARK_LABEL, &[crate::i18n::t(lc, words::event(&m.event)), &m.frame.to_string()])} onclick={focus(m.frame)} onkeydown={key_focus(m.frame)}>
                <title>{ crate::i18n::tf(lc, words::MARK_TITLE, &[crate::i18n::t(lc, words::event(&m.event)), &m.frame.to_string(), side(m.client, lc), &format!("{:.6}", m.at_ns as f64 / 1e9)]) }</title>
                <circle cx={format!("{:.1}", x(m.at_ns))} cy={format!("{y:.1}")} r="5" />
            </g>
        }
    };
    let axis = |label: String| {
        html! { <><line class="axis" x1="0" y1={H.to_string()} x2={W.to_string()} y2={H.to_string()} /><text class="tick" x="2" y="10">{ label }</text>
        <text class="tick" x="2" y={(H + 14.0).to_string()}>{ format!("{:.3} s", t0 as f64 / 1e9) }</text>
        <text class="tick end" x={(W - 2.0).to_string()} y={(H + 14.0).to_string()}>{ format!("{:.3} s", t1 as f64 / 1e9) }</text></> }
    };
    let vb = format!("0 0 {W} {}", H + 18.0);
    let on_stevens =
        |e: &str| matches!(e, "retransmission" | "fast_retransmission" | "out_of_order" | "lost_segment" | "acked_unseen" | "keep_alive");
    let on_window = |e: &str| matches!(e, "zero_window" | "window_full" | "duplicate_ack");
    // A window mark sits on its side's window line at that frame.
    let win_at =
        |client: bool, frame: u32| tm.windows.iter().rfind(|w| w.client == client && w.frame <= frame).map_or(0.0, |w| w.bytes as f64);
    let step = |client: bool| {
        let mut pts = String::new();
        let mut last: Option<f64> = None;
        for w in tm.windows.iter().filter(|w| w.client == client) {
            if let Some(prev) = last {
                pts.push_str(&format!("{:.1},{:.1} ", x(w.at_ns), yw(prev)));
            }
            pts.push_str(&format!("{:.1},{:.1} ", x(w.at_ns), yw(w.bytes as f64)));
            last = Some(w.bytes as f64);
        }
        if let Some(prev) = last {
            pts.push_str(&format!("{:.1},{:.1}", W, yw(prev)));
        }
        pts
    };
    html! {
        <section class="plot timing" aria-label={crate::i18n::t(lc, words::TITLE)}>
            <h3>{ crate::i18n::t(lc, words::TITLE) }</h3>
            <p class="reading">{ reading }</p>
            if tm.thinned > 1 { <p class="muted small">{ crate::i18n::tf(lc, words::THINNED, &[&tm.thinned.to_string()]) }</p> }
            <h4>{ crate::i18n::t(lc, words::STEVENS) }</h4>
            <svg class="chart tm-stevens" viewBox={vb.clone()} preserveAspectRatio="none" role="group" aria-label={crate::i18n::t(lc, words::STEVENS)}>
                { axis(crate::i18n::tf(lc, words::BYTES, &[&(max_seq as u64).to_string()])) }
                { for tm.segments.iter().map(|s| {
                    let (xa, y0, y1) = (x(s.at_ns), ys(s.seq as u64), ys(s.seq as u64 + s.len.max(1) as u64));
                    html! { <line class={classes!("tm-seg", if s.client { "side-client" } else { "side-server" })} x1={format!("{xa:.1}")} x2={format!("{xa:.1}")} y1={format!("{y0:.1}")} y2={format!("{:.1}", y1.min(y0 - 1.5))} /> }
                }) }
                { for tm.marks.iter().filter(|m| on_stevens(&m.event)).map(|m| mark(m, ys(m.seq as u64))) }
            </svg>
            <h4>{ crate::i18n::t(lc, words::RTT) }</h4>
            <svg class="chart tm-rtt" viewBox={vb.clone()} preserveAspectRatio="none" role="img" aria-label={crate::i18n::tf(lc, words::RTT_LABEL, &[&tm.rtt.len().to_string()])}>
                { axis(format!("{max_rtt} ms")) }
                { for tm.rtt.iter().map(|r| html! {
                    <circle class={classes!("tm-rtt-dot", r.handshake.then_some("handshake"), if r.client { "side-client" } else { "side-server" })} cx={format!("{:.1}", x(r.at_ns))} cy={format!("{:.1}", yr(r.rtt_ns as f64 / 1e6))} r="3">
                        <title>{ crate::i18n::tf(lc, words::RTT_TITLE, &[&format!("{:.3}", r.rtt_ns as f64 / 1e6), &r.frame.to_string(), if r.handshake { crate::i18n::t(lc, words::HANDSHAKE) } else { crate::i18n::t(lc, words::ACKED) }]) }</title></circle>
                }) }
            </svg>
            <h4>{ crate::i18n::t(lc, words::WINDOW) }</h4>
            <svg class="chart tm-window" viewBox={vb} preserveAspectRatio="none" role="group" aria-label={crate::i18n::t(lc, words::WINDOW)}>
                { axis(crate::i18n::tf(lc, words::BYTES, &[&(max_win as u64).to_string()])) }
                <polyline class="tm-win side-client" points={step(true)}><title>{ crate::i18n::t(lc, words::CLIENT) }</title></polyline>
                <polyline class="tm-win side-server" points={step(false)}><title>{ crate::i18n::t(lc, words::SERVER) }</title></polyline>
                { for tm.marks.iter().filter(|m| on_window(&m.event)).map(|m| mark(m, yw(win_at(m.client, m.frame)))) }
            </svg>
            <ul class="legend"><li class="side-client">{ crate::i18n::t(lc, words::CLIENT) }</li><li class="side-server">{ crate::i18n::t(lc, words::SERVER) }</li></ul>
            <details class="plot-table">
                <summary>{ crate::i18n::t(lc, words::TABLE) }</summary>
                <table class="tm-table">
                    <thead><tr>{ for words::HEAD.iter().map(|h| html! { <th scope="col">{ crate::i18n::t(lc, h) }</th> }) }</tr></thead>
                    <tbody>
                    { for tm.marks.iter().map(|m| html! { <tr><td>{ m.frame }</td><td class="num">{ format!("{:.6}", m.at_ns as f64 / 1e9) }</td><td>{ side(m.client, lc) }</td><td>{ crate::i18n::t(lc, words::event(&m.event)) }</td>
                        <td>{ m.after_ns.map(|a| crate::i18n::tf(lc, words::AFTER, &[&format!("{:.3}", a as f64 / 1e6)])).unwrap_or_default() }</td></tr> }) }
                    { for tm.rtt.iter().map(|r| html! { <tr><td>{ r.frame }</td><td class="num">{ format!("{:.6}", r.at_ns as f64 / 1e9) }</td><td>{ side(r.client, lc) }</td>
                        <td>{ if r.handshake { crate::i18n::t(lc, words::HANDSHAKE) } else { crate::i18n::t(lc, words::ACKED) } }</td><td>{ format!("{:.3} ms", r.rtt_ns as f64 / 1e6) }</td></tr> }) }
                    </tbody>
                </table>
            </details>
        </section>
    }
}
