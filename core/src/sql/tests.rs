use super::*;
use crate::clean::CleanStepId;
use crate::load::Preset;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn params(preset: Preset, mode: Mode) -> crate::Valid<SqlParams> {
    let p = SqlParams {
        rules: preset.rules(),
        clean: CleanParams::default(),
        mode,
        input: InputProfile {
            has_invoice: true,
            has_products: true,
            has_status: false,
        },
    };
    p.check().unwrap()
}

fn all_sql(plan: &Plan) -> String {
    let mut s: Vec<&str> = plan.views.iter().map(|(_, q)| q.as_str()).collect();
    s.extend([
        plan.counts.as_str(),
        plan.features.as_str(),
        plan.summary.as_str(),
    ]);
    s.join("\n")
}

/// Numbers with a decimal point but no exponent: Spark would read them as DECIMAL.
fn bare_decimals(sql: &str) -> Vec<String> {
    let mut found = vec![];
    let mut in_string = false;
    let b = sql.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if in_string => i += 1,
            b'\'' => in_string = !in_string,
            c if !in_string
                && c.is_ascii_digit()
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'-')
                {
                    i += 1;
                }
                let token = &sql[start..i];
                if token.contains('.') && !token.contains('e') {
                    found.push(token.to_owned());
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

#[test]
fn a_plan_reads_only_its_input_and_names_every_feature() {
    for preset in [Preset::OnlineRetail, Preset::Shopify] {
        for mode in Mode::ALL {
            let plan = plan("orders", &params(preset, mode)).unwrap();
            assert!(plan
                .views
                .iter()
                .all(|(name, _)| name.starts_with("orders_seg_")));
            assert!(plan.views[0].1.ends_with("FROM orders"));
            for f in crate::columns::Feature::ALL {
                assert!(
                    plan.features.contains(&format!(" AS {}", f.name())),
                    "{f:?}"
                );
            }
            assert_eq!(bare_decimals(&all_sql(&plan)), Vec::<String>::new());
            let opens = all_sql(&plan).matches('(').count();
            assert_eq!(opens, all_sql(&plan).matches(')').count());
        }
    }
}

#[test]
fn the_layouts_rules_and_the_modes_show_in_the_text() {
    let or = plan("t", &params(Preset::OnlineRetail, Mode::Reference)).unwrap();
    let shop = plan("t", &params(Preset::Shopify, Mode::Corrected)).unwrap();
    assert!(all_sql(&or).contains("invoice LIKE 'C%'"));
    assert!(all_sql(&shop).contains("quantity < 0e0"));
    assert!(all_sql(&shop).contains(r"\\W*(postage|shipping"));
    assert!(or.features.contains("r.pos = o.kept_pos"));
    assert!(!shop.features.contains("kept_pos"));
}

#[test]
fn a_rule_switched_off_passes_every_line_and_counts_what_it_would_drop() {
    let mut p = params(Preset::OnlineRetail, Mode::Corrected).into_inner();
    p.clean.switch(CleanStepId::StockCodes, false);
    let plan = plan("t", &p.check().unwrap()).unwrap();
    let pass = plan
        .views
        .iter()
        .find(|(n, _)| n == "t_seg_s_non_products")
        .unwrap();
    assert!(!pass.1.contains("WHERE"));
    let on = plan
        .views
        .iter()
        .find(|(n, _)| n == "t_seg_s_prices")
        .unwrap();
    assert!(on.1.ends_with("WHERE keep"));
    assert_eq!(
        plan.counts.matches("UNION ALL").count(),
        CleanStepId::ALL.len() - 1
    );
}

#[test]
fn table_names_are_checked() {
    let p = params(Preset::OnlineRetail, Mode::Corrected);
    assert_eq!(
        plan("x; DROP", &p),
        Err(SqlError::TableName("x; DROP".into()))
    );
    assert!(plan("", &p).is_err());
}

#[test]
fn the_written_model_flags_the_fitted_customers_as_the_core_did() {
    use crate::model::{Base, ModelParams};
    let x = ndarray::Array2::from_shape_fn((300, crate::columns::Feature::COUNT), |(i, j)| {
        ((i * 7919 + j * 104_729) % 1000) as f64 / (1.0 + j as f64)
            + if i % 50 == 0 { 5e3 } else { 0.0 }
    });
    let params = ModelParams::default().without_sweep().check().unwrap();
    let base = Base::fit(x.view(), &params, &mut |_| {}).unwrap();
    let clustering = base.clustering(&params.kmeans.check().unwrap()).unwrap();
    let spec = ModelSpec::new(x.view(), &base, &clustering);
    let below = spec.outlier_below.unwrap();
    let totals = base.forest.path_totals(x.view());
    let flagged: Vec<bool> = totals.iter().map(|&t| t < below).collect();
    assert_eq!(flagged, base.outlier);
    assert_eq!(spec.centroids.len(), params.k());
    let json = serde_json::to_string(&spec).unwrap();
    assert_eq!(serde_json::from_str::<ModelSpec>(&json).unwrap(), spec);
    let (views, query) = spec.plan("features").unwrap();
    assert_eq!(views.len(), 2);
    assert!(query.contains("WHEN d_0 <= d_1"));
    assert_eq!(bare_decimals(&views[0].1), Vec::<String>::new());
}

#[test]
fn the_cached_view_holds_the_duplicates_window_and_no_later_view_repeats_it() {
    let plan = plan("orders", &params(Preset::OnlineRetail, Mode::Corrected)).unwrap();
    assert_eq!(plan.cached.len(), 1);
    let cached = &plan.cached[0];
    let at = plan
        .views
        .iter()
        .position(|(name, _)| name == cached)
        .expect("the cached view is defined by the plan");
    // The duplicates' window is in it, and no later view computes it again.
    let window = format!("PARTITION BY {}", lines::INVOICE);
    assert!(plan.views[at].1.contains(&window));
    assert!(plan.views[at + 1..]
        .iter()
        .all(|(_, q)| !q.contains(&window)));
}
