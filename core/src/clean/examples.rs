//! Example rows: the lines a step dropped or flagged, as the user would find them in their
//! file (sheet, row and the eight fields as text).

use super::ExampleRow;
use crate::columns::{col, Field};
use polars::prelude::*;

/// Positions (in `before`) of the first `limit` rows that `after`, an order-preserving
/// subset of `before`, no longer has. Rows are identified by (sheet, row).
pub(super) fn dropped_positions(
    before: &DataFrame,
    after: &DataFrame,
    limit: usize,
) -> PolarsResult<Vec<IdxSize>> {
    let key = |df: &DataFrame| -> PolarsResult<Vec<(u32, u32)>> {
        let s = df.column(col::SHEET)?.u32()?.clone();
        let r = df.column(col::ROW)?.u32()?.clone();
        Ok(s.into_no_null_iter().zip(r.into_no_null_iter()).collect())
    };
    let (b, a) = (key(before)?, key(after)?);
    let mut out = Vec::new();
    let mut j = 0;
    for (i, k) in b.iter().enumerate() {
        if a.get(j) == Some(k) {
            j += 1;
        } else {
            out.push(i as IdxSize);
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}

pub(super) fn example_rows(df: &DataFrame, sheets: &[String]) -> PolarsResult<Vec<ExampleRow>> {
    let text = |f: Field| -> PolarsResult<Vec<String>> {
        let c = df.column(f.column())?;
        Ok(match f {
            Field::InvoiceDate => c
                .i64()?
                .into_iter()
                .map(|v| v.map(format_timestamp).unwrap_or_default())
                .collect(),
            Field::Quantity | Field::UnitPrice => c
                .f64()?
                .into_iter()
                .map(|v| v.map(|x| x.to_string()).unwrap_or_default())
                .collect(),
            _ => c
                .str()?
                .into_iter()
                .map(|v| v.unwrap_or("").to_owned())
                .collect(),
        })
    };
    let columns: Vec<Vec<String>> = Field::ALL
        .into_iter()
        .map(text)
        .collect::<PolarsResult<_>>()?;
    let sheet = df.column(col::SHEET)?.u32()?.clone();
    let row = df.column(col::ROW)?.u32()?.clone();
    Ok((0..df.height())
        .map(|i| ExampleRow {
            sheet: sheet
                .get(i)
                .and_then(|s| sheets.get(s as usize))
                .cloned()
                .unwrap_or_default(),
            row: row.get(i).unwrap_or(0),
            cells: columns.iter().map(|c| c[i].clone()).collect(),
        })
        .collect())
}

/// "2010-12-01 08:26" for a timestamp in milliseconds.
fn format_timestamp(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.naive_utc().format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}
