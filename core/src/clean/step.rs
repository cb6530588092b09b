//! The steps of the cleaning chain: their names and rules, as the user reads them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
