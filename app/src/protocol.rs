//! The messages between the page and the worker, and their wire format.
//!
//! Every message is one postcard-encoded value in an `ArrayBuffer` that is transferred,
//! not copied; a file's bytes travel beside a [`Request::Prepare`] in a second transferred
//! buffer, so they are never encoded. postcard rather than JSON: it keeps NaN values that
//! JSON would turn into nulls, and decodes the full data set's layers in milliseconds.
//! The worker sends only the layers the page does not hold ([`Held`]).

use segwork_core::pipeline::{
    BasketLayer, CohortLayer, FeatureTable, FileNames, FileReport, LifetimeLayer, ModelReport,
    RecsLayer, RfmLayer, Segmentation, Sweep,
};
use segwork_core::{AnalysisParams, CleanParams, LoadOptions, Stage};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::sync::Arc;

mod held;
mod helper;
pub use held::{Held, HeldInsights, HeldLists};
pub use helper::{EaseAnswer, EaseAsk, EaseAskRef};

/// Identifies a request, so the page can ignore answers to requests it has given up on.
pub type RequestId = u32;

/// What the page asks of the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read and clean the file sent beside this message, and keep it for later analyses.
    /// The previous file is kept until the new one has been read successfully.
    Prepare {
        id: RequestId,
        options: LoadOptions,
        clean: CleanParams,
    },
    /// Analyse the kept file with these parameters. The answer carries only the layers
    /// whose key differs from what the page already `held`.
    Analyse {
        id: RequestId,
        params: AnalysisParams,
        held: Box<Held>,
    },
    /// Measure the recommenders and make every customer's lists for the segmentation
    /// these parameters give (computed on demand: it takes seconds, and it leaves the
    /// k sweep and the marketer's analyses of the analysis shown running).
    Recommend {
        id: RequestId,
        params: AnalysisParams,
    },
    /// Customers' two lists from the recommendations these parameters give (kept in the
    /// worker since they were measured): the customers asked for, or every customer
    /// when `customers` is None (for the exports). Made on demand: one customer's lists
    /// take a fraction of a millisecond, every customer's longer than all the models.
    Lists {
        id: RequestId,
        params: AnalysisParams,
        customers: Option<Vec<u32>>,
    },
}

/// The helper's share of a `Recommended` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelperFigures {
    /// From the end of the worker's half of the models to the helper's answer.
    pub wait_ms: f64,
    /// The helper's time from reading the request to answering it.
    pub busy_ms: f64,
    /// The helper's stages.
    pub timings: Vec<StageTiming>,
    /// The helper's wasm memory after making its half (the peak so far).
    pub wasm_memory_bytes: f64,
}

/// One layer of an analysis, as sent to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Layer {
    Features(Arc<FeatureTable>),
    Model(Arc<ModelReport>),
    Segmentation(Arc<Segmentation>),
    Names(Arc<FileNames>),
    Rfm(Arc<RfmLayer>),
    Lifetime(Arc<LifetimeLayer>),
    Cohorts(Arc<CohortLayer>),
    Baskets(Arc<BasketLayer>),
}

impl Request {
    pub fn id(&self) -> RequestId {
        match self {
            Request::Prepare { id, .. }
            | Request::Analyse { id, .. }
            | Request::Recommend { id, .. }
            | Request::Lists { id, .. } => *id,
        }
    }
}

/// How long one stage took, measured in the worker.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StageTiming {
    pub stage: Stage,
    pub ms: f64,
}

/// What the worker tells the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker's wasm is running; messages sent before this would have been lost.
    Ready,
    /// A stage started or advanced. `fraction` is None until the stage reports one.
    Progress {
        id: RequestId,
        stage: Stage,
        fraction: Option<f64>,
        elapsed_ms: f64,
    },
    /// The file was read and cleaned; the page shows its report together with the
    /// analysis that follows.
    Prepared {
        id: RequestId,
        report: Arc<FileReport>,
        timings: Vec<StageTiming>,
    },
    /// The layers of the analysis the page did not hold (none when nothing changed).
    Analysed {
        id: RequestId,
        /// Boxed: the parameters make this answer far larger than the others.
        params: Box<AnalysisParams>,
        layers: Vec<Layer>,
        timings: Vec<StageTiming>,
        /// Worker time from receiving the request to encoding the answer.
        total_ms: f64,
        /// Size of the worker's wasm memory, which never shrinks: the peak so far.
        wasm_memory_bytes: f64,
    },
    /// The marketer's analyses for an analysis already answered (the segments come
    /// first), only those the page did not hold.
    Insights {
        id: RequestId,
        layers: Vec<Layer>,
        timings: Vec<StageTiming>,
    },
    /// The recommendations asked for, with how long each stage and all of them took.
    Recommended {
        id: RequestId,
        layer: Arc<RecsLayer>,
        timings: Vec<StageTiming>,
        total_ms: f64,
        /// The worker's wasm memory afterwards (the peak so far).
        wasm_memory_bytes: f64,
        /// What the helper did, when it made EASE's half of the models.
        helper: Option<HelperFigures>,
    },
    /// Customers' lists (by ledger index) from the recommendations with this key, and
    /// the worker's time to make them.
    Listed {
        id: RequestId,
        lists: Arc<HeldLists>,
        ms: f64,
    },
    /// The k sweep of an analysis already answered. The sweep is the slowest stage in the
    /// browser, so the worker answers with the segments first and sends it afterwards.
    Swept {
        id: RequestId,
        sweep: Arc<Sweep>,
        timing: StageTiming,
    },
    Failed {
        id: Option<RequestId>,
        failure: Failure,
    },
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Failure {
    /// The core rejected the file or the settings; the message is for the user.
    Core(segwork_core::Error),
    /// The worker has no file to analyse (it was restarted since the file was read).
    NoFile,
    /// The worker panicked: it must be replaced.
    Crash { message: String },
    /// A message could not be decoded: page and worker disagree on the protocol.
    Protocol { message: String },
}

impl Failure {
    /// What the page shows.
    pub fn message(&self) -> String {
        match self {
            Failure::Core(e) => e.to_string(),
            Failure::NoFile => "The analysis engine lost the file. Drop it again to continue.".to_owned(),
            // The panic's location means nothing to the user here; its last line says what failed.
            Failure::Crash { message } if out_of_memory(message) => format!(
                "The browser could not give the analysis engine enough memory for this file ({}). The engine has been restarted and your results so far are kept. Closing other tabs may help; a smaller file (fewer rows or sheets) will.",
                message.lines().last().unwrap_or_default().trim()
            ),
            Failure::Crash { message } => format!(
                "The analysis engine stopped unexpectedly ({message}). It has been restarted; your results so far are kept."
            ),
            Failure::Protocol { message } => format!("Internal error in the page ({message}). Reload the page."),
        }
    }

    /// True when the worker cannot be trusted any more and must be replaced.
    pub fn is_crash(&self) -> bool {
        matches!(self, Failure::Crash { .. })
    }
}

/// True when a panic message says an allocation failed: the wasm memory could not grow.
/// Allocations that fail inside Rust's allocator abort instead (a trap, which the page
/// sees as the worker's `error` event); these are the ones that reach the panic hook, from
/// libraries that allocate by themselves (e.g. a stack segment for deep recursion).
pub fn out_of_memory(panic_message: &str) -> bool {
    let m = panic_message.to_lowercase();
    [
        "unable to allocate",
        "memory allocation",
        "out of memory",
        "allocation failed",
    ]
    .iter()
    .any(|p| m.contains(p))
}

/// Encodes a message for the wire.
pub fn encode<T: Serialize>(message: &T) -> Result<Vec<u8>, postcard::Error> {
    postcard::to_allocvec(message)
}

/// Decodes a message from the wire.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, postcard::Error> {
    postcard::from_bytes(bytes)
}

#[cfg(test)]
mod tests;
