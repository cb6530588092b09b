//! Numbers as people read them: thousands separators, a sensible number of decimals.

/// `541909` → `"541,909"`.
pub fn count(n: usize) -> String {
    group(&n.to_string())
}

/// A measurement with `decimals` decimals and thousands separators; `-` for NaN.
pub fn number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let text = format!("{:.*}", decimals, v.abs());
    let (whole, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let sign = if v < 0.0 && text.chars().any(|c| c != '0' && c != '.') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{}.{f}", group(whole)),
        None => format!("{sign}{}", group(whole)),
    }
}

/// A segmentation's silhouette, saying so when it is estimated on a sample of the
/// customers: `"0.229"`, `"0.231 (estimated on 8,000 of 25,000 customers)"`.
pub fn silhouette(s: &segwork_core::pipeline::Segmentation) -> String {
    let value = number(s.scores.silhouette, 3);
    match s.silhouette_sample() {
        Some((points, of)) => format!(
            "{value} (estimated on {} of {} customers)",
            count(points),
            count(of)
        ),
        None => value,
    }
}

/// Picks decimals by magnitude, for table cells whose scale varies by column.
pub fn auto(v: f64) -> String {
    let a = v.abs();
    let decimals = if v.fract() == 0.0 || a >= 1000.0 {
        0
    } else if a >= 10.0 {
        1
    } else {
        2
    };
    number(v, decimals)
}

/// A share of 0..=1 as a percentage.
pub fn percent(share: f64) -> String {
    format!("{}%", number(share * 100.0, 1))
}

fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, through wasm-bindgen-test, in headless Chromium.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_sampled_silhouette_says_so() {
        let layers = crate::testing::layers(crate::testing::table(30), Default::default());
        let mut s = (**layers.segmentation.as_ref().unwrap()).clone();
        let segmented = s.segments.iter().map(|g| g.size).sum::<usize>();
        s.scores.silhouette = 0.23149;
        assert_eq!(silhouette(&s), "0.231");
        s.scores.silhouette_points = segmented - 1;
        assert_eq!(
            silhouette(&s),
            format!(
                "0.231 (estimated on {} of {segmented} customers)",
                segmented - 1
            )
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(count(541_909), "541,909");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(0), "0");
    }

    #[test]
    fn formats_measurements() {
        assert_eq!(number(1257.23, 1), "1,257.2");
        assert_eq!(number(-4321.5, 0), "-4,322");
        assert_eq!(number(-0.0001, 2), "0.00");
        assert_eq!(number(f64::NAN, 2), "–");
        assert_eq!(auto(17850.0), "17,850");
        assert_eq!(auto(4.257), "4.26");
        assert_eq!(percent(0.805), "80.5%");
    }
}
