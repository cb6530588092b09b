//! Quintile scores computed the way pandas computes them, so the segments match a notebook:
//! quintile edges by numpy's default linear interpolation (Hyndman–Fan type 7), right-closed
//! bins with the first bin also taking its lower edge (`pd.qcut`), and frequency/monetary
//! ranked first with ties broken by customer order (`rank(method="first")`).
//!
//! Duplicate edges (many customers on the same value) are kept rather than dropped: the
//! zero-width bins they form stay empty, so a value lands in the same bin as with pandas'
//! `duplicates="drop"` ordering but scores keep their 1–5 meaning instead of being renumbered.
//! With fewer than five customers the same rule spreads them over the scale by position
//! (one customer scores 1; two score 1 and 5; three score 1, 3 and 5).

/// Scores 1–5 of `values` by the quintile bin each falls in (1 = lowest bin).
pub(crate) fn quintile_scores(values: &[f64]) -> Vec<u8> {
    let mut sorted: Vec<f64> = values.iter().map(|v| v + 0.0).collect();
    sorted.sort_by(f64::total_cmp);
    let edges = quintile_edges(&sorted);
    values.iter().map(|&v| bin(v + 0.0, &edges) + 1).collect()
}

/// Scores 1–5 of `values` after ranking them, ties broken by position (`method="first"`).
pub(crate) fn rank_scores(values: &[f64]) -> Vec<u8> {
    quintile_scores(&first_ranks(values))
}

/// Ranks 1..=n, ties in the order the values come (pandas `rank(method="first")`).
pub(crate) fn first_ranks(values: &[f64]) -> Vec<f64> {
    // `+ 0.0` turns -0.0 into 0.0, so the two tie as they do in pandas.
    let mut order: Vec<(f64, usize)> = values.iter().map(|v| v + 0.0).zip(0..).collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut ranks = vec![0.0; values.len()];
    for (rank, (_, i)) in order.into_iter().enumerate() {
        if let Some(r) = ranks.get_mut(i) {
            *r = (rank + 1) as f64;
        }
    }
    ranks
}

/// The six quintile edges of `sorted` (ascending); all zero when it is empty.
pub(crate) fn quintile_edges(sorted: &[f64]) -> [f64; 6] {
    let mut edges = [0.0; 6];
    for (i, edge) in edges.iter_mut().enumerate() {
        *edge = quantile(sorted, probability(i));
    }
    edges
}

/// `np.linspace(0, 1, 6)[i]`, through pandas' `× 100` and numpy's `÷ 100` as the notebook
/// computes it (so 0.6 is 0.6000000000000001, exactly as there).
fn probability(i: usize) -> f64 {
    if i >= 5 {
        return 1.0;
    }
    let q = i as f64 * (1.0 / 5.0);
    q * 100.0 / 100.0
}

/// numpy's linear-interpolation quantile of ascending `sorted`.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return 0.0;
    };
    let virtual_index = last as f64 * q;
    let below = libm::floor(virtual_index);
    let gamma = virtual_index - below;
    let lo = (below.max(0.0) as usize).min(last);
    let hi = (lo + 1).min(last);
    match (sorted.get(lo), sorted.get(hi)) {
        (Some(&a), Some(&b)) => lerp(a, b, gamma),
        _ => 0.0,
    }
}

/// numpy's `_lerp`: from the nearer end, so an edge on a data point is that point exactly.
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// The 0-based bin (0..=4) of `x`: `searchsorted(edges, x, side="left") - 1`, with the
/// lowest edge itself in bin 0 (pandas `qcut`, `include_lowest=True`).
pub(crate) fn bin(x: f64, edges: &[f64; 6]) -> u8 {
    let below = edges.iter().filter(|&&e| e < x).count();
    below.saturating_sub(1).min(4) as u8
}
