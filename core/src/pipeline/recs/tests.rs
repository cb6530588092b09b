use super::*;
use crate::{prepare, CleanParams, LoadOptions};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn layer() -> Arc<RecsLayer> {
    let bytes = include_bytes!("../../../../tests/fixtures/online_retail_first999.csv").to_vec();
    let prepared = prepare(
        bytes,
        &LoadOptions::default(),
        &CleanParams::default(),
        &mut |_| {},
    )
    .unwrap();
    let mut p = AnalysisParams::default();
    p.model = p.model.without_sweep();
    recommendations(&prepared, &p, &mut |_| {}).unwrap()
}

#[test]
fn lists_are_made_when_asked_and_agree_with_every_customers_lists() {
    let layer = layer();
    let report = layer.report().unwrap();
    assert!(
        report.customers.is_empty(),
        "no list is made before it is asked for"
    );
    let all = report.with_all_lists().customers;
    assert!(all.len() > 10);
    assert!(all.iter().any(|l| !l.discovery.is_empty()));
    for (c, lists) in (0u32..).zip(&all) {
        assert_eq!(report.lists(c).as_ref(), Some(lists));
    }
    assert_eq!(report.lists(all.len() as u32), None, "no such customer");
}

#[test]
fn a_copy_sent_elsewhere_has_only_the_lists_it_carries() {
    let layer = layer();
    let report = layer.report().unwrap();
    let copy: RecsReport = serde_json::from_str(&serde_json::to_string(report).unwrap()).unwrap();
    assert!(copy.fitted.is_none());
    assert_eq!(copy.lists(0), None);
    assert!(copy.with_all_lists().customers.is_empty());
    let filled = report.with_all_lists();
    let copy: RecsReport = serde_json::from_str(&serde_json::to_string(&filled).unwrap()).unwrap();
    // JSON keeps the picks (its floats may differ in the last bit).
    let products = |l: Option<CustomerLists>| {
        l.map(|l| List::ALL.map(|list| l.of(list).iter().map(|p| p.product).collect::<Vec<_>>()))
    };
    assert_eq!(products(copy.lists(3)), products(report.lists(3)));
    assert!(products(copy.lists(3)).is_some());
}

#[test]
fn both_halves_made_apart_and_sent_make_the_same_recommendations() {
    let bytes = include_bytes!("../../../../tests/fixtures/online_retail_first999.csv").to_vec();
    let load = || {
        prepare(
            bytes.clone(),
            &LoadOptions::default(),
            &CleanParams::default(),
            &mut |_| {},
        )
        .unwrap()
    };
    let mut p = AnalysisParams::default();
    p.model = p.model.without_sweep();
    let whole = recommendations(&load(), &p, &mut |_| {}).unwrap();
    let prepared = load();
    let job = EaseJob::of(&prepared, &p).unwrap().unwrap();
    let main = job.main_models(&mut |_| {}).unwrap();
    // EASE's half as another thread sends it back.
    let ease = ease_models(job.ledger, &job.params, &mut |_| {}).unwrap();
    let ease: EaseModels = serde_json::from_str(&serde_json::to_string(&ease).unwrap()).unwrap();
    let joined = recommendations_joined(&prepared, &p, main, ease).unwrap();
    assert_eq!(joined.outcome, whole.outcome);
    assert!(
        EaseJob::of(&prepared, &p).unwrap().is_none(),
        "the models are kept now"
    );
}
