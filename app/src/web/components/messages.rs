//! Errors, shown above everything else and kept until dismissed or replaced; they never
//! take the results off the screen.

use crate::web::state::Workbench;
use leptos::prelude::*;

#[component]
pub fn ErrorBanner() -> impl IntoView {
    let wb = Workbench::get();
    move || {
        wb.error.get().map(|message| {
            view! {
                <div class="error panel" role="alert" data-testid="error">
                    <p><strong>"Something went wrong. "</strong>{message}</p>
                    <p class="hint">"You can drop another file right away; anything already on screen stays."</p>
                    <button class="button" on:click=move |_| wb.error.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
