//! Downloads of the results, made in the browser from the core's own export functions.

use crate::web::download;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::{export, Analysis};

#[derive(Clone, Copy)]
enum Export {
    Customers,
    Recommendations,
    SegmentProducts,
    Report,
}

impl Export {
    const ALL: [Export; 4] = [
        Export::Customers,
        Export::Recommendations,
        Export::SegmentProducts,
        Export::Report,
    ];

    fn label(self) -> &'static str {
        match self {
            Export::Customers => "Customers with segments (CSV)",
            Export::Recommendations => "Recommendations (CSV)",
            Export::SegmentProducts => "Best sellers per segment (CSV)",
            Export::Report => "Full report (JSON)",
        }
    }

    fn file(self) -> (&'static str, &'static str) {
        match self {
            Export::Customers => ("customers.csv", "text/csv"),
            Export::Recommendations => ("recommendations.csv", "text/csv"),
            Export::SegmentProducts => ("segment-products.csv", "text/csv"),
            Export::Report => ("report.json", "application/json"),
        }
    }

    fn render(self, a: &Analysis) -> Result<String, String> {
        match self {
            Export::Customers => export::customers_csv(a).map_err(|e| e.to_string()),
            Export::Recommendations => export::recommendations_csv(a).map_err(|e| e.to_string()),
            Export::SegmentProducts => export::segment_products_csv(a).map_err(|e| e.to_string()),
            Export::Report => export::report_json(a).map_err(|e| e.to_string()),
        }
    }

    fn slug(self) -> &'static str {
        self.file().0.split('.').next().unwrap_or("export")
    }
}

/// The input file's name without its extension, to prefix the exports with.
fn stem(name: Option<String>) -> String {
    let name = name.unwrap_or_else(|| "segwork".to_owned());
    name.rsplit_once('.')
        .map_or(name.clone(), |(s, _)| s.to_owned())
}

fn save(wb: Workbench, what: Export) {
    let Some(a) = wb.analysis.get_untracked() else {
        return;
    };
    let (suffix, mime) = what.file();
    let name = format!("{}-{suffix}", stem(wb.file_name.get_untracked()));
    let result = what
        .render(&a)
        .and_then(|text| download::text(&name, mime, &text).map_err(|e| e.to_string()));
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
            <p class="hint">"Files are made in this browser; every chart also has its own “Save PNG”."</p>
        </section>
    }
}
