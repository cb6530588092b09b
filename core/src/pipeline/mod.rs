//! The analysis in layers. [`prepare`] reads and cleans a file once ([`FileReport`]);
//! [`analyse`] computes, for a set of parameters, the layers that depend on them:
//! [`FeatureTable`] (per mode), [`ModelReport`] (outliers, scaling, PCA), [`Segmentation`]
//! (k, scores, recommendations) and [`Sweep`] (the k comparison). Each layer carries the
//! key of what it depends on, and the [`Prepared`] file keeps them by key (`cache.rs`), so
//! a layer is recomputed only when its key changes.
//!
//! To add an analysis: a file here with its key (built from the key of the layer it
//! reads) and its value, a `Kept` slot in `Prepared`, and a field in [`Keys`] and
//! [`Analysis`]. No other layer changes.

mod cache;
mod features;
mod file;
mod insights;
mod model;
mod progress;
mod recs;
mod segmentation;
mod sweep;

pub use cache::Prepared;
pub use features::{FeatureKey, FeatureTable};
pub use file::{iso_day, Caution, FileKey, FileReport};
pub use insights::{
    BasketInsight, BasketLayer, CohortLayer, FileNames, Insight, InsightKey, InsightKeys,
    InsightParams, Insights, LifetimeLayer, RfmLayer, SegmentBaskets,
};
pub use model::{ModelKey, ModelReport, PcaSummary};
pub use progress::{Progress, ProgressFn, Stage};
pub use recs::{
    ease_models, recommendations, recommendations_joined, segments_of, CustomerLists, EaseJob,
    EaseModels, MainModels, RecsKey, RecsLayer, RecsReport, SegmentSellers,
};
pub use segmentation::{Segment, Segmentation, SegmentationKey};
pub use sweep::{Sweep, SweepKey};

use crate::backtest::BacktestParams;
use crate::clean::{clean, CleanParams};
use crate::error::Error;
use crate::features::{FeatureParams, Mode};
use crate::load::{load, LoadOptions};
use crate::model::{ModelParams, SweepPoint};
use crate::params::{Check, Valid};
use crate::recommend::{recommend, RecommendParams};
pub(crate) use progress::Stages;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Parameters of [`analyse`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisParams {
    pub mode: Mode,
    pub model: ModelParams,
    pub recommend: RecommendParams,
    /// The marketer's analyses (RFM, lifetime value, cohorts, baskets).
    #[serde(default)]
    pub insights: InsightParams,
    /// The recommenders' backtest, and the settings it searches.
    #[serde(default)]
    pub backtest: BacktestParams,
}

impl Check for AnalysisParams {
    type Error = Error;

    fn check_ref(&self) -> Result<(), Error> {
        FeatureParams { mode: self.mode }.check_ref()?;
        self.model.check_ref()?;
        self.recommend.check_ref()?;
        self.backtest.check_ref()?;
        Ok(())
    }
}

/// The key of every layer a set of parameters gives on a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keys {
    pub file: FileKey,
    pub features: FeatureKey,
    pub model: ModelKey,
    pub segmentation: SegmentationKey,
    /// None when no sweep is asked for.
    pub sweep: Option<SweepKey>,
    pub insights: InsightKeys,
}

impl Keys {
    pub fn of(file: FileKey, params: &AnalysisParams) -> Keys {
        let features = FeatureKey {
            file,
            params: FeatureParams { mode: params.mode },
        };
        let model = ModelKey::of(features, &params.model);
        let sweep =
            (!params.model.sweep.is_empty()).then(|| SweepKey::of(model.clone(), &params.model));
        Keys {
            file,
            features,
            segmentation: SegmentationKey {
                model: model.clone(),
                kmeans: params.model.kmeans,
                recommend: params.recommend,
            },
            model,
            sweep,
            insights: InsightKeys::of(file, &params.insights),
        }
    }
}

/// Reads and cleans a file (layer 1).
pub fn prepare(
    bytes: Vec<u8>,
    options: &LoadOptions,
    clean_params: &CleanParams,
    mut progress: ProgressFn<'_>,
) -> Result<Prepared, Error> {
    let options = options.clone().check()?;
    let clean_params = clean_params.clone().check()?;
    let key = FileKey::of(&bytes, &options, &clean_params);
    let mut stages = Stages::new(&mut progress);
    stages.start(Stage::Load);
    let loaded = load(bytes, &options, &mut |f| stages.within(f))?;
    stages.start(Stage::Clean);
    let cleaned = clean(&loaded, &clean_params)?;
    stages.finish();
    let report = FileReport::of(key, loaded.summary, &cleaned);
    Ok(Prepared::new(report, cleaned))
}

/// Every layer for one set of parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub params: AnalysisParams,
    pub file: Arc<FileReport>,
    pub features: Arc<FeatureTable>,
    pub model: Arc<ModelReport>,
    pub segmentation: Arc<Segmentation>,
    /// None when no sweep was asked for.
    pub sweep: Option<Arc<Sweep>>,
    /// The marketer's analyses; None until computed (the app shows the segments first).
    #[serde(default)]
    pub insights: Option<Insights>,
    /// The measured recommendations; None until asked for (they take seconds).
    #[serde(default)]
    pub recs: Option<Arc<RecsLayer>>,
}

impl Analysis {
    /// The sweep's points, or none.
    pub fn sweep_points(&self) -> &[SweepPoint] {
        self.sweep.as_deref().map_or(&[], |s| s.points.as_slice())
    }
}

/// Computes the layers for a prepared file, reusing every layer whose key is kept.
pub fn analyse(
    prepared: &Prepared,
    params: &AnalysisParams,
    mut progress: ProgressFn<'_>,
) -> Result<Analysis, Error> {
    let params = params.clone().check()?;
    let keys = prepared.keys(&params);
    let mut stages = Stages::new(&mut progress);
    stages.start(Stage::Features);
    let features = prepared.features(&keys.features)?;
    let model_params = params.model.clone().check()?;
    let model = prepared.base(&keys.model, &features, &model_params, &mut stages)?;
    let segmentation = prepared.segmentation(&keys.segmentation, || {
        segment(
            prepared,
            &keys.segmentation,
            &features,
            &model,
            &params,
            &mut stages,
        )
    })?;
    let sweep = match &keys.sweep {
        Some(key) => {
            stages.start(Stage::Sweep);
            let points = model
                .base
                .sweep(key.ks.clone(), &key.kmeans(2), &mut |f| stages.within(f))?;
            Some(Arc::new(Sweep {
                key: key.clone(),
                points,
            }))
        }
        None => None,
    };
    stages.finish();
    Ok(Analysis {
        params: params.into_inner(),
        file: Arc::clone(&prepared.report),
        features: Arc::clone(&features.report),
        model: Arc::clone(&model.report),
        segmentation,
        sweep,
        insights: None,
        recs: None,
    })
}

/// Clusters, scores and recommends (layer 4).
fn segment(
    prepared: &Prepared,
    key: &SegmentationKey,
    features: &cache::FeatureLayer,
    model: &cache::ModelLayer,
    params: &Valid<AnalysisParams>,
    stages: &mut Stages<'_, '_>,
) -> Result<Segmentation, Error> {
    let base = &model.base;
    let kmeans = key.kmeans.check().map_err(crate::model::ModelError::from)?;
    if !base.has_clustering(&kmeans) {
        stages.start(Stage::Cluster);
    }
    let clustering = base.clustering(&kmeans)?;
    stages.start(Stage::Score);
    let fitted = base.score(clustering);
    let segments = segmentation::segments(&fitted, &features.table.values);
    stages.start(Stage::Recommend);
    let members: Vec<(&str, usize)> = features
        .table
        .ids
        .iter()
        .zip(&fitted.segment)
        .filter_map(|(id, s)| s.map(|s| (id.as_str(), s)))
        .collect();
    let recommend_params = params.recommend.check()?;
    let recommendations = recommend(prepared.purchases()?, &members, kmeans.k, &recommend_params);
    Ok(Segmentation {
        key: key.clone(),
        segment: fitted.segment,
        segments,
        scores: fitted.scores,
        recommendations,
    })
}

/// The k sweep over `ks` for `params`, on a prepared file: the app shows the segments
/// first (analysing with `ModelParams::without_sweep`) and the sweep when it is ready. It
/// reuses the model base and clusterings that [`analyse`] kept, and gives the same points
/// as computing the sweep inside [`analyse`].
pub fn sweep(
    prepared: &Prepared,
    params: &AnalysisParams,
    ks: std::ops::RangeInclusive<usize>,
    mut progress: ProgressFn<'_>,
) -> Result<Vec<SweepPoint>, Error> {
    let model_params = ModelParams {
        sweep: ks.clone(),
        ..params.model.clone()
    }
    .check()?;
    let keys = prepared.keys(params);
    let mut stages = Stages::new(&mut progress);
    let features = prepared.features(&keys.features)?;
    let model = prepared.base(&keys.model, &features, &model_params, &mut stages)?;
    stages.start(Stage::Sweep);
    let points = model
        .base
        .sweep(ks, &params.model.kmeans, &mut |f| stages.within(f))?;
    stages.finish();
    Ok(points)
}

/// Reads, cleans and analyses a file in one call: every layer, the marketer's analyses
/// and the measured recommendations included.
pub fn run(
    bytes: Vec<u8>,
    load_options: &LoadOptions,
    clean_params: &CleanParams,
    params: &AnalysisParams,
    progress: ProgressFn<'_>,
) -> Result<Analysis, Error> {
    params.check_ref()?;
    let prepared = prepare(bytes, load_options, clean_params, &mut *progress)?;
    let mut analysis = analyse(&prepared, params, &mut *progress)?;
    analysis.insights = Some(insights::compute(
        &prepared,
        &params.insights,
        &mut *progress,
    )?);
    analysis.recs = Some(recs::recommendations(&prepared, params, progress)?);
    Ok(analysis)
}

/// The marketer's analyses on a prepared file, reusing every layer whose key is kept.
/// Each layer holds its result or the reason it could not run.
pub fn insights(
    prepared: &Prepared,
    params: &InsightParams,
    progress: ProgressFn<'_>,
) -> Result<Insights, Error> {
    insights::compute(prepared, params, progress)
}
