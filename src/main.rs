//! The browser entry point.
fn main() {
    // The remembered theme first, so the page is drawn in it from the start.
    postscope_web::components::theme::apply(&postscope_web::components::theme::stored());
    // The language too: <html lang> picks the Chinese font before anything is drawn.
    postscope_web::components::language::apply(postscope_web::components::language::initial());
    postscope_web::pwa::register_service_worker();
    yew::Renderer::<postscope_web::app::App>::new().render();
}
