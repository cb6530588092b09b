//! The messages between the worker and its helper, a second worker that makes EASE's half
//! of the recommendations' models while the worker makes the rest
//! ([`segwork_core::pipeline::EaseJob`]). They travel over a `MessageChannel` the page
//! sets up, in the same wire format as the page's messages.

use super::{RequestId, StageTiming};
use segwork_core::backtest::BacktestParams;
use segwork_core::ledger::Ledger;
use segwork_core::pipeline::EaseModels;
use serde::{Deserialize, Serialize};

/// What the worker asks of the helper (encoded from borrowed data by [`EaseAskRef`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EaseAsk {
    /// The page's request the models are for, echoed in the answer.
    pub id: RequestId,
    pub ledger: Ledger,
    pub params: BacktestParams,
}

/// [`EaseAsk`] from the worker's kept ledger, without copying it: the same bytes.
#[derive(Debug, Serialize)]
pub struct EaseAskRef<'a> {
    pub id: RequestId,
    pub ledger: &'a Ledger,
    pub params: &'a BacktestParams,
}

/// The helper's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EaseAnswer {
    Made {
        id: RequestId,
        models: Box<EaseModels>,
        /// The helper's wasm memory after making them.
        wasm_memory_bytes: f64,
        /// The helper's stages, and its time from reading the request to answering.
        timings: Vec<StageTiming>,
        busy_ms: f64,
    },
    /// The helper could not make them (it panicked, or the message was unreadable): the
    /// worker makes them itself.
    Failed {
        id: Option<RequestId>,
        message: String,
    },
}
