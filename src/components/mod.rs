//! One component per part of the page.
pub mod decode_as;
pub mod glossary;
pub mod message_view;
pub mod open_bar;
pub mod paste;
pub mod phases;
pub mod present;
pub mod quiz;
pub mod stream_list;
pub mod summary;
pub mod theme;
pub mod tour;
pub mod transcript;
