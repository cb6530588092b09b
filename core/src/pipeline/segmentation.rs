//! Layer 4, per model base and k: segments, their scores and profiles, and the
//! recommendations drawn from them.

use super::model::ModelKey;
use crate::columns::Feature;
use crate::model::{Fitted, KMeansParams, Scores};
use crate::recommend::{RecommendParams, Recommendations};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// What a segmentation depends on: the model base, K-Means (k included) and the
/// recommendation settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentationKey {
    pub model: ModelKey,
    pub kmeans: KMeansParams,
    pub recommend: RecommendParams,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub id: usize,
    pub size: usize,
    /// Mean z-score of each feature in the segment, in [`Feature::ALL`] order.
    pub profile: Vec<f64>,
    /// Mean of each raw feature in the segment.
    pub means: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segmentation {
    pub key: SegmentationKey,
    /// Segment of each customer (feature-table order); None for outliers.
    pub segment: Vec<Option<usize>>,
    pub segments: Vec<Segment>,
    pub scores: Scores,
    pub recommendations: Recommendations,
}

impl Segmentation {
    /// The number of segments.
    pub fn k(&self) -> usize {
        self.key.kmeans.k
    }

    /// (customers it rests on, segmented customers) when the silhouette is estimated on a
    /// sample (see `model::score`); None when it is exact.
    pub fn silhouette_sample(&self) -> Option<(usize, usize)> {
        let segmented = self.segments.iter().map(|s| s.size).sum();
        let points = self.scores.silhouette_points;
        (0 < points && points < segmented).then_some((points, segmented))
    }
}

/// Each segment's size, mean z-score profile and raw feature means.
pub(crate) fn segments(fitted: &Fitted, values: &Array2<f64>) -> Vec<Segment> {
    (0..fitted.clustering.k)
        .map(|id| {
            let rows: Vec<usize> = (0..values.nrows())
                .filter(|&i| fitted.segment[i] == Some(id))
                .collect();
            let means = (0..Feature::COUNT)
                .map(|f| {
                    rows.iter().map(|&i| values[[i, f]]).sum::<f64>() / rows.len().max(1) as f64
                })
                .collect();
            Segment {
                id,
                size: rows.len(),
                profile: fitted.profiles.row(id).to_vec(),
                means,
            }
        })
        .collect()
}
