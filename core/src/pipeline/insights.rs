//! The marketer's analyses, one layer each, per file and per their own settings: RFM
//! segments, lifetime value and churn risk, cohorts, baskets. None depends on the model or
//! on k, so a new k or another outlier setting recomputes none of them, and changing one
//! analysis's settings recomputes only that one.
//!
//! Each layer holds its result *or* the reason it cannot run on this file (too few repeat
//! customers for a lifetime model, say): one analysis failing never takes the others, or
//! the segmentation, with it.

use super::cache::{Kept, Prepared};
use super::file::FileKey;
use super::progress::{ProgressFn, Stage, Stages};
use crate::baskets::{baskets, baskets_by, BasketError, BasketParams, BasketReport};
use crate::clv::{clv, ClvParams, ClvReport, Purchase};
use crate::cohorts::{cohorts, CohortParams, CohortReport};
use crate::error::Error;
use crate::ledger::{Ledger, Names};
use crate::params::Check;
use crate::rfm::{rfm, RfmParams, RfmReport, RfmSegment};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What a per-file analysis depends on: the file, and the analysis's own settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightKey<P> {
    pub file: FileKey,
    pub params: P,
}

/// An analysis's result on a file, or why it could not run there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Insight<P, R> {
    pub key: InsightKey<P>,
    pub outcome: Result<R, Error>,
}

impl<P, R> Insight<P, R> {
    /// The result, when the analysis ran.
    pub fn report(&self) -> Option<&R> {
        self.outcome.as_ref().ok()
    }
}

pub type RfmLayer = Insight<RfmParams, RfmReport>;
pub type LifetimeLayer = Insight<ClvParams, ClvReport>;
pub type CohortLayer = Insight<CohortParams, CohortReport>;
/// Baskets overall and per RFM segment, so they depend on the RFM settings too.
pub type BasketLayer = Insight<(RfmParams, BasketParams), BasketInsight>;

/// What sells together: over all orders, and within each RFM segment's orders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasketInsight {
    pub overall: BasketReport,
    /// In `RfmSegment::ALL` order; empty when the RFM segments could not be computed.
    pub by_segment: Vec<SegmentBaskets>,
}

/// The baskets of one RFM segment's customers, or why there are none (no orders).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentBaskets {
    pub segment: RfmSegment,
    pub outcome: Result<BasketReport, BasketError>,
}

/// The settings of the marketer's analyses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InsightParams {
    pub rfm: RfmParams,
    pub lifetime: ClvParams,
    pub cohorts: CohortParams,
    pub baskets: BasketParams,
}

/// The keys of the four layers on a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightKeys {
    pub rfm: InsightKey<RfmParams>,
    pub lifetime: InsightKey<ClvParams>,
    pub cohorts: InsightKey<CohortParams>,
    pub baskets: InsightKey<(RfmParams, BasketParams)>,
}

impl InsightKeys {
    pub fn of(file: FileKey, p: &InsightParams) -> InsightKeys {
        InsightKeys {
            rfm: InsightKey {
                file,
                params: p.rfm.clone(),
            },
            lifetime: InsightKey {
                file,
                params: p.lifetime.clone(),
            },
            cohorts: InsightKey {
                file,
                params: p.cohorts.clone(),
            },
            baskets: InsightKey {
                file,
                params: (p.rfm.clone(), p.baskets.clone()),
            },
        }
    }
}

/// The customer ids and products behind the layers' indices, for one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileNames {
    pub file: FileKey,
    pub names: Names,
}

impl std::ops::Deref for FileNames {
    type Target = Names;

    fn deref(&self) -> &Names {
        &self.names
    }
}

/// The four layers, and the names behind their indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Insights {
    pub names: Arc<FileNames>,
    pub rfm: Arc<RfmLayer>,
    pub lifetime: Arc<LifetimeLayer>,
    pub cohorts: Arc<CohortLayer>,
    pub baskets: Arc<BasketLayer>,
}

/// Computes the four layers, each once per key: a kept layer is reused as it is.
pub(crate) fn compute(
    prepared: &Prepared,
    params: &InsightParams,
    mut progress: ProgressFn<'_>,
) -> Result<Insights, Error> {
    let keys = InsightKeys::of(prepared.report.key, params);
    let ledger = prepared.ledger()?;
    let mut stages = Stages::new(&mut progress);
    let rfm = layer(&prepared.rfm, &keys.rfm, Stage::Rfm, &mut stages, |p| {
        Ok(rfm(ledger, &p.clone().check()?)?)
    });
    let lifetime = layer(
        &prepared.lifetime,
        &keys.lifetime,
        Stage::Lifetime,
        &mut stages,
        |p| lifetime(ledger, p),
    );
    let cohorts = layer(
        &prepared.cohorts,
        &keys.cohorts,
        Stage::Cohorts,
        &mut stages,
        |p| Ok(cohorts(ledger, &p.clone().check()?)?),
    );
    let segments = rfm.report();
    let has_products = prepared.report.load.has_products();
    let baskets = layer(
        &prepared.baskets,
        &keys.baskets,
        Stage::Baskets,
        &mut stages,
        |p| match has_products {
            true => basket_insight(ledger, segments, &p.1),
            false => Err(BasketError::NoProducts.into()),
        },
    );
    stages.finish();
    Ok(Insights {
        names: prepared.names()?,
        rfm,
        lifetime,
        cohorts,
        baskets,
    })
}

/// The kept layer for `key`, or computed now; a failure is kept as the layer's outcome.
fn layer<P: PartialEq + Clone, R>(
    kept: &Kept<InsightKey<P>, Insight<P, R>>,
    key: &InsightKey<P>,
    stage: Stage,
    stages: &mut Stages<'_, '_>,
    run: impl FnOnce(&P) -> Result<R, Error>,
) -> Arc<Insight<P, R>> {
    let made = kept.get_or_try(key, || {
        stages.start(stage);
        Ok::<_, std::convert::Infallible>(Insight {
            key: key.clone(),
            outcome: run(&key.params),
        })
    });
    match made {
        Ok(layer) => layer,
        Err(never) => match never {},
    }
}

/// Lifetime value from the purchased lines (one purchase per line; the model merges days).
fn lifetime(ledger: &Ledger, params: &ClvParams) -> Result<ClvReport, Error> {
    let params = params.clone().check()?;
    let purchases: Vec<Purchase> = ledger
        .lines
        .iter()
        .map(|l| Purchase {
            customer: l.customer,
            day: l.day,
            amount: l.spend,
        })
        .collect();
    Ok(clv(
        &purchases,
        ledger.customers.len(),
        ledger.last_day,
        &params,
    )?)
}

/// Baskets overall and per RFM segment (when the segments are known).
fn basket_insight(
    ledger: &Ledger,
    segments: Option<&RfmReport>,
    params: &BasketParams,
) -> Result<BasketInsight, Error> {
    let params = params.clone().check()?;
    let overall = baskets(ledger, &params)?;
    let by_segment = match segments {
        Some(report) => {
            let labels: Vec<Option<usize>> = (0..ledger.customers.len())
                .map(|c| {
                    let segment = report.segment_of(c as u32)?;
                    RfmSegment::ALL.iter().position(|s| *s == segment)
                })
                .collect();
            baskets_by(ledger, &labels, RfmSegment::ALL.len(), &params)
                .into_iter()
                .zip(RfmSegment::ALL)
                .map(|(outcome, segment)| SegmentBaskets { segment, outcome })
                .collect()
        }
        None => Vec::new(),
    };
    Ok(BasketInsight {
        overall,
        by_segment,
    })
}
