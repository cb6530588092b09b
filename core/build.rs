//! Lets the tests embed the full Online Retail workbook (and the CDNOW sample the
//! lifetime-value literature fits) when `../shared/data` is present
//! (CI and developer machines), so the reference figures are checked natively and in the
//! browser; without it those tests report that they were skipped.

use std::path::Path;

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let data = Path::new(&dir).join("../../shared/data");
    println!("cargo::rerun-if-changed=build.rs");
    for (cfg, env, file) in [
        (
            "segwork_full_data",
            "SEGWORK_FULL_DATA",
            "online_retail.xlsx",
        ),
        (
            "segwork_ii_data",
            "SEGWORK_II_DATA",
            "online_retail_II_subset_2sheets.xlsx",
        ),
        (
            "segwork_cdnow_data",
            "SEGWORK_CDNOW_DATA",
            "cdnow_sample.txt",
        ),
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        let path = data.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        if path.exists() {
            println!("cargo::rustc-cfg={cfg}");
            println!("cargo::rustc-env={env}={}", path.display());
        }
    }
}
