//! The page's side of the worker: starts it and sends it [`Request`]s;
//! answers come back as [`Response`]s to one callback.
//!
//! Served, the worker is `worker_loader.js` (Trunk's loader shim for the
//! `worker` binary: it loads worker.js and worker_bg.wasm). The single-file
//! `dist/postscope.html`, opened from file://, cannot start a worker from a
//! file: `scripts/offline.py` inlines the worker's glue and wasm in a blob:
//! URL it puts in `window.postscopeWorkerUrl`, and the same worker starts
//! from there. The page itself never analyses.

use crate::worker::host::READY;
use crate::worker::protocol::{decode, encode, Request, Response};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

pub struct Client {
    worker: Result<web_sys::Worker, String>,
    /// Requests made before the worker said it listens.
    queue: Rc<RefCell<Option<Vec<js_sys::Object>>>>,
    on: Callback<Response>,
    _on_message: Option<Closure<dyn Fn(web_sys::MessageEvent)>>,
}

/// Where the worker's script is: the single-file build's blob: URL, else the site's loader.
fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"postscopeWorkerUrl".into()).ok())
        .and_then(|u| u.as_string())
        .unwrap_or_else(|| "worker_loader.js".into())
}

impl Client {
    pub fn new(on: Callback<Response>) -> Client {
        let queue: Rc<RefCell<Option<Vec<js_sys::Object>>>> = Rc::new(RefCell::new(Some(Vec::new())));
        let worker = web_sys::Worker::new(&worker_url()).map_err(|e| format!("this browser could not start the analysis worker: {e:?}"));
        let on_message = worker.as_ref().ok().map(|worker| {
            let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new({
                let (queue, worker, on) = (queue.clone(), worker.clone(), on.clone());
                move |e: web_sys::MessageEvent| {
                    let Some(text) = e.data().as_string() else { return };
                    if text == READY {
                        for m in queue.borrow_mut().take().unwrap_or_default() {
                            let _ = worker.post_message(&m);
                        }
                        return;
                    }
                    match decode::<Response>(&text) {
                        Ok(r) => on.emit(r),
                        Err(message) => on.emit(Response::Failed { job: 0, message }),
                    }
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message
        });
        Client { worker, queue, on, _on_message: on_message }
    }

    /// Sends a request, with the Blob an `Open` reads.
    pub fn send(&self, req: &Request, blob: Option<&web_sys::Blob>) {
        let worker = match &self.worker {
            Ok(w) => w,
            Err(message) => {
                if let Request::Open { job, .. } = req {
                    self.on.emit(Response::Failed { job: *job, message: message.clone() });
                }
                return;
            }
        };
        let m = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&m, &"request".into(), &JsValue::from_str(&encode(req)));
        if let Some(b) = blob {
            let _ = js_sys::Reflect::set(&m, &"blob".into(), b);
        }
        match self.queue.borrow_mut().as_mut() {
            Some(q) => q.push(m),
            None => {
                let _ = worker.post_message(&m);
            }
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(w) = &self.worker {
            w.terminate();
        }
    }
}

/// A sample's bytes as a Blob, so it goes through the same path as a file.
pub fn blob_of(bytes: &[u8]) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::Blob::new_with_u8_array_sequence(&parts).ok()
}
