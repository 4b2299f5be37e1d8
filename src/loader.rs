//! Reading a capture in the browser: the file is read slice by slice and each
//! slice goes to the core's chunked analyzer, yielding to the page between
//! slices so progress shows and the page stays alive on large files.

use postscope_core::{Analysis, Analyzer, Options};

/// Size of one slice read from the file.
pub const SLICE: u64 = 1024 * 1024;

/// Analyses bytes already in memory (a built-in sample).
pub fn analyse_bytes(bytes: &[u8]) -> Analysis {
    postscope_core::analyze(bytes, Options::default())
}

/// Analyses bytes already in memory with the user's choices ("decode as").
pub fn analyse_with(bytes: &[u8], options: Options) -> Analysis {
    postscope_core::analyze(bytes, options)
}

/// Reads a user's file in slices, reporting bytes read, and analyses it. No
/// slice is kept: "decode as" reads the file again.
#[cfg(target_arch = "wasm32")]
pub async fn analyse_file(file: web_sys::File, options: Options, progress: impl Fn(u64)) -> Result<Analysis, String> {
    let blob = gloo_file::Blob::from(file);
    let total = blob.size();
    let now = || web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
    let started = now();
    let mut busy = 0.0;
    let mut analyzer = Analyzer::new(options);
    let mut at = 0;
    while at < total {
        let end = (at + SLICE).min(total);
        let slice = blob.slice(at, end);
        let bytes = gloo_file::futures::read_as_bytes(&slice)
            .await
            .map_err(|e| format!("the browser could not read the file at byte {at}: {e}"))?;
        let t = now();
        analyzer.feed(&bytes);
        busy += now() - t;
        at = end;
        progress(at);
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    let t = now();
    let analysis = analyzer.finish();
    busy += now() - t;
    // For bench/wasm.mjs: how long the core itself took, apart from reading and rendering.
    if let Some(w) = web_sys::window() {
        let timings = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&timings, &"analysis_ms".into(), &busy.into());
        let _ = js_sys::Reflect::set(&timings, &"total_ms".into(), &(now() - started).into());
        let _ = js_sys::Reflect::set(&timings, &"bytes".into(), &(total as f64).into());
        let _ = js_sys::Reflect::set(&w, &"postscopeTimings".into(), &timings);
    }
    Ok(analysis)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn analyse_slices(bytes: &[u8]) -> Analysis {
    let mut analyzer = Analyzer::new(Options::default());
    for chunk in bytes.chunks(SLICE as usize) {
        analyzer.feed(chunk);
    }
    analyzer.finish()
}
