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
mod tests;
