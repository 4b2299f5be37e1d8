//! One component per part of the page.
pub mod decode_as;
pub mod density;
pub mod eavesdropper;
pub mod glossary;
pub mod hexdump;
pub mod iograph;
pub mod language;
pub mod layers;
pub mod message_view;
pub mod open_bar;
pub mod overview;
pub mod packets;
pub mod paste;
pub mod phases;
pub mod plots;
pub mod present;
pub mod quiz;
pub mod sequence;
pub mod side_by_side;
pub mod stream_list;
pub mod summary;
pub mod theme;
pub mod timeline;
pub mod timing;
pub mod tour;
pub mod transcript;
pub mod window;

/// How the page names one end of a conversation that has no address: a
/// pasted transcript (`postscope_core::paste` gives its sides 0.0.0.0, which
/// no TCP peer has on the wire) is only "client" and "server"; `None` for
/// an end with an address, which is shown as it is.
pub fn no_address(lc: crate::i18n::Locale, a: &std::net::SocketAddr, client: bool) -> Option<&'static str> {
    a.ip().is_unspecified().then(|| crate::i18n::t(lc, if client { "side.client" } else { "side.server" }))
}

/// [`no_address`] for an address the core gave as text (`"0.0.0.0:25"`).
pub fn no_address_text(lc: crate::i18n::Locale, a: &str, client: bool) -> Option<&'static str> {
    a.parse::<std::net::SocketAddr>().ok().and_then(|a| no_address(lc, &a, client))
}
