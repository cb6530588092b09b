//! Exports of an analysis as text: the customer table and the recommendations as CSV,
//! the whole analysis as JSON. The command line writes them to files, the app offers them
//! as downloads; both use these functions so the files are identical.

use crate::columns::Feature;
use crate::pipeline::Analysis;

/// One row per customer: id, the 15 features, segment (empty for outliers), outlier flag,
/// outlier score and the principal-component coordinates.
pub fn customers_csv(a: &Analysis) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = vec!["CustomerID".into()];
    header.extend(Feature::ALL.iter().map(|f| f.name().to_owned()));
    header.extend(["Segment", "Is_Outlier", "Outlier_Score"].map(String::from));
    header.extend((1..=a.pca.kept).map(|i| format!("PC{i}")));
    w.write_record(&header)?;
    let c = &a.customers;
    for i in 0..c.ids.len() {
        let mut row: Vec<String> = vec![c.ids[i].clone()];
        row.extend(c.features[i].iter().map(|v| fmt(*v)));
        row.push(
            c.segment[i]
                .map(|s| (s + 1).to_string())
                .unwrap_or_default(),
        );
        row.push(u8::from(c.outlier[i]).to_string());
        row.push(fmt(c.outlier_score[i]));
        row.extend(c.coords[i].iter().map(|v| fmt(*v)));
        w.write_record(&row)?;
    }
    finish(w)
}

/// One row per recommended product per customer, best seller first.
pub fn recommendations_csv(a: &Analysis) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "CustomerID",
        "Segment",
        "Rank",
        "StockCode",
        "Description",
        "Segment_Quantity",
        "Segment_Buyers",
    ])?;
    for c in &a.recommendations.customers {
        let Some(seg) = a.recommendations.segments.get(c.segment) else {
            continue;
        };
        for (rank, &p) in c.picks.iter().enumerate() {
            let Some(product) = seg.products.get(p) else {
                continue;
            };
            w.write_record([
                c.customer_id.clone(),
                (c.segment + 1).to_string(),
                (rank + 1).to_string(),
                product.stock_code.clone(),
                product.description.clone(),
                fmt(product.quantity),
                product.buyers.to_string(),
            ])?;
        }
    }
    finish(w)
}

/// Each segment's best sellers.
pub fn segment_products_csv(a: &Analysis) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "Segment",
        "Rank",
        "StockCode",
        "Description",
        "Quantity",
        "Revenue",
        "Buyers",
    ])?;
    for s in &a.recommendations.segments {
        for (rank, p) in s.products.iter().enumerate() {
            w.write_record([
                (s.segment + 1).to_string(),
                (rank + 1).to_string(),
                p.stock_code.clone(),
                p.description.clone(),
                fmt(p.quantity),
                fmt(p.revenue),
                p.buyers.to_string(),
            ])?;
        }
    }
    finish(w)
}

pub fn report_json(a: &Analysis) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(a)
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, csv::Error> {
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Whole numbers without a fraction; others with up to 6 significant decimals.
fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}
