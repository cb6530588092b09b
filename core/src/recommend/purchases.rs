//! Each customer's net quantity and revenue per product, totalled once per file.

use super::RecommendError;
use crate::clean::Cleaned;
use crate::columns::{col, Field};
use crate::internal::Internal;
use polars::prelude::*;

/// Every customer's purchases of every product, net of cancellations: the cleaned lines
/// grouped by (customer, stock code, description) once per file, so that recommending for
/// a new segmentation only re-groups these totals by segment.
#[derive(Debug, Clone)]
pub struct Purchases {
    /// Row range of each customer in `rows`, by customer id.
    customers: PlHashMap<String, std::ops::Range<usize>>,
    /// (stock code, description) of each product.
    pub(super) products: Vec<(String, String)>,
    /// Each product's stock code, interned: products that share a code (one code sold
    /// under two descriptions) share it, and a customer who bought either has bought it.
    pub(super) code_of: Vec<u32>,
    /// The number of distinct stock codes.
    pub(super) codes: usize,
    rows: Vec<Purchase>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Purchase {
    pub product: u32,
    pub quantity: f64,
    pub revenue: f64,
}

impl Purchases {
    /// One pass over the cleaned lines, interning customers and products. (A polars
    /// group-by on the three string keys plus the sort took four times as long.)
    pub fn of(cleaned: &Cleaned) -> Result<Purchases, RecommendError> {
        Ok(Self::tally(&cleaned.frame).map_err(Internal::polars("totalling purchases"))?)
    }

    fn tally(frame: &DataFrame) -> PolarsResult<Purchases> {
        let ids = frame.column(Field::CustomerId.column())?.str()?;
        let codes = frame.column(Field::StockCode.column())?.str()?;
        let descs = frame.column(Field::Description.column())?.str()?;
        let qty = frame.column(Field::Quantity.column())?.f64()?;
        let rev = frame.column(col::SPEND)?.f64()?;
        let mut customer_of: PlHashMap<&str, u32> = PlHashMap::default();
        let mut product_of: PlHashMap<(&str, &str), u32> = PlHashMap::default();
        let mut code_ids: PlHashMap<&str, u32> = PlHashMap::default();
        let mut products = Vec::new();
        let mut code_of = Vec::new();
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
                let n = code_ids.len() as u32;
                code_of.push(*code_ids.entry(code).or_insert(n));
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
            code_of,
            codes: code_ids.len(),
            rows,
        })
    }

    pub(super) fn of_customer(&self, id: &str) -> &[Purchase] {
        self.customers
            .get(id)
            .and_then(|r| self.rows.get(r.clone()))
            .unwrap_or(&[])
    }
}
