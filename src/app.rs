//! The page: loading a capture (a sample, the file picker, or a drop) and the
//! views of its analysis.

use crate::components::{
    decode_as::DecodeAs,
    eavesdropper::Eavesdropper,
    glossary::Glossary,
    language::LanguageSwitch,
    message_view::{stream_messages, MessageView},
    open_bar::OpenBar,
    overview::Overview,
    packets::Packets,
    paste::{PasteArea, PasteNote},
    plots::{CapturePlots, StreamPlots},
    present::Presenter,
    quiz::Quiz,
    sequence::SequenceDiagram,
    side_by_side::SideBySide,
    stream_list::StreamList,
    summary::Summary,
    theme::ThemeSwitch,
    tour::TourHost,
    transcript::Transcript,
};
use crate::i18n::{t, Locale};
use crate::loader;
use crate::samples::{default_sample, Sample, SAMPLES};
use crate::state::{Action, Data, Source, State};
use std::rc::Rc;
use yew::prelude::*;

fn load_sample(sample: &Sample, state: &UseReducerHandle<State>) {
    state.dispatch(Action::Loading(Source {
        name: sample.file.to_string(),
        size: sample.bytes.len() as u64,
        sample_title: Some(sample.title.to_string()),
    }));
    let options = postscope_core::Options { keylog: state.keylog.as_ref().map(|k| k.log.clone()), ..Default::default() };
    let options = crate::samples::sample_options(sample.bytes, options);
    state.dispatch(Action::Loaded(Rc::new(loader::analyse_with(sample.bytes, options))));
    state.dispatch(Action::Data(Data::Sample(sample.bytes)));
}

/// Reads a pasted transcript into a conversation of its own (`postscope_core::paste`).
fn load_paste(text: &str, state: &UseReducerHandle<State>, lc: Locale) {
    let pasted = postscope_core::paste::read(text);
    let name = crate::i18n::tf(lc, "paste.name", &[pasted.tool.name()]);
    state.dispatch(Action::Loading(Source { name, size: text.len() as u64, sample_title: None }));
    state.dispatch(Action::Loaded(Rc::new(postscope_core::paste::analysis(&pasted))));
    state.dispatch(Action::Pasted(Rc::new(pasted)));
}

#[cfg(target_arch = "wasm32")]
fn load_file(file: web_sys::File, state: UseReducerHandle<State>, lc: Locale) {
    load_file_with(file, None, state, lc)
}

/// Reads a key log (when one came with the capture) and then the capture with it.
#[cfg(target_arch = "wasm32")]
fn load_file_with(file: web_sys::File, keys: Option<web_sys::File>, state: UseReducerHandle<State>, lc: Locale) {
    // A key log given earlier applies to the new capture too; "decode as" choices do not.
    let mut options = postscope_core::Options { keylog: state.keylog.as_ref().map(|k| k.log.clone()), ..Default::default() };
    state.dispatch(Action::Loading(Source { name: file.name(), size: file.size() as u64, sample_title: None }));
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(k) = keys {
            match read_keylog(k, lc).await {
                Ok(keylog) => {
                    options.keylog = Some(keylog.log.clone());
                    state.dispatch(Action::KeyLog(keylog, None));
                }
                Err(msg) => return state.dispatch(Action::Failed(msg)),
            }
        }
        let progress = {
            let state = state.clone();
            move |read| state.dispatch(Action::Progress(read))
        };
        match loader::analyse_file(file.clone(), options, progress).await {
            Ok(a) => {
                state.dispatch(Action::Loaded(Rc::new(a)));
                state.dispatch(Action::Data(Data::File(file)));
            }
            Err(msg) => state.dispatch(Action::Failed(msg)),
        }
    });
}

/// A deep link: `#sample=N&stream=S&frame=F`, every part optional.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Link {
    pub sample: Option<usize>,
    pub stream: Option<u32>,
    pub frame: Option<u32>,
}

impl Link {
    pub fn parse(hash: &str) -> Link {
        let mut link = Link::default();
        for part in hash.trim_start_matches('#').split('&') {
            match part.split_once('=') {
                Some(("sample", v)) => link.sample = v.parse().ok(),
                Some(("stream", v)) => link.stream = v.parse().ok(),
                Some(("frame", v)) => link.frame = v.parse().ok(),
                _ => {}
            }
        }
        link
    }

    pub fn to_hash(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.sample {
            parts.push(format!("sample={n}"));
        }
        if let Some(s) = self.stream {
            parts.push(format!("stream={s}"));
        }
        if let Some(f) = self.frame {
            parts.push(format!("frame={f}"));
        }
        format!("#{}", parts.join("&"))
    }
}

fn current_hash() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    String::new()
}

/// Puts a link to what is on screen in the address bar, without reloading.
fn set_hash(link: &Link) {
    #[cfg(target_arch = "wasm32")]
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link.to_hash()));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = link;
}

#[cfg(not(target_arch = "wasm32"))]
fn load_file(_file: web_sys::File, _state: UseReducerHandle<State>, _lc: Locale) {}

/// Reads a key log the user gave and analyses the capture on screen again with it.
#[cfg(target_arch = "wasm32")]
fn load_keylog(file: web_sys::File, state: UseReducerHandle<State>, lc: Locale) {
    wasm_bindgen_futures::spawn_local(async move {
        let keylog = match read_keylog(file, lc).await {
            Ok(k) => k,
            Err(msg) => return state.dispatch(Action::Failed(msg)),
        };
        let mut options = state.options();
        options.keylog = Some(keylog.log.clone());
        let analysis = match state.data.clone() {
            Some(Data::Sample(bytes)) => Some(Rc::new(loader::analyse_with(bytes, options))),
            Some(Data::File(file)) => {
                state.dispatch(Action::Rereading);
                match loader::analyse_file(file, options, |_| {}).await {
                    Ok(a) => Some(Rc::new(a)),
                    Err(msg) => return state.dispatch(Action::Failed(crate::i18n::tf(lc, "error.reread_keylog", &[&msg]))),
                }
            }
            None => None,
        };
        state.dispatch(Action::KeyLog(keylog, analysis));
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn load_keylog(_file: web_sys::File, _state: UseReducerHandle<State>, _lc: Locale) {}

/// A key log file, read and parsed (never sent anywhere).
#[cfg(target_arch = "wasm32")]
async fn read_keylog(file: web_sys::File, lc: Locale) -> Result<crate::state::KeyLogFile, String> {
    let name = file.name();
    let bytes = gloo_file::futures::read_as_bytes(&gloo_file::Blob::from(file))
        .await
        .map_err(|e| crate::i18n::tf(lc, "error.keylog_unreadable", &[&name, &e.to_string()]))?;
    Ok(crate::state::KeyLogFile { name, log: std::sync::Arc::new(postscope_core::decrypt::KeyLog::parse(&bytes)) })
}

#[cfg(not(target_arch = "wasm32"))]
fn load_file_with(_file: web_sys::File, _keys: Option<web_sys::File>, _state: UseReducerHandle<State>, _lc: Locale) {}

/// The server's port of a conversation.
fn server_port(s: &postscope_core::model::Stream) -> u16 {
    s.server.port()
}

/// Analyses the capture on screen again with new "decode as" choices: a
/// sample at once, a file by reading it again.
fn reanalyse(
    data: Data,
    options: postscope_core::Options,
    port: u16,
    proto: Option<postscope_core::model::Protocol>,
    state: UseReducerHandle<State>,
    lc: Locale,
) {
    match data {
        Data::Sample(bytes) => {
            let options = crate::samples::sample_options(bytes, options);
            state.dispatch(Action::DecodeAs(port, proto, Rc::new(loader::analyse_with(bytes, options))))
        }
        #[cfg(target_arch = "wasm32")]
        Data::File(file) => {
            state.dispatch(Action::Rereading);
            wasm_bindgen_futures::spawn_local(async move {
                match loader::analyse_file(file.clone(), options, |_| {}).await {
                    Ok(a) => state.dispatch(Action::DecodeAs(port, proto, Rc::new(a))),
                    Err(msg) => state.dispatch(Action::Failed(crate::i18n::tf(lc, "error.reread_decode_as", &[&msg, &port.to_string()]))),
                }
            });
        }
        #[cfg(not(target_arch = "wasm32"))]
        Data::File(_) => {
            let _ = lc;
        }
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let locale = use_state(crate::components::language::initial);
    let on_language = {
        let locale = locale.clone();
        Callback::from(move |l: Locale| locale.set(l))
    };
    let lc = *locale;
    let range = use_state(|| None::<(u64, u64)>);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            // Open what the link asks for (a teacher's slide), else the first sample.
            let link = Link::parse(&current_hash());
            if let Some(s) = link.sample.and_then(|n| SAMPLES.get(n)).or_else(default_sample) {
                load_sample(s, &state);
                if let Some(n) = link.stream {
                    state.dispatch(Action::Select(n));
                }
                if let Some(f) = link.frame {
                    state.dispatch(Action::Focus(f));
                }
            }
        });
    }
    let on_file = {
        let state = state.clone();
        Callback::from(move |file: web_sys::File| load_file(file, state.clone(), lc))
    };
    let on_keylog = {
        let state = state.clone();
        Callback::from(move |file: web_sys::File| load_keylog(file, state.clone(), lc))
    };
    let on_file_with_keylog = {
        let state = state.clone();
        Callback::from(move |(file, keys): (web_sys::File, web_sys::File)| load_file_with(file, Some(keys), state.clone(), lc))
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
    // Where the message view is: beside the transcript on a wide screen, after
    // the line that opened it on a narrow one, or closed (the transcript full width).
    let place = use_state(MessagePlace::initial);
    let on_message = {
        let state = state.clone();
        Callback::from(move |n: usize| state.dispatch(Action::SelectMessage(n)))
    };
    let on_open_message = {
        let (state, place) = (state.clone(), place.clone());
        Callback::from(move |n: usize| {
            state.dispatch(Action::SelectMessage(n));
            place.set(if narrow() { MessagePlace::Inline } else { MessagePlace::Side });
        })
    };
    let on_close_message = {
        let place = place.clone();
        Callback::from(move |_: ()| place.set(MessagePlace::Closed))
    };
    // The opening controls: in full before a capture is open, then one row (re-openable).
    let opening_open = use_state(|| false);
    let loaded = state.analysis.is_some();
    let on_back = {
        let state = state.clone();
        Callback::from(move |_: ()| state.dispatch(Action::Back))
    };
    let back = state.previous.as_ref().and_then(|p| p.source.as_ref()).map(|s| s.sample_title.clone().unwrap_or_else(|| s.name.clone()));
    let on_decode_as = {
        let state = state.clone();
        Callback::from(move |(port, proto): (u16, Option<postscope_core::model::Protocol>)| {
            let Some(data) = state.data.clone() else {
                return;
            };
            let mut options = state.options();
            options.decode_as.retain(|(p, _)| *p != port);
            if let Some(proto) = proto {
                options.decode_as.push((port, proto));
            }
            reanalyse(data, options, port, proto, state.clone(), lc);
        })
    };
    let on_paste = {
        let state = state.clone();
        Callback::from(move |text: String| load_paste(&text, &state, lc))
    };
    let current_sample = state.source.as_ref().and_then(|s| SAMPLES.iter().position(|x| s.sample_title.as_deref() == Some(x.title)));
    let on_focus = {
        let state = state.clone();
        Callback::from(move |f: u32| {
            set_hash(&Link { sample: current_sample, stream: state.selected, frame: Some(f) });
            state.dispatch(Action::Focus(f));
        })
    };
    let on_goto = {
        let state = state.clone();
        Callback::from(move |(stream, frame): (u32, u32)| {
            state.dispatch(Action::Select(stream));
            state.dispatch(Action::Focus(frame));
        })
    };
    let pasted = state.pasted.is_some();
    let compact = loaded && !*opening_open;
    let toggle_opening = {
        let opening_open = opening_open.clone();
        Callback::from(move |_: MouseEvent| opening_open.set(!*opening_open))
    };
    html! {
        <ContextProvider<Locale> context={lc}>
        <main class={classes!("app", loaded.then_some("loaded"))}>
            <header class="top">
                <h1>{"Postscope"}</h1>
                <LanguageSwitch locale={lc} on_change={on_language} />
                <ThemeSwitch />
                <p class="tagline">{ t(lc, "app.tagline") }</p>
            </header>
            <div id="opening" class={classes!("opening", compact.then_some("compact"))}>
                <OpenBar {on_file} {on_keylog} {on_file_with_keylog} {on_sample} current_sample={current_sample} keylog={state.keylog.as_ref().map(|k| k.name.clone())} />
                <PasteArea {on_paste} />
                if loaded {
                    <button id="opening-toggle" class="opening-toggle" title={t(lc, if compact { "opening.more" } else { "opening.less" })} aria-label={t(lc, if compact { "opening.more" } else { "opening.less" })} aria-expanded={(!compact).to_string()} aria-controls="drop-zone" onclick={toggle_opening}>
                        { if compact { "⋯" } else { "▴" } }
                    </button>
                }
            </div>
            <Summary source={state.source.clone()} analysis={state.analysis.clone()} loading={state.loading} error={state.error.clone()} {back} {on_back} />
            if let Some(p) = state.pasted.clone() { <PasteNote pasted={p} /> }
            if let Some(a) = state.analysis.clone() {
                if !a.streams.is_empty() {
                    if !pasted {
                    <Overview analysis={a.clone()} />
                    }
                    <StreamList analysis={a.clone()} selected={state.selected} on_select={on_select.clone()} range={*range} />
                    if let Some(n) = state.selected {
                        // The message view beside the transcript only while it is open there.
                        <div class={classes!("panes", if stream_messages(&a, n).is_empty() { "no-messages" } else if *place == MessagePlace::Side { "with-messages" } else { "messages-closed" })}>
                            <div class="stream-pane">
                                <div class="stream-tools">
                                    if let Some(s) = a.streams.iter().find(|s| s.stream == n) {
                                        // Keyed by the error too: a choice whose re-reading failed is drawn again as it really is.
                                        <DecodeAs key={format!("{}-{}", server_port(s), state.error.is_some())} port={server_port(s)}
                                            protocol={s.protocol} chosen={state.decode_as_for(server_port(s))}
                                            recognised_by={s.recognised_by.render(lc)} on_change={on_decode_as.clone()} enabled={state.data.is_some()} busy={state.rereading} />
                                    }
                                    <Presenter analysis={a.clone()} stream={n} />
                                    <Quiz analysis={a.clone()} stream={n} />
                                </div>
                                <Transcript analysis={a.clone()} stream={n} focus={state.focus} on_focus={on_focus.clone()} on_message={on_open_message.clone()}
                                    inline_message={(*place == MessagePlace::Inline).then_some(state.message)} on_pick_message={on_message.clone()} on_close_message={on_close_message.clone()}
                                    on_line={{ let state = state.clone(); Callback::from(move |l: u32| state.dispatch(Action::PickLine(l))) }} />
                                if !pasted { <SequenceDiagram analysis={a.clone()} stream={n} focus={state.focus} on_focus={on_focus.clone()} /> }
                                <SideBySide analysis={a.clone()} stream={n} focus={state.focus} on_focus={on_focus.clone()} />
                                if !pasted { <StreamPlots key={n} analysis={a.clone()} stream={n} on_focus={on_focus.clone()} /> }
                            </div>
                            if stream_messages(&a, n).is_empty() || *place == MessagePlace::Side {
                                <MessageView analysis={a.clone()} stream={n} index={state.message} on_select={on_message} on_close={on_close_message} />
                            }
                        </div>
                        if !pasted { <Packets analysis={a.clone()} data={state.data.clone()} stream={n} line={state.picked_line} /> }
                    }
                    <Eavesdropper analysis={a.clone()} {on_goto} />
                    if !pasted {
                        <CapturePlots analysis={a.clone()} selected={state.selected} {on_select} range={*range} on_range={{ let r = range.clone(); Callback::from(move |v| r.set(v)) }} />
                    }
                }
            }
            // A pasted transcript has no tour, no time, no packets and no addresses: the views
            // that show only those stay away (the note above says what a transcript cannot show).
            if !pasted { <TourHost state={state.clone()} /> }
            <Glossary />
        </main>
        </ContextProvider<Locale>>
    }
}

/// Where the message view is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessagePlace {
    /// Beside the transcript (a wide screen).
    Side,
    /// Right after the transcript's card of the message (a phone).
    Inline,
    /// Closed: the transcript takes the whole width.
    Closed,
}

impl MessagePlace {
    /// Beside the transcript where there is room for both (1200 px and more), else closed until a message is asked for.
    fn initial() -> MessagePlace {
        if width() >= 1200.0 {
            MessagePlace::Side
        } else {
            MessagePlace::Closed
        }
    }
}

/// The window's width in CSS pixels (wide where there is no window).
fn width() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).unwrap_or(1400.0)
    }
    #[cfg(not(target_arch = "wasm32"))]
    1400.0
}

/// A phone's width: the message view goes after the line that opened it.
fn narrow() -> bool {
    width() < 760.0
}
