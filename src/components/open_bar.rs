//! Opening a capture: the drop zone, the file picker and the built-in samples.

use crate::i18n::{t, tf, use_locale};
use crate::samples::SAMPLES;
use web_sys::{DragEvent, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_file: Callback<web_sys::File>,
    /// A TLS key log chosen or dropped (with the capture, or on its own).
    pub on_keylog: Callback<web_sys::File>,
    /// A capture and its key log dropped together: the key log is read first.
    pub on_file_with_keylog: Callback<(web_sys::File, web_sys::File)>,
    /// The name of the key log in use, if any.
    #[prop_or_default]
    pub keylog: Option<String>,
    pub on_sample: Callback<usize>,
    pub current_sample: Option<usize>,
}

#[function_component(OpenBar)]
pub fn open_bar(p: &Props) -> Html {
    let lc = use_locale();
    let dragging = use_state(|| false);
    let on_change = {
        let on_file = p.on_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                on_file.emit(f);
            }
            input.set_value("");
        })
    };
    let on_keys = {
        let on_keylog = p.on_keylog.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                on_keylog.emit(f);
            }
            input.set_value("");
        })
    };
    let on_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let (on_file, on_keylog, on_both) = (p.on_file.clone(), p.on_keylog.clone(), p.on_file_with_keylog.clone());
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            // A capture and its key log may be dropped together: the capture is then read with the keys.
            let files: Vec<web_sys::File> =
                e.data_transfer().and_then(|d| d.files()).map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default();
            let (keys, captures): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| is_keylog_name(&f.name()));
            match (keys.into_iter().next(), captures.into_iter().next()) {
                (Some(k), Some(f)) => on_both.emit((f, k)),
                (Some(k), None) => on_keylog.emit(k),
                (None, Some(f)) => on_file.emit(f),
                (None, None) => {}
            }
        })
    };
    let on_pick = {
        let on_sample = p.on_sample.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse::<usize>() {
                on_sample.emit(i);
            }
        })
    };
    html! {
        <section id="drop-zone" class={classes!("drop-zone", dragging.then_some("dragging"))}
            ondragenter={on_over.clone()} ondragover={on_over} ondragleave={on_leave} ondrop={on_drop}>
            <p class="drop-hint">{ t(lc, "open.drop") }
                <label class="button" for="file-input">{ t(lc, "open.file") }</label>
            </p>
            <input id="file-input" type="file" accept=".pcap,.pcapng,.cap,.gz" onchange={on_change} />
            <p class="keylog-hint">
                <label class="button" for="keylog-input">{ t(lc, "open.keylog") }</label>
                { match &p.keylog {
                    Some(name) => html! { <span class="keylog-in-use">{ tf(lc, "open.keylog.in_use", &[name]) }</span> },
                    None => html! { <span class="keylog-about">{ t(lc, "open.keylog.about") }</span> },
                } }
            </p>
            <input id="keylog-input" type="file" accept=".keys,.keylog,.log,.txt" onchange={on_keys} />
            if !SAMPLES.is_empty() {
                <p class="samples">
                    <label for="sample-select">{ t(lc, "open.samples") }</label>
                    <select id="sample-select" onchange={on_pick}>
                        if p.current_sample.is_none() {
                            <option value="" selected=true>{ t(lc, "open.samples.choose") }</option>
                        }
                        { for SAMPLES.iter().enumerate().map(|(i, s)| html! {
                            <option value={i.to_string()} selected={p.current_sample == Some(i)} title={s.summary_in(lc)}>{ s.title_in(lc) }</option>
                        }) }
                    </select>
                </p>
            }
        </section>
    }
}

/// A dropped file that is a key log rather than a capture, by its name.
fn is_keylog_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [".keys", ".keylog", ".log", ".txt"].iter().any(|e| n.ends_with(e))
}
