use super::*;
use crate::testing::{layers, table};
// The same tests run natively and, through wasm-bindgen-test, in headless Chromium.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn held_lists_the_key_of_every_layer() {
    assert_eq!(Layers::default().held(), Held::default());
    let l = layers(table(6), Default::default());
    let held = l.held();
    let a = l.analysis().unwrap();
    assert_eq!(held.file, Some(a.file.key));
    assert_eq!(held.features, Some(a.features.key));
    assert_eq!(held.model.as_ref(), Some(&a.model.key));
    assert_eq!(held.segmentation.as_ref(), Some(&a.segmentation.key));
    assert_eq!(held.sweep, None);
    // Holding everything, nothing is missing.
    assert!(held.missing(&a).is_empty());
    assert_eq!(Held::default().missing(&a).len(), 3);
}

#[test]
fn a_new_k_needs_only_a_segmentation_and_keeps_the_sweep() {
    let mut l = layers(table(6), Default::default());
    let a = l.analysis().unwrap();
    let old = crate::testing::keys(&a.params);
    let sweep = Arc::new(Sweep {
        key: old.sweep.clone().unwrap(),
        points: vec![],
    });
    l.sweep = Some(Arc::clone(&sweep));
    assert!(l.sweep_shown().is_some() && !l.sweep_pending());
    let mut params = a.params.clone();
    params.model.kmeans.k = 5;
    let keys = crate::testing::keys(&params);
    let held = l.held();
    assert_eq!(held.sweep_to_compute(&keys), None);
    let mut new_k = a.clone();
    let mut segmentation = (*a.segmentation).clone();
    segmentation.key = keys.segmentation.clone();
    new_k.segmentation = Arc::new(segmentation);
    let missing = held.missing(&new_k);
    assert!(matches!(missing.as_slice(), [Layer::Segmentation(_)]));
    for layer in missing {
        l.apply(layer);
    }
    assert!(l.complete());
    assert_eq!(l.sweep_shown(), Some(&sweep));
}

#[test]
fn another_seed_asks_for_a_new_sweep_and_hides_the_old_one() {
    let mut l = layers(table(6), Default::default());
    let a = l.analysis().unwrap();
    let old = crate::testing::keys(&a.params);
    l.sweep = Some(Arc::new(Sweep {
        key: old.sweep.clone().unwrap(),
        points: vec![],
    }));
    let mut params = a.params.clone();
    params.model.seed = 9;
    let keys = crate::testing::keys(&params);
    assert_eq!(l.held().sweep_to_compute(&keys), keys.sweep.clone());
    let mut model = (*a.model).clone();
    model.key = keys.model.clone();
    l.model = Some(Arc::new(model));
    // The segmentation of the old model no longer goes with the model shown.
    assert!(!l.complete());
    assert!(l.sweep_shown().is_none() && l.sweep_pending());
}

#[test]
fn recommendations_show_only_with_the_segmentation_and_backtest_they_were_made_for() {
    use segwork_core::pipeline::{RecsKey, RecsLayer};
    let mut l = layers(table(6), Default::default());
    let a = l.analysis().unwrap();
    let made_for = |segmentation: &Segmentation, params: &AnalysisParams| RecsLayer {
        key: RecsKey {
            file: a.file.key,
            params: (segmentation.key.clone(), params.backtest.clone()),
        },
        outcome: Err(segwork_core::Error::Internal(
            segwork_core::internal::Internal {
                stage: "a test".into(),
                message: "not needed here".into(),
            },
        )),
    };
    l.recs = Some(Arc::new(made_for(&a.segmentation, &a.params)));
    assert!(l.recs_shown().is_some());
    assert!(l.analysis().unwrap().recs.is_some(), "the exports get them");

    let mut other_backtest = a.params.clone();
    other_backtest.backtest.test_months = 3;
    l.recs = Some(Arc::new(made_for(&a.segmentation, &other_backtest)));
    assert!(l.recs_shown().is_none());

    let mut params = a.params.clone();
    params.model.kmeans.k = 5;
    let mut segmentation = (*a.segmentation).clone();
    segmentation.key = crate::testing::keys(&params).segmentation;
    l.recs = Some(Arc::new(made_for(&segmentation, &a.params)));
    assert!(
        l.recs_shown().is_none(),
        "a new k needs new recommendations"
    );
}

#[test]
fn customers_lists_show_with_their_recommendations_and_fill_the_exports_when_complete() {
    use crate::protocol::HeldLists;
    use segwork_core::backtest::BacktestError;
    use segwork_core::pipeline::{CustomerLists, RecsKey, RecsLayer, RecsReport};
    use segwork_core::recommend::{Pick, Reason};
    let mut l = layers(table(6), Default::default());
    let a = l.analysis().unwrap();
    let key = RecsKey {
        file: a.file.key,
        params: (a.segmentation.key.clone(), a.params.backtest.clone()),
    };
    let report = RecsReport {
        backtest: Err(BacktestError::NoTestMonths),
        settings: Default::default(),
        defaults: Default::default(),
        ease_products: 0,
        segments: vec![],
        customers: vec![],
        fitted: None,
    };
    l.recs = Some(Arc::new(RecsLayer {
        key: key.clone(),
        outcome: Ok(report),
    }));
    let pick = |product| CustomerLists {
        discovery: vec![Pick {
            product,
            score: 1.0,
            reason: Reason::BestSeller,
        }],
        next_basket: vec![],
    };
    let held = |key: &RecsKey, customers: &[u32], complete| {
        Arc::new(HeldLists {
            key: key.clone(),
            lists: customers.iter().map(|&c| (c, pick(c))).collect(),
            complete,
        })
    };
    // One customer shown, then another: both kept; an export still needs them all.
    l.add_lists(&held(&key, &[3], false));
    l.add_lists(&held(&key, &[1], false));
    let shown = l.lists_shown().unwrap();
    assert_eq!(shown.lists.keys().copied().collect::<Vec<_>>(), [1, 3]);
    assert!(l.lacks_all_lists());
    let export = l.export_analysis().unwrap();
    assert!(export.recs.unwrap().report().unwrap().customers.is_empty());
    // Every customer's lists: the export carries them, in customer order.
    l.add_lists(&held(&key, &[0, 1, 2], true));
    assert!(!l.lacks_all_lists());
    let export = l.export_analysis().unwrap();
    let recs = export.recs.unwrap();
    let products: Vec<u32> = recs
        .report()
        .unwrap()
        .customers
        .iter()
        .map(|c| c.discovery[0].product)
        .collect();
    assert_eq!(products, [0, 1, 2]);
    // Lists of other recommendations (another k) are not shown with these.
    let mut other = key.clone();
    other.params.1.test_months = 3;
    l.add_lists(&held(&other, &[4], false));
    assert!(l.lists_shown().is_none() && l.lacks_all_lists());
}

#[test]
fn customers_need_layers_that_chain() {
    let l = layers(table(4), Default::default());
    let (f, m, s) = (
        l.features.clone().unwrap(),
        l.model.clone().unwrap(),
        l.segmentation.clone().unwrap(),
    );
    let c = Customers::of(&f, &m, &s).unwrap();
    assert_eq!(c.len(), 4);
    assert!(c.feature(9, 0).is_nan());
    let mut short = (*s).clone();
    short.segment.pop();
    assert!(Customers::of(&f, &m, &short).is_none());
}
