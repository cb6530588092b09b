//! The state the views share, as one `Copy` struct of signals provided as context.

use crate::naming::{name_segments, SegmentName};
use crate::settings::Settings;
use leptos::prelude::*;
use segwork_core::columns::Field;
use segwork_core::{Analysis, Stage};
use std::sync::Arc;

/// The views of the results, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Cleaning,
    Customers,
    ChooseK,
    Segments,
    Recommendations,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Cleaning,
        Tab::Customers,
        Tab::ChooseK,
        Tab::Segments,
        Tab::Recommendations,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Cleaning => "Data & cleaning",
            Tab::Customers => "Customers",
            Tab::ChooseK => "Choosing k",
            Tab::Segments => "Segments",
            Tab::Recommendations => "Recommendations",
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
        }
    }
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

/// Where the k sweep after the segments on screen stands, until it arrives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SweepProgress {
    /// Share of the k values done.
    Running(f64),
    /// The worker was replaced (Cancel, crash) before the sweep arrived.
    Stopped,
}

/// The file's columns did not all match: the user picks them.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingNeeded {
    pub file_name: String,
    pub sheet: String,
    pub missing: Vec<Field>,
    pub found: Vec<String>,
}

#[derive(Clone, Copy)]
pub struct Workbench {
    pub analysis: RwSignal<Option<Arc<Analysis>>>,
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
    /// The k sweep computed after the segments on screen were shown.
    pub sweep: RwSignal<SweepProgress>,
}

impl Workbench {
    pub fn new() -> Self {
        let analysis: RwSignal<Option<Arc<Analysis>>> = RwSignal::new(None);
        let names = Memo::new(move |_| {
            analysis.with(|a| {
                a.as_ref()
                    .map(|a| name_segments(&a.segments))
                    .unwrap_or_default()
            })
        });
        Self {
            analysis,
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
            sweep: RwSignal::new(SweepProgress::Running(0.0)),
        }
    }

    pub fn get() -> Self {
        expect_context::<Workbench>()
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
        assert_eq!(
            Tab::Cleaning.after_key("ArrowLeft"),
            Some(Tab::Recommendations)
        );
        assert_eq!(
            Tab::Recommendations.after_key("ArrowRight"),
            Some(Tab::Cleaning)
        );
        assert_eq!(Tab::Segments.after_key("Home"), Some(Tab::Cleaning));
        assert_eq!(Tab::ChooseK.after_key("End"), Some(Tab::Recommendations));
        assert_eq!(Tab::ChooseK.after_key("Enter"), None);
    }
}
