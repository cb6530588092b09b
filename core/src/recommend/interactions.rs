//! The purchases of a time window as a sparse customer × product matrix, stored both ways
//! (customer → products, product → buyers), with each pair's order days: every model
//! reads this one value.

use crate::ledger::Ledger;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What one customer bought of one product within the window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bought {
    /// Index into `Ledger::products`.
    pub product: u32,
    /// Distinct orders with the product.
    pub orders: u32,
    /// Units bought.
    pub quantity: f64,
    pub first_day: i32,
    pub last_day: i32,
}

/// The window's purchases (positive quantities only).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Interactions {
    /// Products in the ledger (the matrix's width).
    pub products: usize,
    /// The window's last day: "today" for recency.
    pub today: i32,
    /// Customer `c`'s purchases are `items[starts[c]..starts[c + 1]]`, by product index.
    starts: Vec<usize>,
    items: Vec<Bought>,
    /// Item `i`'s distinct order days (ascending) are `days[day_starts[i]..day_starts[i + 1]]`.
    day_starts: Vec<usize>,
    days: Vec<i32>,
    /// Product `p`'s buyers are `buyers[buyer_starts[p]..buyer_starts[p + 1]]`, as
    /// (customer, index into `items`), by customer index.
    buyer_starts: Vec<usize>,
    buyers: Vec<(u32, u32)>,
}

impl Interactions {
    /// The purchases of `ledger` on days in `window`.
    pub fn of(ledger: &Ledger, window: Range<i32>) -> Interactions {
        // (customer, product, order, day, quantity), sorted to bring each pair together.
        let mut lines: Vec<(u32, u32, u32, i32, f64)> = ledger
            .lines
            .iter()
            .filter(|l| window.contains(&l.day) && l.quantity > 0.0)
            .map(|l| (l.customer, l.product, l.order, l.day, l.quantity))
            .collect();
        lines.sort_unstable_by_key(|l| (l.0, l.1, l.3, l.2));
        let customers = ledger.customers.len();
        let mut starts = vec![0; customers + 1];
        let mut items: Vec<Bought> = Vec::new();
        let mut day_starts = vec![0];
        let mut days = Vec::new();
        let mut last_key = None;
        let mut last_order = None;
        for &(c, p, o, d, q) in &lines {
            if last_key != Some((c, p)) {
                if last_key.is_some() {
                    day_starts.push(days.len());
                }
                last_key = Some((c, p));
                last_order = None;
                items.push(Bought {
                    product: p,
                    orders: 0,
                    quantity: 0.0,
                    first_day: d,
                    last_day: d,
                });
                if let Some(s) = starts.get_mut(c as usize + 1) {
                    *s += 1;
                }
            }
            if let Some(b) = items.last_mut() {
                b.quantity += q;
                b.last_day = d;
                if last_order != Some(o) {
                    b.orders += 1;
                    days.push(d);
                    last_order = Some(o);
                }
            }
        }
        if last_key.is_some() {
            day_starts.push(days.len());
        }
        for c in 0..customers {
            starts[c + 1] += starts[c];
        }
        let (buyer_starts, buyers) = by_product(ledger.products.len(), &starts, &items);
        Interactions {
            products: ledger.products.len(),
            today: window.end - 1,
            starts,
            items,
            day_starts,
            days,
            buyer_starts,
            buyers,
        }
    }

    /// The number of customers (rows), buyers or not.
    pub fn customers(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Where customer `c`'s purchases sit in the item list.
    fn range(&self, c: u32) -> Range<usize> {
        let c = c as usize;
        match (self.starts.get(c), self.starts.get(c + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        }
    }

    /// Customer `c`'s purchases, by product index.
    pub fn of_customer(&self, c: u32) -> &[Bought] {
        self.items.get(self.range(c)).unwrap_or(&[])
    }

    /// The position of customer `c`'s purchase of `product` in the item list.
    fn find(&self, c: u32, product: u32) -> Option<usize> {
        let r = self.range(c);
        let start = r.start;
        self.items
            .get(r)?
            .binary_search_by_key(&product, |b| b.product)
            .ok()
            .map(|i| start + i)
    }

    /// What customer `c` bought of `product`, if anything.
    pub fn bought(&self, c: u32, product: u32) -> Option<&Bought> {
        self.items.get(self.find(c, product)?)
    }

    /// The order days of customer `c`'s purchase at `k` in `of_customer(c)`.
    pub fn days(&self, c: u32, k: usize) -> &[i32] {
        let i = self.range(c).start + k;
        match (self.day_starts.get(i), self.day_starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.days.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The buyers of `product` as (customer, index into the item list).
    fn buyer_entries(&self, product: u32) -> &[(u32, u32)] {
        let p = product as usize;
        match (self.buyer_starts.get(p), self.buyer_starts.get(p + 1)) {
            (Some(&a), Some(&b)) => self.buyers.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The buyers of `product` with what each bought of it.
    pub fn buyers(&self, product: u32) -> impl Iterator<Item = (u32, &Bought)> + '_ {
        self.buyer_entries(product)
            .iter()
            .filter_map(|&(c, i)| Some((c, self.items.get(i as usize)?)))
    }

    /// Distinct buyers of `product`.
    pub fn buyer_count(&self, product: u32) -> usize {
        self.buyer_entries(product).len()
    }

    /// The share (0–1) of `anchor`'s buyers who also bought `product`.
    pub fn share(&self, anchor: u32, product: u32) -> f64 {
        let buyers = self.buyer_entries(anchor);
        if buyers.is_empty() {
            return 0.0;
        }
        common_customers(buyers, self.buyer_entries(product)) as f64 / buyers.len() as f64
    }

    /// Whether the customer bought anything in the window.
    pub fn is_buyer(&self, c: u32) -> bool {
        !self.range(c).is_empty()
    }
}

/// How many customers two products' buyer lists (customer ascending) share: each
/// customer of the shorter list is looked for in what is left of the longer one, so
/// it reads both lists once, in order (the reasons of every customer's lists ask this
/// twenty times per customer).
fn common_customers(a: &[(u32, u32)], b: &[(u32, u32)]) -> usize {
    let (short, mut long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut both = 0;
    for &(c, _) in short {
        let at = long.partition_point(|&(d, _)| d < c);
        long = &long[at..];
        match long.first() {
            Some(&(d, _)) if d == c => both += 1,
            Some(_) => {}
            None => break,
        }
    }
    both
}

/// The product-major index of the item list.
fn by_product(
    products: usize,
    starts: &[usize],
    items: &[Bought],
) -> (Vec<usize>, Vec<(u32, u32)>) {
    let mut counts = vec![0usize; products + 1];
    for b in items {
        if let Some(n) = counts.get_mut(b.product as usize + 1) {
            *n += 1;
        }
    }
    for p in 0..products {
        counts[p + 1] += counts[p];
    }
    let mut next = counts.clone();
    let mut buyers = vec![(0u32, 0u32); items.len()];
    for (c, w) in starts.windows(2).enumerate() {
        for i in w[0]..w[1] {
            let slot = &mut next[items[i].product as usize];
            buyers[*slot] = (c as u32, i as u32);
            *slot += 1;
        }
    }
    (counts, buyers)
}
