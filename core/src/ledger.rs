//! The cleaned purchases as plain rows: the input of the marketer's analyses (RFM,
//! lifetime value, cohorts, baskets). Built once per file from the cleaned frame, with
//! customers, orders and products interned, so those analyses are plain Rust over
//! integers and need no polars.

use crate::clean::Cleaned;
use crate::columns::{col, Field};
use crate::internal::Internal;
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One purchased line (never a cancellation or a return).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// Index into [`Ledger::customers`].
    pub customer: u32,
    /// Index into [`Ledger::orders`].
    pub order: u32,
    /// Days since 1970-01-01 (the shop's local calendar day).
    pub day: i32,
    /// Index into [`Ledger::products`].
    pub product: u32,
    pub quantity: f64,
    /// Quantity × unit price (the line total).
    pub spend: f64,
}

/// A product, by its code; the description is the first one the file gives the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub code: String,
    pub description: String,
}

/// The purchased lines of a cleaned file, in file order. Serialisable, so a second worker
/// can be handed it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    /// Customer ids in ascending order: a customer's index orders it by id.
    pub customers: Vec<String>,
    /// Order (invoice) ids, in order of first appearance.
    pub orders: Vec<String>,
    pub products: Vec<Product>,
    pub lines: Vec<Line>,
    /// The last day of the cleaned data, cancellations included: "today" for recency.
    pub last_day: i32,
    /// Country names in ascending order; one empty name when the file has no country.
    pub countries: Vec<String>,
    /// Each customer's country (index into `countries`): the country of most of its lines,
    /// cancellations included, ties to the smallest name. Empty when not known.
    pub country: Vec<u32>,
}

/// The names behind a ledger's indices, for the page and the exports: the analyses'
/// reports carry indices only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Names {
    pub customers: Vec<String>,
    pub products: Vec<Product>,
    /// Country names (index into `Ledger::countries`).
    #[serde(default)]
    pub countries: Vec<String>,
}

impl Names {
    pub fn of(ledger: &Ledger) -> Names {
        Names {
            customers: ledger.customers.clone(),
            products: ledger.products.clone(),
            countries: ledger.countries.clone(),
        }
    }

    /// A country's name; empty for an unknown index.
    pub fn country(&self, i: u32) -> &str {
        self.countries.get(i as usize).map_or("", String::as_str)
    }

    /// A customer's id; empty for an unknown index.
    pub fn customer(&self, i: u32) -> &str {
        self.customers.get(i as usize).map_or("", String::as_str)
    }

    /// A product's code and description; empty for an unknown index.
    pub fn product(&self, i: u32) -> (&str, &str) {
        self.products
            .get(i as usize)
            .map_or(("", ""), |p| (p.code.as_str(), p.description.as_str()))
    }
}

impl Ledger {
    /// The purchased lines of a cleaned file.
    pub fn of(cleaned: &Cleaned) -> Result<Ledger, Internal> {
        Self::read(&cleaned.frame).map_err(Internal::polars("listing the purchases"))
    }

    fn read(frame: &DataFrame) -> PolarsResult<Ledger> {
        let ids = frame.column(Field::CustomerId.column())?.str()?;
        let invoices = frame.column(Field::Invoice.column())?.str()?;
        let codes = frame.column(Field::StockCode.column())?.str()?;
        let descs = frame.column(Field::Description.column())?.str()?;
        let qty = frame.column(Field::Quantity.column())?.f64()?;
        let spend = frame.column(col::SPEND)?.f64()?;
        let day = frame.column(col::DAY)?.i32()?;
        let cancelled = frame.column(col::CANCELLED)?.bool()?;
        let last_day = day.max().unwrap_or(0);

        let mut customers: Vec<&str> = ids.into_iter().flatten().collect();
        customers.sort_unstable();
        customers.dedup();
        let customer_of: HashMap<&str, u32> = customers
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i as u32))
            .collect();
        let mut orders = Interner::default();
        let mut products = Interner::default();
        let mut descriptions: Vec<String> = Vec::new();
        let mut lines = Vec::with_capacity(frame.height());
        let country_col = frame.column(Field::Country.column()).ok();
        let country_col = match country_col {
            Some(c) => Some(c.str()?),
            None => None,
        };
        let mut country_names = Interner::default();
        // (customer, country) line counts, cancellations included.
        let mut country_lines: HashMap<(u32, u32), u32> = HashMap::new();
        for i in 0..frame.height() {
            if let Some(&customer) = ids.get(i).and_then(|id| customer_of.get(id)) {
                let name = country_col.and_then(|c| c.get(i)).unwrap_or_default();
                *country_lines
                    .entry((customer, country_names.id(name)))
                    .or_default() += 1;
            }
            if cancelled.get(i).unwrap_or(false) {
                continue;
            }
            let (Some(id), Some(d)) = (ids.get(i), day.get(i)) else {
                continue;
            };
            // A file without products still has purchases: they share the empty code.
            let code = codes.get(i).unwrap_or_default();
            let Some(&customer) = customer_of.get(id) else {
                continue;
            };
            let product = products.id(code);
            if product as usize == descriptions.len() {
                descriptions.push(descs.get(i).unwrap_or_default().trim().to_owned());
            }
            lines.push(Line {
                customer,
                order: orders.id(invoices.get(i).unwrap_or_default()),
                day: d,
                product,
                quantity: qty.get(i).unwrap_or(0.0),
                spend: spend.get(i).unwrap_or(0.0),
            });
        }
        let (countries, country) =
            main_countries(customers.len(), country_names.names, &country_lines);
        Ok(Ledger {
            countries,
            country,
            customers: customers.into_iter().map(str::to_owned).collect(),
            orders: orders.names,
            products: products
                .names
                .into_iter()
                .zip(descriptions)
                .map(|(code, description)| Product { code, description })
                .collect(),
            lines,
            last_day,
        })
    }
}

impl Ledger {
    /// How many customer slots a per-customer table needs: one per listed customer, and
    /// room for every customer index a line uses.
    pub fn customer_slots(&self) -> usize {
        self.lines
            .iter()
            .map(|l| l.customer as usize + 1)
            .max()
            .unwrap_or(0)
            .max(self.customers.len())
    }

    /// A customer's country (index into `countries`), if known.
    pub fn country_of(&self, customer: u32) -> Option<u32> {
        self.country.get(customer as usize).copied()
    }
}

/// The sorted country names and each customer's main country: most lines, ties to the
/// smallest name. A file without countries gives one empty name shared by all.
fn main_countries(
    customers: usize,
    names: Vec<String>,
    lines: &HashMap<(u32, u32), u32>,
) -> (Vec<String>, Vec<u32>) {
    let mut sorted: Vec<(String, u32)> = names.into_iter().zip(0u32..).collect();
    sorted.sort();
    if sorted.is_empty() {
        sorted.push((String::new(), 0));
    }
    let mut rank = vec![0u32; sorted.len()];
    for (r, (_, old)) in (0u32..).zip(&sorted) {
        if let Some(slot) = rank.get_mut(*old as usize) {
            *slot = r;
        }
    }
    // (count, rank) of each customer's best country so far.
    let mut best: Vec<Option<(u32, u32)>> = vec![None; customers];
    for (&(customer, old), &n) in lines {
        let r = rank.get(old as usize).copied().unwrap_or(0);
        if let Some(slot) = best.get_mut(customer as usize) {
            let better = match *slot {
                None => true,
                Some((m, s)) => n > m || (n == m && r < s),
            };
            if better {
                *slot = Some((n, r));
            }
        }
    }
    let country = best.into_iter().map(|b| b.map_or(0, |(_, r)| r)).collect();
    (sorted.into_iter().map(|(n, _)| n).collect(), country)
}

#[cfg(test)]
impl Ledger {
    /// A ledger for unit tests: `(customer, order, day, spend)` lines of one product, over
    /// `customers` customers whose ids sort in index order.
    pub(crate) fn of_lines(
        customers: usize,
        lines: &[(u32, u32, i32, f64)],
        last_day: i32,
    ) -> Ledger {
        let orders = lines.iter().map(|l| l.1 as usize + 1).max().unwrap_or(0);
        Ledger {
            customers: (0..customers)
                .map(|c| format!("{:05}", 12_000 + c))
                .collect(),
            orders: (0..orders).map(|o| format!("5{o:05}")).collect(),
            products: vec![Product {
                code: "A".into(),
                description: "A thing".into(),
            }],
            lines: lines
                .iter()
                .map(|&(customer, order, day, spend)| Line {
                    customer,
                    order,
                    day,
                    product: 0,
                    quantity: 1.0,
                    spend,
                })
                .collect(),
            last_day,
            countries: vec![String::new()],
            country: vec![0; customers],
        }
    }
}

/// Names to dense indices, in order of first appearance.
#[derive(Default)]
struct Interner {
    index: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.index.insert(name.to_owned(), i);
        self.names.push(name.to_owned());
        i
    }
}

/// `a / b`, or 0 when `b` is 0: a share of nothing is none (used by the analyses of the
/// ledger for shares and averages).
pub(crate) fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}
