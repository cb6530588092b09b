//! The users a period scores, and the pass over them that judges a method.

use super::metrics::{of_user, Totals};
use super::{ListScores, MethodScores, Users};
use crate::ledger::Ledger;
use crate::recommend::{Interactions, List, Method, Recommender};

/// The products each customer bought in a period (sorted, positive quantities).
pub(super) struct Truth {
    /// (customer, products), by customer.
    bought: Vec<(u32, Vec<u32>)>,
}

/// The longest list scored.
const DEPTH: usize = 10;

impl Truth {
    pub(super) fn of(ledger: &Ledger, window: std::ops::Range<i32>) -> Truth {
        let mut pairs: Vec<(u32, u32)> = ledger
            .lines
            .iter()
            .filter(|l| window.contains(&l.day) && l.quantity > 0.0)
            .map(|l| (l.customer, l.product))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut bought: Vec<(u32, Vec<u32>)> = Vec::new();
        for (c, p) in pairs {
            match bought.last_mut() {
                Some((last, products)) if *last == c => products.push(p),
                _ => bought.push((c, vec![p])),
            }
        }
        Truth { bought }
    }

    /// Customers who bought in this period and on days in `before`.
    pub(super) fn users_of(&self, ledger: &Ledger, before: std::ops::Range<i32>) -> usize {
        let mut buyer = vec![false; ledger.customers.len()];
        for l in ledger
            .lines
            .iter()
            .filter(|l| before.contains(&l.day) && l.quantity > 0.0)
        {
            buyer[l.customer as usize] = true;
        }
        self.bought
            .iter()
            .filter(|(c, _)| buyer.get(*c as usize).copied().unwrap_or(false))
            .count()
    }
}

/// One scored user: the products relevant to each list.
#[derive(Debug)]
pub(super) struct Case {
    customer: u32,
    /// Everything bought in the period (next basket).
    bought: Vec<u32>,
    /// What of it the customer had never bought before (discovery); may be empty.
    new: Vec<u32>,
}

/// The users a period scores for a recommender: customers who bought in the period and
/// in the recommender's window.
#[derive(Debug)]
pub(super) struct Cases {
    pub(super) cases: Vec<Case>,
    /// Products in the ledger.
    products: usize,
    /// Products bought in the recommender's window (coverage's denominator).
    catalogue: usize,
}

/// One list's running totals while scoring.
struct Tally {
    at_3: Totals,
    at_10: Totals,
    listed: Vec<bool>,
}

impl Tally {
    fn new(products: usize) -> Tally {
        Tally {
            at_3: Totals::default(),
            at_10: Totals::default(),
            listed: vec![false; products],
        }
    }

    fn add(&mut self, picks: &[u32], relevant: &[u32]) {
        for &p in picks {
            self.listed[p as usize] = true;
        }
        self.at_3.add(of_user(picks, relevant, 3));
        self.at_10.add(of_user(picks, relevant, DEPTH));
    }

    fn scores(&self, catalogue: usize) -> ListScores {
        ListScores {
            users: self.at_10.users,
            at_3: self.at_3.mean(),
            at_10: self.at_10.mean(),
            coverage: self.listed.iter().filter(|&&x| x).count() as f64 / catalogue.max(1) as f64,
        }
    }
}

impl Cases {
    pub(super) fn of(truth: &Truth, inter: &Interactions) -> Cases {
        let cases = truth
            .bought
            .iter()
            .filter(|(c, _)| inter.is_buyer(*c))
            .map(|(c, products)| Case {
                customer: *c,
                bought: products.clone(),
                new: products
                    .iter()
                    .copied()
                    .filter(|&p| inter.bought(*c, p).is_none())
                    .collect(),
            })
            .collect();
        Cases {
            cases,
            products: inter.products,
            catalogue: (0..inter.products as u32)
                .filter(|&p| inter.buyer_count(p) > 0)
                .count(),
        }
    }

    /// Users scored per list.
    pub(super) fn users(&self) -> Users {
        Users {
            discovery: self.cases.iter().filter(|c| !c.new.is_empty()).count(),
            next_basket: self.cases.len(),
        }
    }

    /// `method`'s scores on both lists.
    pub(super) fn judge_one(&self, r: &Recommender, method: Method) -> MethodScores {
        self.judge(r, method, 1, |c, out| {
            if let Some(o) = out.first_mut() {
                r.raw_scores_into(method, c, o);
            }
        })
        .pop()
        .unwrap_or(MethodScores {
            method,
            discovery: None,
            next_basket: None,
        })
    }

    /// Scores `variants` variants of `method` in one pass over the users: `raw(c, out)`
    /// fills `out[k]` with variant k's dense scores for customer `c` (own products
    /// included).
    pub(super) fn judge(
        &self,
        r: &Recommender,
        method: Method,
        variants: usize,
        mut raw: impl FnMut(u32, &mut [Vec<f64>]),
    ) -> Vec<MethodScores> {
        let serves = List::ALL.map(|l| method.serves(l));
        let mut tallies: Vec<[Tally; 2]> = (0..variants)
            .map(|_| [Tally::new(self.products), Tally::new(self.products)])
            .collect();
        let mut out = vec![Vec::new(); variants];
        for case in &self.cases {
            raw(case.customer, &mut out);
            for (scores, tally) in out.iter_mut().zip(tallies.iter_mut()) {
                if scores.len() != self.products {
                    scores.resize(self.products, f64::NEG_INFINITY);
                }
                if serves[1] {
                    tally[1].add(&Recommender::top(scores, DEPTH), &case.bought);
                }
                if serves[0] && !case.new.is_empty() {
                    r.drop_bought(case.customer, scores);
                    tally[0].add(&Recommender::top(scores, DEPTH), &case.new);
                }
            }
        }
        tallies
            .iter()
            .map(|[discovery, next]| MethodScores {
                method,
                discovery: serves[0].then(|| discovery.scores(self.catalogue)),
                next_basket: serves[1].then(|| next.scores(self.catalogue)),
            })
            .collect()
    }
}

/// How many different products were bought in `window`.
pub(super) fn products_bought(ledger: &Ledger, window: std::ops::Range<i32>) -> usize {
    let mut bought = vec![false; ledger.products.len()];
    for line in ledger.lines.iter().filter(|l| window.contains(&l.day)) {
        if let Some(b) = bought.get_mut(line.product as usize) {
            *b = true;
        }
    }
    bought.into_iter().filter(|b| *b).count()
}
