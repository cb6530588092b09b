//! Step 5: product recommendations by segment (REFERENCE.md, "Recommendations"): each
//! segment's best sellers by quantity, and for each customer the first few of the
//! segment's top products that the customer has never bought. Outliers are left out.

use crate::clean::Cleaned;
use crate::columns::{col, Field};
use crate::error::Error;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// Every customer's purchases of every product, net of cancellations: the cleaned lines
/// grouped by (customer, stock code, description) once per file, so that recommending for
/// a new segmentation only re-groups these totals by segment.
#[derive(Debug, Clone)]
pub struct Purchases {
    /// Row range of each customer in `rows`, by customer id.
    customers: PlHashMap<String, std::ops::Range<usize>>,
    /// (stock code, description) of each product.
    products: Vec<(String, String)>,
    rows: Vec<Purchase>,
}

#[derive(Debug, Clone, Copy)]
struct Purchase {
    product: u32,
    quantity: f64,
    revenue: f64,
}

impl Purchases {
    /// One pass over the cleaned lines, interning customers and products. (A polars
    /// group-by on the three string keys plus the sort took four times as long.)
    pub fn of(cleaned: &Cleaned) -> Result<Purchases, Error> {
        Self::tally(&cleaned.frame).map_err(Error::internal("totalling purchases"))
    }

    fn tally(frame: &DataFrame) -> PolarsResult<Purchases> {
        let ids = frame.column(Field::CustomerId.column())?.str()?;
        let codes = frame.column(Field::StockCode.column())?.str()?;
        let descs = frame.column(Field::Description.column())?.str()?;
        let qty = frame.column(Field::Quantity.column())?.f64()?;
        let rev = frame.column(col::SPEND)?.f64()?;
        let mut customer_of: PlHashMap<&str, u32> = PlHashMap::default();
        let mut product_of: PlHashMap<(&str, &str), u32> = PlHashMap::default();
        let mut products = Vec::new();
        // (customer << 32 | product, line), sorted to bring each pair's lines together.
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(frame.height());
        let lines = ids.into_iter().zip(codes).zip(descs);
        for (line, ((id, code), d)) in lines.enumerate() {
            let (Some(id), Some(code), Some(d)) = (id, code, d) else {
                continue;
            };
            let n = customer_of.len() as u32;
            let customer = *customer_of.entry(id).or_insert(n);
            let product = *product_of.entry((code, d)).or_insert_with(|| {
                products.push((code.to_owned(), d.to_owned()));
                (products.len() - 1) as u32
            });
            keyed.push((
                (u64::from(customer) << 32) | u64::from(product),
                line as u32,
            ));
        }
        keyed.sort_unstable();
        let qty: Vec<f64> = qty.into_iter().map(|q| q.unwrap_or(0.0)).collect();
        let rev: Vec<f64> = rev.into_iter().map(|r| r.unwrap_or(0.0)).collect();
        let mut ranges = vec![0..0; customer_of.len()];
        let mut rows: Vec<Purchase> = Vec::new();
        let mut last = None;
        for (key, line) in keyed {
            let (customer, product) = ((key >> 32) as usize, key as u32);
            let (q, r) = (qty[line as usize], rev[line as usize]);
            match rows.last_mut() {
                Some(p) if last == Some(key) => {
                    p.quantity += q;
                    p.revenue += r;
                }
                _ => {
                    let range = &mut ranges[customer];
                    if range.start == range.end {
                        *range = rows.len()..rows.len();
                    }
                    rows.push(Purchase {
                        product,
                        quantity: q,
                        revenue: r,
                    });
                    last = Some(key);
                }
            }
            ranges[customer].end = rows.len();
        }
        let customers = customer_of
            .into_iter()
            .map(|(id, c)| (id.to_owned(), ranges[c as usize].clone()))
            .collect();
        Ok(Purchases {
            customers,
            products,
            rows,
        })
    }

    fn of_customer(&self, id: &str) -> &[Purchase] {
        self.customers
            .get(id)
            .and_then(|r| self.rows.get(r.clone()))
            .unwrap_or(&[])
    }
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
    params: &RecommendParams,
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
            let mut ranked: Vec<u32> = (0..n_products as u32)
                .filter(|&p| row[p as usize].buyers > 0)
                .collect();
            // By quantity, largest first; ties by stock code, then description.
            ranked.sort_by(|&a, &b| {
                let (ta, tb) = (&row[a as usize], &row[b as usize]);
                tb.quantity.total_cmp(&ta.quantity).then_with(|| {
                    purchases.products[a as usize].cmp(&purchases.products[b as usize])
                })
            });
            ranked.truncate(listed);
            let products = ranked
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
                .collect();
            SegmentProducts { segment, products }
        })
        .collect();

    let customers = members
        .iter()
        .filter(|(_, seg)| *seg < k)
        .map(|&(id, seg)| {
            // The pool products (by stock code) on any of the customer's lines.
            let pool: Vec<&str> = segments[seg]
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
                segment: seg,
                picks,
            }
        })
        .collect();
    Recommendations {
        segments,
        customers,
    }
}
