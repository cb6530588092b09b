//! Finding the header row and the column of each field.

use super::value::Value;
use crate::columns::{field_for_header, normalise_header, Field};
use std::collections::BTreeMap;

/// How many rows from the top are searched for the header.
pub(crate) const HEADER_SEARCH_ROWS: usize = 30;

/// The user's choice of column for some or all fields, by header text. Fields not named
/// are matched automatically.
pub type ColumnMapping = BTreeMap<Field, String>;

/// Where each field is, once the header row is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    pub positions: [usize; 8],
}

/// The result of looking at one row as a possible header.
#[derive(Debug, Clone)]
pub(crate) struct HeaderMatch {
    pub found: Vec<String>,
    pub positions: [Option<usize>; 8],
}

impl HeaderMatch {
    pub(crate) fn matched(&self) -> usize {
        self.positions.iter().flatten().count()
    }

    pub(crate) fn missing(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| self.positions[*f as usize].is_none())
            .collect()
    }

    pub(crate) fn complete(&self) -> Option<Columns> {
        let mut positions = [0; 8];
        for (slot, p) in positions.iter_mut().zip(self.positions) {
            *slot = p?;
        }
        Some(Columns { positions })
    }
}

/// Matches one row's cells against the fields, honouring the user's mapping first.
pub(crate) fn match_header(row: &[Value<'_>], mapping: &ColumnMapping) -> HeaderMatch {
    let found: Vec<String> = row
        .iter()
        .map(|v| v.display().trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let mut positions = [None; 8];
    for (field, header) in mapping {
        let want = normalise_header(header);
        positions[*field as usize] = row
            .iter()
            .position(|v| normalise_header(&v.display()) == want);
    }
    for (i, cell) in row.iter().enumerate() {
        if let Some(field) = field_for_header(&cell.display()) {
            let slot = &mut positions[field as usize];
            if slot.is_none() && !mapping.contains_key(&field) {
                *slot = Some(i);
            }
        }
    }
    HeaderMatch { found, positions }
}
