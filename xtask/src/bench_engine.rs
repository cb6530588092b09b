//! `cargo xtask bench --engine`: how the cost of cleaning and features grows with the
//! data, on Sail through Spark Connect and in the core (polars) on this machine, on
//! synthetic line items of 1M, 10M and 50M lines (`tests/bench/make_synthetic.py`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::engine::{self, Sail};
use crate::util::{self, cmd, cmd_line, Result};

/// Line items per size, and whether the core runs it too: it holds every line in
/// memory (about 250 bytes a line), so 50M lines are left to the engine.
const SIZES: [(usize, bool); 3] = [(1_000_000, true), (10_000_000, true), (50_000_000, false)];
const RUNS: usize = 3;
/// Limits the sizes run (for a quick look): `SEGWORK_BENCH_ENGINE_MAX=10000000`.
const MAX_ENV: &str = "SEGWORK_BENCH_ENGINE_MAX";

pub fn run() -> Result {
    engine::setup()?;
    engine::python_packages(&["numpy", "pyarrow"])?;
    util::run(&mut cmd_line("cargo build --release -p segwork-cli"))?;
    let sail = Sail::start()?;
    let mut rows = Vec::new();
    let max = std::env::var(MAX_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX);
    for (lines, here) in SIZES.into_iter().filter(|&(l, _)| l <= max) {
        let dir = synthetic(lines)?;
        let input = format!("{}/*.parquet", dir.display());
        let on_sail = median(RUNS, || features(&sail.url, &input))?;
        let on_core = if here {
            Some(median(RUNS, || features("local", &input))?)
        } else {
            None
        };
        rows.push((lines, on_sail, on_core));
    }
    drop(sail);
    print_table(&rows);
    Ok(())
}

fn synthetic(lines: usize) -> Result<PathBuf> {
    let dir = util::repo_root().join(format!("target/bench-data/synthetic-{lines}"));
    if !dir.join("part-00000.parquet").is_file() {
        println!(
            "generating {lines} synthetic lines into {} …",
            dir.display()
        );
        let python = engine::venv_python();
        let script = util::repo_root().join("tests/bench/make_synthetic.py");
        util::run(&mut cmd(
            &python.to_string_lossy(),
            &[
                &script.to_string_lossy(),
                &lines.to_string(),
                &dir.to_string_lossy(),
            ],
        ))?;
    }
    Ok(dir)
}

/// One `segwork features` run, timed by the clock around the command.
fn features(engine: &str, input: &str) -> Result<Duration> {
    let exe = util::repo_root().join("target/release/segwork");
    let out = util::repo_root().join("target/bench-data/features.parquet");
    let t = Instant::now();
    let mut c = cmd(
        &exe.to_string_lossy(),
        &[
            "features",
            "--engine",
            engine,
            "--input",
            input,
            "--out",
            &out.to_string_lossy(),
        ],
    );
    let output = c.output().map_err(|e| e.to_string())?;
    let took = t.elapsed();
    if !output.status.success() {
        return Err(format!(
            "segwork features --engine {engine} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    println!("  {engine} {input}: {} ms", took.as_millis());
    Ok(took)
}

fn median(runs: usize, mut f: impl FnMut() -> Result<Duration>) -> Result<Duration> {
    let mut times = (0..runs).map(|_| f()).collect::<Result<Vec<_>>>()?;
    times.sort();
    Ok(times[times.len() / 2])
}

fn print_table(rows: &[(usize, Duration, Option<Duration>)]) {
    let s = |d: Duration| format!("{:.2} s", d.as_secs_f64());
    println!("\n==== cleaning and features: Sail (Spark Connect, this machine) vs the core (polars), medians of {RUNS}");
    println!(
        "  {:>12} {:>10} {:>14} {:>10} {:>14}",
        "lines", "Sail", "Sail growth", "polars", "polars / Sail"
    );
    let mut previous: Option<(usize, Duration)> = None;
    for &(lines, sail, core) in rows {
        let growth = previous.map_or("".into(), |(l, d)| {
            format!(
                "x{:.1} for x{}",
                sail.as_secs_f64() / d.as_secs_f64(),
                lines / l
            )
        });
        let (core_s, ratio) = match core {
            Some(c) => (s(c), format!("{:.2}", c.as_secs_f64() / sail.as_secs_f64())),
            None => ("not run".into(), "".into()),
        };
        println!(
            "  {lines:>12} {:>10} {growth:>14} {core_s:>10} {ratio:>14}",
            s(sail)
        );
        previous = Some((lines, sail));
    }
    println!("  (the core holds every line in memory; 50M lines are left to the engine)");
}
