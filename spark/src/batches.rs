//! Columns of the record batches an engine returns, read whatever Arrow type it chose
//! (Utf8 or Utf8View, Int32 or Int64) by casting to one type first.

use crate::EngineError;
use arrow::array::{ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;

fn column(batch: &RecordBatch, name: &str, to: &DataType) -> Result<ArrayRef, EngineError> {
    let c = batch
        .column_by_name(name)
        .ok_or_else(|| EngineError::Shape {
            what: "a table".into(),
            message: format!("no column {name}"),
        })?;
    cast(c, to).map_err(|e| EngineError::Shape {
        what: format!("column {name}"),
        message: e.to_string(),
    })
}

fn shape(name: &str) -> EngineError {
    EngineError::Shape {
        what: format!("column {name}"),
        message: "not the type it was cast to".into(),
    }
}

/// A column over all batches, cast to `to` and read as the array type `A`, each value
/// taken by `value`.
fn values<A: 'static, T>(
    batches: &[RecordBatch],
    name: &str,
    to: DataType,
    value: impl Fn(&A, &mut Vec<T>),
) -> Result<Vec<T>, EngineError> {
    let mut out = Vec::new();
    for b in batches {
        let c = column(b, name, &to)?;
        let a = c.as_any().downcast_ref::<A>().ok_or_else(|| shape(name))?;
        value(a, &mut out);
    }
    Ok(out)
}

/// A text column over all batches.
pub(crate) fn texts(
    batches: &[RecordBatch],
    name: &str,
) -> Result<Vec<Option<String>>, EngineError> {
    values(batches, name, DataType::Utf8, |a: &StringArray, out| {
        out.extend(a.iter().map(|v| v.map(str::to_owned)));
    })
}

/// A numeric column over all batches, as f64.
pub(crate) fn doubles(
    batches: &[RecordBatch],
    name: &str,
) -> Result<Vec<Option<f64>>, EngineError> {
    values(batches, name, DataType::Float64, |a: &Float64Array, out| {
        out.extend(a.iter())
    })
}

/// An integer column over all batches.
pub(crate) fn integers(
    batches: &[RecordBatch],
    name: &str,
) -> Result<Vec<Option<i64>>, EngineError> {
    values(batches, name, DataType::Int64, |a: &Int64Array, out| {
        out.extend(a.iter())
    })
}

/// A boolean column over all batches.
pub(crate) fn flags(batches: &[RecordBatch], name: &str) -> Result<Vec<Option<bool>>, EngineError> {
    values(batches, name, DataType::Boolean, |a: &BooleanArray, out| {
        out.extend(a.iter())
    })
}

/// Rows over all batches.
pub(crate) fn rows(batches: &[RecordBatch]) -> usize {
    batches.iter().map(|b| b.num_rows()).sum()
}

/// A timestamp column over all batches, as milliseconds since 1970-01-01 of its UTC
/// reading (the wall-clock time, for files written as the engine path expects).
pub(crate) fn millis(batches: &[RecordBatch], name: &str) -> Result<Vec<Option<i64>>, EngineError> {
    use arrow::array::TimestampMillisecondArray;
    use arrow::datatypes::TimeUnit;
    let to = DataType::Timestamp(TimeUnit::Millisecond, None);
    let mut out = Vec::new();
    for b in batches {
        let c = b.column_by_name(name).ok_or_else(|| shape(name))?;
        // Drop any time zone first: the instant's UTC fields are the wall-clock time.
        let c = match c.data_type() {
            DataType::Timestamp(unit, Some(_)) => cast(c, &DataType::Timestamp(*unit, None)),
            _ => Ok(c.clone()),
        }
        .and_then(|c| cast(&c, &to))
        .map_err(|e| EngineError::Shape {
            what: format!("column {name}"),
            message: e.to_string(),
        })?;
        let s = c
            .as_any()
            .downcast_ref::<TimestampMillisecondArray>()
            .ok_or_else(|| shape(name))?;
        out.extend(s.iter());
    }
    Ok(out)
}
