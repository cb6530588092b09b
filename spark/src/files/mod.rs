//! The Parquet files the commands exchange: line items (`export-parquet`), the feature
//! table (`features`, which `analyze --features` reads back) and the scored customers
//! (`score`). Written and read with the Arrow project's own `parquet` crate, the release
//! of the Arrow the Spark Connect client speaks.

use crate::EngineError;
use arrow::array::{ArrayRef, BooleanArray, Float64Array, Int32Array, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use segwork_core::columns::Feature;
use segwork_core::features::{CustomerFeatures, Mode};
use segwork_core::sql::{CleanCount, CUSTOMER_COLUMN, OUTLIER_COLUMN, SEGMENT_COLUMN};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// The key of the feature file's own metadata.
const FEATURES_KEY: &str = "segwork.features";
mod line_items;

pub use line_items::{lines_meta, parquet_files, read_lines, write_lines};

/// Rows per record batch and row group written.
const BATCH: usize = 1 << 17;

/// What a feature file says about itself, beside the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureMeta {
    pub mode: Mode,
    pub main_country: Option<String>,
    /// Customers after cleaning, and those the table leaves out (reference mode).
    pub customers: usize,
    pub left_out: usize,
    pub counts: Vec<CleanCount>,
}

fn write(
    path: &Path,
    schema: Arc<Schema>,
    columns: Vec<ArrayRef>,
    meta: Option<KeyValue>,
) -> Result<(), EngineError> {
    let fail = |e: String| EngineError::file(path)(e);
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(BATCH))
        .set_key_value_metadata(meta.map(|m| vec![m]))
        .build();
    let file = std::fs::File::create(path).map_err(|e| fail(e.to_string()))?;
    let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| fail(e.to_string()))?;
    let mut writer =
        ArrowWriter::try_new(file, schema, Some(props)).map_err(|e| fail(e.to_string()))?;
    let mut at = 0;
    while at < batch.num_rows() {
        let n = BATCH.min(batch.num_rows() - at);
        writer
            .write(&batch.slice(at, n))
            .map_err(|e| fail(e.to_string()))?;
        at += n;
    }
    writer.close().map_err(|e| fail(e.to_string()))?;
    Ok(())
}

fn text(name: &str, values: &[Option<String>]) -> (Field, ArrayRef) {
    let a: StringArray = values.iter().map(Option::as_deref).collect();
    (Field::new(name, DataType::Utf8, true), Arc::new(a))
}

fn double(name: &str, values: &[Option<f64>]) -> (Field, ArrayRef) {
    (
        Field::new(name, DataType::Float64, true),
        Arc::new(Float64Array::from(values.to_vec())),
    )
}

fn table(columns: Vec<(Field, ArrayRef)>) -> (Arc<Schema>, Vec<ArrayRef>) {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = columns.into_iter().unzip();
    (Arc::new(Schema::new(fields)), arrays)
}

/// Writes the feature table: `CustomerID`, the 15 features, and [`FeatureMeta`].
pub fn write_features(
    path: &Path,
    f: &CustomerFeatures,
    meta: &FeatureMeta,
) -> Result<(), EngineError> {
    let ids: Vec<Option<String>> = f.ids.iter().cloned().map(Some).collect();
    let mut columns = vec![text(CUSTOMER_COLUMN, &ids)];
    for feature in Feature::ALL {
        let v: Vec<Option<f64>> = f
            .values
            .column(feature.index())
            .iter()
            .map(|&x| Some(x))
            .collect();
        columns.push(double(feature.name(), &v));
    }
    let (schema, arrays) = table(columns);
    write(path, schema, arrays, Some(tag(path, FEATURES_KEY, meta)?))
}

/// A file's own metadata under `key`, as JSON.
fn tag(path: &Path, key: &str, meta: &impl Serialize) -> Result<KeyValue, EngineError> {
    let json = serde_json::to_string(meta).map_err(|e| EngineError::file(path)(e.to_string()))?;
    Ok(KeyValue::new(key.into(), json))
}

/// Reads a feature file written by `segwork features`.
pub fn read_features(path: &Path) -> Result<(CustomerFeatures, FeatureMeta), EngineError> {
    let fail = |e: String| EngineError::file(path)(e);
    let file = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| fail(format!("not a Parquet file ({e})")))?;
    let meta = builder
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|k| k.key == FEATURES_KEY))
        .and_then(|k| k.value.clone())
        .ok_or_else(|| {
            fail(
                "not a feature table written by `segwork features` (no segwork.features metadata)"
                    .into(),
            )
        })?;
    let meta: FeatureMeta = serde_json::from_str(&meta).map_err(|e| fail(e.to_string()))?;
    let reader = builder.build().map_err(|e| fail(e.to_string()))?;
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail(e.to_string()))?;
    let features =
        crate::engine::feature_table(&batches, meta.left_out, meta.main_country.clone())?;
    Ok((features, meta))
}

/// Writes the scored customers: `CustomerID`, `outlier`, `segment` (1, 2, …; empty for
/// an outlier).
pub fn write_scored(path: &Path, scored: &[crate::Scored]) -> Result<(), EngineError> {
    let ids: Vec<Option<String>> = scored.iter().map(|s| Some(s.customer.clone())).collect();
    let outlier: BooleanArray = scored.iter().map(|s| Some(s.outlier)).collect();
    let segment: Int32Array = scored
        .iter()
        .map(|s| s.segment.and_then(|x| i32::try_from(x).ok()))
        .collect();
    let (schema, arrays) = table(vec![
        text(CUSTOMER_COLUMN, &ids),
        (
            Field::new(OUTLIER_COLUMN, DataType::Boolean, false),
            Arc::new(outlier),
        ),
        (
            Field::new(SEGMENT_COLUMN, DataType::Int32, true),
            Arc::new(segment),
        ),
    ]);
    write(path, schema, arrays, None)
}
