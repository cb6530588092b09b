//! Segwork's analysis core: bytes and parameters in, typed results out.
//!
//! The pipeline follows the published "Customer Segmentation & Recommendation System"
//! analysis of the UCI Online Retail data set (see `ARCHITECTURE.md`): load → clean →
//! customer features → outliers → scaling → PCA → K-Means → scores → recommendations.
//! Every step has the same shape: a `Params` type whose [`Check`] gives [`Valid`] params
//! or the step's own error, and a pure function (or `fit`) from data and valid params to
//! a plain value. Results come in layers keyed by what they depend on (`pipeline`).
//! This crate does no I/O and reads no clock, so it runs the same natively and in a
//! browser worker.

pub mod backtest;
pub mod baskets;
pub mod clean;
pub mod clv;
pub mod cohorts;
pub mod columns;
pub mod error;
pub mod export;
pub mod features;
mod frame;
pub mod internal;
pub mod ledger;
pub mod load;
pub mod model;
pub mod params;
pub mod pipeline;
pub mod recommend;
pub mod rfm;
pub mod sql;

pub use clean::CleanParams;
pub use error::Error;
pub use features::Mode;
pub use load::{LoadError, LoadOptions};
pub use model::ModelParams;
pub use params::{Check, Valid};
pub use pipeline::{
    analyse, insights, prepare, run, sweep, Analysis, AnalysisParams, InsightParams, Insights,
    Keys, Prepared, Progress, Stage,
};

// Unit tests run in headless Chromium too (`cargo xtask test`, step test-wasm).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
