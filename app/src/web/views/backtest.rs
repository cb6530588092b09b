//! How the recommendations would have done on the last two months of the user's data:
//! the backtest's table and charts, against best sellers and the reference method, or why
//! the file is too thin to judge.

use crate::format;
use crate::web::charts::BacktestBars;
use crate::web::state::{RecsStatus, Workbench};
use leptos::prelude::*;
use segwork_core::backtest::{BacktestReport, ListScores};
use segwork_core::pipeline::{iso_day, RecsReport};
use segwork_core::recommend::List;
use segwork_core::Stage;
use std::sync::Arc;

/// While the recommenders are measured: the stage the worker last reported, and a bar
/// over the three stages.
fn running(stage: Option<Stage>, fraction: Option<f64>) -> impl IntoView {
    let steps = Stage::RECOMMENDERS;
    let at = stage.and_then(|s| steps.iter().position(|x| *x == s));
    let done = at.map_or(0.0, |i| {
        (i as f64 + fraction.unwrap_or(0.0)) / steps.len() as f64
    });
    let percent = (done * 100.0).round();
    let text = match (stage, at) {
        (Some(s), Some(i)) => format!("Step {} of {}: {}…", i + 1, steps.len(), s.label()),
        _ => "Measuring every method on the last two months of your data…".to_owned(),
    };
    view! {
        <div class="progress" data-testid="backtest-running" role="status" aria-live="polite">
            <div class="bar" role="progressbar" aria-label="Recommendations measured"
                aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent.to_string()
                aria-valuetext=text.clone()>
                <div class="fill" style:width=format!("{percent}%")></div>
            </div>
            <p class="stage" data-testid="backtest-stage">{text}</p>
        </div>
    }
}

fn cells(scores: Option<&ListScores>) -> impl IntoView {
    match scores {
        Some(s) => view! {
            <td class="num">{format::percent(s.at_10.hit_rate)}</td>
            <td class="num">{format::number(s.at_10.ndcg, 3)}</td>
            <td class="num">{format::percent(s.at_3.hit_rate)}</td>
        }
        .into_any(),
        None => view! { <td class="num">"—"</td><td class="num">"—"</td><td class="num">"—"</td> }
            .into_any(),
    }
}

fn row(r: &RecsReport, m: &segwork_core::backtest::MethodScores) -> impl IntoView {
    let used = [
        (r.defaults.discovery == m.method).then_some("discovery"),
        (r.defaults.next_basket == m.method).then_some("next basket"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let coverage = m
        .next_basket
        .or(m.discovery)
        .map_or_else(|| "—".to_owned(), |s| format::percent(s.coverage));
    let chosen = !used.is_empty();
    view! {
        <tr class:chosen=chosen>
            <th scope="row">{m.method.name()}</th>
            {cells(m.of(List::Discovery))}
            {cells(m.of(List::NextBasket))}
            <td class="num">{coverage}</td>
            <td>{used}</td>
        </tr>
    }
}

fn period(b: &BacktestReport) -> String {
    let s = &b.split;
    format!(
        "Fitted on {} to {}, then checked against what customers bought from {} to {}: {} customers bought in both periods ({} of them something new). Each method's settings were chosen on the two months before the test, so the test months were never seen.",
        iso_day(s.first_day),
        iso_day(s.test_from - 1),
        iso_day(s.test_from),
        iso_day(s.last_day),
        format::count(b.users.next_basket),
        format::count(b.users.discovery),
    )
}

fn figures(r: &RecsReport, b: Arc<BacktestReport>) -> impl IntoView {
    let rows = b.methods.iter().map(|m| row(r, m)).collect_view();
    let left_out = b
        .left_out
        .iter()
        .map(|l| view! { <p class="hint" data-testid="backtest-left-out">{l.to_string()}</p> })
        .collect_view();
    let (discovery, next) = (r.defaults.discovery, r.defaults.next_basket);
    view! {
        <p class="summary" data-testid="backtest-period">{period(&b)}</p>
        <table class="data compact" data-testid="backtest-table">
            <caption>"Hit rate: share of customers who bought at least one of their picks. NDCG also rewards putting those products first."</caption>
            <thead>
                <tr><th scope="col" rowspan="2">"Method"</th><th scope="colgroup" colspan="3">"Discovery (never bought before)"</th>
                    <th scope="colgroup" colspan="3">"Next basket (repeats allowed)"</th><th scope="col" rowspan="2" class="num">"Catalogue covered"</th><th scope="col" rowspan="2">"Used for"</th></tr>
                <tr><th scope="col" class="num">"hit@10"</th><th scope="col" class="num">"NDCG@10"</th><th scope="col" class="num">"hit@3"</th>
                    <th scope="col" class="num">"hit@10"</th><th scope="col" class="num">"NDCG@10"</th><th scope="col" class="num">"hit@3"</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {left_out}
        <div class="charts">
            <BacktestBars report=Arc::clone(&b) list=List::Discovery chosen=discovery/>
            <BacktestBars report=b list=List::NextBasket chosen=next/>
        </div>
    }
}

/// The backtest of the recommendations shown, or where it stands.
#[component]
pub fn Backtest() -> impl IntoView {
    let wb = Workbench::get();
    let body = move || {
        let recs = wb.layers.with(|l| l.recs_shown().cloned());
        match (recs, wb.recs.get()) {
            (Some(layer), _) => match &layer.outcome {
                Ok(r) => match &r.backtest {
                    Ok(b) => figures(r, Arc::new(b.clone())).into_any(),
                    Err(why) => view! {
                        <p class="notice" role="status" data-testid="backtest-verdict">
                            {format!("{why} The lists below use the methods that usually do best ({} for discovery, {} for the next basket), unmeasured on this file.", r.defaults.discovery.name(), r.defaults.next_basket.name())}
                        </p>
                    }
                    .into_any(),
                },
                Err(e) => view! { <p class="notice" role="status" data-testid="backtest-verdict">{e.to_string()}</p> }.into_any(),
            },
            (None, RecsStatus::Failed(message)) => {
                view! { <p class="error" role="alert" data-testid="backtest-verdict">{message}</p> }.into_any()
            }
            (None, RecsStatus::Running { stage, fraction, .. }) => running(stage, fraction).into_any(),
            (None, RecsStatus::Idle) => running(None, None).into_any(),
        }
    };
    view! {
        <section class="panel" aria-labelledby="backtest-title">
            <h3 id="backtest-title">"How these recommendations would have done on the last two months of your data"</h3>
            {body}
        </section>
    }
}
