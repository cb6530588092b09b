//! Measured recommendations in two layers. [`RecsModels`], once per file: the backtest of
//! every method that does not use the segments, and those methods refitted on all
//! purchases with the settings the backtest chose. [`RecsLayer`], per segmentation: the
//! reference method and the segment best sellers judged and fitted for its segments, the
//! best method per list, and the fitted recommender (kept, to make any customer's two
//! lists when asked). So a new k costs the segment methods alone, not a new backtest.

use super::cache::Prepared;
use super::insights::{Insight, InsightKey};
use super::progress::ProgressFn;
use super::segmentation::{Segmentation, SegmentationKey};
use super::{analyse, AnalysisParams};
use crate::backtest::{BacktestError, BacktestParams, BacktestReport, Measured};
use crate::error::Error;
use crate::ledger::Ledger;
use crate::params::Check;
use crate::recommend::{Defaults, List, Pick, Popularity, Recommender, RecsError, RecsParams};
pub use parts::ease_models;
pub use parts::{EaseJob, EaseModels, MainModels};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// What the layer depends on: the segmentation (itself keyed by the file, the features
/// and the model) and the backtest's settings.
pub type RecsKey = InsightKey<(SegmentationKey, BacktestParams)>;

pub type RecsLayer = Insight<(SegmentationKey, BacktestParams), RecsReport>;

/// What [`RecsModels`] depend on: the file and the backtest's settings.
pub(crate) type ModelsKey = InsightKey<BacktestParams>;

/// The models, or why there are none (a file without products).
pub(crate) type ModelsLayer = Result<RecsModels, Error>;

/// Everything about the recommendations that does not depend on the segments, computed
/// once per file.
#[derive(Debug)]
pub(crate) struct RecsModels {
    /// The backtest of the methods that do not use the segments, or why the file is too
    /// thin to judge.
    measured: Result<Measured, BacktestError>,
    /// The settings the lists are made with: chosen by the backtest when it ran.
    settings: RecsParams,
    /// Every method fitted on all purchases with `settings`, with no segments.
    fitted: Recommender,
}

/// A customer's two lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerLists {
    /// Products the customer never bought.
    pub discovery: Vec<Pick>,
    /// What the customer is likely to buy next, repeats allowed.
    pub next_basket: Vec<Pick>,
}

impl CustomerLists {
    pub fn of(&self, list: List) -> &[Pick] {
        match list {
            List::Discovery => &self.discovery,
            List::NextBasket => &self.next_basket,
        }
    }
}

/// A segment's best sellers by distinct buyers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentSellers {
    pub segment: u32,
    /// Customers of the segment with a purchase.
    pub customers: usize,
    /// (product, buyers in the segment), most buyers first.
    pub products: Vec<(u32, u32)>,
}

/// The recommendations and how well they would have done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecsReport {
    /// Every method's scores on the last months, or why the file is too thin to judge.
    pub backtest: Result<BacktestReport, BacktestError>,
    /// The settings the lists are made with: chosen by the backtest when it ran.
    pub settings: RecsParams,
    /// The method behind each list: the backtest's best when it ran.
    pub defaults: Defaults,
    /// Products EASE modelled (those with the most buyers).
    pub ease_products: usize,
    /// Each segment's best sellers, segment 0 first.
    pub segments: Vec<SegmentSellers>,
    /// Every ledger customer's lists, in ledger order (customer ids ascending), once
    /// they have all been made ([`RecsReport::with_all_lists`], for the exports); empty
    /// until then. Made for all they take longer than every model's fit, so one
    /// customer's lists are made when asked for ([`RecsReport::lists`]).
    #[serde(default)]
    pub customers: Vec<CustomerLists>,
    /// The fitted recommender the lists come from. Kept where the report was made (the
    /// worker, the CLI); a copy sent elsewhere has none and only the lists it carries.
    #[serde(skip)]
    pub fitted: Option<Arc<Recommender>>,
}

impl RecsReport {
    /// Whether the lists' methods were chosen by measuring them on this file.
    pub fn measured(&self) -> bool {
        self.backtest.is_ok()
    }

    /// Customer `c`'s two lists (`c` indexes the ledger's customers): those kept, or
    /// made now by the fitted recommender. None for an unknown customer, or for a copy
    /// of the report that holds neither.
    pub fn lists(&self, c: u32) -> Option<CustomerLists> {
        if let Some(kept) = self.customers.get(c as usize) {
            return Some(kept.clone());
        }
        let fitted = self.fitted.as_deref()?;
        (c < fitted.interactions().customers() as u32)
            .then(|| lists_of(fitted, c, self.settings.list_length))
    }

    /// This report with every customer's lists in it (as it is when they already are,
    /// or when there is no fitted recommender to make them).
    pub fn with_all_lists(&self) -> RecsReport {
        let mut report = self.clone();
        if let (true, Some(fitted)) = (report.customers.is_empty(), &self.fitted) {
            let n = self.settings.list_length;
            report.customers = (0..fitted.interactions().customers() as u32)
                .map(|c| lists_of(fitted, c, n))
                .collect();
        }
        report
    }
}

/// Customer `c`'s two lists of `n` picks by the recommender's default methods.
fn lists_of(r: &Recommender, c: u32, n: usize) -> CustomerLists {
    CustomerLists {
        discovery: r.list(c, List::Discovery, n),
        next_basket: r.list(c, List::NextBasket, n),
    }
}

/// The recommendations for these settings on a prepared file: kept, or computed now (the
/// segmentation too, when it is not kept).
pub fn recommendations(
    prepared: &Prepared,
    params: &AnalysisParams,
    progress: ProgressFn<'_>,
) -> Result<Arc<RecsLayer>, Error> {
    recommendations_from(prepared, params, None, progress)
}

/// The recommendations made from both halves of their models, made elsewhere for these
/// parameters (see [`EaseJob`]); the kept ones when there are.
pub fn recommendations_joined(
    prepared: &Prepared,
    params: &AnalysisParams,
    main: MainModels,
    ease: EaseModels,
) -> Result<Arc<RecsLayer>, Error> {
    recommendations_from(prepared, params, Some((main, ease)), &mut |_| {})
}

fn recommendations_from(
    prepared: &Prepared,
    params: &AnalysisParams,
    mut parts: Option<(MainModels, EaseModels)>,
    progress: ProgressFn<'_>,
) -> Result<Arc<RecsLayer>, Error> {
    let params = AnalysisParams {
        model: params.model.clone().without_sweep(),
        ..params.clone()
    };
    let backtest_params = params.backtest.clone().check()?;
    // The segmentation is usually kept already; its stages are not this layer's progress.
    let analysis = analyse(prepared, &params, &mut |_| {})?;
    let key = RecsKey {
        file: prepared.report.key,
        params: (
            analysis.segmentation.key.clone(),
            backtest_params.clone().into_inner(),
        ),
    };
    let ledger = prepared.ledger()?;
    let models_key = ModelsKey {
        file: prepared.report.key,
        params: key.params.1.clone(),
    };
    let made = prepared.recs.get_or_try(&key, || {
        let models = prepared.recs_models.get_or_try(&models_key, || {
            Ok::<_, std::convert::Infallible>(match prepared.report.load.has_products() {
                true => parts::models(ledger, &backtest_params, parts.take(), &mut *progress),
                false => Err(RecsError::NoProducts.into()),
            })
        });
        let models = match models {
            Ok(models) => models,
            Err(never) => match never {},
        };
        let segments = segments_of(ledger, &analysis.features.ids, &analysis.segmentation);
        let outcome = match models.as_ref() {
            Ok(models) => Ok(models.report(ledger, &segments)),
            Err(e) => Err(e.clone()),
        };
        Ok::<_, std::convert::Infallible>(Insight {
            key: key.clone(),
            outcome,
        })
    });
    match made {
        Ok(layer) => Ok(layer),
        Err(never) => match never {},
    }
}

impl RecsModels {
    /// The recommendations for one segmentation (`segments` per ledger customer).
    fn report(&self, ledger: &Ledger, segments: &[Option<u32>]) -> RecsReport {
        let backtest: Result<BacktestReport, BacktestError> = match &self.measured {
            Ok(m) => Ok(m.with_segments(ledger, segments)),
            Err(e) => Err(e.clone()),
        };
        let mut recommender = self.fitted.with_segments(ledger, segments);
        if let Ok(r) = &backtest {
            recommender.defaults = r.best;
        }
        RecsReport {
            segments: segment_sellers(&recommender.segments, self.settings.list_length),
            defaults: recommender.defaults,
            ease_products: recommender.ease_products(),
            settings: self.settings,
            customers: Vec::new(),
            fitted: Some(Arc::new(recommender)),
            backtest,
        }
    }
}

/// Each ledger customer's segment (None for outliers and customers the feature table left
/// out), from the segmentation of the feature table's customers `ids`.
pub fn segments_of(
    ledger: &Ledger,
    ids: &[String],
    segmentation: &Segmentation,
) -> Vec<Option<u32>> {
    let of_id: HashMap<&str, Option<usize>> = ids
        .iter()
        .map(String::as_str)
        .zip(segmentation.segment.iter().copied())
        .collect();
    ledger
        .customers
        .iter()
        .map(|id| of_id.get(id.as_str()).copied().flatten().map(|s| s as u32))
        .collect()
}

/// Each segment's `n` best sellers by distinct buyers, ties by product index.
fn segment_sellers(p: &Popularity, n: usize) -> Vec<SegmentSellers> {
    p.groups
        .iter()
        .enumerate()
        .map(|(g, buyers)| {
            let mut products: Vec<(u32, u32)> = (0..buyers.len() as u32)
                .map(|i| (i, buyers[i as usize]))
                .filter(|&(_, b)| b > 0)
                .collect();
            products.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            products.truncate(n);
            SegmentSellers {
                segment: g as u32,
                customers: p.group_of.iter().filter(|s| **s == Some(g as u32)).count(),
                products,
            }
        })
        .collect()
}

mod parts;
#[cfg(test)]
mod tests;
