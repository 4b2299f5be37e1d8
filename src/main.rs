//! The browser entry point.
fn main() {
    // The remembered theme first, so the page is drawn in it from the start.
    postscope_web::components::theme::apply(&postscope_web::components::theme::stored());
    // The language too: <html lang> picks the Chinese font before anything is drawn.
    let locale = postscope_web::components::language::initial();
    postscope_web::components::language::apply(locale);
    postscope_web::pwa::register_service_worker();
    // Drawn once the language's explanations are here (fetched; at once in English).
    postscope_web::i18n::when_ready(locale, || {
        yew::Renderer::<postscope_web::app::App>::new().render();
    });
}
