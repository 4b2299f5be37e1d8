//! The packet-level sequence diagram of one conversation (an SVG drawn with
//! plain elements): the client's and the server's lifelines, time running
//! down (to scale or evenly spaced), one arrow per TCP segment labelled with
//! its flags, length and the command or reply it starts, marks for
//! retransmissions, out-of-order segments, gaps and resets, brackets for the
//! handshake, TLS and the teardown. A click on an arrow selects its frame
//! (and so its line in the transcript); the frame selected elsewhere is
//! highlighted here. A table behind it says the same to screen readers.
//! Capture text goes into SVG text nodes only.

use crate::state::Shared;
use postscope_core::explain;
use postscope_core::model::Analysis;
use postscope_core::sequence::{sequence, Arrow, Mark, Sequence};
use yew::prelude::*;

/// The words of this view, in one place (for the locale table to come).
mod words {
    pub const TITLE: &str = "sequence.title";
    pub const CLIENT: &str = "sequence.client";
    pub const SERVER: &str = "sequence.server";
    pub const EVEN: &str = "sequence.even";
    pub const SCALE: &str = "sequence.scale";
    pub const SPACING: &str = "sequence.spacing";
    pub const NEXT: &str = "sequence.next";
    pub const PREVIOUS: &str = "sequence.previous";
    pub const TABLE: &str = "sequence.table";
    pub const COL_FRAME: &str = "sequence.col_frame";
    pub const COL_TIME: &str = "sequence.col_time";
    pub const COL_WAY: &str = "sequence.col_way";
    pub const COL_FLAGS: &str = "sequence.col_flags";
    pub const COL_LEN: &str = "sequence.col_len";
    pub const COL_WHAT: &str = "sequence.col_what";
    pub const COL_MARKS: &str = "sequence.col_marks";
    pub const TO_SERVER: &str = "sequence.to_server";
    pub const TO_CLIENT: &str = "sequence.to_client";
    pub const SHOWING: &str = "sequence.showing";
    pub fn mark_short(m: postscope_core::sequence::Mark) -> &'static str {
        use postscope_core::sequence::Mark::*;
        match m {
            Retransmission => "sequence.short.retransmission",
            OutOfOrder => "sequence.short.outoforder",
            Gap => "sequence.short.gap",
            Rst => "sequence.short.rst",
            DuplicateAck => "sequence.short.duplicateack",
            ZeroWindow => "sequence.short.zerowindow",
            WindowFull => "sequence.short.windowfull",
            KeepAlive => "sequence.short.keepalive",
            AckedUnseen => "sequence.short.ackedunseen",
        }
    }
}

/// Arrows drawn at once; a longer conversation is drawn a window at a time.
const WINDOW: usize = 200;
/// Geometry of the drawing, in SVG units.
const W: f64 = 760.0;
const CLIENT_X: f64 = 170.0;
const SERVER_X: f64 = 590.0;
const TOP: f64 = 44.0;
const STEP: f64 = 30.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    pub stream: u32,
    /// The frame selected (from the transcript, a deep link or a click here).
    #[prop_or_default]
    pub focus: Option<u32>,
    /// Called with the frame of the arrow clicked.
    pub on_focus: Callback<u32>,
}

fn mark_title(m: Mark, lc: crate::i18n::Locale) -> String {
    explain::say_in(lc, &[&format!("sequence.mark.{}", m.name())], &[])
}

fn label_of(a: &Arrow) -> String {
    let mut s = format!("[{}] Len={}", a.flags, a.payload);
    if let Some(l) = &a.label {
        s.push_str("  ");
        s.push_str(l);
    }
    if a.more_lines > 0 {
        s.push_str(&format!(" (+{})", a.more_lines));
    }
    s
}

/// The y of each arrow: evenly spaced, or by its time.
fn rows_y(d: &Sequence, to_scale: bool) -> (Vec<f64>, f64) {
    let n = d.arrows.len();
    let even_height = n as f64 * STEP;
    if !to_scale || n < 2 {
        return ((0..n).map(|i| TOP + i as f64 * STEP + STEP / 2.0).collect(), TOP + even_height + STEP);
    }
    let (t0, t1) = (d.arrows[0].time, d.arrows[n - 1].time);
    let span = (t1 - t0).max(1e-9);
    let height = even_height.max(300.0);
    (d.arrows.iter().map(|a| TOP + STEP / 2.0 + (a.time - t0) / span * height).collect(), TOP + height + STEP * 1.5)
}

#[function_component(SequenceDiagram)]
pub fn sequence_diagram(p: &Props) -> Html {
    let lc = crate::i18n::use_locale();
    let to_scale = use_state(|| false);
    let first = use_state(|| 0usize);
    {
        let first = first.clone();
        use_effect_with((p.analysis.clone(), p.stream), move |_| first.set(0));
    }
    let d = use_memo((p.analysis.clone(), p.stream, *first), |(a, s, f)| sequence(a, *s, *f, WINDOW));
    // The arrow of the frame selected elsewhere (a line of the transcript) is scrolled into the diagram's view.
    let selected_y = d.as_ref().as_ref().and_then(|d| {
        let (ys, _) = rows_y(d, *to_scale);
        p.focus.and_then(|f| d.arrows.iter().position(|a| a.frame == f).map(|i| ys[i]))
    });
    use_effect_with(selected_y.map(|y| y as i32), |y| {
        #[cfg(target_arch = "wasm32")]
        if let (Some(y), Some(Ok(Some(el)))) =
            (*y, web_sys::window().and_then(|w| w.document()).map(|d| d.query_selector("#sequence .sequence-scroll")))
        {
            let h = el.client_height();
            if y < el.scroll_top() || y > el.scroll_top() + h {
                el.set_scroll_top((y - h / 2).max(0));
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = y;
    });
    let Some(d) = d.as_ref() else {
        return html! {};
    };
    if d.arrows.is_empty() {
        return html! {};
    }
    let (ys, height) = rows_y(d, *to_scale);
    let y_of = |frame: u32| d.arrows.iter().position(|a| a.frame == frame).map(|i| ys[i]);
    let onclick = {
        let cb = p.on_focus.clone();
        Callback::from(move |e: MouseEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            if let Some(f) =
                el.closest("[data-frame]").ok().flatten().and_then(|g| g.get_attribute("data-frame")).and_then(|t| t.parse().ok())
            {
                cb.emit(f);
            }
        })
    };
    let onkeydown = {
        let cb = p.on_focus.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                let el: web_sys::Element = e.target_unchecked_into();
                if let Some(f) = el.get_attribute("data-frame").and_then(|t| t.parse().ok()) {
                    e.prevent_default();
                    cb.emit(f);
                }
            }
        })
    };
    // To scale, arrows close in time overlap: only those with room for a line of text keep their words (all keep their tooltip).
    let mut last_text = f64::NEG_INFINITY;
    let room: Vec<bool> = ys
        .iter()
        .map(|&y| {
            let ok = y - last_text >= 15.0;
            if ok {
                last_text = y;
            }
            ok
        })
        .collect();
    let arrows = d.arrows.iter().zip(&ys).zip(&room).map(|((a, &y), &room)| {
        let (x1, x2) = if a.from_client { (CLIENT_X, SERVER_X) } else { (SERVER_X, CLIENT_X) };
        let head = if a.from_client { x2 - 9.0 } else { x2 + 9.0 };
        let selected = p.focus == Some(a.frame);
        let marks: Vec<String> = a.marks.iter().map(|m| format!("mark-{}", m.name())).collect();
        let class = classes!(
            "arrow",
            if a.from_client { "from-client" } else { "from-server" },
            a.decrypted.then_some("decrypted"),
            a.label.is_none().then_some("bare"),
            selected.then_some("selected"),
            marks
        );
        let marks_text: Vec<&str> = a.marks.iter().map(|m| crate::i18n::t(lc, words::mark_short(*m))).collect();
        // The accessible name is the words shown (WCAG 2.5.3); the table below says the frame, time and marks.
        html! {
            <g {class} data-frame={a.frame.to_string()} tabindex="0" role="button">
                <rect class="hit" x="0" y={format!("{:.1}", y - if room { STEP / 2.0 } else { 3.0 })} width={W.to_string()} height={if room { STEP } else { 6.0 }.to_string()} />
                if room {
                    <text class="frame-no" aria-hidden="true" x="8" y={format!("{:.1}", y + 4.0)}>{ a.frame }</text>
                    <text class="time" aria-hidden="true" x="48" y={format!("{:.1}", y + 4.0)}>{ format!("{:.3}", a.time) }</text>
                }
                <line x1={x1.to_string()} y1={format!("{y:.1}")} x2={x2.to_string()} y2={format!("{y:.1}")} />
                <polygon points={format!("{x2},{y:.1} {head},{:.1} {head},{:.1}", y - 5.0, y + 5.0)} />
                if room {
                    <text class="label" x={((CLIENT_X + SERVER_X) / 2.0).to_string()} y={format!("{:.1}", y - 5.0)} text-anchor="middle">{ label_of(a) }</text>
                }
                if room && !marks_text.is_empty() {
                    <text class="marks" aria-hidden="true" x={(SERVER_X + 14.0).to_string()} y={format!("{:.1}", y + 4.0)}>{ marks_text.join(", ") }</text>
                }
            </g>
        }
    });
    let brackets = d.brackets.iter().filter_map(|b| {
        let (y1, y2) = (y_of(b.first_frame).or(ys.first().copied())?, y_of(b.last_frame).or(ys.last().copied())?);
        if b.first_frame > d.arrows.last()?.frame || b.last_frame < d.arrows.first()?.frame {
            return None;
        }
        let x = W - 24.0;
        let name = explain::say_in(lc, &[b.kind.key()], &[]);
        let short = name.split(" [").next().unwrap_or("").to_string();
        let kind = format!("bracket-{}", b.kind.key().trim_start_matches("sequence.bracket."));
        Some(html! {
            <g class={classes!("bracket", kind)}>
                <title>{ name }</title>
                <path d={format!("M{} {:.1} H{x} V{:.1} H{}", x - 8.0, y1 - 8.0, y2 + 8.0, x - 8.0)} />
                <text x={(x + 6.0).to_string()} y={format!("{:.1}", (y1 + y2) / 2.0)} transform={format!("rotate(90 {} {:.1})", x + 6.0, (y1 + y2) / 2.0)} text-anchor="middle">{ short }</text>
            </g>
        })
    });
    let toggle = |scale: bool| {
        let to_scale = to_scale.clone();
        Callback::from(move |_: Event| to_scale.set(scale))
    };
    let last_shown = d.first + d.arrows.len() as u32;
    let next = {
        let first = first.clone();
        let n = last_shown as usize;
        Callback::from(move |_: MouseEvent| first.set(n))
    };
    let prev = {
        let first = first.clone();
        let n = (d.first as usize).saturating_sub(WINDOW);
        Callback::from(move |_: MouseEvent| first.set(n))
    };
    html! {
        <section id="sequence" class="sequence" aria-labelledby="sequence-title">
            <h4 id="sequence-title">{ crate::i18n::t(lc, words::TITLE) }
                <span class="sequence-count">{ format!(" · {}", crate::i18n::tf(lc, words::SHOWING, &[&(d.first + 1).to_string(), &last_shown.to_string(), &d.total.to_string()])) }</span></h4>
            <fieldset class="sequence-spacing">
                <legend>{ crate::i18n::t(lc, words::SPACING) }</legend>
                <label><input type="radio" name={format!("spacing-{}", d.stream)} id="spacing-even" checked={!*to_scale} onchange={toggle(false)} />{ crate::i18n::t(lc, words::EVEN) }</label>
                <label><input type="radio" name={format!("spacing-{}", d.stream)} id="spacing-scale" checked={*to_scale} onchange={toggle(true)} />{ crate::i18n::t(lc, words::SCALE) }</label>
            </fieldset>
            <div class="sequence-scroll">
                <svg class="sequence-svg" viewBox={format!("0 0 {W} {height:.0}")} width={W.to_string()} height={format!("{height:.0}")} role="group" aria-label={crate::i18n::t(lc, words::TITLE)} {onclick} {onkeydown}>
                    <text class="who" x={CLIENT_X.to_string()} y="16" text-anchor="middle">{ format!("{} {}", crate::i18n::t(lc, words::CLIENT), d.client) }</text>
                    <text class="who" x={SERVER_X.to_string()} y="16" text-anchor="middle">{ format!("{} {}", crate::i18n::t(lc, words::SERVER), d.server) }</text>
                    <line class="lifeline client" x1={CLIENT_X.to_string()} y1="24" x2={CLIENT_X.to_string()} y2={format!("{height:.0}")} />
                    <line class="lifeline server" x1={SERVER_X.to_string()} y1="24" x2={SERVER_X.to_string()} y2={format!("{height:.0}")} />
                    { for brackets }
                    { for arrows }
                </svg>
            </div>
            if d.first > 0 { <button class="button" onclick={prev}>{ crate::i18n::t(lc, words::PREVIOUS) }</button> }
            if last_shown < d.total { <button class="button" onclick={next}>{ crate::i18n::t(lc, words::NEXT) }</button> }
            <table class="sr-only" aria-label={crate::i18n::t(lc, words::TABLE)}>
                <thead><tr>
                    <th>{ crate::i18n::t(lc, words::COL_FRAME) }</th><th>{ crate::i18n::t(lc, words::COL_TIME) }</th><th>{ crate::i18n::t(lc, words::COL_WAY) }</th>
                    <th>{ crate::i18n::t(lc, words::COL_FLAGS) }</th><th>{ crate::i18n::t(lc, words::COL_LEN) }</th><th>{ crate::i18n::t(lc, words::COL_WHAT) }</th><th>{ crate::i18n::t(lc, words::COL_MARKS) }</th>
                </tr></thead>
                <tbody>
                    { for d.arrows.iter().map(|a| html! {
                        <tr data-frame={a.frame.to_string()}>
                            <td>{ a.frame }</td><td>{ format!("{:.6}", a.time) }</td>
                            <td>{ if a.from_client { crate::i18n::t(lc, words::TO_SERVER) } else { crate::i18n::t(lc, words::TO_CLIENT) } }</td>
                            <td>{ &a.flags }</td><td>{ a.payload }</td><td>{ a.label.clone().unwrap_or_default() }</td>
                            <td>{ a.marks.iter().map(|m| mark_title(*m, lc)).collect::<Vec<_>>().join("; ") }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
