//! Helpers shared by the integration tests (natively and in the browser).
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use segwork_core::load::{load, Loaded};
use segwork_core::{Analysis, AnalysisParams, Check, CleanParams, LoadError, LoadOptions};

/// A committed fixture, embedded so the same test runs in the browser.
#[macro_export]
macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/",
            $name
        ))
        .to_vec()
    };
}

pub fn load_ok(bytes: Vec<u8>) -> Loaded {
    match load(bytes, &LoadOptions::default().check().unwrap(), &mut |_| {}) {
        Ok(l) => l,
        Err(e) => panic!("expected the file to load, got: {e}"),
    }
}

pub fn load_err(bytes: Vec<u8>) -> LoadError {
    load_err_with(bytes, &LoadOptions::default())
}

pub fn load_err_with(bytes: Vec<u8>, options: &LoadOptions) -> LoadError {
    let options = match options.clone().check() {
        Ok(valid) => valid,
        Err(e) => return e,
    };
    match load(bytes, &options, &mut |_| {}) {
        Ok(l) => panic!("expected an error, loaded {} rows", l.frame.height()),
        Err(e) => e,
    }
}

/// A string column of the loaded frame.
pub fn strs(l: &Loaded, column: &str) -> Vec<Option<String>> {
    l.frame
        .column(column)
        .unwrap()
        .str()
        .unwrap()
        .into_iter()
        .map(|v| v.map(str::to_owned))
        .collect()
}

pub fn f64s(l: &Loaded, column: &str) -> Vec<Option<f64>> {
    l.frame
        .column(column)
        .unwrap()
        .f64()
        .unwrap()
        .into_iter()
        .collect()
}

pub fn i64s(l: &Loaded, column: &str) -> Vec<Option<i64>> {
    l.frame
        .column(column)
        .unwrap()
        .i64()
        .unwrap()
        .into_iter()
        .collect()
}

pub fn analyse_ok(bytes: Vec<u8>, params: &AnalysisParams) -> Analysis {
    analyse_with(bytes, &LoadOptions::default(), params)
}

/// The analysis of `bytes` read with `options`, default cleaning.
pub fn analyse_with(bytes: Vec<u8>, options: &LoadOptions, params: &AnalysisParams) -> Analysis {
    let clean = CleanParams::default();
    match segwork_core::run(bytes, options, &clean, params, &mut |_| {}) {
        Ok(a) => a,
        Err(e) => panic!("expected an analysis, got: {e}"),
    }
}

/// The segmentation layers only (no marketer's analyses, no recommendations): what the
/// published figures check. On the full workbook the recommenders' backtest would
/// multiply a debug-build browser run's time for nothing these tests look at.
pub fn segment_ok(bytes: Vec<u8>, params: &AnalysisParams) -> Analysis {
    let prepared = prepare_ok(bytes);
    match segwork_core::analyse(&prepared, params, &mut |_| {}) {
        Ok(a) => a,
        Err(e) => panic!("expected an analysis, got: {e}"),
    }
}

/// `bytes` read and cleaned with the default options, kept for analyses.
pub fn prepare_ok(bytes: Vec<u8>) -> segwork_core::Prepared {
    let (options, clean) = (LoadOptions::default(), CleanParams::default());
    match segwork_core::prepare(bytes, &options, &clean, &mut |_| {}) {
        Ok(p) => p,
        Err(e) => panic!("expected the file to be read, got: {e}"),
    }
}

/// The figures that must agree between native and browser runs, at full precision.
pub fn fingerprint(a: &Analysis) -> String {
    let mut s = String::new();
    for step in &a.file.cleaning {
        s += &format!(
            "{:?} {} {} {}\n",
            step.id, step.rows_in, step.rows_out, step.flagged
        );
    }
    s += &format!(
        "customers {} features {}\n",
        a.file.customers_total,
        a.features.ids.len()
    );
    s += &format!(
        "outliers {}\n",
        a.model.outlier.iter().filter(|o| **o).count()
    );
    s += &format!(
        "pca {:?} cumulative {:.12}\n",
        a.model.pca.kept, a.model.pca.cumulative
    );
    s += &format!(
        "sizes {:?}\n",
        a.segmentation
            .segments
            .iter()
            .map(|g| g.size)
            .collect::<Vec<_>>()
    );
    s += &format!(
        "scores {:.10} {:.8} {:.10} {:.8}\n",
        a.segmentation.scores.silhouette,
        a.segmentation.scores.calinski_harabasz,
        a.segmentation.scores.davies_bouldin,
        a.segmentation.scores.inertia
    );
    for p in a.sweep_points() {
        s += &format!("k {} {:.8} {:.10}\n", p.k, p.inertia, p.silhouette);
    }
    for seg in &a.segmentation.recommendations.segments {
        let codes: Vec<&str> = seg.products.iter().map(|p| p.stock_code.as_str()).collect();
        s += &format!("top {} {}\n", seg.segment, codes.join(","));
    }
    // Bit-level digests: native and browser results must be identical, not just close.
    let digest = |values: &mut dyn Iterator<Item = f64>| -> u64 {
        values.fold(0xcbf2_9ce4_8422_2325, |h, v| {
            (h ^ v.to_bits()).wrapping_mul(0x0100_0000_01b3)
        })
    };
    s += &format!(
        "features digest {:016x}\n",
        digest(&mut a.features.features.iter().flatten().copied())
    );
    s += &format!(
        "coords digest {:016x}\n",
        digest(&mut a.model.coords.iter().flatten().copied())
    );
    s += &format!(
        "outlier scores digest {:016x}\n",
        digest(&mut a.model.outlier_score.iter().copied())
    );
    s
}
