//! The page: loading a capture (a sample, the file picker, or a drop) and the
//! views of its analysis.

use crate::components::{decode_as::DecodeAs, open_bar::OpenBar, stream_list::StreamList, summary::Summary, transcript::Transcript};
use crate::loader;
use crate::samples::{default_sample, Sample, SAMPLES};
use crate::state::{Action, Source, State};
use std::rc::Rc;
use yew::prelude::*;

fn load_sample(sample: &Sample, state: &UseReducerHandle<State>) {
    state.dispatch(Action::Loading(Source {
        name: sample.file.to_string(),
        size: sample.bytes.len() as u64,
        sample_title: Some(sample.title.to_string()),
    }));
    state.dispatch(Action::Loaded(Rc::new(loader::analyse_bytes(sample.bytes))));
    state.dispatch(Action::Bytes(Rc::new(sample.bytes.to_vec())));
}

#[cfg(target_arch = "wasm32")]
fn load_file(file: web_sys::File, state: UseReducerHandle<State>) {
    state.dispatch(Action::Loading(Source { name: file.name(), size: file.size() as u64, sample_title: None }));
    wasm_bindgen_futures::spawn_local(async move {
        let progress = {
            let state = state.clone();
            move |read| state.dispatch(Action::Progress(read))
        };
        match loader::analyse_file(file, progress).await {
            Ok((a, bytes)) => {
                state.dispatch(Action::Loaded(Rc::new(a)));
                state.dispatch(Action::Bytes(Rc::new(bytes)));
            }
            Err(msg) => state.dispatch(Action::Failed(msg)),
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn load_file(_file: web_sys::File, _state: UseReducerHandle<State>) {}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            if let Some(s) = default_sample() {
                load_sample(s, &state);
            }
        });
    }
    let on_file = {
        let state = state.clone();
        Callback::from(move |file: web_sys::File| load_file(file, state.clone()))
    };
    let on_sample = {
        let state = state.clone();
        Callback::from(move |i: usize| {
            if let Some(s) = SAMPLES.get(i) {
                load_sample(s, &state);
            }
        })
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |n: u32| state.dispatch(Action::Select(n)))
    };
    let on_decode_as = {
        let state = state.clone();
        Callback::from(move |(port, proto): (u16, Option<postscope_core::model::Protocol>)| {
            let Some(bytes) = state.bytes.clone() else { return };
            let mut options = state.options();
            options.decode_as.retain(|(p, _)| *p != port);
            if let Some(proto) = proto {
                options.decode_as.push((port, proto));
            }
            let a = loader::analyse_with(&bytes, options);
            state.dispatch(Action::DecodeAs(port, proto, Rc::new(a)));
        })
    };
    let current_sample = state.source.as_ref().and_then(|s| SAMPLES.iter().position(|x| s.sample_title.as_deref() == Some(x.title)));
    html! {
        <div class="app">
            <header class="top">
                <h1>{"Postscope"}</h1>
                <p class="tagline">{"How email really travels: drop a packet capture and read every SMTP, POP3 and IMAP line, explained. Nothing leaves this computer."}</p>
            </header>
            <OpenBar {on_file} {on_sample} current_sample={current_sample} />
            <Summary source={state.source.clone()} analysis={state.analysis.clone()} loading={state.loading} error={state.error.clone()} />
            if let Some(a) = state.analysis.clone() {
                if !a.streams.is_empty() {
                    <div class="panes">
                        <StreamList analysis={a.clone()} selected={state.selected} {on_select} />
                        if let Some(n) = state.selected {
                            <div class="stream-pane">
                                if let Some(s) = a.streams.iter().find(|s| s.stream == n) {
                                    <DecodeAs port={s.server.rsplit(':').next().and_then(|p| p.parse::<u16>().ok()).unwrap_or(0)}
                                        protocol={s.protocol} chosen={state.decode_as_for(s.server.rsplit(':').next().and_then(|p| p.parse::<u16>().ok()).unwrap_or(0))}
                                        recognised_by={s.recognised_by.clone()} on_change={on_decode_as.clone()} enabled={state.bytes.is_some()} />
                                }
                                <Transcript analysis={a.clone()} stream={n} />
                            </div>
                        }
                    </div>
                }
            }
        </div>
    }
}
