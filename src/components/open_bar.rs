//! Opening a capture: the drop zone, the file picker and the built-in samples.

use crate::samples::SAMPLES;
use web_sys::{DragEvent, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_file: Callback<web_sys::File>,
    pub on_sample: Callback<usize>,
    pub current_sample: Option<usize>,
}

#[function_component(OpenBar)]
pub fn open_bar(p: &Props) -> Html {
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
        let on_file = p.on_file.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(f) = e.data_transfer().and_then(|d| d.files()).and_then(|l| l.get(0)) {
                on_file.emit(f);
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
            <p class="drop-hint">{"Drop a capture here (.pcap, .pcapng, also gzip-compressed), or "}
                <label class="button" for="file-input">{"open a file…"}</label>
            </p>
            <input id="file-input" type="file" accept=".pcap,.pcapng,.cap,.gz" onchange={on_change} />
            if !SAMPLES.is_empty() {
                <p class="samples">
                    <label for="sample-select">{"Built-in samples: "}</label>
                    <select id="sample-select" onchange={on_pick}>
                        if p.current_sample.is_none() {
                            <option value="" selected=true>{"choose a sample…"}</option>
                        }
                        { for SAMPLES.iter().enumerate().map(|(i, s)| html! {
                            <option value={i.to_string()} selected={p.current_sample == Some(i)}>{ s.title }</option>
                        }) }
                    </select>
                </p>
            }
        </section>
    }
}
