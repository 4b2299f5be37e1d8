//! The ladder of a conversation by dialogue phase: handshake, greeting,
//! capabilities, TLS, login, envelope, message, mailbox, goodbye. Each step
//! names its frames and jumps to them.

use crate::i18n::{tf, use_locale};
use crate::state::Shared;
use postscope_core::explain;
use postscope_core::model::Analysis;
use postscope_core::phases::phases;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    pub stream: u32,
    /// Called with the index of the first item of the phase chosen.
    pub on_jump: Callback<usize>,
}

#[function_component(PhaseBar)]
pub fn phase_bar(p: &Props) -> Html {
    let lc = use_locale();
    let Some(s) = p.analysis.streams.iter().find(|s| s.stream == p.stream) else {
        return html! {};
    };
    let list = phases(s);
    if list.len() < 2 {
        return html! {};
    }
    html! {
        <ol id="phases" class="phases" aria-label={crate::i18n::t(lc, "phases.label")}>
            { for list.iter().enumerate().map(|(n, ph)| {
                let key = ph.kind.key();
                let title = explain::say_in(lc, &[&format!("{key}.title")], &[]);
                let about = explain::say_in(lc, &[key], &[]);
                let frames = if ph.first_frame == ph.last_frame { tf(lc, "phases.frame", &[&ph.first_frame.to_string()]) } else { tf(lc, "phases.frames", &[&ph.first_frame.to_string(), &ph.last_frame.to_string()]) };
                let first = ph.first_item;
                let onclick = { let cb = p.on_jump.clone(); Callback::from(move |_: MouseEvent| cb.emit(first)) };
                html! {
                    <li class={classes!("phase", format!("phase-{}", key.trim_start_matches("phase.")))} title={about}>
                        <button {onclick}>
                            <span class="phase-n">{ n + 1 }</span>
                            <span class="phase-title">{ title }</span>
                            <span class="phase-frames">{ frames }</span>
                        </button>
                    </li>
                }
            }) }
        </ol>
    }
}
