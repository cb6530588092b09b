//! Everything that needs a browser: the page (Leptos views, charts, the worker handle)
//! and the worker's message loop. Only built for wasm32.

mod app;
mod charts;
mod client;
mod components;
mod download;
mod embedded;
mod js;
mod session;
mod state;
mod timing;
mod views;
mod worker;

/// The bundled sample, served from the page's own origin.
pub const SAMPLE_FILE: &str = "sample.xlsx";

/// Entry point of the page binary.
pub fn start_page() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("segwork page panicked: {info}").into());
    }));
    leptos::mount::mount_to_body(app::App);
}

/// Entry point of the worker binary.
pub fn start_worker() {
    worker::start();
}
