//! The Parquet files the commands exchange read back as written, and lines read back
//! give the core the same cleaning and features as the file they came from (what
//! `segwork features --engine local` runs on).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use segwork_core::clean::clean;
use segwork_core::features::{features, FeatureParams, Mode};
use segwork_core::load::load;
use segwork_core::sql::{self, LinesMeta};
use segwork_core::{Check, CleanParams, LoadOptions};
use segwork_spark::files;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn lines_read_back_give_the_core_the_same_features() {
    let dir = repo().join("target/engine-tests/files");
    std::fs::create_dir_all(&dir).unwrap();
    for name in [
        "retail_300.xlsx",
        "shops/orders_export_1.csv",
        "shops/purchase_log.txt",
    ] {
        let bytes = std::fs::read(repo().join("tests/fixtures").join(name)).unwrap();
        let loaded = load(bytes, &LoadOptions::default().check().unwrap(), &mut |_| {}).unwrap();
        let meta = LinesMeta::of(&loaded.summary);
        let table = sql::line_table(&loaded).unwrap();
        let path = dir.join(format!("{}.parquet", name.replace('/', "_")));
        files::write_lines(&path, &table, &meta).unwrap();
        let back = files::read_lines(path.to_str().unwrap()).unwrap();
        assert_eq!(back, table, "{name}: lines read back as written");
        let profile = meta.profile(back.status.is_some());
        let again = sql::loaded_from_lines(back, meta.preset, &profile).unwrap();
        let params = CleanParams::default().check().unwrap();
        for mode in Mode::ALL {
            let fp = FeatureParams { mode }.check().unwrap();
            let (a, b) = (
                clean(&loaded, &params).unwrap(),
                clean(&again, &params).unwrap(),
            );
            let counts = |c: &segwork_core::clean::Cleaned| {
                c.steps
                    .iter()
                    .map(|s| (s.rows_in, s.rows_out, s.flagged))
                    .collect::<Vec<_>>()
            };
            assert_eq!(counts(&a), counts(&b), "{name}");
            assert_eq!(
                features(&a, &fp).unwrap(),
                features(&b, &fp).unwrap(),
                "{name} ({mode})"
            );
        }
    }
}

#[test]
fn a_directory_or_a_pattern_names_its_parquet_files_in_order() {
    let dir = repo().join("target/engine-tests/parts");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["part-1.parquet", "part-0.parquet", "notes.txt"] {
        std::fs::write(dir.join(f), b"x").unwrap();
    }
    let d = dir.to_str().unwrap();
    let names = |p: &str| -> Vec<String> {
        files::parquet_files(p)
            .unwrap()
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names(d), ["part-0.parquet", "part-1.parquet"]);
    assert_eq!(
        names(&format!("{d}/part-*.parquet")),
        ["part-0.parquet", "part-1.parquet"]
    );
    assert!(files::parquet_files(&format!("{d}/none-*.parquet")).is_err());
    assert!(files::read_features(&dir.join("notes.txt")).is_err());
}
