//! A pasted transcript: the text area beside "open a file", and the note
//! above a pasted conversation (what a transcript cannot show, how its
//! sides were found), from `postscope_core::paste`.

use crate::state::Shared;
use postscope_core::explain::{render, Context};
use postscope_core::paste::{self, Pasted};
use yew::prelude::*;

/// The words of this component.
mod ui {
    pub const SUMMARY: &str = "paste.summary";
    pub const LABEL: &str = "paste.label";
    // A sample of what a terminal shows (protocol text, the same in every language).
    pub const PLACEHOLDER: &str = "220 mail.example.org ESMTP\nEHLO me.example.org\n250-mail.example.org\n…";
    pub const BUTTON: &str = "paste.button";
    pub const HEADING: &str = "paste.heading";
}

#[derive(Properties, PartialEq)]
pub struct AreaProps {
    /// The text pasted, when the user asks for it to be explained.
    pub on_paste: Callback<String>,
}

#[function_component(PasteArea)]
pub fn paste_area(p: &AreaProps) -> Html {
    let lc = crate::i18n::use_locale();
    let area = use_node_ref();
    let onclick = {
        let (area, on_paste) = (area.clone(), p.on_paste.clone());
        Callback::from(move |_: MouseEvent| {
            // The text area's value (read through the DOM property: web-sys' HtmlTextAreaElement is not among the features built).
            let text =
                area.get().and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok()).and_then(|v| v.as_string()).unwrap_or_default();
            if !text.trim().is_empty() {
                on_paste.emit(text);
            }
        })
    };
    html! {
        <details id="paste" class="paste">
            <summary>{ crate::i18n::t(lc, ui::SUMMARY) }</summary>
            <label for="paste-input">{ crate::i18n::t(lc, ui::LABEL) }</label>
            <textarea id="paste-input" ref={area} rows="10" spellcheck="false" placeholder={ui::PLACEHOLDER}></textarea>
            <button id="paste-explain" type="button" {onclick}>{ crate::i18n::t(lc, ui::BUTTON) }</button>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct NoteProps {
    pub pasted: Shared<Pasted>,
}

/// What a transcript cannot show, and how its sides were told apart.
#[function_component(PasteNote)]
pub fn paste_note(p: &NoteProps) -> Html {
    let lc = crate::i18n::use_locale();
    html! {
        <section id="paste-note" class="paste-note" aria-labelledby="paste-note-title">
            <h3 id="paste-note-title">{ crate::i18n::t(lc, ui::HEADING) }</h3>
            <p>{ render(&paste::limits(&p.pasted), &Context::default(), lc) }</p>
        </section>
    }
}
