//! One customer's recommended products, each with the reason a marketer can repeat to a
//! colleague ("Best seller #2 in 'Recent, frequent, high spend'; not yet bought").

use crate::format;
use crate::layers::Customers;
use crate::naming::SegmentName;
use segwork_core::pipeline::Segmentation;
use segwork_core::recommend::Product;

#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub rank: usize,
    pub product: Product,
    pub reason: String,
}

/// Why a customer has no suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoSuggestion {
    /// Outliers are left out of the segments, and so of the recommendations.
    Outlier,
    /// The customer already bought every best seller of their segment.
    BoughtThemAll,
    /// No such customer in the table.
    Unknown,
}

impl NoSuggestion {
    pub fn message(self) -> &'static str {
        match self {
            NoSuggestion::Outlier => "This customer is an outlier: outliers belong to no segment, so they get no segment-based recommendations.",
            NoSuggestion::BoughtThemAll => "This customer already bought every best seller of their segment.",
            NoSuggestion::Unknown => "No customer with this id in the analysed data.",
        }
    }
}

/// The name a segment is shown under.
pub fn segment_label(names: &[SegmentName], segment: usize) -> String {
    names
        .get(segment)
        .map_or_else(|| format!("Segment {}", segment + 1), |n| n.name.clone())
}

/// Finds a customer's row by id (exact match, surrounding spaces ignored).
pub fn find_customer(ids: &[String], id: &str) -> Option<usize> {
    let id = id.trim();
    ids.iter().position(|c| c == id)
}

/// The suggestions for the customer in row `row` of the customer table.
pub fn for_customer(
    customers: Customers<'_>,
    segmentation: &Segmentation,
    names: &[SegmentName],
    row: usize,
) -> Result<Vec<Suggestion>, NoSuggestion> {
    let id = customers.ids.get(row).ok_or(NoSuggestion::Unknown)?;
    if customers.outlier.get(row).copied().unwrap_or(false) {
        return Err(NoSuggestion::Outlier);
    }
    let picks = segmentation
        .recommendations
        .customers
        .iter()
        .find(|c| &c.customer_id == id)
        .ok_or(NoSuggestion::Outlier)?;
    let products = segmentation
        .recommendations
        .segments
        .iter()
        .find(|s| s.segment == picks.segment)
        .map(|s| s.products.as_slice())
        .unwrap_or(&[]);
    let label = segment_label(names, picks.segment);
    let out: Vec<Suggestion> = picks
        .picks
        .iter()
        .enumerate()
        .filter_map(|(rank, &p)| {
            let product = products.get(p)?;
            let reason = format!(
                "Best seller #{} in segment '{label}' ({} units, {} buyers); not yet bought by this customer.",
                p + 1,
                format::number(product.quantity, 0),
                format::count(product.buyers),
            );
            Some(Suggestion { rank: rank + 1, product: product.clone(), reason })
        })
        .collect();
    if out.is_empty() {
        Err(NoSuggestion::BoughtThemAll)
    } else {
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, through wasm-bindgen-test, in headless Chromium.
    use segwork_core::recommend::{CustomerPicks, Recommendations, SegmentProducts};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn product(code: &str, quantity: f64) -> Product {
        Product {
            stock_code: code.into(),
            description: format!("ITEM {code}"),
            quantity,
            revenue: quantity * 2.0,
            buyers: 12,
        }
    }

    fn recommendations() -> Recommendations {
        Recommendations {
            segments: vec![SegmentProducts {
                segment: 0,
                products: vec![product("A", 900.0), product("B", 1500.0)],
            }],
            customers: vec![
                CustomerPicks {
                    customer_id: "17850".into(),
                    segment: 0,
                    picks: vec![1],
                },
                CustomerPicks {
                    customer_id: "12346".into(),
                    segment: 0,
                    picks: vec![],
                },
            ],
        }
    }

    fn check(row: usize, outlier: bool) -> Result<Vec<Suggestion>, NoSuggestion> {
        let mut table = crate::testing::table(3);
        table.ids = vec!["17850".into(), "12346".into(), "99999".into()];
        table.outlier = vec![false, false, outlier];
        let names = vec![SegmentName {
            name: "Loyal big spenders".into(),
            description: String::new(),
        }];
        let l = crate::testing::layers(table, recommendations());
        let (f, m, s) = (
            l.features.unwrap(),
            l.model.unwrap(),
            l.segmentation.unwrap(),
        );
        let customers = Customers::of(&f, &m, &s).ok_or(NoSuggestion::Unknown)?;
        for_customer(customers, &s, &names, row)
    }

    #[test]
    fn explains_each_pick_with_its_rank_in_the_segment() {
        let s = check(0, false).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].product.stock_code, "B");
        assert_eq!(
            s[0].reason,
            "Best seller #2 in segment 'Loyal big spenders' (1,500 units, 12 buyers); not yet bought by this customer."
        );
    }

    #[test]
    fn says_why_there_is_nothing_to_suggest() {
        assert_eq!(check(1, false), Err(NoSuggestion::BoughtThemAll));
        assert_eq!(check(2, true), Err(NoSuggestion::Outlier));
        assert_eq!(check(7, false), Err(NoSuggestion::Unknown));
    }
}
