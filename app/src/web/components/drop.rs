//! Getting a file in: a drop anywhere on the page, or the file picker.

use crate::web::session;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::LoadOptions;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DragEvent, File, HtmlInputElement};

/// The extensions the picker offers; the core recognises the format from the content.
const ACCEPT: &str = ".xlsx,.xlsm,.xls,.ods,.csv";

fn open(wb: Workbench, file: File) {
    let name = file.name();
    let blob: Blob = file.unchecked_into();
    session::open(wb, blob, name, LoadOptions::default());
}

/// Wraps the page so a file dropped anywhere opens (and the browser does not navigate
/// away to show it).
#[component]
pub fn FileDrop(children: Children) -> impl IntoView {
    let wb = Workbench::get();
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            open(wb, file);
        }
    };
    view! {
        <div
            class="app"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            {children()}
        </div>
    }
}

/// A styled "Choose a file" button over a real, keyboard-reachable file input.
#[component]
pub fn FilePicker(id: &'static str) -> impl IntoView {
    let wb = Workbench::get();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            open(wb, file);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    view! {
        <span class="picker">
            <input type="file" id=id class="visually-hidden" accept=ACCEPT on:change=on_change/>
            <label for=id class="button primary">"Choose a file…"</label>
        </span>
    }
}
