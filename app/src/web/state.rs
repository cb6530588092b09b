//! The state the views share, as one `Copy` struct provided as context: the analysis in
//! one store of layers ([`Layers`]), and the page's own signals (settings, selection, tab).

use crate::layers::{Customers, Layers, LayersStoreFields};
use crate::naming::{name_segments, SegmentName};
use crate::settings::Settings;
use leptos::prelude::*;
use reactive_stores::Store;
use segwork_core::columns::Field;
use segwork_core::pipeline::{FeatureTable, ModelReport, Segmentation};
use segwork_core::Stage;
use std::sync::Arc;

/// The views of the results, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Cleaning,
    Customers,
    ChooseK,
    Segments,
    Recommendations,
    Rfm,
    Lifetime,
    Cohorts,
    Baskets,
}

impl Tab {
    pub const ALL: [Tab; 9] = [
        Tab::Cleaning,
        Tab::Customers,
        Tab::ChooseK,
        Tab::Segments,
        Tab::Recommendations,
        Tab::Rfm,
        Tab::Lifetime,
        Tab::Cohorts,
        Tab::Baskets,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Cleaning => "Data & cleaning",
            Tab::Customers => "Customers",
            Tab::ChooseK => "Choosing k",
            Tab::Segments => "Segments",
            Tab::Recommendations => "Recommendations",
            Tab::Rfm => "RFM",
            Tab::Lifetime => "Lifetime value",
            Tab::Cohorts => "Cohorts",
            Tab::Baskets => "Bought together",
        }
    }

    /// The tab a key moves to from this one, in a tab list (WAI-ARIA tabs pattern): the
    /// left and right arrows wrap around, Home and End go to the ends.
    pub fn after_key(self, key: &str) -> Option<Tab> {
        let at = Tab::ALL.iter().position(|t| *t == self)?;
        let n = Tab::ALL.len();
        let to = match key {
            "ArrowRight" => (at + 1) % n,
            "ArrowLeft" => (at + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        Some(Tab::ALL[to])
    }

    pub fn slug(self) -> &'static str {
        match self {
            Tab::Cleaning => "cleaning",
            Tab::Customers => "customers",
            Tab::ChooseK => "choose-k",
            Tab::Segments => "segments",
            Tab::Recommendations => "recommendations",
            Tab::Rfm => "rfm",
            Tab::Lifetime => "lifetime",
            Tab::Cohorts => "cohorts",
            Tab::Baskets => "baskets",
        }
    }
}

/// The measured recommendations of the segmentation shown.
#[derive(Debug, Clone, PartialEq)]
pub enum RecsStatus {
    /// None asked for, or they arrived.
    Idle,
    /// Being measured in the worker, since this time (ms on the page's clock); the stage
    /// (one of `Stage::RECOMMENDERS`) and the fraction of it the worker last reported.
    Running {
        since: f64,
        stage: Option<Stage>,
        fraction: Option<f64>,
    },
    /// They could not be made; the message is for the user.
    Failed(String),
}

/// A run in progress, for the progress bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    /// What is being worked on, e.g. the file name.
    pub subject: String,
    pub stage: Option<Stage>,
    pub fraction: Option<f64>,
    /// The stages this run goes through, in order.
    pub stages: Vec<Stage>,
}

impl Running {
    /// Share of the run done, counting each stage equally.
    pub fn overall(&self) -> f64 {
        let Some(stage) = self.stage else { return 0.0 };
        let at = self.stages.iter().position(|s| *s == stage).unwrap_or(0) as f64;
        ((at + self.fraction.unwrap_or(0.0)) / self.stages.len().max(1) as f64).clamp(0.0, 1.0)
    }
}

/// The file's columns did not all match: the user picks them.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingNeeded {
    pub file_name: String,
    pub sheet: String,
    pub missing: Vec<Field>,
    pub found: Vec<String>,
    /// The first rows and the guessed columns.
    pub preview: Option<segwork_core::load::Preview>,
    /// The columns the user confirmed for a file with the same header, if any.
    pub remembered: Option<crate::web::session::Remembered>,
}

#[derive(Clone, Copy)]
pub struct Workbench {
    /// The analysis on screen, layer by layer.
    pub layers: Store<Layers>,
    pub names: Memo<Vec<SegmentName>>,
    pub running: RwSignal<Option<Running>>,
    pub error: RwSignal<Option<String>>,
    pub mapping: RwSignal<Option<MappingNeeded>>,
    /// What the controls show; a change triggers a new analysis.
    pub settings: RwSignal<Settings>,
    /// The file behind the results on screen.
    pub file_name: RwSignal<Option<String>>,
    /// The customer (row of the customer table) picked in the scatter or by search.
    pub selected: RwSignal<Option<usize>>,
    /// Customers inside the scatter's brush rectangle.
    pub brushed: RwSignal<Vec<usize>>,
    pub tab: RwSignal<Tab>,
    pub show_outliers: RwSignal<bool>,
    /// Where the measured recommendations stand (they are asked for when their view shows).
    pub recs: RwSignal<RecsStatus>,
    /// True while an export waits for every customer's lists from the worker.
    pub making_lists: RwSignal<bool>,
}

/// The three layers the customer table is made of, when they go together.
#[derive(Clone)]
pub struct Table {
    pub features: Arc<FeatureTable>,
    pub model: Arc<ModelReport>,
    pub segmentation: Arc<Segmentation>,
}

impl Table {
    pub fn customers(&self) -> Option<Customers<'_>> {
        Customers::of(&self.features, &self.model, &self.segmentation)
    }
}

impl Workbench {
    pub fn new() -> Self {
        let layers = Store::new(Layers::default());
        let names = Memo::new(move |_| {
            layers.segmentation().with(|s| {
                s.as_ref()
                    .map(|s| name_segments(&s.segments))
                    .unwrap_or_default()
            })
        });
        Self {
            layers,
            names,
            running: RwSignal::new(None),
            error: RwSignal::new(None),
            mapping: RwSignal::new(None),
            settings: RwSignal::new(Settings::default()),
            file_name: RwSignal::new(None),
            selected: RwSignal::new(None),
            brushed: RwSignal::new(vec![]),
            tab: RwSignal::new(Tab::Cleaning),
            show_outliers: RwSignal::new(true),
            recs: RwSignal::new(RecsStatus::Idle),
            making_lists: RwSignal::new(false),
        }
    }

    /// The customer table's layers (tracked), when they go together.
    pub fn table(&self) -> Option<Table> {
        let table = Table {
            features: self.layers.features().get()?,
            model: self.layers.model().get()?,
            segmentation: self.layers.segmentation().get()?,
        };
        table.customers().is_some().then_some(table)
    }

    /// True when there are results to show.
    pub fn has_results(&self) -> bool {
        self.layers.segmentation().with(Option::is_some)
    }

    /// The workbench the page provided. A component mounted outside the page (which the
    /// page never does) gets an empty workbench of its own rather than a panic.
    pub fn get() -> Self {
        use_context::<Workbench>().unwrap_or_else(|| {
            web_sys::console::error_1(&"a view was mounted without the workbench".into());
            let wb = Workbench::new();
            provide_context(wb);
            wb
        })
    }

    /// The segment names, or "Segment n" before any analysis.
    pub fn segment_name(&self, segment: usize) -> String {
        self.names
            .with(|n| crate::suggest::segment_label(n, segment))
    }
}

impl Default for Workbench {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn arrow_keys_home_and_end_move_between_tabs() {
        assert_eq!(Tab::Cleaning.after_key("ArrowRight"), Some(Tab::Customers));
        assert_eq!(Tab::Cleaning.after_key("ArrowLeft"), Some(Tab::Baskets));
        assert_eq!(Tab::Baskets.after_key("ArrowRight"), Some(Tab::Cleaning));
        assert_eq!(Tab::Recommendations.after_key("ArrowRight"), Some(Tab::Rfm));
        assert_eq!(Tab::Segments.after_key("Home"), Some(Tab::Cleaning));
        assert_eq!(Tab::ChooseK.after_key("End"), Some(Tab::Baskets));
        assert_eq!(Tab::ChooseK.after_key("Enter"), None);
    }
}
