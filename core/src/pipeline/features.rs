//! Layer 2, per file and feature settings (the mode): every customer's 15 features.

use super::file::FileKey;
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
        }
    }
}
