//! The search on the validation period for each model's settings.

use super::cases::Cases;
use super::{BacktestError, BacktestParams, MethodScores};
use crate::pipeline::Stages;
use crate::recommend::{
    Defaults, Ease, Knn, KnnSetting, List, Method, Partner, Recommender, RecsError, RecsParams,
};
use std::sync::Arc;

/// The search on the validation period: each model's settings by NDCG at 10 (discovery
/// for item-kNN, the sum over both lists for EASE, which fills both and partners the
/// blend, next basket for buy again and the blend), then the methods without settings. Every candidate is scored on
/// both lists in one pass, so the chosen settings' validation scores come from the
/// search itself.
pub(super) fn search(
    r: &mut Recommender,
    cases: &Cases,
    params: &BacktestParams,
    judged: &[Method],
    stages: &mut Stages<'_, '_>,
) -> Result<(RecsParams, Vec<MethodScores>), BacktestError> {
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
        r.knn = Arc::new(model);
        let m = cases.judge_one(r, Method::ItemKnn);
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
        r.ease = Arc::new(
            Ease::fit(r.interactions.products, &kept, &gram, lambda)
                .map_err(|_| RecsError::NotPositiveDefinite { lambda })?,
        );
        let m = cases.judge_one(r, Method::Ease);
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
        let m = cases.judge_one(r, Method::BuyAgain);
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
        let judged = cases.judge(r, Method::Blend, weights.len(), |c, out| {
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
            scores.push(cases.judge_one(r, method));
        }
    }
    let scores: Vec<MethodScores> = Method::ALL
        .iter()
        .filter_map(|&method| scores.iter().find(|m| m.method == method).copied())
        .collect();
    Ok((chosen, scores))
}

/// The best method per list on `scores` (NDCG at 10): the default.
pub(super) fn best_of(scores: &[MethodScores]) -> Defaults {
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
    Defaults {
        discovery: best_for(List::Discovery),
        next_basket: best_for(List::NextBasket),
    }
}
