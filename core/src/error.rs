//! The crate's error: one enum per pipeline step, composed here.

use crate::clean::CleanError;
use crate::load::LoadError;
use crate::model::ModelError;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Clean(#[from] CleanError),
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A failure of a library call that no input should cause: a bug, reported as such.
    #[error("Internal error while {stage}: {message}. This is a bug in Segwork, not a problem with your file.")]
    Internal { stage: String, message: String },
}

impl Error {
    pub(crate) fn internal(stage: &str) -> impl FnOnce(polars::error::PolarsError) -> Error + '_ {
        move |e| Error::Internal {
            stage: stage.to_owned(),
            message: e.to_string(),
        }
    }
}
