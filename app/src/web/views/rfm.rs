//! RFM: the 5×5 recency–frequency grid as a heat map of customer counts, the named
//! segments with a suggested action each, a click on a cell or a segment to list its
//! customers, and the RFM segments against the K-Means segments.

use crate::format;
use crate::layers::LayersStoreFields;
use crate::web::components::heat;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::pipeline::FileNames;
use segwork_core::rfm::{CustomerRfm, RfmReport, RfmSegment};
use std::sync::Arc;

/// Customers listed at most, biggest spenders first.
const LISTED: usize = 200;

/// What the customer list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    Cell { r: u8, f: u8 },
    Segment(RfmSegment),
}

impl Pick {
    fn takes(self, c: &CustomerRfm) -> bool {
        match self {
            Pick::Cell { r, f } => c.r == r && c.f == f,
            Pick::Segment(s) => c.segment == s,
        }
    }

    fn title(self) -> String {
        match self {
            Pick::Cell { r, f } => format!("Customers with R {r} and F {f}"),
            Pick::Segment(s) => format!("{}: {}", s.name(), s.rule()),
        }
    }
}

#[component]
fn Grid(report: Arc<RfmReport>, pick: RwSignal<Option<Pick>>) -> impl IntoView {
    let max = report
        .grid
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let rows = (1..=5u8)
        .rev()
        .map(|r| {
            let cells = (1..=5u8)
                .map(|f| {
                    let n = report.grid[usize::from(r - 1)][usize::from(f - 1)];
                    let v = n as f64 / max;
                    let segment = RfmSegment::of(r, f);
                    let this = Pick::Cell { r, f };
                    view! {
                        <td class="heat clickable" data-testid=format!("rfm-cell-{r}{f}")
                            style:background-color=heat::background(v) style:color=heat::text(v)
                            class:picked=move || pick.get() == Some(this)
                            title=format!("R {r}, F {f}: {} customers ({})", n, segment.name())
                            on:click=move |_| pick.set(Some(this))>
                            <span class="count">{format::count(n)}</span>
                            <span class="segment-tag">{segment.name()}</span>
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{format!("R {r}")}</th>{cells}</tr> }
        })
        .collect_view();
    let head = (1..=5)
        .map(|f| view! { <th scope="col">{format!("F {f}")}</th> })
        .collect_view();
    view! {
        <table class="heatmap rfm-grid" data-testid="rfm-grid">
            <caption>"Customers by recency (R, 5 = most recent) and frequency (F, 5 = most orders)"</caption>
            <thead><tr><td></td>{head}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn SegmentTable(report: Arc<RfmReport>, pick: RwSignal<Option<Pick>>) -> impl IntoView {
    let rows = report
        .segments
        .iter()
        .map(|s| {
            let this = Pick::Segment(s.segment);
            view! {
                <tr class="clickable" class:picked=move || pick.get() == Some(this)
                    on:click=move |_| pick.set(Some(this))>
                    <th scope="row">{s.segment.name()}</th>
                    <td>{s.segment.rule()}</td>
                    <td class="num">{format::count(s.customers)}</td>
                    <td class="num">{format::percent(s.customer_share)}</td>
                    <td class="num">{format::percent(s.revenue_share)}</td>
                    <td class="num">{format::number(s.mean_recency_days, 0)}</td>
                    <td class="num">{format::number(s.mean_frequency, 1)}</td>
                    <td class="num">{format::number(s.mean_spend, 0)}</td>
                    <td class="action">{s.segment.action()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data" data-testid="rfm-segments">
            <thead><tr>
                <th scope="col">"Segment"</th><th scope="col">"Rule"</th>
                <th scope="col" class="num">"Customers"</th><th scope="col" class="num">"Share"</th>
                <th scope="col" class="num">"Revenue share"</th><th scope="col" class="num">"Mean days since last"</th>
                <th scope="col" class="num">"Mean orders"</th><th scope="col" class="num">"Mean spend"</th>
                <th scope="col">"Suggested action"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn Picked(report: Arc<RfmReport>, names: Arc<FileNames>, pick: Pick) -> impl IntoView {
    let mut members: Vec<&CustomerRfm> =
        report.customers.iter().filter(|c| pick.takes(c)).collect();
    members.sort_by(|a, b| b.monetary.total_cmp(&a.monetary));
    let total = members.len();
    let rows = members
        .iter()
        .take(LISTED)
        .map(|c| {
            view! {
                <tr>
                    <td>{names.customer(c.customer).to_owned()}</td>
                    <td class="num">{c.r}</td><td class="num">{c.f}</td><td class="num">{c.m}</td>
                    <td class="num">{c.recency_days}</td><td class="num">{c.frequency}</td>
                    <td class="num">{format::number(c.monetary, 2)}</td>
                    <td>{c.segment.name()}</td>
                </tr>
            }
        })
        .collect_view();
    let more = (total > LISTED).then(|| {
        format!(
            "The {LISTED} biggest spenders of {} are listed; the Excel export has them all.",
            format::count(total)
        )
    });
    view! {
        <div class="panel" data-testid="rfm-customers">
            <h3>{format!("{} — {} customers", pick.title(), format::count(total))}</h3>
            <p class="hint">{more}</p>
            <div class="scroll">
                <table class="data compact">
                    <thead><tr><th scope="col">"Customer"</th><th scope="col" class="num">"R"</th><th scope="col" class="num">"F"</th>
                        <th scope="col" class="num">"M"</th><th scope="col" class="num">"Days since last"</th>
                        <th scope="col" class="num">"Orders"</th><th scope="col" class="num">"Spend"</th><th scope="col">"Segment"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}

/// RFM segments (rows) against the K-Means segments (columns) of the customers in both.
#[component]
fn Cross(report: Arc<RfmReport>, names: Arc<FileNames>) -> impl IntoView {
    let wb = Workbench::get();
    move || {
        let t = wb.table()?;
        let k = t.segmentation.k();
        let mut labels: Vec<Option<usize>> = vec![None; names.customers.len()];
        for (id, segment) in t.features.ids.iter().zip(&t.segmentation.segment) {
            if let Ok(i) = names.customers.binary_search(id) {
                labels[i] = *segment;
            }
        }
        let table = report.cross(&labels, k);
        let head = (0..k)
            .map(|s| view! { <th scope="col" class="num">{format!("{}. {}", s + 1, wb.segment_name(s))}</th> })
            .collect_view();
        let rows = RfmSegment::ALL
            .iter()
            .zip(table)
            .map(|(segment, counts)| {
                let cells = counts
                    .into_iter()
                    .map(|n| view! { <td class="num">{format::count(n)}</td> })
                    .collect_view();
                view! { <tr><th scope="row">{segment.name()}</th>{cells}</tr> }
            })
            .collect_view();
        Some(view! {
            <div class="scroll">
            <table class="data compact" data-testid="rfm-cross">
                <caption>"RFM segments against the K-Means segments (customers in both)"</caption>
                <thead><tr><th scope="col">"RFM segment"</th>{head}<th scope="col" class="num">"Outlier or not segmented"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        })
    }
}

#[component]
pub fn Rfm() -> impl IntoView {
    let wb = Workbench::get();
    let pick = RwSignal::new(None::<Pick>);
    let body = move || {
        let layer = wb.layers.rfm().get()?;
        let names = wb.layers.names().get()?;
        Some(match &layer.outcome {
            Err(e) => view! { <p class="notice" role="status" data-testid="rfm-unavailable">{e.to_string()}</p> }.into_any(),
            Ok(report) => {
                let report = Arc::new(report.clone());
                let (r2, r3, r4, n2) = (Arc::clone(&report), Arc::clone(&report), Arc::clone(&report), Arc::clone(&names));
                view! {
                    <p class="hint">{format!("Recency is counted to {}, the last day in the data.", segwork_core::pipeline::iso_day(report.as_of))}</p>
                    <div class="rfm-top">
                        <Grid report=report pick=pick/>
                        {move || pick.get().map(|p| view! { <Picked report=Arc::clone(&r2) names=Arc::clone(&names) pick=p/> })}
                    </div>
                    <h3>"Segments"</h3>
                    <SegmentTable report=r3 pick=pick/>
                    <h3>"Against the K-Means segments"</h3>
                    <Cross report=r4 names=n2/>
                }
                .into_any()
            }
        })
    };
    view! {
        <section aria-labelledby="rfm-title" data-testid="rfm-view">
            <h2 id="rfm-title">"RFM segments"</h2>
            {move || body().unwrap_or_else(|| view! { <p class="hint" data-testid="insights-pending">"Computing RFM segments…"</p> }.into_any())}
        </section>
    }
}
