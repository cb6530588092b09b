//! Data & cleaning: what was read, and the rows left after each cleaning step, with the
//! rule behind the step and examples of the lines it dropped.

use super::layout::LayoutChoice;
use crate::format;
use crate::layers::LayersStoreFields;
use crate::web::charts::CleaningFunnel;
use crate::web::session;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::clean::CleanStep;
use segwork_core::columns::Field;
use segwork_core::load::{Rules, SheetStatus, SourceFormat};
use segwork_core::pipeline::{iso_day, FileReport};
use segwork_core::Mode;
use std::sync::Arc;

fn format_name(f: SourceFormat) -> &'static str {
    match f {
        SourceFormat::Xlsx => "an Excel workbook",
        SourceFormat::Xlsb => "a binary Excel workbook",
        SourceFormat::Xls => "an Excel 97–2003 workbook",
        SourceFormat::Ods => "an OpenDocument spreadsheet",
        SourceFormat::Csv => "a CSV file",
        SourceFormat::Parquet => "Parquet line items",
    }
}

/// What was read and kept; in reference mode, `dropped` customers with a single line
/// item left out of the feature table.
fn summary(a: &FileReport, dropped: Option<usize>) -> String {
    let used: Vec<String> = a
        .load
        .sheets
        .iter()
        .filter_map(|s| match s.status {
            SheetStatus::Used { rows, .. } => {
                Some(format!("“{}”: {} rows", s.name, format::count(rows)))
            }
            _ => None,
        })
        .collect();
    let kept = a.cleaning.last().map_or(0, |s| s.rows_out);
    let span = &a.span;
    let mut text = format!(
        "{} rows read from {}{}. {} clean transaction lines remain: {} orders from {} customers, {} to {} ({} days); {} lines are cancellations or returns (kept and flagged).",
        format::count(a.load.rows),
        format_name(a.load.format),
        match used.len() {
            0 => String::new(),
            1 => format!(" (sheet {})", used[0]),
            _ => format!(" (sheets {})", used.join("; ")),
        },
        format::count(kept),
        format::count(span.orders),
        format::count(a.customers_total),
        iso_day(span.first_day),
        iso_day(span.last_day),
        format::count(span.days().max(0) as usize),
        format::count(a.cancelled_rows),
    );
    if let Some(dropped) = dropped {
        text.push_str(&format!(
            " Reference mode leaves out the {} customers with a single line item, as the published analysis does.",
            format::count(dropped)
        ));
    }
    text
}

/// The "Change" cell: lines dropped, flagged, or kept because the rule is off.
fn change(step: &CleanStep) -> String {
    if step.off {
        format!("off: {} kept", format::count(step.flagged))
    } else if step.flagged > 0 {
        format!("{} flagged", format::count(step.flagged))
    } else if step.rows_in == step.rows_out {
        "—".to_owned()
    } else {
        format!(
            "−{}",
            format::count(step.rows_in.saturating_sub(step.rows_out))
        )
    }
}

fn examples_label(step: &CleanStep) -> &'static str {
    if step.off {
        "Examples of lines this rule would drop (kept while it is off)"
    } else if step.flagged > 0 {
        "Examples of flagged lines"
    } else {
        "Examples of dropped lines"
    }
}

/// The lines a step dropped or flagged, as they are in the file. The table is built when
/// the user first opens it: built with the view, the examples of every step made most of
/// the page's work when the results appear (455 of its 552 elements on the full file).
fn examples(step: &CleanStep) -> impl IntoView {
    let label = examples_label(step);
    let examples = step.examples.clone();
    let opened = RwSignal::new(false);
    let table = move || {
        opened.get().then(|| {
            let headers = Field::ALL
                .iter()
                .map(|f| view! { <th scope="col">{f.label()}</th> })
                .collect_view();
            let rows = examples
                .iter()
                .map(|e| {
                    let cells = e
                        .cells
                        .iter()
                        .map(|c| view! { <td>{c.clone()}</td> })
                        .collect_view();
                    view! { <tr><td>{format!("{} row {}", e.sheet, e.row)}</td>{cells}</tr> }
                })
                .collect_view();
            view! {
                <div class="scroll"><table class="examples">
                    <thead><tr><th scope="col">"Where"</th>{headers}</tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }
        })
    };
    (!step.examples.is_empty()).then(|| {
        view! {
            <details on:toggle=move |_| opened.set(true)>
                <summary>{label}</summary>
                {table}
            </details>
        }
    })
}

/// A switch for a rule the user may turn off, shown where it changes something: the
/// rule caught lines, or it is off.
fn switch(step: &CleanStep) -> Option<impl IntoView> {
    let caught = step.off || step.flagged > 0 || step.rows_in != step.rows_out;
    let id = step.id;
    (id.switchable() && caught).then(|| {
        let wb = Workbench::get();
        let on = !step.off;
        let disabled = move || wb.running.with(Option::is_some);
        view! {
            <label class="rule-switch">
                <input type="checkbox" data-testid="rule-switch" checked=on disabled=disabled
                    on:change=move |ev| session::switch_rule(wb, id, event_target_checked(&ev))/>
                " Apply this rule"
            </label>
        }
    })
}

fn step_row(step: CleanStep, rules: Rules) -> impl IntoView {
    let class = if step.off { "off" } else { "" };
    view! {
        <tr data-step=format!("{:?}", step.id) class=class>
            <th scope="row">{step.id.label_for(&rules)}</th>
            <td class="rule">{step.rule.clone()}{switch(&step)}{examples(&step)}</td>
            <td class="num">{format::count(step.rows_in)}</td>
            <td class="num" data-testid="rows-out">{format::count(step.rows_out)}</td>
            <td class="num" data-testid="rows-change">{change(&step)}</td>
        </tr>
    }
}

#[component]
pub fn Cleaning() -> impl IntoView {
    let wb = Workbench::get();
    let dropped = move || {
        let reference = wb
            .layers
            .params()
            .with(|p| p.as_ref().is_some_and(|p| p.mode == Mode::Reference));
        let dropped = wb
            .layers
            .features()
            .with(|f| f.as_ref().map_or(0, |f| f.dropped_single_line));
        reference.then_some(dropped)
    };
    move || {
        wb.layers.file().get().map(|a: Arc<FileReport>| {
            let rules = a.load.preset.rules();
            let steps = a.cleaning.clone().into_iter().map(|s| step_row(s, rules)).collect_view();
            let load = a.load.clone();
            let report = Arc::clone(&a);
            view! {
                <section aria-labelledby="cleaning-title">
                    <h2 id="cleaning-title">"Data & cleaning"</h2>
                    <LayoutChoice load=load/>
                    <p class="summary" data-testid="cleaning-summary">{move || summary(&report, dropped())}</p>
                    <Cautions report=Arc::clone(&a)/>
                    <CleaningFunnel report=Arc::clone(&a)/>
                    <table class="data cleaning" data-testid="cleaning-table">
                        <caption>"The cleaning chain, step by step, with the rules of this file's layout"</caption>
                        <thead><tr>
                            <th scope="col">"Step"</th><th scope="col">"Rule"</th>
                            <th scope="col" class="num">"Rows in"</th><th scope="col" class="num">"Rows out"</th>
                            <th scope="col" class="num">"Change"</th>
                        </tr></thead>
                        <tbody>{steps}</tbody>
                    </table>
                </section>
            }
        })
    }
}

/// What makes this file thin for the analysis, and what it does to the results.
#[component]
fn Cautions(report: Arc<FileReport>) -> impl IntoView {
    let cautions = report.cautions();
    (!cautions.is_empty()).then(|| {
        let items = cautions
            .iter()
            .map(|c| view! { <li>{c.message()}</li> })
            .collect_view();
        view! {
            <div class="cautions" role="note" data-testid="cautions">
                <h3>"Read these results with care"</h3>
                <ul>{items}</ul>
            </div>
        }
    })
}
