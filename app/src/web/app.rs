//! The page's layout: header, messages, then either the start screen or the workbench.

use super::components::{Controls, ErrorBanner, Exports, FileDrop, Mapping, ProgressBar, Tabs};
use super::session;
use super::state::{Tab, Workbench};
use super::views::{
    Baskets, ChooseK, Cleaning, Cohorts, Customers, Lifetime, Recommendations, Rfm, Segments, Start,
};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let wb = Workbench::new();
    provide_context(wb);
    session::start(wb);
    let has_results = move || wb.has_results();
    view! {
        <FileDrop>
            <header class="topbar">
                <h1>"Segwork"</h1>
                <p class="tagline">"Customer segments and product recommendations from your sales data"</p>
                <p class="privacy" data-testid="privacy">
                    <strong>"Private by design: "</strong>
                    "your file is analysed inside this browser tab and never uploaded. "
                    "Once loaded, this page makes no network requests but for its own files: the sample, if you ask for it, and a copy of the app kept for use offline."
                </p>
            </header>
            <ErrorBanner/>
            <ProgressBar/>
            <Mapping/>
            <Show when=has_results fallback=|| view! { <Start/> }>
                <Workbench/>
            </Show>
        </FileDrop>
    }
}

/// The results: settings and exports on the left, the views on the right.
#[component]
fn Workbench() -> impl IntoView {
    let wb = Workbench::get();
    view! {
        <div class="workbench" data-testid="results">
            <aside class="sidebar" aria-label="File, settings and exports">
                <FileBox/>
                <Controls/>
                <Exports/>
            </aside>
            <main class="views">
                <Tabs/>
                <div class="view" role="tabpanel" id="view-panel" aria-labelledby=move || format!("tab-{}", wb.tab.get().slug())>
                    {move || match wb.tab.get() {
                        Tab::Cleaning => view! { <Cleaning/> }.into_any(),
                        Tab::Customers => view! { <Customers/> }.into_any(),
                        Tab::ChooseK => view! { <ChooseK/> }.into_any(),
                        Tab::Segments => view! { <Segments/> }.into_any(),
                        Tab::Recommendations => view! { <Recommendations/> }.into_any(),
                        Tab::Rfm => view! { <Rfm/> }.into_any(),
                        Tab::Lifetime => view! { <Lifetime/> }.into_any(),
                        Tab::Cohorts => view! { <Cohorts/> }.into_any(),
                        Tab::Baskets => view! { <Baskets/> }.into_any(),
                    }}
                </div>
            </main>
        </div>
    }
}

/// The file on screen, and where to drop the next one.
#[component]
fn FileBox() -> impl IntoView {
    let wb = Workbench::get();
    view! {
        <section class="filebox panel" data-testid="drop-zone" aria-label="Open another file">
            <h2>"Data"</h2>
            <p class="filename" data-testid="file-name">{move || wb.file_name.get().unwrap_or_default()}</p>
            <p class="hint">"Drop another file anywhere on the page, or"</p>
            <super::components::FilePicker id="file-input-side"/>
        </section>
    }
}
