//! Each customer's spending per active calendar month: mean, sample standard deviation
//! and least-squares trend, in month order.

use super::FeaturesError;
use crate::columns::{col, Field};
use crate::frame::group_by;
use crate::internal::Internal;
use polars::prelude::*;
use std::collections::HashMap;

/// Mean, sample standard deviation and least-squares slope of a customer's spend over
/// their active calendar months, in month order.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct SeriesStats {
    pub mean: f64,
    pub std: f64,
    pub slope: f64,
}

pub(super) fn series_stats(ys: &[f64]) -> SeriesStats {
    let n = ys.len() as f64;
    if ys.is_empty() {
        return SeriesStats::default();
    }
    let mean = ys.iter().sum::<f64>() / n;
    if ys.len() == 1 {
        return SeriesStats {
            mean,
            std: 0.0,
            slope: 0.0,
        };
    }
    let var = ys.iter().map(|y| (y - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let x_mean = (n - 1.0) / 2.0;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, y) in ys.iter().enumerate() {
        let dx = i as f64 - x_mean;
        sxy += dx * (y - mean);
        sxx += dx * dx;
    }
    SeriesStats {
        mean,
        std: var.sqrt(),
        slope: sxy / sxx,
    }
}

pub(super) fn stats(lf: LazyFrame) -> Result<HashMap<String, SeriesStats>, FeaturesError> {
    let err = Internal::polars("computing monthly spending");
    let key = Field::CustomerId.column();
    let df = group_by(
        lf,
        &[col(key), col(col::MONTH)],
        vec![col(col::SPEND).sum()],
    )
    .and_then(|df| df.sort([key, col::MONTH], SortMultipleOptions::default()))
    .map_err(err)?;
    let ids = df
        .column(key)
        .and_then(|c| c.str().cloned())
        .map_err(Internal::polars("monthly"))?;
    let spend = df
        .column(col::SPEND)
        .and_then(|c| c.f64().cloned())
        .map_err(Internal::polars("monthly"))?;
    let mut out = HashMap::new();
    let mut series: Vec<f64> = Vec::new();
    let mut current: Option<&str> = None;
    for (id, s) in ids.into_iter().zip(&spend) {
        let id = id.unwrap_or("");
        if current != Some(id) {
            if let Some(prev) = current {
                out.insert(prev.to_owned(), series_stats(&series));
            }
            series.clear();
            current = Some(id);
        }
        series.push(s.unwrap_or(0.0));
    }
    if let Some(prev) = current {
        out.insert(prev.to_owned(), series_stats(&series));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn series_stats_match_hand_computation() {
        let s = series_stats(&[10.0, 20.0, 60.0]);
        assert!((s.mean - 30.0).abs() < 1e-12);
        // sample variance: (400 + 100 + 900) / 2 = 700
        assert!((s.std - 700f64.sqrt()).abs() < 1e-12);
        // slope: Σ(x−1)(y−30) / Σ(x−1)² = (20 + 0 + 30) / 2 = 25
        assert!((s.slope - 25.0).abs() < 1e-12);
        assert_eq!(
            series_stats(&[5.0]),
            SeriesStats {
                mean: 5.0,
                std: 0.0,
                slope: 0.0
            }
        );
    }
}
