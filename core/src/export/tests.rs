//! Unit tests of the exports on the 999-line fixture.

use super::*;
use crate::{run, AnalysisParams, LoadOptions};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn analysis() -> Analysis {
    let bytes = include_bytes!("../../../tests/fixtures/online_retail_first999.csv").to_vec();
    let mut p = AnalysisParams::default();
    p.model = p.model.without_sweep();
    run(
        bytes,
        &LoadOptions::default(),
        &crate::CleanParams::default(),
        &p,
        &mut |_| {},
    )
    .unwrap()
}

fn rows(csv_text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_customer_table_has_every_customer_feature_and_coordinate() {
    let a = analysis();
    let text = customers_csv(&a).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(header[0], "CustomerID");
    assert_eq!(header[1], Feature::DaysSinceLastPurchase.name());
    assert_eq!(header[16..19], ["Segment", "Is_Outlier", "Outlier_Score"]);
    assert_eq!(header.len(), 19 + a.model.pca.kept);
    let body = rows(&text);
    assert_eq!(body.len(), a.features.ids.len());
    for (i, row) in body.iter().enumerate() {
        assert_eq!(row[0], a.features.ids[i]);
        let outlier = a.model.outlier[i];
        assert_eq!(row[17], if outlier { "1" } else { "0" });
        assert_eq!(row[16].is_empty(), outlier, "outliers have no segment");
        let spend: f64 = row[1 + Feature::TotalSpend.index()].parse().unwrap();
        let want = a.features.features[i][Feature::TotalSpend.index()];
        assert!((spend - want).abs() <= 1e-6 * want.abs().max(1.0));
    }
}

#[test]
fn recommendations_list_each_pick_with_its_rank() {
    let a = analysis();
    let r = &a.segmentation.recommendations;
    let body = rows(&recommendations_csv(&a.segmentation).unwrap());
    let picks: usize = r.customers.iter().map(|c| c.picks.len()).sum();
    assert_eq!(body.len(), picks);
    let first = r.customers.iter().find(|c| !c.picks.is_empty()).unwrap();
    let product = &r.segments[first.segment].products[first.picks[0]];
    let row = body.iter().find(|row| row[0] == first.customer_id).unwrap();
    assert_eq!(row[1], (first.segment + 1).to_string());
    assert_eq!(
        (row[2].as_str(), row[3].as_str()),
        ("1", product.stock_code.as_str())
    );
    let best = rows(&segment_products_csv(&a.segmentation).unwrap());
    let listed: usize = r.segments.iter().map(|s| s.products.len()).sum();
    assert_eq!(best.len(), listed);
}

#[test]
fn numbers_are_written_as_people_read_them() {
    assert_eq!(fmt(3.0), "3");
    assert_eq!(fmt(2.5), "2.5");
    assert_eq!(fmt(1.0 / 3.0), "0.333333");
    assert_eq!(fmt(-0.1), "-0.1");
}

#[test]
fn the_workbook_has_one_sheet_per_table_and_reads_back() {
    use calamine::{Data, Reader, Xlsx};
    let a = analysis();
    let bytes = workbook(&a).unwrap();
    assert_eq!(
        bytes,
        workbook(&a).unwrap(),
        "the same analysis gives the same bytes"
    );
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    let want: Vec<&str> = sheets(&a).iter().map(|s| s.table.sheet()).collect();
    assert_eq!(names, want);
    for t in [
        Table::Summary,
        Table::Customers,
        Table::RfmSegments,
        Table::Retention,
        Table::Pairs,
    ] {
        assert!(names.iter().any(|n| n == t.sheet()), "{} sheet", t.sheet());
    }
    let customers = book.worksheet_range(Table::Customers.sheet()).unwrap();
    let header: Vec<String> = customers
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(header[0], "CustomerID");
    for c in ScoreColumn::ALL {
        assert!(
            header.iter().any(|h| h == c.header()),
            "{} column",
            c.header()
        );
    }
    assert_eq!(customers.height(), a.features.ids.len() + 1);
    let first = &customers.rows().nth(1).unwrap()[0];
    assert_eq!(first.to_string(), a.features.ids[0]);
    let rfm = book.worksheet_range(Table::RfmSegments.sheet()).unwrap();
    assert_eq!(rfm.height(), 11, "a header and the ten RFM segments");
    assert!(
        matches!(rfm.get((1, 2)), Some(Data::Float(_))),
        "counts are numbers, not text"
    );
}

#[test]
fn each_sheet_is_also_a_csv_with_its_header() {
    let a = analysis();
    for sheet in sheets(&a) {
        let text = sheet_csv(&sheet).unwrap();
        let body = rows(&text);
        assert_eq!(body.len(), sheet.rows.len(), "{}", sheet.table.file());
        assert!(text.starts_with(&sheet.header.join(",")[..sheet.header[0].len()]));
    }
}
