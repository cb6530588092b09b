//! The fitted recommender: every method fitted on one window of purchases, and the two
//! lists per customer with a reason for each pick.

use super::buy_again;
use super::ease::Ease;
use super::interactions::Interactions;
use super::knn::{self, Knn};
use super::pick::{top, List, Method, Pick, Reason};
use super::popularity::Popularity;
use super::reference::Reference;
use super::settings::{Defaults, Partner, RecsError, RecsParams};
use crate::ledger::Ledger;
use crate::params::Valid;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

/// Every method, fitted on one window of purchases. The models that do not use the
/// segments are shared (`Arc`), so [`Recommender::with_segments`] makes the recommender
/// of another segmentation without copying or refitting them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommender {
    pub params: RecsParams,
    pub defaults: Defaults,
    pub(crate) interactions: Arc<Interactions>,
    pub(crate) reference: Reference,
    /// Buyers overall and per segment.
    pub(crate) segments: Popularity,
    /// Buyers per country.
    pub(crate) countries: Arc<Popularity>,
    pub(crate) knn: Arc<Knn>,
    pub(crate) ease: Arc<Ease>,
}

impl Recommender {
    /// Fits every method on all of the ledger's purchases. `segments` gives each ledger
    /// customer's segment (None = no segment), for the segment best sellers and the
    /// reference method.
    pub fn fit(
        ledger: &Ledger,
        segments: &[Option<u32>],
        params: &Valid<RecsParams>,
    ) -> Result<Recommender, RecsError> {
        Self::fit_window(ledger, segments, params, i32::MIN..ledger.last_day + 1)
    }

    /// Fits every method on the purchases of days in `window`.
    pub(crate) fn fit_window(
        ledger: &Ledger,
        segments: &[Option<u32>],
        params: &RecsParams,
        window: Range<i32>,
    ) -> Result<Recommender, RecsError> {
        Self::fit_models(
            ledger,
            segments,
            params,
            window,
            &[Partner::ItemKnn, Partner::Ease],
        )
    }

    /// Fits the parameter-free methods and the model families `models` (item-kNN, EASE)
    /// on the purchases of days in `window`; a family not asked for is left empty.
    pub(crate) fn fit_models(
        ledger: &Ledger,
        segments: &[Option<u32>],
        params: &RecsParams,
        window: Range<i32>,
        models: &[Partner],
    ) -> Result<Recommender, RecsError> {
        let inter = Arc::new(Interactions::of(ledger, window));
        let mut r = Self::unfitted(ledger, segments, params, inter);
        for family in models {
            match family {
                Partner::ItemKnn => r.knn = Arc::new(Knn::fit_one(&r.interactions, params)),
                Partner::Ease => r.ease = Arc::new(Ease::fit_one(&r.interactions, params)?),
            }
        }
        Ok(r)
    }

    /// The parameter-free models; item-kNN and EASE left empty.
    pub(crate) fn unfitted(
        ledger: &Ledger,
        segments: &[Option<u32>],
        params: &RecsParams,
        inter: Arc<Interactions>,
    ) -> Recommender {
        let country_of: Vec<Option<u32>> = (0..ledger.customers.len() as u32)
            .map(|c| ledger.country_of(c))
            .collect();
        let (reference, popularity) = Self::segment_models(ledger, segments, params, &inter);
        Recommender {
            params: *params,
            defaults: Defaults::default(),
            reference,
            segments: popularity,
            countries: Arc::new(Popularity::fit(&inter, &country_of)),
            knn: Arc::default(),
            ease: Arc::default(),
            interactions: inter,
        }
    }

    /// The same recommender for another segmentation: the reference method and the
    /// segment best sellers refitted, every other model shared.
    pub fn with_segments(&self, ledger: &Ledger, segments: &[Option<u32>]) -> Recommender {
        let (reference, popularity) =
            Self::segment_models(ledger, segments, &self.params, &self.interactions);
        Recommender {
            reference,
            segments: popularity,
            ..self.clone()
        }
    }

    /// The models that use the segments: the reference method, and buyers overall and per
    /// segment.
    fn segment_models(
        ledger: &Ledger,
        segments: &[Option<u32>],
        params: &RecsParams,
        inter: &Interactions,
    ) -> (Reference, Popularity) {
        let segment_of: Vec<Option<u32>> = (0..ledger.customers.len())
            .map(|c| segments.get(c).copied().flatten())
            .collect();
        (
            Reference::fit(ledger, inter, &segment_of, params.unsegmented),
            Popularity::fit(inter, &segment_of),
        )
    }

    /// The customers' purchases the models were fitted on.
    pub fn interactions(&self) -> &Interactions {
        &self.interactions
    }

    /// The products EASE models.
    pub fn ease_products(&self) -> usize {
        self.ease.kept.len()
    }

    /// Customer `c`'s list by the default method for that list.
    pub fn list(&self, c: u32, list: List, n: usize) -> Vec<Pick> {
        let method = match list {
            List::Discovery => self.defaults.discovery,
            List::NextBasket => self.defaults.next_basket,
        };
        self.list_by(method, c, list, n)
    }

    /// Customer `c`'s list by `method` (empty when the method does not serve the list).
    pub fn list_by(&self, method: Method, c: u32, list: List, n: usize) -> Vec<Pick> {
        let Some(scores) = self.scored(method, c, list) else {
            return Vec::new();
        };
        top(&scores, n)
            .into_iter()
            .map(|p| Pick {
                product: p,
                score: scores[p as usize],
                reason: self.reason(method, c, p),
            })
            .collect()
    }

    /// Customer `c`'s dense scores under `method` on `list` (`-inf` = not offered).
    fn scored(&self, method: Method, c: u32, list: List) -> Option<Vec<f64>> {
        if !method.serves(list) {
            return None;
        }
        let mut s = self.raw_scores(method, c);
        if list == List::Discovery {
            self.drop_bought(c, &mut s);
        }
        Some(s)
    }

    /// Customer `c`'s dense scores under `method`, the customer's own products included.
    pub(crate) fn raw_scores(&self, method: Method, c: u32) -> Vec<f64> {
        let mut s = Vec::new();
        self.raw_scores_into(method, c, &mut s);
        s
    }

    /// [`Recommender::raw_scores`] into `s`, whose allocation is reused.
    pub(crate) fn raw_scores_into(&self, method: Method, c: u32, s: &mut Vec<f64>) {
        s.clear();
        s.resize(self.interactions.products, f64::NEG_INFINITY);
        let s = s.as_mut_slice();
        let inter = &self.interactions;
        match method {
            Method::Reference => self.reference.score(inter, c, s),
            Method::Popularity => self.segments.score(c, false, s),
            Method::SegmentPopularity => self.segments.score(c, true, s),
            Method::CountryPopularity => self.countries.score(c, true, s),
            Method::ItemKnn => {
                self.knn.score(inter, c, s);
                self.best_sellers_if_empty(c, s);
            }
            Method::Ease => {
                self.ease.score(inter, c, s);
                self.best_sellers_if_empty(c, s);
            }
            Method::BuyAgain => buy_again::score(inter, c, self.params.half_life_days, s),
            Method::Blend => {
                let (again, partner) = self.blend_parts(c);
                blend(&again, &partner, self.params.blend_weight, s);
            }
        }
    }

    /// The `n` best products of dense scores (`-inf` = not offered), best first.
    pub(crate) fn top(scores: &[f64], n: usize) -> Vec<u32> {
        top(scores, n)
    }

    /// Buy again and a partner's scores blended (see [`blend`]).
    pub(crate) fn blend(again: &[f64], partner: &[f64], w: f64, out: &mut [f64]) {
        blend(again, partner, w, out);
    }

    /// Gives a customer the model has nothing to say about the best sellers.
    fn best_sellers_if_empty(&self, c: u32, scores: &mut [f64]) {
        if scores.iter().all(|&x| x == f64::NEG_INFINITY) {
            self.segments.score(c, false, scores);
        }
    }

    /// Takes customer `c`'s own products off `scores`.
    pub(crate) fn drop_bought(&self, c: u32, scores: &mut [f64]) {
        for b in self.interactions.of_customer(c) {
            scores[b.product as usize] = f64::NEG_INFINITY;
        }
    }

    /// Customer `c`'s buy-again and partner scores, the two halves of the blend.
    pub(crate) fn blend_parts(&self, c: u32) -> (Vec<f64>, Vec<f64>) {
        let inter = &self.interactions;
        let mut again = vec![f64::NEG_INFINITY; inter.products];
        buy_again::score(inter, c, self.params.half_life_days, &mut again);
        let mut partner = vec![f64::NEG_INFINITY; inter.products];
        match self.params.partner {
            Partner::ItemKnn => self.knn.score(inter, c, &mut partner),
            Partner::Ease => self.ease.score(inter, c, &mut partner),
        }
        (again, partner)
    }

    fn reason(&self, method: Method, c: u32, p: u32) -> Reason {
        let inter = &self.interactions;
        let anchored = |partner: Partner| {
            let anchor = match partner {
                Partner::ItemKnn => self.knn.anchor(inter, c, p),
                Partner::Ease => self.ease.anchor(inter, c, p),
            };
            anchor.map_or(Reason::BestSeller, |a| knn::reason(inter, a, p))
        };
        match method {
            Method::Reference => match self.reference.pool(c).0 {
                Some(segment) => Reason::SegmentBestSeller { segment },
                None => Reason::BestSeller,
            },
            Method::Popularity => Reason::BestSeller,
            Method::SegmentPopularity => self
                .segments
                .reason(c, p, |segment| Reason::SegmentBestSeller { segment }),
            Method::CountryPopularity => self
                .countries
                .reason(c, p, |country| Reason::CountryBestSeller { country }),
            Method::ItemKnn => anchored(Partner::ItemKnn),
            Method::Ease => anchored(Partner::Ease),
            Method::BuyAgain => buy_again::reason(inter, c, p).unwrap_or(Reason::BestSeller),
            Method::Blend => {
                buy_again::reason(inter, c, p).unwrap_or_else(|| anchored(self.params.partner))
            }
        }
    }
}

/// Buy again and the partner model, each scaled to a maximum of 1, weighted by `w` (buy
/// again's share); a product neither scores is not offered.
fn blend(again: &[f64], partner: &[f64], w: f64, out: &mut [f64]) {
    // Compared by hand: `f64::max` is a libm call (`fmax`) in wasm, 3% of the backtest.
    let max = |v: &[f64]| v.iter().fold(0.0f64, |m, &x| if x > m { x } else { m });
    let (ma, mm) = (max(again), max(partner));
    // Without branches, so the loop vectorises: every quotient is computed and the ones
    // not wanted are replaced by 0 (the same values as dividing only where wanted).
    let (use_a, use_m) = (ma > 0.0, mm > 0.0);
    for ((o, &a), &m) in out.iter_mut().zip(again).zip(partner) {
        let some_a = a > f64::NEG_INFINITY && use_a;
        let some_m = m > f64::NEG_INFINITY && use_m;
        let an = if some_a { a / ma } else { 0.0 };
        let mn = if some_m { m / mm } else { 0.0 };
        let mixed = w * an + (1.0 - w) * mn;
        *o = if some_a || some_m {
            mixed
        } else {
            f64::NEG_INFINITY
        };
    }
}
