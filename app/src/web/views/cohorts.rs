//! Cohorts: customers grouped by the month of their first purchase, and how many of them
//! (or how much of their first month's revenue) come back in each later month, as heat maps.

use crate::format;
use crate::layers::LayersStoreFields;
use crate::web::components::heat;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::cohorts::CohortReport;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Customers,
    Revenue,
}

impl Measure {
    fn label(self) -> &'static str {
        match self {
            Measure::Customers => "Customers who bought again",
            Measure::Revenue => "Revenue against the first month",
        }
    }

    fn table(self, c: &CohortReport) -> (&[Vec<f64>], &[f64]) {
        match self {
            Measure::Customers => (&c.retention, &c.average_retention),
            Measure::Revenue => (&c.revenue_retention, &c.average_revenue_retention),
        }
    }

    /// The value at which the heat map is darkest (revenue can exceed its first month).
    fn top(self, rows: &[Vec<f64>]) -> f64 {
        match self {
            Measure::Customers => rows
                .iter()
                .flat_map(|r| r.iter().skip(1))
                .copied()
                .fold(0.0_f64, f64::max)
                .max(1e-9),
            Measure::Revenue => 1.0,
        }
    }
}

fn cell(v: f64, top: f64) -> impl IntoView {
    let shade = v / top;
    view! {
        <td class="heat num" style:background-color=heat::background(shade) style:color=heat::text(shade)>
            {format::percent(v)}
        </td>
    }
}

#[component]
fn Heatmap(report: Arc<CohortReport>, measure: Measure) -> impl IntoView {
    let (rows, average) = measure.table(&report);
    let top = measure.top(rows);
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let head = (0..width)
        .map(|m| view! { <th scope="col" class="num">{format!("+{m}")}</th> })
        .collect_view();
    let body = report
        .labels
        .iter()
        .zip(&report.sizes)
        .zip(rows)
        .map(|((label, size), values)| {
            let cells = values.iter().map(|v| cell(*v, top)).collect_view();
            view! { <tr><th scope="row">{label.clone()}</th><td class="num">{format::count(*size)}</td>{cells}</tr> }
        })
        .collect_view();
    let mean = average.iter().map(|v| cell(*v, top)).collect_view();
    view! {
        <div class="scroll">
            <table class="heatmap cohorts" data-testid=format!("cohorts-{}", if measure == Measure::Customers { "customers" } else { "revenue" })>
                <caption>{format!("{}, by months since the first purchase", measure.label())}</caption>
                <thead><tr><th scope="col">"First purchase"</th><th scope="col" class="num">"Customers"</th>{head}</tr></thead>
                <tbody>{body}</tbody>
                <tfoot><tr><th scope="row">"All cohorts"</th><td class="num">{format::count(report.sizes.iter().sum())}</td>{mean}</tr></tfoot>
            </table>
        </div>
    }
}

#[component]
pub fn Cohorts() -> impl IntoView {
    let wb = Workbench::get();
    let measure = RwSignal::new(Measure::Customers);
    let body = move || {
        let layer = wb.layers.cohorts().get()?;
        Some(match &layer.outcome {
            Err(e) => view! { <p class="notice" role="status" data-testid="cohorts-unavailable">{e.to_string()}</p> }.into_any(),
            Ok(report) => {
                let report = Arc::new(report.clone());
                let m = measure.get();
                view! {
                    <p class="hint">{format!(
                        "{} cohorts up to {}. Month +0 is the month of the first purchase; the bottom row averages the cohorts that reach each month, weighted by size.",
                        report.labels.len(), report.last_month
                    )}</p>
                    <Heatmap report=report measure=m/>
                }
                .into_any()
            }
        })
    };
    let choice = [Measure::Customers, Measure::Revenue].map(|m| {
        view! {
            <label><input type="radio" name="cohort-measure" data-testid=format!("cohort-measure-{}", if m == Measure::Customers { "customers" } else { "revenue" })
                prop:checked=move || measure.get() == m on:change=move |_| measure.set(m)/>{m.label()}</label>
        }
    });
    view! {
        <section aria-labelledby="cohorts-title" data-testid="cohorts-view">
            <h2 id="cohorts-title">"Cohorts"</h2>
            <fieldset class="controls inline"><legend>"Show"</legend>{choice.to_vec()}</fieldset>
            {move || body().unwrap_or_else(|| view! { <p class="hint">"Computing cohorts…"</p> }.into_any())}
        </section>
    }
}
