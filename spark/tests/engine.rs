//! The engine path against a real Spark Connect server: the cleaning counts and all 15
//! features computed by the SQL equal the polars core's on the committed fixtures and on
//! the 40k sample, in both modes, and a fitted model scores every customer into the same
//! segment on the engine as in the core.
//!
//! The server's address comes from `SEGWORK_ENGINE` (`cargo xtask test` starts Sail and
//! sets it). Without it every test here fails and says so: none passes untested.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use segwork_core::clean::{clean, Cleaned};
use segwork_core::features::{features, CustomerFeatures, FeatureParams, Mode};
use segwork_core::load::{load, Loaded};
use segwork_core::model::{Base, ModelParams};
use segwork_core::sql::{self, LinesMeta, ModelSpec, SqlParams};
use segwork_core::{Check, CleanParams, LoadOptions};
use segwork_spark::files::{self, FeatureMeta};
use segwork_spark::{Engine, EngineError};
use std::path::{Path, PathBuf};

/// Relative tolerance on every feature: the engine sums and divides in its own order.
const RELATIVE: f64 = 1e-9;

fn engine() -> Engine {
    let url = std::env::var("SEGWORK_ENGINE").unwrap_or_default();
    assert!(
        !url.is_empty(),
        "SEGWORK_ENGINE is not set: these tests need a Spark Connect server. `cargo xtask test` \
         starts Sail and sets it; by hand: `sail spark server --port 50051` and \
         SEGWORK_ENGINE=sc://127.0.0.1:50051"
    );
    Engine::connect(&url).unwrap_or_else(|e| panic!("{e}"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shared_data(name: &str) -> PathBuf {
    std::env::var_os("SEGWORK_SHARED_DATA")
        .map_or_else(|| repo().join("../shared/data"), PathBuf::from)
        .join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = repo().join("target/engine-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn load_file(path: &Path) -> Loaded {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    load(bytes, &LoadOptions::default().check().unwrap(), &mut |_| {}).unwrap()
}

/// What the core computes for `loaded`.
fn core_run(
    loaded: &Loaded,
    clean_params: &CleanParams,
    mode: Mode,
) -> (Cleaned, CustomerFeatures) {
    let cleaned = clean(loaded, &clean_params.clone().check().unwrap()).unwrap();
    let f = features(&cleaned, &FeatureParams { mode }.check().unwrap()).unwrap();
    (cleaned, f)
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= RELATIVE * a.abs().max(b.abs()).max(1.0)
}

/// Runs `path` through the engine and the core with the same settings and compares all.
fn compare(engine: &Engine, path: &Path, clean_params: &CleanParams, mode: Mode) {
    let loaded = load_file(path);
    let (cleaned, core) = core_run(&loaded, clean_params, mode);
    let name = path
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    // One file per comparison: tests run side by side, and a file rewritten while the
    // server reads it would be read torn.
    let name = format!("{name}_{mode}_{}off", clean_params.off.len());
    let parquet = scratch(&format!("{name}.parquet"));
    let meta = LinesMeta::of(&loaded.summary);
    files::write_lines(&parquet, &sql::line_table(&loaded).unwrap(), &meta).unwrap();
    assert_eq!(
        files::lines_meta(parquet.to_str().unwrap()),
        Some(meta.clone())
    );
    let view = format!("t_{name}");
    let found = engine
        .register_lines(&view, parquet.to_str().unwrap())
        .unwrap();
    let profile = meta.profile(found.has_status);
    let params = SqlParams {
        rules: loaded.summary.preset.rules(),
        clean: clean_params.clone(),
        mode,
        input: profile,
    };
    let run = engine.features(&view, &params.check().unwrap()).unwrap();
    let what = format!("{} ({mode})", path.display());
    for (e, c) in run.counts.iter().zip(&cleaned.steps) {
        assert_eq!(e.step, c.id, "{what}");
        assert_eq!(
            (e.rows_in, e.rows_out, e.flagged),
            (c.rows_in, c.rows_out, c.flagged),
            "{what}: step {:?}",
            c.id
        );
    }
    assert_eq!(run.counts.len(), cleaned.steps.len(), "{what}");
    assert_eq!(run.customers, cleaned.customers, "{what}: customers");
    let f = &run.features;
    assert_eq!(f.ids, core.ids, "{what}: customers and their order");
    assert_eq!(f.main_country, core.main_country, "{what}: main country");
    assert_eq!(
        f.dropped_single_line, core.dropped_single_line,
        "{what}: left out"
    );
    for (i, (er, cr)) in f
        .values
        .rows()
        .into_iter()
        .zip(core.values.rows())
        .enumerate()
    {
        for (j, (a, b)) in er.iter().zip(cr.iter()).enumerate() {
            assert!(
                close(*a, *b),
                "{what}: customer {} feature {}: engine {a}, core {b}",
                core.ids[i],
                segwork_core::columns::Feature::ALL[j].name()
            );
        }
    }
    assert!(!f.ids.is_empty(), "{what}: an empty table proves nothing");
}

fn fixtures() -> Vec<PathBuf> {
    let dir = repo().join("tests/fixtures");
    let mut files: Vec<PathBuf> = [
        "retail_300.xlsx",
        "online_retail_first999.csv",
        "header_offset.xlsx",
        "semicolon_latin1_cr.csv",
        "retail_ii_2sheets.xlsx",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    for shop in [
        "orders_export_1.csv",
        "woocommerce_orders.csv",
        "EtsySoldOrderItems2023.csv",
        "superstore_orders.csv",
        "bestellungen_eu.csv",
        "purchase_log.txt",
    ] {
        files.push(dir.join("shops").join(shop));
    }
    files
}

#[test]
fn fixtures_match_the_core_in_both_modes() {
    let engine = engine();
    for path in fixtures() {
        for mode in Mode::ALL {
            compare(&engine, &path, &CleanParams::default(), mode);
        }
    }
}

#[test]
fn rules_switched_off_match_the_core() {
    let engine = engine();
    let mut p = CleanParams::default();
    for step in segwork_core::clean::CleanStepId::SWITCHABLE {
        p.switch(step, false);
    }
    compare(
        &engine,
        &repo().join("tests/fixtures/retail_300.xlsx"),
        &p,
        Mode::Corrected,
    );
    compare(
        &engine,
        &repo().join("tests/fixtures/shops/orders_export_1.csv"),
        &p,
        Mode::Corrected,
    );
}

#[test]
fn the_40k_sample_matches_the_core_in_both_modes() {
    let engine = engine();
    let path = shared_data("online_retail_subset_40k.xlsx");
    assert!(
        path.is_file(),
        "{} is missing: set SEGWORK_SHARED_DATA",
        path.display()
    );
    for mode in Mode::ALL {
        compare(&engine, &path, &CleanParams::default(), mode);
    }
}

#[test]
fn the_engine_scores_every_customer_into_the_cores_segment() {
    let engine = engine();
    let loaded = load_file(&shared_data("online_retail_subset_40k.xlsx"));
    let (_, core) = core_run(&loaded, &CleanParams::default(), Mode::Corrected);
    let params = ModelParams::default().without_sweep().check().unwrap();
    let base = Base::fit(core.values.view(), &params, &mut |_| {}).unwrap();
    let clustering = base.clustering(&params.kmeans.check().unwrap()).unwrap();
    let fitted = base.score(clustering.clone());
    let spec = ModelSpec::new(core.values.view(), &base, &clustering);
    let table = scratch("features_40k.parquet");
    let meta = FeatureMeta {
        mode: Mode::Corrected,
        main_country: core.main_country.clone(),
        customers: core.ids.len(),
        left_out: 0,
        counts: vec![],
    };
    files::write_features(&table, &core, &meta).unwrap();
    let (read_back, _) = files::read_features(&table).unwrap();
    assert_eq!(read_back, core, "the feature file reads back as written");
    engine
        .register("scored_40k", table.to_str().unwrap())
        .unwrap();
    let scored = engine.score("scored_40k", &spec).unwrap();
    assert_eq!(scored.len(), core.ids.len());
    let by_id: std::collections::HashMap<&str, &segwork_spark::Scored> =
        scored.iter().map(|s| (s.customer.as_str(), s)).collect();
    let mut segments = 0;
    for (id, seg) in core.ids.iter().zip(&fitted.segment) {
        let s = by_id[id.as_str()];
        assert_eq!(s.segment, seg.map(|k| k as u32 + 1), "customer {id}");
        assert_eq!(s.outlier, seg.is_none(), "customer {id}");
        segments += usize::from(seg.is_some());
    }
    assert!(
        segments > 0 && segments < core.ids.len(),
        "some customers segmented, some outliers"
    );
}

#[test]
fn input_without_the_columns_is_refused_by_name() {
    let engine = engine();
    let table = scratch("not_lines.parquet");
    let core = CustomerFeatures {
        ids: vec!["1".into()],
        values: ndarray::Array2::zeros((1, 15)),
        dropped_single_line: 0,
        main_country: None,
    };
    let meta = FeatureMeta {
        mode: Mode::Corrected,
        main_country: None,
        customers: 1,
        left_out: 0,
        counts: vec![],
    };
    files::write_features(&table, &core, &meta).unwrap();
    match engine.register_lines("not_lines", table.to_str().unwrap()) {
        Err(EngineError::MissingColumns { missing, .. }) => {
            assert!(missing.contains(&"line_no".to_owned()))
        }
        other => panic!("expected missing columns, got {other:?}"),
    }
}

#[test]
fn an_unreachable_engine_is_named() {
    match Engine::connect("sc://127.0.0.1:9") {
        Err(EngineError::Connect { url, .. }) => assert_eq!(url, "sc://127.0.0.1:9"),
        other => panic!("expected a connection error, got {other:?}"),
    }
}
