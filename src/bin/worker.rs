//! The analysis worker (Trunk: `data-bin="worker" data-type="worker"`, built
//! as worker.js and worker_bg.wasm): reads captures and answers the page.
fn main() {
    #[cfg(target_arch = "wasm32")]
    postscope_web::worker::host::run_in_worker();
}
