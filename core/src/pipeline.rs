//! The whole analysis, in two halves: [`prepare`] reads and cleans a file once, and
//! [`analyse`] computes features, model, scores and recommendations from the cleaned
//! data for a given set of parameters, so that changing k or the mode does not parse the
//! file again. Progress is reported through a callback; the core reads no clock, so the
//! caller timestamps the events.

use crate::clean::{clean, CleanStep, Cleaned};
use crate::columns::Feature;
use crate::error::Error;
use crate::features::{features, CustomerFeatures, Mode};
use crate::load::{load, LoadOptions, LoadSummary};
use crate::model::{self, Base, BaseKey, ModelParams, ModelStage, Scores, SweepPoint};
use crate::recommend::{recommend, Purchases, RecommendParams, Recommendations};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex, OnceLock};

/// A named stage of the pipeline, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    Load,
    Clean,
    Features,
    Outliers,
    Scale,
    Pca,
    Cluster,
    Score,
    Sweep,
    Recommend,
}

impl Stage {
    pub const ALL: [Stage; 10] = [
        Stage::Load,
        Stage::Clean,
        Stage::Features,
        Stage::Outliers,
        Stage::Scale,
        Stage::Pca,
        Stage::Cluster,
        Stage::Score,
        Stage::Sweep,
        Stage::Recommend,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Load => "Reading the file",
            Stage::Clean => "Cleaning transactions",
            Stage::Features => "Computing customer features",
            Stage::Outliers => "Finding outliers",
            Stage::Scale => "Scaling features",
            Stage::Pca => "Reducing dimensions (PCA)",
            Stage::Cluster => "Clustering (K-Means)",
            Stage::Score => "Scoring segments",
            Stage::Sweep => "Comparing segment counts",
            Stage::Recommend => "Recommending products",
        }
    }

    fn of(m: ModelStage) -> Stage {
        match m {
            ModelStage::Outliers => Stage::Outliers,
            ModelStage::Scale => Stage::Scale,
            ModelStage::Pca => Stage::Pca,
            ModelStage::Cluster => Stage::Cluster,
            ModelStage::Score => Stage::Score,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Progress {
    Started(Stage),
    /// Fraction of the stage done, 0..=1 (long stages only).
    Within(Stage, f64),
    Finished(Stage),
}

/// Receives progress events.
pub type ProgressFn<'a> = &'a mut dyn FnMut(Progress);

/// Parameters of [`analyse`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisParams {
    pub mode: Mode,
    pub model: ModelParams,
    pub recommend: RecommendParams,
}

/// A file read and cleaned, ready to be analysed with any parameters.
///
/// What does not depend on k is computed on first use and kept, so that changing k or
/// another setting redoes only what depends on it: the feature table of each mode, the
/// customers' purchases for recommendations, and the most recent fitted model bases
/// (outliers, scaling, PCA, pairwise distances and every K-Means clustering made on them).
#[derive(Debug)]
pub struct Prepared {
    pub load: LoadSummary,
    pub cleaned: Cleaned,
    features: [OnceLock<CustomerFeatures>; 2],
    purchases: OnceLock<Purchases>,
    bases: Mutex<Vec<(Mode, BaseKey, Arc<Base>)>>,
}

/// Model bases kept per prepared file. Each holds its inliers' distance matrix (33 MB on
/// the full Online Retail file), so the cache is small: enough to switch between the two
/// modes, or between two outlier settings, without refitting.
const BASES_KEPT: usize = 2;

impl Prepared {
    fn features(&self, mode: Mode) -> Result<&CustomerFeatures, Error> {
        let slot = &self.features[match mode {
            Mode::Corrected => 0,
            Mode::Reference => 1,
        }];
        if let Some(f) = slot.get() {
            return Ok(f);
        }
        let computed = features(&self.cleaned, mode)?;
        Ok(slot.get_or_init(|| computed))
    }

    fn purchases(&self) -> Result<&Purchases, Error> {
        if let Some(p) = self.purchases.get() {
            return Ok(p);
        }
        let computed = Purchases::of(&self.cleaned)?;
        Ok(self.purchases.get_or_init(|| computed))
    }

    /// The model base for a mode and settings: kept, or fitted now (reporting its stages).
    fn base(
        &self,
        mode: Mode,
        table: &CustomerFeatures,
        params: &ModelParams,
        stage: &mut dyn FnMut(model::ModelStage),
    ) -> Result<Arc<Base>, Error> {
        let key = BaseKey::of(params);
        let kept = self.bases.lock().ok().and_then(|bases| {
            bases
                .iter()
                .find(|(m, k, _)| *m == mode && *k == key)
                .map(|(_, _, b)| Arc::clone(b))
        });
        // A k larger than a kept base's inliers is refused by its clustering, with the
        // same error a fresh fit gives.
        if let Some(base) = kept {
            return Ok(base);
        }
        let base = Arc::new(Base::fit(table, params, stage)?);
        if let Ok(mut bases) = self.bases.lock() {
            bases.insert(0, (mode, key, Arc::clone(&base)));
            bases.truncate(BASES_KEPT);
        }
        Ok(base)
    }
}

/// Stage bookkeeping: emits Started/Finished around each stage.
struct Stages<'a, 'b> {
    progress: &'a mut ProgressFn<'b>,
    open: Option<Stage>,
}

impl<'a, 'b> Stages<'a, 'b> {
    fn new(progress: &'a mut ProgressFn<'b>) -> Self {
        Self {
            progress,
            open: None,
        }
    }

    fn start(&mut self, stage: Stage) {
        self.finish();
        (self.progress)(Progress::Started(stage));
        self.open = Some(stage);
    }

    fn within(&mut self, f: f64) {
        if let Some(s) = self.open {
            (self.progress)(Progress::Within(s, f.clamp(0.0, 1.0)));
        }
    }

    fn finish(&mut self) {
        if let Some(s) = self.open.take() {
            (self.progress)(Progress::Finished(s));
        }
    }
}

/// Reads and cleans a file.
pub fn prepare(
    bytes: Vec<u8>,
    options: &LoadOptions,
    mut progress: ProgressFn<'_>,
) -> Result<Prepared, Error> {
    let mut stages = Stages::new(&mut progress);
    stages.start(Stage::Load);
    let loaded = load(bytes, options, &mut |f| stages.within(f))?;
    stages.start(Stage::Clean);
    let cleaned = clean(&loaded)?;
    stages.finish();
    Ok(Prepared {
        load: loaded.summary,
        cleaned,
        features: Default::default(),
        purchases: OnceLock::new(),
        bases: Mutex::new(Vec::new()),
    })
}

/// Everything computed for one set of parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub params: AnalysisParams,
    pub load: LoadSummary,
    pub cleaning: Vec<CleanStep>,
    pub cancelled_rows: usize,
    /// Distinct customers in the cleaned transactions.
    pub customers_total: usize,
    /// Customers left out of the feature table (reference mode).
    pub dropped_single_line: usize,
    pub customers: CustomerTable,
    pub pca: PcaSummary,
    pub segments: Vec<Segment>,
    pub scores: Scores,
    pub sweep: Vec<SweepPoint>,
    pub recommendations: Recommendations,
}

/// One row per customer of the feature table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerTable {
    pub ids: Vec<String>,
    /// Row-major: `features[i]` has the 15 features of customer i, in [`Feature::ALL`] order.
    pub features: Vec<Vec<f64>>,
    pub outlier: Vec<bool>,
    pub outlier_score: Vec<f64>,
    /// Segment of each customer; None for outliers.
    pub segment: Vec<Option<usize>>,
    /// Coordinates on the kept principal components.
    pub coords: Vec<Vec<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PcaSummary {
    /// Explained variance ratio of every component, over the total variance.
    pub ratios: Vec<f64>,
    pub kept: usize,
    pub cumulative: f64,
    /// Loadings of the kept components on the 15 features.
    pub loadings: Vec<Vec<f64>>,
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

/// Computes features, model, sweep and recommendations for a prepared file.
pub fn analyse(
    prepared: &Prepared,
    params: &AnalysisParams,
    mut progress: ProgressFn<'_>,
) -> Result<Analysis, Error> {
    params.model.check()?;
    let mut stages = Stages::new(&mut progress);
    stages.start(Stage::Features);
    let table = prepared.features(params.mode)?;
    let base = prepared.base(params.mode, table, &params.model, &mut |m| {
        stages.start(Stage::of(m))
    })?;
    if !base.has_clustering(params.model.k, &params.model.kmeans) {
        stages.start(Stage::Cluster);
    }
    let clustering = base.clustering(params.model.k, &params.model.kmeans)?;
    stages.start(Stage::Score);
    let fitted = base.score(clustering);
    let sweep = if params.model.sweep.is_empty() {
        vec![]
    } else {
        stages.start(Stage::Sweep);
        base.sweep(&params.model, &mut |f| stages.within(f))?
    };
    stages.start(Stage::Recommend);
    let members: Vec<(&str, usize)> = table
        .ids
        .iter()
        .zip(&fitted.segment)
        .filter_map(|(id, s)| s.map(|s| (id.as_str(), s)))
        .collect();
    let recommendations = recommend(
        prepared.purchases()?,
        &members,
        params.model.k,
        &params.recommend,
    );
    stages.finish();

    let k = params.model.k;
    let segments = (0..k)
        .map(|id| {
            let rows: Vec<usize> = (0..table.ids.len())
                .filter(|&i| fitted.segment[i] == Some(id))
                .collect();
            let means = (0..Feature::COUNT)
                .map(|f| {
                    rows.iter().map(|&i| table.values[[i, f]]).sum::<f64>()
                        / rows.len().max(1) as f64
                })
                .collect();
            Segment {
                id,
                size: rows.len(),
                profile: fitted.profiles.row(id).to_vec(),
                means,
            }
        })
        .collect();
    Ok(Analysis {
        params: params.clone(),
        load: prepared.load.clone(),
        cleaning: prepared.cleaned.steps.clone(),
        cancelled_rows: prepared.cleaned.cancelled_rows,
        customers_total: prepared.cleaned.customers,
        dropped_single_line: table.dropped_single_line,
        customers: CustomerTable {
            features: table
                .values
                .rows()
                .into_iter()
                .map(|r| r.to_vec())
                .collect(),
            ids: table.ids.clone(),
            outlier: base.outlier.clone(),
            outlier_score: base.outlier_score.clone(),
            segment: fitted.segment,
            coords: base.coords.rows().into_iter().map(|r| r.to_vec()).collect(),
        },
        pca: PcaSummary {
            ratios: base.pca.ratios.clone(),
            kept: base.pca.kept,
            cumulative: base.pca.cumulative(),
            loadings: base
                .pca
                .loadings()
                .rows()
                .into_iter()
                .map(|r| r.to_vec())
                .collect(),
        },
        segments,
        scores: fitted.scores,
        sweep,
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
    let model = ModelParams {
        sweep: ks,
        ..params.model.clone()
    };
    model.check()?;
    let mut stages = Stages::new(&mut progress);
    let table = prepared.features(params.mode)?;
    let base = prepared.base(params.mode, table, &model, &mut |m| {
        stages.start(Stage::of(m))
    })?;
    stages.start(Stage::Sweep);
    let points = base.sweep(&model, &mut |f| stages.within(f))?;
    stages.finish();
    Ok(points)
}

/// Reads, cleans and analyses a file in one call.
pub fn run(
    bytes: Vec<u8>,
    load_options: &LoadOptions,
    params: &AnalysisParams,
    progress: ProgressFn<'_>,
) -> Result<Analysis, Error> {
    params.model.check()?;
    let prepared = prepare(bytes, load_options, &mut *progress)?;
    analyse(&prepared, params, progress)
}
