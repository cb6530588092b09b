//! The crate's error: one enum per pipeline step, composed here.

use crate::clean::CleanError;
use crate::features::FeaturesError;
use crate::load::LoadError;
use crate::model::ModelError;
use crate::recommend::RecommendError;
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
}
