//! Customer lifetime value: how many more purchases each customer is expected to make, how
//! much they are likely to spend per order, and what that is worth today.
//!
//! Two classic models, both fitted by maximum likelihood with a deterministic Nelder–Mead:
//!
//! * **BG/NBD** (Fader, Hardie & Lee 2005, "Counting your customers the easy way") for the
//!   purchase count: while alive a customer buys as a Poisson process (rates gamma(r, α) across
//!   customers) and after each purchase drops out with probability p (beta(a, b) across
//!   customers). When the data show no dropout the maximum lies at the boundary a → 0, where
//!   the model collapses to the NBD (r, α); that is detected and reported as [`Dropout::None`].
//! * **Gamma–Gamma** (Fader, Hardie & Lee 2005, "RFM and CLV", note on spend) for the order
//!   value of repeat customers, with parameters p, q, γ.
//!
//! Conventions (those of the published CDNOW fits and of the `lifetimes` package):
//! purchases by one customer on one day are merged into one transaction (amounts summed);
//! `x` counts repeat transaction days (all but the first); `t_x` and `T` are the times from
//! the first purchase to the last one and to the end of observation, in time units of
//! `time_unit_days` days, *fractional* (days / unit, not rounded to whole units); the
//! monetary value is the mean of the repeat transactions (the first is left out).
//! Purchases dated after `end_day` are ignored. Checked on the CDNOW 1/10 sample (weekly
//! unit, end 1997-09-30): these conventions give r 0.2426, α 4.4136, a 0.7929, b 2.4259,
//! LL −9582.43; the published r 0.2426, α 4.4135, a 0.7929, b 2.4258 come out exactly when
//! t_x and T are first rounded to 0.01 week as in FHL's published summary file. Lifetimes'
//! whole-period convention (integer weeks) does not match (r 0.2308, α 3.858).
//!
//! Pure: no clock, no I/O, no threads, no randomness; transcendental functions from `libm`
//! so the numbers are the same on every target.

mod backtest;
mod bgnbd;
mod gamma_gamma;
mod hyp2f1;
mod optimize;
mod summary;
#[cfg(test)]
mod tests;

pub use backtest::{Backtest, FrequencyBin};
pub use bgnbd::{BgNbdFit, Dropout, NO_DROPOUT_LL_GAIN, NO_DROPOUT_MEAN_P};
pub use gamma_gamma::GammaGammaFit;
pub use hyp2f1::hyp2f1;
pub use summary::{summarise, CustomerSummary};

use crate::params::{Check, Valid};
use serde::{Deserialize, Serialize};

/// Fewest customers (with a purchase by the end of observation) a fit is attempted on.
pub const MIN_CUSTOMERS: usize = 20;

/// Days in an average month, for discounting the lifetime value month by month.
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// One purchase (an order line or a whole order): who, when, how much.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Purchase {
    /// Customer index, below the `customers` count passed to [`clv`].
    pub customer: u32,
    /// Day of the purchase, in days since an epoch (any epoch, the same for all inputs).
    pub day: i32,
    /// Amount paid. Several purchases on one day are summed into one transaction.
    pub amount: f64,
}

/// Settings for [`clv`]. Missing fields take their defaults when read from JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClvParams {
    /// How far ahead the lifetime value looks, in days (default 365).
    pub horizon_days: u32,
    /// Share of the order value that is profit, in (0, 1] (default 0.3). 1.0 gives the
    /// lifetime *revenue* instead of the lifetime profit.
    pub margin: f64,
    /// Discount rate per month for future purchases, in [0, 1) (default 0.01).
    pub monthly_discount: f64,
    /// "Expected purchases in the next N days": N (default 90).
    pub prediction_days: u32,
    /// Length of the back-test's hold-out period in days. `None` (default) holds out the last
    /// quarter of the observed span.
    pub holdout_days: Option<u32>,
    /// Days per model time unit (default 1.0; 7.0 reproduces weekly published fits). The
    /// predictions do not depend on it except through the fit's numerical path.
    pub time_unit_days: f64,
}

impl Default for ClvParams {
    fn default() -> Self {
        Self {
            horizon_days: 365,
            margin: 0.3,
            monthly_discount: 0.01,
            prediction_days: 90,
            holdout_days: None,
            time_unit_days: 1.0,
        }
    }
}

/// Why the lifetime values could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum ClvError {
    /// `horizon_days` is 0.
    #[error("The lifetime value horizon must be at least one day.")]
    ZeroHorizon,
    /// `margin` outside (0, 1].
    #[error(
        "The profit margin must be more than 0 and at most 1 (1 means revenue); got {margin}."
    )]
    MarginOutOfRange {
        /// The margin given.
        margin: f64,
    },
    /// `monthly_discount` outside [0, 1).
    #[error("The monthly discount rate must be at least 0 and below 1; got {discount}.")]
    DiscountOutOfRange {
        /// The rate given.
        discount: f64,
    },
    /// `prediction_days` is 0.
    #[error("The prediction period must be at least one day.")]
    ZeroPredictionDays,
    /// `holdout_days` is `Some(0)`.
    #[error("The back-test hold-out period must be at least one day.")]
    ZeroHoldout,
    /// `time_unit_days` not a positive finite number.
    #[error("The time unit must be a positive number of days; got {days}.")]
    TimeUnitNotPositive {
        /// The unit given.
        days: f64,
    },
    /// A purchase names a customer index not below the customer count.
    #[error(
        "A purchase belongs to customer {customer}, but there are only {customers} customers."
    )]
    CustomerOutOfRange {
        /// The index found.
        customer: u32,
        /// The count given.
        customers: usize,
    },
    /// A purchase amount is not a finite number.
    #[error("A purchase by customer {customer} on day {day} has no usable amount.")]
    AmountNotFinite {
        /// Who bought.
        customer: u32,
        /// When.
        day: i32,
    },
    /// Too few customers bought anything by the end of observation.
    #[error("Only {customers} customers bought something; at least {needed} are needed to estimate lifetime values.")]
    TooFewCustomers {
        /// Customers with a purchase.
        customers: usize,
        /// Customers needed.
        needed: usize,
    },
    /// Nobody bought on two different days, so there is nothing to learn repeat buying from.
    #[error("No customer bought on two different days, so repeat buying cannot be estimated.")]
    NoRepeatCustomers,
    /// The likelihood maximisation did not settle.
    #[error("The purchase model could not be fitted to this data (the estimate did not settle).")]
    DidNotConverge,
}

impl Check for ClvParams {
    type Error = ClvError;

    fn check_ref(&self) -> Result<(), ClvError> {
        if self.horizon_days == 0 {
            return Err(ClvError::ZeroHorizon);
        }
        if !(self.margin > 0.0 && self.margin <= 1.0) {
            return Err(ClvError::MarginOutOfRange {
                margin: self.margin,
            });
        }
        if !(self.monthly_discount >= 0.0 && self.monthly_discount < 1.0) {
            let discount = self.monthly_discount;
            return Err(ClvError::DiscountOutOfRange { discount });
        }
        if self.prediction_days == 0 {
            return Err(ClvError::ZeroPredictionDays);
        }
        if self.holdout_days == Some(0) {
            return Err(ClvError::ZeroHoldout);
        }
        if !(self.time_unit_days.is_finite() && self.time_unit_days > 0.0) {
            let days = self.time_unit_days;
            return Err(ClvError::TimeUnitNotPositive { days });
        }
        Ok(())
    }
}

/// What the churn risk figures are based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChurnBasis {
    /// 1 − P(alive) from the fitted BG/NBD model.
    Model,
    /// A rule of thumb (the model sees no dropout): days since the last purchase over the
    /// customer's typical gap between purchases, mapped to 0..1 by `1 − 2^(−ratio/2)`
    /// (0.5 at twice the typical gap).
    Heuristic,
}

/// The lifetime value figures of one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerClv {
    /// Customer index.
    pub customer: u32,
    /// Repeat transactions (purchase days after the first).
    pub x: u32,
    /// Time from first to last purchase, in time units.
    pub t_x: f64,
    /// Time from first purchase to the end of observation, in time units.
    pub t: f64,
    /// Mean amount of the repeat transactions (0 for one-time buyers).
    pub monetary: f64,
    /// Expected purchases (transaction days) in the next `prediction_days`.
    pub expected_purchases: f64,
    /// Probability the customer is still active (1 when the data show no dropout).
    pub p_alive: f64,
    /// Expected value of a future order.
    pub expected_order_value: f64,
    /// Margin × expected order value × expected purchases over the horizon, discounted monthly.
    pub clv: f64,
    /// Risk of having churned, 0..1; see [`ClvReport::churn_basis`] for what it rests on.
    pub churn_risk: f64,
}

/// Everything [`clv`] found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClvReport {
    /// The purchase-count model.
    pub fit: BgNbdFit,
    /// The spend model, when it could be fitted.
    pub spend: Option<GammaGammaFit>,
    /// One row per customer with a purchase by the end of observation, by customer index.
    pub customers: Vec<CustomerClv>,
    /// What the churn risks rest on.
    pub churn_basis: ChurnBasis,
    /// Plain-words remarks on the fit and its limits.
    pub notes: Vec<String>,
    /// How well the model predicted a held-out final period, when that could be run.
    pub backtest: Option<Backtest>,
}

/// Fits both models to the purchases up to `end_day` and scores every customer.
///
/// `customers` is the number of customer indices (every `Purchase::customer` is below it);
/// `end_day` is the last day of data, the end of observation.
pub fn clv(
    purchases: &[Purchase],
    customers: usize,
    end_day: i32,
    params: &Valid<ClvParams>,
) -> Result<ClvReport, ClvError> {
    let summaries = summarise(purchases, customers, end_day, params.time_unit_days)?;
    let fit = bgnbd::fit(&summaries)?;
    let mut notes = Vec::new();
    let spend = spend_fit(&summaries, &mut notes);
    let churn_basis = match fit.dropout {
        Dropout::Measured => ChurnBasis::Model,
        Dropout::None => {
            notes.push(no_dropout_note());
            ChurnBasis::Heuristic
        }
    };
    let median_gap = summary::median_gap_days(&summaries);
    let scorer = Scorer {
        fit: &fit,
        spend: spend.as_ref(),
        params,
        median_gap,
        end_day,
    };
    let rows = summaries.iter().map(|s| scorer.score(s)).collect();
    let backtest = backtest::run(purchases, customers, end_day, params, &mut notes);
    Ok(ClvReport {
        fit,
        spend,
        customers: rows,
        churn_basis,
        notes,
        backtest,
    })
}

fn no_dropout_note() -> String {
    "This shop's data shows no measurable dropout: customers who have gone quiet are \
     not buying measurably less than the purchase model expects of active customers, so the \
     model treats everyone as still active and its churn risk would not be informative. The \
     churn risk shown is a heuristic instead: days since the last purchase compared with \
     the customer's usual gap between purchases."
        .to_owned()
}

fn spend_fit(summaries: &[CustomerSummary], notes: &mut Vec<String>) -> Option<GammaGammaFit> {
    match gamma_gamma::fit(summaries) {
        Ok(fit) if fit.q > 1.0 => Some(fit),
        Ok(_) => {
            notes.push(
                "Order values vary too wildly to estimate an average for new customers; \
                 each customer's own average order value is used instead."
                    .to_owned(),
            );
            None
        }
        Err(reason) => {
            notes.push(format!(
                "The spend model could not be fitted ({reason}); each customer's own \
                 average order value is used instead."
            ));
            None
        }
    }
}

/// Scores one customer with the fitted models.
struct Scorer<'a> {
    fit: &'a BgNbdFit,
    spend: Option<&'a GammaGammaFit>,
    params: &'a ClvParams,
    median_gap: f64,
    end_day: i32,
}

impl Scorer<'_> {
    fn score(&self, s: &CustomerSummary) -> CustomerClv {
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
