//! `segwork analyze`: one run, printed and written to files.

use crate::print;
use crate::timing::Timer;
use segwork_core::{export, run as run_pipeline, AnalysisParams, CleanParams, LoadOptions};
use std::path::Path;
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
    let analysis = result.map_err(|e| e.to_string())?;
    let total = t0.elapsed();

    print::cleaning(&analysis);
    print::model(&analysis);
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
    Ok(())
}
