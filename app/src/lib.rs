//! Segwork's browser workbench.
//!
//! The page and the worker are two binaries of this crate. The modules at the top level
//! are plain Rust (the wire protocol, settings, and the logic behind each view) and are
//! tested natively; everything that touches the DOM or a worker sits behind `web`, which
//! only exists on wasm32.

pub mod format;
pub mod histogram;
pub mod layers;
pub mod naming;
pub mod protocol;
pub mod selection;
pub mod settings;
pub mod suggest;
pub mod table;
#[cfg(test)]
mod testing;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(target_arch = "wasm32")]
pub mod web;
