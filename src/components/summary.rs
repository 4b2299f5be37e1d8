//! What the file is, how far loading got, and everything wrong with it.

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
}

fn where_(n: &postscope_core::model::Note) -> String {
    match (n.frame, n.offset) {
        (Some(f), Some(o)) => format!("frame {f}, byte {o}: "),
        (Some(f), None) => format!("frame {f}: "),
        (None, Some(o)) => format!("byte {o}: "),
        (None, None) => String::new(),
    }
}

#[function_component(Summary)]
pub fn summary(p: &Props) -> Html {
    let Some(source) = &p.source else {
        return html! {};
    };
    if let Some((read, total)) = p.loading {
        let pct = (read * 100).checked_div(total).unwrap_or(100);
        let (frames, streams) = p.counts;
        let cancel = p.on_cancel.reform(|_: MouseEvent| ());
        return html! {
            <section id="capture-summary" class="summary loading">
                <p id="load-progress" aria-live="polite">{ format!("Reading {} … {pct}% ({read} of {total} bytes) · {frames} frames · {streams} conversation{} found", source.name, if streams == 1 { "" } else { "s" }) }</p>
                <progress max="100" value={pct.to_string()}></progress>
                <button id="cancel-load" class="button" onclick={cancel}>{"Stop reading"}</button>
            </section>
        };
    }
    if let Some(err) = &p.error {
        return html! {
            <section id="capture-summary" class="summary">
                <p id="capture-error" class="error">{ format!("Postscope could not read {}: {err}", source.name) }</p>
            </section>
        };
    }
    let Some(a) = &p.analysis else {
        return html! {};
    };
    let c = &a.capture;
    let unreadable = c.format == "unknown";
    let title = source.sample_title.clone().map(|t| format!("Sample: {t}")).unwrap_or_else(|| source.name.clone());
    html! {
        <section id="capture-summary" class="summary">
            <h2>{ title }</h2>
            if unreadable {
                <p id="capture-error" class="error">
                    { format!("Postscope could not read {}: {}", source.name, c.warnings.first().map(|w| w.message.as_str()).unwrap_or("it is not a capture")) }
                </p>
            } else {
                <p class="facts">
                    { format!("{}{} file, {} bytes · {} frames · link type {} · {} TCP conversation{}",
                        c.format, if c.gzip { " (gzip)" } else { "" }, source.size, c.packets,
                        if c.link_types.is_empty() { "none".to_string() } else { c.link_types.join(", ") },
                        a.streams.len(), if a.streams.len() == 1 { "" } else { "s" }) }
                </p>
                if let Some((at, total)) = p.stopped {
                    <p id="capture-stopped" class="note">{ format!("Reading stopped at byte {at} of {total}: what was read before is analysed and shown; the rest of the file was not read.") }</p>
                }
                if !c.warnings.is_empty() {
                    <ul id="capture-warnings" class="warnings">
                        { for c.warnings.iter().map(|w| html! { <li>{ format!("{}{}", where_(w), w.message) }</li> }) }
                    </ul>
                }
                if !c.comments.is_empty() {
                    <ul class="comments">
                        { for c.comments.iter().map(|w| html! { <li>{ format!("Comment in the file, {}{}", where_(w), w.message) }</li> }) }
                    </ul>
                }
                if a.streams.is_empty() {
                    <p class="empty">{"This capture holds no TCP conversation, so there is no mail to explain."}</p>
                }
            }
        </section>
    }
}
