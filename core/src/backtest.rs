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
mod family;
mod metrics;
mod params;
mod partial;
mod search;
mod split;
#[cfg(test)]
mod tests;

pub use family::{measure_family, FamilyScores};
pub use metrics::Metrics;
pub use params::{BacktestError, BacktestParams, Grid, Period};
pub use partial::{measure_part, Partial};
pub use split::Split;

use crate::ledger::Ledger;
use crate::params::Valid;
use crate::pipeline::ProgressFn;
use crate::recommend::{Defaults, List, Method, Partner, Recommender, RecsParams};
use cases::Cases;
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
/// the stages `RecsSettings` and `RecsBacktest`: [`measure_part`] and
/// [`measure_family`] for EASE, one after the other, then joined.
pub fn measure(
    ledger: &Ledger,
    params: &Valid<BacktestParams>,
    progress: ProgressFn<'_>,
) -> Result<Measured, BacktestError> {
    let part = measure_part(ledger, params, progress);
    let ease = measure_family(ledger, params, Partner::Ease, &mut |_| {});
    Partial::join(part, ease)
}
