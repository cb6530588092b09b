//! Best sellers by distinct buyers: overall, per segment and per country. A group's list
//! puts the group's best sellers first and fills up with the overall ones.

use super::interactions::Interactions;
use super::pick::Reason;
use serde::{Deserialize, Serialize};

/// Distinct buyers of each product, overall and within each group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Popularity {
    /// Buyers of each product.
    pub overall: Vec<u32>,
    /// `groups[g][p]`: buyers of product `p` in group `g`.
    pub groups: Vec<Vec<u32>>,
    /// Each customer's group, if any.
    pub group_of: Vec<Option<u32>>,
}

impl Popularity {
    /// Counts buyers per product, overall and per group (`group_of` per customer).
    pub fn fit(inter: &Interactions, group_of: &[Option<u32>]) -> Popularity {
        let groups = group_of
            .iter()
            .flatten()
            .max()
            .map_or(0, |&g| g as usize + 1);
        let mut counts = vec![vec![0u32; inter.products]; groups];
        let mut overall = vec![0u32; inter.products];
        for p in 0..inter.products as u32 {
            for (c, _) in inter.buyers(p) {
                overall[p as usize] += 1;
                if let Some(Some(g)) = group_of.get(c as usize) {
                    counts[*g as usize][p as usize] += 1;
                }
            }
        }
        Popularity {
            overall,
            groups: counts,
            group_of: group_of.to_vec(),
        }
    }

    fn group(&self, c: u32) -> Option<(u32, &[u32])> {
        let g = (*self.group_of.get(c as usize)?)?;
        Some((g, self.groups.get(g as usize)?))
    }

    /// Scores for customer `c`: its group's buyers first, overall buyers to break ties.
    pub fn score(&self, c: u32, grouped: bool, out: &mut [f64]) {
        let weight = self.overall.iter().copied().max().unwrap_or(0) as f64 + 1.0;
        let group = self.group(c).filter(|_| grouped);
        for (p, o) in out.iter_mut().enumerate() {
            let all = self.overall.get(p).copied().unwrap_or(0);
            if all == 0 {
                continue;
            }
            let within = group.map_or(0, |(_, g)| g.get(p).copied().unwrap_or(0));
            *o = f64::from(within) * weight + f64::from(all);
        }
    }

    /// Why `product` is on customer `c`'s list; `group` makes the group reason.
    pub fn reason(&self, c: u32, product: u32, group: impl Fn(u32) -> Reason) -> Reason {
        match self.group(c) {
            Some((g, counts)) if counts.get(product as usize).copied().unwrap_or(0) > 0 => group(g),
            _ => Reason::BestSeller,
        }
    }
}
