//! Standard scaling as in the reference: every feature standardised to mean 0 and unit
//! (population) variance, except the categorical ones, which stay raw.

use crate::columns::Feature;
use crate::params::{Check, Valid};
use ndarray::{Array2, ArrayView2, Axis};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Which features stay raw (the categorical ones, in the reference).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScaleParams {
    pub keep_raw: Vec<Feature>,
}

impl Default for ScaleParams {
    fn default() -> Self {
        Self {
            keep_raw: Feature::ALL
                .into_iter()
                .filter(|f| !f.is_scaled())
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ScaleError {
    #[error("Invalid setting: the feature \"{}\" is listed twice among the unscaled ones.", .feature.label())]
    Repeated { feature: Feature },
}

impl Check for ScaleParams {
    type Error = ScaleError;

    fn check_ref(&self) -> Result<(), ScaleError> {
        for (i, f) in self.keep_raw.iter().enumerate() {
            if self.keep_raw[..i].contains(f) {
                return Err(ScaleError::Repeated { feature: *f });
            }
        }
        Ok(())
    }
}

/// A fitted scaler: per-feature mean and standard deviation, and which are applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scaler {
    pub mean: Vec<f64>,
    pub std: Vec<f64>,
    pub applied: Vec<bool>,
}

impl Scaler {
    /// Fits on `x` (columns in [`Feature::ALL`] order). A constant feature gets std 1, as
    /// scikit-learn does, so it scales to zeros instead of NaN.
    pub fn fit(x: ArrayView2<'_, f64>, params: &Valid<ScaleParams>) -> Self {
        let mean = x.mean_axis(Axis(0)).map(|m| m.to_vec()).unwrap_or_default();
        let std = x
            .std_axis(Axis(0), 0.0)
            .iter()
            .map(|&s| if s > f64::EPSILON { s } else { 1.0 })
            .collect();
        let applied = Feature::ALL
            .iter()
            .map(|f| !params.keep_raw.contains(f))
            .collect();
        Self { mean, std, applied }
    }

    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Array2<f64> {
        let mut out = x.to_owned();
        for (j, mut column) in out.axis_iter_mut(Axis(1)).enumerate() {
            if self.applied.get(j).copied().unwrap_or(false) {
                column.mapv_inplace(|v| (v - self.mean[j]) / self.std[j]);
            }
        }
        out
    }

    /// Standardises every feature, including the unscaled ones: for profiles that compare
    /// segments on one scale.
    pub fn zscores(&self, x: ArrayView2<'_, f64>) -> Array2<f64> {
        let mut out = x.to_owned();
        for (j, mut column) in out.axis_iter_mut(Axis(1)).enumerate() {
            column.mapv_inplace(|v| (v - self.mean[j]) / self.std[j]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn scales_all_but_the_categorical_features() {
        let mut x = Array2::<f64>::zeros((4, Feature::COUNT));
        for (i, v) in [1.0, 2.0, 3.0, 4.0].iter().enumerate() {
            x.row_mut(i).fill(*v);
        }
        let s = Scaler::fit(x.view(), &ScaleParams::default().check().unwrap());
        let t = s.transform(x.view());
        let sd = (1.25f64).sqrt(); // population std of 1..4
        assert!((t[[0, Feature::TotalSpend.index()]] - (1.0 - 2.5) / sd).abs() < 1e-12);
        assert_eq!(t[[0, Feature::IsUk.index()]], 1.0);
        assert_eq!(t[[3, Feature::DayOfWeek.index()]], 4.0);
        let z = s.zscores(x.view());
        assert!((z[[3, Feature::IsUk.index()]] - 1.5 / sd).abs() < 1e-12);
    }

    #[test]
    fn a_constant_feature_scales_to_zero() {
        let x = Array2::<f64>::from_elem((3, Feature::COUNT), 7.0);
        let t = Scaler::fit(x.view(), &ScaleParams::default().check().unwrap()).transform(x.view());
        assert_eq!(t[[1, Feature::TotalSpend.index()]], 0.0);
    }

    #[test]
    fn a_feature_listed_twice_is_refused() {
        let twice = ScaleParams {
            keep_raw: vec![Feature::IsUk, Feature::Hour, Feature::IsUk],
        };
        assert_eq!(
            twice.check(),
            Err(ScaleError::Repeated {
                feature: Feature::IsUk
            })
        );
    }
}
