//! Step 5: product recommendations by segment (REFERENCE.md, "Recommendations"): each
//! segment's best sellers by quantity, and for each customer the first few of the
//! segment's top products that the customer has never bought. Outliers are left out.

mod purchases;

pub use purchases::Purchases;

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
    let segments: Vec<SegmentProducts> = (0..k)
        .map(|segment| {
            let row = &tallies[segment * n_products..(segment + 1) * n_products];
            SegmentProducts {
                segment,
                products: best_sellers(purchases, row, listed),
            }
        })
        .collect();
    let customers = members
        .iter()
        .filter(|(_, seg)| *seg < k)
        .map(|&(id, seg)| customer_picks(purchases, id, seg, &segments[seg], params))
        .collect();
    Recommendations {
        segments,
        customers,
    }
}

/// A segment's `listed` best sellers from its tally `row` (one entry per product): by
/// quantity, largest first; ties by stock code, then description.
fn best_sellers(purchases: &Purchases, row: &[Tally], listed: usize) -> Vec<Product> {
    let mut ranked: Vec<u32> = (0..row.len() as u32)
        .filter(|&p| row[p as usize].buyers > 0)
        .collect();
    ranked.sort_by(|&a, &b| {
        let (ta, tb) = (&row[a as usize], &row[b as usize]);
        tb.quantity
            .total_cmp(&ta.quantity)
            .then_with(|| purchases.products[a as usize].cmp(&purchases.products[b as usize]))
    });
    ranked.truncate(listed);
    ranked
        .iter()
        .map(|&p| {
            let t = row[p as usize];
            let (code, description) = &purchases.products[p as usize];
            Product {
                stock_code: code.clone(),
                description: description.clone(),
                quantity: t.quantity,
                revenue: t.revenue,
                buyers: t.buyers,
            }
        })
        .collect()
}

/// The first of the segment's pool products (by stock code) the customer never bought.
fn customer_picks(
    purchases: &Purchases,
    id: &str,
    segment: usize,
    best: &SegmentProducts,
    params: &RecommendParams,
) -> CustomerPicks {
    let pool: Vec<&str> = best
        .products
        .iter()
        .take(params.pool)
        .map(|p| p.stock_code.as_str())
        .collect();
    let mut have = vec![false; pool.len()];
    for p in purchases.of_customer(id) {
        let code = purchases.products[p.product as usize].0.as_str();
        for (h, c) in have.iter_mut().zip(&pool) {
            *h |= *c == code;
        }
    }
    let picks = (0..pool.len())
        .filter(|&i| !have[i])
        .take(params.per_customer)
        .collect();
    CustomerPicks {
        customer_id: id.to_owned(),
        segment,
        picks,
    }
}

#[cfg(test)]
mod tests;
