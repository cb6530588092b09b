use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn headers_of_both_dataset_versions_map_to_fields() {
    let check = |h: &str, f: Field| assert_eq!(field_for_header(h), Some(f), "{h}");
    check("InvoiceNo", Field::Invoice);
    check("Invoice", Field::Invoice);
    check("Customer ID", Field::CustomerId);
    check("customer_id", Field::CustomerId);
    check("Price", Field::UnitPrice);
    check(" UnitPrice ", Field::UnitPrice);
    assert_eq!(field_for_header("Colour"), None);
}

#[test]
fn aggregate_columns_are_distinct_and_indexed_in_order() {
    for (i, a) in Aggregate::ALL.iter().enumerate() {
        assert_eq!(a.index(), i);
        let same = Aggregate::ALL.iter().filter(|b| b.column() == a.column());
        assert_eq!(same.count(), 1, "{a:?}");
    }
}

#[test]
fn feature_index_matches_position() {
    for (i, f) in Feature::ALL.iter().enumerate() {
        assert_eq!(f.index(), i);
    }
    assert_eq!(Feature::ALL.iter().filter(|f| !f.is_scaled()).count(), 2);
}
