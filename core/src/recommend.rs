//! Step 5: product recommendations by segment (REFERENCE.md, "Recommendations"): each
//! segment's best sellers by quantity, and for each customer the first few of the
//! segment's top products that the customer has never bought. Outliers are left out.

use crate::clean::Cleaned;
use crate::columns::{col, Field};
use crate::error::Error;
use crate::frame::group_by;
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

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

const SEGMENT: &str = col::SEGMENT;

/// `members` pairs each non-outlier customer id with its segment.
pub fn recommend(
    cleaned: &Cleaned,
    members: &[(String, usize)],
    k: usize,
    params: &RecommendParams,
) -> Result<Recommendations, Error> {
    let err = || Error::internal("ranking products");
    let cust = Field::CustomerId.column();
    let stock = Field::StockCode.column();
    let ids: Vec<&str> = members.iter().map(|(id, _)| id.as_str()).collect();
    let segs: Vec<u32> = members.iter().map(|(_, s)| *s as u32).collect();
    let seg_df = DataFrame::new(vec![
        Column::new(cust.into(), ids),
        Column::new(SEGMENT.into(), segs),
    ])
    .map_err(err())?;
    let lines = cleaned
        .frame
        .clone()
        .lazy()
        .inner_join(seg_df.lazy(), col(cust), col(cust));
    let ranked = group_by(
        lines.clone(),
        &[col(SEGMENT), col(stock), col(Field::Description.column())],
        vec![
            col(Field::Quantity.column()).sum().alias("quantity"),
            col(col::SPEND).sum().alias("revenue"),
            col(cust).n_unique().cast(DataType::UInt64).alias("buyers"),
        ],
    )
    .map_err(err())?
    .lazy()
    .sort_by_exprs(
        [
            col(SEGMENT),
            col("quantity"),
            col(stock),
            col(Field::Description.column()),
        ],
        SortMultipleOptions::default().with_order_descending_multi([false, true, false, false]),
    )
    .collect()
    .map_err(err())?;
    let segments = top_products(&ranked, k, params.top_n.max(params.pool)).map_err(err())?;

    // Which pool products each customer already bought.
    let pools: HashMap<usize, Vec<&str>> = segments
        .iter()
        .map(|s| {
            (
                s.segment,
                s.products
                    .iter()
                    .take(params.pool)
                    .map(|p| p.stock_code.as_str())
                    .collect(),
            )
        })
        .collect();
    let bought = bought_from_pool(lines, &pools).map_err(err())?;
    let empty = HashSet::new();
    let customers = members
        .iter()
        .map(|(id, seg)| {
            let have = bought.get(id.as_str()).unwrap_or(&empty);
            let pool = pools.get(seg).map(Vec::as_slice).unwrap_or(&[]);
            let picks = pool
                .iter()
                .enumerate()
                .filter(|(_, code)| !have.contains(**code))
                .map(|(i, _)| i)
                .take(params.per_customer)
                .collect();
            CustomerPicks {
                customer_id: id.clone(),
                segment: *seg,
                picks,
            }
        })
        .collect();
    let segments = segments
        .into_iter()
        .map(|mut s| {
            s.products.truncate(params.top_n.max(params.pool));
            s
        })
        .collect();
    Ok(Recommendations {
        segments,
        customers,
    })
}

fn top_products(ranked: &DataFrame, k: usize, n: usize) -> PolarsResult<Vec<SegmentProducts>> {
    let seg = ranked.column(SEGMENT)?.u32()?;
    let code = ranked.column(Field::StockCode.column())?.str()?;
    let desc = ranked.column(Field::Description.column())?.str()?;
    let qty = ranked.column("quantity")?.f64()?;
    let rev = ranked.column("revenue")?.f64()?;
    let buyers = ranked.column("buyers")?.u64()?;
    let mut out: Vec<SegmentProducts> = (0..k)
        .map(|segment| SegmentProducts {
            segment,
            products: vec![],
        })
        .collect();
    for i in 0..ranked.height() {
        let Some(s) = seg.get(i).map(|s| s as usize) else {
            continue;
        };
        let Some(list) = out.get_mut(s) else { continue };
        if list.products.len() < n {
            list.products.push(Product {
                stock_code: code.get(i).unwrap_or("").to_owned(),
                description: desc.get(i).unwrap_or("").to_owned(),
                quantity: qty.get(i).unwrap_or(0.0),
                revenue: rev.get(i).unwrap_or(0.0),
                buyers: buyers.get(i).unwrap_or(0) as usize,
            });
        }
    }
    Ok(out)
}

/// For each customer, the pool products (of their segment) that appear on any of their
/// lines.
fn bought_from_pool(
    lines: LazyFrame,
    pools: &HashMap<usize, Vec<&str>>,
) -> PolarsResult<HashMap<String, HashSet<String>>> {
    let cust = Field::CustomerId.column();
    let stock = Field::StockCode.column();
    let (mut segs, mut codes) = (Vec::new(), Vec::new());
    for (s, pool) in pools {
        for code in pool {
            segs.push(*s as u32);
            codes.push(*code);
        }
    }
    let pool_df = DataFrame::new(vec![
        Column::new(SEGMENT.into(), segs),
        Column::new(stock.into(), codes),
    ])?;
    let hits = lines
        .select([col(cust), col(SEGMENT), col(stock)])
        .join(
            pool_df.lazy(),
            [col(SEGMENT), col(stock)],
            [col(SEGMENT), col(stock)],
            JoinArgs::new(JoinType::Inner),
        )
        .select([col(cust), col(stock)])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()?;
    let ids = hits.column(cust)?.str()?;
    let codes = hits.column(stock)?.str()?;
    let mut out: HashMap<String, HashSet<String>> = HashMap::new();
    for (id, code) in ids.into_iter().zip(codes) {
        if let (Some(id), Some(code)) = (id, code) {
            out.entry(id.to_owned())
                .or_default()
                .insert(code.to_owned());
        }
    }
    Ok(out)
}
