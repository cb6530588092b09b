//! Every method measured but EASE, and the join with EASE's measurement.

use super::family::{self, FamilyScores};
use super::{search, BacktestError, BacktestParams, BacktestReport, Judging, LeftOut};
use super::{Measured, MethodScores, Split, Users};
use crate::ledger::Ledger;
use crate::params::Valid;
use crate::pipeline::{ProgressFn, Stage, Stages};
use crate::recommend::{Method, Partner, RecsParams};

/// Everything [`measure`] does but EASE: item-kNN, buy again, the blend with item-kNN
/// and the best sellers, and what judging the segment methods needs.
#[derive(Debug)]
pub struct Partial {
    split: Split,
    users: Users,
    validation_users: Users,
    left_out: Vec<LeftOut>,
    knn: FamilyScores,
    /// Buy again and the best sellers on the validation period.
    validation_scores: Vec<MethodScores>,
    /// The same on the test period.
    test_scores: Vec<MethodScores>,
    validation: Judging,
    test: Judging,
}

/// The methods judged by [`Partial`] besides item-kNN and its blend.
const OTHERS: [Method; 3] = [
    Method::BuyAgain,
    Method::Popularity,
    Method::CountryPopularity,
];

/// Measures every method but EASE (see [`Partial`]), reporting the stages `RecsSettings`
/// and `RecsBacktest`.
pub fn measure_part(
    ledger: &Ledger,
    params: &Valid<BacktestParams>,
    mut progress: ProgressFn<'_>,
) -> Result<Partial, BacktestError> {
    let mut stages = Stages::new(&mut progress);
    stages.start(Stage::RecsSettings);
    let setup = family::Setup::of(ledger, params)?;
    let searched = setup.search(params, Partner::ItemKnn)?;
    let others: Vec<Method> = OTHERS
        .into_iter()
        .filter(|m| setup.left_out.iter().all(|l| l.method() != *m))
        .collect();
    let validation_scores = others
        .iter()
        .copied()
        .filter_map(|m| match m {
            Method::BuyAgain => searched.half_life,
            _ => Some(setup.validation_cases.judge_one(&searched.recommender, m)),
        })
        .collect();
    stages.start(Stage::RecsBacktest);
    let (knn, fitted, test_cases) = setup.test(ledger, &searched)?;
    let test_scores = others
        .iter()
        .map(|&m| test_cases.judge_one(&fitted, m))
        .collect();
    stages.finish();
    Ok(Partial {
        split: setup.split,
        users: test_cases.users(),
        validation_users: setup.validation_cases.users(),
        left_out: setup.left_out,
        knn,
        validation_scores,
        test_scores,
        validation: Judging::of(searched.recommender, setup.validation_cases),
        test: Judging::of(fitted, test_cases),
    })
}

impl Partial {
    /// The settings chosen so far: item-kNN's, buy again's and the blend with item-kNN.
    pub fn chosen(&self) -> RecsParams {
        self.knn.chosen
    }

    /// The whole measurement, with EASE's: the blend partner is the family whose blend
    /// did better on the validation period (item-kNN when equal, as in one search).
    pub fn join(
        part: Result<Partial, BacktestError>,
        ease: Result<FamilyScores, BacktestError>,
    ) -> Result<Measured, BacktestError> {
        let (mut part, ease) = (part?, ease?);
        let blend = if ease.blend_ndcg > part.knn.blend_ndcg {
            &ease
        } else {
            &part.knn
        };
        let chosen = RecsParams {
            lambda: ease.chosen.lambda,
            partner: blend.chosen.partner,
            blend_weight: blend.chosen.blend_weight,
            ..part.knn.chosen
        };
        let pick = |of: fn(&FamilyScores) -> &Vec<MethodScores>, others: &[MethodScores]| {
            let mut all: Vec<MethodScores> = others.to_vec();
            for (family, method) in [
                (&part.knn, Method::ItemKnn),
                (&ease, Method::Ease),
                (blend, Method::Blend),
            ] {
                all.extend(of(family).iter().filter(|m| m.method == method));
            }
            all.sort_by_key(|s| Method::ALL.iter().position(|&m| m == s.method));
            all
        };
        let validation = pick(|f| &f.validation, &part.validation_scores);
        let methods = pick(|f| &f.test, &part.test_scores);
        part.validation.recommender.params = chosen;
        part.test.recommender.params = chosen;
        Ok(Measured {
            report: BacktestReport {
                split: part.split,
                users: part.users,
                validation_users: part.validation_users,
                methods,
                best: search::best_of(&validation),
                validation,
                chosen,
                ease_products: ease.ease_products,
                left_out: part.left_out,
            },
            validation: part.validation,
            test: part.test,
        })
    }
}
