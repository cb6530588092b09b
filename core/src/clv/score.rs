//! Scoring one customer with the fitted models: expected purchases, P(alive), order value,
//! discounted lifetime value and churn risk.

use super::{
    BgNbdFit, ClvParams, CustomerClv, CustomerSummary, Dropout, GammaGammaFit, DAYS_PER_MONTH,
};

/// Scores one customer with the fitted models.
pub(super) struct Scorer<'a> {
    pub(super) fit: &'a BgNbdFit,
    pub(super) spend: Option<&'a GammaGammaFit>,
    pub(super) params: &'a ClvParams,
    pub(super) median_gap: f64,
    pub(super) end_day: i32,
}

impl Scorer<'_> {
    pub(super) fn score(&self, s: &CustomerSummary) -> CustomerClv {
        let unit = self.params.time_unit_days;
        let horizon = f64::from(self.params.prediction_days) / unit;
        let expected_purchases = self.fit.expected_purchases(s, horizon);
        let p_alive = self.fit.p_alive(s);
        let expected_order_value = match self.spend {
            Some(g) => g.expected_order_value(s.x, s.monetary),
            None => s.mean_amount,
        };
        let clv = self.params.margin * expected_order_value * self.discounted_purchases(s);
        let churn_risk = match self.fit.dropout {
            Dropout::Measured => (1.0 - p_alive).clamp(0.0, 1.0),
            Dropout::None => heuristic_churn(s, self.end_day, self.median_gap),
        };
        CustomerClv {
            customer: s.customer,
            x: s.x,
            t_x: s.t_x,
            t: s.t,
            monetary: s.monetary,
            expected_purchases,
            p_alive,
            expected_order_value,
            clv: clv.max(0.0),
            churn_risk,
        }
    }

    /// Expected purchases month by month over the horizon, each month discounted
    /// (lifetimes' `customer_lifetime_value`): Σₘ (E[Y(tₘ)] − E[Y(tₘ₋₁)]) / (1 + d)^m with
    /// tₘ = min(m · 30.4375, horizon) days, m = 1..=⌈horizon / 30.4375⌉.
    fn discounted_purchases(&self, s: &CustomerSummary) -> f64 {
        let unit = self.params.time_unit_days;
        let horizon = f64::from(self.params.horizon_days);
        let months = libm::ceil(horizon / DAYS_PER_MONTH) as u32;
        let discount = 1.0 + self.params.monthly_discount;
        let mut previous = 0.0;
        let mut total = 0.0;
        for m in 1..=months {
            let days = (f64::from(m) * DAYS_PER_MONTH).min(horizon);
            let now = self.fit.expected_purchases(s, days / unit);
            total += (now - previous) / libm::pow(discount, f64::from(m));
            previous = now;
        }
        total
    }
}

/// Heuristic churn risk: `ratio` = days since the last purchase / typical gap (the
/// customer's mean gap between purchase days, or the population median gap for one-time
/// buyers); risk = 1 − 2^(−ratio/2), so 0 right after a purchase, 0.29 at one typical gap,
/// 0.5 at two, 0.75 at four. Monotone in the days since the last purchase.
pub fn heuristic_churn(s: &CustomerSummary, end_day: i32, median_gap_days: f64) -> f64 {
    let gap = if s.x > 0 {
        f64::from(s.t_x_days) / f64::from(s.x)
    } else {
        median_gap_days
    };
    let since = f64::from(end_day.saturating_sub(s.last_day)).max(0.0);
    let ratio = if gap > 0.0 { since / gap } else { 0.0 };
    (1.0 - libm::exp2(-ratio / 2.0)).clamp(0.0, 1.0)
}
