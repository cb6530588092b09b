//! Gamma–Gamma spend model (Fader, Hardie & Lee 2005): a customer's transaction values are
//! gamma(p, ν) with ν ~ gamma(q, γ) across customers, fitted on the repeat customers'
//! mean repeat-transaction values.

use super::optimize::{minimize, Settings};
use super::{ClvError, CustomerSummary, MIN_CUSTOMERS};
use serde::{Deserialize, Serialize};

/// A fitted Gamma–Gamma model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaFit {
    /// Shape of each transaction's value.
    pub p: f64,
    /// Shape of the spread of customers' value scales.
    pub q: f64,
    /// Scale of the spread of customers' value scales.
    pub gamma: f64,
    /// Maximised log-likelihood.
    pub log_likelihood: f64,
    /// Repeat customers fitted on.
    pub customers: usize,
}

/// One repeat customer: x, mean m, ln m, ln x.
pub(crate) type Row = (f64, f64, f64, f64);

/// Σ ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(xm+γ),
/// with the gamma functions evaluated once per distinct x (`rows` sorted by x).
pub(crate) fn log_likelihood(rows: &[Row], p: f64, q: f64, g: f64) -> f64 {
    let base = libm::lgamma(q) - q * libm::log(g);
    let mut cached = (f64::NAN, 0.0);
    let mut total = 0.0;
    for &(x, m, ln_m, ln_x) in rows {
        let px = p * x;
        if cached.0 != x {
            cached = (
                x,
                libm::lgamma(px + q) - libm::lgamma(px) - base + px * ln_x,
            );
        }
        total += cached.1 + (px - 1.0) * ln_m - (px + q) * libm::log(x * m + g);
    }
    total
}

/// Fits the model on customers with x > 0 and a positive mean repeat amount.
pub fn fit(summaries: &[CustomerSummary]) -> Result<GammaGammaFit, ClvError> {
    let mut rows: Vec<Row> = summaries
        .iter()
        .filter(|s| s.x > 0 && s.monetary > 0.0)
        .map(|s| {
            let x = f64::from(s.x);
            (x, s.monetary, libm::log(s.monetary), libm::log(x))
        })
        .collect();
    rows.sort_by(|u, v| u.0.total_cmp(&v.0));
    let customers = rows.len();
    if customers < MIN_CUSTOMERS {
        return Err(ClvError::TooFewCustomers {
            customers,
            needed: MIN_CUSTOMERS,
        });
    }
    let mean = rows.iter().map(|r| r.1).sum::<f64>() / customers as f64;
    let start = [0.0, 0.0, libm::log(mean)];
    let bound = |v: f64| libm::exp(v.clamp(-25.0, 25.0));
    let objective = |v: &[f64]| -log_likelihood(&rows, bound(v[0]), bound(v[1]), bound(v[2]));
    let m = minimize(objective, &start, &Settings::default());
    if !(m.f.is_finite() && m.converged) {
        return Err(ClvError::DidNotConverge);
    }
    let (p, q, gamma) = (bound(m.x[0]), bound(m.x[1]), bound(m.x[2]));
    Ok(GammaGammaFit {
        p,
        q,
        gamma,
        log_likelihood: -m.f,
        customers,
    })
}

impl GammaGammaFit {
    /// Population mean order value, p·γ/(q−1) (infinite when q ≤ 1).
    pub fn population_mean(&self) -> f64 {
        self.p * self.gamma / (self.q - 1.0)
    }

    /// Expected order value of a customer with `x` repeat transactions averaging `monetary`:
    /// (p(γ + x·m)) / (px + q − 1), the population mean when x = 0.
    pub fn expected_order_value(&self, x: u32, monetary: f64) -> f64 {
        let x = f64::from(x);
        self.p * (self.gamma + x * monetary) / (self.p * x + self.q - 1.0)
    }
}
