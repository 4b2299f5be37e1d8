//! A pasted transcript: the text area beside "open a file", and the note
//! above a pasted conversation (what a transcript cannot show, how its
//! sides were found), from `postscope_core::paste`.

use crate::state::Shared;
use postscope_core::explain::plain;
use postscope_core::paste::{self, Pasted};
use yew::prelude::*;

/// The words of this component.
mod ui {
    pub const SUMMARY: &str = "or paste a terminal transcript…";
    pub const LABEL: &str = "What the terminal showed (telnet, openssl s_client, swaks, curl -v, Follow TCP Stream):";
    pub const PLACEHOLDER: &str = "220 mail.example.org ESMTP\nEHLO me.example.org\n250-mail.example.org\n…";
    pub const BUTTON: &str = "Explain the transcript";
    pub const HEADING: &str = "About this transcript";
}

#[derive(Properties, PartialEq)]
pub struct AreaProps {
    /// The text pasted, when the user asks for it to be explained.
    pub on_paste: Callback<String>,
}

#[function_component(PasteArea)]
pub fn paste_area(p: &AreaProps) -> Html {
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
            <summary>{ ui::SUMMARY }</summary>
            <label for="paste-input">{ ui::LABEL }</label>
            <textarea id="paste-input" ref={area} rows="10" spellcheck="false" placeholder={ui::PLACEHOLDER}></textarea>
            <button id="paste-explain" type="button" {onclick}>{ ui::BUTTON }</button>
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
    html! {
        <section id="paste-note" class="paste-note" aria-labelledby="paste-note-title">
            <h3 id="paste-note-title">{ ui::HEADING }</h3>
            <p>{ plain(&paste::limits(&p.pasted)) }</p>
        </section>
    }
}
