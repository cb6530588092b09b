//! The backtest's settings, the grids it searches, and why it may not run.

use crate::params::Check;
use crate::recommend::{RecsError, RecsParams, Weighting};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The backtest's settings, and the small grids searched on the validation period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BacktestParams {
    /// Calendar months in the test period (and in the validation period).
    pub test_months: u32,
    /// Fewer customers than this in both training and test (or validation) is too thin.
    pub min_customers: usize,
    /// A shorter span of data (first to last day) is too thin.
    pub min_span_days: i32,
    /// Fewer different products bought in training than this is too thin: lists of 10
    /// would cover so much of the catalogue that every method finds something by chance.
    pub min_products: usize,
    /// The settings not searched (EASE's product cap, the reference method's outliers).
    pub recs: RecsParams,
    pub half_lives: Vec<f64>,
    pub weightings: Vec<Weighting>,
    pub neighbours: Vec<usize>,
    pub shrinkages: Vec<f64>,
    pub lambdas: Vec<f64>,
    pub blend_weights: Vec<f64>,
}

impl Default for BacktestParams {
    fn default() -> Self {
        Self {
            test_months: 2,
            min_customers: 50,
            min_span_days: 180,
            min_products: 50,
            recs: RecsParams::default(),
            half_lives: vec![30.0, 90.0, 270.0],
            weightings: vec![Weighting::Binary, Weighting::LogCount],
            neighbours: vec![50],
            shrinkages: vec![0.0, 20.0],
            lambdas: vec![150.0, 300.0, 600.0],
            blend_weights: vec![0.3, 0.5, 0.7],
        }
    }
}

/// A searched grid, named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grid {
    HalfLives,
    Weightings,
    Neighbours,
    Shrinkages,
    Lambdas,
    BlendWeights,
}

/// The period that had too few customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Validation,
    Test,
}

/// "1 day", "12 days".
fn days_text(days: i32) -> String {
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Period::Validation => "validation",
            Period::Test => "test",
        })
    }
}

/// Why the backtest could not judge the recommenders.
#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum BacktestError {
    #[error(transparent)]
    Recs(#[from] RecsError),
    #[error("Invalid setting: the test period needs at least one month.")]
    NoTestMonths,
    #[error("Invalid setting: the {0:?} grid is empty; give it at least one value.")]
    EmptyGrid(Grid),
    #[error("Too little data to judge: the purchases span {}, and a backtest needs at least {needed} days (two months of test, two of validation and the training before them).", days_text(*.days))]
    TooShort { days: i32, needed: i32 },
    #[error("Too little data to judge: only {customers} customers bought both before and during the {period} period; a backtest needs at least {needed}.")]
    TooFewCustomers {
        period: Period,
        customers: usize,
        needed: usize,
    },
    #[error("Too little data to judge: only {products} different products were bought before the test period. Lists of 10 would cover so much of that catalogue that every method would find a purchase by chance; a backtest needs at least {needed} products.")]
    TooFewProducts { products: usize, needed: usize },
}

impl Check for BacktestParams {
    type Error = BacktestError;

    fn check_ref(&self) -> Result<(), BacktestError> {
        if self.test_months == 0 {
            return Err(BacktestError::NoTestMonths);
        }
        let grids = [
            (Grid::HalfLives, self.half_lives.len()),
            (Grid::Weightings, self.weightings.len()),
            (Grid::Neighbours, self.neighbours.len()),
            (Grid::Shrinkages, self.shrinkages.len()),
            (Grid::Lambdas, self.lambdas.len()),
            (Grid::BlendWeights, self.blend_weights.len()),
        ];
        if let Some((grid, _)) = grids.iter().find(|(_, n)| *n == 0) {
            return Err(BacktestError::EmptyGrid(*grid));
        }
        self.recs.check_ref()?;
        for p in self.candidates() {
            p.check_ref()?;
        }
        Ok(())
    }
}

impl BacktestParams {
    /// Every grid value set into the fixed settings, one at a time (for checking).
    pub(super) fn candidates(&self) -> impl Iterator<Item = RecsParams> + '_ {
        let r = self.recs;
        let half = self.half_lives.iter().map(move |&h| RecsParams {
            half_life_days: h,
            ..r
        });
        let neighbours = self
            .neighbours
            .iter()
            .map(move |&k| RecsParams { neighbours: k, ..r });
        let shrink = self
            .shrinkages
            .iter()
            .map(move |&s| RecsParams { shrinkage: s, ..r });
        let lambda = self
            .lambdas
            .iter()
            .map(move |&l| RecsParams { lambda: l, ..r });
        let blend = self.blend_weights.iter().map(move |&w| RecsParams {
            blend_weight: w,
            ..r
        });
        half.chain(neighbours)
            .chain(shrink)
            .chain(lambda)
            .chain(blend)
    }
}
