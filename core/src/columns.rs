//! Names, defined once: the input fields a transactions table must have and the customer
//! features the pipeline computes. Every other module refers to these enums, never to
//! string literals.

use serde::{Deserialize, Serialize};

mod header;
pub use header::{field_for_header, header_key, normalise_header};

/// A column the analysis needs from the user's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Invoice,
    StockCode,
    Description,
    Quantity,
    InvoiceDate,
    UnitPrice,
    CustomerId,
    Country,
}

impl Field {
    /// All fields, in the column order of the Online Retail workbook.
    pub const ALL: [Field; 8] = [
        Field::Invoice,
        Field::StockCode,
        Field::Description,
        Field::Quantity,
        Field::InvoiceDate,
        Field::UnitPrice,
        Field::CustomerId,
        Field::Country,
    ];

    /// The header used by the Online Retail data set; what users see in messages.
    pub fn label(self) -> &'static str {
        match self {
            Field::Invoice => "InvoiceNo",
            Field::StockCode => "StockCode",
            Field::Description => "Description",
            Field::Quantity => "Quantity",
            Field::InvoiceDate => "InvoiceDate",
            Field::UnitPrice => "UnitPrice",
            Field::CustomerId => "CustomerID",
            Field::Country => "Country",
        }
    }

    /// Header spellings accepted for this field, already normalised (see [`normalise_header`]).
    /// Covers the Online Retail and Online Retail II names.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Invoice => &["invoiceno", "invoice", "invoicenumber", "invoiceid"],
            Field::StockCode => &["stockcode", "productcode", "sku"],
            Field::Description => &["description", "productdescription"],
            Field::Quantity => &["quantity", "qty"],
            Field::InvoiceDate => &["invoicedate", "date"],
            Field::UnitPrice => &["unitprice", "price"],
            Field::CustomerId => &["customerid", "customer", "customerno"],
            Field::Country => &["country"],
        }
    }

    /// The polars column name the loader gives this field.
    pub(crate) fn column(self) -> &'static str {
        match self {
            Field::Invoice => col::INVOICE,
            Field::StockCode => col::STOCK_CODE,
            Field::Description => col::DESCRIPTION,
            Field::Quantity => col::QUANTITY,
            Field::InvoiceDate => col::TIMESTAMP,
            Field::UnitPrice => col::UNIT_PRICE,
            Field::CustomerId => col::CUSTOMER,
            Field::Country => col::COUNTRY,
        }
    }
}

impl std::str::FromStr for Field {
    type Err = String;

    /// A field by its label or any of its Online Retail spellings ("CustomerID",
    /// "customer_id", "price").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = normalise_header(s);
        Field::ALL
            .into_iter()
            .find(|f| normalise_header(f.label()) == norm || f.aliases().contains(&norm.as_str()))
            .ok_or_else(|| {
                let labels: Vec<&str> = Field::ALL.iter().map(|f| f.label()).collect();
                format!(
                    "unknown field \"{s}\"; the fields are {}",
                    labels.join(", ")
                )
            })
    }
}

/// Polars column names of the transactions frame.
pub(crate) mod col {
    /// Index of the source sheet, and the 1-based row number within it.
    pub const SHEET: &str = "sheet";
    pub const ROW: &str = "row";
    pub const INVOICE: &str = "invoice";
    pub const STOCK_CODE: &str = "stock_code";
    pub const DESCRIPTION: &str = "description";
    pub const QUANTITY: &str = "quantity";
    /// Milliseconds since 1970-01-01, naive local time as written in the file.
    pub const TIMESTAMP: &str = "timestamp_ms";
    pub const UNIT_PRICE: &str = "unit_price";
    pub const CUSTOMER: &str = "customer_id";
    pub const COUNTRY: &str = "country";
    /// Derived calendar fields, computed once at load time.
    pub const DAY: &str = "day";
    pub const WEEKDAY: &str = "weekday";
    pub const HOUR: &str = "hour";
    pub const MONTH: &str = "month";
    /// An order's status as the export writes it (Shopify's financial status,
    /// WooCommerce's order status); absent in most layouts.
    pub const STATUS: &str = "status";
    pub const CANCELLED: &str = "cancelled";
    pub const SPEND: &str = "spend";
    /// A count per group (modal values).
    pub const COUNT: &str = "n";
    /// Row positions (examples of dropped duplicates).
    pub const INDEX: &str = "idx";
    /// The guard column of `frame::group_by`.
    pub const GUARD: &str = "__segwork_rows";
}

/// The per-customer aggregates the feature step computes in polars, before they become
/// [`Feature`]s: each one's column is named here, and read back by the enum, never by a
/// string, so a misspelt name cannot silently read as zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Aggregate {
    LastDay,
    Transactions,
    Quantity,
    Spend,
    Products,
    Gap,
    Cancelled,
    Weekday,
    Hour,
}

impl Aggregate {
    pub const COUNT: usize = 9;
    pub const ALL: [Aggregate; Aggregate::COUNT] = [
        Aggregate::LastDay,
        Aggregate::Transactions,
        Aggregate::Quantity,
        Aggregate::Spend,
        Aggregate::Products,
        Aggregate::Gap,
        Aggregate::Cancelled,
        Aggregate::Weekday,
        Aggregate::Hour,
    ];

    /// The aggregate's column in the per-customer frame.
    pub fn column(self) -> &'static str {
        match self {
            Aggregate::LastDay => "last_day",
            Aggregate::Transactions => "transactions",
            Aggregate::Quantity => "quantity",
            Aggregate::Spend => "spend",
            Aggregate::Products => "products",
            Aggregate::Gap => "gap",
            Aggregate::Cancelled => "cancelled",
            Aggregate::Weekday => col::WEEKDAY,
            Aggregate::Hour => col::HOUR,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One per-customer feature, in the column order of the reference analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Feature {
    DaysSinceLastPurchase,
    TotalTransactions,
    TotalProductsPurchased,
    TotalSpend,
    AverageTransactionValue,
    UniqueProductsPurchased,
    AverageDaysBetweenPurchases,
    DayOfWeek,
    Hour,
    IsUk,
    CancellationFrequency,
    CancellationRate,
    MonthlySpendingMean,
    MonthlySpendingStd,
    SpendingTrend,
}

impl Feature {
    pub const COUNT: usize = 15;
    pub const ALL: [Feature; Feature::COUNT] = [
        Feature::DaysSinceLastPurchase,
        Feature::TotalTransactions,
        Feature::TotalProductsPurchased,
        Feature::TotalSpend,
        Feature::AverageTransactionValue,
        Feature::UniqueProductsPurchased,
        Feature::AverageDaysBetweenPurchases,
        Feature::DayOfWeek,
        Feature::Hour,
        Feature::IsUk,
        Feature::CancellationFrequency,
        Feature::CancellationRate,
        Feature::MonthlySpendingMean,
        Feature::MonthlySpendingStd,
        Feature::SpendingTrend,
    ];

    /// The column name of the reference analysis (also the CSV header).
    pub fn name(self) -> &'static str {
        match self {
            Feature::DaysSinceLastPurchase => "Days_Since_Last_Purchase",
            Feature::TotalTransactions => "Total_Transactions",
            Feature::TotalProductsPurchased => "Total_Products_Purchased",
            Feature::TotalSpend => "Total_Spend",
            Feature::AverageTransactionValue => "Average_Transaction_Value",
            Feature::UniqueProductsPurchased => "Unique_Products_Purchased",
            Feature::AverageDaysBetweenPurchases => "Average_Days_Between_Purchases",
            Feature::DayOfWeek => "Day_Of_Week",
            Feature::Hour => "Hour",
            Feature::IsUk => "Is_UK",
            Feature::CancellationFrequency => "Cancellation_Frequency",
            Feature::CancellationRate => "Cancellation_Rate",
            Feature::MonthlySpendingMean => "Monthly_Spending_Mean",
            Feature::MonthlySpendingStd => "Monthly_Spending_Std",
            Feature::SpendingTrend => "Spending_Trend",
        }
    }

    /// A short human label for charts and tables.
    pub fn label(self) -> &'static str {
        match self {
            Feature::DaysSinceLastPurchase => "Days since last purchase",
            Feature::TotalTransactions => "Transactions",
            Feature::TotalProductsPurchased => "Products purchased",
            Feature::TotalSpend => "Total spend",
            Feature::AverageTransactionValue => "Average transaction value",
            Feature::UniqueProductsPurchased => "Unique products",
            Feature::AverageDaysBetweenPurchases => "Average days between purchases",
            Feature::DayOfWeek => "Favourite weekday",
            Feature::Hour => "Favourite hour",
            Feature::IsUk => "Based in the file's main country",
            Feature::CancellationFrequency => "Cancelled transactions",
            Feature::CancellationRate => "Cancellation rate",
            Feature::MonthlySpendingMean => "Monthly spend (mean)",
            Feature::MonthlySpendingStd => "Monthly spend (std)",
            Feature::SpendingTrend => "Spending trend",
        }
    }

    /// Position in [`Feature::ALL`] and in every feature matrix.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Categorical features are left unscaled, as in the reference analysis.
    pub fn is_scaled(self) -> bool {
        !matches!(self, Feature::IsUk | Feature::DayOfWeek)
    }
}

#[cfg(test)]
mod tests;
