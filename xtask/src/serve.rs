//! `cargo xtask serve`: the app, built in release mode, on a local port; trunk rebuilds it
//! when a source file changes.

use crate::setup;
use crate::util::{self, trunk, Result};

pub const DEFAULT_PORT: u16 = 8080;

pub fn run(port: u16) -> Result {
    setup::run()?;
    println!("\nSegwork will be at http://127.0.0.1:{port}/ once the build finishes");
    util::run(&mut trunk(&format!(
        "serve --release --offline --address 127.0.0.1 --port {port}"
    )))
}
