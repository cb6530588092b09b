//! The few XML primitives the package's parts need, over bytes: finding an element,
//! reading its attributes and decoding its text. The parts of an xlsx package are machine
//! written, so this is no general XML parser: anything it does not expect is reported as
//! [`Unexpected`], and the caller falls back to calamine's full reader.

use memchr::memmem;
use std::borrow::Cow;

/// A construct the fast reader does not handle; the workbook is then read by calamine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unexpected(pub &'static str);

pub(crate) type Res<T> = Result<T, Unexpected>;

/// The start tag `<name …>` or `<name …/>` at or after `from`: (its attributes' bytes,
/// whether it closes itself, the offset just past it). `name` must be followed by white
/// space, `>` or `/`, so `<t` does not match `<tab`.
pub(crate) fn start_tag<'x>(xml: &'x [u8], name: &[u8], from: usize) -> Option<Tag<'x>> {
    let mut at = from;
    loop {
        let open = at + memchr::memchr(b'<', xml.get(at..)?)?;
        let after = open + 1 + name.len();
        let named = xml.get(open + 1..after) == Some(name);
        match xml.get(after) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') if named => {
                return tag_end(xml, after).map(|(end, closed)| Tag {
                    attrs: &xml[after..if closed { end - 2 } else { end - 1 }],
                    closed,
                    start: open,
                    end,
                });
            }
            Some(_) => at = open + 1,
            None => return None,
        }
    }
}

/// One start tag found by [`start_tag`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tag<'x> {
    pub attrs: &'x [u8],
    /// `<name …/>`: no content and no end tag.
    pub closed: bool,
    /// Offset of its `<`.
    pub start: usize,
    /// Offset just past its `>`.
    pub end: usize,
}

/// The offset just past the `>` that ends the tag whose attributes start at `from`, and
/// whether the tag closes itself. Quoted attribute values may hold `>`.
pub(crate) fn tag_end(xml: &[u8], from: usize) -> Option<(usize, bool)> {
    let mut quote = None;
    for (i, &b) in xml.get(from..)?.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => {
                let at = from + i;
                return Some((at + 1, at > 0 && xml[at - 1] == b'/'));
            }
            _ => {}
        }
    }
    None
}

/// The raw value of attribute `name` (matched on its local name, so `r:id` is `id`).
pub(crate) fn attr<'x>(attrs: &'x [u8], name: &[u8]) -> Option<&'x [u8]> {
    Attrs::new(attrs)
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The attributes of a start tag in order, each as (local name, raw value): `r:id` is
/// `id`. It stops at the first thing that is not `name="value"` or `name='value'`.
/// A plain loop: attribute lists are a few dozen bytes, too short for memchr to pay.
#[derive(Debug, Clone)]
pub(crate) struct Attrs<'x> {
    bytes: &'x [u8],
    at: usize,
}

impl<'x> Attrs<'x> {
    pub(crate) fn new(bytes: &'x [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    fn skip_space(&self, mut i: usize) -> usize {
        while i < self.bytes.len() && self.bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    }
}

impl<'x> Iterator for Attrs<'x> {
    type Item = (&'x [u8], &'x [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.bytes;
        let mut i = self.skip_space(self.at);
        self.at = bytes.len(); // anything malformed ends the list
        let key_start = i;
        while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &bytes[key_start..i];
        i = self.skip_space(i);
        if bytes.get(i) != Some(&b'=') {
            return None;
        }
        i = self.skip_space(i + 1);
        let quote = *bytes.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let start = i + 1;
        let len = bytes[start..].iter().position(|&b| b == quote)?;
        self.at = start + len + 1;
        let local = key.rsplit(|&b| b == b':').next().unwrap_or(key);
        Some((local, &bytes[start..start + len]))
    }
}

/// The first `needle` in `hay`: a memchr for its first byte, then a comparison. For the
/// short, near needles of sheet data (`</c>`, `<v>`, `</row>`), cheaper than building a
/// memmem searcher per call.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = 0;
    while let Some(i) = memchr::memchr(first, hay.get(at..)?) {
        let p = at + i;
        if hay[p..].starts_with(needle) {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

/// Attribute `name`, decoded.
pub(crate) fn attr_text<'x>(attrs: &'x [u8], name: &[u8]) -> Res<Option<Cow<'x, str>>> {
    attr(attrs, name).map(decode).transpose()
}

/// Text as UTF-8 with line ends normalised to `\n` and the XML entities (`&amp;`,
/// `&#233;`, …) replaced, as an XML parser reads it.
pub(crate) fn decode(raw: &[u8]) -> Res<Cow<'_, str>> {
    let text = std::str::from_utf8(raw).map_err(|_| Unexpected("text that is not UTF-8"))?;
    let (cr, amp) = (memchr::memchr(b'\r', raw), memchr::memchr(b'&', raw));
    if cr.is_none() && amp.is_none() {
        return Ok(Cow::Borrowed(text));
    }
    let normalised = match cr {
        Some(_) => Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")),
        None => Cow::Borrowed(text),
    };
    if amp.is_none() {
        return Ok(Cow::Owned(normalised.into_owned()));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &normalised;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let semi = rest[at..]
            .find(';')
            .ok_or(Unexpected("an unterminated entity"))?;
        out.push(entity(&rest[at + 1..at + semi])?);
        rest = &rest[at + semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

fn entity(name: &str) -> Res<char> {
    let code = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
            .ok_or(Unexpected("a character reference"))
    };
    match name {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "quot" => Ok('"'),
        "apos" => Ok('\''),
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => code(&hex[1..], 16),
            Some(dec) => code(dec, 10),
            None => Err(Unexpected("a named entity")),
        },
    }
}

/// Replaces Excel's `_xHHHH_` escapes (characters XML cannot carry, such as `_x000D_`
/// for a carriage return), the way calamine does: a lone surrogate reads as U+FFFD.
pub(crate) fn unescape_excel(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains("_x") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(at) = rest.find("_x") {
        let Some(unit) = escape_at(rest, at) else {
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at + ESCAPE_LEN..];
        let low = escape_at(rest, 0).filter(|l| (0xDC00..=0xDFFF).contains(l));
        match (unit, low) {
            (0xD800..=0xDBFF, Some(low)) => {
                let c = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                rest = &rest[ESCAPE_LEN..];
            }
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

const ESCAPE_LEN: usize = 7; // _xHHHH_

/// The code unit of an `_xHHHH_` escape starting at `at`, if one is there.
fn escape_at(s: &str, at: usize) -> Option<u16> {
    let e = s.as_bytes().get(at..at + ESCAPE_LEN)?;
    let hex = std::str::from_utf8(&e[2..6]).ok()?;
    let ok = e[0] == b'_' && e[1] == b'x' && e[6] == b'_';
    ok.then(|| u16::from_str_radix(hex, 16).ok()).flatten()
}

/// The text of a string item (`<si>` or `<is>`): its `<t>` runs joined, phonetic runs
/// (`<rPh>`) left out, each run trimmed unless it says `xml:space="preserve"`.
pub(crate) fn string_item(item: &[u8]) -> Res<Cow<'_, str>> {
    let mut runs: Vec<Cow<str>> = vec![];
    let mut at = 0;
    while let Some(t) = start_tag(item, b"t", at) {
        if inside(item, t.start, b"<rPh", b"</rPh>") {
            at = t.end;
            continue;
        }
        if t.closed {
            at = t.end;
            continue;
        }
        let len = memmem::find(&item[t.end..], b"</t>").ok_or(Unexpected("an unclosed <t>"))?;
        let raw = decode(&item[t.end..t.end + len])?;
        let preserve = attr(t.attrs, b"space") == Some(b"preserve");
        let run = match raw {
            Cow::Borrowed(s) if !preserve => Cow::Borrowed(s.trim_matches(TRIMMED)),
            Cow::Owned(s) if !preserve => Cow::Owned(s.trim_matches(TRIMMED).to_owned()),
            kept => kept,
        };
        runs.push(unescape_excel(run));
        at = t.end + len + 4;
    }
    Ok(match runs.len() {
        0 => Cow::Borrowed(""),
        1 => runs.swap_remove(0),
        _ => Cow::Owned(runs.concat()),
    })
}

const TRIMMED: [char; 4] = [' ', '\t', '\r', '\n'];

/// Whether offset `at` lies between an `open` and its `close`.
fn inside(xml: &[u8], at: usize, open: &[u8], close: &[u8]) -> bool {
    let before = &xml[..at];
    match memmem::rfind(before, open) {
        Some(o) => memmem::find(&before[o..], close).is_none(),
        None => false,
    }
}

#[cfg(test)]
#[path = "xml_tests.rs"]
mod tests;
