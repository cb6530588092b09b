//! `cargo xtask dist [--single-file]`: the app as it ships, in `target/site/` (not
//! `target/dist/`, where cargo keeps the `dist` profile's build).
//!
//! The release build with link-time optimisation (the `dist` profile in Cargo.toml), each
//! wasm module run through npm binaryen's `wasm-opt` (Debian's miscompiles, TOOLCHAIN.md),
//! the Subresource-Integrity hashes in `index.html` made again for the optimised files,
//! and a brotli (`.br`) and a gzip (`.gz`) copy of every file for a server that serves
//! them as they are. Only this command runs the optimiser: it takes minutes, so `serve`
//! and the tests stay fast. With `--single-file` it also writes `segwork.html`, the whole
//! app in one file that works from `file://` with no server (see `single_file.rs`).

use crate::util::{self, cmd, trunk, Result};
use crate::{setup, single_file};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha384};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where the shipped app is written.
pub fn out_dir() -> PathBuf {
    util::repo_root().join("target/site")
}

/// The single file's name, inside [`out_dir`] (or `dist/` for the tests).
pub const SINGLE_FILE: &str = "segwork.html";

/// binaryen's size-first passes: with the `dist` profile they take the worker from 27.8 MB
/// to about 16.5 MB (TOOLCHAIN.md); `cargo xtask bench` measures that speed holds.
const WASM_OPT_LEVEL: &str = "-Oz";

pub fn run(single_file: bool) -> Result {
    setup::run()?;
    let out = out_dir();
    let started = Instant::now();
    util::run(&mut trunk(&format!(
        "build --release --offline --cargo-profile dist --public-url ./ --dist {}",
        out.display()
    )))?;
    println!("built in {:.0} s", started.elapsed().as_secs_f64());
    for wasm in files(&out, |name| name.ends_with(".wasm"))? {
        optimise(&wasm)?;
    }
    fix_integrity(&out)?;
    if single_file {
        let html = single_file::pack(&out)?;
        fs::write(out.join(SINGLE_FILE), html).map_err(|e| format!("{SINGLE_FILE}: {e}"))?;
    }
    let mut sizes = Vec::new();
    for path in files(&out, |name| {
        !name.ends_with(".br") && !name.ends_with(".gz")
    })? {
        sizes.push(precompress(&path)?);
    }
    print_sizes(&out, &sizes);
    println!(
        "\n{} ready in {:.0} s{}",
        out.display(),
        started.elapsed().as_secs_f64(),
        if single_file {
            format!("; the app in one file: {}", out.join(SINGLE_FILE).display())
        } else {
            String::new()
        }
    );
    Ok(())
}

/// The files directly in `dir` whose names pass `keep`, in name order.
fn files(dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_file())
        .filter(|path| path.file_name().is_some_and(|n| keep(&n.to_string_lossy())))
        .collect();
    found.sort();
    Ok(found)
}

/// Runs `wasm-opt` on one module, in place.
fn optimise(wasm: &Path) -> Result {
    let tool = util::repo_root().join("tests/node_modules/.bin/wasm-opt");
    if !tool.is_file() {
        return Err(format!(
            "{} is missing: `cargo xtask setup` installs it",
            tool.display()
        ));
    }
    let before = size(wasm);
    let started = Instant::now();
    let path = wasm.to_string_lossy();
    // The target_features section tells wasm-opt which features (SIMD among them) the
    // module uses; it is kept so later tools can read it too.
    util::run(&mut cmd(
        &tool.to_string_lossy(),
        &[WASM_OPT_LEVEL, &path, "-o", &path],
    ))?;
    println!(
        "wasm-opt {WASM_OPT_LEVEL} {}: {} -> {} in {:.0} s",
        name(wasm),
        mb(before),
        mb(size(wasm)),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Rewrites every `integrity="sha384-…"` in `index.html` for the file its element links.
fn fix_integrity(dir: &Path) -> Result {
    let path = dir.join("index.html");
    let html = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut fixed = String::new();
    let mut rest = html.as_str();
    while let Some(at) = rest.find("integrity=\"sha384-") {
        let tag_start = rest[..at]
            .rfind('<')
            .ok_or("integrity outside an element")?;
        let href = attr_value(&rest[tag_start..at], "href").ok_or("integrity without href")?;
        let file = dir.join(href.rsplit('/').next().unwrap_or(href));
        let bytes = fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let value_start = at + "integrity=\"".len();
        let value_end = rest[value_start..].find('"').ok_or("unclosed integrity")? + value_start;
        fixed.push_str(&rest[..value_start]);
        fixed.push_str(&format!(
            "sha384-{}",
            STANDARD.encode(Sha384::digest(&bytes))
        ));
        rest = &rest[value_end..];
    }
    fixed.push_str(rest);
    fs::write(&path, fixed).map_err(|e| format!("{}: {e}", path.display()))
}

fn attr_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Sizes of one file: raw, gzip, brotli. Writes the `.gz` and `.br` copies beside it.
fn precompress(path: &Path) -> Result<(String, u64, u64, u64)> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (gzip, brotli) = compress(&bytes)?;
    let with = |ext: &str| PathBuf::from(format!("{}.{ext}", path.display()));
    fs::write(with("gz"), &gzip).map_err(|e| e.to_string())?;
    fs::write(with("br"), &brotli).map_err(|e| e.to_string())?;
    Ok((
        name(path),
        bytes.len() as u64,
        gzip.len() as u64,
        brotli.len() as u64,
    ))
}

/// `bytes` as gzip (level 9) and as brotli (quality 11, a 16 MiB window): the slowest and
/// smallest settings, as a server serving precompressed files would want.
pub fn compress(bytes: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(bytes).map_err(|e| e.to_string())?;
    let gzip = gzip.finish().map_err(|e| e.to_string())?;
    let mut brotli = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 1 << 16, 11, 24);
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok((gzip, brotli))
}

fn print_sizes(dir: &Path, sizes: &[(String, u64, u64, u64)]) {
    println!(
        "\n{:<40} {:>10} {:>10} {:>10}",
        dir.display(),
        "raw",
        "gzip",
        "brotli"
    );
    for (name, raw, gzip, brotli) in sizes {
        println!(
            "{name:<40} {:>10} {:>10} {:>10}",
            mb(*raw),
            mb(*gzip),
            mb(*brotli)
        );
    }
}

fn size(path: &Path) -> u64 {
    fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn mb(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}
