//! The kept file and its layers. [`Prepared`] is a file read and cleaned once; every
//! layer computed from it is kept under its key in a small [`Kept`] cache (the most
//! recent few, newest first). Two fits with equal keys are identical, so a kept value
//! serves every later request for its key, and a layer is recomputed only when its key
//! changes.

use super::features::{FeatureKey, FeatureTable};
use super::file::FileReport;
use super::insights::{BasketLayer, CohortLayer, FileNames, InsightKey, LifetimeLayer, RfmLayer};
use super::model::{ModelKey, ModelReport};
use super::progress::{Stage, Stages};
use super::segmentation::{Segmentation, SegmentationKey};
use super::Keys;
use crate::baskets::BasketParams;
use crate::clean::Cleaned;
use crate::clv::ClvParams;
use crate::cohorts::CohortParams;
use crate::error::Error;
use crate::features::{features, CustomerFeatures, FeatureParams};
use crate::ledger::{Ledger, Names};
use crate::model::{Base, ModelParams};
use crate::params::{Check, Valid};
use crate::recommend::Purchases;
use crate::rfm::RfmParams;
use std::sync::{Arc, Mutex, OnceLock};

/// Feature tables kept per file: one per mode.
const FEATURES_KEPT: usize = 2;
/// Model bases kept per file. Each holds its inliers' distance matrix (33 MB on the full
/// Online Retail file), so few: enough to switch between the two modes, or between two
/// outlier settings, without refitting.
const BASES_KEPT: usize = 2;
/// Segmentations kept: going back to a k just seen costs nothing.
const SEGMENTATIONS_KEPT: usize = 4;
/// Each marketer's analysis kept per file: the current settings and the previous ones.
const INSIGHTS_KEPT: usize = 2;

/// A feature table, as the model reads it and as the page shows it.
#[derive(Debug)]
pub(crate) struct FeatureLayer {
    pub table: CustomerFeatures,
    pub report: Arc<FeatureTable>,
}

/// A model base and its report.
#[derive(Debug)]
pub(crate) struct ModelLayer {
    pub base: Base,
    pub report: Arc<ModelReport>,
}

/// A file read and cleaned, ready to be analysed with any parameters.
#[derive(Debug)]
pub struct Prepared {
    pub report: Arc<FileReport>,
    pub cleaned: Cleaned,
    features: Kept<FeatureKey, FeatureLayer>,
    purchases: OnceLock<Purchases>,
    bases: Kept<ModelKey, ModelLayer>,
    segmentations: Kept<SegmentationKey, Segmentation>,
    ledger: OnceLock<Ledger>,
    names: OnceLock<Arc<FileNames>>,
    pub(crate) rfm: Kept<InsightKey<RfmParams>, RfmLayer>,
    pub(crate) lifetime: Kept<InsightKey<ClvParams>, LifetimeLayer>,
    pub(crate) cohorts: Kept<InsightKey<CohortParams>, CohortLayer>,
    pub(crate) baskets: Kept<InsightKey<(RfmParams, BasketParams)>, BasketLayer>,
    pub(crate) recs_models: Kept<super::recs::ModelsKey, super::recs::ModelsLayer>,
    pub(crate) recs: Kept<super::recs::RecsKey, super::recs::RecsLayer>,
}

impl Prepared {
    pub(crate) fn new(report: FileReport, cleaned: Cleaned) -> Prepared {
        Prepared {
            report: Arc::new(report),
            cleaned,
            features: Kept::new(FEATURES_KEPT),
            purchases: OnceLock::new(),
            bases: Kept::new(BASES_KEPT),
            segmentations: Kept::new(SEGMENTATIONS_KEPT),
            ledger: OnceLock::new(),
            names: OnceLock::new(),
            rfm: Kept::new(INSIGHTS_KEPT),
            lifetime: Kept::new(INSIGHTS_KEPT),
            cohorts: Kept::new(INSIGHTS_KEPT),
            baskets: Kept::new(INSIGHTS_KEPT),
            recs_models: Kept::new(INSIGHTS_KEPT),
            recs: Kept::new(INSIGHTS_KEPT),
        }
    }

    /// The keys of every layer these parameters give on this file.
    pub fn keys(&self, params: &super::AnalysisParams) -> Keys {
        Keys::of(self.report.key, params)
    }

    pub(crate) fn features(&self, key: &FeatureKey) -> Result<Arc<FeatureLayer>, Error> {
        self.features.get_or_try(key, || {
            let params: Valid<FeatureParams> = key.params.check()?;
            let table = features(&self.cleaned, &params)?;
            let report = Arc::new(FeatureTable::of(*key, &table));
            Ok::<_, Error>(FeatureLayer { table, report })
        })
    }

    pub(crate) fn purchases(&self) -> Result<&Purchases, Error> {
        if let Some(p) = self.purchases.get() {
            return Ok(p);
        }
        let computed = Purchases::of(&self.cleaned)?;
        Ok(self.purchases.get_or_init(|| computed))
    }

    /// The purchased lines as plain rows, listed once per file.
    pub fn ledger(&self) -> Result<&Ledger, Error> {
        if let Some(l) = self.ledger.get() {
            return Ok(l);
        }
        let listed = Ledger::of(&self.cleaned)?;
        Ok(self.ledger.get_or_init(|| listed))
    }

    /// The customer ids and products behind the ledger's indices.
    pub fn names(&self) -> Result<Arc<FileNames>, Error> {
        if let Some(n) = self.names.get() {
            return Ok(Arc::clone(n));
        }
        let names = Arc::new(FileNames {
            file: self.report.key,
            names: Names::of(self.ledger()?),
        });
        Ok(Arc::clone(self.names.get_or_init(|| names)))
    }

    /// The model base for these settings: kept, or fitted now (reporting its stages).
    pub(crate) fn base(
        &self,
        key: &ModelKey,
        features: &FeatureLayer,
        params: &Valid<ModelParams>,
        stages: &mut Stages<'_, '_>,
    ) -> Result<Arc<ModelLayer>, Error> {
        self.bases.get_or_try(key, || {
            let x = features.table.values.view();
            let base = Base::fit(x, params, &mut |m| stages.start(Stage::of(m)))?;
            let report = Arc::new(ModelReport::of(key.clone(), &base));
            Ok::<_, Error>(ModelLayer { base, report })
        })
    }

    pub(crate) fn segmentation(
        &self,
        key: &SegmentationKey,
        make: impl FnOnce() -> Result<Segmentation, Error>,
    ) -> Result<Arc<Segmentation>, Error> {
        self.segmentations.get_or_try(key, make)
    }
}

/// The most recent few values, by key.
#[derive(Debug)]
pub(crate) struct Kept<K, V> {
    slots: usize,
    entries: Mutex<Vec<(K, Arc<V>)>>,
}

impl<K: PartialEq + Clone, V> Kept<K, V> {
    pub fn new(slots: usize) -> Self {
        Self {
            slots,
            entries: Mutex::new(Vec::new()),
        }
    }

    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        let entries = self.entries.lock().ok()?;
        entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| Arc::clone(v))
    }

    /// The kept value for `key`, or the one `make` computes, which is then kept.
    pub fn get_or_try<E>(&self, key: &K, make: impl FnOnce() -> Result<V, E>) -> Result<Arc<V>, E> {
        if let Some(v) = self.get(key) {
            return Ok(v);
        }
        let v = Arc::new(make()?);
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|(k, _)| k != key);
            entries.insert(0, (key.clone(), Arc::clone(&v)));
            entries.truncate(self.slots);
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn keeps_the_newest_and_computes_each_key_once() {
        let kept: Kept<u8, String> = Kept::new(2);
        let mut made = 0;
        let mut get = |k: u8| {
            kept.get_or_try(&k, || {
                made += 1;
                Ok::<_, ()>(format!("v{k}"))
            })
            .unwrap()
        };
        assert_eq!(*get(1), "v1");
        assert_eq!(*get(1), "v1");
        get(2);
        get(3); // 1 falls out
        assert_eq!(*get(1), "v1");
        assert_eq!(made, 4);
        assert!(kept.get(&2).is_none() && kept.get(&3).is_some());
        let failed = kept.get_or_try(&9, || Err::<String, _>("no"));
        assert_eq!(failed, Err("no"));
        assert!(kept.get(&9).is_none());
    }
}
