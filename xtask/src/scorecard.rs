//! The bench's scorecard: the figures the project has set targets on, each beside the
//! figure measured before the work on it and the target, printed at the end of
//! `cargo xtask bench`.
//!
//! Every part of the bench (the CLI's `segwork bench`, `tests/bench/browser-bench.mjs`,
//! Lighthouse's `tests/lighthouse/audit.mjs`, and xtask itself for the wasm sizes) appends
//! the figures it measured to one file, `target/bench-figures.tsv`, named by the
//! environment variable [`FIGURES_ENV`]: one line per figure, `id<TAB>value`. A part run
//! by hand without that variable records nothing.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use crate::util::{self, Result};

/// The environment variable that names the figures file for the bench's parts.
pub const FIGURES_ENV: &str = "SEGWORK_BENCH_FIGURES";
/// The environment variable that names what a part is measuring (`full`, `two_years`,
/// `one_worker`, `shipped`): the first word of its figures' ids.
pub const LABEL_ENV: &str = "SEGWORK_BENCH_LABEL";

/// What a figure must be to meet its target.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    AtMost(f64),
    AtLeast(f64),
    /// Measured to set beside the others; no target of its own.
    None,
}

/// One figure the project has a target on.
struct Goal {
    id: &'static str,
    what: &'static str,
    /// The figure before the work on it, as measured then.
    before: &'static str,
    target: Target,
}

const fn goal(id: &'static str, what: &'static str, before: &'static str, target: Target) -> Goal {
    Goal {
        id,
        what,
        before,
        target,
    }
}

/// Every figure with a target, in the order they are printed. Times in ms, sizes in
/// bytes (targets in MB are 10^6 bytes), Lighthouse scores out of 100.
#[rustfmt::skip] // a table: one goal a line
const GOALS: &[Goal] = &[
    goal("native.full.total_ms", "native, full workbook, end to end (ms)", "3,400", Target::AtMost(1500.0)),
    goal("native.full.load_ms", "native, full workbook, load stage (ms)", "1,700 (calamine)", Target::None),
    goal("native.full.load_ratio", "native load / (sheet XML inflated + one pass)", "-", Target::AtMost(1.5)),
    goal("native.two_years.total_ms", "native, two-sheet 1,067,371 lines, end to end (ms)", "-", Target::AtMost(3000.0)),
    goal("browser.full.drop_ms", "Chromium, full workbook, drop to segments, worker + helper (ms)", "3,900", Target::AtMost(2000.0)),
    goal("browser.full.load_ms", "Chromium, full workbook, load stage, worker + helper (ms)", "2,800 (calamine)", Target::None),
    goal("browser.one_worker.drop_ms", "Chromium, full workbook, drop to segments, worker alone (ms)", "3,900", Target::AtMost(2000.0)),
    goal("browser.one_worker.load_ms", "Chromium, full workbook, load stage, worker alone (ms)", "2,800 (calamine)", Target::None),
    goal("browser.two_years.drop_ms", "Chromium, two-sheet 1,067,371 lines, drop to segments (ms)", "-", Target::AtMost(4000.0)),
    goal("browser.two_years.memory_bytes", "Chromium, two-sheet workbook, wasm memory (bytes)", "-", Target::AtMost(1e9)),
    goal("size.release.worker_brotli_bytes", "worker wasm, release build, brotli (bytes)", "5.1 MB gzip", Target::None),
    goal("size.shipped.worker_brotli_bytes", "worker wasm, shipped build (dist), brotli (bytes)", "5.1 MB gzip", Target::AtMost(2.8e6)),
    goal("browser.shipped.drop_ms", "Chromium, full workbook, drop to segments, shipped build (ms)", "release build's", Target::None),
    goal("lighthouse.mobile.performance", "Lighthouse performance, mobile settings", "-", Target::AtLeast(95.0)),
    goal("lighthouse.mobile.accessibility", "Lighthouse accessibility, mobile settings", "-", Target::AtLeast(95.0)),
    goal("lighthouse.mobile.best-practices", "Lighthouse best practices, mobile settings", "-", Target::AtLeast(95.0)),
    goal("lighthouse.desktop.performance", "Lighthouse performance, desktop preset", "-", Target::AtLeast(95.0)),
    goal("lighthouse.desktop.accessibility", "Lighthouse accessibility, desktop preset", "-", Target::AtLeast(95.0)),
    goal("lighthouse.desktop.best-practices", "Lighthouse best practices, desktop preset", "-", Target::AtLeast(95.0)),
];

/// The figures file of this checkout.
pub fn path() -> PathBuf {
    util::repo_root().join("target/bench-figures.tsv")
}

/// Starts a new scorecard: the figures of an earlier bench are dropped.
pub fn reset() -> Result {
    let path = path();
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(&path, "").map_err(|e| format!("{}: {e}", path.display()))
}

/// Records one figure measured by xtask itself.
pub fn record(id: &str, value: f64) -> Result {
    let path = path();
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    writeln!(file, "{id}\t{value}").map_err(|e| format!("{}: {e}", path.display()))
}

/// Prints every goal with the figure measured for it (the last one recorded), or "not
/// measured" when this bench did not measure it.
pub fn print() -> Result {
    let text = fs::read_to_string(path()).unwrap_or_default();
    let figures = parse(&text);
    println!("\n==== scorecard: each figure beside the one before the work on it, and its target");
    println!(
        "  {:<66} {:>16} {:>12} {:>14}  verdict",
        "figure", "before", "target", "now"
    );
    for g in GOALS {
        let now = figures.iter().rev().find(|(id, _)| id == g.id).map(|f| f.1);
        println!(
            "  {:<66} {:>16} {:>12} {:>14}  {}",
            g.what,
            g.before,
            target_text(g.target),
            now.map_or("not measured".to_string(), number),
            verdict(g.target, now)
        );
    }
    Ok(())
}

fn parse(text: &str) -> Vec<(String, f64)> {
    text.lines()
        .filter_map(|line| {
            let (id, value) = line.split_once('\t')?;
            Some((id.trim().to_string(), value.trim().parse().ok()?))
        })
        .collect()
}

fn target_text(target: Target) -> String {
    match target {
        Target::AtMost(v) => format!("<= {}", number(v)),
        Target::AtLeast(v) => format!(">= {}", number(v)),
        Target::None => "-".to_string(),
    }
}

fn verdict(target: Target, now: Option<f64>) -> &'static str {
    match (target, now) {
        (_, None) | (Target::None, _) => "",
        (Target::AtMost(t), Some(v)) if v <= t => "met",
        (Target::AtLeast(t), Some(v)) if v >= t => "met",
        _ => "NOT MET",
    }
}

/// A figure with thousands separated, two decimals below 100.
fn number(v: f64) -> String {
    if v.abs() < 100.0 {
        return format!("{v:.2}");
    }
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_by_id_and_judged_against_their_targets() {
        let figures = parse("native.full.total_ms\t1200.5\nbroken line\nx\tnot a number\n");
        assert_eq!(figures, vec![("native.full.total_ms".to_string(), 1200.5)]);
        assert_eq!(verdict(Target::AtMost(1500.0), Some(1200.5)), "met");
        assert_eq!(verdict(Target::AtMost(1500.0), Some(1500.1)), "NOT MET");
        assert_eq!(verdict(Target::AtLeast(95.0), Some(94.0)), "NOT MET");
        assert_eq!(verdict(Target::AtLeast(95.0), None), "");
        assert_eq!(verdict(Target::None, Some(3.0)), "");
    }

    #[test]
    fn numbers_are_printed_for_people() {
        assert_eq!(number(3_412_345.4), "3,412,345");
        assert_eq!(number(999.0), "999");
        assert_eq!(number(1.234), "1.23");
        assert_eq!(target_text(Target::AtMost(2.8e6)), "<= 2,800,000");
    }

    #[test]
    fn goal_ids_are_unique() {
        for (i, g) in GOALS.iter().enumerate() {
            assert!(GOALS[i + 1..].iter().all(|h| h.id != g.id), "{}", g.id);
        }
    }
}
