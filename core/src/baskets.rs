//! Basket analysis: which products are bought together in the same order, as pair counts
//! and association rules "who buys A also buys B" with support, confidence and lift.
//!
//! An order's basket is the set of distinct products in it. Only frequent products (in at
//! least `min_count` orders, at most `max_items` of them) are paired; see [`count`] for how
//! pairs are counted within bounded memory.

mod count;
#[cfg(test)]
mod tests;

use crate::ledger::ratio;
use crate::ledger::Ledger;
use crate::params::{Check, Valid};
use count::Baskets;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use thiserror::Error;

/// What the basket step can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BasketParams {
    /// The smallest share of orders (0–1] a product or pair must appear in.
    pub min_support: f64,
    /// The smallest number of orders a product or pair must appear in.
    pub min_pair_count: usize,
    /// At most this many of the most frequent products are paired.
    pub max_items: usize,
}

impl Default for BasketParams {
    fn default() -> Self {
        Self {
            min_support: 0.01,
            min_pair_count: 5,
            max_items: 2000,
        }
    }
}

/// Why the basket analysis could not run.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum BasketError {
    /// `min_support` is not in (0, 1].
    #[error("Invalid setting: the minimum support is a share of orders above 0 and at most 1 (for example 0.01 for 1%).")]
    MinSupport,
    /// `max_items` is below 2.
    #[error(
        "Invalid setting: basket analysis needs room for at least 2 products (got {max_items})."
    )]
    MaxItems {
        /// The cap asked for.
        max_items: usize,
    },
    /// No order to analyse.
    #[error("Basket analysis needs at least one order; there are none here after cleaning.")]
    NoOrders,
    /// The file names no product on its lines.
    #[error("This file has no product id or name, so there are no products to pair.")]
    NoProducts,
}

impl Check for BasketParams {
    type Error = BasketError;

    fn check_ref(&self) -> Result<(), BasketError> {
        if !(self.min_support > 0.0 && self.min_support <= 1.0) {
            return Err(BasketError::MinSupport);
        }
        if self.max_items < 2 {
            return Err(BasketError::MaxItems {
                max_items: self.max_items,
            });
        }
        Ok(())
    }
}

/// A frequent product and the number of orders holding it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemCount {
    /// Index into `Ledger::products`.
    pub product: u32,
    /// Orders holding it.
    pub orders: usize,
}

/// Two products bought together, `a < b` by product index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairCount {
    /// Index into `Ledger::products`.
    pub a: u32,
    /// Index into `Ledger::products`.
    pub b: u32,
    /// Orders holding both.
    pub orders: usize,
}

/// "Orders with the antecedent also hold the consequent."
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasketRule {
    /// Product index of A.
    pub antecedent: u32,
    /// Product index of B.
    pub consequent: u32,
    /// Orders holding both.
    pub orders: usize,
    /// Share of all orders holding both.
    pub support: f64,
    /// Share of the orders with A that also hold B.
    pub confidence: f64,
    /// Confidence over B's own share: above 1 means A makes B likelier.
    pub lift: f64,
    /// Share of all orders holding A.
    pub antecedent_support: f64,
    /// Share of all orders holding B.
    pub consequent_support: f64,
}

/// The basket step's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasketReport {
    /// Orders analysed.
    pub orders: usize,
    /// Orders a product or pair needed to be kept: `max(ceil(min_support × orders), min_pair_count)`.
    pub min_count: usize,
    /// Frequent products paired (after the cap).
    pub frequent_items: usize,
    /// Whether `max_items` left frequent products out.
    pub capped: bool,
    /// The paired products, most frequent first (ties by product index).
    pub items: Vec<ItemCount>,
    /// Pairs in at least `min_count` orders, most frequent first (ties by indices).
    pub pairs: Vec<PairCount>,
    /// Both directions of every pair, by lift, then support, then indices (descending,
    /// descending, ascending).
    pub rules: Vec<BasketRule>,
}

impl BasketReport {
    /// Up to `n` rules with `product` as antecedent, most confident first (then by lift,
    /// then by consequent index).
    pub fn top_companions(&self, product: u32, n: usize) -> Vec<&BasketRule> {
        let mut rules: Vec<&BasketRule> = self
            .rules
            .iter()
            .filter(|r| r.antecedent == product)
            .collect();
        rules.sort_by(|x, y| {
            y.confidence
                .total_cmp(&x.confidence)
                .then(y.lift.total_cmp(&x.lift))
                .then(x.consequent.cmp(&y.consequent))
        });
        rules.truncate(n);
        rules
    }
}

/// Products bought together across every order.
pub fn baskets(ledger: &Ledger, params: &Valid<BasketParams>) -> Result<BasketReport, BasketError> {
    let baskets = Baskets::of(ledger);
    let all: Vec<usize> = (0..baskets.len()).collect();
    analyse(&baskets, &all, params)
}

/// Products bought together within each group of customers: `labels[c]` is customer index
/// `c`'s group in `0..n` (`None`, out of range or missing = in no group). One outcome per
/// group `0..n`; a group without orders gets [`BasketError::NoOrders`].
pub fn baskets_by(
    ledger: &Ledger,
    labels: &[Option<usize>],
    n: usize,
    params: &Valid<BasketParams>,
) -> Vec<Result<BasketReport, BasketError>> {
    let baskets = Baskets::of(ledger);
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for o in 0..baskets.len() {
        let label = baskets
            .customer(o)
            .and_then(|c| labels.get(c as usize).copied().flatten());
        if let Some(group) = label.and_then(|l| groups.get_mut(l)) {
            group.push(o);
        }
    }
    groups
        .iter()
        .map(|keep| analyse(&baskets, keep, params))
        .collect()
}

/// The report over the kept orders.
fn analyse(
    baskets: &Baskets,
    keep: &[usize],
    params: &BasketParams,
) -> Result<BasketReport, BasketError> {
    let (orders, counts) = baskets.item_counts(keep);
    if orders == 0 {
        return Err(BasketError::NoOrders);
    }
    let min_count = min_count(orders, params);
    let (items, capped) = frequent(&counts, min_count, params.max_items);
    let frequent: Vec<u32> = items.iter().map(|i| i.product).collect();
    let mut rank = vec![u32::MAX; baskets.product_count];
    for (r, &p) in (0u32..).zip(&frequent) {
        if let Some(slot) = rank.get_mut(p as usize) {
            *slot = r;
        }
    }
    let mut pairs: Vec<PairCount> = baskets
        .pairs(keep, &rank, &frequent, min_count)
        .into_iter()
        .map(|(a, b, orders)| PairCount { a, b, orders })
        .collect();
    pairs.sort_by(|x, y| {
        y.orders
            .cmp(&x.orders)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    let rules = rules(&pairs, &counts, orders);
    Ok(BasketReport {
        orders,
        min_count,
        frequent_items: items.len(),
        capped,
        items,
        pairs,
        rules,
    })
}

/// `max(ceil(min_support × orders), min_pair_count)`, at least 1.
fn min_count(orders: usize, params: &BasketParams) -> usize {
    let by_support = libm::ceil(params.min_support * orders as f64).max(0.0) as usize;
    by_support.max(params.min_pair_count).max(1)
}

/// Products in at least `min` orders, most frequent first, at most `max` of them; and
/// whether the cap left some out.
fn frequent(counts: &[usize], min: usize, max: usize) -> (Vec<ItemCount>, bool) {
    let mut items: Vec<ItemCount> = (0u32..)
        .zip(counts)
        .filter(|&(_, &n)| n >= min)
        .map(|(product, &orders)| ItemCount { product, orders })
        .collect();
    items.sort_by(|x, y| y.orders.cmp(&x.orders).then(x.product.cmp(&y.product)));
    let capped = items.len() > max;
    items.truncate(max);
    (items, capped)
}

/// Both directions of every pair, sorted by lift, support, then indices.
fn rules(pairs: &[PairCount], counts: &[usize], orders: usize) -> Vec<BasketRule> {
    let share = |n: usize| n as f64 / orders as f64;
    let count = |p: u32| counts.get(p as usize).copied().unwrap_or(0);
    let rule = |antecedent: u32, consequent: u32, n: usize| {
        let (a, b) = (share(count(antecedent)), share(count(consequent)));
        let confidence = ratio(n as f64, count(antecedent) as f64);
        BasketRule {
            antecedent,
            consequent,
            orders: n,
            support: share(n),
            confidence,
            lift: ratio(confidence, b),
            antecedent_support: a,
            consequent_support: b,
        }
    };
    let mut rules: Vec<BasketRule> = pairs
        .iter()
        .flat_map(|p| [rule(p.a, p.b, p.orders), rule(p.b, p.a, p.orders)])
        .collect();
    rules.sort_by(rule_order);
    rules
}

/// Lift descending, support descending, then antecedent and consequent ascending.
fn rule_order(x: &BasketRule, y: &BasketRule) -> Ordering {
    y.lift
        .total_cmp(&x.lift)
        .then(y.support.total_cmp(&x.support))
        .then(x.antecedent.cmp(&y.antecedent))
        .then(x.consequent.cmp(&y.consequent))
}
