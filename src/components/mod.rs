//! One component per part of the page.
pub mod decode_as;
pub mod eavesdropper;
pub mod hexdump;
pub mod language;
pub mod layers;
pub mod message_view;
pub mod open_bar;
pub mod overview;
pub mod packets;
pub mod phases;
pub mod sequence;
pub mod side_by_side;
pub mod stream_list;
pub mod summary;
pub mod theme;
pub mod transcript;
