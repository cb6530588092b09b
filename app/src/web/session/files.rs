//! Files that come back: the one waiting for a column mapping, and the bundled sample.

use super::{open, open_source, Source};
use crate::web::js::{window, JsError, JsResult};
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::clean::CleanStepId;
use segwork_core::LoadOptions;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

thread_local! {
    /// The file waiting for the user's column mapping.
    static MAPPING_SOURCE: RefCell<Option<Source>> = const { RefCell::new(None) };
}

/// Keeps the file whose columns the user is about to map.
pub(super) fn await_mapping(source: Source) {
    MAPPING_SOURCE.with(|m| *m.borrow_mut() = Some(source));
}

/// Re-reads the file that needed a mapping, with the user's choices, and remembers them
/// for files with the same `headers`. The columns chosen by hand are read with the
/// generic rules unless the user chose a layout: Online Retail's rules (a `C` before the
/// invoice number, digits in stock codes) hold for that data set only.
pub fn apply_mapping(wb: Workbench, headers: &[String], choice: super::Remembered) {
    let Some(mut source) = MAPPING_SOURCE.with(|m| m.borrow_mut().take()) else {
        return;
    };
    super::remembered::remember(headers, &choice);
    source.options.mapping = choice.mapping;
    source.options.line_total = choice.line_total;
    source
        .options
        .preset
        .get_or_insert(segwork_core::load::Preset::Generic);
    open_source(wb, source);
}

/// Reads the file on screen again with other load options (its layout, its day/month
/// order), keeping the analysis settings and the rules switched off.
pub fn reread(wb: Workbench, edit: impl FnOnce(&mut LoadOptions)) {
    let Some(mut source) = super::with(|s| s.shown.clone()) else {
        return;
    };
    edit(&mut source.options);
    open_source(wb, source);
}

/// Cleans the file on screen again with a rule switched on or off.
pub fn switch_rule(wb: Workbench, step: CleanStepId, on: bool) {
    let Some(mut source) = super::with(|s| s.shown.clone()) else {
        return;
    };
    source.clean.switch(step, on);
    open_source(wb, source);
}

/// Drops the pending mapping.
pub fn dismiss_mapping(wb: Workbench) {
    MAPPING_SOURCE.with(|m| *m.borrow_mut() = None);
    wb.mapping.set(None);
}

/// Opens the bundled sample: carried by a single-file page, else fetched from the page's
/// own origin.
pub fn open_sample(wb: Workbench) {
    wasm_bindgen_futures::spawn_local(async move {
        match fetch_blob(crate::web::SAMPLE_FILE).await {
            Ok(blob) => open(
                wb,
                blob,
                crate::web::SAMPLE_FILE.to_owned(),
                LoadOptions::default(),
            ),
            Err(e) => wb
                .error
                .set(Some(format!("The sample data could not be loaded: {e}"))),
        }
    });
}

async fn fetch_blob(path: &str) -> JsResult<Blob> {
    if let Some(blob) = crate::web::embedded::blob(path)? {
        return Ok(blob);
    }
    let response: web_sys::Response = JsFuture::from(window()?.fetch_with_str(path))
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(JsError(format!(
            "{} {}",
            response.status(),
            response.status_text()
        )));
    }
    Ok(JsFuture::from(response.blob()?).await?.dyn_into()?)
}
