//! What the file is, how far loading got, and everything wrong with it.

use crate::i18n::{count, t, tf, use_locale, Locale};
use crate::state::Shared;
use crate::state::Source;
use postscope_core::model::Analysis;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub source: Option<Source>,
    pub analysis: Option<Shared<Analysis>>,
    pub loading: Option<(u64, u64)>,
    pub error: Option<String>,
    /// Frames and conversations read so far (while loading) or in all.
    #[prop_or_default]
    pub counts: (u32, usize),
    /// The user stopped the reading: bytes read, bytes of the file.
    #[prop_or_default]
    pub stopped: Option<(u64, u64)>,
    /// Stops the reading (what was read so far is shown).
    #[prop_or_default]
    pub on_cancel: Callback<()>,
    /// No analysis worker could be started (why): the page reads the capture itself.
    #[prop_or_default]
    pub on_page: Option<String>,
    /// The name of what was open before, when an error page can go back to it.
    #[prop_or_default]
    pub back: Option<String>,
    #[prop_or_default]
    pub on_back: Callback<()>,
}

/// The error page's way back to the capture that was open before.
fn back_button(p: &Props, lc: Locale) -> Html {
    let Some(name) = &p.back else { return html! {} };
    let on_back = p.on_back.clone();
    html! {
        <p class="way-back">
            <button id="error-back" class="button" onclick={Callback::from(move |_: MouseEvent| on_back.emit(()))}>{ tf(lc, "summary.back", &[name]) }</button>
        </p>
    }
}

fn where_(n: &postscope_core::overview::NoteLine, lc: Locale) -> String {
    // A frame that could not be read is named by its note's own words ("frame 4 was passed over: ...").
    let frame = n.frame.filter(|_| !n.message.has("note.frame"));
    match (frame, n.offset) {
        (Some(f), Some(o)) => tf(lc, "note.frame_byte", &[&f.to_string(), &o.to_string()]),
        (Some(f), None) => tf(lc, "note.frame", &[&f.to_string()]),
        (None, Some(o)) => tf(lc, "note.byte", &[&o.to_string()]),
        (None, None) => String::new(),
    }
}

#[function_component(Summary)]
pub fn summary(p: &Props) -> Html {
    let lc = use_locale();
    let Some(source) = &p.source else {
        return html! {};
    };
    if let Some((read, total)) = p.loading {
        let pct = (read * 100).checked_div(total).unwrap_or(100);
        let (frames, streams) = p.counts;
        let cancel = p.on_cancel.reform(|_: MouseEvent| ());
        return html! {
            <section id="capture-summary" class="summary loading">
                <p id="load-progress" aria-live="polite">{ tf(lc, "summary.reading", &[&source.name, &pct.to_string(), &read.to_string(), &total.to_string()]) }
                    { " · " }{ count(lc, "summary.frames_read", frames as usize) }{ " · " }{ count(lc, "summary.found", streams) }</p>
                <progress max="100" value={pct.to_string()}></progress>
                if let Some(why) = &p.on_page {
                    <p id="on-page" class="note">{ tf(lc, "summary.on_page", &[why]) }</p>
                }
                <button id="cancel-load" class="button" onclick={cancel}>{ t(lc, "summary.stop") }</button>
            </section>
        };
    }
    if let Some(err) = &p.error {
        return html! {
            <section id="capture-summary" class="summary">
                <p id="capture-error" class="error">{ tf(lc, "summary.error", &[&source.name, err]) }</p>
                { back_button(p, lc) }
            </section>
        };
    }
    let Some(a) = &p.analysis else {
        return html! {};
    };
    let c = &a.capture;
    let unreadable = c.format == "unknown";
    let title = source
        .sample_title
        .clone()
        .map(|s| tf(lc, "summary.sample", &[&crate::samples::title_in(lc, &s)]))
        .unwrap_or_else(|| source.name.clone());
    html! {
        <section id="capture-summary" class="summary">
            <h2>{ title }</h2>
            if unreadable {
                <p id="capture-error" class="error">
                    { tf(lc, "summary.error", &[&source.name, &c.warnings.first().map(|w| w.say(lc)).unwrap_or_else(|| t(lc, "summary.not_a_capture").to_string())]) }
                </p>
                { back_button(p, lc) }
            } else {
                if c.format != "transcript" { <p class="facts">
                    { tf(lc, "summary.facts", &[&c.format, if c.gzip { " (gzip)" } else { "" }, &source.size.to_string(), &c.packets.to_string(),
                        &if c.link_types.is_empty() { t(lc, "summary.none").to_string() } else { c.link_types.join(", ") },
                        &count(lc, "summary.conversations", a.streams.len())]) }
                </p> }
                if let Some((at, total)) = p.stopped {
                    <p id="capture-stopped" class="note">{ tf(lc, "summary.stopped", &[&at.to_string(), &total.to_string()]) }</p>
                }
                // The capture's notes, grouped by kind (damage, gaps, link types, key log lines, comments).
                { for postscope_core::overview::notes_by_kind(c).iter().map(|g| html! {
                    <section class={classes!("note-group", if g.problem { "warnings" } else { "comments" })} data-kind={g.kind.clone()}>
                        <h3>{ format!("{} ({})", g.title.fragment(lc), g.notes.len()) }</h3>
                        <ul>{ for g.notes.iter().map(|n| html! { <li>{ format!("{}{}", where_(n, lc), n.say(lc)) }</li> }) }</ul>
                    </section>
                }) }
                if a.streams.is_empty() {
                    <p class="empty">{ t(lc, "summary.no_tcp") }</p>
                }
            }
        </section>
    }
}
