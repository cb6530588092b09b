//! Small polars helpers shared by the steps.

use crate::columns::col::GUARD;
use polars::prelude::*;

/// `lf.group_by(keys).agg(aggs)`, collected, always on polars' in-memory executor.
///
/// Polars 0.52 sends a group-by whose aggregations are all "partitionable" (sum, min, max,
/// first, last, len) to its streaming engine, and without the `new-streaming` feature,
/// which cannot be built for wasm32, that path panics ("invalid build. Missing feature
/// new-streaming"; upstream: pola-rs/r-polars#1685). A non-null `count` is not
/// partitionable, so adding one keeps every group-by on the in-memory path. The result is
/// collected here, with the guard in the plan's output: dropping it lazily would let the
/// optimiser prune it and bring the panic back.
pub(crate) fn group_by(lf: LazyFrame, keys: &[Expr], aggs: Vec<Expr>) -> PolarsResult<DataFrame> {
    let mut aggs = aggs;
    if let Some(first) = keys.first() {
        aggs.push(first.clone().count().alias(GUARD));
    }
    let mut df = lf.group_by(keys).agg(aggs).collect()?;
    df.drop_in_place(GUARD)?;
    Ok(df)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_sum_only_group_by_runs_in_memory() {
        let df = df! { "k" => ["a", "b", "a"], "v" => [1.0, 2.0, 3.0] }.unwrap();
        let out = group_by(df.lazy(), &[col("k")], vec![col("v").sum()])
            .unwrap()
            .sort(["k"], SortMultipleOptions::default())
            .unwrap();
        assert_eq!(out.get_column_names(), ["k", "v"]);
        let v: Vec<Option<f64>> = out
            .column("v")
            .unwrap()
            .f64()
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(v, [Some(4.0), Some(2.0)]);
    }
}
