//! Why a file could not be read, in words a marketer can act on.

use super::guess::Preview;
use crate::columns::Field;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A value that could not be read, with where it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BadCell {
    pub sheet: String,
    /// 1-based row number as a spreadsheet shows it.
    pub row: usize,
    pub text: String,
}

impl std::fmt::Display for BadCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "row {} of \"{}\": \"{}\"",
            self.row, self.sheet, self.text
        )
    }
}

fn list(cells: &[BadCell]) -> String {
    cells
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn fields(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| f.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Without a customer column nothing can be segmented: say so in the user's words.
/// Names the columns that could serve, from their content and header.
fn customer_hint(missing: &[Field], preview: Option<&Preview>) -> String {
    if !missing.contains(&Field::CustomerId) {
        return String::new();
    }
    let mut text = " Without a customer column there is no way to tell customers apart: choose the column that holds a customer id, e-mail address or name.".to_owned();
    let candidates = preview
        .map(Preview::customer_candidates)
        .unwrap_or_default();
    if !candidates.is_empty() {
        let quoted: Vec<String> = candidates.iter().map(|c| format!("\"{c}\"")).collect();
        text.push_str(&format!(
            " Columns that could serve: {} (on the command line, --map CustomerID=\"{}\").",
            quoted.join(", "),
            candidates[0]
        ));
    }
    text
}

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum LoadError {
    #[error("This file is not a spreadsheet ({looks_like}). Choose an .xlsx, .xlsm, .xls, .ods or .csv file of transactions.")]
    NotASpreadsheet { looks_like: String },

    #[error("The file is empty.")]
    EmptyFile,

    #[error("The workbook is damaged or incomplete and cannot be opened ({detail}). If it was downloaded or copied, try again, or open and re-save it in your spreadsheet program.")]
    Corrupt { detail: String },

    #[error("The workbook is protected by a password. Open it in your spreadsheet program, remove the password, save, and try again.")]
    PasswordProtected,

    #[error("The workbook has no data: every sheet is empty.")]
    EmptyWorkbook,

    #[error("Required columns are missing: {}.{} Columns found in \"{sheet}\": {}.", fields(missing), customer_hint(missing, preview.as_deref()), if found.is_empty() { "none".to_owned() } else { found.join(", ") })]
    MissingColumns {
        sheet: String,
        missing: Vec<Field>,
        found: Vec<String>,
        /// The sheet's first rows and the guessed columns, for the mapping step.
        #[serde(default)]
        preview: Option<Box<Preview>>,
    },

    #[error("{count} {} could not be read as dates, for example {}.", if *count == 1 { "value" } else { "values" }, list(examples))]
    BadDates {
        count: usize,
        examples: Vec<BadCell>,
    },

    #[error("{count} {} in {} could not be read as numbers, for example {}.", if *count == 1 { "value" } else { "values" }, field.label(), list(examples))]
    BadNumbers {
        field: Field,
        count: usize,
        examples: Vec<BadCell>,
    },

    #[error("The file has a header row but no transactions below it.")]
    NoRows,

    #[error("The column mapping names \"{header}\" for {}, but the file has no such column.", field.label())]
    MappingNotFound { field: Field, header: String },

    #[error("The column mapping gives \"{header}\" to both {} and {}: each column can serve one field.", first.label(), second.label())]
    MappingRepeated {
        header: String,
        first: Field,
        second: Field,
    },
}
