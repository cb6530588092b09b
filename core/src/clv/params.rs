//! The lifetime value step's settings, their check and its errors, and its input.

use crate::params::Check;
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
