//! The layers on a prepared file: each is recomputed only when its key changes, and a
//! layer reused from the cache equals a fresh computation.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use segwork_core::model::ModelError;
use segwork_core::{AnalysisParams, Error, Keys, Mode, Progress, Stage};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Analyses a prepared file and lists the stages that ran.
fn analyse_listing_stages(
    prepared: &segwork_core::Prepared,
    params: &AnalysisParams,
) -> (segwork_core::Analysis, Vec<Stage>) {
    let mut stages = vec![];
    let analysis = segwork_core::analyse(prepared, params, &mut |e| {
        if let Progress::Started(s) = e {
            stages.push(s)
        }
    })
    .unwrap();
    (analysis, stages)
}

/// The first 999 lines of Online Retail (47 customers): small enough for the browser
/// tests to run many analyses in one test.
fn first999() -> Vec<u8> {
    fixture!("online_retail_first999.csv")
}

/// A fresh run's layers up to the segments and sweep (`analyse` leaves the marketer's
/// analyses to `insights` and the recommendations to `recommendations`).
fn fresh_segments(p: &AnalysisParams) -> segwork_core::Analysis {
    let mut a = analyse_ok(first999(), p);
    a.insights = None;
    a.recs = None;
    a
}

/// A new k on a prepared file reuses the outliers, PCA, distances and the sweep's
/// clusterings, and gives exactly what a fresh analysis gives.
#[test]
fn a_new_k_reuses_the_model_and_equals_a_fresh_run() {
    use Stage::*;
    let prepared = prepare_ok(first999());
    segwork_core::analyse(&prepared, &AnalysisParams::default(), &mut |_| {}).unwrap();
    let mut p = AnalysisParams::default();
    p.model.kmeans.k = 5;
    let (reused, stages) = analyse_listing_stages(&prepared, &p);
    assert_eq!(
        stages,
        [Features, Score, Recommend, Sweep],
        "nothing refitted, k = 5 taken from the sweep"
    );
    assert_eq!(reused, fresh_segments(&p));
    // A k outside the sweep is clustered, on the kept base.
    p.model.kmeans.k = 13;
    p.model = p.model.without_sweep();
    let (reused, stages) = analyse_listing_stages(&prepared, &p);
    assert_eq!(stages, [Features, Cluster, Score, Recommend]);
    assert_eq!(reused, fresh_segments(&p));
    // More segments than the kept base has inliers: the clear error, not a panic.
    let inliers = reused.model.outlier.iter().filter(|o| !**o).count();
    let mut too_many = p.clone();
    too_many.model.kmeans.k = inliers + 1;
    let err = segwork_core::analyse(&prepared, &too_many, &mut |_| {}).unwrap_err();
    assert_eq!(
        err,
        Error::Model(ModelError::NotEnoughCustomers {
            customers: inliers,
            needed: inliers + 1
        })
    );
    // Another seed is another model.
    p.model.seed = 7;
    let (_, stages) = analyse_listing_stages(&prepared, &p);
    assert!(stages.contains(&Outliers) && stages.contains(&Cluster));
}

#[test]
fn a_deferred_sweep_equals_the_inline_one() {
    let inline = analyse_ok(
        fixture!("online_retail_first999.csv"),
        &AnalysisParams::default(),
    );
    let mut p = AnalysisParams::default();
    p.model = p.model.without_sweep();
    let without = analyse_ok(fixture!("online_retail_first999.csv"), &p);
    assert!(without.sweep.is_none());
    let mut stages = vec![];
    let prepared = prepare_ok(fixture!("online_retail_first999.csv"));
    segwork_core::analyse(&prepared, &p, &mut |e| stages.push(e)).unwrap();
    assert!(
        !stages.contains(&Progress::Started(Stage::Sweep)),
        "no sweep stage when none is asked for"
    );
    let later = segwork_core::sweep(&prepared, &p, 2..=12, &mut |_| {}).unwrap();
    assert_eq!(later, inline.sweep_points());
    // On a fresh file too, where nothing was kept from an analysis.
    let fresh = prepare_ok(fixture!("online_retail_first999.csv"));
    let fresh = segwork_core::sweep(&fresh, &p, 2..=12, &mut |_| {}).unwrap();
    assert_eq!(fresh, inline.sweep_points());
}

#[test]
fn each_key_changes_only_with_what_its_layer_depends_on() {
    let prepared = prepare_ok(first999());
    let base = AnalysisParams::default();
    let keys = |p: &AnalysisParams| -> Keys { prepared.keys(p) };
    let k0 = keys(&base);
    let mut new_k = base.clone();
    new_k.model.kmeans.k = 5;
    let k1 = keys(&new_k);
    assert_eq!(
        (k1.features, &k1.model, &k1.sweep),
        (k0.features, &k0.model, &k0.sweep)
    );
    assert_ne!(
        k1.segmentation, k0.segmentation,
        "a new k is a new segmentation only"
    );
    let mut seeded = base.clone();
    seeded.model.seed = 9;
    let k2 = keys(&seeded);
    assert_eq!(k2.features, k0.features);
    assert_ne!(k2.model, k0.model);
    assert_ne!(k2.sweep, k0.sweep, "the sweep follows the model");
    let reference = AnalysisParams {
        mode: Mode::Reference,
        ..base.clone()
    };
    assert_ne!(keys(&reference).features, k0.features);
    let other_file = prepare_ok(fixture!("retail_300.xlsx"));
    assert_ne!(
        other_file.keys(&base).features,
        k0.features,
        "keys name their file"
    );
    // Every layer of an analysis carries the key its parameters give.
    let a = segwork_core::analyse(&prepared, &new_k, &mut |_| {}).unwrap();
    assert_eq!(a.file.key, k1.file);
    assert_eq!(a.features.key, k1.features);
    assert_eq!(a.model.key, k1.model);
    assert_eq!(a.segmentation.key, k1.segmentation);
    assert_eq!(a.sweep.as_ref().map(|s| s.key.clone()), k1.sweep);
}

/// The recommenders' models do not depend on the segments: a new k judges and fits only
/// the reference method and the segment best sellers, and gives what a fresh file gives.
#[test]
fn a_new_k_reuses_the_recommenders_models() {
    use segwork_core::pipeline::recommendations;
    let stages_of = |prepared: &segwork_core::Prepared, p: &AnalysisParams| {
        let mut stages = vec![];
        let layer = recommendations(prepared, p, &mut |e| {
            if let Progress::Started(s) = e {
                stages.push(s)
            }
        })
        .unwrap();
        (layer, stages)
    };
    let prepared = prepare_ok(first999());
    let mut p = AnalysisParams::default();
    p.model = p.model.without_sweep();
    let (_, first) = stages_of(&prepared, &p);
    assert!(first.contains(&Stage::RecsFit), "{first:?}");
    p.model.kmeans.k = 4;
    let (reused, again) = stages_of(&prepared, &p);
    assert_eq!(again, [], "no model refitted for a new k");
    let (fresh, _) = stages_of(&prepare_ok(first999()), &p);
    assert_eq!(reused, fresh);
    assert_eq!(
        reused.report().unwrap().segments.len(),
        4,
        "the new k's segments"
    );
}
