//! `cargo xtask bench`: the analysis timed natively (the CLI) and in headless Chromium
//! (the release app), on the full data set when this machine has it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::scorecard::{self, FIGURES_ENV, LABEL_ENV};
use crate::util::{self, cmd, cmd_line, trunk, Result};
use crate::{dist, setup};

const RUNS: &str = "5";
const DIST: &str = "target/bench-dist";

pub fn run() -> Result {
    setup::run()?;
    scorecard::reset()?;
    let file = data_file()?;

    println!("\n==== native benchmark (release CLI)");
    native_bench(&file, RUNS, "full")?;

    println!("\n==== browser benchmark (release app in headless Chromium)");
    util::run(&mut trunk(&format!(
        "build --release --offline --dist {DIST}"
    )))?;
    record_worker_size(&util::repo_root().join(DIST), "release")?;
    browser_bench(Path::new(DIST), &file, RUNS, "full")?;
    println!("\n==== browser benchmark, the worker alone (the page told it has one core)");
    browser_bench(Path::new(DIST), &file, "3", "one_worker")?;

    if let Some(two_years) = two_years(&file)? {
        println!("\n==== two yearly sheets, 1,067,371 line items (native, then browser)");
        native_bench(&two_years, "3", "two_years")?;
        browser_bench(Path::new(DIST), &two_years, "3", "two_years")?;
    }

    // The shipped build, when `cargo xtask dist` has made one: its sizes and its speed,
    // to set beside the release build's above.
    let site = dist::out_dir();
    if site.join("index.html").is_file() {
        println!(
            "\n==== browser benchmark (shipped build, {})",
            site.display()
        );
        record_worker_size(&site, "shipped")?;
        browser_bench(&site, &file, RUNS, "shipped")?;
        println!("\n==== Lighthouse (shipped build)");
        lighthouse(&site)?;
    } else {
        println!(
            "\nnote: no shipped build in {}; `cargo xtask dist` makes one (it takes many \
             minutes), and this bench then measures it too",
            site.display()
        );
    }
    scorecard::print()
}

/// `segwork bench` on `file` (release build), its figures recorded under `label`.
fn native_bench(file: &Path, runs: &str, label: &str) -> Result {
    let mut native = cmd_line("cargo run --release -p segwork-cli -- bench");
    native
        .arg(file)
        .args(["--runs", runs])
        .env(FIGURES_ENV, scorecard::path())
        .env(LABEL_ENV, label);
    util::run(&mut native)
}

/// The browser bench of the app built in `dist` on `file`, its figures recorded under
/// `label`; `one_worker` tells the page it has one core, so no helper starts.
fn browser_bench(dist: &Path, file: &Path, runs: &str, label: &str) -> Result {
    let mut browser = cmd("node", &["tests/bench/browser-bench.mjs"]);
    browser
        .env("SEGWORK_DIST", dist)
        .env("SEGWORK_BENCH_FILE", file)
        .env("SEGWORK_BENCH_RUNS", runs)
        .env(FIGURES_ENV, scorecard::path())
        .env(LABEL_ENV, label);
    if label == "one_worker" {
        browser.env("SEGWORK_BENCH_ONE_WORKER", "1");
    }
    util::run(&mut browser)
}

/// The two-sheet workbook of Online Retail II's size, made once from the full workbook by
/// tests/bench/make_two_years.py into target/bench-data/; `None` without the full data.
fn two_years(full: &Path) -> Result<Option<PathBuf>> {
    if full.file_name().is_none_or(|n| n != "online_retail.xlsx") {
        println!("note: no full workbook, so no two-year workbook to bench");
        return Ok(None);
    }
    let out = util::repo_root().join("target/bench-data/online_retail_two_years.xlsx");
    if !out.is_file() {
        let dir = out.parent().ok_or("no parent directory")?;
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut make = cmd("python3", &["tests/bench/make_two_years.py"]);
        util::run(make.arg(full).arg(&out))?;
    }
    Ok(Some(out))
}

/// Lighthouse's scores for the shipped build, its reports saved under target/lighthouse/.
/// Lighthouse is installed on first use from tests/lighthouse/package-lock.json, apart
/// from the test set-up, which does not need it.
fn lighthouse(site: &Path) -> Result {
    let dir = util::repo_root().join("tests/lighthouse");
    if !dir.join("node_modules/lighthouse").is_dir() {
        println!("installing Lighthouse in tests/lighthouse/ …");
        let mut npm = cmd("npm", &["ci", "--no-audit", "--no-fund"]);
        util::run(npm.current_dir(&dir))?;
    }
    let mut audit = cmd("node", &["tests/lighthouse/audit.mjs"]);
    util::run(
        audit
            .env("SEGWORK_DIST", site)
            .env(FIGURES_ENV, scorecard::path()),
    )
}

/// The full data set from ../shared/data, or the committed sample (said loudly).
fn data_file() -> Result<PathBuf> {
    if let Some(full) = util::shared_data_dir().map(|dir| dir.join("online_retail.xlsx")) {
        if full.is_file() {
            return Ok(full);
        }
    }
    let sample = util::repo_root().join("public/sample.xlsx");
    println!();
    println!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    println!("!! The full data set ../shared/data/online_retail.xlsx is missing.");
    println!("!! Benchmarking public/sample.xlsx instead: these figures are NOT comparable.");
    println!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    if sample.is_file() {
        Ok(sample)
    } else {
        Err(format!(
            "neither data file exists; {} is missing too",
            sample.display()
        ))
    }
}

/// Prints the wasm sizes in `dist` and records the worker's brotli size under `label`.
fn record_worker_size(dist: &Path, label: &str) -> Result {
    match wasm_sizes(dist)? {
        Some(brotli) => scorecard::record(&format!("size.{label}.worker_brotli_bytes"), brotli),
        None => Ok(()),
    }
}

/// Prints the raw, gzip and brotli sizes of the worker's wasm (and of any other wasm) in
/// `dist`; returns the worker's brotli size.
fn wasm_sizes(dist: &Path) -> Result<Option<f64>> {
    let mut wasm: Vec<PathBuf> = fs::read_dir(dist)
        .map_err(|err| format!("cannot read {}: {err}", dist.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.to_string_lossy().ends_with("_bg.wasm"))
        .collect();
    wasm.sort();
    let is_worker = |path: &Path| {
        path.file_name()
            .is_some_and(|n| n.to_string_lossy().contains("worker"))
    };
    if !wasm.iter().any(|path| is_worker(path)) {
        println!("warning: no *worker*_bg.wasm in {}", dist.display());
    }
    let mut worker = None;
    for path in &wasm {
        let raw = fs::metadata(path)
            .map_err(|err| format!("{}: {err}", path.display()))?
            .len();
        let bytes = fs::read(path).map_err(|err| format!("{}: {err}", path.display()))?;
        let (gzip, brotli) = dist::compress(&bytes)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let role = if is_worker(path) { "worker" } else { "other" };
        println!(
            "wasm size ({role}) {name}: {} raw, {} gzip -9, {} brotli 11",
            mib(raw),
            mib(gzip.len() as u64),
            mib(brotli.len() as u64)
        );
        if is_worker(path) {
            worker = Some(brotli.len() as f64);
        }
    }
    Ok(worker)
}

fn mib(bytes: u64) -> String {
    format!("{:.2} MiB ({bytes} bytes)", bytes as f64 / 1024.0 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_sizes_needs_a_dist_directory() {
        let dir = std::env::temp_dir().join(format!("segwork-xtask-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("segwork_worker_bg.wasm"), [0u8; 4096]).unwrap();
        let sized = wasm_sizes(&dir);
        fs::remove_dir_all(&dir).unwrap();
        assert!(sized.is_ok_and(|brotli| brotli.is_some_and(|bytes| bytes > 0.0)));
        assert!(wasm_sizes(&dir).unwrap_err().starts_with("cannot read"));
    }
}
