//! The recommendations' models in two halves that share nothing but the data, so two
//! threads can make them at once (the page's worker and its helper): [`MainModels`], every
//! method but EASE measured and refitted on all purchases, and [`EaseModels`], EASE's.
//! Joined, they are exactly what one thread makes doing both in turn.

use super::{ModelsKey, RecsModels};
use crate::backtest::{measure_family, measure_part, BacktestError, FamilyScores, Partial};
use crate::backtest::{BacktestParams, Measured};
use crate::error::Error;
use crate::ledger::Ledger;
use crate::params::{Check, Valid};
use crate::pipeline::{AnalysisParams, Prepared};
use crate::pipeline::{ProgressFn, Stage, Stages};
use crate::recommend::{Ease, Knn, Partner, Recommender, RecsParams};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Every method but EASE: measured, then refitted on all purchases with its settings.
#[derive(Debug)]
pub struct MainModels {
    measured: Result<Partial, BacktestError>,
    /// Fitted with `measured`'s settings (the given ones when it failed), EASE empty.
    fitted: Recommender,
}

/// EASE's half: measured, then refitted on all purchases with its λ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EaseModels {
    measured: Result<FamilyScores, BacktestError>,
    /// The λ `model` was fitted with.
    lambda: f64,
    model: Result<Ease, Error>,
}

/// What making EASE's half of the models on another thread needs.
pub struct EaseJob<'a> {
    pub ledger: &'a Ledger,
    pub params: BacktestParams,
}

impl<'a> EaseJob<'a> {
    /// The job for these parameters on a prepared file; None when the models are kept,
    /// or when the file has nothing to recommend.
    pub fn of(prepared: &'a Prepared, params: &AnalysisParams) -> Result<Option<Self>, Error> {
        let params = params.backtest.clone().check()?.into_inner();
        let key = ModelsKey {
            file: prepared.report.key,
            params: params.clone(),
        };
        if prepared.recs_models.get(&key).is_some() || !prepared.report.load.has_products() {
            return Ok(None);
        }
        Ok(Some(EaseJob {
            ledger: prepared.ledger()?,
            params,
        }))
    }

    /// The main half of the same models (stages `RecsSettings`, `RecsBacktest`, `RecsFit`).
    pub fn main_models(&self, progress: ProgressFn<'_>) -> Result<MainModels, Error> {
        main_models(self.ledger, &self.params.clone().check()?, progress)
    }
}

/// The main half, reporting the stages `RecsSettings`, `RecsBacktest` and `RecsFit`.
pub fn main_models(
    ledger: &Ledger,
    params: &Valid<BacktestParams>,
    mut progress: ProgressFn<'_>,
) -> Result<MainModels, Error> {
    let measured = measure_part(ledger, params, &mut *progress);
    let settings = measured.as_ref().map_or(params.recs, Partial::chosen);
    let mut stages = Stages::new(&mut progress);
    stages.start(Stage::RecsFit);
    let fitted = Recommender::fit_models(
        ledger,
        &[],
        &settings.check()?.into_inner(),
        i32::MIN..ledger.last_day + 1,
        &[Partner::ItemKnn],
    )?;
    stages.finish();
    Ok(MainModels { measured, fitted })
}

/// EASE's half, reporting the stages `RecsSettings`, `RecsBacktest` and `RecsFit`. The
/// parameters are checked here: it may run in another thread.
pub fn ease_models(
    ledger: &Ledger,
    params: &BacktestParams,
    mut progress: ProgressFn<'_>,
) -> Result<EaseModels, Error> {
    let params = params.clone().check()?;
    let measured = measure_family(ledger, &params, Partner::Ease, &mut *progress);
    let settings = measured.as_ref().map_or(params.recs, |m| m.chosen);
    let mut stages = Stages::new(&mut progress);
    stages.start(Stage::RecsFit);
    let model = fit_ease(ledger, &settings);
    stages.finish();
    Ok(EaseModels {
        measured,
        lambda: settings.lambda,
        model,
    })
}

fn fit_ease(ledger: &Ledger, settings: &RecsParams) -> Result<Ease, Error> {
    let all = crate::recommend::Interactions::of(ledger, i32::MIN..ledger.last_day + 1);
    Ok(Ease::fit_one(&all, settings)?)
}

/// Both halves joined: the backtest's settings throughout, or the given ones for every
/// model when either half could not be measured (a model fitted with other settings is
/// refitted, which only that case needs).
pub(super) fn join(
    params: &Valid<BacktestParams>,
    main: MainModels,
    ease: EaseModels,
) -> Result<RecsModels, Error> {
    let measured: Result<Measured, BacktestError> = Partial::join(main.measured, ease.measured);
    let settings = measured.as_ref().map_or(params.recs, Measured::chosen);
    let settings = settings.check()?.into_inner();
    let mut fitted = main.fitted;
    let knn_of = |p: &RecsParams| (p.weighting, p.shrinkage.to_bits(), p.neighbours);
    if knn_of(&fitted.params) != knn_of(&settings) {
        fitted.knn = Arc::new(Knn::fit_one(&fitted.interactions, &settings));
    }
    fitted.ease = Arc::new(if ease.lambda == settings.lambda {
        ease.model?
    } else {
        Ease::fit_one(&fitted.interactions, &settings)?
    });
    fitted.params = settings;
    Ok(RecsModels {
        measured,
        settings,
        fitted,
    })
}

/// The backtest of the methods that do not use the segments (stages `RecsSettings` and
/// `RecsBacktest`), then those methods refitted on all purchases with the settings it
/// chose (`RecsFit`): from both halves when they were made elsewhere, else both now.
pub(super) fn models(
    ledger: &Ledger,
    params: &Valid<BacktestParams>,
    parts: Option<(MainModels, EaseModels)>,
    progress: ProgressFn<'_>,
) -> Result<RecsModels, Error> {
    let (main, ease) = match parts {
        Some(parts) => parts,
        None => both_halves(ledger, params, progress)?,
    };
    join(params, main, ease)
}

/// Both halves of the models: natively in two threads at once, in wasm one after the
/// other (the app's worker hands EASE's half to its helper instead).
fn both_halves(
    ledger: &Ledger,
    params: &Valid<BacktestParams>,
    progress: ProgressFn<'_>,
) -> Result<(MainModels, EaseModels), Error> {
    #[cfg(not(target_arch = "wasm32"))]
    let (main, ease) = std::thread::scope(|s| {
        let ease = s.spawn(|| ease_models(ledger, params, &mut |_| {}));
        let main = main_models(ledger, params, progress);
        match ease.join() {
            Ok(ease) => (main, ease),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    // One after the other; the stages are the main half's, as in the app's worker.
    #[cfg(target_arch = "wasm32")]
    let (main, ease) = (
        main_models(ledger, params, progress),
        ease_models(ledger, params, &mut |_| {}),
    );
    Ok((main?, ease?))
}
