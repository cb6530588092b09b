//! Reading one sheet's rows: find the header, then feed the rows below it to the builder.
//! Workbook sheets and CSV files go through the same scanner.

use super::builder::TableBuilder;
use super::guess::{Preview, SAMPLE_ROWS};
use super::header::{headerless, match_header, Columns, HeaderMatch, HEADER_SEARCH_ROWS};
use super::value::Value;
use super::LoadOptions;

#[derive(Debug)]
enum State {
    Searching {
        rows_seen: usize,
        best: Option<Best>,
    },
    Reading {
        cols: Columns,
        header_row: usize,
    },
    GaveUp {
        best: Option<Best>,
    },
}

/// The row that came closest to a header, and where it is among the rows kept.
#[derive(Debug)]
struct Best {
    header: HeaderMatch,
    at: usize,
}

/// What became of one sheet.
#[derive(Debug)]
pub(crate) enum SheetOutcome {
    /// Transactions were read: the 1-based header row, and how many data rows it had.
    Used {
        header_row: usize,
        rows: usize,
        preset: super::Preset,
        /// Fields the sheet does not have.
        absent: Vec<crate::columns::Field>,
        /// The header of the time-of-day column beside the dates, if there is one.
        time_of_day: Option<String>,
    },
    Empty,
    /// Not a transactions table: the header candidate that came closest, if any, with
    /// the sheet's first rows for the mapping step.
    NoHeader(Option<Box<(HeaderMatch, Preview)>>),
}

#[derive(Debug)]
pub(crate) struct SheetScan<'m> {
    pub name: String,
    options: &'m LoadOptions,
    decimal_comma: bool,
    state: State,
    rows_before: usize,
    /// The first non-empty rows, kept while no header is found, for the mapping step.
    head: Vec<Vec<Value<'static>>>,
}

impl<'m> SheetScan<'m> {
    pub(crate) fn new(name: String, options: &'m LoadOptions, decimal_comma: bool) -> Self {
        Self {
            name,
            options,
            decimal_comma,
            state: State::Searching {
                rows_seen: 0,
                best: None,
            },
            rows_before: 0,
            head: vec![],
        }
    }

    /// A file without a header is read by content unless the user chose a layout or
    /// mapped columns by header.
    fn headerless_allowed(&self) -> bool {
        self.options.mapping.is_empty()
            && matches!(self.options.preset, None | Some(super::Preset::PurchaseLog))
    }

    /// Whether the rest of the sheet can be skipped: no header in the first rows, and
    /// enough rows kept to show and judge the columns.
    pub(crate) fn gave_up(&self) -> bool {
        matches!(self.state, State::GaveUp { .. })
            && self.head.len() >= HEADER_SEARCH_ROWS + SAMPLE_ROWS
    }

    /// Whether the header has been found and rows are being read.
    pub(crate) fn is_reading(&self) -> bool {
        matches!(self.state, State::Reading { .. })
    }

    /// The columns the rows are read by, once the header has been found.
    pub(crate) fn columns(&self) -> Option<&Columns> {
        match &self.state {
            State::Reading { cols, .. } => Some(cols),
            _ => None,
        }
    }

    /// Handles one row; `row_number` is 1-based.
    pub(crate) fn row(&mut self, cells: &[Value<'_>], row_number: usize, out: &mut TableBuilder) {
        let headerless_allowed = self.headerless_allowed();
        match &mut self.state {
            State::Reading { cols, .. } => {
                out.push(cells, cols, &self.name, row_number, self.decimal_comma);
            }
            State::Searching { rows_seen, best } => {
                if cells.iter().all(Value::is_empty) {
                    return;
                }
                *rows_seen += 1;
                self.head.push(cells.iter().map(Value::to_static).collect());
                if *rows_seen == 1 && headerless_allowed {
                    if let Some(cols) = headerless(cells) {
                        self.rows_before = out.len();
                        out.push(cells, &cols, &self.name, row_number, self.decimal_comma);
                        self.state = State::Reading {
                            cols,
                            header_row: 0,
                        };
                        return;
                    }
                }
                let m = match_header(cells, self.options);
                if let Some(cols) = m.complete() {
                    self.head = vec![];
                    self.rows_before = out.len();
                    self.state = State::Reading {
                        cols,
                        header_row: row_number,
                    };
                    return;
                }
                if best
                    .as_ref()
                    .is_none_or(|b| m.matched() > b.header.matched())
                {
                    *best = Some(Best {
                        header: m,
                        at: self.head.len() - 1,
                    });
                }
                if *rows_seen >= HEADER_SEARCH_ROWS {
                    let best = best.take();
                    self.state = State::GaveUp { best };
                }
            }
            State::GaveUp { .. } => {
                if self.head.len() < HEADER_SEARCH_ROWS + SAMPLE_ROWS
                    && !cells.iter().all(Value::is_empty)
                {
                    self.head.push(cells.iter().map(Value::to_static).collect());
                }
            }
        }
    }

    pub(crate) fn finish(self, out: &TableBuilder) -> SheetOutcome {
        match self.state {
            State::Reading { header_row, cols } => SheetOutcome::Used {
                header_row,
                rows: out.len() - self.rows_before,
                preset: cols.preset,
                absent: cols.absent(),
                time_of_day: cols.time.map(|t| t.header),
            },
            State::Searching { rows_seen: 0, .. } => SheetOutcome::Empty,
            State::Searching { best, .. } | State::GaveUp { best } => {
                SheetOutcome::NoHeader(best.map(|b| {
                    let rows = self.head.get(b.at + 1..).unwrap_or_default();
                    let preview = Preview::build(&self.head[b.at], rows, self.decimal_comma);
                    Box::new((b.header, preview))
                }))
            }
        }
    }
}
