use super::*;
// The same tests run natively and, through wasm-bindgen-test, in headless Chromium.
use segwork_core::columns::Field;
use segwork_core::LoadError;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: T) {
    let bytes = encode(&value).unwrap_or_default();
    assert!(!bytes.is_empty());
    assert_eq!(decode::<T>(&bytes).ok(), Some(value));
}

#[test]
fn a_failed_allocation_is_reported_as_memory() {
    let oom = Failure::Crash {
        message:
            "panicked at stacker/src/alloc_stack_restore_guard.rs:24:9:\nunable to allocate stack"
                .to_owned(),
    };
    assert!(oom
        .message()
        .starts_with("The browser could not give the analysis engine enough memory"));
    let bug = Failure::Crash {
        message: "panicked at core/src/x.rs:1:1: index out of bounds".to_owned(),
    };
    assert!(bug
        .message()
        .starts_with("The analysis engine stopped unexpectedly"));
    assert!(oom.is_crash() && bug.is_crash());
}

#[test]
fn requests_round_trip_with_a_mapping_and_an_empty_sweep() {
    let mut options = LoadOptions::default();
    options
        .mapping
        .insert(Field::CustomerId, "Client".to_owned());
    round_trip(Request::Prepare {
        id: 7,
        options,
        clean: CleanParams::default(),
    });
    let mut params = AnalysisParams::default();
    params.model.sweep = segwork_core::model::no_sweep();
    params.model.kmeans.k = 5;
    round_trip(Request::Analyse {
        id: 8,
        params,
        held: Box::default(),
    });
}

#[test]
fn a_new_k_sends_only_its_segmentation_far_smaller_than_everything() {
    let l = crate::testing::layers(crate::testing::table(500), Default::default());
    let a = l.analysis().unwrap();
    let answer = |held: &Held| Response::Analysed {
        id: 1,
        params: Box::new(a.params.clone()),
        layers: held.missing(&a),
        timings: vec![],
        total_ms: 1.0,
        wasm_memory_bytes: 0.0,
    };
    let everything = answer(&Held::default());
    round_trip(everything.clone());
    let mut held = l.held();
    held.segmentation = None;
    let new_k = answer(&held);
    round_trip(new_k.clone());
    let size = |r: &Response| encode(r).map_or(0, |b| b.len());
    assert!(size(&new_k) * 5 < size(&everything));
}

#[test]
fn failures_round_trip_with_their_typed_error() {
    let missing = LoadError::MissingColumns {
        sheet: "Sheet1".into(),
        missing: vec![Field::CustomerId, Field::Country],
        found: vec!["InvoiceNo".into(), "Client".into()],
        preview: None,
    };
    let failure = Failure::Core(segwork_core::Error::Load(missing));
    assert!(failure.message().contains("Client"));
    round_trip(Response::Failed {
        id: Some(3),
        failure,
    });
}

#[test]
fn progress_keeps_nan_which_json_would_lose() {
    let bytes = encode(&Response::Progress {
        id: 1,
        stage: Stage::Load,
        fraction: Some(f64::NAN),
        elapsed_ms: 2.0,
    })
    .unwrap_or_default();
    let back: Option<Response> = decode(&bytes).ok();
    assert!(matches!(back, Some(Response::Progress { fraction: Some(f), .. }) if f.is_nan()));
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    assert!(decode::<Response>(&[250, 251, 252]).is_err());
}

#[test]
fn the_helper_reads_the_ledger_the_worker_sends_without_copying_it() {
    use segwork_core::backtest::BacktestParams;
    use segwork_core::ledger::{Ledger, Line};
    let ledger = Ledger {
        customers: vec!["12347".to_owned()],
        lines: vec![Line {
            customer: 0,
            order: 0,
            day: 15_000,
            product: 0,
            quantity: 2.0,
            spend: f64::NAN,
        }],
        last_day: 15_000,
        ..Ledger::default()
    };
    let params = BacktestParams::default();
    let sent = EaseAskRef {
        id: 7,
        ledger: &ledger,
        params: &params,
    };
    let read: EaseAsk = decode(&encode(&sent).unwrap_or_default()).unwrap();
    assert_eq!((read.id, &read.params), (7, &params));
    assert_eq!(read.ledger.lines[0].quantity, 2.0);
    assert!(read.ledger.lines[0].spend.is_nan(), "postcard keeps NaN");
    assert_eq!(read.ledger.customers, ledger.customers);
    round_trip(EaseAnswer::Failed {
        id: Some(7),
        message: "the helper panicked".to_owned(),
    });
}
