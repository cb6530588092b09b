//! The worker: owns the analysis core and answers the page's requests.

fn main() {
    #[cfg(target_arch = "wasm32")]
    segwork_app::web::start_worker();
}
