//! The mapping form's state: the fields it asks for and the column chosen for each,
//! with what the analysis will do with the choice.

use crate::web::session::Remembered;
use segwork_core::columns::Field;
use segwork_core::load::{consequences, Preview, NOT_IN_FILE};

/// A row of the form: a field, or the line total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Slot {
    Field(Field),
    LineTotal,
}

/// The rows of the form, required ones first.
pub(super) const SLOTS: [Slot; 9] = [
    Slot::Field(Field::CustomerId),
    Slot::Field(Field::InvoiceDate),
    Slot::Field(Field::UnitPrice),
    Slot::LineTotal,
    Slot::Field(Field::Quantity),
    Slot::Field(Field::Invoice),
    Slot::Field(Field::StockCode),
    Slot::Field(Field::Description),
    Slot::Field(Field::Country),
];

impl Slot {
    /// What the user reads, and what the field is for.
    pub(super) fn describe(self) -> (&'static str, &'static str) {
        match self {
            Slot::Field(Field::CustomerId) => (
                "Customer",
                "an id, e-mail address or name that tells customers apart",
            ),
            Slot::Field(Field::InvoiceDate) => ("Date", "when each purchase was made"),
            Slot::Field(Field::UnitPrice) => {
                ("Unit price", "the price of one item (or give a line total)")
            }
            Slot::LineTotal => (
                "Line total",
                "the amount of the whole line, used when there is no unit price",
            ),
            Slot::Field(Field::Quantity) => ("Quantity", "how many items"),
            Slot::Field(Field::Invoice) => ("Order id", "the order or receipt the line belongs to"),
            Slot::Field(Field::StockCode) => ("Product id", "an SKU or product code"),
            Slot::Field(Field::Description) => ("Product name", "the product's name or title"),
            Slot::Field(Field::Country) => ("Country", "the customer's country or region"),
        }
    }

    /// The name tests and the page use for the row's select.
    pub(super) fn name(self) -> &'static str {
        match self {
            Slot::Field(f) => f.label(),
            Slot::LineTotal => "LineTotal",
        }
    }

    pub(super) fn required(self) -> bool {
        matches!(self, Slot::Field(Field::CustomerId | Field::InvoiceDate))
    }

    /// The column pre-selected: the remembered one, else the guess.
    pub(super) fn initial(
        self,
        remembered: Option<&Remembered>,
        preview: Option<&Preview>,
    ) -> String {
        let (mapping, total) = match (remembered, preview) {
            (Some(r), _) => (&r.mapping, &r.line_total),
            (None, Some(p)) => (&p.guesses, &p.line_total),
            (None, None) => return String::new(),
        };
        match self {
            Slot::Field(f) => mapping.get(&f).cloned().unwrap_or_default(),
            Slot::LineTotal => total.clone().unwrap_or_default(),
        }
    }
}

/// The user's choice, one column (or `""`) per slot, checked.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Choice(pub(super) Vec<String>);

impl Choice {
    pub(super) fn get(&self, slot: Slot) -> &str {
        SLOTS
            .iter()
            .position(|s| *s == slot)
            .map_or("", |i| self.0[i].as_str())
    }

    pub(super) fn has(&self, slot: Slot) -> bool {
        !self.get(slot).is_empty()
    }

    /// What keeps the choice from being used, in the user's words.
    pub(super) fn problem(&self) -> Option<String> {
        let mut lacking: Vec<&str> = SLOTS
            .iter()
            .filter(|s| s.required() && !self.has(**s))
            .map(|s| s.describe().0)
            .collect();
        if !self.has(Slot::Field(Field::UnitPrice)) && !self.has(Slot::LineTotal) {
            lacking.push("a unit price or a line total");
        }
        if !lacking.is_empty() {
            return Some(format!("Choose a column for: {}.", lacking.join(", ")));
        }
        for (i, a) in self.0.iter().enumerate().filter(|(_, a)| !a.is_empty()) {
            if let Some(j) = self.0[i + 1..].iter().position(|b| b == a) {
                return Some(format!(
                    "“{a}” is chosen for both {} and {}: a column can serve one field.",
                    SLOTS[i].describe().0,
                    SLOTS[i + 1 + j].describe().0
                ));
            }
        }
        None
    }

    /// What the analysis will do with this choice.
    pub(super) fn outcome(&self) -> Vec<String> {
        let spend = if self.has(Slot::Field(Field::UnitPrice)) {
            "Spend is quantity × unit price."
        } else {
            "Spend is each line's total."
        };
        let absent: Vec<Field> = SLOTS
            .iter()
            .filter_map(|s| match s {
                Slot::Field(f) if !self.has(*s) => Some(*f),
                _ => None,
            })
            .collect();
        let products =
            !(absent.contains(&Field::StockCode) && absent.contains(&Field::Description));
        let mut out = vec![
            "Customer segments, scores and profiles will be computed.".to_owned(),
            spend.to_owned(),
        ];
        if products {
            out.push(
                "Product recommendations will be made per segment and per customer.".to_owned(),
            );
        }
        out.extend(consequences(&absent).into_iter().map(str::to_owned));
        out
    }

    /// The choice as load options: every field named (absent ones as not in the file).
    pub(super) fn remembered(&self) -> Remembered {
        let mapping = SLOTS
            .iter()
            .filter_map(|s| match s {
                Slot::Field(f) => {
                    let h = self.get(*s);
                    Some((
                        *f,
                        if h.is_empty() {
                            NOT_IN_FILE.to_owned()
                        } else {
                            h.to_owned()
                        },
                    ))
                }
                Slot::LineTotal => None,
            })
            .collect();
        Remembered {
            mapping,
            line_total: Some(self.get(Slot::LineTotal).to_owned()).filter(|h| !h.is_empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn choice(pairs: &[(Slot, &str)]) -> Choice {
        Choice(
            SLOTS
                .iter()
                .map(|s| {
                    pairs
                        .iter()
                        .find(|(p, _)| p == s)
                        .map_or(String::new(), |(_, h)| (*h).to_owned())
                })
                .collect(),
        )
    }

    #[test]
    fn a_customer_a_date_and_a_price_or_total_are_needed() {
        let c = choice(&[(Slot::Field(Field::CustomerId), "Email")]);
        assert_eq!(
            c.problem().as_deref(),
            Some("Choose a column for: Date, a unit price or a line total.")
        );
        let c = choice(&[
            (Slot::Field(Field::CustomerId), "Email"),
            (Slot::Field(Field::InvoiceDate), "When"),
            (Slot::LineTotal, "Total"),
        ]);
        assert_eq!(c.problem(), None);
        let r = c.remembered();
        assert_eq!(r.line_total.as_deref(), Some("Total"));
        assert_eq!(
            r.mapping.get(&Field::Country).map(String::as_str),
            Some(NOT_IN_FILE)
        );
        assert!(c.outcome().iter().any(|o| o.contains("each line's total")));
        assert!(c
            .outcome()
            .iter()
            .any(|o| o.contains("recommendations are skipped")));
    }

    #[test]
    fn a_column_cannot_serve_two_fields() {
        let c = choice(&[
            (Slot::Field(Field::CustomerId), "A"),
            (Slot::Field(Field::InvoiceDate), "B"),
            (Slot::Field(Field::UnitPrice), "C"),
            (Slot::LineTotal, "C"),
        ]);
        assert_eq!(
            c.problem().as_deref(),
            Some("“C” is chosen for both Unit price and Line total: a column can serve one field.")
        );
    }
}
