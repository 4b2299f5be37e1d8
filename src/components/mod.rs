//! One component per part of the page.
pub mod decode_as;
pub mod iograph;
pub mod language;
pub mod message_view;
pub mod open_bar;
pub mod phases;
pub mod plots;
pub mod stream_list;
pub mod summary;
pub mod theme;
pub mod timeline;
pub mod timing;
pub mod transcript;
