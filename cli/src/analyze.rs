//! `segwork analyze`: one run, printed and written to files.

use crate::print;
use crate::timing::Timer;
use segwork_core::columns::Field;
use segwork_core::export::Table;
use segwork_core::{
    export, run as run_pipeline, AnalysisParams, CleanParams, Error, LoadError, LoadOptions,
};
use std::path::Path;

/// The workbook with every table, one per sheet.
const WORKBOOK: &str = "segwork.xlsx";
use std::time::Instant;

pub fn run(
    file: &Path,
    options: &LoadOptions,
    clean: &CleanParams,
    params: &AnalysisParams,
    out: &Path,
) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let mut timer = Timer::new(true);
    let t0 = Instant::now();
    let result = run_pipeline(bytes, options, clean, params, &mut |p| timer.event(p));
    timer.done();
    let analysis = result.map_err(|e| with_mapping_hint(&e, "analyze", file))?;
    let total = t0.elapsed();

    print::cleaning(&analysis);
    print::model(&analysis);
    if let Some(insights) = &analysis.insights {
        print::insights(insights);
    }
    if let Some(recs) = &analysis.recs {
        print::recs(recs);
    }
    print::timings(&timer.stages, total);

    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let write = |name: &str, text: Result<String, String>| -> Result<(), String> {
        let path = out.join(name);
        std::fs::write(&path, text?)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
        Ok(())
    };
    write(
        "report.json",
        export::report_json(&analysis).map_err(|e| e.to_string()),
    )?;
    write(
        "customers.csv",
        export::customers_csv(&analysis).map_err(|e| e.to_string()),
    )?;
    write(
        "recommendations.csv",
        export::recommendations_csv(&analysis.segmentation).map_err(|e| e.to_string()),
    )?;
    write(
        "segment_products.csv",
        export::segment_products_csv(&analysis.segmentation).map_err(|e| e.to_string()),
    )?;
    for sheet in export::sheets(&analysis) {
        if matches!(sheet.table, Table::Recommendations | Table::Summary) {
            continue; // recommendations.csv above; the summary is what was printed
        }
        write(
            sheet.table.file(),
            export::sheet_csv(&sheet).map_err(|e| e.to_string()),
        )?;
    }
    let book = export::workbook(&analysis).map_err(|e| e.to_string())?;
    let path = out.join(WORKBOOK);
    std::fs::write(&path, book).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// The error in words, with [`mapping_hint`] after it when there is one.
pub fn with_mapping_hint(e: &Error, command: &str, file: &Path) -> String {
    match mapping_hint(e, command, file) {
        Some(hint) => format!("{e}\n{hint}"),
        None => e.to_string(),
    }
}

/// For a file whose columns were not all found: the `segwork <command>` line with the
/// column guessed for each field, by header and content (what the app's mapping step
/// pre-selects), for the user to check and run.
fn mapping_hint(e: &Error, command: &str, file: &Path) -> Option<String> {
    let Error::Load(LoadError::MissingColumns {
        missing,
        preview: Some(p),
        ..
    }) = e
    else {
        return None;
    };
    let mut args: Vec<String> = Field::ALL
        .iter()
        .filter_map(|f| {
            p.guesses
                .get(f)
                .map(|h| format!("--map {}=\"{h}\"", f.label()))
        })
        .collect();
    if missing.contains(&Field::UnitPrice) && !p.guesses.contains_key(&Field::UnitPrice) {
        if let Some(total) = &p.line_total {
            args.push(format!("--line-total \"{total}\""));
        }
    }
    (!args.is_empty()).then(|| {
        format!(
            "The likeliest columns, by header and content (check them against the file):\n  segwork {command} \"{}\" {}",
            file.display(),
            args.join(" ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use segwork_core::load::{ColumnMapping, Preview};

    fn missing(guesses: &[(Field, &str)], line_total: Option<&str>) -> Error {
        let guesses: ColumnMapping = guesses.iter().map(|(f, h)| (*f, (*h).to_owned())).collect();
        Error::Load(LoadError::MissingColumns {
            sheet: "CSV".into(),
            missing: vec![Field::CustomerId, Field::UnitPrice],
            found: vec![],
            preview: Some(Box::new(Preview {
                headers: vec![],
                kinds: vec![],
                rows: vec![],
                guesses,
                line_total: line_total.map(str::to_owned),
            })),
        })
    }

    #[test]
    fn a_missing_column_comes_with_the_command_for_the_guessed_columns() {
        let e = missing(
            &[
                (Field::InvoiceDate, "Purchased On"),
                (Field::CustomerId, "Client E-mail"),
            ],
            Some("Line Total"),
        );
        let hint = mapping_hint(&e, "analyze", Path::new("till.csv")).unwrap_or_default();
        assert!(
            hint.ends_with(
                r#"segwork analyze "till.csv" --map InvoiceDate="Purchased On" --map CustomerID="Client E-mail" --line-total "Line Total""#
            ),
            "{hint}"
        );
        assert_eq!(
            mapping_hint(&missing(&[], None), "analyze", Path::new("x.csv")),
            None
        );
        let recommend = with_mapping_hint(&e, "recommend", Path::new("till.csv"));
        assert!(
            recommend.contains(r#"segwork recommend "till.csv" --map"#),
            "{recommend}"
        );
    }
}
