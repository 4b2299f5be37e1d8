//! Installable and offline: the service worker (`sw.js`, written by
//! `scripts/site.py` with the list of built files and a version tied to the
//! build) is registered when the page is served over http(s). Opened from
//! file:// (the single-file `postscope.html`) nothing is registered.

/// Registers `sw.js` (relative, so the site works under any sub-path).
pub fn register_service_worker() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsValue;
        let Some(w) = web_sys::window() else {
            return;
        };
        let protocol = w.location().protocol().unwrap_or_default();
        let navigator = w.navigator();
        let has = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
        if !(protocol == "http:" || protocol == "https:") || !has || !w.is_secure_context() {
            return;
        }
        let _ = navigator.service_worker().register("sw.js");
    }
}
