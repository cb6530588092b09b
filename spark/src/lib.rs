//! Segwork on Apache Spark (or Sail) through Spark Connect: the cleaning chain and the
//! per-customer feature table run on the engine as the SQL `segwork-core` writes
//! ([`segwork_core::sql`]); the small feature table comes back for the model; a fitted
//! model scores every customer on the engine. Also the Parquet files the commands
//! exchange. Native only: the Spark Connect client never enters the wasm build.

mod address;
mod batches;
mod engine;
mod error;
pub mod files;

pub use engine::{Engine, EngineRun, Scored};
pub use error::EngineError;
