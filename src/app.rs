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
use crate::i18n::{t, tf, Locale};
use crate::samples::{default_sample, Sample, SAMPLES};
use crate::state::{Action, Data, Purpose, Source, State};
use crate::worker::protocol::{Choices, JobId, Request};
use std::rc::Rc;
use yew::prelude::*;

/// The page's connection to the analysis worker (`crate::worker::client`),
/// made once; every capture, sample or file, is read through it.
///
/// The worker is started with the first file the user opens: the built-in
/// samples (a few KB) are analysed on the page, so the first load is the
/// page's own wasm only and the worker's is fetched when a file needs it.
#[derive(Clone, Default)]
pub struct Conn(Rc<std::cell::RefCell<Option<Rc<WorkerClient>>>>, Rc<std::cell::RefCell<Option<UseReducerHandle<State>>>>);

#[cfg(target_arch = "wasm32")]
type WorkerClient = crate::worker::client::Client;
#[cfg(not(target_arch = "wasm32"))]
type WorkerClient = ();

impl PartialEq for Conn {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Conn {
    /// Where the worker's answers go (the page's reducer), once it is started.
    fn start(&self, state: &UseReducerHandle<State>) {
        *self.1.borrow_mut() = Some(state.clone());
    }

    /// Starts the worker, if it is not running yet.
    #[cfg(target_arch = "wasm32")]
    fn client(&self) -> Option<Rc<WorkerClient>> {
        if self.0.borrow().is_none() {
            self.spawn();
        }
        self.0.borrow().clone()
    }

    #[cfg(target_arch = "wasm32")]
    fn spawn(&self) {
        if let Some(state) = self.1.borrow().clone() {
            let client = crate::worker::client::Client::new(Callback::from(move |r: crate::worker::protocol::Response| {
                if let crate::worker::protocol::Response::Ready { overview, .. } = &r {
                    timings(overview);
                }
                state.dispatch(Action::Worker(r))
            }));
            *self.0.borrow_mut() = Some(Rc::new(client));
        }
    }

    fn send(&self, req: &Request, data: Option<&Data>) {
        // Only a file's reading starts the worker; a query needs the worker that read it.
        #[cfg(target_arch = "wasm32")]
        if let Some(c) = if matches!(req, Request::Open { .. }) { self.client() } else { self.0.borrow().clone() } {
            let payload = match data {
                Some(Data::Sample(bytes)) => Some(crate::worker::client::bytes_of(bytes)),
                Some(Data::File(f)) => Some(crate::worker::client::Payload::Blob(web_sys::Blob::from(f.clone()))),
                None => None,
            };
            c.send(req, payload);
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (req, data);
    }
}

/// For bench/wasm.mjs: how long the worker's core took, and on how many bytes.
#[cfg(target_arch = "wasm32")]
fn timings(o: &crate::worker::protocol::Overview) {
    if let Some(w) = web_sys::window() {
        let t = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&t, &"analysis_ms".into(), &o.analysis_ms.into());
        let _ = js_sys::Reflect::set(&t, &"bytes".into(), &(o.progress.bytes as f64).into());
        let _ = js_sys::Reflect::set(&t, &"worker_wasm".into(), &(o.wasm_memory as f64).into());
        let _ = js_sys::Reflect::set(&t, &"page_wasm".into(), &(crate::worker::engine::wasm_memory() as f64).into());
        let _ = js_sys::Reflect::set(&w, &"postscopeTimings".into(), &t);
    }
}

/// Each reading of a capture is a new job of the worker.
fn next_job() -> JobId {
    thread_local!(static JOB: std::cell::Cell<JobId> = const { std::cell::Cell::new(0) });
    JOB.with(|j| {
        j.set(j.get() + 1);
        j.get()
    })
}

fn data_size(data: &Data) -> u64 {
    match data {
        Data::Sample(b) => b.len() as u64,
        #[cfg(target_arch = "wasm32")]
        Data::File(f) => f.size() as u64,
        #[cfg(not(target_arch = "wasm32"))]
        Data::File(_) => 0,
    }
}

/// Asks the worker to read a capture: a new one (`source` given), or the one
/// on screen again with other choices (`again`).
fn read(conn: &Conn, state: &UseReducerHandle<State>, data: Data, source: Option<Source>, choices: Choices, purpose: Purpose) {
    let job = next_job();
    let again = source.is_none();
    match source {
        Some(src) => {
            state.dispatch(Action::Loading(src));
            state.dispatch(Action::Data(data.clone()));
        }
        None => state.dispatch(Action::Rereading),
    }
    state.dispatch(Action::Started(job, purpose));
    conn.send(&Request::Open { job, total: data_size(&data), choices, again }, Some(&data));
}

/// A built-in sample (a few KB) is analysed on the page at once, as a pasted
/// transcript is: no worker is needed for it (see [`Conn`]).
fn load_sample(sample: &'static Sample, conn: &Conn, state: &UseReducerHandle<State>) {
    let source = Source { name: sample.file.to_string(), size: sample.bytes.len() as u64, sample_title: Some(sample.title.to_string()) };
    // A file still being read in the worker is let go.
    if state.loading.is_some() && state.job != 0 {
        conn.send(&Request::Cancel { job: state.job }, None);
    }
    state.dispatch(Action::Loading(source));
    // A key log given earlier applies to the new capture too; "decode as" choices do not.
    let options = postscope_core::Options { keylog: state.keylog.as_ref().map(|k| k.log.clone()), ..Default::default() };
    state.dispatch(Action::Loaded(Rc::new(analyse_sample(sample.bytes, options))));
    state.dispatch(Action::Data(Data::Sample(sample.bytes)));
}

/// A sample analysed on the page, with its own key log if it has one.
fn analyse_sample(bytes: &'static [u8], options: postscope_core::Options) -> postscope_core::Analysis {
    postscope_core::analyze(bytes, crate::samples::sample_options(bytes, options))
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
fn load_file(file: web_sys::File, conn: Conn, state: UseReducerHandle<State>, lc: Locale) {
    load_file_with(file, None, conn, state, lc)
}

/// Reads a key log (when one came with the capture) and then the capture with it.
#[cfg(target_arch = "wasm32")]
fn load_file_with(file: web_sys::File, keys: Option<web_sys::File>, conn: Conn, state: UseReducerHandle<State>, lc: Locale) {
    let source = Source { name: file.name(), size: file.size() as u64, sample_title: None };
    let mut choices = Choices { keylog: state.keylog.as_ref().map(|k| k.bytes.to_vec()), ..Choices::default() };
    let Some(k) = keys else {
        return read(&conn, &state, Data::File(file), Some(source), choices, Purpose::Load);
    };
    state.dispatch(Action::Loading(source.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        match read_keylog(k, lc).await {
            Ok(keylog) => {
                choices.keylog = Some(keylog.bytes.to_vec());
                state.dispatch(Action::KeyLog(keylog, None));
                read(&conn, &state, Data::File(file), Some(source), choices, Purpose::Load);
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
fn load_file(_file: web_sys::File, _conn: Conn, _state: UseReducerHandle<State>, _lc: Locale) {}

/// Reads a key log the user gave and has the capture on screen read again with it.
#[cfg(target_arch = "wasm32")]
fn load_keylog(file: web_sys::File, conn: Conn, state: UseReducerHandle<State>, lc: Locale) {
    wasm_bindgen_futures::spawn_local(async move {
        let keylog = match read_keylog(file, lc).await {
            Ok(k) => k,
            Err(msg) => return state.dispatch(Action::Failed(msg)),
        };
        match state.data.clone() {
            Some(Data::Sample(bytes)) => {
                let options = postscope_core::Options { keylog: Some(keylog.log.clone()), ..state.options() };
                let a = Rc::new(analyse_sample(bytes, options));
                state.dispatch(Action::KeyLog(keylog, Some(a)));
            }
            Some(data) => {
                let choices = Choices { keylog: Some(keylog.bytes.to_vec()), ..state.choices() };
                read(&conn, &state, data, None, choices, Purpose::KeyLog(keylog));
            }
            None => state.dispatch(Action::KeyLog(keylog, None)),
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn load_keylog(_file: web_sys::File, _conn: Conn, _state: UseReducerHandle<State>, _lc: Locale) {}

/// A key log file, read and parsed (never sent anywhere but to the page's own worker).
#[cfg(target_arch = "wasm32")]
async fn read_keylog(file: web_sys::File, lc: Locale) -> Result<crate::state::KeyLogFile, String> {
    let name = file.name();
    let bytes = gloo_file::futures::read_as_bytes(&gloo_file::Blob::from(file))
        .await
        .map_err(|e| tf(lc, "error.keylog_unreadable", &[&name, &e.to_string()]))?;
    Ok(crate::state::KeyLogFile { name, log: std::sync::Arc::new(postscope_core::decrypt::KeyLog::parse(&bytes)), bytes: bytes.into() })
}

#[cfg(not(target_arch = "wasm32"))]
fn load_file_with(_file: web_sys::File, _keys: Option<web_sys::File>, _conn: Conn, _state: UseReducerHandle<State>, _lc: Locale) {}

/// The server's port of a conversation.
fn server_port(s: &postscope_core::model::Stream) -> u16 {
    s.server.port()
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let conn = use_memo((), |_| Conn::default());
    let locale = use_state(crate::components::language::initial);
    let on_language = {
        let locale = locale.clone();
        Callback::from(move |l: Locale| locale.set(l))
    };
    let lc = *locale;
    {
        let state = state.clone();
        use_effect_with(lc, move |lc| state.dispatch(Action::Locale(*lc)));
    }
    let range = use_state(|| None::<(u64, u64)>);
    {
        let (state, conn) = (state.clone(), (*conn).clone());
        use_effect_with((), move |_| {
            conn.start(&state);
            // Open what the link asks for (a teacher's slide), else the first sample.
            let link = Link::parse(&current_hash());
            if let Some(s) = link.sample.and_then(|n| SAMPLES.get(n)).or_else(default_sample) {
                load_sample(s, &conn, &state);
                if let Some(n) = link.stream {
                    state.dispatch(Action::Select(n));
                }
                if let Some(f) = link.frame {
                    state.dispatch(Action::Focus(f));
                }
            }
        });
    }
    // The selected conversation's items are asked of the worker when it is opened.
    {
        let conn = (*conn).clone();
        let want = state.selected.filter(|_| state.analysis.is_some() && !state.selected_ready());
        use_effect_with((state.shown_job, want), move |(job, want)| {
            if let Some(stream) = *want {
                conn.send(&Request::Stream { job: *job, stream }, None);
            }
        });
    }
    // The views of the whole capture each ask the worker for their data once its analysis is on screen.
    {
        let conn = (*conn).clone();
        let job = (state.analysis.is_some() && !state.local).then_some(state.shown_job);
        use_effect_with(job, move |job| {
            if let Some(job) = *job {
                for req in [
                    Request::Paragraph { job },
                    Request::Timeline { job },
                    Request::IoGraph { job, interval: None },
                    Request::Eavesdropper { job, from: 0, count: crate::components::eavesdropper::PAGE },
                ] {
                    conn.send(&req, None);
                }
            }
        });
    }
    let on_interval = {
        let (state, conn) = (state.clone(), (*conn).clone());
        Callback::from(move |interval: Option<u64>| {
            if !state.local {
                conn.send(&Request::IoGraph { job: state.shown_job, interval }, None);
            }
            state.dispatch(Action::IoGraphInterval(interval));
        })
    };
    // The eavesdropper panel's next page (its conversations from `from`).
    let on_more_overheard = {
        let (state, conn) = (state.clone(), (*conn).clone());
        Callback::from(move |from: usize| {
            if !state.local {
                conn.send(&Request::Eavesdropper { job: state.shown_job, from, count: crate::components::eavesdropper::PAGE }, None);
            }
        })
    };
    let on_need_frames = {
        let (state, conn) = (state.clone(), (*conn).clone());
        Callback::from(move |_: ()| {
            if !state.local {
                conn.send(&Request::Frames { job: state.shown_job }, None);
            }
        })
    };
    let on_file = {
        let (state, conn) = (state.clone(), (*conn).clone());
        Callback::from(move |file: web_sys::File| load_file(file, conn.clone(), state.clone(), lc))
    };
    let on_keylog = {
        let (state, conn) = (state.clone(), (*conn).clone());
        Callback::from(move |file: web_sys::File| load_keylog(file, conn.clone(), state.clone(), lc))
    };
    let on_file_with_keylog = {
        let (state, conn) = (state.clone(), (*conn).clone());
        Callback::from(move |(file, keys): (web_sys::File, web_sys::File)| {
            load_file_with(file, Some(keys), conn.clone(), state.clone(), lc)
        })
    };
    let on_sample = {
        let (state, conn) = (state.clone(), (*conn).clone());
        Callback::from(move |i: usize| {
            if let Some(s) = SAMPLES.get(i) {
                load_sample(s, &conn, &state);
            }
        })
    };
    let on_cancel = {
        let (state, conn) = (state.clone(), (*conn).clone());
        Callback::from(move |_: ()| {
            conn.send(&Request::Cancel { job: state.job }, None);
            state.dispatch(Action::Cancelled);
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
        let (state, conn) = (state.clone(), (*conn).clone());
        Callback::from(move |(port, proto): (u16, Option<postscope_core::model::Protocol>)| {
            let Some(data) = state.data.clone() else {
                return;
            };
            let mut choices = state.choices();
            choices.decode_as.retain(|(p, _)| *p != port);
            if let Some(proto) = proto {
                choices.decode_as.push((port, proto));
            }
            if let Data::Sample(bytes) = data {
                // A sample: analysed again on the page, at once.
                let options =
                    postscope_core::Options { decode_as: choices.decode_as.clone(), keylog: state.keylog.as_ref().map(|k| k.log.clone()) };
                return state.dispatch(Action::DecodeAs(port, proto, Rc::new(analyse_sample(bytes, options))));
            }
            read(&conn, &state, data, None, choices, Purpose::DecodeAs(port, proto));
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
            <Summary source={state.source.clone()} analysis={state.analysis.clone()} loading={state.loading} error={state.error.clone()}
                counts={state.counts} stopped={state.stopped} {on_cancel} on_page={state.on_page.clone()} {back} {on_back} />
            if let Some(p) = state.pasted.clone() { <PasteNote pasted={p} /> }
            if let (Some(found), None) = (state.found.clone(), state.analysis.as_ref()) {
                // Conversations as they are found, while the capture is read.
                <StreamList analysis={found} selected={None::<u32>} on_select={Callback::noop()} />
            }
            if let Some(a) = state.analysis.clone() {
                if !a.streams.is_empty() {
                    if !pasted {
                    <Overview paragraph={state.views.paragraph.clone()} />
                    }
                    <StreamList analysis={a.clone()} happened={state.happened.clone()} selected={state.selected} on_select={on_select.clone()} range={*range} />
                    if let (Some(n), false) = (state.selected, state.selected_ready()) {
                        <p id="stream-loading" class="muted" aria-live="polite">{ tf(lc, "stream.loading", &[&n.to_string()]) }</p>
                    }
                    if let (Some(n), true) = (state.selected, state.selected_ready()) {
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
                        if !pasted {
                            <Packets analysis={a.clone()} data={state.data.clone()} stream={n} line={state.picked_line}
                                all_frames={state.views.frames.clone()} on_need_all={on_need_frames.clone()} />
                        }
                    }
                    <Eavesdropper eavesdropper={state.views.eavesdropper.clone()} total={state.views.eavesdropper_total} on_more={on_more_overheard} {on_goto} />
                    if !pasted {
                        <CapturePlots timeline={state.views.timeline.clone()} io_graph={state.views.io_graph.clone()} {on_interval}
                            selected={state.selected} {on_select} range={*range} on_range={{ let r = range.clone(); Callback::from(move |v| r.set(v)) }} />
                    }
                }
            }
            // A pasted transcript has no tour, no time, no packets and no addresses: the views
            // that show only those stay away (the note above says what a transcript cannot show).
            if !pasted { <TourHost state={state.clone()} {on_need_frames} /> }
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
