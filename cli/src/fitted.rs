//! `segwork analyze --features`: the model fitted here on a feature table an engine
//! brought back, written out as `model.json` for `segwork score` and as `segments.csv`.

use segwork_core::model::{Base, ModelParams};
use segwork_core::sql::ModelSpec;
use segwork_core::{AnalysisParams, Check};
use segwork_spark::files;
use std::path::Path;

pub fn analyze_features(path: &Path, params: &AnalysisParams, out: &Path) -> Result<(), String> {
    let (features, meta) = files::read_features(path).map_err(|e| e.to_string())?;
    println!(
        "Feature table {}: {} customers ({} mode, computed by the engine)",
        path.display(),
        features.ids.len(),
        meta.mode
    );
    let model: ModelParams = params.model.clone().without_sweep();
    let valid = model.check().map_err(|e| e.to_string())?;
    let base = Base::fit(features.values.view(), &valid, &mut |_| {}).map_err(|e| e.to_string())?;
    let kmeans = valid.kmeans.check().map_err(|e| e.to_string())?;
    let clustering = base.clustering(&kmeans).map_err(|e| e.to_string())?;
    let fitted = base.score(clustering.clone());
    let outliers = base.outlier.iter().filter(|&&o| o).count();
    println!(
        "  outliers: {outliers}  (kept {})",
        base.outlier.len() - outliers
    );
    println!(
        "  PCA: {} components, cumulative explained variance {:.3}",
        base.pca.kept,
        base.pca.cumulative()
    );
    let s = &fitted.scores;
    println!(
        "  k = {}: silhouette {:.3}, Calinski-Harabasz {:.1}, Davies-Bouldin {:.3}",
        clustering.k, s.silhouette, s.calinski_harabasz, s.davies_bouldin
    );
    let sizes: Vec<String> = clustering.sizes.iter().map(usize::to_string).collect();
    println!("  segment sizes: {}", sizes.join(" / "));
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let spec = ModelSpec::new(features.values.view(), &base, &clustering);
    let json = serde_json::to_string_pretty(&spec).map_err(|e| e.to_string())?;
    let model_path = out.join("model.json");
    std::fs::write(&model_path, json)
        .map_err(|e| format!("cannot write {}: {e}", model_path.display()))?;
    let mut csv = String::from("CustomerID,outlier,segment\n");
    for (id, seg) in features.ids.iter().zip(&fitted.segment) {
        let seg = seg.map(|s| (s + 1).to_string()).unwrap_or_default();
        csv.push_str(&format!("{},{},{seg}\n", csv_field(id), seg.is_empty()));
    }
    let seg_path = out.join("segments.csv");
    std::fs::write(&seg_path, csv)
        .map_err(|e| format!("cannot write {}: {e}", seg_path.display()))?;
    println!("wrote {}", model_path.display());
    println!("wrote {}", seg_path.display());
    Ok(())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
