//! The search on the validation period for each model's settings, by NDCG at 10:
//! discovery for item-kNN, the sum over both lists for EASE (which fills both and
//! partners the blend), next basket for buy again and the blend. Every candidate is scored
//! on both lists in one pass, so the chosen settings' validation scores come from the
//! search itself. Of equal candidates the first is kept.

use super::cases::Cases;
use super::{BacktestError, BacktestParams, MethodScores};
use crate::recommend::{Ease, Knn, KnnSetting, List, Method, Partner, Recommender, RecsError};
use std::sync::Arc;

/// A method's NDCG at 10 on `list` (0 when it does not serve the list).
pub(super) fn ndcg(m: &MethodScores, list: List) -> f64 {
    m.of(list).map_or(0.0, |s| s.at_10.ndcg)
}

/// The best candidate so far: (NDCG, scores, candidate).
type Best<T> = Option<(f64, MethodScores, T)>;

fn keep<T>(best: &mut Best<T>, v: f64, m: MethodScores, t: T) {
    if best.as_ref().is_none_or(|b| v > b.0) {
        *best = Some((v, m, t));
    }
}

/// Item-kNN's settings (one pass over the co-purchases serves the whole grid); the best
/// model is left in `r`.
pub(super) fn knn(
    r: &mut Recommender,
    cases: &Cases,
    params: &BacktestParams,
) -> Option<(KnnSetting, MethodScores)> {
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
        r.knn = Arc::new(model);
        let m = cases.judge_one(r, Method::ItemKnn);
        let model = std::mem::take(&mut r.knn);
        keep(&mut best, ndcg(&m, List::Discovery), m, (*s, model));
    }
    let (_, m, (s, model)) = best?;
    r.knn = model;
    Some((s, m))
}

/// EASE's λ (one Gram matrix serves every λ); the best model is left in `r`.
pub(super) fn ease(
    r: &mut Recommender,
    cases: &Cases,
    params: &BacktestParams,
) -> Result<Option<(f64, MethodScores)>, BacktestError> {
    let kept = Ease::kept(&r.interactions, params.recs.ease_products);
    let gram = Ease::gram(&r.interactions, &kept);
    let mut best = None;
    for &lambda in &params.lambdas {
        r.ease = Arc::new(
            Ease::fit(r.interactions.products, &kept, &gram, lambda)
                .map_err(|_| RecsError::NotPositiveDefinite { lambda })?,
        );
        let m = cases.judge_one(r, Method::Ease);
        let model = std::mem::take(&mut r.ease);
        let v = ndcg(&m, List::Discovery) + ndcg(&m, List::NextBasket);
        keep(&mut best, v, m, (lambda, model));
    }
    Ok(best.map(|(_, m, (lambda, model))| {
        r.ease = model;
        (lambda, m)
    }))
}

/// Buy again's half-life; it is left in `r`'s settings.
pub(super) fn half_life(
    r: &mut Recommender,
    cases: &Cases,
    params: &BacktestParams,
) -> Option<(f64, MethodScores)> {
    let mut best = None;
    for &h in &params.half_lives {
        r.params.half_life_days = h;
        let m = cases.judge_one(r, Method::BuyAgain);
        keep(&mut best, ndcg(&m, List::NextBasket), m, h);
    }
    let (_, m, h) = best?;
    r.params.half_life_days = h;
    Some((h, m))
}

/// The blend's weight with `partner` (buy again's parts scored once for every weight):
/// (its next-basket NDCG, its scores, the weight).
pub(super) fn blend(
    r: &mut Recommender,
    cases: &Cases,
    params: &BacktestParams,
    partner: Partner,
) -> Best<f64> {
    r.params.partner = partner;
    let weights = &params.blend_weights;
    let r = &*r;
    let judged = cases.judge(r, Method::Blend, weights.len(), |c, out| {
        let (again, model) = r.blend_parts(c);
        for (&w, o) in weights.iter().zip(out.iter_mut()) {
            Recommender::blend(&again, &model, w, o);
        }
    });
    let mut best = None;
    for (&w, m) in weights.iter().zip(judged) {
        keep(&mut best, ndcg(&m, List::NextBasket), m, w);
    }
    best
}

/// The best method per list on `scores` (NDCG at 10): the default.
pub(super) fn best_of(scores: &[MethodScores]) -> crate::recommend::Defaults {
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
    crate::recommend::Defaults {
        discovery: best_for(List::Discovery),
        next_basket: best_for(List::NextBasket),
    }
}
