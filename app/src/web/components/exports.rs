//! Downloads of the results, made in the browser from the core's own export functions.

use crate::layers::Layers;
use crate::web::download;
use crate::web::session;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::export;

#[derive(Clone, Copy)]
enum Export {
    Workbook,
    Customers,
    Recommendations,
    SegmentProducts,
    Report,
}

impl Export {
    const ALL: [Export; 5] = [
        Export::Workbook,
        Export::Customers,
        Export::Recommendations,
        Export::SegmentProducts,
        Export::Report,
    ];

    fn label(self) -> &'static str {
        match self {
            Export::Workbook => "Every table, one sheet each (Excel .xlsx)",
            Export::Customers => "Customers with segments (CSV)",
            Export::Recommendations => "Recommendations (CSV)",
            Export::SegmentProducts => "Best sellers per segment (CSV)",
            Export::Report => "Full report (JSON)",
        }
    }

    fn file(self) -> (&'static str, &'static str) {
        match self {
            Export::Workbook => (
                "segwork.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            Export::Customers => ("customers.csv", "text/csv"),
            Export::Recommendations => ("recommendations.csv", "text/csv"),
            Export::SegmentProducts => ("segment-products.csv", "text/csv"),
            Export::Report => ("report.json", "application/json"),
        }
    }

    /// The file from the layers on screen; None when there are no results.
    fn render(self, layers: &Layers) -> Option<Result<Vec<u8>, String>> {
        Some(match self {
            Export::Workbook => {
                export::workbook(&layers.export_analysis()?).map_err(|e| e.to_string())
            }
            Export::Customers => text(export::customers_table(
                layers.features.as_deref()?,
                layers.model.as_deref()?,
                layers.segmentation.as_deref()?,
            )),
            Export::Recommendations => {
                text(export::recommendations_csv(layers.segmentation.as_deref()?))
            }
            Export::SegmentProducts => text(export::segment_products_csv(
                layers.segmentation.as_deref()?,
            )),
            Export::Report => text(export::report_json(&layers.analysis()?)),
        })
    }

    fn slug(self) -> &'static str {
        self.file().0.split('.').next().unwrap_or("export")
    }
}

fn text<E: std::fmt::Display>(made: Result<String, E>) -> Result<Vec<u8>, String> {
    made.map(String::into_bytes).map_err(|e| e.to_string())
}

/// The input file's name without its extension, to prefix the exports with.
fn stem(name: Option<String>) -> String {
    let name = name.unwrap_or_else(|| "segwork".to_owned());
    name.rsplit_once('.')
        .map_or(name.clone(), |(s, _)| s.to_owned())
}

/// Saves `what`; the workbook first gets every customer's measured lists from the worker
/// when the recommendations are shown and those are not all held yet.
fn save(wb: Workbench, what: Export) {
    match what {
        Export::Workbook => session::with_all_lists(wb, Box::new(move || write(wb, what))),
        _ => write(wb, what),
    }
}

fn write(wb: Workbench, what: Export) {
    let Some(rendered) = wb.layers.with_untracked(|l| what.render(l)) else {
        return;
    };
    let (suffix, mime) = what.file();
    let name = format!("{}-{suffix}", stem(wb.file_name.get_untracked()));
    let result =
        rendered.and_then(|bytes| download::bytes(&name, mime, &bytes).map_err(|e| e.to_string()));
    if let Err(e) = result {
        wb.error
            .set(Some(format!("The export could not be made: {e}")));
    }
}

#[component]
pub fn Exports() -> impl IntoView {
    let wb = Workbench::get();
    let buttons = Export::ALL
        .map(|what| {
            view! {
                <li><button class="button link" data-testid=format!("export-{}", what.slug())
                    on:click=move |_| save(wb, what)>{what.label()}</button></li>
            }
        })
        .to_vec();
    view! {
        <section class="exports panel" aria-labelledby="exports-title">
            <h2 id="exports-title">"Export"</h2>
            <ul>{buttons}</ul>
            <Show when=move || wb.making_lists.get()>
                <p class="hint" data-testid="export-making-lists">"Making every customer's recommendation lists for the workbook…"</p>
            </Show>
            <p class="hint">"Files are made in this browser; every chart also has its own “Save PNG”."</p>
        </section>
    }
}
