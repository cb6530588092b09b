//! Lets the tests embed the full Online Retail workbook when `../shared/data` is present
//! (CI and developer machines), so the reference figures are checked natively and in the
//! browser; without it those tests report that they were skipped.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(segwork_full_data)");
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let path = Path::new(&dir).join("../../shared/data/online_retail.xlsx");
    println!("cargo::rerun-if-changed={}", path.display());
    if path.exists() {
        println!("cargo::rustc-cfg=segwork_full_data");
        println!("cargo::rustc-env=SEGWORK_FULL_DATA={}", path.display());
    }
}
