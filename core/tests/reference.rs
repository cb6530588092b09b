//! The published figures on the full UCI Online Retail workbook (REFERENCE.md). The file
//! lives in `../shared/data`, not in the repository: when it is absent these tests are
//! reported as ignored, with the reason, and `cargo xtask test` says so too.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(any(segwork_full_data, segwork_ii_data))]
mod common;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(segwork_full_data)]
mod full {
    use super::common::segment_ok;
    use segwork_core::clean::CleanStepId;
    use segwork_core::{Analysis, AnalysisParams, Mode};

    pub fn bytes() -> Vec<u8> {
        include_bytes!(env!("SEGWORK_FULL_DATA")).to_vec()
    }

    pub fn reference() -> Analysis {
        let mut p = AnalysisParams {
            mode: Mode::Reference,
            ..Default::default()
        };
        p.model.sweep = 2..=3;
        segment_ok(bytes(), &p)
    }

    pub fn check_reference(a: &Analysis) {
        let rows: Vec<(CleanStepId, usize)> =
            a.file.cleaning.iter().map(|s| (s.id, s.rows_out)).collect();
        assert_eq!(
            rows,
            [
                (CleanStepId::Load, 541_909),
                (CleanStepId::MissingValues, 406_829),
                (CleanStepId::Duplicates, 401_604),
                (CleanStepId::Cancellations, 401_604),
                (CleanStepId::StockCodes, 399_689),
                (CleanStepId::ServiceDescriptions, 399_606),
                (CleanStepId::Prices, 399_573),
            ]
        );
        assert_eq!(a.file.cancelled_rows, 8_872);
        assert_eq!(a.file.customers_total, 4_362);
        assert_eq!(a.features.ids.len(), 4_282);
        let outliers = a.model.outlier.iter().filter(|o| **o).count();
        assert!((205..=225).contains(&outliers), "{outliers} outliers");
        assert_eq!(a.model.pca.kept, 6);
        assert!(
            (0.795..=0.815).contains(&a.model.pca.cumulative),
            "cumulative variance {}",
            a.model.pca.cumulative
        );
        assert!(
            (0.226..=0.246).contains(&a.segmentation.scores.silhouette),
            "silhouette {}",
            a.segmentation.scores.silhouette
        );
    }
}

#[test]
#[cfg_attr(
    not(segwork_full_data),
    ignore = "needs ../shared/data/online_retail.xlsx"
)]
fn reference_mode_reproduces_the_published_figures() {
    #[cfg(segwork_full_data)]
    full::check_reference(&full::reference());
    #[cfg(not(segwork_full_data))]
    println!("SKIPPED: ../shared/data/online_retail.xlsx is not present");
}

#[test]
#[cfg_attr(
    not(segwork_full_data),
    ignore = "needs ../shared/data/online_retail.xlsx"
)]
fn corrected_mode_keeps_every_customer() {
    #[cfg(segwork_full_data)]
    {
        let mut p = segwork_core::AnalysisParams::default();
        p.model.sweep = 2..=2;
        let a = common::segment_ok(full::bytes(), &p);
        assert_eq!(a.features.ids.len(), 4_362);
        assert_eq!(a.features.dropped_single_line, 0);
    }
    #[cfg(not(segwork_full_data))]
    println!("SKIPPED: ../shared/data/online_retail.xlsx is not present");
}

#[test]
#[cfg_attr(
    not(segwork_ii_data),
    ignore = "needs ../shared/data/online_retail_II_subset_2sheets.xlsx"
)]
fn online_retail_ii_two_sheets_read_as_one_table() {
    #[cfg(segwork_ii_data)]
    {
        let l = common::load_ok(include_bytes!(env!("SEGWORK_II_DATA")).to_vec());
        assert_eq!(l.frame.height(), 34_766);
        let used: Vec<_> = l.summary.sheets.iter().map(|s| s.status.clone()).collect();
        use segwork_core::load::SheetStatus::Used;
        assert_eq!(
            used,
            [
                Used {
                    header_row: 1,
                    rows: 14_269
                },
                Used {
                    header_row: 1,
                    rows: 20_497
                }
            ]
        );
    }
    #[cfg(not(segwork_ii_data))]
    println!("SKIPPED: ../shared/data/online_retail_II_subset_2sheets.xlsx is not present");
}
