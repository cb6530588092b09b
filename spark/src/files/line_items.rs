//! Line items as Parquet: written by `segwork export-parquet` (with what the file said
//! about itself, [`LinesMeta`]), read back for `segwork features --engine local`.

use super::{double, table, tag, text, write};
use crate::EngineError;
use arrow::array::{ArrayRef, Int64Array, TimestampMillisecondArray};
use arrow::datatypes::{DataType, Field, TimeUnit};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use segwork_core::sql::{lines, LineTable, LinesMeta};
use std::path::Path;
use std::sync::Arc;

/// The key of the line items' own metadata ([`LinesMeta`]).
const LINES_KEY: &str = "segwork.lines";

/// Writes line items in the plan's input schema: `invoice_date` as a UTC-adjusted
/// millisecond timestamp holding the wall-clock time (read in a UTC session, it is the
/// time the file shows).
pub fn write_lines(path: &Path, t: &LineTable, meta: &LinesMeta) -> Result<(), EngineError> {
    let dates = TimestampMillisecondArray::from(t.invoice_date_ms.clone()).with_timezone("UTC");
    let mut columns = vec![
        (
            Field::new(lines::LINE_NO, DataType::Int64, false),
            Arc::new(Int64Array::from(t.line_no.clone())) as ArrayRef,
        ),
        text(lines::INVOICE, &t.invoice),
        text(lines::STOCK_CODE, &t.stock_code),
        text(lines::DESCRIPTION, &t.description),
        double(lines::QUANTITY, &t.quantity),
        (
            Field::new(
                lines::INVOICE_DATE,
                DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
                true,
            ),
            Arc::new(dates) as ArrayRef,
        ),
        double(lines::UNIT_PRICE, &t.unit_price),
        text(lines::CUSTOMER_ID, &t.customer_id),
        text(lines::COUNTRY, &t.country),
    ];
    if let Some(status) = &t.status {
        columns.push(text(lines::STATUS, status));
    }
    let (schema, arrays) = table(columns);
    write(path, schema, arrays, Some(tag(path, LINES_KEY, meta)?))
}

/// What line items written by `segwork export-parquet` say about themselves: `None` for
/// files that are not local or were written by something else.
pub fn lines_meta(path: &str) -> Option<LinesMeta> {
    let first = parquet_files(path).ok()?.into_iter().next()?;
    let file = std::fs::File::open(first).ok()?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).ok()?;
    let kv = builder.metadata().file_metadata().key_value_metadata()?;
    let json = kv.iter().find(|k| k.key == LINES_KEY)?.value.clone()?;
    serde_json::from_str(&json).ok()
}

/// The Parquet files at `path`: the file itself, every `.parquet` file of a directory,
/// or those matching a `DIR/*.parquet`-style pattern (one `*`, in the file name), in
/// name order.
pub fn parquet_files(path: &str) -> Result<Vec<std::path::PathBuf>, EngineError> {
    let p = Path::new(path);
    let fail = |m: String| EngineError::file(p)(m);
    let (dir, pattern) = match p.file_name().map(|n| n.to_string_lossy().into_owned()) {
        Some(name) if name.contains('*') => (
            p.parent().unwrap_or(Path::new(".")).to_path_buf(),
            Some(name),
        ),
        _ if p.is_dir() => (p.to_path_buf(), None),
        _ => return Ok(vec![p.to_path_buf()]),
    };
    let matches = |name: &str| match &pattern {
        Some(pat) => {
            let (pre, post) = pat.split_once('*').unwrap_or((pat, ""));
            name.len() >= pre.len() + post.len() && name.starts_with(pre) && name.ends_with(post)
        }
        None => name.ends_with(".parquet"),
    };
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| fail(e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| f.file_name().is_some_and(|n| matches(&n.to_string_lossy())))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(fail("no Parquet files there".into()));
    }
    Ok(files)
}

/// Reads line items (the engine path's input schema) from `path` (see
/// [`parquet_files`]) into memory, for the core to run on.
pub fn read_lines(path: &str) -> Result<LineTable, EngineError> {
    use crate::batches::{doubles, integers, texts};
    let mut t = LineTable::default();
    let mut status: Vec<Option<String>> = vec![];
    let mut has_status = false;
    for file in parquet_files(path)? {
        let fail = |e: String| EngineError::file(&file)(e);
        let f = std::fs::File::open(&file).map_err(|e| fail(e.to_string()))?;
        let reader = ParquetRecordBatchReaderBuilder::try_new(f)
            .and_then(|b| b.build())
            .map_err(|e| fail(format!("not a Parquet file ({e})")))?;
        let batches = reader
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| fail(e.to_string()))?;
        let Some(first) = batches.first() else {
            continue;
        };
        let schema = first.schema();
        EngineError::check_lines(|c| schema.column_with_name(c).is_some())?;
        t.line_no.extend(
            integers(&batches, lines::LINE_NO)?
                .into_iter()
                .map(|v| v.unwrap_or(0)),
        );
        t.invoice.extend(texts(&batches, lines::INVOICE)?);
        t.stock_code.extend(texts(&batches, lines::STOCK_CODE)?);
        t.description.extend(texts(&batches, lines::DESCRIPTION)?);
        t.quantity.extend(doubles(&batches, lines::QUANTITY)?);
        t.invoice_date_ms
            .extend(crate::batches::millis(&batches, lines::INVOICE_DATE)?);
        t.unit_price.extend(doubles(&batches, lines::UNIT_PRICE)?);
        t.customer_id.extend(texts(&batches, lines::CUSTOMER_ID)?);
        t.country.extend(texts(&batches, lines::COUNTRY)?);
        let n = crate::batches::rows(&batches);
        if schema.column_with_name(lines::STATUS).is_some() {
            has_status = true;
            status.extend(texts(&batches, lines::STATUS)?);
        } else {
            status.extend(std::iter::repeat_n(None, n));
        }
    }
    t.status = has_status.then_some(status);
    Ok(t)
}
