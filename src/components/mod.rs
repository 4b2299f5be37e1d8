//! One component per part of the page.
pub mod decode_as;
pub mod message_view;
pub mod open_bar;
pub mod phases;
pub mod stream_list;
pub mod summary;
pub mod theme;
pub mod transcript;
pub mod window;
