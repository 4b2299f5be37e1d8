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
mod t {
    pub const TITLE: &str = "TCP timing";
    pub const STEVENS: &str = "Sequence number over time (client's bytes and server's bytes)";
    pub const RTT: &str = "Round-trip times (ms)";
    pub const WINDOW: &str = "Receive window (bytes)";
    pub const TABLE: &str = "The marks and round trips, as a table";
    pub const HEAD: [&str; 5] = ["Frame", "Time (s)", "Side", "What", "Value"];
    pub const THINNED: &str = "Long conversation: one segment in";
    pub const CLIENT: &str = "client";
    pub const SERVER: &str = "server";
    pub const HANDSHAKE: &str = "handshake round trip";
    pub const ACKED: &str = "round trip";
    pub fn event(e: &str) -> &'static str {
        match e {
            "retransmission" => "retransmission",
            "fast_retransmission" => "fast retransmission",
            "out_of_order" => "out of order",
            "lost_segment" => "bytes before it not captured",
            "acked_unseen" => "acknowledges bytes not captured",
            "duplicate_ack" => "duplicate ACK",
            "zero_window" => "zero window",
            "window_full" => "window full",
            "keep_alive" => "keep-alive",
            _ => "TCP event",
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

fn side(client: bool) -> &'static str {
    if client {
        t::CLIENT
    } else {
        t::SERVER
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
                aria-label={format!("{}, frame {}", t::event(&m.event), m.frame)} onclick={focus(m.frame)} onkeydown={key_focus(m.frame)}>
                <title>{ format!("{} · frame {} · {} · {:.6} s", t::event(&m.event), m.frame, side(m.client), m.at_ns as f64 / 1e9) }</title>
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
        <section class="plot timing" aria-label={t::TITLE}>
            <h3>{ t::TITLE }</h3>
            <p class="reading">{ reading }</p>
            if tm.thinned > 1 { <p class="muted small">{ format!("{} {}", t::THINNED, tm.thinned) }</p> }
            <h4>{ t::STEVENS }</h4>
            <svg class="chart tm-stevens" viewBox={vb.clone()} preserveAspectRatio="none" role="group" aria-label={t::STEVENS}>
                { axis(format!("{} bytes", max_seq as u64)) }
                { for tm.segments.iter().map(|s| {
                    let (xa, y0, y1) = (x(s.at_ns), ys(s.seq as u64), ys(s.seq as u64 + s.len.max(1) as u64));
                    html! { <line class={classes!("tm-seg", if s.client { "side-client" } else { "side-server" })} x1={format!("{xa:.1}")} x2={format!("{xa:.1}")} y1={format!("{y0:.1}")} y2={format!("{:.1}", y1.min(y0 - 1.5))} /> }
                }) }
                { for tm.marks.iter().filter(|m| on_stevens(&m.event)).map(|m| mark(m, ys(m.seq as u64))) }
            </svg>
            <h4>{ t::RTT }</h4>
            <svg class="chart tm-rtt" viewBox={vb.clone()} preserveAspectRatio="none" role="img" aria-label={format!("{}: {} measurements", t::RTT, tm.rtt.len())}>
                { axis(format!("{max_rtt} ms")) }
                { for tm.rtt.iter().map(|r| html! {
                    <circle class={classes!("tm-rtt-dot", r.handshake.then_some("handshake"), if r.client { "side-client" } else { "side-server" })} cx={format!("{:.1}", x(r.at_ns))} cy={format!("{:.1}", yr(r.rtt_ns as f64 / 1e6))} r="3">
                        <title>{ format!("{:.3} ms · frame {} ({})", r.rtt_ns as f64 / 1e6, r.frame, if r.handshake { t::HANDSHAKE } else { t::ACKED }) }</title></circle>
                }) }
            </svg>
            <h4>{ t::WINDOW }</h4>
            <svg class="chart tm-window" viewBox={vb} preserveAspectRatio="none" role="group" aria-label={t::WINDOW}>
                { axis(format!("{} bytes", max_win as u64)) }
                <polyline class="tm-win side-client" points={step(true)}><title>{ t::CLIENT }</title></polyline>
                <polyline class="tm-win side-server" points={step(false)}><title>{ t::SERVER }</title></polyline>
                { for tm.marks.iter().filter(|m| on_window(&m.event)).map(|m| mark(m, yw(win_at(m.client, m.frame)))) }
            </svg>
            <ul class="legend"><li class="side-client">{ t::CLIENT }</li><li class="side-server">{ t::SERVER }</li></ul>
            <details class="plot-table">
                <summary>{ t::TABLE }</summary>
                <table class="tm-table">
                    <thead><tr>{ for t::HEAD.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
                    <tbody>
                    { for tm.marks.iter().map(|m| html! { <tr><td>{ m.frame }</td><td class="num">{ format!("{:.6}", m.at_ns as f64 / 1e9) }</td><td>{ side(m.client) }</td><td>{ t::event(&m.event) }</td>
                        <td>{ m.after_ns.map(|a| format!("{:.3} ms after the first copy", a as f64 / 1e6)).unwrap_or_default() }</td></tr> }) }
                    { for tm.rtt.iter().map(|r| html! { <tr><td>{ r.frame }</td><td class="num">{ format!("{:.6}", r.at_ns as f64 / 1e9) }</td><td>{ side(r.client) }</td>
                        <td>{ if r.handshake { t::HANDSHAKE } else { t::ACKED } }</td><td>{ format!("{:.3} ms", r.rtt_ns as f64 / 1e6) }</td></tr> }) }
                    </tbody>
                </table>
            </details>
        </section>
    }
}
