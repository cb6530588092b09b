//! What the page holds of the analysis: one value per layer, each with the key of what it
//! depends on. On the page this struct is the one reactive store (`Store<Layers>`) the
//! views read from; here it is plain Rust, so its rules are tested natively and in the
//! browser.
//!
//! A layer is shown only with the layers it was computed from: the customer table needs
//! features, model and segmentation whose keys chain, and the k sweep is shown while it
//! was made on the model shown.

use crate::protocol::HeldInsights;
use crate::protocol::{Held, HeldLists, Layer};
use segwork_core::pipeline::{
    BasketLayer, CohortLayer, FeatureTable, FileNames, FileReport, LifetimeLayer, ModelReport,
    RecsLayer, RfmLayer, Segmentation, Sweep,
};
use segwork_core::{Analysis, AnalysisParams};
use std::sync::Arc;

#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(reactive_stores::Store))]
pub struct Layers {
    /// The parameters of the analysis on screen, as the page asked for them.
    pub params: Option<AnalysisParams>,
    pub file: Option<Arc<FileReport>>,
    pub features: Option<Arc<FeatureTable>>,
    pub model: Option<Arc<ModelReport>>,
    pub segmentation: Option<Arc<Segmentation>>,
    /// The last k sweep received; shown only while it belongs to the model shown.
    pub sweep: Option<Arc<Sweep>>,
    /// Share of the k values done by the sweep being computed; None when none is running
    /// (it was stopped with the worker, by a Cancel or a crash).
    pub sweep_progress: Option<f64>,
    /// The customer ids and product names behind the marketer's analyses' indices.
    pub names: Option<Arc<FileNames>>,
    /// The marketer's analyses, each shown while it belongs to the file shown.
    pub rfm: Option<Arc<RfmLayer>>,
    pub lifetime: Option<Arc<LifetimeLayer>>,
    pub cohorts: Option<Arc<CohortLayer>>,
    pub baskets: Option<Arc<BasketLayer>>,
    /// The measured recommendations, asked for when the Recommendations view is shown;
    /// shown while they belong to the segmentation shown.
    pub recs: Option<Arc<RecsLayer>>,
    /// Customers' lists from the recommendations, as they were asked for: the customers
    /// shown so far, or all of them once an export needed them; shown with `recs`.
    pub lists: Option<Arc<HeldLists>>,
}

impl Layers {
    /// The keys of what is held, for the next request.
    pub fn held(&self) -> Held {
        Held {
            file: self.file.as_ref().map(|f| f.key),
            features: self.features.as_ref().map(|f| f.key),
            model: self.model.as_ref().map(|m| m.key.clone()),
            segmentation: self.segmentation.as_ref().map(|s| s.key.clone()),
            sweep: self.sweep.as_ref().map(|s| s.key.clone()),
            insights: HeldInsights {
                names: self.names.as_ref().map(|n| n.file),
                rfm: self.rfm.as_ref().map(|l| l.key.clone()),
                lifetime: self.lifetime.as_ref().map(|l| l.key.clone()),
                cohorts: self.cohorts.as_ref().map(|l| l.key.clone()),
                baskets: self.baskets.as_ref().map(|l| l.key.clone()),
            },
        }
    }

    /// Puts a layer in its place.
    pub fn apply(&mut self, layer: Layer) {
        match layer {
            Layer::Features(f) => self.features = Some(f),
            Layer::Model(m) => self.model = Some(m),
            Layer::Segmentation(s) => self.segmentation = Some(s),
            Layer::Names(n) => self.names = Some(n),
            Layer::Rfm(l) => self.rfm = Some(l),
            Layer::Lifetime(l) => self.lifetime = Some(l),
            Layer::Cohorts(l) => self.cohorts = Some(l),
            Layer::Baskets(l) => self.baskets = Some(l),
        }
    }

    /// True when there is an analysis to show: every layer, each made from the one above.
    pub fn complete(&self) -> bool {
        self.analysis().is_some()
    }

    /// The recommendations made for the segmentation shown (with the backtest settings
    /// asked for), if they have arrived.
    pub fn recs_shown(&self) -> Option<&Arc<RecsLayer>> {
        let (segmentation, params, recs) = (
            self.segmentation.as_ref()?,
            self.params.as_ref()?,
            self.recs.as_ref()?,
        );
        (recs.key.params.0 == segmentation.key && recs.key.params.1 == params.backtest)
            .then_some(recs)
    }

    /// The customers' lists held for the recommendations shown.
    pub fn lists_shown(&self) -> Option<&Arc<HeldLists>> {
        let recs = self.recs_shown()?;
        self.lists.as_ref().filter(|l| l.key == recs.key)
    }

    /// Adds customers' lists that arrived (replacing those of other recommendations).
    pub fn add_lists(&mut self, more: &Arc<HeldLists>) {
        self.lists = Some(HeldLists::added(self.lists.as_ref(), more));
    }

    /// True when an export of the recommendations shown still needs every customer's
    /// lists from the worker.
    pub fn lacks_all_lists(&self) -> bool {
        self.recs_shown().is_some() && !self.lists_shown().is_some_and(|l| l.complete)
    }

    /// [`Layers::analysis`] with every customer's lists in the recommendations, when they
    /// are held: what the exports are made from.
    pub fn export_analysis(&self) -> Option<Analysis> {
        let mut analysis = self.analysis()?;
        let complete = self.lists_shown().filter(|l| l.complete);
        if let (Some(layer), Some(held)) = (&analysis.recs, complete) {
            let mut layer = RecsLayer::clone(layer);
            if let Ok(report) = &mut layer.outcome {
                report.customers = held.lists.values().cloned().collect();
            }
            analysis.recs = Some(Arc::new(layer));
        }
        Some(analysis)
    }

    /// The sweep made on the model shown, if it has arrived.
    pub fn sweep_shown(&self) -> Option<&Arc<Sweep>> {
        sweep_for(self.model.as_deref(), self.sweep.as_ref())
    }

    /// True when a model is shown and its sweep has not arrived.
    pub fn sweep_pending(&self) -> bool {
        self.model.is_some()
            && self.sweep_shown().is_none()
            && self
                .params
                .as_ref()
                .is_some_and(|p| !p.model.sweep.is_empty())
    }

    /// Every layer as one analysis (for the JSON report), when they are consistent.
    pub fn analysis(&self) -> Option<Analysis> {
        let (params, file, features, model, segmentation) = (
            self.params.as_ref()?,
            self.file.as_ref()?,
            self.features.as_ref()?,
            self.model.as_ref()?,
            self.segmentation.as_ref()?,
        );
        Customers::of(features, model, segmentation)?;
        (features.key.file == file.key).then(|| Analysis {
            params: params.clone(),
            file: Arc::clone(file),
            features: Arc::clone(features),
            model: Arc::clone(model),
            segmentation: Arc::clone(segmentation),
            sweep: self.sweep_shown().cloned(),
            insights: self.insights_shown(),
            recs: self.recs_shown().cloned(),
        })
    }

    /// The marketer's analyses, when all four belong to the file shown.
    pub fn insights_shown(&self) -> Option<segwork_core::pipeline::Insights> {
        let file = self.file.as_ref()?.key;
        let (names, rfm, lifetime, cohorts, baskets) = (
            self.names.as_ref()?,
            self.rfm.as_ref()?,
            self.lifetime.as_ref()?,
            self.cohorts.as_ref()?,
            self.baskets.as_ref()?,
        );
        let same = [
            names.file,
            rfm.key.file,
            lifetime.key.file,
            cohorts.key.file,
            baskets.key.file,
        ]
        .iter()
        .all(|k| *k == file);
        same.then(|| segwork_core::pipeline::Insights {
            names: Arc::clone(names),
            rfm: Arc::clone(rfm),
            lifetime: Arc::clone(lifetime),
            cohorts: Arc::clone(cohorts),
            baskets: Arc::clone(baskets),
        })
    }
}

/// `sweep` when it was made on `model`.
pub fn sweep_for<'a>(
    model: Option<&ModelReport>,
    sweep: Option<&'a Arc<Sweep>>,
) -> Option<&'a Arc<Sweep>> {
    let model = model?;
    sweep.filter(|s| s.key.model == model.key)
}

/// The customer table as the views see it: one row per customer, from three layers.
#[derive(Debug, Clone, Copy)]
pub struct Customers<'a> {
    pub ids: &'a [String],
    /// Row-major, in `Feature::ALL` order.
    pub features: &'a [Vec<f64>],
    pub outlier: &'a [bool],
    /// None for outliers.
    pub segment: &'a [Option<usize>],
}

impl<'a> Customers<'a> {
    /// The table, when the model was fitted on these features and the segmentation made
    /// on this model (so every column has one value per customer).
    pub fn of(
        features: &'a FeatureTable,
        model: &'a ModelReport,
        segmentation: &'a Segmentation,
    ) -> Option<Customers<'a>> {
        let chained = model.key.features == features.key && segmentation.key.model == model.key;
        let n = features.ids.len();
        let sized = features.features.len() == n
            && model.outlier.len() == n
            && segmentation.segment.len() == n;
        (chained && sized).then_some(Customers {
            ids: &features.ids,
            features: &features.features,
            outlier: &model.outlier,
            segment: &segmentation.segment,
        })
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// One feature of one customer; NaN when out of range.
    pub fn feature(&self, row: usize, index: usize) -> f64 {
        self.features
            .get(row)
            .and_then(|r| r.get(index))
            .copied()
            .unwrap_or(f64::NAN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{layers, table};
    // The same tests run natively and, through wasm-bindgen-test, in headless Chromium.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn held_lists_the_key_of_every_layer() {
        assert_eq!(Layers::default().held(), Held::default());
        let l = layers(table(6), Default::default());
        let held = l.held();
        let a = l.analysis().unwrap();
        assert_eq!(held.file, Some(a.file.key));
        assert_eq!(held.features, Some(a.features.key));
        assert_eq!(held.model.as_ref(), Some(&a.model.key));
        assert_eq!(held.segmentation.as_ref(), Some(&a.segmentation.key));
        assert_eq!(held.sweep, None);
        // Holding everything, nothing is missing.
        assert!(held.missing(&a).is_empty());
        assert_eq!(Held::default().missing(&a).len(), 3);
    }

    #[test]
    fn a_new_k_needs_only_a_segmentation_and_keeps_the_sweep() {
        let mut l = layers(table(6), Default::default());
        let a = l.analysis().unwrap();
        let old = crate::testing::keys(&a.params);
        let sweep = Arc::new(Sweep {
            key: old.sweep.clone().unwrap(),
            points: vec![],
        });
        l.sweep = Some(Arc::clone(&sweep));
        assert!(l.sweep_shown().is_some() && !l.sweep_pending());
        let mut params = a.params.clone();
        params.model.kmeans.k = 5;
        let keys = crate::testing::keys(&params);
        let held = l.held();
        assert_eq!(held.sweep_to_compute(&keys), None);
        let mut new_k = a.clone();
        let mut segmentation = (*a.segmentation).clone();
        segmentation.key = keys.segmentation.clone();
        new_k.segmentation = Arc::new(segmentation);
        let missing = held.missing(&new_k);
        assert!(matches!(missing.as_slice(), [Layer::Segmentation(_)]));
        for layer in missing {
            l.apply(layer);
        }
        assert!(l.complete());
        assert_eq!(l.sweep_shown(), Some(&sweep));
    }

    #[test]
    fn another_seed_asks_for_a_new_sweep_and_hides_the_old_one() {
        let mut l = layers(table(6), Default::default());
        let a = l.analysis().unwrap();
        let old = crate::testing::keys(&a.params);
        l.sweep = Some(Arc::new(Sweep {
            key: old.sweep.clone().unwrap(),
            points: vec![],
        }));
        let mut params = a.params.clone();
        params.model.seed = 9;
        let keys = crate::testing::keys(&params);
        assert_eq!(l.held().sweep_to_compute(&keys), keys.sweep.clone());
        let mut model = (*a.model).clone();
        model.key = keys.model.clone();
        l.model = Some(Arc::new(model));
        // The segmentation of the old model no longer goes with the model shown.
        assert!(!l.complete());
        assert!(l.sweep_shown().is_none() && l.sweep_pending());
    }

    #[test]
    fn recommendations_show_only_with_the_segmentation_and_backtest_they_were_made_for() {
        use segwork_core::pipeline::{RecsKey, RecsLayer};
        let mut l = layers(table(6), Default::default());
        let a = l.analysis().unwrap();
        let made_for = |segmentation: &Segmentation, params: &AnalysisParams| RecsLayer {
            key: RecsKey {
                file: a.file.key,
                params: (segmentation.key.clone(), params.backtest.clone()),
            },
            outcome: Err(segwork_core::Error::Internal(
                segwork_core::internal::Internal {
                    stage: "a test".into(),
                    message: "not needed here".into(),
                },
            )),
        };
        l.recs = Some(Arc::new(made_for(&a.segmentation, &a.params)));
        assert!(l.recs_shown().is_some());
        assert!(l.analysis().unwrap().recs.is_some(), "the exports get them");

        let mut other_backtest = a.params.clone();
        other_backtest.backtest.test_months = 3;
        l.recs = Some(Arc::new(made_for(&a.segmentation, &other_backtest)));
        assert!(l.recs_shown().is_none());

        let mut params = a.params.clone();
        params.model.kmeans.k = 5;
        let mut segmentation = (*a.segmentation).clone();
        segmentation.key = crate::testing::keys(&params).segmentation;
        l.recs = Some(Arc::new(made_for(&segmentation, &a.params)));
        assert!(
            l.recs_shown().is_none(),
            "a new k needs new recommendations"
        );
    }

    #[test]
    fn customers_lists_show_with_their_recommendations_and_fill_the_exports_when_complete() {
        use crate::protocol::HeldLists;
        use segwork_core::backtest::BacktestError;
        use segwork_core::pipeline::{CustomerLists, RecsKey, RecsLayer, RecsReport};
        use segwork_core::recommend::{Pick, Reason};
        let mut l = layers(table(6), Default::default());
        let a = l.analysis().unwrap();
        let key = RecsKey {
            file: a.file.key,
            params: (a.segmentation.key.clone(), a.params.backtest.clone()),
        };
        let report = RecsReport {
            backtest: Err(BacktestError::NoTestMonths),
            settings: Default::default(),
            defaults: Default::default(),
            ease_products: 0,
            segments: vec![],
            customers: vec![],
            fitted: None,
        };
        l.recs = Some(Arc::new(RecsLayer {
            key: key.clone(),
            outcome: Ok(report),
        }));
        let pick = |product| CustomerLists {
            discovery: vec![Pick {
                product,
                score: 1.0,
                reason: Reason::BestSeller,
            }],
            next_basket: vec![],
        };
        let held = |key: &RecsKey, customers: &[u32], complete| {
            Arc::new(HeldLists {
                key: key.clone(),
                lists: customers.iter().map(|&c| (c, pick(c))).collect(),
                complete,
            })
        };
        // One customer shown, then another: both kept; an export still needs them all.
        l.add_lists(&held(&key, &[3], false));
        l.add_lists(&held(&key, &[1], false));
        let shown = l.lists_shown().unwrap();
        assert_eq!(shown.lists.keys().copied().collect::<Vec<_>>(), [1, 3]);
        assert!(l.lacks_all_lists());
        let export = l.export_analysis().unwrap();
        assert!(export.recs.unwrap().report().unwrap().customers.is_empty());
        // Every customer's lists: the export carries them, in customer order.
        l.add_lists(&held(&key, &[0, 1, 2], true));
        assert!(!l.lacks_all_lists());
        let export = l.export_analysis().unwrap();
        let recs = export.recs.unwrap();
        let products: Vec<u32> = recs
            .report()
            .unwrap()
            .customers
            .iter()
            .map(|c| c.discovery[0].product)
            .collect();
        assert_eq!(products, [0, 1, 2]);
        // Lists of other recommendations (another k) are not shown with these.
        let mut other = key.clone();
        other.params.1.test_months = 3;
        l.add_lists(&held(&other, &[4], false));
        assert!(l.lists_shown().is_none() && l.lacks_all_lists());
    }

    #[test]
    fn customers_need_layers_that_chain() {
        let l = layers(table(4), Default::default());
        let (f, m, s) = (
            l.features.clone().unwrap(),
            l.model.clone().unwrap(),
            l.segmentation.clone().unwrap(),
        );
        let c = Customers::of(&f, &m, &s).unwrap();
        assert_eq!(c.len(), 4);
        assert!(c.feature(9, 0).is_nan());
        let mut short = (*s).clone();
        short.segment.pop();
        assert!(Customers::of(&f, &m, &short).is_none());
    }
}
