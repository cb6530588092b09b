//! Clippy inside the test builds. `cargo clippy` type-checks every dependency in check
//! mode, and `cargo test` then compiles the same dependencies again with code generation:
//! polars, the Spark Connect client and leptos twice for each target (on a cold 2-core
//! machine, 15 minutes of clippy per target before the tests' own build). `cargo clippy`
//! itself is `cargo check` with clippy-driver as the workspace members' compiler
//! (`RUSTC_WORKSPACE_WRAPPER`, arguments in `CLIPPY_ARGS`); giving the test build the same
//! wrapper runs the same lints, on the same crates and targets, while the dependencies are
//! compiled once. Every cargo command of one `cargo xtask test` run gets the wrapper, so
//! the workspace crates' fingerprints agree and nothing is compiled twice.

use std::path::PathBuf;
use std::process::Command;

use crate::util::{self, Result};

/// How clippy-driver joins its arguments in `CLIPPY_ARGS` (as `cargo clippy` writes them).
const SEPARATOR: &str = "__CLIPPY_HACKERY__";

/// The arguments `cargo clippy -- -D warnings` passes: every warning is an error.
const ARGS: [&str; 2] = ["-D", "warnings"];

/// The toolchain's clippy-driver (beside its rustc), or why it cannot be used.
fn driver() -> Result<PathBuf> {
    let sysroot = util::probe("rustc", &["--print", "sysroot"])
        .ok_or("`rustc --print sysroot` failed: is the Rust toolchain installed?")?;
    let path = PathBuf::from(sysroot).join("bin").join("clippy-driver");
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: install clippy (`rustup component add clippy`)",
            path.display()
        ))
    }
}

/// The value of `CLIPPY_ARGS` for `args`.
fn clippy_args(args: &[&str]) -> String {
    args.iter().map(|arg| format!("{arg}{SEPARATOR}")).collect()
}

/// `command` (a cargo command, or trunk, which runs cargo) with clippy linting the
/// workspace crates it compiles, warnings denied.
pub fn linted(mut command: Command) -> Result<Command> {
    command
        .env("RUSTC_WORKSPACE_WRAPPER", driver()?)
        .env("CLIPPY_ARGS", clippy_args(&ARGS));
    Ok(command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_joined_as_cargo_clippy_joins_them() {
        assert_eq!(
            clippy_args(&ARGS),
            "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
        );
        assert_eq!(clippy_args(&[]), "");
    }
}
