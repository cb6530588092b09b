//! What a list is made of: picks, each with a machine-readable reason the page renders.

use crate::ledger::Names;
use serde::{Deserialize, Serialize};

/// The two lists a customer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum List {
    /// Products the customer never bought.
    Discovery,
    /// What the customer is likely to buy next, repeats included.
    NextBasket,
}

impl List {
    pub const ALL: [List; 2] = [List::Discovery, List::NextBasket];
}

/// The recommendation methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    /// The published method: the segment's 10 best sellers by quantity, never bought.
    Reference,
    /// Best sellers by distinct buyers.
    Popularity,
    /// Best sellers by distinct buyers in the customer's segment, then overall.
    SegmentPopularity,
    /// Best sellers by distinct buyers in the customer's country, then overall.
    CountryPopularity,
    /// Item-item cosine neighbours of the customer's products.
    ItemKnn,
    /// The closed-form item-item model EASE.
    Ease,
    /// The customer's own products, by how often and how recently bought.
    BuyAgain,
    /// Buy again blended with the best of item-kNN and EASE.
    Blend,
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::Reference,
        Method::Popularity,
        Method::SegmentPopularity,
        Method::CountryPopularity,
        Method::ItemKnn,
        Method::Ease,
        Method::BuyAgain,
        Method::Blend,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::Reference => "reference method",
            Method::Popularity => "popularity by buyers",
            Method::SegmentPopularity => "popularity in the segment",
            Method::CountryPopularity => "popularity in the country",
            Method::ItemKnn => "item-kNN",
            Method::Ease => "EASE",
            Method::BuyAgain => "buy again",
            Method::Blend => "blend of buy again and a model",
        }
    }

    /// Whether the method can fill this list (buy again only repeats purchases).
    pub fn serves(self, list: List) -> bool {
        !matches!(
            (self, list),
            (Method::BuyAgain | Method::Blend, List::Discovery)
        )
    }
}

/// Why a product is on a customer's list. Indices only; [`Reason::text`] words it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    /// `share` (0–1) of the customers who bought `anchor` also bought it.
    AlsoBought { anchor: u32, share: f64 },
    /// The customer bought it `orders` times, about every `every_days` days (None after
    /// one order), last `days_ago` days ago.
    BuysAgain {
        orders: u32,
        every_days: Option<f64>,
        days_ago: i32,
    },
    /// A best seller (by buyers) among customers in this country.
    CountryBestSeller { country: u32 },
    /// A best seller in this segment (by buyers, or by quantity for the reference method).
    SegmentBestSeller { segment: u32 },
    /// A best seller overall.
    BestSeller,
}

impl Reason {
    /// The reason in words; `segment_name` names a segment index with its kind, e.g.
    /// "segment 'Champions'" or "segment 2".
    pub fn text(&self, names: &Names, segment_name: &dyn Fn(u32) -> String) -> String {
        match *self {
            Reason::AlsoBought { anchor, share } => format!(
                "bought by {:.0}% of customers who bought {}",
                100.0 * share,
                names.product(anchor).1
            ),
            Reason::BuysAgain {
                orders,
                every_days,
                days_ago,
            } => {
                let last = ago(days_ago);
                match every_days {
                    // Orders a day or more apart on average: a rhythm worth saying.
                    Some(every) if every >= 1.0 => {
                        format!("buys this about every {every:.0} days; last bought {last}")
                    }
                    _ => format!(
                        "bought {orders} time{}; last bought {last}",
                        if orders == 1 { "" } else { "s" }
                    ),
                }
            }
            Reason::CountryBestSeller { country } => match names.country(country) {
                "" => "best seller".to_owned(),
                name => format!("best seller among customers in {name}"),
            },
            Reason::SegmentBestSeller { segment } => {
                format!("best seller in {}", segment_name(segment))
            }
            Reason::BestSeller => "best seller".to_owned(),
        }
    }
}

/// "today", "yesterday" or "N days ago".
fn ago(days: i32) -> String {
    match days {
        ..=0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n => format!("{n} days ago"),
    }
}

/// One recommended product.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pick {
    /// Index into `Ledger::products`.
    pub product: u32,
    /// The method's score (comparable within one list only).
    pub score: f64,
    pub reason: Reason,
}

/// The `n` best products of a dense score vector (`-inf` = not offered), best first,
/// ties by product index.
pub(crate) fn top(scores: &[f64], n: usize) -> Vec<u32> {
    if n <= SHORT {
        return top_short(scores, n);
    }
    let mut offered: Vec<u32> = (0..scores.len() as u32)
        .filter(|&p| scores[p as usize] > f64::NEG_INFINITY)
        .collect();
    let order = |a: &u32, b: &u32| {
        scores[*b as usize]
            .total_cmp(&scores[*a as usize])
            .then(a.cmp(b))
    };
    if offered.len() > n && n > 0 {
        offered.select_nth_unstable_by(n - 1, order);
    }
    offered.truncate(n);
    offered.sort_unstable_by(order);
    offered
}

/// Lists up to this long are kept sorted while scanning the scores once.
const SHORT: usize = 32;

/// [`top`] for short lists: one pass, kept sorted. Most products lose to the list's
/// last score (a later product never beats an equal score: ties go to the smaller
/// index), so the scores are read in blocks and a block none of whose scores beats
/// that bar is skipped with one branch; the comparison over a block vectorises.
fn top_short(scores: &[f64], n: usize) -> Vec<u32> {
    let mut best: Vec<(f64, u32)> = Vec::with_capacity(n + 1);
    if n == 0 {
        return Vec::new();
    }
    // Until the list is full, anything offered (NaN never enters; -inf is "not offered").
    let mut bar = f64::NEG_INFINITY;
    for (b, block) in (0u32..).zip(scores.chunks(BLOCK)) {
        if !block.iter().fold(false, |any, &x| any | (x > bar)) {
            continue;
        }
        for (p, &x) in (b * BLOCK as u32..).zip(block) {
            if x > bar {
                let at = best.partition_point(|&(y, _)| y >= x);
                best.insert(at, (x, p));
                best.truncate(n);
                if best.len() == n {
                    bar = best[n - 1].0;
                }
            }
        }
    }
    best.into_iter().map(|(_, p)| p).collect()
}

/// Scores compared at once by [`top_short`].
const BLOCK: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The `n` best by sorting everything: the definition `top` must agree with.
    fn by_sorting(scores: &[f64], n: usize) -> Vec<u32> {
        let mut offered: Vec<u32> = (0..scores.len() as u32)
            .filter(|&p| scores[p as usize] > f64::NEG_INFINITY)
            .collect();
        offered.sort_by(|a, b| {
            scores[*b as usize]
                .total_cmp(&scores[*a as usize])
                .then(a.cmp(b))
        });
        offered.truncate(n);
        offered
    }

    #[test]
    fn top_agrees_with_sorting_with_ties_gaps_and_short_vectors() {
        // Scores repeat (ties), many products are not offered, and the lengths are not
        // multiples of the block size; list lengths cover both the short and long paths.
        for len in [0usize, 1, 5, 16, 17, 100, 3_701] {
            let scores: Vec<f64> = (0..len)
                .map(|i| match (i * 7_919) % 13 {
                    0..=4 => f64::NEG_INFINITY,
                    r => f64::from((i as u32).wrapping_mul(2_654_435_761) % 97 + r as u32),
                })
                .collect();
            for n in [0usize, 1, 3, 10, 32, 40] {
                assert_eq!(top(&scores, n), by_sorting(&scores, n), "len {len}, n {n}");
            }
        }
    }

    #[test]
    fn top_never_offers_nan_or_minus_infinity() {
        let scores = [f64::NAN, 1.0, f64::NEG_INFINITY, 2.0, f64::NAN];
        assert_eq!(top(&scores, 10), [3, 1]);
    }
}
