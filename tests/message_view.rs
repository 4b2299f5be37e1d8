//! The message view rendered natively (Yew's server renderer): capture text
//! only ever appears escaped, the HTML part only inside the sandboxed iframe's
//! srcdoc attribute, and every part is listed.
#![cfg(not(target_arch = "wasm32"))]

use postscope_web::components::message_view::{MessageView, Props};
use postscope_web::state::Shared;
use std::rc::Rc;
use yew::Callback;

async fn render(fixture: &'static str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let bytes = std::fs::read(path).unwrap();
    yew::ServerRenderer::<MessageView>::with_props(move || Props {
        analysis: Shared(Rc::new(postscope_core::analyze(&bytes, Default::default()))),
        stream: 0,
        index: 0,
        on_select: Callback::noop(),
        on_close: Callback::noop(),
    })
    .render()
    .await
}

#[tokio::test]
async fn hostile_mail_renders_as_text_and_one_sandboxed_frame() {
    let html = render("smtp-hostile-html.pcap").await;
    for tag in ["<script", "<form", "<img src=\"http", "<img src=x", "<svg", "<link", "<meta", "<style"] {
        assert!(!html.contains(tag), "{tag} appears as markup");
    }
    assert_eq!(html.matches("<iframe").count(), 1, "one frame, for the HTML part");
    let frame = &html[html.find("<iframe").unwrap()..];
    let frame = &frame[..frame.find('>').unwrap()];
    assert!(frame.contains(" sandbox=\"\""), "the frame is sandboxed with no allowances: {}", &frame[..300.min(frame.len())]);
    // The subject's markup and escape character are text, the escape shown by name.
    assert!(html.contains("Your invoice &lt;script&gt;alert("), "{}", &html[..2000.min(html.len())]);
    assert!(html.contains("⟨ESC⟩[31mOVERDUE"));
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'), "no raw control or direction character");
    assert!(html.contains("invoice⟨U+202E⟩gnp.exe"));
}

#[tokio::test]
async fn a_multipart_message_lists_its_tree_and_parts() {
    let html = render("smtp-multipart-attachment.pcap").await;
    for part in
        ["message: multipart/mixed", "part 1: text/plain; charset=us-ascii", "part 2: text/plain · base64", "part 3: image/png · base64"]
    {
        assert!(html.contains(part), "{part} missing");
    }
    assert!(html.contains("multipart/mixed: parts meant to be read one after the other"));
    assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo"), "the picture is shown from its own bytes");
    assert!(html.contains("Save as .eml"));
}
