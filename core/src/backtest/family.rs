//! One model family (item-kNN or EASE) measured on its own: its settings and its blend
//! with buy again chosen on the validation period, then both scored on the test period.
//! The two families share nothing but the data, so they can be measured in parallel (the
//! page's worker and a helper) and joined (see [`super::Partial::join`]).

use super::cases::{products_bought, Cases, Truth};
use super::{search, BacktestError, BacktestParams, LeftOut, MethodScores, Period, Split};
use crate::ledger::Ledger;
use crate::pipeline::{ProgressFn, Stage, Stages};
use crate::recommend::{Interactions, Method, Partner, Recommender, RecsParams};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One family's measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyScores {
    pub partner: Partner,
    /// The settings chosen: the family's own, buy again's half-life, and the weight of
    /// its best blend (the others as given).
    pub chosen: RecsParams,
    /// The validation NDCG at 10 (next basket) of its best blend; -inf without one.
    pub(super) blend_ndcg: f64,
    /// The family's model and its blend on the validation period.
    pub(super) validation: Vec<MethodScores>,
    /// The same on the test period.
    pub(super) test: Vec<MethodScores>,
    /// Products EASE modelled on the test period's training data (0 for item-kNN).
    pub(super) ease_products: usize,
}

/// What every part of the backtest starts from: the split, the checks that the data can
/// be judged, and the validation period's users and parameter-free recommender.
pub(super) struct Setup {
    pub(super) first_day: i32,
    pub(super) split: Split,
    pub(super) validation: Recommender,
    pub(super) validation_cases: Cases,
    pub(super) test_truth: Truth,
    pub(super) left_out: Vec<LeftOut>,
}

/// A family's choices on the validation period.
pub(super) struct Searched {
    pub(super) partner: Partner,
    pub(super) chosen: RecsParams,
    pub(super) model: Option<MethodScores>,
    pub(super) half_life: Option<MethodScores>,
    pub(super) blend: Option<(f64, MethodScores)>,
    /// The validation recommender with the family's chosen model.
    pub(super) recommender: Recommender,
}

impl Setup {
    pub(super) fn of(ledger: &Ledger, params: &BacktestParams) -> Result<Setup, BacktestError> {
        let first_day = ledger
            .lines
            .iter()
            .map(|l| l.day)
            .min()
            .unwrap_or(ledger.last_day);
        let split = Split::of(first_day, ledger.last_day, params.test_months);
        let days = ledger.last_day - first_day + 1;
        if days < params.min_span_days || split.validation_from <= first_day {
            return Err(BacktestError::TooShort {
                days,
                needed: params
                    .min_span_days
                    .max(ledger.last_day - split.validation_from + 2),
            });
        }
        let validation_truth = Truth::of(ledger, split.validation_from..split.test_from);
        let test_truth = Truth::of(ledger, split.test_from..ledger.last_day + 1);
        let validation = Recommender::unfitted(
            ledger,
            &[],
            &params.recs,
            Arc::new(Interactions::of(ledger, first_day..split.validation_from)),
        );
        let validation_cases = Cases::of(&validation_truth, &validation.interactions);
        for (period, users) in [
            (Period::Validation, validation_cases.cases.len()),
            (
                Period::Test,
                test_truth.users_of(ledger, first_day..split.test_from),
            ),
        ] {
            if users < params.min_customers {
                return Err(BacktestError::TooFewCustomers {
                    period,
                    customers: users,
                    needed: params.min_customers,
                });
            }
        }
        let products = products_bought(ledger, first_day..split.test_from);
        if products < params.min_products {
            return Err(BacktestError::TooFewProducts {
                products,
                needed: params.min_products,
            });
        }
        Ok(Setup {
            first_day,
            split,
            validation,
            validation_cases,
            test_truth,
            left_out: LeftOut::of(ledger),
        })
    }

    /// `partner`'s settings, buy again's half-life and their blend, on the validation
    /// period.
    pub(super) fn search(
        &self,
        params: &BacktestParams,
        partner: Partner,
    ) -> Result<Searched, BacktestError> {
        let mut r = self.validation.clone();
        let cases = &self.validation_cases;
        let mut chosen = params.recs;
        let model = match partner {
            Partner::ItemKnn => search::knn(&mut r, cases, params).map(|(s, m)| {
                (chosen.weighting, chosen.shrinkage, chosen.neighbours) =
                    (s.weighting, s.shrinkage, s.neighbours);
                m
            }),
            Partner::Ease => search::ease(&mut r, cases, params)?.map(|(lambda, m)| {
                chosen.lambda = lambda;
                m
            }),
        };
        let half_life = search::half_life(&mut r, cases, params).map(|(h, m)| {
            chosen.half_life_days = h;
            m
        });
        let blend = search::blend(&mut r, cases, params, partner).map(|(v, m, w)| {
            chosen.blend_weight = w;
            (v, m)
        });
        chosen.partner = partner;
        r.params = chosen;
        Ok(Searched {
            partner,
            chosen,
            model,
            half_life,
            blend,
            recommender: r,
        })
    }

    /// The family refitted on all training data with its chosen settings, and its model
    /// and blend scored on the test period; also the test recommender and users.
    pub(super) fn test(
        &self,
        ledger: &Ledger,
        searched: &Searched,
    ) -> Result<(FamilyScores, Recommender, Cases), BacktestError> {
        let fitted = Recommender::fit_models(
            ledger,
            &[],
            &searched.chosen,
            self.first_day..self.split.test_from,
            &[searched.partner],
        )?;
        let cases = Cases::of(&self.test_truth, &fitted.interactions);
        let methods = [searched.partner.method(), Method::Blend];
        let scores = FamilyScores {
            partner: searched.partner,
            chosen: searched.chosen,
            blend_ndcg: searched.blend.as_ref().map_or(f64::NEG_INFINITY, |b| b.0),
            validation: searched
                .model
                .iter()
                .chain(searched.blend.as_ref().map(|b| &b.1))
                .copied()
                .collect(),
            test: methods.map(|m| cases.judge_one(&fitted, m)).to_vec(),
            ease_products: fitted.ease_products(),
        };
        Ok((scores, fitted, cases))
    }
}

/// Measures one family on its own (stages `RecsSettings` and `RecsBacktest`).
pub fn measure_family(
    ledger: &Ledger,
    params: &BacktestParams,
    partner: Partner,
    mut progress: ProgressFn<'_>,
) -> Result<FamilyScores, BacktestError> {
    let mut stages = Stages::new(&mut progress);
    stages.start(Stage::RecsSettings);
    let setup = Setup::of(ledger, params)?;
    let searched = setup.search(params, partner)?;
    stages.start(Stage::RecsBacktest);
    let (scores, _, _) = setup.test(ledger, &searched)?;
    stages.finish();
    Ok(scores)
}
