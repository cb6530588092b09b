//! Builders for the native tests of the views' logic.

use crate::layers::{Customers, Layers};
use segwork_core::columns::Feature;
use segwork_core::load::{DateReading, LoadSummary, Preset, SourceFormat};
use segwork_core::model::Scores;
use segwork_core::pipeline::{
    FeatureTable, FileKey, FileReport, ModelReport, PcaSummary, Segment, Segmentation,
};
use segwork_core::recommend::Recommendations;
use segwork_core::{AnalysisParams, Keys};
use std::sync::Arc;

/// A customer table owned by a test.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub ids: Vec<String>,
    pub features: Vec<Vec<f64>>,
    pub outlier: Vec<bool>,
    pub segment: Vec<Option<usize>>,
    pub coords: Vec<Vec<f64>>,
}

impl Table {
    pub fn view(&self) -> Customers<'_> {
        Customers {
            ids: &self.ids,
            features: &self.features,
            outlier: &self.outlier,
            segment: &self.segment,
        }
    }
}

/// A table of `n` customers whose spend is `i * 10` and whose id is `1000 + i`; every
/// tenth is an outlier, the others are in segments 0, 1 and 2 in turn.
pub fn table(n: usize) -> Table {
    let mut features = Vec::new();
    for i in 0..n {
        let mut row = vec![0.0; Feature::COUNT];
        row[Feature::TotalSpend.index()] = i as f64 * 10.0;
        row[Feature::TotalTransactions.index()] = (i % 7) as f64;
        features.push(row);
    }
    Table {
        ids: (0..n).map(|i| (1000 + i).to_string()).collect(),
        features,
        outlier: (0..n).map(|i| i % 10 == 9).collect(),
        segment: (0..n).map(|i| (i % 10 != 9).then_some(i % 3)).collect(),
        coords: (0..n).map(|i| vec![i as f64, -(i as f64)]).collect(),
    }
}

/// The keys of every layer for `params`, on one made-up file.
pub fn keys(params: &AnalysisParams) -> Keys {
    Keys::of(
        FileKey {
            digest: 1,
            bytes: 100,
        },
        params,
    )
}

/// The layers of an analysis around a given customer table and recommendations (default
/// parameters, sweep asked for but not arrived); the rest is filler.
pub fn layers(t: Table, recommendations: Recommendations) -> Layers {
    let params = AnalysisParams::default();
    let keys = keys(&params);
    let k = t.segment.iter().flatten().max().map_or(1, |m| m + 1);
    let segments = (0..k)
        .map(|id| Segment {
            id,
            size: t.segment.iter().filter(|s| **s == Some(id)).count(),
            profile: vec![0.0; 15],
            means: vec![0.0; 15],
        })
        .collect();
    let n = t.ids.len();
    let segmented = t.segment.iter().flatten().count();
    Layers {
        file: Some(Arc::new(FileReport {
            key: keys.file,
            load: LoadSummary {
                format: SourceFormat::Xlsx,
                preset: Preset::OnlineRetail,
                dates: DateReading::default(),
                absent: vec![],
                time_of_day: None,
                sheets: vec![],
                rows: 0,
            },
            cleaning: vec![],
            cancelled_rows: 0,
            customers_total: n,
            span: Default::default(),
        })),
        features: Some(Arc::new(FeatureTable {
            key: keys.features,
            ids: t.ids,
            features: t.features,
            dropped_single_line: 0,
            main_country: Some("United Kingdom".to_owned()),
            constant: vec![],
        })),
        model: Some(Arc::new(ModelReport {
            key: keys.model.clone(),
            outlier: t.outlier,
            outlier_score: vec![0.0; n],
            coords: t.coords,
            pca: PcaSummary {
                ratios: vec![0.5, 0.3],
                kept: 2,
                cumulative: 0.8,
                loadings: vec![],
            },
        })),
        segmentation: Some(Arc::new(Segmentation {
            key: keys.segmentation,
            segment: t.segment,
            segments,
            scores: Scores {
                silhouette: 0.2,
                silhouette_points: segmented,
                calinski_harabasz: 1.0,
                davies_bouldin: 1.0,
                inertia: 1.0,
            },
            recommendations,
        })),
        sweep: None,
        sweep_progress: None,
        params: Some(params),
        ..Layers::default()
    }
}
