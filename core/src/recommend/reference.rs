//! The published method over a time window: each segment's best sellers by summed
//! quantity (ties by stock code), and each customer gets the first of those it never
//! bought, in that order. The published analysis offers 3 of the segment's top 10; a
//! backtest list of 10 reads further down the same ranking. Customers without a segment
//! (outliers) get the best sellers over all customers by default.
//!
//! This reproduces the published backtest figures on Online Retail (test from
//! 2011-10-09) when the segments are those of the published analysis (`Mode::Reference`,
//! full file): hit@10 / NDCG@10 0.194 / 0.027 (discovery) and 0.185 / 0.025 (next
//! basket), recommending 1.6% of the products. Other readings measured: outliers
//! without a list 0.182 / 0.174 (hit@10, discovery / next basket, corrected-mode
//! segments); the published 10-product pool only (at most 30 products) 0.168 / 0.160.
//! The segments are the caller's: the backtest judges whatever segmentation it is given.

use super::interactions::Interactions;
use crate::ledger::Ledger;
use serde::{Deserialize, Serialize};

/// What customers without a segment (outliers) get from the reference method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Unsegmented {
    /// No list, as in the published analysis.
    NoList,
    /// The best sellers by quantity over all customers (the default: the backtest's
    /// published figures give outliers these).
    #[default]
    BestSellers,
}

/// Each segment's pool of best sellers, and the overall one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// `pools[s]`: segment `s`'s best sellers, best first.
    pub pools: Vec<Vec<u32>>,
    /// The best sellers over all customers, for customers without a segment.
    pub overall: Vec<u32>,
    pub unsegmented: Unsegmented,
    segment_of: Vec<Option<u32>>,
}

impl Reference {
    pub fn fit(
        ledger: &Ledger,
        inter: &Interactions,
        segment_of: &[Option<u32>],
        unsegmented: Unsegmented,
    ) -> Reference {
        let segments = segment_of
            .iter()
            .flatten()
            .max()
            .map_or(0, |&g| g as usize + 1);
        let mut quantity = vec![vec![0.0f64; inter.products]; segments];
        let mut all = vec![0.0f64; inter.products];
        for c in 0..inter.customers() as u32 {
            let seg = segment_of.get(c as usize).copied().flatten();
            for b in inter.of_customer(c) {
                all[b.product as usize] += b.quantity;
                if let Some(s) = seg {
                    quantity[s as usize][b.product as usize] += b.quantity;
                }
            }
        }
        let best = |q: &[f64]| {
            let mut ranked: Vec<u32> = (0..q.len() as u32)
                .filter(|&p| q[p as usize] > 0.0)
                .collect();
            ranked.sort_by(|&a, &b| {
                q[b as usize].total_cmp(&q[a as usize]).then_with(|| {
                    ledger.products[a as usize]
                        .code
                        .cmp(&ledger.products[b as usize].code)
                })
            });
            ranked
        };
        Reference {
            pools: quantity.iter().map(|q| best(q)).collect(),
            overall: best(&all),
            unsegmented,
            segment_of: segment_of.to_vec(),
        }
    }

    /// The pool customer `c` draws from, and its segment.
    pub fn pool(&self, c: u32) -> (Option<u32>, &[u32]) {
        match self.segment_of.get(c as usize).copied().flatten() {
            Some(s) => (
                Some(s),
                self.pools.get(s as usize).map_or(&[], Vec::as_slice),
            ),
            None => match self.unsegmented {
                Unsegmented::NoList => (None, &[]),
                Unsegmented::BestSellers => (None, &self.overall),
            },
        }
    }

    /// Scores the pool products customer `c` never bought, by pool position.
    pub fn score(&self, inter: &Interactions, c: u32, out: &mut [f64]) {
        let (_, pool) = self.pool(c);
        // Every pool product, then the customer's own taken off again (`out` comes in
        // as "not offered"): one write per product instead of a search per product.
        for (i, &p) in pool.iter().enumerate() {
            out[p as usize] = (pool.len() - i) as f64;
        }
        for b in inter.of_customer(c) {
            out[b.product as usize] = f64::NEG_INFINITY;
        }
    }
}
