//! The commands that run on a Spark Connect engine, and the two beside them:
//! `export-parquet` (a file as Parquet line items), `features` (cleaning and features
//! on the engine), `analyze --features` (the model, fitted here on the table it brings
//! back) and `score` (every customer assigned on the engine).

use segwork_core::features::FeatureParams;
use segwork_core::load::{load, Preset};
use segwork_core::sql::{self, InputProfile, LinesMeta, ModelSpec, SqlParams};
use segwork_core::{Check, CleanParams, LoadOptions, Mode};
use segwork_spark::files::{self, FeatureMeta};
use segwork_spark::{Engine, EngineRun};
use std::path::Path;
use std::time::Instant;

/// The engine to run on.
#[derive(clap::Args)]
pub struct EngineArgs {
    /// A Spark Connect server: `sc://HOST:PORT` (Apache Spark 3.4+, Sail). `features`
    /// also takes `local`: the same cleaning and features by the core on this machine.
    #[arg(long, value_name = "sc://HOST:PORT")]
    engine: String,
}

/// The `--engine` that runs the core here instead of on a server.
const LOCAL: &str = "local";

impl EngineArgs {
    fn connect(&self) -> Result<Engine, String> {
        let t = Instant::now();
        let engine = Engine::connect(&self.engine).map_err(|e| e.to_string())?;
        // Sail answers the version only when PySpark sits beside it: not needed to run.
        let version = engine
            .version()
            .map(|v| format!(" (Spark {v})"))
            .unwrap_or_default();
        println!(
            "Connected to {}{version} in {} ms",
            self.engine,
            t.elapsed().as_millis()
        );
        Ok(engine)
    }
}

/// A local path made absolute, since the engine's server resolves it from its own
/// directory; a URI (`s3a://…`, `hdfs://…`, `file:/…`) as given.
fn for_engine(input: &str) -> String {
    if input.contains(":/") || Path::new(input).is_absolute() {
        return input.to_owned();
    }
    std::env::current_dir().map_or_else(
        |_| input.to_owned(),
        |d| d.join(input).to_string_lossy().into_owned(),
    )
}

pub fn export_parquet(
    file: &Path,
    options: &LoadOptions,
    out: Option<&Path>,
) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let options = options.clone().check().map_err(|e| e.to_string())?;
    let loaded = load(bytes, &options, &mut |_| {}).map_err(|e| e.to_string())?;
    let table = sql::line_table(&loaded).map_err(|e| e.to_string())?;
    let out = out.map_or_else(|| file.with_extension("parquet"), Path::to_path_buf);
    files::write_lines(&out, &table, &LinesMeta::of(&loaded.summary)).map_err(|e| e.to_string())?;
    let preset = loaded.summary.preset;
    println!("Recognised as: {} (--preset {preset})", preset.label());
    println!(
        "wrote {} ({} lines, line_no 0 to {})",
        out.display(),
        table.len(),
        table.len().saturating_sub(1)
    );
    println!(
        "next: segwork features --engine sc://127.0.0.1:50051 --input {}",
        out.display()
    );
    Ok(())
}

pub fn features(
    engine: &EngineArgs,
    input: &str,
    preset: Option<Preset>,
    mode: Mode,
    clean: CleanParams,
    out: &Path,
) -> Result<(), String> {
    // Lines written by `export-parquet` say which layout they came from and which fields
    // the file lacked; other lines take --preset (Online Retail's rules by default).
    let meta = files::lines_meta(input);
    let preset = preset
        .or(meta.as_ref().map(|m| m.preset))
        .unwrap_or(Preset::OnlineRetail);
    let t = Instant::now();
    let run = if engine.engine == LOCAL {
        features_here(input, preset, mode, clean, meta.as_ref())?
    } else {
        let engine = engine.connect()?;
        let view = "segwork_lines";
        let found = engine
            .register_lines(view, &for_engine(input))
            .map_err(|e| e.to_string())?;
        let profile = meta.as_ref().map_or(found, |m| m.profile(found.has_status));
        let params = SqlParams {
            rules: preset.rules(),
            clean,
            mode,
            input: profile,
        };
        let params = params.check().map_err(|e| e.to_string())?;
        engine.features(view, &params).map_err(|e| e.to_string())?
    };
    let elapsed = t.elapsed();
    let profile = run.profile;
    print_counts(&run.counts, preset, profile);
    let f = &run.features;
    println!(
        "{} customers after cleaning; feature table: {} customers x 15 features ({mode} mode{})",
        run.customers,
        f.ids.len(),
        if f.dropped_single_line > 0 {
            format!(", {} single-line customers left out", f.dropped_single_line)
        } else {
            String::new()
        }
    );
    if let Some(c) = &f.main_country {
        println!("Main country: {c}");
    }
    let meta = FeatureMeta {
        mode,
        main_country: f.main_country.clone(),
        customers: run.customers,
        left_out: f.dropped_single_line,
        counts: run.counts.clone(),
    };
    files::write_features(out, f, &meta).map_err(|e| e.to_string())?;
    let on = if engine.engine == LOCAL {
        "here (polars)"
    } else {
        "on the engine"
    };
    println!("Cleaning and features {on}: {} ms", elapsed.as_millis());
    println!("wrote {}", out.display());
    println!("next: segwork analyze --features {}", out.display());
    Ok(())
}

/// The same run by the core on this machine, reading the Parquet lines into memory.
fn features_here(
    input: &str,
    preset: Preset,
    mode: Mode,
    clean: CleanParams,
    meta: Option<&LinesMeta>,
) -> Result<EngineRun, String> {
    let table = files::read_lines(input).map_err(|e| e.to_string())?;
    let has_status = table.status.is_some();
    let given = |v: &[Option<String>]| v.iter().flatten().any(|s| !s.trim().is_empty());
    let found = InputProfile {
        has_invoice: given(&table.invoice),
        has_products: given(&table.stock_code) || given(&table.description),
        has_status,
    };
    let profile = meta.map_or(found, |m| m.profile(has_status));
    let loaded = sql::loaded_from_lines(table, preset, &profile).map_err(|e| e.to_string())?;
    let cleaned = segwork_core::clean::clean(&loaded, &clean.check().map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let params = FeatureParams { mode }.check().map_err(|e| e.to_string())?;
    let features =
        segwork_core::features::features(&cleaned, &params).map_err(|e| e.to_string())?;
    let counts = cleaned
        .steps
        .iter()
        .map(|s| sql::CleanCount {
            step: s.id,
            rows_in: s.rows_in,
            rows_out: s.rows_out,
            flagged: s.flagged,
        })
        .collect();
    Ok(EngineRun {
        profile,
        counts,
        customers: cleaned.customers,
        features,
    })
}

fn print_counts(counts: &[sql::CleanCount], preset: Preset, profile: InputProfile) {
    let rules = preset.rules();
    println!(
        "Cleaning ({} rules{})",
        preset.label(),
        if profile.has_invoice {
            ""
        } else {
            "; no order ids"
        }
    );
    println!(
        "  {:<24} {:>12} {:>12} {:>10}",
        "step", "rows in", "rows out", "flagged"
    );
    for c in counts {
        println!(
            "  {:<24} {:>12} {:>12} {:>10}",
            c.step.label_for(&rules),
            c.rows_in,
            c.rows_out,
            c.flagged
        );
    }
}

pub fn score(engine: &EngineArgs, model: &Path, input: &str, out: &Path) -> Result<(), String> {
    let bytes =
        std::fs::read(model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
    let spec: ModelSpec = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{} is not a model written by `segwork analyze --features` ({e})",
            model.display()
        )
    })?;
    let engine = engine.connect()?;
    let t = Instant::now();
    let view = "segwork_features";
    engine
        .register(view, &for_engine(input))
        .map_err(|e| e.to_string())?;
    let scored = engine.score(view, &spec).map_err(|e| e.to_string())?;
    let elapsed = t.elapsed();
    let mut sizes = vec![0usize; spec.centroids.len()];
    let mut outliers = 0;
    for s in &scored {
        match s.segment {
            Some(k) if (k as usize) <= sizes.len() && k > 0 => sizes[k as usize - 1] += 1,
            _ => outliers += 1,
        }
    }
    let sizes: Vec<String> = sizes.iter().map(usize::to_string).collect();
    println!(
        "Scored {} customers on the engine in {} ms: {outliers} outliers; segment sizes {}",
        scored.len(),
        elapsed.as_millis(),
        sizes.join(" / ")
    );
    files::write_scored(out, &scored).map_err(|e| e.to_string())?;
    println!("wrote {}", out.display());
    Ok(())
}
