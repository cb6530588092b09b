//! The tab bar over the results views.

use crate::web::state::{Tab, Workbench};
use leptos::prelude::*;

#[component]
pub fn Tabs() -> impl IntoView {
    let wb = Workbench::get();
    let tabs = Tab::ALL.map(|tab| {
        let active = move || wb.tab.get() == tab;
        view! {
            <button role="tab" class="tab" id=format!("tab-{}", tab.slug())
                data-testid=format!("tab-{}", tab.slug())
                aria-controls="view-panel"
                aria-selected=move || active().to_string()
                class:active=active
                on:click=move |_| wb.tab.set(tab)>
                {tab.label()}
            </button>
        }
    });
    view! { <nav class="tabs" role="tablist" aria-label="Results views">{tabs.to_vec()}</nav> }
}
