//! `cargo xtask setup`: checks every tool the build and the tests need and installs what is
//! missing. Idempotent: on a ready machine it only prints one `ok:` line per tool.

use std::fs;
use std::path::Path;

use crate::util::{self, cmd, probe, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Must equal the `wasm-bindgen` crate version in Cargo.lock (checked below).
const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// trunk 0.22 needs a newer rustc than this project's 1.95.
const TRUNK_VERSION: &str = "0.21.14";
/// For testers who run the core's browser tests the ecosystem's way
/// (`wasm-pack test --headless --chrome core`).
const WASM_PACK_VERSION: &str = "0.15.1";
/// playwright-core 1.65 requires Node.js 20.
const MIN_NODE_MAJOR: u32 = 20;
const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// What `tests/package.json` installs; their presence means `npm ci` has run.
const NPM_PACKAGES: [&str; 2] = ["playwright-core", "binaryen"];
const APT_INSTALL: &str = "apt-get install -y chromium chromium-driver";

pub fn run() -> Result {
    first()?;
    tools()?;
    // Not used by `cargo xtask test`, so only set-up installs it.
    cargo_tool(
        "wasm-pack",
        "wasm-pack",
        WASM_PACK_VERSION,
        &["--locked"],
        &[],
    )
}

/// What the first steps of `cargo xtask test` need (fmt, clippy for both targets, the
/// native tests): the wasm32 target, protoc and Sail (the engine tests' server) and
/// Node.js. Quick: no build.
pub fn first() -> Result {
    println!("== setup");
    wasm_target()?;
    crate::engine::setup()?;
    node()
}

/// The tools the browser steps need, built or installed where missing: the slow part of
/// a fresh machine's set-up, which `cargo xtask test` runs beside its first steps.
pub fn tools() -> Result {
    wasm_bindgen()?;
    cargo_tool(
        "trunk",
        "trunk",
        TRUNK_VERSION,
        &["--locked", "--no-default-features"],
        TRUNK_PROFILE,
    )?;
    npm_packages()?;
    chromium()
}

/// trunk's own release profile is fat LTO in one codegen unit: on two cores that made its
/// build take 21 minutes of a fresh machine's set-up. Trunk only runs cargo and
/// wasm-bindgen, so its own speed does not matter: it is built without LTO, in parallel
/// units, and without its default features (the crates.io update check and TLS, which
/// an offline build never uses).
const TRUNK_PROFILE: &[(&str, &str)] = &[
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
];

fn wasm_target() -> Result {
    let installed = probe("rustup", &["target", "list", "--installed"])
        .ok_or("`rustup` not found: install Rust with rustup (https://rustup.rs)")?;
    if !installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("installing {WASM_TARGET} target …");
        util::run(&mut cmd("rustup", &["target", "add", WASM_TARGET]))?;
    }
    let rustc = probe("rustc", &["--version"]).unwrap_or_default();
    println!("ok: {WASM_TARGET} target ({rustc})");
    Ok(())
}

fn wasm_bindgen() -> Result {
    let lock = fs::read_to_string(util::repo_root().join("Cargo.lock")).unwrap_or_default();
    if let Some(locked) = locked_version(&lock, "wasm-bindgen") {
        if locked != WASM_BINDGEN_VERSION {
            return Err(format!(
                "Cargo.lock has wasm-bindgen {locked} but xtask pins wasm-bindgen-cli \
                 {WASM_BINDGEN_VERSION}; they must be equal (xtask/src/setup.rs)"
            ));
        }
    }
    // Its lock file wants a crate version the registry here lacks: install without --locked.
    cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        WASM_BINDGEN_VERSION,
        &[],
        &[],
    )?;
    if probe("wasm-bindgen-test-runner", &["--version"]).is_none() {
        return Err(
            "wasm-bindgen-test-runner is missing although wasm-bindgen is installed: \
                    run `cargo install --force wasm-bindgen-cli --version 0.2.130`"
                .into(),
        );
    }
    Ok(())
}

/// The version of `name` in a Cargo.lock, if it is there.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    lines.find(|line| line.trim() == format!("name = \"{name}\""))?;
    let version = lines.next()?.trim().strip_prefix("version = \"")?;
    Some(version.trim_end_matches('"').to_string())
}

/// Makes `program --version` report exactly `version`, installing `krate` if it does not
/// (with `flags`, and `env` set for cargo).
fn cargo_tool(
    program: &str,
    krate: &str,
    version: &str,
    flags: &[&str],
    env: &[(&str, &str)],
) -> Result {
    let found = probe(program, &["--version"]);
    let reported = |out: &Option<String>| {
        out.as_deref()
            .and_then(|text| text.split_whitespace().nth(1))
            .map(str::to_string)
    };
    if reported(&found).as_deref() == Some(version) {
        println!("ok: {program} ({version})");
        return Ok(());
    }
    let was = found.unwrap_or_else(|| "not installed".into());
    println!("installing {krate} {version} (found: {was}) …");
    let mut args = vec!["install"];
    args.extend_from_slice(flags);
    args.extend_from_slice(&[krate, "--version", version]);
    util::run(cmd("cargo", &args).envs(env.iter().copied()))?;
    match reported(&probe(program, &["--version"])) {
        Some(now) if now == version => {
            println!("ok: {program} ({version})");
            Ok(())
        }
        now => Err(format!(
            "installed {krate} {version}, but `{program} --version` reports {now:?}: \
             is cargo's bin directory (~/.cargo/bin) first on PATH?"
        )),
    }
}

fn node() -> Result {
    let missing = format!("Node.js {MIN_NODE_MAJOR}+ with npm is required but was not found");
    let version = probe("node", &["--version"]).ok_or(&missing)?;
    let major = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse::<u32>().ok())
        .unwrap_or(0);
    if major < MIN_NODE_MAJOR {
        return Err(format!(
            "Node.js {MIN_NODE_MAJOR}+ is required, found {version}"
        ));
    }
    let npm = probe("npm", &["--version"]).ok_or(&missing)?;
    println!("ok: node ({version}), npm ({npm})");
    Ok(())
}

fn npm_packages() -> Result {
    let tests = util::repo_root().join("tests");
    let modules = tests.join("node_modules");
    let lock = tests.join("package-lock.json");
    let installed = NPM_PACKAGES
        .iter()
        .all(|name| modules.join(name).join("package.json").is_file());
    // npm writes node_modules/.package-lock.json on every install: a newer lock file
    // means the dependencies changed since.
    let stale = modified(&lock).is_some_and(|l| {
        modified(&modules.join(".package-lock.json")).is_none_or(|installed| l > installed)
    });
    if !installed || stale {
        println!("installing npm packages in tests/ …");
        let verb = if lock.is_file() { "ci" } else { "install" };
        let mut npm = cmd("npm", &[verb, "--no-audit", "--no-fund"]);
        util::run(npm.current_dir(&tests))?;
    }
    for name in NPM_PACKAGES {
        let manifest = fs::read_to_string(modules.join(name).join("package.json"))
            .map_err(|err| format!("tests/node_modules/{name} is missing after npm: {err}"))?;
        let version = util::json_string_field(&manifest, "version").unwrap_or_default();
        println!("ok: {name} ({version})");
    }
    Ok(())
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|meta| meta.modified()).ok()
}

fn chromium() -> Result {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        if probe("id", &["-u"]).as_deref() != Some("0") {
            return Err(format!(
                "{CHROMIUM} and {CHROMEDRIVER} are required. Install them with:\n  \
                 sudo apt-get update && sudo {APT_INSTALL}"
            ));
        }
        println!("installing chromium and chromium-driver …");
        util::run(&mut cmd("apt-get", &["update"]))?;
        let mut install = cmd("apt-get", &["install", "-y", "chromium", "chromium-driver"]);
        util::run(install.env("DEBIAN_FRONTEND", "noninteractive"))?;
    }
    let browser = probe(CHROMIUM, &["--version"]).unwrap_or_default();
    let driver = probe(CHROMEDRIVER, &["--version"]).unwrap_or_default();
    let major = |text: &str| {
        let version = text.split_whitespace().nth(1).unwrap_or_default();
        version.split('.').next().unwrap_or_default().to_string()
    };
    if major(&browser).is_empty() || major(&browser) != major(&driver) {
        return Err(format!(
            "chromium ({browser:?}) and chromedriver ({driver:?}) must be working and of the \
             same major version: reinstall both with `{APT_INSTALL}`"
        ));
    }
    println!("ok: chromium ({browser})");
    println!("ok: chromedriver ({driver})");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_version_finds_the_package_entry() {
        let lock = "[[package]]\nname = \"wasm-bindgen-shared\"\nversion = \"0.1.0\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "trunk"), None);
    }

    #[test]
    fn project_lock_matches_the_pinned_cli() {
        let lock = fs::read_to_string(util::repo_root().join("Cargo.lock")).unwrap();
        if let Some(locked) = locked_version(&lock, "wasm-bindgen") {
            assert_eq!(locked, WASM_BINDGEN_VERSION);
        }
    }
}
