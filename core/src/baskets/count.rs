//! The counting behind basket analysis: each order's distinct products in one flat array,
//! product counts, and pair counts among the frequent products.
//!
//! Pairs are counted in a dense upper-triangular `u32` table when there are at most
//! [`DENSE_MAX_ITEMS`] frequent products (≤ 2 M cells, 8 MB), else in a hash map holding
//! only the pairs that occur (at most Σ over orders of C(frequent products in it, 2)).
//! Memory stays bounded by the item cap either way.

use crate::ledger::Ledger;
use std::collections::HashMap;

/// Above this many frequent products, pairs are counted sparsely.
pub(crate) const DENSE_MAX_ITEMS: usize = 2_000;

/// Every order's distinct products, sorted, as slices of one array.
pub(crate) struct Baskets {
    /// `starts[o]..starts[o + 1]` is order `o`'s slice of `products`.
    starts: Vec<usize>,
    products: Vec<u32>,
    /// The customer of each order (that of its first line).
    customers: Vec<u32>,
    /// How many products there are (one past the largest index seen).
    pub(crate) product_count: usize,
}

impl Baskets {
    /// The baskets of the ledger's orders.
    pub(crate) fn of(ledger: &Ledger) -> Baskets {
        let (mut starts, customers, product_count) = sizes(ledger);
        let mut next = starts.clone();
        let mut flat = vec![0u32; ledger.lines.len()];
        for line in &ledger.lines {
            if let Some(at) = next.get_mut(line.order as usize) {
                if let Some(slot) = flat.get_mut(*at) {
                    *slot = line.product;
                }
                *at += 1;
            }
        }
        let products = dedup(&mut starts, flat);
        Baskets {
            starts,
            products,
            customers,
            product_count,
        }
    }

    /// How many orders there are (with or without products).
    pub(crate) fn len(&self) -> usize {
        self.customers.len()
    }

    /// The customer of order `o`.
    pub(crate) fn customer(&self, o: usize) -> Option<u32> {
        self.customers.get(o).copied()
    }

    /// Order `o`'s distinct products, ascending.
    pub(crate) fn basket(&self, o: usize) -> &[u32] {
        match (self.starts.get(o), self.starts.get(o + 1)) {
            (Some(&s), Some(&e)) => self.products.get(s..e).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The number of kept, non-empty orders, and how many of them hold each product.
    pub(crate) fn item_counts(&self, keep: &[usize]) -> (usize, Vec<usize>) {
        let mut counts = vec![0usize; self.product_count];
        let mut orders = 0;
        for &o in keep {
            let basket = self.basket(o);
            orders += usize::from(!basket.is_empty());
            for &p in basket {
                if let Some(n) = counts.get_mut(p as usize) {
                    *n += 1;
                }
            }
        }
        (orders, counts)
    }

    /// `(a, b, orders)` for each pair of frequent products bought together in at least
    /// `min` kept orders, `a < b` by product index. `rank[p]` is product `p`'s position among
    /// the `frequent` products (`u32::MAX` if not frequent). Unsorted.
    pub(crate) fn pairs(
        &self,
        keep: &[usize],
        rank: &[u32],
        frequent: &[u32],
        min: usize,
    ) -> Vec<(u32, u32, usize)> {
        let mut counter = Counter::for_items(frequent.len());
        let mut ranks: Vec<u32> = Vec::new();
        for &o in keep {
            ranks.clear();
            ranks.extend(
                self.basket(o)
                    .iter()
                    .filter_map(|&p| rank.get(p as usize).copied())
                    .filter(|&r| r != u32::MAX),
            );
            ranks.sort_unstable();
            counter.add_all(&ranks);
        }
        counter
            .into_counts()
            .into_iter()
            .filter(|&(_, _, n)| n as usize >= min)
            .filter_map(|(i, j, n)| {
                let (a, b) = (*frequent.get(i as usize)?, *frequent.get(j as usize)?);
                Some((a.min(b), a.max(b), n as usize))
            })
            .collect()
    }
}

/// One pass over the lines: each order's first slot in a flat array (`starts`, one more
/// than there are orders), each order's customer (that of its first line), and how many
/// products there are.
fn sizes(ledger: &Ledger) -> (Vec<usize>, Vec<u32>, usize) {
    let mut counts = vec![0usize; ledger.orders.len() + 1];
    let mut customers = vec![u32::MAX; ledger.orders.len()];
    let mut product_count = ledger.products.len();
    for line in &ledger.lines {
        let order = line.order as usize;
        if order >= customers.len() {
            customers.resize(order + 1, u32::MAX);
            counts.resize(order + 2, 0);
        }
        if let (Some(n), Some(c)) = (counts.get_mut(order + 1), customers.get_mut(order)) {
            *n += 1;
            if *c == u32::MAX {
                *c = line.customer;
            }
        }
        product_count = product_count.max(line.product as usize + 1);
    }
    let mut total = 0;
    for n in &mut counts {
        total += *n;
        *n = total;
    }
    (counts, customers, product_count)
}

/// Each slice `starts[o]..starts[o + 1]` of `flat` sorted and deduplicated, compacted in
/// place; `starts` is rewritten to the compacted slices.
fn dedup(starts: &mut [usize], mut flat: Vec<u32>) -> Vec<u32> {
    let mut write = 0;
    let mut begin = 0;
    for o in 1..starts.len() {
        let end = starts.get(o).copied().unwrap_or(begin);
        if let Some(slice) = flat.get_mut(begin..end) {
            slice.sort_unstable();
        }
        let mut last = None;
        for read in begin..end {
            let Some(p) = flat.get(read).copied() else {
                continue;
            };
            if last != Some(p) {
                if let Some(slot) = flat.get_mut(write) {
                    *slot = p;
                }
                write += 1;
                last = Some(p);
            }
        }
        begin = end;
        if let Some(s) = starts.get_mut(o) {
            *s = write;
        }
    }
    flat.truncate(write);
    flat
}

/// Pair counts by frequent-product rank (`i < j`).
pub(crate) enum Counter {
    /// Upper triangle of a `k × k` table, row by row.
    Dense { k: usize, cells: Vec<u32> },
    /// Only the pairs seen.
    Sparse(HashMap<(u32, u32), u32>),
}

impl Counter {
    /// A counter for pairs among `k` products: dense up to [`DENSE_MAX_ITEMS`], else sparse.
    pub(crate) fn for_items(k: usize) -> Counter {
        if k <= DENSE_MAX_ITEMS {
            Counter::Dense {
                k,
                cells: vec![0; k * k.saturating_sub(1) / 2],
            }
        } else {
            Counter::Sparse(HashMap::new())
        }
    }

    /// Counts every pair of the ascending, distinct `ranks`.
    pub(crate) fn add_all(&mut self, ranks: &[u32]) {
        for (x, &i) in ranks.iter().enumerate() {
            for &j in ranks.get(x + 1..).unwrap_or(&[]) {
                self.add(i, j);
            }
        }
    }

    /// Counts pair `i < j` once.
    fn add(&mut self, i: u32, j: u32) {
        match self {
            Counter::Dense { k, cells } => {
                if let Some(n) = cells.get_mut(cell(*k, i as usize, j as usize)) {
                    *n += 1;
                }
            }
            Counter::Sparse(map) => *map.entry((i, j)).or_insert(0) += 1,
        }
    }

    /// Every counted pair `(i, j, count)`, zero counts left out.
    pub(crate) fn into_counts(self) -> Vec<(u32, u32, u32)> {
        match self {
            Counter::Dense { k, cells } => (0..k)
                .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
                .zip(cells)
                .filter(|&(_, n)| n > 0)
                .map(|((i, j), n)| (i as u32, j as u32, n))
                .collect(),
            Counter::Sparse(map) => map.into_iter().map(|((i, j), n)| (i, j, n)).collect(),
        }
    }
}

/// Position of pair `i < j` in the row-by-row upper triangle of a `k × k` table.
fn cell(k: usize, i: usize, j: usize) -> usize {
    i * (2 * k - i - 1) / 2 + (j - i - 1)
}
