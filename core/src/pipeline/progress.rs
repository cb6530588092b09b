//! Progress: the named stages, the events the caller timestamps (the core reads no
//! clock), and the bookkeeping that emits Started/Finished around each stage.

use crate::model::ModelStage;
use serde::{Deserialize, Serialize};

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
    Recommend,
    Sweep,
    Rfm,
    Lifetime,
    Cohorts,
    Baskets,
    RecsSettings,
    RecsBacktest,
    RecsFit,
}

impl Stage {
    /// In the order `run` goes through them: the sweep and the marketer's analyses, layers
    /// of their own, come after the segmentation (the app computes them after showing it).
    pub const ALL: [Stage; 17] = [
        Stage::Load,
        Stage::Clean,
        Stage::Features,
        Stage::Outliers,
        Stage::Scale,
        Stage::Pca,
        Stage::Cluster,
        Stage::Score,
        Stage::Recommend,
        Stage::Sweep,
        Stage::Rfm,
        Stage::Lifetime,
        Stage::Cohorts,
        Stage::Baskets,
        Stage::RecsSettings,
        Stage::RecsBacktest,
        Stage::RecsFit,
    ];

    /// The marketer's analyses, computed after the segments (see `pipeline::insights`).
    pub const INSIGHTS: [Stage; 4] = [Stage::Rfm, Stage::Lifetime, Stage::Cohorts, Stage::Baskets];

    /// The measured recommendations, computed on demand (see `pipeline::recs`): the
    /// settings searched on the validation months, the backtest on the test months, and
    /// every method refitted on all purchases for the lists.
    pub const RECOMMENDERS: [Stage; 3] = [Stage::RecsSettings, Stage::RecsBacktest, Stage::RecsFit];

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
            Stage::Rfm => "Scoring RFM segments",
            Stage::Lifetime => "Fitting lifetime value",
            Stage::Cohorts => "Following cohorts",
            Stage::Baskets => "Finding products bought together",
            Stage::RecsSettings => "Choosing the recommenders' settings on earlier months",
            Stage::RecsBacktest => "Measuring the recommenders on the last months",
            Stage::RecsFit => "Fitting the recommenders on every purchase",
        }
    }

    pub(crate) fn of(m: ModelStage) -> Stage {
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

/// Emits Started/Finished around each stage.
pub(crate) struct Stages<'a, 'b> {
    progress: &'a mut ProgressFn<'b>,
    open: Option<Stage>,
}

impl<'a, 'b> Stages<'a, 'b> {
    pub fn new(progress: &'a mut ProgressFn<'b>) -> Self {
        Self {
            progress,
            open: None,
        }
    }

    pub fn start(&mut self, stage: Stage) {
        self.finish();
        (self.progress)(Progress::Started(stage));
        self.open = Some(stage);
    }

    pub fn within(&mut self, f: f64) {
        if let Some(s) = self.open {
            (self.progress)(Progress::Within(s, f.clamp(0.0, 1.0)));
        }
    }

    pub fn finish(&mut self) {
        if let Some(s) = self.open.take() {
            (self.progress)(Progress::Finished(s));
        }
    }
}

/// A stage left open (a step that failed part-way) is finished all the same.
impl Drop for Stages<'_, '_> {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_stage_is_finished_before_the_next_starts() {
        let mut events = vec![];
        {
            let mut sink = |p: Progress| events.push(p);
            let mut progress: ProgressFn<'_> = &mut sink;
            let mut stages = Stages::new(&mut progress);
            stages.start(Stage::Load);
            stages.within(1.5);
            stages.start(Stage::Clean);
            stages.finish();
            stages.within(0.5);
            // A stage left open is finished when the bookkeeping ends.
            stages.start(Stage::Features);
        }
        use Progress::*;
        assert_eq!(
            events,
            [
                Started(Stage::Load),
                Within(Stage::Load, 1.0),
                Finished(Stage::Load),
                Started(Stage::Clean),
                Finished(Stage::Clean),
                Started(Stage::Features),
                Finished(Stage::Features)
            ]
        );
    }
}
