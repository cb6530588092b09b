//! Literals as Spark SQL reads them.

/// A string literal: quotes and backslashes escaped (Spark reads `\` as an escape
/// inside '…', so a regex's `\W` is written `\\W`).
pub(crate) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A DOUBLE literal: always with an exponent (`1e-1`, `-2.5e3`), which Spark reads as a
/// double; `0.1` would be a DECIMAL, whose arithmetic overflows or rounds. The digits are
/// the shortest that read back to the same f64.
pub(crate) fn double(x: f64) -> String {
    let s = format!("{x:e}");
    if x.is_sign_negative() {
        format!("({s})")
    } else {
        s
    }
}

/// An identifier in backquotes.
pub(crate) fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn literals_read_back_as_spark_reads_them() {
        assert_eq!(string(r"it's \d"), r"'it\'s \\d'");
        assert_eq!(double(0.1), "1e-1");
        assert_eq!(double(0.0), "0e0");
        assert_eq!(double(-2500.0), "(-2.5e3)");
        let x = 0.1 + 0.2;
        assert_eq!(double(x).parse::<f64>().ok(), Some(x));
        assert_eq!(ident("a`b"), "`a``b`");
    }
}
