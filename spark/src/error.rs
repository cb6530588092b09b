//! What can go wrong between Segwork and an engine, said so the user can act on it.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum EngineError {
    #[error("Cannot reach a Spark Connect server at {url}: {message}. Start one (for example `sail spark server --port 50051`) or check the address (sc://HOST:PORT).")]
    Connect { url: String, message: String },
    #[error("The engine failed while {stage}: {message}")]
    Query { stage: String, message: String },
    #[error("The input lacks the column(s) {}: it needs {} (see `segwork export-parquet`).", .missing.join(", "), .required.join(", "))]
    MissingColumns {
        missing: Vec<String>,
        required: Vec<String>,
    },
    #[error("The engine returned {what} in an unexpected shape: {message}")]
    Shape { what: String, message: String },
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{0}")]
    Core(String),
}

impl EngineError {
    /// Names the required line-item columns that `has` does not find.
    pub(crate) fn check_lines(has: impl Fn(&str) -> bool) -> Result<(), EngineError> {
        use segwork_core::sql::lines::REQUIRED;
        let missing: Vec<String> = REQUIRED
            .iter()
            .filter(|c| !has(c))
            .map(|c| (*c).to_owned())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(EngineError::MissingColumns {
            missing,
            required: REQUIRED.map(str::to_owned).to_vec(),
        })
    }

    pub(crate) fn query(stage: &str) -> impl FnOnce(spark_connect::SparkError) -> EngineError + '_ {
        move |e| EngineError::Query {
            stage: stage.to_owned(),
            message: e.message(),
        }
    }

    pub(crate) fn file(path: &std::path::Path) -> impl FnOnce(String) -> EngineError + '_ {
        move |message| EngineError::File {
            path: path.display().to_string(),
            message,
        }
    }
}
