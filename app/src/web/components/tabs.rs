//! The tab bar over the results views.

use crate::web::state::{Tab, Workbench};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Arrow keys, Home and End move between the tabs and show the tab they reach; only the
/// shown tab is in the page's Tab order (a roving tabindex).
fn on_key(wb: Workbench, from: Tab, ev: &web_sys::KeyboardEvent) {
    let Some(to) = from.after_key(&ev.key()) else {
        return;
    };
    ev.prevent_default();
    wb.tab.set(to);
    let button = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("tab-{}", to.slug())))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        crate::web::js::log_failure("focus the tab", button.focus());
    }
}

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
                tabindex=move || if active() { "0" } else { "-1" }
                class:active=active
                on:click=move |_| wb.tab.set(tab)
                on:keydown=move |ev| on_key(wb, tab, &ev)>
                {tab.label()}
            </button>
        }
    });
    view! { <nav class="tabs" role="tablist" aria-label="Results views">{tabs.to_vec()}</nav> }
}
