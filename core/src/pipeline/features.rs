//! Layer 2, per file and feature settings (the mode): every customer's 15 features.

use super::file::FileKey;
use crate::columns::Feature;
use crate::features::{CustomerFeatures, FeatureParams};
use serde::{Deserialize, Serialize};

/// What a feature table depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FeatureKey {
    pub file: FileKey,
    pub params: FeatureParams,
}

/// One row per customer of the feature table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureTable {
    pub key: FeatureKey,
    pub ids: Vec<String>,
    /// Row-major: `features[i]` has the 15 features of customer i, in `Feature::ALL` order.
    pub features: Vec<Vec<f64>>,
    /// Customers left out of the feature table (reference mode).
    pub dropped_single_line: usize,
    /// The file's main country, which the location feature compares with.
    pub main_country: Option<String>,
    /// Features with one value for every customer of this file. They cannot tell
    /// customers apart, so they weigh nothing in the model: the outlier forest never
    /// splits on them, and they scale to zero before PCA and K-Means.
    #[serde(default)]
    pub constant: Vec<Feature>,
}

impl FeatureTable {
    pub(crate) fn of(key: FeatureKey, table: &CustomerFeatures) -> FeatureTable {
        FeatureTable {
            key,
            ids: table.ids.clone(),
            features: table
                .values
                .rows()
                .into_iter()
                .map(|r| r.to_vec())
                .collect(),
            dropped_single_line: table.dropped_single_line,
            main_country: table.main_country.clone(),
            constant: constant_features(table.values.view()),
        }
    }
}

/// The features (columns of `x`, in `Feature::ALL` order) with a single value.
pub fn constant_features(x: ndarray::ArrayView2<'_, f64>) -> Vec<Feature> {
    Feature::ALL
        .into_iter()
        .zip(x.columns())
        .filter(|(_, c)| c.iter().all(|v| *v == c[0]))
        .map(|(f, _)| f)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_feature_with_one_value_is_constant() {
        let mut x = ndarray::Array2::<f64>::zeros((3, Feature::COUNT));
        for (i, mut row) in x.rows_mut().into_iter().enumerate() {
            row.fill(i as f64);
        }
        x.column_mut(Feature::IsUk.index()).fill(1.0);
        assert_eq!(constant_features(x.view()), [Feature::IsUk]);
    }
}
