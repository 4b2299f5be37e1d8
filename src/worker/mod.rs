//! The analysis runs in a Web Worker, off the page's thread.
//!
//! - `protocol.rs`: what the page and the worker say to each other, one
//!   [`protocol::Request`] / [`protocol::Response`] pair; a new view's query is
//!   one `Request` variant, one `Response` variant and one match arm in
//!   [`engine::Engine::answer`].
//! - `engine.rs`: the worker's side without the browser (natively tested): a
//!   [`engine::Job`] feeds slices of the capture to the core and says how far
//!   it got; the [`engine::Engine`] keeps the finished analysis and answers
//!   the page's queries from it.
//! - `host.rs` (wasm): the worker's message loop, reading the posted File or
//!   Blob in slices inside the worker.
//! - `client.rs` (wasm): the page's side: starts the worker (served:
//!   `worker_loader.js`; the single-file `postscope.html` opened from
//!   file://: a blob: URL holding the worker's glue and wasm) and talks to it.

pub mod engine;
pub mod protocol;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod host;
