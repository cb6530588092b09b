//! Reading a column header as a field's name.

use super::Field;

/// Lower-cases a header and drops spaces, underscores, dots and dashes, so that
/// "Customer ID", "customer_id" and "CustomerID" all compare equal. A column the user
/// names is found by this form: it keeps everything else the header says.
pub fn normalise_header(raw: &str) -> String {
    raw.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '.' | '-' | '\u{a0}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of a header that name its field, normalised as [`normalise_header`] does:
/// without a qualifier in brackets at its end ("Unit Price (€)", "Total [EUR]",
/// "Date (UTC)") or a currency before or after it ("Price €", "Amount USD",
/// "Total in EUR"), and with a closing "#" read as "no" ("Receipt #" is "receiptno").
/// Layouts' aliases are looked up by this form. A header that is nothing but such a
/// qualifier keeps it.
pub fn header_key(raw: &str) -> String {
    let key = normalise_header(&without_currency(without_qualifier(raw.trim())));
    match key.strip_suffix('#') {
        Some(stem) if !stem.is_empty() => format!("{stem}no"),
        _ => key,
    }
}

/// Which field, if any, a header names in the Online Retail layout.
pub fn field_for_header(raw: &str) -> Option<Field> {
    let key = header_key(raw);
    Field::ALL
        .into_iter()
        .find(|f| f.aliases().contains(&key.as_str()))
}

/// The header before a closing bracketed part, when something comes before it.
fn without_qualifier(header: &str) -> &str {
    let open = match header.chars().last() {
        Some(')') => '(',
        Some(']') => '[',
        _ => return header,
    };
    match header.rfind(open).map(|at| header[..at].trim_end()) {
        Some(before) if !before.is_empty() => before,
        _ => header,
    }
}

/// Currency symbols written beside a money column's name.
const SYMBOLS: &[char] = &['€', '$', '£', '¥', '₹', '₽', '₺', '₩', '₪', '₫', '₴', '฿'];

/// ISO codes of the currencies a shop's export is likeliest to name in a header.
const CODES: &[&str] = &[
    "eur", "usd", "gbp", "chf", "sek", "nok", "dkk", "pln", "czk", "huf", "ron", "bgn", "isk",
    "try", "aud", "cad", "nzd", "jpy", "cny", "inr", "brl", "mxn", "zar", "sgd", "hkd",
];

fn is_currency(word: &str) -> bool {
    let word = word.trim_matches(|c: char| c.is_ascii_punctuation() && c != '$');
    let symbols = !word.is_empty() && word.chars().all(|c| SYMBOLS.contains(&c));
    symbols || CODES.contains(&word.to_ascii_lowercase().as_str())
}

/// The header's words (split at spaces and underscores) without a currency after them
/// ("in EUR" included) or a currency symbol before them, keeping at least one word.
fn without_currency(header: &str) -> String {
    let mut words: Vec<&str> = header
        .split(|c: char| c.is_whitespace() || c == '_')
        .map(|w| w.trim_matches(SYMBOLS))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return header.to_string();
    }
    while words.len() > 1 && words.last().is_some_and(|w| is_currency(w)) {
        words.pop();
        if words.len() > 1 && words.last().is_some_and(|w| w.eq_ignore_ascii_case("in")) {
            words.pop();
        }
    }
    // Before the name, only a symbol: a leading word such as "Try" is more likely a word.
    while words.len() > 1 && words[0].chars().all(|c| SYMBOLS.contains(&c)) {
        words.remove(0);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn currencies_and_bracketed_qualifiers_are_not_part_of_the_name() {
        for raw in [
            "Unit Price (€)",
            "Unit Price [EUR]",
            "Unit price (in £)",
            "UnitPrice($)",
            "Unit Price €",
            "€ Unit Price",
            "Unit Price in USD",
            "Unit Price (incl. VAT)",
            "unit_price_eur",
        ] {
            assert_eq!(header_key(raw), "unitprice", "{raw}");
        }
        assert_eq!(field_for_header("Price (€)"), Some(Field::UnitPrice));
        assert_eq!(header_key("Date (UTC)"), "date");
        assert_eq!(header_key("Receipt #"), "receiptno");
        assert_eq!(header_key("Order#"), "orderno");
    }

    #[test]
    fn a_header_that_is_only_a_qualifier_or_a_currency_keeps_it() {
        assert_eq!(header_key("(€)"), "(€)");
        assert_eq!(header_key("EUR"), "eur");
        assert_eq!(header_key("€"), "€");
        assert_eq!(header_key("#"), "#");
        assert_eq!(header_key("Total"), "total");
        // A word before the name that only looks like a code stays.
        assert_eq!(header_key("Try Count"), "trycount");
        assert_eq!(header_key("Country"), "country");
    }

    #[test]
    fn normalising_keeps_the_qualifier() {
        assert_eq!(normalise_header("Price (gross)"), "price(gross)");
        assert_ne!(
            normalise_header("Price (net)"),
            normalise_header("Price (gross)")
        );
    }
}
