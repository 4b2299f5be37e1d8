//! Saving bytes from the analysis (a message as .eml, a decoded part) as a
//! download: a Blob, an object URL, a click on a detached link, and the URL
//! revoked shortly after. Nothing leaves the computer.

use postscope_core::message::names::safe_file_name;

/// Offers `bytes` for download as `name` (made safe) with MIME type `mime`.
#[cfg(target_arch = "wasm32")]
pub fn save(name: &str, mime: &str, bytes: &[u8]) {
    use wasm_bindgen::JsCast;
    let name = safe_file_name(name, "postscope-download");
    let run = || -> Option<()> {
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::of1(&array);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = web_sys::window()?.document()?;
        let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(&name);
        a.click();
        // The download has started from the URL; free it a little later.
        gloo_timers::callback::Timeout::new(10_000, move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        })
        .forget();
        Some(())
    };
    let _ = run();
}

/// Native builds (tests) have no browser to save with.
#[cfg(not(target_arch = "wasm32"))]
pub fn save(name: &str, _mime: &str, _bytes: &[u8]) {
    let _ = safe_file_name(name, "postscope-download");
}
