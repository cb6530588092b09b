//! The column-mapping step, for a file whose layout was not recognised: the first rows in
//! a table, each field with the column guessed for it (by header and content, or the one
//! confirmed last time for this header) pre-selected, optional fields that can be marked
//! "not in my file", and a live account of what the analysis will do with the choice.

mod choice;

use crate::web::session;
use crate::web::state::{MappingNeeded, Workbench};
use choice::{Choice, Slot, SLOTS};
use leptos::prelude::*;
use segwork_core::load::Preview;

#[component]
pub fn Mapping() -> impl IntoView {
    let wb = Workbench::get();
    move || wb.mapping.get().map(|need| view! { <MappingForm need/> })
}

#[component]
fn MappingForm(need: MappingNeeded) -> impl IntoView {
    let wb = Workbench::get();
    let preview = need.preview.clone();
    let columns: Vec<String> = match &preview {
        Some(p) => p
            .headers
            .iter()
            .filter(|h| !h.is_empty())
            .cloned()
            .collect(),
        None => need.found.clone(),
    };
    let initial = SLOTS
        .iter()
        .map(|s| s.initial(need.remembered.as_ref(), preview.as_ref()))
        .map(|h| {
            if columns.contains(&h) {
                h
            } else {
                String::new()
            }
        })
        .collect();
    let choice = RwSignal::new(Choice(initial));
    let rows = SLOTS
        .iter()
        .enumerate()
        .map(|(i, slot)| view! { <SlotRow field=*slot index=i columns=columns.clone() choice/> })
        .collect_view();
    let headers = preview
        .as_ref()
        .map_or_else(|| need.found.clone(), |p| p.headers.clone());
    let intro = if need.remembered.is_some() {
        "The columns you chose last time for a file with this header are selected. Check them and continue."
    } else {
        "Each field has the column that looks most like it, by name and by content, selected. Check them, change any that is wrong, and continue."
    };
    let continue_ = move |_| {
        let c = choice.get_untracked();
        if c.problem().is_none() {
            session::apply_mapping(wb, &headers, c.remembered());
        }
    };
    view! {
        <section class="mapping panel" data-testid="mapping" aria-labelledby="mapping-title">
            <h2 id="mapping-title">"Which columns hold these fields?"</h2>
            <p>
                "The layout of "<strong>{need.file_name.clone()}</strong>" (sheet “"{need.sheet.clone()}"”) "
                "was not recognised. "{intro}
            </p>
            {preview.map(|p| view! { <PreviewTable preview=p/> })}
            <div class="fields">{rows}</div>
            <Outcome choice/>
            <div class="actions">
                <button class="button primary" data-testid="mapping-continue"
                    disabled=move || choice.with(|c| c.problem().is_some())
                    on:click=continue_>
                    "Continue with these columns"
                </button>
                <button class="button" on:click=move |_| session::dismiss_mapping(wb)>"Cancel"</button>
            </div>
        </section>
    }
}

/// One field: its name, what it is for, and the column chosen for it.
#[component]
fn SlotRow(
    field: Slot,
    index: usize,
    columns: Vec<String>,
    choice: RwSignal<Choice>,
) -> impl IntoView {
    let slot = field;
    let (label, hint) = slot.describe();
    let none = if slot.required() {
        "— choose a column —"
    } else {
        "Not in my file"
    };
    let options = columns
        .into_iter()
        .map(|h| {
            let selected = {
                let h = h.clone();
                move || choice.with(|c| c.0[index] == h)
            };
            view! { <option value=h.clone() selected=selected>{h.clone()}</option> }
        })
        .collect_view();
    let id = format!("map-{}", slot.name());
    let required = slot
        .required()
        .then_some(view! { <span class="required">" (required)"</span> });
    view! {
        <div class="field">
            <label for=id.clone()><strong>{label}</strong>{required}<span class="hint">{hint}</span></label>
            <select id=id data-field=slot.name() on:change=move |ev| {
                let header = event_target_value(&ev);
                choice.update(|c| c.0[index] = header);
            }>
                <option value="" selected=move || choice.with(|c| c.0[index].is_empty())>{none}</option>
                {options}
            </select>
        </div>
    }
}

/// What the analysis will do with the current choice, or what is still needed.
#[component]
fn Outcome(choice: RwSignal<Choice>) -> impl IntoView {
    let items = move || {
        choice.with(|c| match c.problem() {
            Some(p) => view! { <li class="problem">{p}</li> }.into_any(),
            None => c
                .outcome()
                .into_iter()
                .map(|o| view! { <li>{o}</li> })
                .collect_view()
                .into_any(),
        })
    };
    view! {
        <div class="outcome" data-testid="mapping-outcome" aria-live="polite">
            <h3>"With these columns"</h3>
            <ul>{items}</ul>
        </div>
    }
}

/// The file's first rows, with what each column holds under its header.
#[component]
fn PreviewTable(preview: Preview) -> impl IntoView {
    let head = preview
        .headers
        .iter()
        .zip(&preview.kinds)
        .map(|(h, k)| view! { <th scope="col">{h.clone()}<span class="kind">{k.label()}</span></th> })
        .collect_view();
    let body = preview
        .rows
        .iter()
        .map(|r| {
            let cells = r
                .iter()
                .map(|c| view! { <td>{c.clone()}</td> })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="preview-scroll" data-testid="mapping-preview">
            <table class="preview">
                <caption>{format!("The first {} rows of the file", preview.rows.len())}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
