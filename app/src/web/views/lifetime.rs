//! Lifetime value and churn risk: the purchase and spend models (or, when the data shows
//! no dropout, that plainly said), the settings a marketer sets (margin, horizon,
//! discount), a backtest on the last months so they can judge whether to trust it, and
//! the customers ranked by lifetime value.

use crate::format;
use crate::layers::LayersStoreFields;
use crate::web::session;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::clv::{Backtest, ChurnBasis, ClvReport, Dropout};
use segwork_core::pipeline::{iso_day, FileNames};
use std::sync::Arc;

/// Customers listed, by lifetime value.
const LISTED: usize = 100;

#[component]
fn Model(report: Arc<ClvReport>) -> impl IntoView {
    let f = &report.fit;
    let purchases = match (f.dropout, f.a, f.b) {
        (Dropout::Measured, Some(a), Some(b)) => format!(
            "Purchases (BG/NBD): r {:.4}, α {:.4}, a {:.4}, b {:.4}; log-likelihood {:.2}, {} customers.",
            f.r, f.alpha, a, b, f.log_likelihood, format::count(f.customers)
        ),
        _ => format!(
            "Purchases: no measurable dropout, so the model is its no-dropout limit (NBD): r {:.4}, α {:.4}; log-likelihood {:.2}, {} customers.",
            f.r, f.alpha, f.log_likelihood, format::count(f.customers)
        ),
    };
    let spend = report.spend.as_ref().map_or_else(
        || "Spend: no repeat customers to fit the spend model; order values are each customer's own mean.".to_owned(),
        |g| format!("Spend (Gamma-Gamma): p {:.4}, q {:.4}, γ {:.4}, {} repeat customers.", g.p, g.q, g.gamma, format::count(g.customers)),
    );
    let notes = report
        .notes
        .iter()
        .map(
            |n| view! { <p class="notice" role="note" data-testid="lifetime-note">{n.clone()}</p> },
        )
        .collect_view();
    view! {
        <div class="panel" data-testid="lifetime-model">
            <p>{purchases}</p>
            <p>{spend}</p>
            {notes}
        </div>
    }
}

#[component]
fn Settings() -> impl IntoView {
    let wb = Workbench::get();
    let s = move || wb.settings.get();
    let number = |ev: &leptos::ev::Event| event_target_value(ev).trim().parse::<f64>().ok();
    view! {
        <div class="controls inline" data-testid="lifetime-settings">
            <label>"Margin (%) "
                <input type="number" min="1" max="100" step="1" data-testid="clv-margin"
                    prop:value=move || format::number(s().margin * 100.0, 0)
                    on:change=move |ev| { if let Some(v) = number(&ev) { session::change_settings(wb, |s| s.margin = v / 100.0) } }/>
            </label>
            <label>"Horizon (months) "
                <input type="number" min="1" max="120" step="1" data-testid="clv-horizon"
                    prop:value=move || s().horizon_months.to_string()
                    on:change=move |ev| { if let Some(v) = number(&ev) { session::change_settings(wb, |s| s.horizon_months = v.max(1.0) as u32) } }/>
            </label>
            <label>"Monthly discount (%) "
                <input type="number" min="0" max="50" step="0.1" data-testid="clv-discount"
                    prop:value=move || format::number(s().discount * 100.0, 1)
                    on:change=move |ev| { if let Some(v) = number(&ev) { session::change_settings(wb, |s| s.discount = v / 100.0) } }/>
            </label>
        </div>
    }
}

/// Predicted against actual purchases in the holdout, overall and by calibration frequency.
#[component]
fn BacktestView(b: Backtest) -> impl IntoView {
    let max = b
        .by_frequency
        .iter()
        .flat_map(|x| [x.predicted_mean, x.actual_mean])
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let bars = b
        .by_frequency
        .iter()
        .map(|x| {
            let label = if x.or_more { format!("{}+", x.calibration_repeats) } else { x.calibration_repeats.to_string() };
            let width = |v: f64| format!("{:.1}%", 100.0 * v / max);
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td class="num">{format::count(x.customers)}</td>
                    <td class="bars">
                        <div class="hbar predicted" style:width=width(x.predicted_mean) title="predicted"></div>
                        <div class="hbar actual" style:width=width(x.actual_mean) title="actual"></div>
                    </td>
                    <td class="num">{format::number(x.predicted_mean, 2)}</td>
                    <td class="num">{format::number(x.actual_mean, 2)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="panel" data-testid="lifetime-backtest">
            <p>{format!(
                "Fitted on the data up to {}, then asked to predict the last {} days: {} purchases predicted, {} made ({} customers; mean absolute error per customer {}).",
                iso_day(b.calibration_end), b.holdout_days, format::number(b.predicted_total, 0),
                format::number(b.actual_total, 0), format::count(b.customers), format::number(b.mean_absolute_error, 2)
            )}</p>
            <p data-testid="backtest-verdict">{verdict(&b)}</p>
            <table class="data compact backtest-chart">
                <caption>"Mean purchases per customer in the holdout, by repeat purchases before it: "
                    <span class="key predicted">"predicted"</span>" and "<span class="key actual">"actual"</span></caption>
                <thead><tr><th scope="col">"Repeat purchases before"</th><th scope="col" class="num">"Customers"</th><th scope="col">""</th>
                    <th scope="col" class="num">"Predicted"</th><th scope="col" class="num">"Actual"</th></tr></thead>
                <tbody>{bars}</tbody>
            </table>
        </div>
    }
}

/// The backtest in one sentence: how far the prediction fell from what happened.
fn verdict(b: &Backtest) -> String {
    if b.actual_total <= 0.0 {
        return "Nobody bought in the holdout period, so the prediction cannot be judged."
            .to_owned();
    }
    let off = b.predicted_total / b.actual_total - 1.0;
    let way = if off < 0.0 { "fewer" } else { "more" };
    let trust = if off.abs() <= 0.1 {
        "close enough to plan with"
    } else {
        "treat the expected purchases and lifetime values as rough (a seasonal peak in the holdout, for one, is not in the model)"
    };
    format!(
        "It predicted {} {way} purchases than were made: {trust}.",
        format::percent(off.abs())
    )
}

#[component]
fn TopCustomers(report: Arc<ClvReport>, names: Arc<FileNames>) -> impl IntoView {
    let wb = Workbench::get();
    let model_churn = report.churn_basis == ChurnBasis::Model;
    let (churn_head, churn_why) = if model_churn {
        ("Churn risk", "1 − P(alive), from the purchase model")
    } else {
        (
            "Churn risk (heuristic)",
            "Days since the last purchase against the customer's own usual gap between purchases",
        )
    };
    let mut ranked: Vec<_> = report.customers.iter().collect();
    ranked.sort_by(|a, b| b.clv.total_cmp(&a.clv));
    let rfm = wb.layers.rfm().get_untracked();
    let rows = ranked
        .into_iter()
        .take(LISTED)
        .map(|c| {
            let segment = rfm
                .as_ref()
                .and_then(|l| l.report())
                .and_then(|r| r.segment_of(c.customer))
                .map_or("", |s| s.name());
            view! {
                <tr>
                    <td>{names.customer(c.customer).to_owned()}</td>
                    <td>{segment}</td>
                    <td class="num">{c.x + 1}</td>
                    <td class="num">{format::number(c.expected_purchases, 2)}</td>
                    <td class="num">{format::percent(c.churn_risk)}</td>
                    <td class="num">{format::number(c.expected_order_value, 2)}</td>
                    <td class="num">{format::number(c.clv, 0)}</td>
                </tr>
            }
        })
        .collect_view();
    let days = wb
        .settings
        .get_untracked()
        .params()
        .insights
        .lifetime
        .prediction_days;
    view! {
        <div class="scroll">
        <table class="data compact" data-testid="lifetime-customers">
            <caption>{format!("The {LISTED} customers with the highest lifetime value (all in the Excel export)")}</caption>
            <thead><tr><th scope="col">"Customer"</th><th scope="col">"RFM segment"</th><th scope="col" class="num">"Purchase days"</th>
                <th scope="col" class="num">{format!("Purchases expected, next {days} days")}</th>
                <th scope="col" class="num" title=churn_why>{churn_head}</th><th scope="col" class="num">"Expected order value"</th>
                <th scope="col" class="num">"Lifetime value"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}

#[component]
pub fn Lifetime() -> impl IntoView {
    let wb = Workbench::get();
    let body = move || {
        let layer = wb.layers.lifetime().get()?;
        let names = wb.layers.names().get()?;
        Some(match &layer.outcome {
            Err(e) => view! { <p class="notice" role="status" data-testid="lifetime-unavailable">{e.to_string()}</p> }.into_any(),
            Ok(report) => {
                let report = Arc::new(report.clone());
                let backtest = report.backtest.clone().map(|b| view! { <BacktestView b=b/> });
                view! {
                    <Model report=Arc::clone(&report)/>
                    <h3>"How well it predicts"</h3>
                    {backtest}
                    <h3>"Customers by lifetime value"</h3>
                    <TopCustomers report=report names=names/>
                }
                .into_any()
            }
        })
    };
    view! {
        <section aria-labelledby="lifetime-title" data-testid="lifetime-view">
            <h2 id="lifetime-title">"Lifetime value and churn risk"</h2>
            <Settings/>
            {move || body().unwrap_or_else(|| view! { <p class="hint">"Fitting the lifetime model…"</p> }.into_any())}
        </section>
    }
}
