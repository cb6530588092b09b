//! Backtest of the recommenders, the same protocol for every method: the last two months
//! are the test period and the rest training; hyper-parameters are chosen on the two
//! months before the test period (fitted on what precedes them), then every method is
//! refitted on all training data and scored once on the test period.
//!
//! Users scored: customers with a purchase in training and in the test period.
//! Discovery: the relevant products are those bought in the test period and never in
//! training, the lists leave out training purchases, and customers with nothing new are
//! skipped. Next basket: every product bought in the test period is relevant.
//!
//! Only the reference method and the segment best sellers use the segments. [`measure`]
//! does everything else once per file; [`Measured::with_segments`] completes it for one
//! segmentation in a fraction of the time, so a new k does not measure again.

mod cases;
mod metrics;
mod params;
mod search;
mod split;
#[cfg(test)]
mod tests;

pub use metrics::Metrics;
pub use params::{BacktestError, BacktestParams, Grid, Period};
pub use split::Split;

use crate::ledger::Ledger;
use crate::params::Valid;
use crate::pipeline::{ProgressFn, Stage, Stages};
use crate::recommend::{Defaults, Interactions, List, Method, Recommender, RecsParams};
use cases::{products_bought, Cases, Truth};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use thiserror::Error;

/// One list's scores for one method.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ListScores {
    pub users: usize,
    pub at_3: Metrics,
    pub at_10: Metrics,
    /// Share of the products bought in training that appear in some 10-product list.
    pub coverage: f64,
}

/// One method's scores on both lists (None for a list it does not serve).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MethodScores {
    pub method: Method,
    pub discovery: Option<ListScores>,
    pub next_basket: Option<ListScores>,
}

impl MethodScores {
    pub fn of(&self, list: List) -> Option<&ListScores> {
        match list {
            List::Discovery => self.discovery.as_ref(),
            List::NextBasket => self.next_basket.as_ref(),
        }
    }
}

/// Users scored per list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Users {
    pub discovery: usize,
    pub next_basket: usize,
}

/// The backtest's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestReport {
    pub split: Split,
    /// Users scored on the test period.
    pub users: Users,
    /// Users scored on the validation period.
    pub validation_users: Users,
    /// Every judged method's scores on the test period, in [`Method::ALL`] order.
    pub methods: Vec<MethodScores>,
    /// The same on the validation period, with the chosen settings.
    pub validation: Vec<MethodScores>,
    /// The settings chosen on the validation period.
    pub chosen: RecsParams,
    /// Products EASE modelled in the final fit.
    pub ease_products: usize,
    /// The best method per list on the validation period (NDCG at 10): the default.
    pub best: Defaults,
    /// Methods not judged on this file, and why.
    #[serde(default)]
    pub left_out: Vec<LeftOut>,
}

/// A method the backtest leaves out because on this file it would repeat another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum LeftOut {
    #[error("Popularity in the country is left out: every customer is in the same country (or the file names none), so it would repeat popularity by buyers.")]
    OneCountry,
}

impl LeftOut {
    pub fn method(self) -> Method {
        match self {
            LeftOut::OneCountry => Method::CountryPopularity,
        }
    }

    /// What `ledger` leaves out.
    fn of(ledger: &Ledger) -> Vec<LeftOut> {
        let first = ledger.country.first();
        if ledger.country.iter().any(|c| Some(c) != first) {
            Vec::new()
        } else {
            vec![LeftOut::OneCountry]
        }
    }
}

impl BacktestReport {
    /// The test scores of `method`.
    pub fn scores(&self, method: Method) -> Option<&MethodScores> {
        self.methods.iter().find(|m| m.method == method)
    }
}

/// The methods that use the segments, judged per segmentation.
const SEGMENTED: [Method; 2] = [Method::Reference, Method::SegmentPopularity];

/// The part of the backtest that does not depend on the segments: every other method
/// measured (its settings searched on the validation period, then scored on the test
/// period), and what judging the segment methods needs, for any segmentation.
#[derive(Debug)]
pub struct Measured {
    /// The report without the methods that use the segments.
    report: BacktestReport,
    validation: Judging,
    test: Judging,
}

/// One period's scored users, and its recommender with the chosen settings but without
/// item-kNN and EASE (not needed to judge the segment methods, and large).
#[derive(Debug)]
struct Judging {
    recommender: Recommender,
    cases: Cases,
}

impl Judging {
    fn of(mut recommender: Recommender, cases: Cases) -> Judging {
        recommender.knn = Arc::default();
        recommender.ease = Arc::default();
        Judging { recommender, cases }
    }
}

impl Measured {
    /// The settings chosen on the validation period.
    pub fn chosen(&self) -> RecsParams {
        self.report.chosen
    }

    /// The whole backtest for one segmentation (`segments` gives each ledger customer's
    /// segment, None = no segment): the reference method and the segment best sellers
    /// judged on both periods, and the best method per list chosen among all.
    pub fn with_segments(&self, ledger: &Ledger, segments: &[Option<u32>]) -> BacktestReport {
        let mut report = self.report.clone();
        let left_out = report.left_out.clone();
        let periods = [
            (&self.validation, &mut report.validation),
            (&self.test, &mut report.methods),
        ];
        for (period, scores) in periods {
            let r = period.recommender.with_segments(ledger, segments);
            for method in SEGMENTED {
                if left_out.iter().all(|l| l.method() != method) {
                    scores.push(period.cases.judge_one(&r, method));
                }
            }
            scores.sort_by_key(|s| Method::ALL.iter().position(|&m| m == s.method));
        }
        report.best = search::best_of(&report.validation);
        report
    }
}

/// Backtests every method on `ledger`. `segments` gives each ledger customer's segment
/// (None = no segment) for the segment best sellers and the reference method. Reports
/// the stages `RecsSettings` (the search on the validation months) and `RecsBacktest`.
pub fn backtest(
    ledger: &Ledger,
    segments: &[Option<u32>],
    params: &Valid<BacktestParams>,
    progress: ProgressFn<'_>,
) -> Result<BacktestReport, BacktestError> {
    Ok(measure(ledger, params, progress)?.with_segments(ledger, segments))
}

/// Backtests every method that does not use the segments (see [`Measured`]), reporting
/// the stages `RecsSettings` and `RecsBacktest`.
pub fn measure(
    ledger: &Ledger,
    params: &Valid<BacktestParams>,
    mut progress: ProgressFn<'_>,
) -> Result<Measured, BacktestError> {
    let mut stages = Stages::new(&mut progress);
    stages.start(Stage::RecsSettings);
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
    let mut validation = Recommender::unfitted(
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
    let validation_users = validation_cases.users();
    let left_out = LeftOut::of(ledger);
    let judged: Vec<Method> = Method::ALL
        .into_iter()
        .filter(|m| left_out.iter().all(|l| l.method() != *m) && !SEGMENTED.contains(m))
        .collect();
    let (chosen, validation_scores) = search::search(
        &mut validation,
        &validation_cases,
        params,
        &judged,
        &mut stages,
    )?;
    stages.start(Stage::RecsBacktest);
    let fitted = Recommender::fit_window(ledger, &[], &chosen, first_day..split.test_from)?;
    let test_cases = Cases::of(&test_truth, &fitted.interactions);
    stages.within(0.5);
    let methods = judged
        .iter()
        .map(|&method| test_cases.judge_one(&fitted, method))
        .collect();
    stages.finish();
    Ok(Measured {
        report: BacktestReport {
            split,
            users: test_cases.users(),
            validation_users,
            methods,
            best: search::best_of(&validation_scores),
            validation: validation_scores,
            chosen,
            ease_products: fitted.ease_products(),
            left_out,
        },
        validation: Judging::of(validation, validation_cases),
        test: Judging::of(fitted, test_cases),
    })
}
