//! Recommendations: how each method would have done on the last two months of the data
//! (the backtest), any customer's two lists with the reason for each pick (search by id,
//! or pick one in the scatter or the customer table), and each segment's best sellers.

use crate::format;
use crate::layers::LayersStoreFields;
use crate::suggest::{find_customer, for_customer};
use crate::web::charts::css_colour;
use crate::web::session;
use crate::web::state::Workbench;
use crate::web::views::backtest::Backtest;
use leptos::prelude::*;
use segwork_core::pipeline::FileNames;
use segwork_core::recommend::{List, Pick, SegmentProducts};
use std::sync::Arc;

/// One measured list of a customer, with the reason for each pick in words.
fn list_table(wb: Workbench, names: &Arc<FileNames>, list: List, picks: &[Pick]) -> impl IntoView {
    let (title, testid) = match list {
        List::Discovery => (
            "Discovery: products they never bought",
            "customer-discovery",
        ),
        List::NextBasket => (
            "Next basket: what they are likely to buy next",
            "customer-next-basket",
        ),
    };
    let segment_name = move |s: u32| format!("segment '{}'", wb.segment_name(s as usize));
    let rows = picks
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (code, description) = names.product(p.product);
            view! {
                <tr>
                    <td class="num">{i + 1}</td><td>{code.to_owned()}</td><td>{description.to_owned()}</td>
                    <td class="reason">{p.reason.text(names, &segment_name)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data" data-testid=testid>
            <caption>{title}</caption>
            <thead><tr><th scope="col" class="num">"#"</th><th scope="col">"Stock code"</th><th scope="col">"Product"</th><th scope="col">"Why"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The ledger index of the customer with id `id`, when measured recommendations (not
/// the thin-data verdict) are shown.
fn measured_customer(wb: Workbench, id: &str) -> Option<u32> {
    let layer = wb.layers.with(|l| l.recs_shown().cloned())?;
    layer.report()?;
    let names = wb.layers.names().get()?;
    let at = names
        .customers
        .binary_search_by(|c| c.as_str().cmp(id))
        .ok()?;
    Some(at as u32)
}

/// The measured lists of the customer with id `id`: shown when they have arrived (they
/// are asked for when the customer is picked), a line saying they are coming until then.
fn measured_lists(wb: Workbench, id: &str) -> Option<AnyView> {
    let at = measured_customer(wb, id)?;
    let names = wb.layers.names().get()?;
    let lists = wb
        .layers
        .with(|l| l.lists_shown().and_then(|h| h.lists.get(&at).cloned()));
    let Some(lists) = lists else {
        return Some(
            view! { <p class="hint" data-testid="customer-lists-pending">"Making this customer's lists…"</p> }
                .into_any(),
        );
    };
    Some(
        view! {
            <div class="lists" data-testid="customer-recommendations">
                {list_table(wb, &names, List::Discovery, &lists.discovery)}
                {list_table(wb, &names, List::NextBasket, &lists.next_basket)}
            </div>
        }
        .into_any(),
    )
}

/// The id of the customer picked in the table or the scatter.
fn picked_id(wb: Workbench) -> Option<String> {
    let row = wb.selected.get()?;
    let t = wb.table()?;
    t.customers()?.ids.get(row).cloned()
}

#[component]
fn CustomerPicks() -> impl IntoView {
    let wb = Workbench::get();
    // The picked customer's lists are made in the worker when first shown.
    Effect::new(move |_| {
        if let Some(at) = picked_id(wb).and_then(|id| measured_customer(wb, &id)) {
            session::ask_lists(wb, at);
        }
    });
    move || {
        let row = wb.selected.get()?;
        let t = wb.table()?;
        let c = t.customers()?;
        let names = wb.names.get();
        let id = c.ids.get(row).cloned().unwrap_or_default();
        let segment = c.segment.get(row).copied().flatten();
        let heading = match segment {
            Some(s) => format!("Customer {id} — segment {}: {}", s + 1, wb.segment_name(s)),
            None => format!("Customer {id} — outlier"),
        };
        if let Some(lists) = measured_lists(wb, &id) {
            return Some(
                view! { <div class="panel picked"><h3 data-testid="picked-heading">{heading}</h3>{lists}</div> }
                    .into_any(),
            );
        }
        let body = match for_customer(c, &t.segmentation, &names, row) {
            Ok(list) => {
                let rows = list
                    .into_iter()
                    .map(|s| {
                        view! {
                            <tr>
                                <td class="num">{s.rank}</td>
                                <td>{s.product.stock_code.clone()}</td>
                                <td>{s.product.description.clone()}</td>
                                <td class="reason">{s.reason}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="data" data-testid="customer-recommendations">
                        <thead><tr><th scope="col" class="num">"#"</th><th scope="col">"Stock code"</th><th scope="col">"Product"</th><th scope="col">"Why"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            }
            Err(why) => {
                view! { <p class="hint" data-testid="customer-recommendations">{why.message()}</p> }
                    .into_any()
            }
        };
        Some(
            view! { <div class="panel picked"><h3 data-testid="picked-heading">{heading}</h3>{body}</div> }
                .into_any(),
        )
    }
}

fn segment_table(wb: Workbench, s: SegmentProducts) -> impl IntoView {
    let rows = s
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| view! {
            <tr>
                <td class="num">{i + 1}</td><td>{p.stock_code.clone()}</td><td>{p.description.clone()}</td>
                <td class="num">{format::number(p.quantity, 0)}</td><td class="num">{format::number(p.revenue, 0)}</td>
                <td class="num">{format::count(p.buyers)}</td>
            </tr>
        })
        .collect_view();
    view! {
        <div class="segment-products">
            <h3><span class="swatch" style:background-color=css_colour(s.segment)></span>{format!("{}. {}", s.segment + 1, wb.segment_name(s.segment))}</h3>
            <table class="data compact">
                <thead><tr><th scope="col" class="num">"#"</th><th scope="col">"Code"</th><th scope="col">"Product"</th>
                    <th scope="col" class="num">"Quantity"</th><th scope="col" class="num">"Revenue"</th><th scope="col" class="num">"Buyers"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn Recommendations() -> impl IntoView {
    let wb = Workbench::get();
    // Measured when this view shows, and again for each new segmentation.
    Effect::new(move |_| {
        wb.layers.segmentation().track();
        wb.layers.params().track();
        wb.running.track();
        session::recommend(wb);
    });
    let query = RwSignal::new(String::new());
    let not_found = RwSignal::new(false);
    let search = move || {
        let found = wb.layers.features().with_untracked(|f| {
            f.as_ref()
                .and_then(|f| find_customer(&f.ids, &query.get_untracked()))
        });
        not_found.set(found.is_none());
        if found.is_some() {
            wb.selected.set(found);
        }
    };
    let segments = move || {
        wb.layers.segmentation().get().map(|s| {
            s.recommendations
                .segments
                .clone()
                .into_iter()
                .map(|s| segment_table(wb, s))
                .collect_view()
        })
    };
    let no_products = move || {
        wb.layers
            .file()
            .with(|f| f.as_ref().is_some_and(|f| !f.load.has_products()))
    };
    view! {
        <section aria-labelledby="recommendations-title">
            <h2 id="recommendations-title">"Recommendations"</h2>
            {move || no_products().then(|| view! {
                <p class="notice" role="status" data-testid="recommendations-skipped">
                    "This file has no product id or product name, so there is nothing to recommend: recommendations are skipped. The segments do not need products."
                </p>
            })}
            <p class="summary">"Each customer gets two lists: discovery (products they never bought) and next basket (what they are likely to buy next, repeats included), each made by the method that did best on your own data. Until they are measured, the published method is shown: the segment's 10 best sellers by quantity, first 3 not yet bought."</p>
            <Backtest/>
            <form class="toolbar" on:submit=move |ev| { ev.prevent_default(); search(); }>
                <label for="recommend-search">"Customer id"</label>
                <input id="recommend-search" type="search" placeholder="e.g. 17850" prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))/>
                <button class="button primary" type="submit">"Show recommendations"</button>
                {move || not_found.get().then(|| view! { <span class="hint" role="status">"No customer with this id."</span> })}
            </form>
            <CustomerPicks/>
            <h3>"Best sellers per segment (by quantity, the published method)"</h3>
            <div class="product-grid" data-testid="segment-products">{segments}</div>
        </section>
    }
}
