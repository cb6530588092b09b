//! The steps of the cleaning chain: their names and rules, as the user reads them.

use crate::load::Rules;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CleanStepId {
    Load,
    MissingValues,
    Duplicates,
    Cancellations,
    StockCodes,
    ServiceDescriptions,
    Prices,
}

impl CleanStepId {
    pub const ALL: [CleanStepId; 7] = [
        CleanStepId::Load,
        CleanStepId::MissingValues,
        CleanStepId::Duplicates,
        CleanStepId::Cancellations,
        CleanStepId::StockCodes,
        CleanStepId::ServiceDescriptions,
        CleanStepId::Prices,
    ];

    /// The steps a user may switch off. The others are what the analysis needs: a
    /// customer on every line, and a price above zero.
    pub const SWITCHABLE: [CleanStepId; 4] = [
        CleanStepId::Duplicates,
        CleanStepId::Cancellations,
        CleanStepId::StockCodes,
        CleanStepId::ServiceDescriptions,
    ];

    pub fn switchable(self) -> bool {
        Self::SWITCHABLE.contains(&self)
    }

    /// The step's name on the command line (`--rule-off NAME`).
    pub fn slug(self) -> &'static str {
        match self {
            CleanStepId::Load => "load",
            CleanStepId::MissingValues => "missing-values",
            CleanStepId::Duplicates => "duplicates",
            CleanStepId::Cancellations => "returns",
            CleanStepId::StockCodes => "non-products",
            CleanStepId::ServiceDescriptions => "service-lines",
            CleanStepId::Prices => "prices",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CleanStepId::Load => "Loaded",
            CleanStepId::MissingValues => "Missing values",
            CleanStepId::Duplicates => "Duplicates",
            CleanStepId::Cancellations => "Cancellations",
            CleanStepId::StockCodes => "Stock-code anomalies",
            CleanStepId::ServiceDescriptions => "Service lines",
            CleanStepId::Prices => "Prices",
        }
    }

    /// The step's name for a file of this layout.
    pub fn label_for(self, rules: &Rules) -> &'static str {
        match self {
            CleanStepId::StockCodes if !rules.stock_code_digits => "Non-product lines",
            CleanStepId::Cancellations if !rules.c_prefix_cancels => "Returns",
            _ => self.label(),
        }
    }

    /// The rule as a file of this layout has it applied.
    pub fn rule_for(self, rules: &Rules) -> &'static str {
        match self {
            CleanStepId::MissingValues if rules.product_fallback => {
                "Drop lines with no customer, or with neither a product id nor a product name."
            }
            CleanStepId::Duplicates if rules.product_fallback => {
                "Drop exact repeats of a line (every field equal), keeping the first."
            }
            CleanStepId::Cancellations if !rules.c_prefix_cancels => {
                "Returns: lines with a negative quantity, and the lines of orders whose status is refunded, cancelled, voided, failed or returned. Kept and flagged; they do not count as spend."
            }
            CleanStepId::StockCodes if !rules.stock_code_digits => {
                "Drop lines that are not products, by product id or name: shipping, postage, delivery, fees, bank charges, adjustments, discounts, coupons, gift cards and vouchers, samples, tips."
            }
            _ => self.rule(),
        }
    }

    /// The rule of the reference analysis (Online Retail).
    pub fn rule(self) -> &'static str {
        match self {
            CleanStepId::Load => "Every transaction line read from the file.",
            CleanStepId::MissingValues => "Drop lines with no CustomerID or no Description.",
            CleanStepId::Duplicates => "Drop exact repeats of a line (all 8 columns equal), keeping the first.",
            CleanStepId::Cancellations => "Invoices starting with \"C\" are cancellations: kept, and flagged.",
            CleanStepId::StockCodes => "Drop lines whose StockCode has 0 or 1 digits (POST, D, M, BANK CHARGES, …): fees and adjustments, not products.",
            CleanStepId::ServiceDescriptions => "Drop \"Next Day Carriage\" and \"High Resolution Image\" lines; upper-case the other descriptions.",
            CleanStepId::Prices => "Keep lines with a unit price above zero.",
        }
    }
}

impl std::str::FromStr for CleanStepId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        let alias = match s.as_str() {
            "cancellations" => "returns",
            "stock-codes" => "non-products",
            other => other,
        };
        CleanStepId::ALL
            .into_iter()
            .find(|id| id.slug() == alias)
            .ok_or_else(|| {
                let names: Vec<&str> = CleanStepId::SWITCHABLE.iter().map(|id| id.slug()).collect();
                format!(
                    "unknown cleaning rule {s:?}: expected one of {}",
                    names.join(", ")
                )
            })
    }
}
