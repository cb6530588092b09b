//! A failure of a library call that no input should cause: a bug, reported as such. Each
//! step's error has an `Internal` variant holding one of these.

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("Internal error while {stage}: {message}. This is a bug in Segwork, not a problem with your file.")]
pub struct Internal {
    pub stage: String,
    pub message: String,
}

impl Internal {
    /// Wraps a polars error met while doing `stage`.
    pub(crate) fn polars(stage: &str) -> impl FnOnce(polars::error::PolarsError) -> Internal + '_ {
        move |e| Internal {
            stage: stage.to_owned(),
            message: e.to_string(),
        }
    }
}
