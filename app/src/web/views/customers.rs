//! Customers: the feature table (searchable, sortable, one page of rows rendered at a
//! time so 4,000+ customers stay fast) and a histogram of any feature.

use crate::format;
use crate::layers::LayersStoreFields;
use crate::table::{self, Query, SortKey};
use crate::web::charts::FeatureHistogram;
use crate::web::state::{Tab, Workbench};
use leptos::prelude::*;
use segwork_core::columns::Feature;

fn header(query: RwSignal<Query>, key: SortKey, label: &'static str) -> impl IntoView {
    let sort = move || {
        query.with(|q| match (q.sort == key, q.descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        })
    };
    let arrow = move || match sort() {
        "descending" => " ▼",
        "ascending" => " ▲",
        _ => "",
    };
    view! {
        <th scope="col" aria-sort=sort>
            <button class="sort" on:click=move |_| query.update(|q| q.toggle_sort(key))>{label}{arrow}</button>
        </th>
    }
}

/// The marketer's scores of the customers on a page: RFM segment, lifetime value and
/// churn risk, found by id; blank until computed or where an analysis could not run.
struct Scores {
    names: Option<std::sync::Arc<segwork_core::pipeline::FileNames>>,
    rfm: Option<std::sync::Arc<segwork_core::pipeline::RfmLayer>>,
    lifetime: Option<std::sync::Arc<segwork_core::pipeline::LifetimeLayer>>,
}

impl Scores {
    fn get(wb: Workbench) -> Scores {
        Scores {
            names: wb.layers.names().get(),
            rfm: wb.layers.rfm().get(),
            lifetime: wb.layers.lifetime().get(),
        }
    }

    fn of(&self, id: &str) -> (String, String, String) {
        let Some(at) = self
            .names
            .as_ref()
            .and_then(|n| n.customers.binary_search_by(|c| c.as_str().cmp(id)).ok())
        else {
            return Default::default();
        };
        let at = at as u32;
        let rfm = self
            .rfm
            .as_ref()
            .and_then(|l| l.report()?.segment_of(at))
            .map_or_else(String::new, |s| s.name().to_owned());
        let clv = self.lifetime.as_ref().and_then(|l| {
            let r = l.report()?;
            let i = r.customers.binary_search_by_key(&at, |c| c.customer).ok()?;
            r.customers.get(i)
        });
        let (value, churn) = clv.map_or_else(Default::default, |c| {
            (format::number(c.clv, 0), format::percent(c.churn_risk))
        });
        (rfm, value, churn)
    }
}

#[component]
fn CustomerTable(query: RwSignal<Query>) -> impl IntoView {
    let wb = Workbench::get();
    let page = Memo::new(move |_| {
        let t = wb.table()?;
        Some(table::run(t.customers()?, &query.get()))
    });
    let headers = Feature::ALL
        .iter()
        .map(|&f| header(query, SortKey::Feature(f), f.label()))
        .collect_view();
    let rows = move || {
        let (Some(p), Some(t)) = (page.get(), wb.table()) else {
            return vec![];
        };
        let Some(c) = t.customers() else {
            return vec![];
        };
        let scores = Scores::get(wb);
        p.rows
            .iter()
            .map(|&i| {
                let segment = c.segment[i].map_or_else(|| "Outlier".to_owned(), |s| format!("{}. {}", s + 1, wb.segment_name(s)));
                let cells = c.features[i].iter().map(|v| view! { <td class="num">{format::auto(*v)}</td> }).collect_view();
                let (rfm, clv, churn) = scores.of(&c.ids[i]);
                let pick = move |_| {
                    wb.selected.set(Some(i));
                    wb.tab.set(Tab::Recommendations);
                };
                view! {
                    <tr class:outlier=c.outlier[i]>
                        <th scope="row"><button class="button link" on:click=pick title="See this customer's recommendations">{c.ids[i].clone()}</button></th>
                        <td class="segment">{segment}</td>
                        {cells}
                        <td class="rfm">{rfm}</td><td class="num">{clv}</td><td class="num">{churn}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>()
    };
    let status = move || {
        page.get()
            .map(|p| {
                let noun = if p.matches == 1 {
                    "customer matches"
                } else {
                    "customers match"
                };
                format!(
                    "{} {noun} · page {} of {}",
                    format::count(p.matches),
                    p.page + 1,
                    p.pages
                )
            })
            .unwrap_or_default()
    };
    let last_page = move || page.with(|p| p.as_ref().map_or(0, |p| p.pages.saturating_sub(1)));
    let at = move || page.with(|p| p.as_ref().map_or(0, |p| p.page));
    view! {
        <div class="scroll">
            <table class="data customers" data-testid="customer-table">
                <thead><tr>{header(query, SortKey::Id, "Customer")}{header(query, SortKey::Segment, "Segment")}{headers}
                    <th scope="col">"RFM segment"</th><th scope="col" class="num">"Lifetime value"</th><th scope="col" class="num">"Churn risk"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div class="pager">
            <button class="button" disabled=move || at() == 0 on:click=move |_| query.update(|q| q.page = at().saturating_sub(1))>"← Previous"</button>
            <span data-testid="customer-status" aria-live="polite">{status}</span>
            <button class="button" disabled=move || { at() >= last_page() } on:click=move |_| query.update(|q| q.page = at() + 1)>"Next →"</button>
        </div>
    }
}

#[component]
pub fn Customers() -> impl IntoView {
    let wb = Workbench::get();
    let query = RwSignal::new(Query::default());
    let feature = RwSignal::new(Feature::TotalSpend);
    let options = Feature::ALL
        .iter()
        .map(|&f| view! { <option value=f.name() prop:selected=move || feature.get() == f>{f.label()}</option> })
        .collect_view();
    let on_feature = move |ev| {
        let name = event_target_value(&ev);
        if let Some(f) = Feature::ALL.iter().find(|f| f.name() == name) {
            feature.set(*f);
        }
    };
    view! {
        <section aria-labelledby="customers-title">
            <h2 id="customers-title">"Customers"</h2>
            <p class="summary" data-testid="main-country">{move || wb.layers.features().with(|f| {
                match f.as_ref().and_then(|f| f.main_country.clone()) {
                    Some(c) => format!("The file's main country is {c}: “{}” compares each customer's usual country with it.", Feature::IsUk.label()),
                    None => "The file has no country: the location feature is left out of the model.".to_owned(),
                }
            })}</p>
            <div class="toolbar">
                <label for="customer-search">"Search by customer id"</label>
                <input id="customer-search" type="search" placeholder="e.g. 17850"
                    prop:value=move || query.with(|q| q.search.clone())
                    on:input=move |ev| query.update(|q| { q.search = event_target_value(&ev); q.page = 0; })/>
                <label class="check">
                    <input type="checkbox" prop:checked=move || query.with(|q| q.include_outliers)
                        on:change=move |ev| query.update(|q| { q.include_outliers = event_target_checked(&ev); q.page = 0; })/>
                    "Include outliers"
                </label>
            </div>
            <CustomerTable query/>
            <h3>"Distribution of a feature"</h3>
            <div class="toolbar">
                <label for="histogram-feature">"Feature"</label>
                <select id="histogram-feature" on:change=on_feature>{options}</select>
            </div>
            <FeatureHistogram feature=feature.into() table=Signal::derive(move || wb.layers.features().get())/>
        </section>
    }
}
