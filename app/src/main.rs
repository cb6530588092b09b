//! The page: mounts the workbench. Everything else lives in the library.

fn main() {
    #[cfg(target_arch = "wasm32")]
    segwork_app::web::start_page();
}
