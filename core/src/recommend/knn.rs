//! Item-kNN: cosine similarity between products' buyer vectors (binary, or weighted by
//! the log of the order count), shrunk towards zero for products with few buyers, keeping
//! each product's nearest neighbours. A customer's score for a product is the sum of its
//! similarities to the customer's products.

use super::interactions::Interactions;
use super::pick::Reason;
use serde::{Deserialize, Serialize};

/// How a purchase counts in the customer × product matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Weighting {
    /// 1 for any purchase.
    Binary,
    /// 1 + ln(distinct orders).
    #[default]
    LogCount,
}

impl Weighting {
    pub fn of(self, orders: u32) -> f64 {
        match self {
            Weighting::Binary => 1.0,
            Weighting::LogCount => 1.0 + f64::from(orders.max(1)).ln(),
        }
    }
}

/// Each product's nearest neighbours.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Knn {
    pub weighting: Weighting,
    /// `neighbours[p]`: (product, similarity), most similar first.
    pub neighbours: Vec<Vec<(u32, f32)>>,
}

/// One neighbourhood setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KnnSetting {
    pub weighting: Weighting,
    pub shrinkage: f64,
    pub neighbours: usize,
}

impl Knn {
    /// Item-kNN with the settings in `params`.
    pub(crate) fn fit_one(inter: &Interactions, params: &super::RecsParams) -> Knn {
        let setting = KnnSetting {
            weighting: params.weighting,
            shrinkage: params.shrinkage,
            neighbours: params.neighbours,
        };
        Self::fit_many(inter, &[setting]).pop().unwrap_or_default()
    }

    /// One model per setting, from a single pass over the co-purchases (the costly
    /// part), so a grid of settings costs little more than one: settings differing only
    /// in their number of neighbours share one ranking.
    pub fn fit_many(inter: &Interactions, settings: &[KnnSetting]) -> Vec<Knn> {
        let n = inter.products;
        let customers = inter.customers();
        // Each purchase's product and log-count weight (the binary one is 1), customer by
        // customer, in flat arrays: the pass below reads every basket once per product in
        // it, and 12 bytes a purchase stream faster than the whole `Bought`.
        let mut offset = Vec::with_capacity(customers + 1);
        let mut product: Vec<u32> = Vec::new();
        let mut log_weight: Vec<f64> = Vec::new();
        for c in 0..customers as u32 {
            offset.push(log_weight.len());
            for b in inter.of_customer(c) {
                product.push(b.product);
                log_weight.push(Weighting::LogCount.of(b.orders));
            }
        }
        offset.push(log_weight.len());
        let mut norms = vec![[0.0f64; 2]; n];
        for (p, norm) in norms.iter_mut().enumerate() {
            for (_, b) in inter.buyers(p as u32) {
                let w = Weighting::LogCount.of(b.orders);
                norm[0] += 1.0;
                norm[1] += w * w;
            }
            for x in norm.iter_mut() {
                *x = x.sqrt();
            }
        }
        // Settings sharing a weighting and a shrinkage: (weighting, shrinkage, the
        // largest neighbour count, the settings' positions).
        let mut groups: Vec<(Weighting, f64, usize, Vec<usize>)> = Vec::new();
        for (k, s) in settings.iter().enumerate() {
            match groups
                .iter_mut()
                .find(|g| g.0 == s.weighting && g.1 == s.shrinkage)
            {
                Some(g) => {
                    g.2 = g.2.max(s.neighbours);
                    g.3.push(k);
                }
                None => groups.push((s.weighting, s.shrinkage, s.neighbours, vec![k])),
            }
        }
        let mut models: Vec<Knn> = settings
            .iter()
            .map(|s| Knn {
                weighting: s.weighting,
                neighbours: Vec::with_capacity(n),
            })
            .collect();
        // The log-count sums only when some setting weights by log count.
        let needs_log = settings.iter().any(|s| s.weighting == Weighting::LogCount);
        let mut co = vec![[0.0f64; 2]; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut sims: Vec<(u32, f32)> = Vec::new();
        for i in 0..n as u32 {
            for (c, bi) in inter.buyers(i) {
                let wi = Weighting::LogCount.of(bi.orders);
                let basket = offset[c as usize]..offset[c as usize + 1];
                let mine = &product[basket.clone()];
                if needs_log {
                    for (&j, &wj) in mine.iter().zip(&log_weight[basket]) {
                        let x = &mut co[j as usize];
                        if x[0] == 0.0 {
                            touched.push(j);
                        }
                        x[0] += 1.0;
                        x[1] += wi * wj;
                    }
                } else {
                    for &j in mine {
                        let x = &mut co[j as usize][0];
                        if *x == 0.0 {
                            touched.push(j);
                        }
                        *x += 1.0;
                    }
                }
            }
            for (weighting, shrinkage, most, members) in &groups {
                let k = usize::from(*weighting == Weighting::LogCount);
                let norm_i = norms[i as usize][k];
                sims.clear();
                sims.extend(touched.iter().filter(|&&j| j != i).map(|&j| {
                    let denominator = norm_i * norms[j as usize][k] + shrinkage;
                    (j, (co[j as usize][k] / denominator) as f32)
                }));
                let kept = nearest(&mut sims, *most);
                for &m in members {
                    let take = settings[m].neighbours.min(kept.len());
                    models[m].neighbours.push(kept[..take].to_vec());
                }
            }
            for &j in &touched {
                co[j as usize] = [0.0; 2];
            }
            touched.clear();
        }
        models
    }

    /// Scores for customer `c`: the sum of its products' similarities.
    pub fn score(&self, inter: &Interactions, c: u32, out: &mut [f64]) {
        for b in inter.of_customer(c) {
            let w = self.weighting.of(b.orders);
            for &(j, s) in self
                .neighbours
                .get(b.product as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                let contribution = w * f64::from(s);
                let o = &mut out[j as usize];
                *o = if *o == f64::NEG_INFINITY {
                    contribution
                } else {
                    *o + contribution
                };
            }
        }
    }

    /// The customer's product that contributed most to its score for `product`.
    pub fn anchor(&self, inter: &Interactions, c: u32, product: u32) -> Option<u32> {
        let mut best = (None, 0.0f64);
        for b in inter.of_customer(c) {
            let Some(&(_, s)) = self
                .neighbours
                .get(b.product as usize)
                .and_then(|n| n.iter().find(|&&(j, _)| j == product))
            else {
                continue;
            };
            let contribution = self.weighting.of(b.orders) * f64::from(s);
            if contribution > best.1 {
                best = (Some(b.product), contribution);
            }
        }
        best.0
    }
}

/// The `k` most similar entries of `sims`, most similar first (ties by product index).
fn nearest(sims: &mut [(u32, f32)], k: usize) -> Vec<(u32, f32)> {
    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if sims.len() > k && k > 0 {
        sims.select_nth_unstable_by(k - 1, order);
    }
    let mut kept: Vec<(u32, f32)> = sims.iter().take(k).copied().filter(|s| s.1 > 0.0).collect();
    kept.sort_unstable_by(order);
    kept
}

/// "Bought by x% of the customers who bought `anchor`".
pub(crate) fn reason(inter: &Interactions, anchor: u32, product: u32) -> Reason {
    Reason::AlsoBought {
        anchor,
        share: inter.share(anchor, product),
    }
}
