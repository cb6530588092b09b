//! Buy again: the customer's own products, each order counting for less the older it is
//! (an exponential decay with a half-life), for "next basket" lists.

use super::interactions::Interactions;
use super::pick::Reason;

/// Scores customer `c`'s products: the sum over its orders of 2^(−age / half-life).
pub(crate) fn score(inter: &Interactions, c: u32, half_life_days: f64, out: &mut [f64]) {
    let rate = std::f64::consts::LN_2 / half_life_days;
    for (k, b) in inter.of_customer(c).iter().enumerate() {
        let s: f64 = inter
            .days(c, k)
            .iter()
            .map(|&d| (-(f64::from(inter.today - d)) * rate).exp())
            .sum();
        if let Some(o) = out.get_mut(b.product as usize) {
            *o = s;
        }
    }
}

/// How often and how recently customer `c` bought `product`.
pub(crate) fn reason(inter: &Interactions, c: u32, product: u32) -> Option<Reason> {
    let b = inter.bought(c, product)?;
    Some(Reason::BuysAgain {
        orders: b.orders,
        every_days: (b.orders >= 2)
            .then(|| f64::from(b.last_day - b.first_day) / f64::from(b.orders - 1)),
        days_ago: inter.today - b.last_day,
    })
}
