//! `segwork bench`: per-stage medians over several runs, and the process's peak memory.

use crate::timing::Timer;
use segwork_core::pipeline::recommendations;
use segwork_core::{analyse, prepare, AnalysisParams, CleanParams, LoadOptions, Stage};
use std::path::Path;
use std::time::{Duration, Instant};

pub fn run(file: &Path, params: &AnalysisParams, runs: usize) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    println!(
        "native benchmark: {} ({:.1} MB), {runs} runs",
        file.display(),
        bytes.len() as f64 / 1e6
    );
    let mut per_stage: Vec<(Stage, Vec<f64>)> = Stage::ALL.iter().map(|s| (*s, vec![])).collect();
    let mut totals = Vec::new();
    let mut new_k = Vec::new();
    let mut recs = Vec::new();
    let other_k = new_k_for(params);
    for i in 0..runs.max(1) {
        let mut timer = Timer::new(false);
        let t0 = Instant::now();
        let prepared = prepare(
            bytes.clone(),
            &LoadOptions::default(),
            &CleanParams::default(),
            &mut |p| timer.event(p),
        )
        .map_err(|e| e.to_string())?;
        let a = analyse(&prepared, params, &mut |p| timer.event(p)).map_err(|e| e.to_string())?;
        let total = t0.elapsed();
        totals.push(ms(total));
        // What the app does when the user picks another k: the same prepared file,
        // everything but the segmentation reused.
        let mut changed = params.clone();
        changed.model.kmeans.k = other_k;
        let t1 = Instant::now();
        analyse(&prepared, &changed, &mut |_| {}).map_err(|e| e.to_string())?;
        new_k.push(ms(t1.elapsed()));
        // The measured recommendations (settings search, backtest, refit), which the app
        // computes when their view is opened; their stages are printed with the others.
        let t2 = Instant::now();
        recommendations(&prepared, params, &mut |p| timer.event(p)).map_err(|e| e.to_string())?;
        recs.push(ms(t2.elapsed()));
        for (s, d) in &timer.stages {
            if let Some((_, v)) = per_stage.iter_mut().find(|(x, _)| x == s) {
                v.push(ms(*d));
            }
        }
        println!(
            "  run {}: {:.0} ms ({} customers, silhouette {:.3})",
            i + 1,
            ms(total),
            a.features.ids.len(),
            a.segmentation.scores.silhouette
        );
    }
    println!("  {:<56} {:>10}", "stage", "median ms");
    let print_stages = |recommenders: bool| {
        for (s, v) in &per_stage {
            if !v.is_empty() && Stage::RECOMMENDERS.contains(s) == recommenders {
                println!("  {:<56} {:>10.1}", s.label(), median(v));
            }
        }
    };
    print_stages(false);
    println!("  {:<56} {:>10.1}", "total", median(&totals));
    println!(
        "  {:<56} {:>10.1}",
        format!("then k = {other_k} (model reused)"),
        median(&new_k)
    );
    println!(
        "  {:<56} {:>10.1}",
        "measured recommendations, all three stages",
        median(&recs)
    );
    print_stages(true);
    let load = per_stage
        .iter()
        .find(|(s, _)| *s == Stage::Load)
        .map_or(0.0, |(_, v)| median(v));
    let ratio = load_floor(&bytes, load, runs)?;
    record(&[
        ("total_ms", Some(median(&totals))),
        ("load_ms", Some(load)),
        ("load_ratio", ratio),
    ])?;
    match peak_rss_mb() {
        Some(mb) => println!("  peak resident memory: {mb:.0} MB"),
        None => println!("  peak resident memory: not available on this platform"),
    }
    Ok(())
}

/// Appends figures to the file `cargo xtask bench` names in `SEGWORK_BENCH_FIGURES`, as
/// `native.LABEL.NAME<TAB>value` lines (`SEGWORK_BENCH_LABEL`, default `file`); nothing
/// when the variable is not set (the bench run by hand).
fn record(figures: &[(&str, Option<f64>)]) -> Result<(), String> {
    use std::io::Write;
    let Some(path) = std::env::var_os("SEGWORK_BENCH_FIGURES") else {
        return Ok(());
    };
    let label = std::env::var("SEGWORK_BENCH_LABEL").unwrap_or_else(|_| "file".into());
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| format!("cannot write the bench's figures: {e}"))?;
    for (name, value) in figures {
        if let Some(value) = value {
            writeln!(file, "native.{label}.{name}\t{value}")
                .map_err(|e| format!("cannot write the bench's figures: {e}"))?;
        }
    }
    Ok(())
}

/// The load beside the least any reader must do (inflate the sheets' XML, one pass over
/// it), and the load on one thread and on all, so that the reader's scaling shows.
/// Returns the load's ratio to that floor (`None` for a file that is not xlsx).
fn load_floor(bytes: &[u8], load_ms: f64, runs: usize) -> Result<Option<f64>, String> {
    let Ok((sizes, _)) = segwork_core::load::inflate_and_scan(bytes) else {
        return Ok(None); // not an xlsx workbook: there is no sheet XML to set it beside
    };
    let mut floor = vec![];
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        segwork_core::load::inflate_and_scan(bytes)?;
        floor.push(ms(t.elapsed()));
    }
    let xml_mb = sizes.iter().sum::<usize>() as f64 / 1e6;
    let floor = median(&floor);
    println!(
        "  sheet XML ({xml_mb:.0} MB) inflated + one pass over it: {floor:.1} ms; \
         load stage {load_ms:.1} ms = {:.2}x that (target <= 1.5x)",
        load_ms / floor
    );
    let threads = rayon::current_num_threads();
    for n in [1, threads] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| e.to_string())?;
        let mut times = vec![];
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            pool.install(|| {
                use segwork_core::params::Check;
                let options = LoadOptions::default().check().map_err(|e| e.to_string())?;
                segwork_core::load::load(bytes.to_vec(), &options, &mut |_| {})
                    .map_err(|e| e.to_string())
            })?;
            times.push(ms(t.elapsed()));
        }
        println!("  load on {n} reader thread(s): {:.1} ms", median(&times));
    }
    Ok(Some(load_ms / floor))
}

/// A k for the "new k" timing: one the sweep has clustered, when there is a sweep.
fn new_k_for(params: &AnalysisParams) -> usize {
    let k = params.model.k();
    let sweep = &params.model.sweep;
    [k + 1, k.saturating_sub(1)]
        .into_iter()
        .find(|c| *c >= 2 && (sweep.is_empty() || sweep.contains(c)))
        .unwrap_or(k + 1)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// The process's high-water mark of resident memory (Linux: VmHWM).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
