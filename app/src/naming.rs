//! A name and a one-line description for each segment, from the features that set it
//! apart (its mean z-scores), so a marketer reads "Recent, frequent, high spend" instead
//! of "cluster 2".

use segwork_core::columns::Feature;
use segwork_core::pipeline::Segment;

/// A z-score beyond this counts as "different from the average customer".
const NOTABLE: f64 = 0.3;
/// How many features the description names.
const DESCRIBED: usize = 3;
/// A trait this strong (in standard deviations) joins the name even when recency,
/// frequency and spend already name the segment.
const DEFINING: f64 = 1.0;

#[derive(Debug, Clone, PartialEq)]
pub struct SegmentName {
    pub name: String,
    pub description: String,
}

/// Words for a feature well above / well below the average.
fn phrases(f: Feature) -> (&'static str, &'static str) {
    match f {
        Feature::DaysSinceLastPurchase => ("not seen for a while", "bought recently"),
        Feature::TotalTransactions => ("many orders", "few orders"),
        Feature::TotalProductsPurchased => ("many items", "few items"),
        Feature::TotalSpend => ("high spend", "low spend"),
        Feature::AverageTransactionValue => ("large baskets", "small baskets"),
        Feature::UniqueProductsPurchased => ("wide product range", "narrow product range"),
        Feature::AverageDaysBetweenPurchases => (
            "long gaps between purchases",
            "short gaps between purchases",
        ),
        Feature::DayOfWeek => ("buys late in the week", "buys early in the week"),
        Feature::Hour => ("buys late in the day", "buys early in the day"),
        Feature::IsUk => ("mostly in the main country", "mostly abroad"),
        Feature::CancellationFrequency => ("cancels often", "rarely cancels"),
        Feature::CancellationRate => ("high cancellation rate", "low cancellation rate"),
        Feature::MonthlySpendingMean => ("high monthly spend", "low monthly spend"),
        Feature::MonthlySpendingStd => ("irregular spending", "steady spending"),
        Feature::SpendingTrend => ("spending rising", "spending falling"),
    }
}

fn z(segment: &Segment, f: Feature) -> f64 {
    segment
        .profile
        .get(f.index())
        .copied()
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}

/// The recency / frequency / spend words of the name.
fn rfm_words(segment: &Segment) -> Vec<&'static str> {
    let word = |f: Feature, high: &'static str, low: &'static str| {
        let v = z(segment, f);
        if v > NOTABLE {
            Some(high)
        } else if v < -NOTABLE {
            Some(low)
        } else {
            None
        }
    };
    [
        word(Feature::DaysSinceLastPurchase, "lapsed", "recent"),
        word(Feature::TotalTransactions, "frequent", "occasional"),
        word(Feature::TotalSpend, "high spend", "low spend"),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Features ordered by how far the segment's mean is from the average, largest first.
fn distinctive(segment: &Segment) -> Vec<(Feature, f64)> {
    let mut all: Vec<(Feature, f64)> = Feature::ALL.iter().map(|&f| (f, z(segment, f))).collect();
    all.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    all
}

fn phrase((f, v): (Feature, f64)) -> &'static str {
    let (high, low) = phrases(f);
    if v >= 0.0 {
        high
    } else {
        low
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Names every segment; names are made unique by adding the next distinctive trait.
pub fn name_segments(segments: &[Segment]) -> Vec<SegmentName> {
    let mut names: Vec<SegmentName> = segments.iter().map(name_one).collect();
    for i in 0..names.len() {
        if names[..i].iter().any(|n| n.name == names[i].name) {
            let extra = distinctive(&segments[i])
                .into_iter()
                .map(phrase)
                .find(|p| !names[i].name.to_lowercase().contains(p))
                .unwrap_or("");
            names[i].name = format!("{} ({extra})", names[i].name);
        }
        if names[..i].iter().any(|n| n.name == names[i].name) {
            names[i].name = format!("{} #{}", names[i].name, segments[i].id + 1);
        }
    }
    names
}

fn name_one(segment: &Segment) -> SegmentName {
    let top = distinctive(segment);
    let words = rfm_words(segment);
    let rfm = [
        Feature::DaysSinceLastPurchase,
        Feature::TotalTransactions,
        Feature::TotalSpend,
    ];
    let defining = top
        .iter()
        .find(|(f, v)| !rfm.contains(f) && v.abs() > DEFINING)
        .map(|&t| phrase(t));
    let name = match (words.is_empty(), defining, top.first()) {
        (false, Some(extra), _) => capitalise(&format!("{}, {extra}", words.join(", "))),
        (false, None, _) => capitalise(&words.join(", ")),
        (true, _, Some(&(f, v))) if v.abs() > NOTABLE => capitalise(phrase((f, v))),
        _ => "Average customers".to_owned(),
    };
    let traits: Vec<String> = top
        .iter()
        .take(DESCRIBED)
        .filter(|(_, v)| v.abs() > NOTABLE)
        .map(|&(f, v)| format!("{} ({:+.1} σ)", phrase((f, v)), v))
        .collect();
    let description = if traits.is_empty() {
        "Close to the average customer on every feature.".to_owned()
    } else {
        format!("Stands out for: {}.", traits.join(", "))
    };
    SegmentName { name, description }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, through wasm-bindgen-test, in headless Chromium.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn segment(id: usize, pairs: &[(Feature, f64)]) -> Segment {
        let mut profile = vec![0.0; Feature::COUNT];
        for &(f, v) in pairs {
            profile[f.index()] = v;
        }
        Segment {
            id,
            size: 100 + id,
            profile,
            means: vec![0.0; Feature::COUNT],
        }
    }

    #[test]
    fn names_from_recency_frequency_and_spend() {
        let loyal = segment(
            0,
            &[
                (Feature::DaysSinceLastPurchase, -0.8),
                (Feature::TotalTransactions, 1.2),
                (Feature::TotalSpend, 1.5),
            ],
        );
        let names = name_segments(&[loyal]);
        assert_eq!(names[0].name, "Recent, frequent, high spend");
        assert!(names[0]
            .description
            .starts_with("Stands out for: high spend (+1.5 σ), many orders (+1.2 σ)"));
    }

    #[test]
    fn a_strong_other_trait_joins_the_name() {
        let cancellers = segment(
            3,
            &[
                (Feature::TotalTransactions, 0.6),
                (Feature::CancellationRate, 3.1),
                (Feature::CancellationFrequency, 3.0),
            ],
        );
        assert_eq!(
            name_segments(&[cancellers])[0].name,
            "Frequent, high cancellation rate"
        );
    }

    #[test]
    fn falls_back_to_the_most_distinctive_feature() {
        let abroad = segment(1, &[(Feature::IsUk, -2.9), (Feature::Hour, 0.1)]);
        assert_eq!(name_segments(&[abroad])[0].name, "Mostly abroad");
        let plain = segment(2, &[(Feature::Hour, 0.1)]);
        assert_eq!(name_segments(&[plain])[0].name, "Average customers");
    }

    #[test]
    fn duplicate_names_are_made_unique() {
        let a = segment(0, &[(Feature::TotalSpend, 1.0), (Feature::IsUk, 0.9)]);
        let b = segment(1, &[(Feature::TotalSpend, 1.0), (Feature::IsUk, -0.9)]);
        let names = name_segments(&[a, b]);
        assert_eq!(names[0].name, "High spend");
        assert_eq!(names[1].name, "High spend (mostly abroad)");
    }
}
