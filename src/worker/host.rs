//! The worker's message loop: a posted Blob (the user's File, or a sample) is
//! read in slices here, with `Blob.slice` and `arrayBuffer()`, and fed to a
//! [`Job`]; between slices the loop awaits, so a `Cancel` (or a new `Open`)
//! is heard. A conversation whose items were let go is read again from the
//! same Blob when the page opens it ([`Plan`]).

use crate::worker::engine::{Engine, Job, Plan};
use crate::worker::protocol::{decode, encode, JobId, Request, Response};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Bytes read from the Blob at a time.
pub const SLICE: f64 = 2.0 * 1024.0 * 1024.0;

/// Where answers go: `postMessage` in the worker, a callback on the page.
pub type Post = Rc<dyn Fn(&Response)>;

/// Bytes read at a time when the page itself reads (no worker could start):
/// small, so each slice's analysis is a short task and the page keeps answering.
pub const PAGE_SLICE: f64 = 128.0 * 1024.0;

pub struct Host {
    /// Bytes read from the Blob at a time.
    slice: f64,
    /// Reading on the page: give the browser its thread back after each slice.
    on_page: bool,
    engine: RefCell<Engine>,
    /// The job being read; an older one stops at its next slice.
    current: Cell<JobId>,
    /// A job the user asked to stop.
    cancelled: Cell<Option<JobId>>,
    /// The Blob of the analysis held, read again when a conversation is opened.
    blob: RefCell<Option<(JobId, web_sys::Blob)>>,
    /// The last conversation asked for: an older one still being read again is not answered.
    asked: Cell<u64>,
}

impl Default for Host {
    fn default() -> Host {
        Host {
            slice: SLICE,
            on_page: false,
            engine: RefCell::default(),
            current: Cell::default(),
            cancelled: Cell::default(),
            blob: RefCell::default(),
            asked: Cell::default(),
        }
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

impl Host {
    /// The host the page runs itself when no worker could be started.
    pub fn on_page() -> Host {
        Host { slice: PAGE_SLICE, on_page: true, ..Host::default() }
    }

    /// Handles one request; `blob` is what came with an `Open`.
    pub fn handle(self: &Rc<Self>, req: Request, blob: Option<web_sys::Blob>, post: Post) {
        match req {
            Request::Open { job, total, choices, again } => {
                self.current.set(job);
                let Some(blob) = blob else {
                    return post(&Response::Failed { job, message: "no file came with the request".into() });
                };
                let host = self.clone();
                // On the page (no worker could read the file) every item is kept, as it always was.
                let job = Job::new(job, total, &choices, !self.on_page);
                wasm_bindgen_futures::spawn_local(async move { host.read(job, blob, total, again, post).await });
            }
            Request::Cancel { job } => self.cancelled.set(Some(job)),
            other => {
                if matches!(other, Request::Stream { .. }) {
                    self.asked.set(self.asked.get() + 1);
                }
                let engine = self.engine.borrow();
                if let Some(r) = engine.answer(&other) {
                    return post(&r);
                }
                let Some(plan) = engine.plan(&other) else { return };
                let blob = self.blob.borrow().as_ref().filter(|(j, _)| *j == plan.job).map(|(_, b)| b.clone());
                let Some(blob) = blob else { return };
                let host = self.clone();
                wasm_bindgen_futures::spawn_local(async move { host.read_again(plan, blob, post).await });
            }
        }
    }

    /// Opens a conversation whose items were let go: its frames are read
    /// again from `blob`, piece by piece, and analysed alone.
    async fn read_again(self: Rc<Self>, mut plan: Plan, blob: web_sys::Blob, post: Post) {
        let ticket = self.asked.get();
        for (start, end) in plan.reads.clone() {
            if self.asked.get() != ticket || self.engine.borrow().job() != Some(plan.job) {
                return; // another conversation was asked for, or another capture opened
            }
            let read = match blob.slice_with_f64_and_f64(start as f64, end as f64) {
                Ok(slice) => JsFuture::from(slice.array_buffer()).await.map(|buf| js_sys::Uint8Array::new(&buf).to_vec()),
                Err(e) => Err(e),
            };
            let fed = match read {
                Ok(bytes) => plan.feed(start, &bytes),
                Err(e) => Err(format!("the browser could not read the file again at byte {start}: {e:?}")),
            };
            if let Err(message) = fed {
                return post(&Response::Failed { job: plan.job, message });
            }
        }
        if self.asked.get() != ticket || self.engine.borrow().job() != Some(plan.job) {
            return;
        }
        post(&plan.finish());
    }

    /// Reads `blob` into `job`; `again`: the capture on screen read again
    /// (a "decode as" choice, a key log), whose analysis is kept till the end.
    async fn read(self: Rc<Self>, mut job: Job, blob: web_sys::Blob, total: u64, again: bool, post: Post) {
        let id = job.job;
        let total = total as f64;
        let mut at = 0.0;
        let mut stopped = false;
        while at < total {
            if self.current.get() != id {
                return; // a newer job took over
            }
            if self.cancelled.get() == Some(id) {
                stopped = true;
                break;
            }
            let end = (at + self.slice).min(total);
            let bytes = match blob.slice_with_f64_and_f64(at, end) {
                Ok(slice) => match JsFuture::from(slice.array_buffer()).await {
                    Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
                    Err(e) => {
                        let message = if at == 0.0 {
                            format!("{UNREADABLE}: {e:?}")
                        } else {
                            format!("the browser could not read the file at byte {at}: {e:?}")
                        };
                        return post(&Response::Failed { job: id, message });
                    }
                },
                Err(e) => {
                    return post(&Response::Failed {
                        job: id,
                        message: format!("the browser could not slice the file at byte {at}: {e:?}"),
                    })
                }
            };
            if self.current.get() != id {
                return;
            }
            for r in job.feed(&bytes, now) {
                post(&r);
            }
            if !again && job.frames() > 0 {
                // A new capture: the last analysis is let go before the new one grows (a file
                // that is no capture has no frames, and the one before stays for the way back).
                self.engine.borrow_mut().let_go_before(id);
            }
            at = end;
            if self.on_page {
                // A task of its own for the next slice: the page draws and hears clicks in between.
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
        }
        let (done, ready) = job.finish(stopped, now);
        self.cancelled.set(None);
        if self.current.get() == id {
            self.engine.borrow_mut().finished(id, done);
            if self.engine.borrow().job() == Some(id) {
                *self.blob.borrow_mut() = Some((id, blob));
            }
            post(&ready);
        }
    }
}

/// The worker binary's entry point: answer the page's messages.
pub fn run_in_worker() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let host = Rc::new(Host::default());
    let post: Post = {
        let scope = scope.clone();
        Rc::new(move |r: &Response| {
            let _ = scope.post_message(&JsValue::from_str(&encode(r)));
        })
    };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new({
        let post = post.clone();
        move |e: web_sys::MessageEvent| {
            let data = e.data();
            let text = js_sys::Reflect::get(&data, &"request".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
            // A File or Blob as posted; a sample's bytes made a Blob here, where it is read.
            let blob = js_sys::Reflect::get(&data, &"blob".into()).ok().and_then(|b| b.dyn_into::<web_sys::Blob>().ok()).or_else(|| {
                let bytes = js_sys::Reflect::get(&data, &"bytes".into()).ok()?.dyn_into::<js_sys::Uint8Array>().ok()?;
                web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&bytes)).ok()
            });
            match decode::<Request>(&text) {
                Ok(req) => host.handle(req, blob, post.clone()),
                Err(message) => post(&Response::Failed { job: 0, message }),
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this handler existed would be lost: the page waits for this.
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// How a failure to read the very first slice begins: the page's client then
/// reads the file itself (WebKit's worker, in a page opened from file://,
/// cannot read the File the page posts: `NotReadableError`).
pub const UNREADABLE: &str = "the browser could not read the file at byte 0";

/// What the worker says once it listens.
pub const READY: &str = "ready";
