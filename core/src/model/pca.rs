//! PCA through linfa-reduction, with the explained variance of every component.
//!
//! linfa's `explained_variance_ratio()` is normalised over the kept components only, and
//! its `explained_variance()` divides by the number of components rather than samples, so
//! ratios here come from the singular values over the total sum of squares of the centred
//! data, which is exact whatever is kept.

use super::ModelError;
use linfa::traits::{Fit, Predict};
use linfa::DatasetBase;
use linfa_reduction::Pca;
use ndarray::{Array2, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

/// How many components to keep.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Components {
    Count(usize),
    /// The fewest components whose cumulative explained variance reaches this share.
    Variance(f64),
}

/// A fitted projection.
#[derive(Debug, Clone)]
pub struct FittedPca {
    model: Pca<f64>,
    /// Explained variance ratio of every component (over the total variance).
    pub ratios: Vec<f64>,
    pub kept: usize,
}

impl FittedPca {
    pub fn fit(x: ArrayView2<'_, f64>, components: Components) -> Result<Self, ModelError> {
        let n_features = x.ncols();
        let mean = x.mean_axis(Axis(0)).ok_or(ModelError::NotEnoughCustomers { customers: 0, needed: 2 })?;
        let total: f64 = (&x - &mean).mapv(|v| v * v).sum();
        // Fit all components once: the spectrum is needed anyway, and the first `kept`
        // columns of the full projection are the projection onto the first `kept`.
        let max = n_features.min(x.nrows().saturating_sub(1)).max(1);
        let ds = DatasetBase::from(x.to_owned());
        let model = Pca::params(max).fit(&ds).map_err(|e| ModelError::Pca(e.to_string()))?;
        let ratios: Vec<f64> = model
            .singular_values()
            .iter()
            .map(|s| if total > 0.0 { s * s / total } else { 0.0 })
            .collect();
        let kept = match components {
            Components::Count(c) => c.clamp(1, ratios.len()),
            Components::Variance(target) => {
                let mut acc = 0.0;
                ratios.iter().position(|r| {
                    acc += r;
                    acc >= target - 1e-12
                }).map_or(ratios.len(), |p| p + 1)
            }
        };
        Ok(Self { model, ratios, kept })
    }

    pub fn cumulative(&self) -> f64 {
        self.ratios.iter().take(self.kept).sum()
    }

    /// Coordinates on the kept components.
    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Array2<f64> {
        let full: Array2<f64> = self.model.predict(&x.to_owned());
        full.slice(ndarray::s![.., ..self.kept]).to_owned()
    }

    /// Each kept component's loading on each input feature (components × features).
    pub fn loadings(&self) -> Array2<f64> {
        self.model.components().slice(ndarray::s![..self.kept, ..]).to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn variance_along_a_line_is_one_component() {
        let x = array![[1.0, 2.0, 0.0], [2.0, 4.0, 0.0], [3.0, 6.0, 0.0], [4.0, 8.0, 0.0], [5.0, 10.01, 0.0]];
        let p = FittedPca::fit(x.view(), Components::Variance(0.99)).unwrap();
        assert_eq!(p.kept, 1);
        assert!(p.ratios[0] > 0.9999);
        let sum: f64 = p.ratios.iter().sum();
        assert!((sum - 1.0).abs() < 1e-6, "ratios over all components sum to 1, got {sum}");
        let t = p.transform(x.view());
        assert_eq!(t.ncols(), 1);
        // Projections are centred and spread like the data along the line.
        assert!(t.column(0).sum().abs() < 1e-9);
        assert!((t[[4, 0]] - t[[0, 0]]).abs() > 8.9);
    }

    #[test]
    fn count_is_clamped_to_available_components() {
        let x = array![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 0.5]];
        let p = FittedPca::fit(x.view(), Components::Count(6)).unwrap();
        assert_eq!(p.kept, 2);
        assert!((p.cumulative() - 1.0).abs() < 1e-6);
    }
}
