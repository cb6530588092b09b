//! One HTML file that is the whole app: `cargo xtask dist --single-file` writes it from the
//! release build, and the `build` step of `cargo xtask test` from the debug build, for the
//! end-to-end test that opens it from `file://`.
//!
//! Trunk's `index.html` is rewritten: the stylesheet becomes a `<style>`, the page's
//! start-up becomes one inline module script (the wasm-bindgen glue, then a few lines that
//! decode the carried files into `self.segworkFiles` and start the page's wasm from bytes,
//! see `app/src/web/embedded.rs`), and the page's wasm, the worker's glue and wasm and the
//! sample ride along as base64 in `<script type="application/octet-stream">` blocks, which
//! the browser never runs. The Content-Security-Policy keeps its promise in a stricter form:
//! the one script and the one style are allowed by their SHA-256 hashes, the worker only
//! from a `blob:`, and `connect-src 'none'` lets neither the page nor its worker reach any
//! address at all.

use crate::util::Result;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

/// The files the page fetches when served, carried inside the single file instead.
const CARRIED: [&str; 3] = ["worker.js", "worker_bg.wasm", "sample.xlsx"];

/// The name wasm-bindgen gives the glue's start-up function (its default export).
const GLUE_INIT: &str = "__wbg_init as default";

/// Reads the trunk build in `dir` and returns the single-file page.
pub fn pack(dir: &Path) -> Result<String> {
    let read = |name: &str| {
        fs::read(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let text = |name: &str| {
        String::from_utf8(read(name)?).map_err(|_| format!("{name} is not UTF-8 text"))
    };
    let index = text("index.html")?;
    let boot = element(&index, "<script", "data-segwork-js", "</script>")
        .ok_or("index.html has no start-up script (a <script data-segwork-js=…>)")?;
    let glue_name = file_name(attr(boot, "data-segwork-js").ok_or("no data-segwork-js")?);
    let wasm_name = file_name(attr(boot, "data-segwork-wasm").ok_or("no data-segwork-wasm")?);
    let css_tag = element(&index, "<link", "rel=\"stylesheet\"", ">")
        .ok_or("index.html links no stylesheet")?;
    let css = text(file_name(
        attr(css_tag, "href").ok_or("no stylesheet href")?,
    ))?;
    let glue = text(glue_name)?;
    if !glue.contains(GLUE_INIT) {
        return Err(format!(
            "{glue_name} does not export `{GLUE_INIT}`: wasm-bindgen changed its glue"
        ));
    }
    let script = format!("{glue}\n{}", start_up(wasm_name));
    for (what, inline) in [("script", &script), ("style", &css)] {
        if inline.contains(&format!("</{what}")) {
            return Err(format!("the inline {what} would contain </{what}"));
        }
    }
    let mut blocks = String::new();
    for name in std::iter::once(wasm_name).chain(CARRIED) {
        blocks.push_str(&format!(
            "<script type=\"application/octet-stream\" data-segwork-file=\"{name}\">{}</script>\n",
            STANDARD.encode(read(name)?)
        ));
    }
    // Links and comments go first, while the page holds no inlined text to mistake for them.
    let mut html = without_elements(&index, "<!--", "", "-->");
    for rel in [
        "modulepreload",
        "preload",
        "manifest",
        "apple-touch-icon",
        "icon",
    ] {
        html = without_elements(&html, "<link", &format!("rel=\"{rel}\""), ">");
    }
    // The icon, if the build has one, as a data: address (img-src allows data:).
    if let Ok(icon) = read("icon.svg") {
        let link = format!(
            "<link rel=\"icon\" href=\"data:image/svg+xml;base64,{}\">\n</head>",
            STANDARD.encode(icon)
        );
        html = html.replacen("</head>", &link, 1);
    }
    html = html.replace(boot, &format!("<script type=\"module\">{script}</script>"));
    html = html.replace(css_tag, &format!("<style>{css}</style>"));
    let csp_tag = element(&html, "<meta", "Content-Security-Policy", ">")
        .ok_or("index.html has no Content-Security-Policy")?
        .to_owned();
    html = html.replace(&csp_tag, &policy(&script, &css));
    html = html.replacen("</body>", &format!("{blocks}</body>"), 1);
    Ok(html)
}

/// The inline start-up, after the glue: decode the carried files, free their text, start
/// the page's wasm from its bytes. In a block, so its names cannot meet the glue's.
fn start_up(wasm_name: &str) -> String {
    format!(
        r#"{{
  const decode = (text) => {{
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }};
  const files = {{}};
  for (const block of document.querySelectorAll('script[data-segwork-file]')) {{
    files[block.dataset.segworkFile] = decode(block.textContent);
    block.remove();
  }}
  self.segworkFiles = files;
  const wasm = files['{wasm_name}'];
  delete files['{wasm_name}'];
  await __wbg_init({{ module_or_path: wasm }});
}}
"#
    )
}

/// The single file's Content-Security-Policy, as a `<meta>` element.
pub fn policy(script: &str, css: &str) -> String {
    let hash = |text: &str| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(text)));
    format!(
        "<!--\n    A single file: its one script and one style are allowed by their hashes, the \
         worker\n    only from a blob: the page makes, and no connection to any address is \
         allowed.\n  -->\n  <meta http-equiv=\"Content-Security-Policy\" content=\"default-src \
         'none'; script-src {} 'wasm-unsafe-eval'; worker-src blob:; connect-src 'none'; \
         img-src blob: data:; style-src {}; font-src 'none'; form-action 'none'; base-uri \
         'none'; object-src 'none'\">",
        hash(script),
        hash(css)
    )
}

/// The name of a file the page links (`/x.js`, `./x.js` → `x.js`).
fn file_name(link: &str) -> &str {
    link.rsplit('/').next().unwrap_or(link)
}

/// The first element opened by `open` whose text contains `marker`, up to and with `close`.
fn element<'a>(html: &'a str, open: &str, marker: &str, close: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(start) = html[from..].find(open).map(|at| at + from) {
        let end = html[start..].find(close)? + start + close.len();
        if html[start..end].contains(marker) {
            return Some(&html[start..end]);
        }
        from = end;
    }
    None
}

/// `html` without every element `element` would find.
fn without_elements(html: &str, open: &str, marker: &str, close: &str) -> String {
    let mut html = html.to_owned();
    while let Some(found) = element(&html, open, marker, close).map(str::to_owned) {
        html = html.replacen(&found, "", 1);
    }
    html
}

/// The value of attribute `name` in an element's opening tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trunk build in miniature, with the real index.html's shape.
    fn build(dir: &Path) {
        let index = r#"<!doctype html><html><head>
  <!-- the served policy -->
  <meta http-equiv="Content-Security-Policy"
        content="default-src 'none'; connect-src 'self'">
  <link rel="icon" href="icon.svg" type="image/svg+xml">
  <link rel="manifest" href="./manifest.webmanifest">
  <link rel="stylesheet" href="./style-1.css" integrity="sha384-x"/>
  <script type="module" src="./boot.js" data-segwork-js="./app-1.js" data-segwork-wasm="./app-1_bg.wasm"></script>
<link rel="modulepreload" href="./app-1.js"><link rel="preload" href="./app-1_bg.wasm" as="fetch"></head>
<body><noscript>needs JavaScript</noscript></body></html>"#;
        let files: [(&str, &[u8]); 8] = [
            ("icon.svg", b"<svg/>"),
            ("index.html", index.as_bytes()),
            ("style-1.css", b"body { margin: 0 }"),
            (
                "app-1.js",
                b"async function __wbg_init() {}\nexport { __wbg_init as default };",
            ),
            ("app-1_bg.wasm", b"\0asm-page"),
            ("worker.js", b"let wasm_bindgen;"),
            ("worker_bg.wasm", b"\0asm-worker"),
            ("sample.xlsx", b"PK-sample"),
        ];
        for (name, bytes) in files {
            fs::write(dir.join(name), bytes).unwrap();
        }
    }

    /// Packs the miniature build in a directory of the test's own (tests run in parallel).
    fn packed(test: &str) -> String {
        let dir = std::env::temp_dir().join(format!("segwork-{test}-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        build(&dir);
        let html = pack(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        html
    }

    #[test]
    fn the_page_links_nothing_and_carries_every_file() {
        let html = packed("carries");
        for linked in [
            "src=",
            "href=\"./",
            "<link rel=\"manifest",
            "<!-- the served policy",
        ] {
            assert!(!html.contains(linked), "{linked} is still in:\n{html}");
        }
        for (name, bytes) in [
            ("app-1_bg.wasm", &b"\0asm-page"[..]),
            ("worker.js", b"let wasm_bindgen;"),
            ("worker_bg.wasm", b"\0asm-worker"),
            ("sample.xlsx", b"PK-sample"),
        ] {
            let block = element(&html, "<script", &format!("\"{name}\""), "</script>").unwrap();
            let body = &block[block.find('>').unwrap() + 1..block.len() - "</script>".len()];
            assert_eq!(STANDARD.decode(body).unwrap(), bytes, "{name}");
        }
        assert!(html.contains("<style>body { margin: 0 }</style>"));
        let icon = format!(
            "<link rel=\"icon\" href=\"data:image/svg+xml;base64,{}\">",
            STANDARD.encode("<svg/>")
        );
        assert!(html.contains(&icon), "{html}");
        assert_eq!(
            html.matches("href=").count(),
            1,
            "only the icon's data: address"
        );
        assert!(html.contains("await __wbg_init({ module_or_path: wasm });"));
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_script_and_style() {
        let html = packed("policy");
        let script = element(&html, "<script type=\"module\">", "", "</script>").unwrap();
        let script = &script["<script type=\"module\">".len()..script.len() - "</script>".len()];
        let meta = element(&html, "<meta", "Content-Security-Policy", ">").unwrap();
        let digest = STANDARD.encode(Sha256::digest(script));
        assert!(meta.contains(&format!("script-src 'sha256-{digest}' 'wasm-unsafe-eval'")));
        let css = STANDARD.encode(Sha256::digest("body { margin: 0 }"));
        assert!(meta.contains(&format!("style-src 'sha256-{css}'")));
        assert!(meta.contains("connect-src 'none'"));
        assert!(!meta.contains("'self'"));
    }

    #[test]
    fn a_build_without_the_start_up_script_is_refused() {
        let dir = std::env::temp_dir().join(format!("segwork-pack-bad-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        build(&dir);
        fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        let error = pack(&dir).unwrap_err();
        fs::remove_dir_all(&dir).unwrap();
        assert!(error.contains("no start-up script"), "{error}");
    }
}
