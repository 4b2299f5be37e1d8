//! The page's side of the worker: starts it and sends it [`Request`]s;
//! answers come back as [`Response`]s to one callback.
//!
//! Served, the worker is `worker_loader.js` (Trunk's loader shim for the
//! `worker` binary: it loads worker.js and worker_bg.wasm). The single-file
//! `dist/postscope.html`, opened from file://, cannot start a worker from a
//! file: `scripts/offline.py` inlines the worker's glue and wasm in a blob:
//! URL it puts in `window.postscopeWorkerUrl`, and the same worker starts
//! from there.
//!
//! When no worker can be started (the constructor throws, the worker reports
//! an error before it says it listens, or it has not said so after
//! [`START_MS`]), the page runs the same [`Host`] itself, reading in small
//! slices with a yield to the event loop after each, and says so with a
//! [`Response::OnPage`]; the requests made so far go to it.

use crate::worker::host::{Host, Post, READY, UNREADABLE};
use crate::worker::protocol::{decode, encode, Request, Response};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

/// How long a worker may take to say it listens before the page reads itself.
pub const START_MS: u32 = 15_000;

enum Mode {
    /// Starting (`None`: none could be made): the requests wait for its READY.
    Starting(Option<web_sys::Worker>, Vec<(Request, Option<Payload>)>),
    Worker(web_sys::Worker),
    /// No worker: the page's own host.
    Page(Rc<Host>),
}

struct Inner {
    mode: RefCell<Mode>,
    on: Callback<Response>,
    /// The last `Open` sent to the worker, until it reports progress: if the
    /// worker cannot read its file at all, the page reads it instead.
    open: RefCell<Option<(Request, Option<Payload>)>>,
}

pub struct Client {
    inner: Rc<Inner>,
    _handlers: Vec<Closure<dyn Fn(web_sys::MessageEvent)>>,
    _on_error: Option<Closure<dyn Fn(web_sys::Event)>>,
}

/// Where the worker's script is: the single-file build's blob: URL, else the site's loader.
fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"postscopeWorkerUrl".into()).ok())
        .and_then(|u| u.as_string())
        .unwrap_or_else(|| "worker_loader.js".into())
}

/// What an `Open` reads.
#[derive(Clone)]
pub enum Payload {
    /// The user's File (the worker reads it in slices).
    Blob(web_sys::Blob),
    /// A sample's bytes, held by the page: posted as bytes, made a Blob on the
    /// side that reads them. (WebKit cannot read, in a worker, a Blob a page
    /// opened from file:// made from bytes: `NotReadableError` at byte 0.)
    Bytes(js_sys::Uint8Array),
}

impl Payload {
    /// As a Blob of the current context.
    fn blob(&self) -> Option<web_sys::Blob> {
        match self {
            Payload::Blob(b) => Some(b.clone()),
            Payload::Bytes(u) => web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(u)).ok(),
        }
    }
}

fn message(req: &Request, payload: Option<&Payload>) -> js_sys::Object {
    let m = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&m, &"request".into(), &JsValue::from_str(&encode(req)));
    match payload {
        Some(Payload::Blob(b)) => {
            let _ = js_sys::Reflect::set(&m, &"blob".into(), b);
        }
        Some(Payload::Bytes(u)) => {
            let _ = js_sys::Reflect::set(&m, &"bytes".into(), u);
        }
        None => {}
    }
    m
}

impl Inner {
    fn post(self: &Rc<Self>) -> Post {
        let on = self.on.clone();
        Rc::new(move |r: &Response| on.emit(r.clone()))
    }

    /// No worker: the page reads from now on, starting with what was asked.
    fn on_page(self: &Rc<Self>, reason: String) {
        let queued = match &mut *self.mode.borrow_mut() {
            Mode::Page(_) => return,
            Mode::Starting(w, q) => {
                if let Some(w) = w {
                    w.terminate();
                }
                std::mem::take(q)
            }
            Mode::Worker(_) => return, // it started: its own errors are not a failure to start
        };
        self.open.borrow_mut().take();
        let host = Rc::new(Host::on_page());
        *self.mode.borrow_mut() = Mode::Page(host.clone());
        self.on.emit(Response::OnPage { reason });
        for (req, payload) in queued {
            host.handle(req, payload.and_then(|p| p.blob()), self.post());
        }
    }

    /// Whether `job` is the `Open` that has not reported progress yet.
    fn opened(&self, job: crate::worker::protocol::JobId) -> bool {
        matches!(&*self.open.borrow(), Some((Request::Open { job: j, .. }, _)) if *j == job)
    }

    /// The worker cannot read files: from now on the page reads, starting again with that file.
    fn unreadable(self: &Rc<Self>, reason: String) {
        let open = self.open.borrow_mut().take();
        let old = std::mem::replace(&mut *self.mode.borrow_mut(), Mode::Page(Rc::new(Host::on_page())));
        if let Mode::Worker(w) = old {
            w.terminate();
        }
        self.on.emit(Response::OnPage { reason });
        if let (Some((req, payload)), Mode::Page(host)) = (open, &*self.mode.borrow()) {
            host.handle(req, payload.and_then(|p| p.blob()), self.post());
        }
    }

    fn ready(&self) {
        let mut mode = self.mode.borrow_mut();
        if let Mode::Starting(Some(w), q) = &mut *mode {
            for (req, payload) in q.drain(..) {
                let _ = w.post_message(&message(&req, payload.as_ref()));
            }
            *mode = Mode::Worker(w.clone());
        }
    }
}

impl Client {
    pub fn new(on: Callback<Response>) -> Client {
        let worker = web_sys::Worker::new(&worker_url());
        let Ok(worker) = worker else {
            let reason = format!("{:?}", worker.err().unwrap_or(JsValue::UNDEFINED));
            let inner = Rc::new(Inner { mode: RefCell::new(Mode::Starting(None, Vec::new())), on, open: RefCell::default() });
            inner.on_page(format!("this browser could not start a worker: {reason}"));
            return Client { inner, _handlers: Vec::new(), _on_error: None };
        };
        let inner = Rc::new(Inner { mode: RefCell::new(Mode::Starting(Some(worker.clone()), Vec::new())), on, open: RefCell::default() });
        let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new({
            let inner = inner.clone();
            move |e: web_sys::MessageEvent| {
                let Some(text) = e.data().as_string() else { return };
                if text == READY {
                    return inner.ready();
                }
                match decode::<Response>(&text) {
                    Ok(Response::Failed { job, message }) if message.starts_with(UNREADABLE) && inner.opened(job) => {
                        // The worker runs but cannot read the file: the page reads it (and every file after it).
                        inner.unreadable(format!("the worker could not read the file ({message})"));
                    }
                    Ok(r) => {
                        if matches!(r, Response::Progress { .. }) {
                            inner.open.borrow_mut().take();
                        }
                        inner.on.emit(r)
                    }
                    Err(message) => inner.on.emit(Response::Failed { job: 0, message }),
                }
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new({
            let inner = inner.clone();
            move |e: web_sys::Event| {
                let text = js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_else(|| e.type_());
                inner.on_page(format!("the worker failed to start: {text}"));
            }
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        {
            let inner = inner.clone();
            wasm_bindgen_futures::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(START_MS).await;
                inner.on_page(format!("the worker did not answer within {} s", START_MS / 1000));
            });
        }
        Client { inner, _handlers: vec![on_message], _on_error: Some(on_error) }
    }

    /// Sends a request, with the Blob an `Open` reads.
    pub fn send(&self, req: &Request, payload: Option<Payload>) {
        if matches!(req, Request::Open { .. }) && !matches!(&*self.inner.mode.borrow(), Mode::Page(_)) {
            *self.inner.open.borrow_mut() = Some((req.clone(), payload.clone()));
        }
        let host = match &mut *self.inner.mode.borrow_mut() {
            Mode::Starting(_, q) => return q.push((req.clone(), payload)),
            Mode::Worker(w) => {
                let _ = w.post_message(&message(req, payload.as_ref()));
                return;
            }
            Mode::Page(h) => h.clone(),
        };
        host.handle(req.clone(), payload.and_then(|p| p.blob()), self.inner.post());
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Mode::Worker(w) | Mode::Starting(Some(w), _) = &*self.inner.mode.borrow() {
            w.terminate();
        }
    }
}

/// A sample's bytes, to be read through the same path as a file.
pub fn bytes_of(bytes: &[u8]) -> Payload {
    Payload::Bytes(js_sys::Uint8Array::from(bytes))
}
