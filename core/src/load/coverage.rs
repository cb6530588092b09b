//! What a file's missing fields mean for the analysis, in the user's words: shown by the
//! mapping step while the user chooses columns, and beside the results once read.

use crate::columns::Field;

/// One line per consequence of the absent fields, in field order; products count as
/// absent only when neither their id nor their name is there.
pub fn consequences(absent: &[Field]) -> Vec<&'static str> {
    let no = |f| absent.contains(&f);
    let no_products = no(Field::StockCode) && no(Field::Description);
    let mut out: Vec<&'static str> = Field::ALL
        .into_iter()
        .filter(|f| no(*f))
        .filter_map(|f| {
            Some(match f {
                Field::Invoice => {
                    "No order id: each customer's lines at one date and time count as one order."
                }
                Field::Quantity => "No quantity: each line counts as one item.",
                Field::Country => "No country: the location feature is left out of the model.",
                Field::StockCode | Field::Description if no_products => {
                    "No product id or name: product recommendations are skipped."
                }
                Field::StockCode => "No product id: products are told apart by name.",
                Field::Description => "No product name: products are shown by id.",
                _ => return None,
            })
        })
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn products_are_skipped_only_without_id_and_name() {
        assert_eq!(
            consequences(&[Field::StockCode]),
            ["No product id: products are told apart by name."]
        );
        assert_eq!(
            consequences(&[Field::StockCode, Field::Description, Field::Country]),
            [
                "No product id or name: product recommendations are skipped.",
                "No country: the location feature is left out of the model."
            ]
        );
        assert!(consequences(&[]).is_empty());
    }
}
