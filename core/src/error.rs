//! The crate's error: one enum per pipeline step, composed here.

use crate::backtest::BacktestError;
use crate::baskets::BasketError;
use crate::clean::CleanError;
use crate::clv::ClvError;
use crate::cohorts::CohortError;
use crate::features::FeaturesError;
use crate::internal::Internal;
use crate::load::LoadError;
use crate::model::ModelError;
use crate::recommend::{RecommendError, RecsError};
use crate::rfm::RfmError;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Clean(#[from] CleanError),
    #[error(transparent)]
    Features(#[from] FeaturesError),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Recommend(#[from] RecommendError),
    #[error(transparent)]
    Rfm(#[from] RfmError),
    #[error(transparent)]
    Lifetime(#[from] ClvError),
    #[error(transparent)]
    Cohorts(#[from] CohortError),
    #[error(transparent)]
    Baskets(#[from] BasketError),
    #[error(transparent)]
    Recommenders(#[from] RecsError),
    #[error(transparent)]
    Backtest(#[from] BacktestError),
    /// A failure between steps that no input should cause (listing the purchases).
    #[error(transparent)]
    Internal(#[from] Internal),
}
