//! Bought together: product pairs as rules "if A then B" with support, confidence and lift,
//! over all orders or one RFM segment's, sortable; the minimum support as a control; and
//! any product's top companions.

use crate::format;
use crate::layers::LayersStoreFields;
use crate::web::session;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::baskets::{BasketReport, BasketRule};
use segwork_core::pipeline::{BasketInsight, FileNames};
use std::sync::Arc;

/// Rules listed at most.
const LISTED: usize = 300;
/// The minimum supports offered.
const SUPPORTS: [f64; 7] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Lift,
    Confidence,
    Support,
}

impl SortBy {
    fn key(self, r: &BasketRule) -> f64 {
        match self {
            SortBy::Lift => r.lift,
            SortBy::Confidence => r.confidence,
            SortBy::Support => r.support,
        }
    }
}

/// All orders (None) or one RFM segment's (its index in `RfmSegment::ALL`).
fn scoped(b: &BasketInsight, scope: Option<usize>) -> Result<&BasketReport, String> {
    match scope {
        None => Ok(&b.overall),
        Some(i) => match b.by_segment.get(i).map(|s| &s.outcome) {
            Some(Ok(r)) => Ok(r),
            Some(Err(e)) => Err(e.to_string()),
            None => Err("The RFM segments are not available for this file.".to_owned()),
        },
    }
}

fn header(label: &'static str, by: SortBy, sort: RwSignal<SortBy>) -> impl IntoView {
    view! {
        <th scope="col" class="num sortable" aria-sort=move || if sort.get() == by { "descending" } else { "none" }>
            <button type="button" class="link" data-testid=format!("sort-{}", label.to_lowercase()) on:click=move |_| sort.set(by)>
                {label}{move || if sort.get() == by { " ▼" } else { "" }}
            </button>
        </th>
    }
}

#[component]
fn Rules(report: BasketReport, names: Arc<FileNames>, sort: RwSignal<SortBy>) -> impl IntoView {
    let caption = format!(
        "{} rules from {} pairs over {} orders ({} shown)",
        format::count(report.rules.len()),
        format::count(report.pairs.len()),
        format::count(report.orders),
        format::count(report.rules.len().min(LISTED))
    );
    let rows = move || {
        let by = sort.get();
        let mut rules: Vec<&BasketRule> = report.rules.iter().collect();
        rules.sort_by(|a, b| by.key(b).total_cmp(&by.key(a)));
        rules
            .into_iter()
            .take(LISTED)
            .map(|r| {
                let (a_code, a) = names.product(r.antecedent);
                let (c_code, c) = names.product(r.consequent);
                view! {
                    <tr>
                        <td title=a_code.to_owned()>{a.to_owned()}</td>
                        <td title=c_code.to_owned()>{c.to_owned()}</td>
                        <td class="num">{format::count(r.orders)}</td>
                        <td class="num">{format::percent(r.support)}</td>
                        <td class="num">{format::percent(r.confidence)}</td>
                        <td class="num">{format::number(r.lift, 1)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <table class="data compact" data-testid="basket-rules">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">"If an order has"</th><th scope="col">"it also has"</th><th scope="col" class="num">"Orders with both"</th>
                {header("Support", SortBy::Support, sort)}{header("Confidence", SortBy::Confidence, sort)}{header("Lift", SortBy::Lift, sort)}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A product picked from the frequent ones, and its top companions.
#[component]
fn Companions(report: BasketReport, names: Arc<FileNames>) -> impl IntoView {
    let picked = RwSignal::new(report.items.first().map(|i| i.product));
    let options = report
        .items
        .iter()
        .map(|i| {
            let (code, d) = names.product(i.product);
            view! { <option value=i.product.to_string()>{format!("{d} ({code}) — {} orders", format::count(i.orders))}</option> }
        })
        .collect_view();
    let list = move || {
        let p = picked.get()?;
        let rows = report
            .top_companions(p, 10)
            .into_iter()
            .map(|r| {
                let (_, c) = names.product(r.consequent);
                view! { <li>{format!("{c} — in {} of the orders with it, lift {}", format::percent(r.confidence), format::number(r.lift, 1))}</li> }
            })
            .collect_view();
        Some(view! { <ol data-testid="companions">{rows}</ol> })
    };
    view! {
        <div class="panel">
            <label>"Product "<select data-testid="companion-product" on:change=move |ev| picked.set(event_target_value(&ev).parse().ok())>{options}</select></label>
            {list}
        </div>
    }
}

#[component]
pub fn Baskets() -> impl IntoView {
    let wb = Workbench::get();
    let sort = RwSignal::new(SortBy::Lift);
    let scope = RwSignal::new(None::<usize>);
    let supports = SUPPORTS.map(|s| view! { <option value=s.to_string() selected=move || (wb.settings.get().min_support - s).abs() < 1e-12>{format::percent(s)}</option> });
    let segments = segwork_core::rfm::RfmSegment::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| view! { <option value=i.to_string()>{s.name()}</option> })
        .collect_view();
    let body = move || {
        let layer = wb.layers.baskets().get()?;
        let names = wb.layers.names().get()?;
        Some(match layer.outcome.as_ref().map_err(ToString::to_string).and_then(|b| scoped(b, scope.get())) {
            Err(e) => view! { <p class="notice" role="status" data-testid="baskets-unavailable">{e}</p> }.into_any(),
            Ok(report) if report.rules.is_empty() => view! {
                <p class="notice" role="status" data-testid="baskets-none">{format!(
                    "No two products are in at least {} of these {} orders together ({} products are in that many orders on their own). Choose a lower minimum support to see rarer pairs.",
                    format::count(report.min_count), format::count(report.orders), format::count(report.frequent_items)
                )}</p>
            }
            .into_any(),
            Ok(report) => {
                let capped = report.capped.then(|| view! { <p class="hint">"Only the most frequent products are paired, to keep memory bounded on this catalogue."</p> });
                view! {
                    <p class="hint">{format!("Pairs in at least {} orders ({} products qualify). Lift above 1: bought together more often than chance.", format::count(report.min_count), format::count(report.frequent_items))}</p>
                    {capped}
                    <h3>"A product's companions"</h3>
                    <Companions report=report.clone() names=Arc::clone(&names)/>
                    <h3>"Rules"</h3>
                    <Rules report=report.clone() names=names sort=sort/>
                }
                .into_any()
            }
        })
    };
    view! {
        <section aria-labelledby="baskets-title" data-testid="baskets-view">
            <h2 id="baskets-title">"Bought together"</h2>
            <div class="controls inline">
                <label>"Minimum support "<select data-testid="min-support"
                    on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<f64>() { session::change_settings(wb, |s| s.min_support = v) } }>{supports.to_vec()}</select></label>
                <label>" Orders of "<select data-testid="basket-scope" on:change=move |ev| scope.set(event_target_value(&ev).parse().ok())>
                    <option value="all">"all customers"</option>{segments}</select></label>
            </div>
            {move || body().unwrap_or_else(|| view! { <p class="hint">"Counting what sells together…"</p> }.into_any())}
        </section>
    }
}
