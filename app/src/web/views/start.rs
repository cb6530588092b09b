//! The start screen: drop a file, pick one, or try the bundled sample.

use crate::web::components::FilePicker;
use crate::web::session;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::columns::Field;

#[component]
pub fn Start() -> impl IntoView {
    let wb = Workbench::get();
    let fields = Field::ALL
        .iter()
        .map(|f| f.label())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="start" data-testid="drop-zone" aria-labelledby="start-title">
            <div class="start-inner">
                <h2 id="start-title">"Find the segments in your customer base"</h2>
                <p class="lead">"Drop a spreadsheet of sales transactions anywhere on this page, or choose one."</p>
                <div class="start-actions">
                    <FilePicker id="file-input"/>
                    <button class="button" data-testid="sample" disabled=move || wb.running.with(Option::is_some)
                        on:click=move |_| session::open_sample(wb)>"Try it with sample data"</button>
                </div>
                <p class="hint">"Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods) or CSV, one line per item sold, with the columns "
                    {fields}". Other column names can be matched by hand."</p>
                <p class="attribution" data-testid="attribution">
                    "Sample data: 40,000 line items of the UCI “Online Retail” data set (a UK online gift retailer, 2010–2011), "
                    "by Daqing Chen, Sai Liang Sain and Kun Guo, “Data mining for the online retail industry”, "
                    "Journal of Database Marketing and Customer Strategy Management 19(3), 2012; "
                    "UCI Machine Learning Repository, data set 352; licensed CC BY 4.0."
                </p>
            </div>
        </section>
    }
}
