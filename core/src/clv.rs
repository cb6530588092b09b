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
mod params;
mod score;
mod summary;
#[cfg(test)]
mod tests;

pub use backtest::{Backtest, FrequencyBin};
pub use bgnbd::{BgNbdFit, Dropout, NO_DROPOUT_LL_GAIN, NO_DROPOUT_MEAN_P};
pub use gamma_gamma::GammaGammaFit;
pub use hyp2f1::hyp2f1;
pub use params::{ClvError, ClvParams, Purchase, DAYS_PER_MONTH, MIN_CUSTOMERS};
pub use score::heuristic_churn;
pub use summary::{summarise, CustomerSummary};

use crate::params::Valid;
use score::Scorer;
use serde::{Deserialize, Serialize};

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
