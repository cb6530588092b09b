//! What a brushed group of customers looks like: how many, from which segments, and their
//! typical recency, frequency and spend.

use segwork_core::columns::Feature;
use segwork_core::pipeline::CustomerTable;

/// Features the selection summary reports, as medians.
pub const SUMMARY_FEATURES: [Feature; 4] = [
    Feature::DaysSinceLastPurchase,
    Feature::TotalTransactions,
    Feature::TotalSpend,
    Feature::UniqueProductsPurchased,
];

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub customers: usize,
    pub outliers: usize,
    /// Customers per segment, indexed by segment id.
    pub per_segment: Vec<usize>,
    /// Median of each of [`SUMMARY_FEATURES`].
    pub medians: Vec<(Feature, f64)>,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Summarises the customers in `rows` (indices into the table).
pub fn summarise(table: &CustomerTable, rows: &[usize], k: usize) -> Summary {
    let mut per_segment = vec![0; k];
    let mut outliers = 0;
    for &i in rows {
        match table.segment.get(i).copied().flatten() {
            Some(s) if s < k => per_segment[s] += 1,
            _ => outliers += 1,
        }
    }
    let medians = SUMMARY_FEATURES
        .iter()
        .map(|&f| {
            let values = rows
                .iter()
                .filter_map(|&i| table.features.get(i)?.get(f.index()).copied())
                .collect();
            (f, median(values))
        })
        .collect();
    Summary {
        customers: rows.len(),
        outliers,
        per_segment,
        medians,
    }
}

/// Index of the point nearest to `(x, y)` within `radius`, among `points` (pixel positions
/// with their row). A linear scan: 4,000 points take microseconds.
pub fn nearest(points: &[(f64, f64, usize)], x: f64, y: f64, radius: f64) -> Option<usize> {
    points
        .iter()
        .map(|&(px, py, row)| ((px - x).powi(2) + (py - y).powi(2), row))
        .filter(|(d2, _)| *d2 <= radius * radius)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, row)| row)
}

/// Rows whose point lies inside the rectangle spanned by two corners.
pub fn inside(points: &[(f64, f64, usize)], a: (f64, f64), b: (f64, f64)) -> Vec<usize> {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    points
        .iter()
        .filter(|p| p.0 >= x0 && p.0 <= x1 && p.1 >= y0 && p.1 <= y1)
        .map(|p| p.2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, through wasm-bindgen-test, in headless Chromium.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn summarises_segments_outliers_and_medians() {
        let t = crate::table::tests::table(10);
        let s = summarise(&t, &[0, 1, 2, 3, 9], 3);
        assert_eq!((s.customers, s.outliers), (5, 1));
        assert_eq!(s.per_segment, vec![2, 1, 1]);
        let spend = s
            .medians
            .iter()
            .find(|(f, _)| *f == Feature::TotalSpend)
            .map(|m| m.1);
        assert_eq!(spend, Some(20.0));
    }

    #[test]
    fn finds_the_nearest_point_within_reach() {
        let pts = [(10.0, 10.0, 4), (20.0, 10.0, 7)];
        assert_eq!(nearest(&pts, 16.0, 10.0, 5.0), Some(7));
        assert_eq!(nearest(&pts, 50.0, 50.0, 5.0), None);
    }

    #[test]
    fn brushes_points_in_a_rectangle_drawn_either_way() {
        let pts = [(10.0, 10.0, 4), (20.0, 10.0, 7), (30.0, 30.0, 9)];
        assert_eq!(inside(&pts, (25.0, 5.0), (5.0, 15.0)), vec![4, 7]);
    }
}
