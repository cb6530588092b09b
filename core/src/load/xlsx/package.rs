//! The parts of an xlsx package the sheet scanner needs: which sheets there are and where
//! they are, the shared strings, which cell styles are dates, and the date system.

use super::styles::{self, CellFormat};
use super::xml::{self, attr, attr_text, start_tag, Res, Unexpected};
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// An opened xlsx package.
pub(crate) struct Package<'b> {
    zip: ZipArchive<Cursor<&'b [u8]>>,
    /// (name, path in the package) of each worksheet, in the workbook's order.
    pub sheets: Vec<(String, String)>,
    pub strings: Vec<String>,
    /// Per cell style (`s="…"`), whether its number format is a date, a duration or other.
    pub formats: Vec<CellFormat>,
    /// Dates count from 1904-01-01 (old Mac workbooks) rather than 1899-12-30.
    pub is_1904: bool,
}

impl std::fmt::Debug for Package<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("sheets", &self.sheets)
            .field("strings", &self.strings.len())
            .finish_non_exhaustive()
    }
}

impl<'b> Package<'b> {
    pub(crate) fn open(bytes: &'b [u8]) -> Res<Self> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Unexpected("zip"))?;
        let mut package = Self {
            zip,
            sheets: vec![],
            strings: vec![],
            formats: vec![],
            is_1904: false,
        };
        let root = package.part("_rels/.rels")?;
        let workbook = relationships(&root)?
            .into_iter()
            .find(|r| r.kind == "officeDocument")
            .map_or_else(|| "xl/workbook.xml".to_owned(), |r| resolve("", &r.target));
        let (dir, name) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
        let dir = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let rels = relationships(&package.part(&format!("{dir}_rels/{name}.rels"))?)?;
        let workbook = package.part(&workbook)?;
        package.read_workbook(&workbook, &rels, &dir)?;
        for rel in &rels {
            match rel.kind.as_str() {
                "sharedStrings" => {
                    let xml = package.part(&resolve(&dir, &rel.target))?;
                    package.strings = shared_strings(&xml)?;
                }
                "styles" => {
                    let xml = package.part(&resolve(&dir, &rel.target))?;
                    package.formats = styles::cell_formats(&xml)?;
                }
                _ => {}
            }
        }
        Ok(package)
    }

    /// The inflated bytes of the part at `path` (matched without regard to case, as
    /// Excel does).
    pub(crate) fn part(&mut self, path: &str) -> Res<Vec<u8>> {
        let name = match self.zip.index_for_name(path) {
            Some(i) => i,
            None => (0..self.zip.len())
                .find(|&i| {
                    self.zip
                        .name_for_index(i)
                        .and_then(Result::ok)
                        .is_some_and(|n| n.replace('\\', "/").eq_ignore_ascii_case(path))
                })
                .ok_or(Unexpected("a missing part"))?,
        };
        let mut file = self
            .zip
            .by_index(name)
            .map_err(|_| Unexpected("an unreadable part"))?;
        let mut out = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
        file.read_to_end(&mut out)
            .map_err(|_| Unexpected("a corrupt part"))?;
        Ok(out)
    }

    fn read_workbook(&mut self, xml: &[u8], rels: &[Relationship], dir: &str) -> Res<()> {
        if let Some(pr) = start_tag(xml, b"workbookPr", 0) {
            self.is_1904 = matches!(attr(pr.attrs, b"date1904"), Some(b"1" | b"true"));
        }
        let mut at = 0;
        while let Some(sheet) = start_tag(xml, b"sheet", at) {
            at = sheet.end;
            let name = attr_text(sheet.attrs, b"name")?.ok_or(Unexpected("a sheet name"))?;
            let id = attr(sheet.attrs, b"id").ok_or(Unexpected("a sheet id"))?;
            let rel = rels
                .iter()
                .find(|r| r.id.as_bytes() == id)
                .ok_or(Unexpected("a sheet relationship"))?;
            if rel.kind != "worksheet" {
                return Err(Unexpected("a chart or dialog sheet"));
            }
            self.sheets
                .push((name.into_owned(), resolve(dir, &rel.target)));
        }
        Ok(())
    }
}

/// One `<Relationship>`: its id, the last segment of its type, and its target.
#[derive(Debug)]
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn relationships(xml: &[u8]) -> Res<Vec<Relationship>> {
    let mut out = vec![];
    let mut at = 0;
    while let Some(tag) = start_tag(xml, b"Relationship", at) {
        at = tag.end;
        let text = |name: &[u8]| -> Res<String> {
            Ok(attr_text(tag.attrs, name)?.unwrap_or_default().into_owned())
        };
        let kind = text(b"Type")?;
        out.push(Relationship {
            id: text(b"Id")?,
            kind: kind.rsplit('/').next().unwrap_or_default().to_owned(),
            target: text(b"Target")?,
        });
    }
    Ok(out)
}

/// A relationship's target as a path in the package: absolute (`/xl/…`) or relative to
/// the folder of the part that names it.
fn resolve(dir: &str, target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{dir}{target}"),
    }
}

/// The shared strings table, in order.
fn shared_strings(xml: &[u8]) -> Res<Vec<String>> {
    let mut out = vec![];
    let mut at = 0;
    while let Some(si) = start_tag(xml, b"si", at) {
        if si.closed {
            out.push(String::new());
            at = si.end;
            continue;
        }
        let len =
            memchr::memmem::find(&xml[si.end..], b"</si>").ok_or(Unexpected("an unclosed <si>"))?;
        out.push(xml::string_item(&xml[si.end..si.end + len])?.into_owned());
        at = si.end + len;
    }
    Ok(out)
}
