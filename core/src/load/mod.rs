//! Step 1: bytes → the transactions frame. Recognises the file format from its content
//! (not its name), finds the header row and columns by name in every sheet, and
//! concatenates the sheets that hold transactions.

mod builder;
mod coverage;
mod csv;
mod error;
mod guess;
mod header;
mod preset;
mod scan;
mod value;
mod workbook;

pub use coverage::consequences;
pub use error::{BadCell, LoadError};
pub use guess::{ColumnKind, Preview, PREVIEW_ROWS};
pub use header::{ColumnMapping, NOT_IN_FILE};
pub use preset::{Preset, Rules};
pub use value::{DateReading, DayOrder};

use crate::params::{Check, Valid};
use builder::TableBuilder;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceFormat {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
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
    pub sheets: Vec<SheetSummary>,
    pub rows: usize,
}

/// The transactions frame and how it was read.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub frame: DataFrame,
    pub summary: LoadSummary,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Recognises the format from the first bytes.
fn sniff(bytes: &[u8]) -> Result<SourceFormat, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::EmptyFile);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        let head = &bytes[..bytes.len().min(256)];
        if contains(
            head,
            b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
        ) {
            return Ok(SourceFormat::Ods);
        }
        if contains(head, b"mimetypeapplication/vnd.oasis.opendocument") {
            return Err(LoadError::NotASpreadsheet {
                looks_like: "an OpenDocument text or presentation".into(),
            });
        }
        if contains(bytes, b"xl/workbook.bin") {
            return Ok(SourceFormat::Xlsb);
        }
        if contains(bytes, b"xl/workbook.xml") || contains(bytes, b"xl/worksheets") {
            return Ok(SourceFormat::Xlsx);
        }
        if contains(bytes, b"word/document.xml") {
            return Err(LoadError::NotASpreadsheet {
                looks_like: "a Word document".into(),
            });
        }
        // A zip whose directory we cannot see (truncated): let the reader report it.
        return Ok(SourceFormat::Xlsx);
    }
    if bytes.starts_with(OLE_MAGIC) {
        // An encrypted xlsx is an OLE container holding an "EncryptedPackage" stream; its
        // directory stores names in UTF-16LE.
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if contains(bytes, &name) {
            return Err(LoadError::PasswordProtected);
        }
        return Ok(SourceFormat::Xls);
    }
    let known: [(&[u8], &str); 5] = [
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1f\x8b", "a gzip archive"),
    ];
    if let Some((_, what)) = known.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Err(LoadError::NotASpreadsheet {
            looks_like: (*what).into(),
        });
    }
    let probe = &bytes[..bytes.len().min(8192)];
    let utf16 = probe.starts_with(b"\xff\xfe") || probe.starts_with(b"\xfe\xff");
    if !utf16 && probe.contains(&0) {
        return Err(LoadError::NotASpreadsheet {
            looks_like: "a binary file".into(),
        });
    }
    Ok(SourceFormat::Csv)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Reads transactions from a file's bytes. `progress` receives the fraction read, 0..=1.
pub fn load(
    bytes: Vec<u8>,
    options: &Valid<LoadOptions>,
    progress: &mut dyn FnMut(f64),
) -> Result<Loaded, LoadError> {
    let format = sniff(&bytes)?;
    let mut out = TableBuilder::new();
    let mapping = &options.mapping;
    let results = match format {
        SourceFormat::Csv => csv::read(&bytes, options, &mut out, progress)?,
        SourceFormat::Xlsx => {
            workbook::read(bytes, WorkbookKind::Xlsx, options, &mut out, progress)?
        }
        _ => workbook::read(bytes, WorkbookKind::Other, options, &mut out, progress)?,
    };
    let (preset, absent) = results
        .iter()
        .find_map(|(_, o)| match o {
            SheetOutcome::Used { preset, absent, .. } => Some((*preset, absent.clone())),
            _ => None,
        })
        .unwrap_or((Preset::Generic, vec![]));
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
