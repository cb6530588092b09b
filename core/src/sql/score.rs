//! A fitted model written out ([`ModelSpec`], `model.json`) and its scoring as SQL:
//! the outlier forest's trees as nested CASE expressions, the scaling, the PCA
//! projection and the nearest centroid, so every customer of a feature table on the
//! cluster is assigned as the core assigns them.

use super::{text, SqlError, CUSTOMER_COLUMN};
use crate::columns::Feature;
use crate::model::isolation_forest::{average_path_length, Node};
use crate::model::{Base, Clustering, IsolationForest, Scaler};
use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

/// The segment column of the scored table: 1, 2, … as segments are numbered for people,
/// NULL for an outlier.
pub const SEGMENT_COLUMN: &str = "segment";
/// The outlier flag of the scored table.
pub const OUTLIER_COLUMN: &str = "outlier";

/// Everything needed to assign a customer to a segment, as fitted by the core.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSpec {
    /// The feature names, in the order every vector below follows.
    pub features: Vec<String>,
    pub forest: IsolationForest,
    /// A customer whose path lengths sum to less than this is an outlier: the forest's
    /// own threshold on the score, moved onto the sums so that it classifies every
    /// customer the model was fitted on exactly as the core did; `None` when the model
    /// flags no outliers.
    pub outlier_below: Option<f64>,
    pub scaler: Scaler,
    pub pca_mean: Vec<f64>,
    /// The kept components, one row each.
    pub components: Vec<Vec<f64>>,
    /// The K-Means model's centroids, segment 1 first.
    pub centroids: Vec<Vec<f64>>,
}

impl ModelSpec {
    /// The model fitted on the feature matrix `x` (the one `base` was fitted on).
    pub fn new(x: ArrayView2<'_, f64>, base: &Base, clustering: &Clustering) -> Self {
        let totals = base.forest.path_totals(x);
        let pick = |outlier: bool| {
            totals
                .iter()
                .zip(&base.outlier)
                .filter(move |(_, &o)| o == outlier)
                .map(|(t, _)| *t)
        };
        let highest_out = pick(true).fold(f64::NEG_INFINITY, f64::max);
        let lowest_in = pick(false).fold(f64::INFINITY, f64::min);
        let outlier_below = base.outlier.iter().any(|&o| o).then(|| {
            // score < offset ⟺ mean path < −c·log2(−offset); kept between the sums of
            // the fitted outliers and inliers.
            let n = base.forest.trees.len() as f64;
            let c = average_path_length(base.forest.psi);
            let exact = -c * n * (-base.forest.offset).log2();
            if exact > highest_out && exact <= lowest_in {
                exact
            } else {
                lowest_in
            }
        });
        let kept = base.pca.kept;
        Self {
            features: Feature::ALL.iter().map(|f| f.name().to_owned()).collect(),
            forest: base.forest.clone(),
            outlier_below,
            scaler: base.scaler.clone(),
            pca_mean: base.pca.mean.clone(),
            components: base.pca.components.iter().take(kept).cloned().collect(),
            centroids: clustering
                .nearest
                .rows()
                .into_iter()
                .map(|r| r.to_vec())
                .collect(),
        }
    }

    /// Views and the query that score the feature table `input` (`CustomerID` and the
    /// 15 features): the query gives `CustomerID`, [`OUTLIER_COLUMN`] and
    /// [`SEGMENT_COLUMN`], in the input's order of customers left to the engine.
    pub fn plan(&self, input: &str) -> Result<(Vec<(String, String)>, String), SqlError> {
        if input.is_empty() || !input.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(SqlError::TableName(input.to_owned()));
        }
        let (xv, pv) = (format!("{input}_seg_x"), format!("{input}_seg_pc"));
        let feature = |j: usize| text::ident(&self.features[j]);
        let scaled: Vec<String> = (0..self.features.len())
            .map(|j| {
                let s = if self.scaler.applied.get(j).copied().unwrap_or(false) {
                    format!(
                        "({} - {}) / {}",
                        feature(j),
                        text::double(self.scaler.mean[j]),
                        text::double(self.scaler.std[j])
                    )
                } else {
                    feature(j)
                };
                format!("{s} AS s_{j}")
            })
            .collect();
        let trees: Vec<String> = self
            .forest
            .trees
            .iter()
            .map(|t| tree(t, 0, 0.0, &feature))
            .collect();
        let x = format!(
            "SELECT {CUSTOMER_COLUMN}, {}, {} AS path_total FROM {input}",
            scaled.join(", "),
            trees.join(" + ")
        );
        let coords: Vec<String> = self
            .components
            .iter()
            .enumerate()
            .map(|(c, w)| {
                let terms: Vec<String> = w
                    .iter()
                    .zip(&self.pca_mean)
                    .enumerate()
                    .map(|(j, (w, m))| {
                        format!("(s_{j} - {}) * {}", text::double(*m), text::double(*w))
                    })
                    .collect();
                format!("{} AS p_{c}", terms.join(" + "))
            })
            .collect();
        let outlier = match self.outlier_below {
            Some(t) => format!("path_total < {}", text::double(t)),
            None => "false".to_owned(),
        };
        let pc = format!(
            "SELECT {CUSTOMER_COLUMN}, {outlier} AS {OUTLIER_COLUMN}, {} FROM {xv}",
            coords.join(", ")
        );
        Ok((vec![(xv, x), (pv.clone(), pc)], self.nearest(&pv)))
    }

    /// The nearest centroid by squared distance, the first on a tie; NULL for outliers.
    fn nearest(&self, pc: &str) -> String {
        let dist: Vec<String> = self
            .centroids
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let terms: Vec<String> = c
                    .iter()
                    .enumerate()
                    .map(|(j, v)| format!("(p_{j} - {v}) * (p_{j} - {v})", v = text::double(*v)))
                    .collect();
                format!("{} AS d_{k}", terms.join(" + "))
            })
            .collect();
        let k = self.centroids.len();
        let mut case = format!("CASE WHEN {OUTLIER_COLUMN} THEN NULL");
        for a in 0..k.saturating_sub(1) {
            let beats: Vec<String> = (a + 1..k).map(|b| format!("d_{a} <= d_{b}")).collect();
            case.push_str(&format!(" WHEN {} THEN {}", beats.join(" AND "), a + 1));
        }
        case.push_str(&format!(" ELSE {k} END"));
        format!(
            "SELECT {CUSTOMER_COLUMN}, {OUTLIER_COLUMN}, CAST({case} AS INT) AS {SEGMENT_COLUMN} FROM (SELECT {CUSTOMER_COLUMN}, {OUTLIER_COLUMN}, {} FROM {pc}) d",
            dist.join(", ")
        )
    }
}

/// A tree's path length for a row, as nested CASE expressions: the leaf's depth plus the
/// average path length of its size, computed as the core computes it.
fn tree(nodes: &[Node], i: usize, depth: f64, feature: &dyn Fn(usize) -> String) -> String {
    match nodes.get(i) {
        Some(Node::Split {
            feature: f,
            threshold,
            left,
            right,
        }) => format!(
            "CASE WHEN {} <= {} THEN {} ELSE {} END",
            feature(*f),
            text::double(*threshold),
            tree(nodes, *left, depth + 1.0, feature),
            tree(nodes, *right, depth + 1.0, feature)
        ),
        Some(Node::Leaf { size }) => text::double(depth + average_path_length(*size)),
        None => "0e0".to_owned(),
    }
}
