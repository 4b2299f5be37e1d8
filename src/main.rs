//! The browser entry point.
fn main() {
    yew::Renderer::<postscope_web::app::App>::new().render();
}
