//! The message view's reading of a message (what the app and `--extract`
//! show and save), on any bytes: no panic, no hang, and what it promises
//! about capture text holds: names shown with nothing hidden, saved file
//! names that cannot leave their folder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postscope_core::message::inspect::{has_hidden, image_data_url, inspect, sandbox_document, visible, wire_text};
use postscope_core::message::names::safe_file_name;

fuzz_target!(|data: &[u8]| {
    let i = inspect(data);
    for h in &i.headers {
        for text in [Some(&h.raw), h.decoded.as_ref()].into_iter().flatten() {
            assert!(!has_hidden(&visible(text)), "{text:?}");
        }
    }
    for hop in &i.received {
        assert!(!hop.explain.is_empty());
    }
    for p in &i.parts {
        let _ = wire_text(&p.wire);
        let _ = image_data_url(&p.content_type, &p.data);
        if let Some(t) = &p.text {
            let doc = sandbox_document(t);
            assert!(doc.starts_with("<!DOCTYPE html><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\""));
        }
        if let Some(name) = &p.filename {
            assert!(!has_hidden(&visible(name)));
            let safe = safe_file_name(name, "part");
            assert!(!safe.is_empty() && !safe.contains(['/', '\\']) && !safe.contains(".."), "{name:?} -> {safe:?}");
            assert!(!safe.starts_with('.') && !safe.ends_with('.') && !safe.ends_with(' '), "{name:?} -> {safe:?}");
        }
    }
});
