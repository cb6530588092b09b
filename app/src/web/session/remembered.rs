//! Mappings the user confirmed, remembered in this browser's own storage (nothing leaves
//! the page) for the next file with the same header.
//!
//! Stored as plain lines, `FIELD<TAB>COLUMN`, under a key made of the file's normalised
//! headers; `LineTotal` names the line-total column. Storage that is absent or refuses
//! (a private window, a full quota) only means nothing is remembered.

use segwork_core::columns::{normalise_header, Field};
use segwork_core::load::ColumnMapping;

/// A confirmed mapping: the columns of the fields, and the line total's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Remembered {
    pub mapping: ColumnMapping,
    pub line_total: Option<String>,
}

const PREFIX: &str = "segwork.mapping.v1:";
const LINE_TOTAL: &str = "LineTotal";

fn key(headers: &[String]) -> String {
    let norm: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    format!("{PREFIX}{}", norm.join("|"))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The mapping confirmed last time for a file with these headers, if any.
pub fn recall(headers: &[String]) -> Option<Remembered> {
    let text = storage()?.get_item(&key(headers)).ok().flatten()?;
    let remembered = decode(&text);
    // A remembered column the file no longer has is not offered.
    let known = |h: &String| h.is_empty() || headers.contains(h);
    (remembered.mapping.values().all(known) && remembered.line_total.iter().all(known))
        .then_some(remembered)
}

/// Remembers a confirmed mapping for files with these headers.
pub fn remember(headers: &[String], r: &Remembered) {
    if let Some(s) = storage() {
        // A refusal (quota, private window) only means it is not remembered.
        let _ = s.set_item(&key(headers), &encode(r));
    }
}

fn encode(r: &Remembered) -> String {
    let fields = r.mapping.iter().map(|(f, h)| format!("{}\t{h}", f.label()));
    let total = r.line_total.iter().map(|h| format!("{LINE_TOTAL}\t{h}"));
    fields.chain(total).collect::<Vec<_>>().join("\n")
}

fn decode(text: &str) -> Remembered {
    let mut r = Remembered::default();
    for (name, header) in text.lines().filter_map(|l| l.split_once('\t')) {
        if name == LINE_TOTAL {
            r.line_total = Some(header.to_owned());
        } else if let Ok(field) = name.parse::<Field>() {
            r.mapping.insert(field, header.to_owned());
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_mapping_reads_back_as_written() {
        let mut r = Remembered::default();
        r.mapping.insert(Field::CustomerId, "Client E-mail".into());
        r.mapping.insert(Field::Country, String::new());
        r.line_total = Some("Line Total".into());
        assert_eq!(decode(&encode(&r)), r);
    }

    #[test]
    fn it_is_offered_for_the_same_header_only() {
        let headers: Vec<String> = ["Who Bought", "When"].map(String::from).to_vec();
        let mut r = Remembered::default();
        r.mapping.insert(Field::CustomerId, "Who Bought".into());
        remember(&headers, &r);
        assert_eq!(recall(&headers), Some(r));
        assert_eq!(recall(&["Who Bought".to_owned()]), None);
    }
}
