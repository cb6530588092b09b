//! Backtest of the recommenders, the same protocol for every method: the last two months
//! are the test period and the rest training; hyper-parameters are chosen on the two
//! months before the test period (fitted on what precedes them), then every method is
//! refitted on all training data and scored once on the test period.
//!
//! Users scored: customers with a purchase in training and in the test period.
//! Discovery: the relevant products are those bought in the test period and never in
//! training, the lists leave out training purchases, and customers with nothing new are
//! skipped. Next basket: every product bought in the test period is relevant.

mod metrics;
mod split;
#[cfg(test)]
mod tests;

pub use metrics::Metrics;
pub use split::Split;

use crate::ledger::Ledger;
use crate::params::{Check, Valid};
use crate::pipeline::{ProgressFn, Stage, Stages};
use crate::recommend::{
    Defaults, Ease, Interactions, Knn, KnnSetting, List, Method, Partner, Recommender, RecsError,
    RecsParams, Weighting,
};
use metrics::{of_user, Totals};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The backtest's settings, and the small grids searched on the validation period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BacktestParams {
    /// Calendar months in the test period (and in the validation period).
    pub test_months: u32,
    /// Fewer customers than this in both training and test (or validation) is too thin.
    pub min_customers: usize,
    /// A shorter span of data (first to last day) is too thin.
    pub min_span_days: i32,
    /// The settings not searched (EASE's product cap, the reference method's outliers).
    pub recs: RecsParams,
    pub half_lives: Vec<f64>,
    pub weightings: Vec<Weighting>,
    pub neighbours: Vec<usize>,
    pub shrinkages: Vec<f64>,
    pub lambdas: Vec<f64>,
    pub blend_weights: Vec<f64>,
}

impl Default for BacktestParams {
    fn default() -> Self {
        Self {
            test_months: 2,
            min_customers: 50,
            min_span_days: 180,
            recs: RecsParams::default(),
            half_lives: vec![30.0, 90.0, 270.0],
            weightings: vec![Weighting::Binary, Weighting::LogCount],
            neighbours: vec![50],
            shrinkages: vec![0.0, 20.0],
            lambdas: vec![150.0, 300.0, 600.0],
            blend_weights: vec![0.3, 0.5, 0.7],
        }
    }
}

/// A searched grid, named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grid {
    HalfLives,
    Weightings,
    Neighbours,
    Shrinkages,
    Lambdas,
    BlendWeights,
}

/// The period that had too few customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Validation,
    Test,
}

/// "1 day", "12 days".
fn days_text(days: i32) -> String {
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Period::Validation => "validation",
            Period::Test => "test",
        })
    }
}

/// Why the backtest could not judge the recommenders.
#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum BacktestError {
    #[error(transparent)]
    Recs(#[from] RecsError),
    #[error("Invalid setting: the test period needs at least one month.")]
    NoTestMonths,
    #[error("Invalid setting: the {0:?} grid is empty; give it at least one value.")]
    EmptyGrid(Grid),
    #[error("Too little data to judge: the purchases span {}, and a backtest needs at least {needed} days (two months of test, two of validation and the training before them).", days_text(*.days))]
    TooShort { days: i32, needed: i32 },
    #[error("Too little data to judge: only {customers} customers bought both before and during the {period} period; a backtest needs at least {needed}.")]
    TooFewCustomers {
        period: Period,
        customers: usize,
        needed: usize,
    },
}

impl Check for BacktestParams {
    type Error = BacktestError;

    fn check_ref(&self) -> Result<(), BacktestError> {
        if self.test_months == 0 {
            return Err(BacktestError::NoTestMonths);
        }
        let grids = [
            (Grid::HalfLives, self.half_lives.len()),
            (Grid::Weightings, self.weightings.len()),
            (Grid::Neighbours, self.neighbours.len()),
            (Grid::Shrinkages, self.shrinkages.len()),
            (Grid::Lambdas, self.lambdas.len()),
            (Grid::BlendWeights, self.blend_weights.len()),
        ];
        if let Some((grid, _)) = grids.iter().find(|(_, n)| *n == 0) {
            return Err(BacktestError::EmptyGrid(*grid));
        }
        self.recs.check_ref()?;
        for p in self.candidates() {
            p.check_ref()?;
        }
        Ok(())
    }
}

impl BacktestParams {
    /// Every grid value set into the fixed settings, one at a time (for checking).
    fn candidates(&self) -> impl Iterator<Item = RecsParams> + '_ {
        let r = self.recs;
        let half = self.half_lives.iter().map(move |&h| RecsParams {
            half_life_days: h,
            ..r
        });
        let neighbours = self
            .neighbours
            .iter()
            .map(move |&k| RecsParams { neighbours: k, ..r });
        let shrink = self
            .shrinkages
            .iter()
            .map(move |&s| RecsParams { shrinkage: s, ..r });
        let lambda = self
            .lambdas
            .iter()
            .map(move |&l| RecsParams { lambda: l, ..r });
        let blend = self.blend_weights.iter().map(move |&w| RecsParams {
            blend_weight: w,
            ..r
        });
        half.chain(neighbours)
            .chain(shrink)
            .chain(lambda)
            .chain(blend)
    }
}

/// One list's scores for one method.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ListScores {
    pub users: usize,
    pub at_3: Metrics,
    pub at_10: Metrics,
    /// Share of the products bought in training that appear in some 10-product list.
    pub coverage: f64,
}

/// One method's scores on both lists (None for a list it does not serve).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MethodScores {
    pub method: Method,
    pub discovery: Option<ListScores>,
    pub next_basket: Option<ListScores>,
}

impl MethodScores {
    pub fn of(&self, list: List) -> Option<&ListScores> {
        match list {
            List::Discovery => self.discovery.as_ref(),
            List::NextBasket => self.next_basket.as_ref(),
        }
    }
}

/// Users scored per list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Users {
    pub discovery: usize,
    pub next_basket: usize,
}

/// The backtest's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestReport {
    pub split: Split,
    /// Users scored on the test period.
    pub users: Users,
    /// Users scored on the validation period.
    pub validation_users: Users,
    /// Every judged method's scores on the test period, in [`Method::ALL`] order.
    pub methods: Vec<MethodScores>,
    /// The same on the validation period, with the chosen settings.
    pub validation: Vec<MethodScores>,
    /// The settings chosen on the validation period.
    pub chosen: RecsParams,
    /// Products EASE modelled in the final fit.
    pub ease_products: usize,
    /// The best method per list on the validation period (NDCG at 10): the default.
    pub best: Defaults,
    /// Methods not judged on this file, and why.
    #[serde(default)]
    pub left_out: Vec<LeftOut>,
}

/// A method the backtest leaves out because on this file it would repeat another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum LeftOut {
    #[error("Popularity in the country is left out: every customer is in the same country (or the file names none), so it would repeat popularity by buyers.")]
    OneCountry,
}

impl LeftOut {
    pub fn method(self) -> Method {
        match self {
            LeftOut::OneCountry => Method::CountryPopularity,
        }
    }

    /// What `ledger` leaves out.
    fn of(ledger: &Ledger) -> Vec<LeftOut> {
        let first = ledger.country.first();
        if ledger.country.iter().any(|c| Some(c) != first) {
            Vec::new()
        } else {
            vec![LeftOut::OneCountry]
        }
    }
}

impl BacktestReport {
    /// The test scores of `method`.
    pub fn scores(&self, method: Method) -> Option<&MethodScores> {
        self.methods.iter().find(|m| m.method == method)
    }
}

/// Backtests every method on `ledger`. `segments` gives each ledger customer's segment
/// (None = no segment) for the segment best sellers and the reference method. Reports
/// the stages `RecsSettings` (the search on the validation months) and `RecsBacktest`.
pub fn backtest(
    ledger: &Ledger,
    segments: &[Option<u32>],
    params: &Valid<BacktestParams>,
    mut progress: ProgressFn<'_>,
) -> Result<BacktestReport, BacktestError> {
    let mut stages = Stages::new(&mut progress);
    stages.start(Stage::RecsSettings);
    let first_day = ledger
        .lines
        .iter()
        .map(|l| l.day)
        .min()
        .unwrap_or(ledger.last_day);
    let split = Split::of(first_day, ledger.last_day, params.test_months);
    let days = ledger.last_day - first_day + 1;
    if days < params.min_span_days || split.validation_from <= first_day {
        return Err(BacktestError::TooShort {
            days,
            needed: params
                .min_span_days
                .max(ledger.last_day - split.validation_from + 2),
        });
    }
    let validation_truth = Truth::of(ledger, split.validation_from..split.test_from);
    let test_truth = Truth::of(ledger, split.test_from..ledger.last_day + 1);
    let validation = Recommender::unfitted(
        ledger,
        segments,
        &params.recs,
        crate::recommend::Interactions::of(ledger, first_day..split.validation_from),
    );
    let validation_cases = Cases::of(&validation_truth, &validation.interactions);
    for (period, users) in [
        (Period::Validation, validation_cases.cases.len()),
        (
            Period::Test,
            test_truth.users_of(ledger, first_day..split.test_from),
        ),
    ] {
        if users < params.min_customers {
            return Err(BacktestError::TooFewCustomers {
                period,
                customers: users,
                needed: params.min_customers,
            });
        }
    }
    let validation_users = validation_cases.users();
    let left_out = LeftOut::of(ledger);
    let judged: Vec<Method> = Method::ALL
        .into_iter()
        .filter(|m| left_out.iter().all(|l| l.method() != *m))
        .collect();
    let (chosen, validation_scores, best) =
        search(validation, &validation_cases, params, &judged, &mut stages)?;
    stages.start(Stage::RecsBacktest);
    let mut fitted =
        Recommender::fit_window(ledger, segments, &chosen, first_day..split.test_from)?;
    fitted.defaults = best;
    let test_cases = Cases::of(&test_truth, &fitted.interactions);
    stages.within(0.5);
    let methods = judged
        .iter()
        .map(|&method| test_cases.judge_one(&fitted, method))
        .collect();
    stages.finish();
    Ok(BacktestReport {
        split,
        users: test_cases.users(),
        validation_users,
        methods,
        validation: validation_scores,
        chosen,
        ease_products: fitted.ease_products(),
        best,
        left_out,
    })
}

/// The search on the validation period: each model's settings by NDCG at 10 (discovery
/// for item-kNN, the sum over both lists for EASE, which fills both and partners the
/// blend, next basket for buy again and the blend), then the best method per list. Every candidate is scored on both lists in one pass, so the chosen
/// settings' validation scores come from the search itself.
fn search(
    mut r: Recommender,
    cases: &Cases,
    params: &BacktestParams,
    judged: &[Method],
    stages: &mut Stages<'_, '_>,
) -> Result<(RecsParams, Vec<MethodScores>, Defaults), BacktestError> {
    let mut chosen = params.recs;
    let ndcg = |m: &MethodScores, list: List| m.of(list).map_or(0.0, |s| s.at_10.ndcg);
    /// The best candidate so far: (NDCG, scores, candidate).
    fn keep<T>(best: &mut Option<(f64, MethodScores, T)>, v: f64, m: MethodScores, t: T) {
        if best.as_ref().is_none_or(|b| v > b.0) {
            *best = Some((v, m, t));
        }
    }
    let mut scores: Vec<MethodScores> = Vec::new();
    // Item-kNN: one pass over the co-purchases serves the whole grid.
    let settings: Vec<KnnSetting> = params
        .weightings
        .iter()
        .flat_map(|&weighting| {
            params.shrinkages.iter().flat_map(move |&shrinkage| {
                params.neighbours.iter().map(move |&neighbours| KnnSetting {
                    weighting,
                    shrinkage,
                    neighbours,
                })
            })
        })
        .collect();
    let mut best = None;
    for (s, model) in settings
        .iter()
        .zip(Knn::fit_many(&r.interactions, &settings))
    {
        r.knn = model;
        let m = cases.judge_one(&r, Method::ItemKnn);
        keep(
            &mut best,
            ndcg(&m, List::Discovery),
            m,
            (*s, std::mem::take(&mut r.knn)),
        );
    }
    stages.within(0.3);
    if let Some((_, m, (s, model))) = best {
        (chosen.weighting, chosen.shrinkage, chosen.neighbours) =
            (s.weighting, s.shrinkage, s.neighbours);
        r.knn = model;
        scores.push(m);
    }
    // EASE: one Gram matrix for every λ.
    let kept = Ease::kept(&r.interactions, params.recs.ease_products);
    let gram = Ease::gram(&r.interactions, &kept);
    let mut best = None;
    let step = 0.4 / params.lambdas.len().max(1) as f64;
    for (i, &lambda) in params.lambdas.iter().enumerate() {
        r.ease = Ease::fit(r.interactions.products, &kept, &gram, lambda)
            .map_err(|_| RecsError::NotPositiveDefinite { lambda })?;
        let m = cases.judge_one(&r, Method::Ease);
        keep(
            &mut best,
            ndcg(&m, List::Discovery) + ndcg(&m, List::NextBasket),
            m,
            (lambda, std::mem::take(&mut r.ease)),
        );
        stages.within(0.3 + step * (i + 1) as f64);
    }
    if let Some((_, m, (lambda, model))) = best {
        chosen.lambda = lambda;
        r.ease = model;
        scores.push(m);
    }
    // Buy again, then the blend with each partner (the parts scored once per partner).
    let mut best = None;
    for &h in &params.half_lives {
        r.params.half_life_days = h;
        let m = cases.judge_one(&r, Method::BuyAgain);
        keep(&mut best, ndcg(&m, List::NextBasket), m, h);
    }
    if let Some((_, m, h)) = best {
        chosen.half_life_days = h;
        scores.push(m);
    }
    r.params.half_life_days = chosen.half_life_days;
    let mut best = None;
    for partner in [Partner::ItemKnn, Partner::Ease] {
        r.params.partner = partner;
        let weights = &params.blend_weights;
        let judged = cases.judge(&r, Method::Blend, weights.len(), |c, out| {
            let (again, model) = r.blend_parts(c);
            for (&w, o) in weights.iter().zip(out.iter_mut()) {
                Recommender::blend(&again, &model, w, o);
            }
        });
        for (&w, m) in weights.iter().zip(judged) {
            keep(&mut best, ndcg(&m, List::NextBasket), m, (partner, w));
        }
    }
    if let Some((_, m, (partner, w))) = best {
        (chosen.partner, chosen.blend_weight) = (partner, w);
        scores.push(m);
    }
    r.params = chosen;
    for method in [
        Method::Reference,
        Method::Popularity,
        Method::SegmentPopularity,
        Method::CountryPopularity,
    ] {
        if judged.contains(&method) {
            scores.push(cases.judge_one(&r, method));
        }
    }
    let scores: Vec<MethodScores> = Method::ALL
        .iter()
        .filter_map(|&method| scores.iter().find(|m| m.method == method).copied())
        .collect();
    let best_for = |list: List| {
        scores
            .iter()
            .filter_map(|m| Some((m.method, m.of(list)?.at_10.ndcg)))
            .fold((Method::Popularity, f64::NEG_INFINITY), |a, b| {
                if b.1 > a.1 {
                    b
                } else {
                    a
                }
            })
            .0
    };
    let defaults = Defaults {
        discovery: best_for(List::Discovery),
        next_basket: best_for(List::NextBasket),
    };
    Ok((chosen, scores, defaults))
}

/// The products each customer bought in a period (sorted, positive quantities).
struct Truth {
    /// (customer, products), by customer.
    bought: Vec<(u32, Vec<u32>)>,
}

/// The longest list scored.
const DEPTH: usize = 10;

impl Truth {
    fn of(ledger: &Ledger, window: std::ops::Range<i32>) -> Truth {
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
    fn users_of(&self, ledger: &Ledger, before: std::ops::Range<i32>) -> usize {
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
struct Case {
    customer: u32,
    /// Everything bought in the period (next basket).
    bought: Vec<u32>,
    /// What of it the customer had never bought before (discovery); may be empty.
    new: Vec<u32>,
}

/// The users a period scores for a recommender: customers who bought in the period and
/// in the recommender's window.
struct Cases {
    cases: Vec<Case>,
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
    fn of(truth: &Truth, inter: &Interactions) -> Cases {
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
    fn users(&self) -> Users {
        Users {
            discovery: self.cases.iter().filter(|c| !c.new.is_empty()).count(),
            next_basket: self.cases.len(),
        }
    }

    /// `method`'s scores on both lists.
    fn judge_one(&self, r: &Recommender, method: Method) -> MethodScores {
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
    fn judge(
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
