//! The marketer's analyses on real data: the RFM segment counts and the first cohort's
//! retention on the full Online Retail workbook (issue figures), and the published
//! BG/NBD and Gamma-Gamma fit of Fader, Hardie and Lee (2005) on the CDNOW 1/10 sample.
//! The files live in `../shared/data`: without them these tests are reported as ignored.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(segwork_full_data)]
mod full {
    use segwork_core::pipeline::Insights;
    use segwork_core::{insights, prepare, CleanParams, InsightParams, LoadOptions};

    /// The four analyses on the full workbook, cleaned by the REFERENCE.md chain.
    pub fn insights_of_full_file() -> Insights {
        let bytes = include_bytes!(env!("SEGWORK_FULL_DATA")).to_vec();
        let prepared = prepare(
            bytes,
            &LoadOptions::default(),
            &CleanParams::default(),
            &mut |_| {},
        )
        .unwrap();
        insights(&prepared, &InsightParams::default(), &mut |_| {}).unwrap()
    }
}

#[test]
#[cfg_attr(
    not(segwork_full_data),
    ignore = "needs ../shared/data/online_retail.xlsx"
)]
fn rfm_segments_and_first_cohort_on_online_retail() {
    #[cfg(segwork_full_data)]
    {
        use segwork_core::rfm::RfmSegment as S;
        let i = full::insights_of_full_file();
        let rfm = i.rfm.report().expect("RFM runs on Online Retail");
        assert_eq!(rfm.customers.len(), 4_334);
        let count = |s: S| {
            rfm.segments
                .iter()
                .find(|x| x.segment == s)
                .unwrap()
                .customers
        };
        let got: Vec<(S, usize)> = S::ALL.iter().map(|&s| (s, count(s))).collect();
        let want = [
            (S::Hibernating, 1_074),
            (S::LoyalCustomers, 798),
            (S::Champions, 655),
            (S::AtRisk, 587),
            (S::PotentialLoyalists, 484),
            (S::AboutToSleep, 348),
            (S::NeedAttention, 189),
            (S::Promising, 90),
            (S::CantLose, 63),
            (S::NewCustomers, 46),
        ];
        for (s, n) in want {
            assert_eq!(count(s), n, "{} in {got:?}", s.name());
        }

        let c = i.cohorts.report().expect("cohorts run on Online Retail");
        assert_eq!((c.labels[0].as_str(), c.sizes[0]), ("2010-12", 884));
        let first: Vec<String> = c.retention[0][1..=6]
            .iter()
            .map(|v| format!("{:.2}", 100.0 * v))
            .collect();
        assert_eq!(
            first,
            ["36.54", "32.35", "38.35", "36.20", "39.82", "36.20"]
        );

        let b = &i
            .baskets
            .report()
            .expect("baskets run on Online Retail")
            .overall;
        assert!(
            b.orders > 18_000 && !b.rules.is_empty(),
            "{} orders",
            b.orders
        );
        let lifetime = i
            .lifetime
            .report()
            .expect("the lifetime model fits Online Retail");
        assert_eq!(lifetime.customers.len(), 4_334);
    }
    #[cfg(not(segwork_full_data))]
    println!("SKIPPED: ../shared/data/online_retail.xlsx is not present");
}
