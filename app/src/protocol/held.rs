//! What the page holds: the key of every layer, so the worker sends only what changed,
//! and the customers' lists shown so far.

use super::Layer;
use segwork_core::pipeline::Insights;
use segwork_core::pipeline::{
    CustomerLists, FeatureKey, FileKey, InsightKeys, ModelKey, RecsKey, SegmentationKey, SweepKey,
};
use segwork_core::{Analysis, Keys};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The keys of the layers the page holds, so the worker sends only what changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Held {
    pub file: Option<FileKey>,
    pub features: Option<FeatureKey>,
    pub model: Option<ModelKey>,
    pub segmentation: Option<SegmentationKey>,
    pub sweep: Option<SweepKey>,
    /// The marketer's analyses held, each by its own key.
    pub insights: HeldInsights,
}

/// The keys of the marketer's analyses the page holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HeldInsights {
    /// The file whose customer ids and product names are held.
    pub names: Option<FileKey>,
    pub rfm: Option<segwork_core::pipeline::InsightKey<segwork_core::rfm::RfmParams>>,
    pub lifetime: Option<segwork_core::pipeline::InsightKey<segwork_core::clv::ClvParams>>,
    pub cohorts: Option<segwork_core::pipeline::InsightKey<segwork_core::cohorts::CohortParams>>,
    pub baskets: Option<
        segwork_core::pipeline::InsightKey<(
            segwork_core::rfm::RfmParams,
            segwork_core::baskets::BasketParams,
        )>,
    >,
}

impl HeldInsights {
    /// True when some analysis for `keys` is not held.
    pub fn lacks(&self, keys: &InsightKeys) -> bool {
        self.rfm.as_ref() != Some(&keys.rfm)
            || self.lifetime.as_ref() != Some(&keys.lifetime)
            || self.cohorts.as_ref() != Some(&keys.cohorts)
            || self.baskets.as_ref() != Some(&keys.baskets)
    }

    /// The layers of `insights` not held, as sent to the page.
    pub fn missing(&self, insights: &Insights) -> Vec<Layer> {
        let mut layers = vec![];
        if self.names != Some(insights.names.file) {
            layers.push(Layer::Names(Arc::clone(&insights.names)));
        }
        if self.rfm.as_ref() != Some(&insights.rfm.key) {
            layers.push(Layer::Rfm(Arc::clone(&insights.rfm)));
        }
        if self.lifetime.as_ref() != Some(&insights.lifetime.key) {
            layers.push(Layer::Lifetime(Arc::clone(&insights.lifetime)));
        }
        if self.cohorts.as_ref() != Some(&insights.cohorts.key) {
            layers.push(Layer::Cohorts(Arc::clone(&insights.cohorts)));
        }
        if self.baskets.as_ref() != Some(&insights.baskets.key) {
            layers.push(Layer::Baskets(Arc::clone(&insights.baskets)));
        }
        layers
    }
}

impl Held {
    /// The layers of `analysis` the page does not hold yet, upstream first.
    pub fn missing(&self, analysis: &Analysis) -> Vec<Layer> {
        let mut layers = vec![];
        if self.features.as_ref() != Some(&analysis.features.key) {
            layers.push(Layer::Features(Arc::clone(&analysis.features)));
        }
        if self.model.as_ref() != Some(&analysis.model.key) {
            layers.push(Layer::Model(Arc::clone(&analysis.model)));
        }
        if self.segmentation.as_ref() != Some(&analysis.segmentation.key) {
            layers.push(Layer::Segmentation(Arc::clone(&analysis.segmentation)));
        }
        layers
    }

    /// The sweep to compute for `keys`: the one asked for, unless the page holds it.
    pub fn sweep_to_compute(&self, keys: &Keys) -> Option<SweepKey> {
        let held = self.sweep.as_ref();
        keys.sweep.clone().filter(|k| held != Some(k))
    }
}

/// Customers' measured lists, by ledger index, for the recommendations with `key`: the
/// customers shown so far, or every customer once an export asked for them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldLists {
    pub key: RecsKey,
    pub lists: BTreeMap<u32, CustomerLists>,
    /// True when `lists` holds every customer's.
    pub complete: bool,
}

impl HeldLists {
    /// What is `held` once `more` arrived: both, when they are for the same
    /// recommendations; else `more` alone.
    pub fn added(held: Option<&Arc<HeldLists>>, more: &Arc<HeldLists>) -> Arc<HeldLists> {
        let Some(held) = held.filter(|h| h.key == more.key && !more.complete) else {
            return Arc::clone(more);
        };
        let mut lists = held.lists.clone();
        lists.extend(more.lists.iter().map(|(c, l)| (*c, l.clone())));
        Arc::new(HeldLists {
            key: held.key.clone(),
            lists,
            complete: held.complete,
        })
    }
}
