//! The column-mapping step: when a required column is not found by name, the user
//! says which of the file's columns holds it, and the file is read again.

use crate::web::session;
use crate::web::state::{MappingNeeded, Workbench};
use leptos::prelude::*;
use segwork_core::columns::Field;
use std::collections::BTreeMap;

#[component]
pub fn Mapping() -> impl IntoView {
    let wb = Workbench::get();
    move || wb.mapping.get().map(|need| view! { <MappingForm need/> })
}

#[component]
fn MappingForm(need: MappingNeeded) -> impl IntoView {
    let wb = Workbench::get();
    let choices: RwSignal<BTreeMap<Field, String>> = RwSignal::new(BTreeMap::new());
    let missing = need.missing.clone();
    let complete = move || {
        choices.with(|c| {
            missing
                .iter()
                .all(|f| c.get(f).is_some_and(|h| !h.is_empty()))
        })
    };
    let rows = need
        .missing
        .iter()
        .map(|&field| {
            let options = need
                .found
                .iter()
                .map(|h| view! { <option value=h.clone()>{h.clone()}</option> })
                .collect_view();
            let id = format!("map-{}", field.label());
            view! {
                <div class="field">
                    <label for=id.clone()>{field.label()}</label>
                    <select id=id data-field=field.label() on:change=move |ev| {
                        let header = event_target_value(&ev);
                        choices.update(|c| { c.insert(field, header); });
                    }>
                        <option value="">"— choose a column —"</option>
                        {options}
                    </select>
                </div>
            }
        })
        .collect_view();
    let found = if need.found.is_empty() {
        "none".to_owned()
    } else {
        need.found.join(", ")
    };
    view! {
        <section class="mapping panel" data-testid="mapping" aria-labelledby="mapping-title">
            <h2 id="mapping-title">"Which columns hold these fields?"</h2>
            <p>
                "Some columns the analysis needs were not found by name in "
                <strong>{need.file_name.clone()}</strong>" (sheet “"{need.sheet.clone()}"”). "
                "Columns found: "{found}"."
            </p>
            <div class="fields">{rows}</div>
            <div class="actions">
                <button class="button primary" data-testid="mapping-continue"
                    disabled=move || !complete()
                    on:click=move |_| session::apply_mapping(wb, choices.get_untracked())>
                    "Continue with these columns"
                </button>
                <button class="button" on:click=move |_| session::dismiss_mapping(wb)>"Cancel"</button>
            </div>
        </section>
    }
}
