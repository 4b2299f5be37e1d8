//! Postscope in the browser: a Yew app, a thin shell over postscope-core.
//!
//! `state` holds what the page shows (a reducer), `app` wires loading and
//! state together, and `components` has one file per part of the page. Text
//! that comes from a capture is only ever put in text nodes, never parsed as
//! markup.

pub mod app;
pub mod components;
pub mod fold;
pub mod frame_bytes;
pub mod i18n;
pub mod pwa;
pub mod samples;
pub mod save;
pub mod state;
pub mod worker;
