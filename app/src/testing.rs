//! Builders for the native tests of the views' logic.

use segwork_core::load::{LoadSummary, SourceFormat};
use segwork_core::model::Scores;
use segwork_core::pipeline::{CustomerTable, PcaSummary, Segment};
use segwork_core::recommend::Recommendations;
use segwork_core::{Analysis, AnalysisParams};

/// An analysis around a given customer table and recommendations; the rest is filler.
pub fn analysis(customers: CustomerTable, recommendations: Recommendations) -> Analysis {
    let k = customers
        .segment
        .iter()
        .flatten()
        .max()
        .map_or(1, |m| m + 1);
    let segments = (0..k)
        .map(|id| Segment {
            id,
            size: customers.segment.iter().filter(|s| **s == Some(id)).count(),
            profile: vec![0.0; 15],
            means: vec![0.0; 15],
        })
        .collect();
    Analysis {
        params: AnalysisParams::default(),
        load: LoadSummary {
            format: SourceFormat::Xlsx,
            sheets: vec![],
            rows: 0,
        },
        cleaning: vec![],
        cancelled_rows: 0,
        customers_total: customers.ids.len(),
        dropped_single_line: 0,
        pca: PcaSummary {
            ratios: vec![0.5, 0.3],
            kept: 2,
            cumulative: 0.8,
            loadings: vec![],
        },
        customers,
        segments,
        scores: Scores {
            silhouette: 0.2,
            calinski_harabasz: 1.0,
            davies_bouldin: 1.0,
            inertia: 1.0,
        },
        sweep: vec![],
        recommendations,
    }
}

pub fn with_analysis<T>(
    customers: CustomerTable,
    recs: Recommendations,
    f: impl FnOnce(&Analysis) -> T,
) -> T {
    f(&analysis(customers, recs))
}
