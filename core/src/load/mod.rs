//! Step 1: bytes → the transactions frame. Recognises the file format from its content
//! (not its name), finds the header row and columns by name in every sheet, and
//! concatenates the sheets that hold transactions.

mod builder;
mod coverage;
mod csv;
mod error;
mod format;
mod guess;
mod header;
mod preset;
mod scan;
mod value;
mod workbook;
mod xlsx;

pub(crate) use builder::calendar_columns;
pub use coverage::consequences;
pub use error::{BadCell, LoadError};
pub use format::SourceFormat;
pub use guess::{ColumnKind, Preview, PREVIEW_ROWS};
pub use header::{ColumnMapping, NOT_IN_FILE};
pub use preset::{Preset, Rules};
pub use value::{DateReading, DayOrder};
pub use xlsx::inflate_and_scan;

use crate::params::{Check, Valid};
use builder::TableBuilder;
use format::sniff;
use polars::prelude::DataFrame;
use scan::SheetOutcome;
use serde::{Deserialize, Serialize};
use workbook::WorkbookKind;

/// Options of the load step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadOptions {
    /// Columns the user assigned by hand; other fields are found by their header.
    pub mapping: ColumnMapping,
    /// The layout the user chose; `None` recognises it from the header.
    pub preset: Option<Preset>,
    /// The day/month order of dates such as 1/2/2023, where the file never settles it.
    pub day_order: Option<DayOrder>,
    /// The column the user named as each line's total, used where there is no unit price.
    #[serde(default)]
    pub line_total: Option<String>,
}

impl LoadSummary {
    /// Whether the file names its products (by id or by name).
    pub fn has_products(&self) -> bool {
        use crate::columns::Field;
        !(self.absent.contains(&Field::StockCode) && self.absent.contains(&Field::Description))
    }

    /// Where the times of day came from, when a column beside the dates held them.
    pub fn time_of_day_note(&self) -> Option<String> {
        let column = self.time_of_day.as_ref()?;
        Some(format!(
            "Times of day read from the column \"{column}\" (the dates hold only the day)."
        ))
    }
}

impl Check for LoadOptions {
    type Error = LoadError;

    /// A column can serve one field only.
    fn check_ref(&self) -> Result<(), LoadError> {
        let mut seen: Vec<(&str, crate::columns::Field)> = vec![];
        let total = self
            .line_total
            .iter()
            .map(|h| (crate::columns::Field::UnitPrice, h));
        let named = self.mapping.iter().map(|(f, h)| (*f, h)).chain(total);
        for (field, header) in named.filter(|(_, h)| h.as_str() != NOT_IN_FILE) {
            let norm = header.trim();
            if let Some((_, first)) = seen.iter().find(|(h, _)| *h == norm) {
                return Err(LoadError::MappingRepeated {
                    header: norm.to_owned(),
                    first: *first,
                    second: field,
                });
            }
            seen.push((norm, field));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SheetStatus {
    Used { header_row: usize, rows: usize },
    Empty,
    NoTransactions { missing: Vec<crate::columns::Field> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetSummary {
    pub name: String,
    pub status: SheetStatus,
}

/// What was read, for the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadSummary {
    pub format: SourceFormat,
    /// The layout the transactions were read as (the first used sheet's).
    pub preset: Preset,
    /// How dates such as 1/2/2023 were read: settled by the file, or assumed.
    pub dates: DateReading,
    /// Fields the file does not have; each has its stand-in or skips what needs it.
    pub absent: Vec<crate::columns::Field>,
    /// The header of the column the times of day were read from, when the dates hold only
    /// the day and a separate column ("Time") holds the time.
    #[serde(default)]
    pub time_of_day: Option<String>,
    pub sheets: Vec<SheetSummary>,
    pub rows: usize,
}

/// The transactions frame and how it was read.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub frame: DataFrame,
    pub summary: LoadSummary,
}

/// Reads transactions from a file's bytes. `progress` receives the fraction read, 0..=1.
pub fn load(
    bytes: Vec<u8>,
    options: &Valid<LoadOptions>,
    progress: &mut dyn FnMut(f64),
) -> Result<Loaded, LoadError> {
    read(bytes, options, Reader::Fast, progress)
}

/// Which reader reads an xlsx workbook: the fast one (which gives way to calamine when it
/// meets something it does not read), or calamine's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))] // only the tests ask for calamine alone
enum Reader {
    Fast,
    Calamine,
}

fn read(
    bytes: Vec<u8>,
    options: &LoadOptions,
    reader: Reader,
    progress: &mut dyn FnMut(f64),
) -> Result<Loaded, LoadError> {
    let format = sniff(&bytes)?;
    let mut out = TableBuilder::new();
    let mapping = &options.mapping;
    let fast = match (format, reader) {
        (SourceFormat::Xlsx, Reader::Fast) => xlsx::read(&bytes, options, progress).ok(),
        _ => None,
    };
    let results = match (format, fast) {
        (_, Some((builder, results))) => {
            out = builder;
            results
        }
        (SourceFormat::Csv, _) => csv::read(&bytes, options, &mut out, progress)?,
        (SourceFormat::Xlsx, _) => {
            workbook::read(bytes, WorkbookKind::Xlsx, options, &mut out, progress)?
        }
        _ => workbook::read(bytes, WorkbookKind::Other, options, &mut out, progress)?,
    };
    let (preset, absent, time_of_day) = results
        .iter()
        .find_map(|(_, o)| match o {
            SheetOutcome::Used {
                preset,
                absent,
                time_of_day,
                ..
            } => Some((*preset, absent.clone(), time_of_day.clone())),
            _ => None,
        })
        .unwrap_or((Preset::Generic, vec![], None));
    let sheets = summarise(results, mapping)?;
    let (frame, dates) = out.finish(options.day_order)?;
    let rows = frame.height();
    Ok(Loaded {
        frame,
        summary: LoadSummary {
            format,
            preset,
            dates,
            absent,
            time_of_day,
            sheets,
            rows,
        },
    })
}

/// Turns the per-sheet outcomes into the summary, or the error that explains why no
/// sheet could be used.
fn summarise(
    results: Vec<(String, SheetOutcome)>,
    mapping: &ColumnMapping,
) -> Result<Vec<SheetSummary>, LoadError> {
    let any_used = results
        .iter()
        .any(|(_, o)| matches!(o, SheetOutcome::Used { .. }));
    if !any_used {
        let closest = results
            .iter()
            .filter_map(|(name, o)| match o {
                SheetOutcome::NoHeader(Some(m)) => Some((name, &**m)),
                _ => None,
            })
            .max_by_key(|(_, (m, _))| m.matched());
        return Err(match closest {
            None if results
                .iter()
                .all(|(_, o)| matches!(o, SheetOutcome::Empty)) =>
            {
                LoadError::EmptyWorkbook
            }
            None => LoadError::MissingColumns {
                sheet: results.first().map(|(n, _)| n.clone()).unwrap_or_default(),
                missing: crate::columns::Field::ALL.to_vec(),
                found: vec![],
                preview: None,
            },
            Some((sheet, (m, preview))) => {
                let missing = m.missing();
                match missing.iter().find_map(|f| mapping.get(f).map(|h| (*f, h))) {
                    Some((field, header)) => LoadError::MappingNotFound {
                        field,
                        header: header.clone(),
                    },
                    None => LoadError::MissingColumns {
                        sheet: sheet.clone(),
                        missing,
                        found: m.found.clone(),
                        preview: Some(Box::new(preview.clone())),
                    },
                }
            }
        });
    }
    Ok(results
        .into_iter()
        .map(|(name, o)| SheetSummary {
            name,
            status: match o {
                SheetOutcome::Used {
                    header_row, rows, ..
                } => SheetStatus::Used { header_row, rows },
                SheetOutcome::Empty => SheetStatus::Empty,
                SheetOutcome::NoHeader(m) => SheetStatus::NoTransactions {
                    missing: m
                        .map(|b| b.0.missing())
                        .unwrap_or_else(|| crate::columns::Field::ALL.to_vec()),
                },
            },
        })
        .collect())
}
