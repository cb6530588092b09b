//! The ten named RFM segments, read from the recency and frequency scores.

use serde::{Deserialize, Serialize};

/// A named customer segment, from the R and F scores (1–5 each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RfmSegment {
    /// Bought recently and often: R 5, F 4–5.
    Champions,
    /// Buy often, fairly recently: R 3–4, F 4–5.
    LoyalCustomers,
    /// Recent, a few orders: R 4–5, F 2–3.
    PotentialLoyalists,
    /// Just made their first order: R 5, F 1.
    NewCustomers,
    /// Recent, one order: R 4, F 1.
    Promising,
    /// Middling on both: R 3, F 3.
    NeedAttention,
    /// Cooling off after few orders: R 3, F 1–2.
    AboutToSleep,
    /// Used to buy fairly often, not lately: R 1–2, F 3–4.
    AtRisk,
    /// Used to buy most often, not lately: R 1–2, F 5.
    CantLose,
    /// Few orders, long ago: R 1–2, F 1–2.
    Hibernating,
}

impl RfmSegment {
    /// Every segment, in the order reports list them.
    pub const ALL: [RfmSegment; 10] = [
        Self::Champions,
        Self::LoyalCustomers,
        Self::PotentialLoyalists,
        Self::NewCustomers,
        Self::Promising,
        Self::NeedAttention,
        Self::AboutToSleep,
        Self::AtRisk,
        Self::CantLose,
        Self::Hibernating,
    ];

    /// The segment's display name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Champions => "Champions",
            Self::LoyalCustomers => "Loyal Customers",
            Self::PotentialLoyalists => "Potential Loyalists",
            Self::NewCustomers => "New Customers",
            Self::Promising => "Promising",
            Self::NeedAttention => "Need Attention",
            Self::AboutToSleep => "About to Sleep",
            Self::AtRisk => "At Risk",
            Self::CantLose => "Can't Lose",
            Self::Hibernating => "Hibernating",
        }
    }

    /// A one-line suggested marketing action for the segment.
    pub fn action(self) -> &'static str {
        match self {
            Self::Champions => {
                "Reward them with early access, perks and referral asks; they need no discounts."
            }
            Self::LoyalCustomers => {
                "Upsell higher-value products and invite them into a loyalty programme."
            }
            Self::PotentialLoyalists => {
                "Offer a membership or loyalty programme and recommend related products."
            }
            Self::NewCustomers => {
                "Welcome them with good onboarding and make the second order easy."
            }
            Self::Promising => {
                "Build awareness with brand content and a modest offer on a repeat order."
            }
            Self::NeedAttention => {
                "Send limited-time offers and personal recommendations to reactivate them."
            }
            Self::AboutToSleep => "Share bestsellers and a timely discount before they drift away.",
            Self::AtRisk => "Send personal win-back emails with a strong offer.",
            Self::CantLose => {
                "Win them back personally: get in touch, ask what changed, make a generous offer."
            }
            Self::Hibernating => {
                "Reach them only through low-cost campaigns; accept that some are lost."
            }
        }
    }

    /// The scores the segment takes, as text, e.g. "R 5, F 4–5".
    pub fn rule(self) -> &'static str {
        match self {
            Self::Champions => "R 5, F 4–5",
            Self::LoyalCustomers => "R 3–4, F 4–5",
            Self::PotentialLoyalists => "R 4–5, F 2–3",
            Self::NewCustomers => "R 5, F 1",
            Self::Promising => "R 4, F 1",
            Self::NeedAttention => "R 3, F 3",
            Self::AboutToSleep => "R 3, F 1–2",
            Self::AtRisk => "R 1–2, F 3–4",
            Self::CantLose => "R 1–2, F 5",
            Self::Hibernating => "R 1–2, F 1–2",
        }
    }

    /// The inclusive R and F score ranges of the segment: `((r_low, r_high), (f_low, f_high))`.
    pub fn scores(self) -> ((u8, u8), (u8, u8)) {
        match self {
            Self::Champions => ((5, 5), (4, 5)),
            Self::LoyalCustomers => ((3, 4), (4, 5)),
            Self::PotentialLoyalists => ((4, 5), (2, 3)),
            Self::NewCustomers => ((5, 5), (1, 1)),
            Self::Promising => ((4, 4), (1, 1)),
            Self::NeedAttention => ((3, 3), (3, 3)),
            Self::AboutToSleep => ((3, 3), (1, 2)),
            Self::AtRisk => ((1, 2), (3, 4)),
            Self::CantLose => ((1, 2), (5, 5)),
            Self::Hibernating => ((1, 2), (1, 2)),
        }
    }

    /// Whether scores `r` and `f` fall in this segment.
    pub fn contains(self, r: u8, f: u8) -> bool {
        let ((r_low, r_high), (f_low, f_high)) = self.scores();
        (r_low..=r_high).contains(&r) && (f_low..=f_high).contains(&f)
    }

    /// The segment of scores `r` and `f`; scores outside 1–5 are clamped into it.
    pub fn of(r: u8, f: u8) -> RfmSegment {
        let (r, f) = (r.clamp(1, 5), f.clamp(1, 5));
        Self::ALL
            .into_iter()
            .find(|s| s.contains(r, f))
            .unwrap_or(Self::Hibernating)
    }

    /// The segment's position in [`RfmSegment::ALL`].
    pub fn position(self) -> usize {
        self as usize
    }
}
