//! Step 5: product recommendations by segment (REFERENCE.md, "Recommendations"): each
//! segment's best sellers by quantity, and for each customer the first few of the
//! segment's top products that the customer has never bought. Outliers are left out.

mod buy_again;
mod ease;
mod interactions;
mod knn;
mod pick;
mod popularity;
mod purchases;
mod recommender;
#[cfg(test)]
mod recs_tests;
mod reference;
mod settings;

pub use ease::Ease;
pub use interactions::{Bought, Interactions};
pub use knn::{Knn, KnnSetting, Weighting};
pub use pick::{List, Method, Pick, Reason};
pub use popularity::Popularity;
pub use purchases::Purchases;
pub use recommender::Recommender;
pub use reference::{Reference, Unsegmented};
pub use settings::{Defaults, Partner, RecsError, RecsParams};

use crate::internal::Internal;
use crate::params::{Check, Valid};
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RecommendParams {
    /// Products listed per segment.
    pub top_n: usize,
    /// The segment's best sellers recommendations are drawn from (10 in the reference).
    pub pool: usize,
    /// Recommendations per customer (3 in the reference).
    pub per_customer: usize,
}

impl Default for RecommendParams {
    fn default() -> Self {
        Self {
            top_n: 10,
            pool: 10,
            per_customer: 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum RecommendError {
    #[error("Invalid setting: each segment lists at least one product.")]
    NoProducts,
    #[error("Invalid setting: {per_customer} picks per customer cannot come from a pool of {pool} best sellers.")]
    PicksExceedPool { per_customer: usize, pool: usize },
    #[error(transparent)]
    Internal(#[from] Internal),
}

impl Check for RecommendParams {
    type Error = RecommendError;

    fn check_ref(&self) -> Result<(), RecommendError> {
        if self.top_n == 0 {
            return Err(RecommendError::NoProducts);
        }
        if self.per_customer > self.pool {
            return Err(RecommendError::PicksExceedPool {
                per_customer: self.per_customer,
                pool: self.pool,
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub stock_code: String,
    pub description: String,
    /// Units sold to the segment, net of cancellations.
    pub quantity: f64,
    pub revenue: f64,
    /// Distinct customers of the segment who bought it.
    pub buyers: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentProducts {
    pub segment: usize,
    /// Best sellers, by quantity (ties by stock code).
    pub products: Vec<Product>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerPicks {
    pub customer_id: String,
    pub segment: usize,
    /// Indices into the segment's `products`, best seller first.
    pub picks: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Recommendations {
    pub segments: Vec<SegmentProducts>,
    pub customers: Vec<CustomerPicks>,
}

/// Totals of one product within one segment.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    quantity: f64,
    revenue: f64,
    buyers: usize,
}

/// `members` pairs each non-outlier customer id with its segment (0..k).
pub fn recommend(
    purchases: &Purchases,
    members: &[(&str, usize)],
    k: usize,
    params: &Valid<RecommendParams>,
) -> Recommendations {
    let n_products = purchases.products.len();
    // Per segment and product: net quantity, revenue and distinct buyers.
    let mut tallies = vec![Tally::default(); k * n_products];
    for &(id, seg) in members {
        if seg >= k {
            continue;
        }
        for p in purchases.of_customer(id) {
            let t = &mut tallies[seg * n_products + p.product as usize];
            t.quantity += p.quantity;
            t.revenue += p.revenue;
            t.buyers += 1;
        }
    }
    let listed = params.top_n.max(params.pool);
    let ranked: Vec<Vec<u32>> = (0..k)
        .map(|seg| {
            best_sellers(
                purchases,
                &tallies[seg * n_products..][..n_products],
                listed,
            )
        })
        .collect();
    let pools: Vec<Pool> = ranked
        .iter()
        .map(|r| Pool::of(purchases, &r[..r.len().min(params.pool)]))
        .collect();
    let customers = members
        .iter()
        .filter(|(_, seg)| *seg < k)
        .map(|&(id, seg)| CustomerPicks {
            customer_id: id.to_owned(),
            segment: seg,
            picks: pools[seg].picks(purchases, id, params.per_customer),
        })
        .collect();
    let segments = ranked
        .iter()
        .enumerate()
        .map(|(segment, r)| SegmentProducts {
            segment,
            products: r
                .iter()
                .map(|&p| product(purchases, &tallies[segment * n_products + p as usize], p))
                .collect(),
        })
        .collect();
    Recommendations {
        segments,
        customers,
    }
}

/// The `listed` best sellers of a segment from its tally `row` (one entry per product),
/// as product indices: by quantity, largest first; ties by stock code, then description.
/// The order is total (products are distinct pairs), so selecting the `listed` first and
/// sorting only those gives the full sort's head. (Sorting every product compared many
/// equal small quantities' code strings: most of a new k's time in the browser.)
fn best_sellers(purchases: &Purchases, row: &[Tally], listed: usize) -> Vec<u32> {
    let mut ranked: Vec<u32> = (0..row.len() as u32)
        .filter(|&p| row[p as usize].buyers > 0)
        .collect();
    let order = |&a: &u32, &b: &u32| {
        let (ta, tb) = (&row[a as usize], &row[b as usize]);
        tb.quantity
            .total_cmp(&ta.quantity)
            .then_with(|| purchases.products[a as usize].cmp(&purchases.products[b as usize]))
    };
    if listed == 0 {
        return Vec::new();
    }
    if ranked.len() > listed {
        ranked.select_nth_unstable_by(listed - 1, order);
        ranked.truncate(listed);
    }
    ranked.sort_by(order);
    ranked
}

fn product(purchases: &Purchases, t: &Tally, p: u32) -> Product {
    let (code, description) = &purchases.products[p as usize];
    Product {
        stock_code: code.clone(),
        description: description.clone(),
        quantity: t.quantity,
        revenue: t.revenue,
        buyers: t.buyers,
    }
}

/// A segment's pool of best sellers, looked up by stock code. (Comparing each purchase's
/// code string with every pool entry made recommending the slowest stage of a new k.)
struct Pool {
    /// Whether each stock code is in the pool.
    member: Vec<bool>,
    /// The stock code of each pool product, best seller first. One code can appear twice
    /// (sold under two descriptions); bought once, it is bought for both.
    codes: Vec<u32>,
}

impl Pool {
    fn of(purchases: &Purchases, best: &[u32]) -> Pool {
        let codes: Vec<u32> = best
            .iter()
            .map(|&p| purchases.code_of[p as usize])
            .collect();
        let mut member = vec![false; purchases.codes];
        for &c in &codes {
            member[c as usize] = true;
        }
        Pool { member, codes }
    }

    /// The first `n` pool products (by position) whose stock code the customer never bought.
    fn picks(&self, purchases: &Purchases, id: &str, n: usize) -> Vec<usize> {
        let bought: Vec<u32> = purchases
            .of_customer(id)
            .iter()
            .map(|p| purchases.code_of[p.product as usize])
            .filter(|&c| self.member[c as usize])
            .collect();
        (0..self.codes.len())
            .filter(|&i| !bought.contains(&self.codes[i]))
            .take(n)
            .collect()
    }
}

#[cfg(test)]
mod tests;
