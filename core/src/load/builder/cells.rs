//! Cell-level helpers of the table builder: unreadable values collected with examples,
//! ids and prices read from cells, and order-level cells carried down an order's lines.

use crate::load::error::BadCell;
use crate::load::preset::Rules;
use crate::load::value::{normalise_id, parse_money, Value};
use std::borrow::Cow;

/// How many examples of unreadable values an error shows.
pub(super) const MAX_EXAMPLES: usize = 5;

#[derive(Debug, Default)]
pub(super) struct Problems {
    pub(super) count: usize,
    pub(super) examples: Vec<BadCell>,
}

impl Problems {
    /// Adds the problems found in later rows.
    pub(super) fn append(&mut self, other: Problems) {
        self.count += other.count;
        let room = MAX_EXAMPLES.saturating_sub(self.examples.len());
        self.examples.extend(other.examples.into_iter().take(room));
    }

    pub(super) fn add(&mut self, sheet: &str, row: usize, v: &Value<'_>) {
        self.count += 1;
        if self.examples.len() < MAX_EXAMPLES {
            let text = if v.is_empty() {
                "(empty)".to_owned()
            } else {
                v.display()
            };
            self.examples.push(BadCell {
                sheet: sheet.to_owned(),
                row,
                text,
            });
        }
    }
}

/// A cell as text, or `None` when empty: text cells borrowed, as they are; other cells
/// formatted as a spreadsheet shows them.
pub(super) fn text_of<'v>(v: &'v Value<'_>) -> Option<Cow<'v, str>> {
    match v {
        Value::Text(s) if s.is_empty() => None,
        Value::Text(s) => Some(Cow::Borrowed(s.as_ref())),
        other => {
            let mut buf = String::new();
            other.as_text(&mut buf)?;
            Some(Cow::Owned(buf))
        }
    }
}

/// The unit price of a line given its total: the total over the quantity.
pub(super) fn line_price(
    total: &Value<'_>,
    quantity: Option<f64>,
    decimal_comma: bool,
) -> Option<f64> {
    let total = parse_money(total, decimal_comma)?;
    match quantity {
        Some(q) if q != 0.0 => Some(total / q),
        _ => None,
    }
}

/// The product id and name, each standing in for the other where the layout allows it
/// (an empty SKU is common in shop exports).
pub(super) fn product<'v>(
    rules: &Rules,
    code: Option<Cow<'v, str>>,
    name: Option<Cow<'v, str>>,
) -> (Option<Cow<'v, str>>, Option<Cow<'v, str>>) {
    if !rules.product_fallback {
        return (code, name);
    }
    match (code, name) {
        (None, Some(n)) => (Some(n.clone()), Some(n)),
        (Some(c), None) => (Some(c.clone()), Some(c)),
        pair => pair,
    }
}

/// Order-level cells carried down an order's lines: Shopify writes the customer, the
/// date and the country only on an order's first line.
#[derive(Debug, Default)]
pub(super) struct Carry {
    invoice: Option<String>,
    cells: [Option<String>; 4],
}

impl Carry {
    /// The cells of this line, with the blanks filled from the line above when it is of
    /// the same order and the layout fills down.
    pub(super) fn fill<'v>(
        &mut self,
        rules: &Rules,
        invoice: Option<&str>,
        mut cells: [Option<Cow<'v, str>>; 4],
    ) -> [Option<Cow<'v, str>>; 4] {
        if !rules.fill_down {
            return cells;
        }
        let same_order = invoice.is_some() && self.invoice.as_deref() == invoice;
        if same_order {
            for (cell, last) in cells.iter_mut().zip(&self.cells) {
                if cell.is_none() {
                    *cell = last.clone().map(Cow::Owned);
                }
            }
        }
        self.invoice = invoice.map(str::to_owned);
        self.cells = cells.clone().map(|c| c.map(Cow::into_owned));
        cells
    }
}

/// A customer key as the layout compares them: the id as people see it, e-mail addresses
/// lower-cased where the layout keys customers by e-mail. `None` for an empty cell.
pub(super) fn customer_key<'a>(cell: Option<&'a str>, rules: &Rules) -> Option<Cow<'a, str>> {
    let id = normalise_id(cell?);
    if id.is_empty() {
        None
    } else if rules.customer_lowercase {
        Some(Cow::Owned(id.to_lowercase()))
    } else {
        Some(Cow::Borrowed(id))
    }
}

/// The line's order id. With no order id in the layout, one order per customer per
/// timestamp: the customer and the date as written.
pub(super) fn order_id<'a>(
    invoice: Option<Cow<'a, str>>,
    customer: Option<&str>,
    in_layout: bool,
    when: Option<&str>,
) -> Cow<'a, str> {
    match (invoice, customer) {
        (Some(id), _) => id,
        (None, Some(c)) if !in_layout => Cow::Owned(format!("{c}@{}", when.unwrap_or(""))),
        _ => Cow::Borrowed(""),
    }
}
