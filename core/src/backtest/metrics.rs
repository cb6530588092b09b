//! Ranking metrics with binary relevance: hit rate, recall and NDCG at a cut-off, and
//! catalogue coverage.

use serde::{Deserialize, Serialize};

/// Means over the users scored, at one cut-off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Share of users with at least one relevant product in the list.
    pub hit_rate: f64,
    /// Mean share of each user's relevant products found in the list.
    pub recall: f64,
    /// Mean NDCG; the ideal DCG ranks min(relevant, k) relevant products first.
    pub ndcg: f64,
}

/// One user's (hit, recall, NDCG) for the first `k` products of `list`; `relevant` sorted.
pub(crate) fn of_user(list: &[u32], relevant: &[u32], k: usize) -> (f64, f64, f64) {
    if relevant.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let gain = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let mut hits = 0usize;
    let mut dcg = 0.0;
    for (i, p) in list.iter().take(k).enumerate() {
        if relevant.binary_search(p).is_ok() {
            hits += 1;
            dcg += gain(i);
        }
    }
    let ideal: f64 = (0..relevant.len().min(k)).map(gain).sum();
    (
        f64::from(u8::from(hits > 0)),
        hits as f64 / relevant.len() as f64,
        dcg / ideal,
    )
}

/// Sums of per-user metrics, turned into means by [`Totals::mean`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Totals {
    pub users: usize,
    sums: [f64; 3],
}

impl Totals {
    pub fn add(&mut self, (hit, recall, ndcg): (f64, f64, f64)) {
        self.users += 1;
        self.sums[0] += hit;
        self.sums[1] += recall;
        self.sums[2] += ndcg;
    }

    pub fn mean(&self) -> Metrics {
        let n = self.users.max(1) as f64;
        Metrics {
            hit_rate: self.sums[0] / n,
            recall: self.sums[1] / n,
            ndcg: self.sums[2] / n,
        }
    }
}
