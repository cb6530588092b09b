//! Unit tests of `isolation_forest`.

use super::*;
use ndarray::Array2;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn flags_the_planted_outliers() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let mut x = Array2::<f64>::zeros((400, 3));
    for v in x.iter_mut() {
        *v = rng.gen_range(-1.0..1.0);
    }
    for (i, r) in [(10, 25.0), (200, -30.0), (333, 40.0), (399, 18.0)] {
        x[[i, i % 3]] = r;
    }
    let p = IsolationForestParams {
        contamination: 0.01,
        ..Default::default()
    };
    let forest = IsolationForest::fit(x.view(), &p.check().unwrap(), &mut rng);
    let flagged: Vec<usize> = forest
        .predict(x.view())
        .iter()
        .enumerate()
        .filter(|(_, o)| **o)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(flagged, vec![10, 200, 333, 399]);
}

#[test]
fn contamination_sets_the_share_flagged() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let x = Array2::from_shape_fn((1000, 2), |_| rng.gen_range(0.0..1.0));
    let p = IsolationForestParams::default().check().unwrap();
    let forest = IsolationForest::fit(x.view(), &p, &mut rng);
    let n = forest.predict(x.view()).iter().filter(|o| **o).count();
    assert_eq!(n, 50);
}

#[test]
fn zero_contamination_flags_nobody() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let x = Array2::from_shape_fn((50, 2), |(i, j)| (i * j) as f64);
    let p = IsolationForestParams {
        contamination: 0.0,
        ..Default::default()
    };
    let forest = IsolationForest::fit(x.view(), &p.check().unwrap(), &mut rng);
    assert!(forest.predict(x.view()).iter().all(|o| !o));
}

/// Rows each tree was grown on: the sizes of its leaves add up to them.
fn rows_per_tree(forest: &IsolationForest) -> Vec<usize> {
    let leaves = |t: &Vec<Node>| -> usize {
        t.iter()
            .map(|n| match n {
                Node::Leaf { size } => *size,
                Node::Split { .. } => 0,
            })
            .sum()
    };
    forest.trees.iter().map(leaves).collect()
}

#[test]
fn each_tree_grows_on_a_sub_sample_of_max_samples_rows() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let x = Array2::from_shape_fn((1000, 2), |_| rng.gen_range(0.0..1.0));
    let p = IsolationForestParams {
        n_trees: 12,
        max_samples: 64,
        ..Default::default()
    };
    let forest = IsolationForest::fit(x.view(), &p.check().unwrap(), &mut rng);
    assert_eq!(forest.psi, 64);
    assert_eq!(rows_per_tree(&forest), vec![64; 12]);
    // Fewer rows than max_samples: every tree sees them all.
    let small = x.slice(ndarray::s![..40, ..]);
    let forest = IsolationForest::fit(small, &p.check().unwrap(), &mut rng);
    assert_eq!(rows_per_tree(&forest), vec![40; 12]);
}

#[test]
fn each_rule_has_its_error() {
    let p = IsolationForestParams::default();
    let share = IsolationForestParams {
        contamination: 0.5,
        ..p
    };
    assert_eq!(share.check(), Err(OutlierError::Share { share: 0.5 }));
    let trees = IsolationForestParams { n_trees: 0, ..p };
    assert_eq!(trees.check(), Err(OutlierError::NoTrees));
    let samples = IsolationForestParams {
        max_samples: 1,
        ..p
    };
    assert_eq!(
        samples.check(),
        Err(OutlierError::TooFewSamples { max_samples: 1 })
    );
}

#[test]
fn percentile_interpolates_like_numpy() {
    assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 50.0), 2.5);
    assert_eq!(percentile(&[4.0, 1.0, 3.0, 2.0], 0.0), 1.0);
    assert!((percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 5.0) - 1.2).abs() < 1e-12);
    assert!((average_path_length(256) - 10.244_770_920_119_917).abs() < 1e-9);
}
