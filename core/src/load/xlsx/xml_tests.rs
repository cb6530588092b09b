use super::*;

#[test]
fn start_tags_match_whole_names_only() {
    let xml = br#"<tab x="1"/><t xml:space="preserve"> a </t><t/>"#;
    let t = start_tag(xml, b"t", 0).unwrap();
    assert!(!t.closed);
    assert_eq!(attr(t.attrs, b"space"), Some(&b"preserve"[..]));
    let empty = start_tag(xml, b"t", t.end).unwrap();
    assert!(empty.closed);
    assert!(start_tag(xml, b"t", empty.end).is_none());
}

#[test]
fn quoted_values_may_hold_angle_brackets() {
    let xml = br#"<sheet name="a>b" r:id='rId2'/>"#;
    let tag = start_tag(xml, b"sheet", 0).unwrap();
    assert_eq!(attr(tag.attrs, b"name"), Some(&b"a>b"[..]));
    assert_eq!(attr(tag.attrs, b"id"), Some(&b"rId2"[..]));
    assert_eq!(attr(tag.attrs, b"missing"), None);
}

#[test]
fn entities_and_line_ends_decode_as_an_xml_parser_reads_them() {
    assert_eq!(decode(b"plain").unwrap(), "plain");
    assert!(matches!(decode(b"plain").unwrap(), Cow::Borrowed(_)));
    assert_eq!(
        decode(b"a &amp; b &lt;c&gt; &quot;&apos; &#233;&#x263A;").unwrap(),
        "a & b <c> \"' \u{e9}\u{263a}"
    );
    assert_eq!(decode(b"one\r\ntwo\rthree").unwrap(), "one\ntwo\nthree");
    assert!(decode(b"&bogus;").is_err());
    assert!(decode(b"\xff").is_err());
}

#[test]
fn excel_escapes_are_replaced() {
    let text = |s: &str| unescape_excel(Cow::Borrowed(s)).into_owned();
    assert_eq!(text("a_x000D_b"), "a\rb");
    assert_eq!(text("_x0041__x0042_"), "AB");
    assert_eq!(text("no_xescape_"), "no_xescape_");
    assert_eq!(text("_xD83D__xDE00_"), "\u{1f600}");
    assert_eq!(text("_xD83D_ alone"), "\u{fffd} alone");
}

#[test]
fn string_items_join_runs_and_skip_phonetic_text() {
    let item = br#"<r><rPr><b/></rPr><t xml:space="preserve">Bold </t></r><r><t>  plain  </t></r><rPh sb="0" eb="1"><t>yomi</t></rPh><phoneticPr fontId="1"/>"#;
    assert_eq!(string_item(item).unwrap(), "Bold plain");
    assert_eq!(string_item(b"<t/>").unwrap(), "");
    assert_eq!(string_item(b"").unwrap(), "");
    assert!(string_item(b"<t>cut").is_err());
}

#[test]
fn attribute_lists_read_in_one_pass_by_local_name() {
    let list: Vec<_> = Attrs::new(br#" r="A1"  s = '3' x:t="s""#).collect();
    assert_eq!(
        list,
        vec![
            (&b"r"[..], &b"A1"[..]),
            (&b"s"[..], &b"3"[..]),
            (&b"t"[..], &b"s"[..])
        ]
    );
    // A malformed attribute ends the list; those before it are kept.
    let list: Vec<_> = Attrs::new(br#"r="A1" s=3 t="s""#).collect();
    assert_eq!(list, vec![(&b"r"[..], &b"A1"[..])]);
    assert_eq!(Attrs::new(b"   ").count(), 0);
    assert_eq!(
        attr(br#"t="s" t="n""#, b"t"),
        Some(&b"s"[..]),
        "the first one counts"
    );
}
