//! The export layouts Segwork knows: each names the header spellings of its columns and
//! the rules of its format (how it marks cancellations, which lines are not products,
//! whether its order-level cells are left blank after an order's first line). A layout is
//! recognised from the header row; a header that no layout recognises is matched field
//! by field, with the user's mapping first.

mod aliases;

use crate::columns::Field;
use aliases::{etsy, generic, shopify, superstore, woocommerce};
use serde::{Deserialize, Serialize};

/// A known export layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Preset {
    /// The UCI Online Retail workbook (I and II spellings); the reference analysis.
    OnlineRetail,
    /// Shopify's orders export (`orders_export*.csv`).
    Shopify,
    /// WooCommerce order exports (the analytics export and the common export plugins).
    WooCommerce,
    /// Etsy's "Sold Order Items" CSV.
    Etsy,
    /// Superstore-style sheets (Tableau's sample and the sheets shaped like it).
    Superstore,
    /// A purchase log without a header (customer, date, quantity, amount per line, as in
    /// the CDNOW data of the customer-lifetime-value literature): columns told by content.
    PurchaseLog,
    /// A header matched field by field: any other layout.
    Generic,
}

/// The rules of a layout, as the cleaning chain and the loader apply them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rules {
    /// Invoices starting with "C" are cancellations (Online Retail). Elsewhere an order id
    /// may start with C by chance; a negative quantity marks a return.
    pub c_prefix_cancels: bool,
    /// A stock code with fewer than two digits is a fee or adjustment (Online Retail's
    /// POST, D, M, BANK CHARGES). Elsewhere non-product lines are found by name.
    pub stock_code_digits: bool,
    /// Order-level cells (customer, date, country) are blank on an order's later lines and
    /// are taken from the line above (Shopify).
    pub fill_down: bool,
    /// Customer keys are e-mail addresses, compared lower-cased.
    pub customer_lowercase: bool,
    /// A line with no product id is named by its product name, and the reverse.
    pub product_fallback: bool,
}

impl Preset {
    /// The layouts recognised from a header, most specific first: the generic match is
    /// what remains.
    pub const KNOWN: [Preset; 5] = [
        Preset::OnlineRetail,
        Preset::Shopify,
        Preset::Etsy,
        Preset::Superstore,
        Preset::WooCommerce,
    ];

    /// Every layout, the generic match last.
    pub const ALL: [Preset; 7] = [
        Preset::OnlineRetail,
        Preset::Shopify,
        Preset::WooCommerce,
        Preset::Etsy,
        Preset::Superstore,
        Preset::PurchaseLog,
        Preset::Generic,
    ];

    /// The name typed on the command line (`--preset shopify`).
    pub fn name(self) -> &'static str {
        match self {
            Preset::OnlineRetail => "online-retail",
            Preset::Shopify => "shopify",
            Preset::WooCommerce => "woocommerce",
            Preset::Etsy => "etsy",
            Preset::Superstore => "superstore",
            Preset::PurchaseLog => "purchase-log",
            Preset::Generic => "generic",
        }
    }

    /// What the user sees: "Recognised as: …".
    pub fn label(self) -> &'static str {
        match self {
            Preset::OnlineRetail => "Online Retail (UCI)",
            Preset::Shopify => "Shopify orders export",
            Preset::WooCommerce => "WooCommerce orders export",
            Preset::Etsy => "Etsy sold order items",
            Preset::Superstore => "Superstore-style sales sheet",
            Preset::PurchaseLog => "Purchase log without a header",
            Preset::Generic => "Columns matched by name",
        }
    }

    pub fn rules(self) -> Rules {
        let online_retail = self == Preset::OnlineRetail;
        Rules {
            c_prefix_cancels: online_retail,
            stock_code_digits: online_retail,
            fill_down: self == Preset::Shopify,
            customer_lowercase: matches!(self, Preset::Shopify | Preset::WooCommerce),
            product_fallback: !online_retail,
        }
    }

    /// The headers (normalised, see [`crate::columns::normalise_header`]) this layout uses
    /// for `field`, preferred first. Empty for a field the layout does not have.
    pub fn aliases(self, field: Field) -> &'static [&'static str] {
        match self {
            Preset::OnlineRetail => field.aliases(),
            Preset::Shopify => shopify(field),
            Preset::WooCommerce => woocommerce(field),
            Preset::Etsy => etsy(field),
            Preset::Superstore => superstore(field),
            Preset::PurchaseLog => &[],
            Preset::Generic => generic(field),
        }
    }

    /// The headers of a line total, used when no unit price is found.
    pub fn amount_aliases(self) -> &'static [&'static str] {
        match self {
            Preset::OnlineRetail => &[],
            Preset::Shopify => &[],
            Preset::WooCommerce => &["linetotal", "itemtotal", "ordertotalamount", "total"],
            Preset::Etsy => &["itemtotal"],
            Preset::Superstore => &["sales"],
            Preset::PurchaseLog => &[],
            Preset::Generic => &[
                "amount",
                "lineamount",
                "linetotal",
                "netsales",
                "grosssales",
                "total",
                "sales",
                "revenue",
                "itemtotal",
                "subtotal",
                "value",
            ],
        }
    }

    /// The headers of an order status (refunded, cancelled), when the layout has one.
    /// Headers of a time-of-day column beside a date column that holds only the day
    /// (point-of-sale and payment exports: "Date" and "Time"). The same for every layout:
    /// a layout whose date column holds the time never has such a column.
    pub fn time_aliases(self) -> &'static [&'static str] {
        &[
            "time",
            "timeofday",
            "ordertime",
            "transactiontime",
            "saletime",
            "purchasetime",
            "paymenttime",
        ]
    }

    pub fn status_aliases(self) -> &'static [&'static str] {
        match self {
            Preset::Shopify => &["financialstatus"],
            Preset::WooCommerce => &["orderstatus", "status"],
            Preset::Generic => &["orderstatus", "status", "financialstatus", "paymentstatus"],
            _ => &[],
        }
    }

    /// Fields a layout can do without (each has its stand-in, said in the UI).
    pub fn optional(self, field: Field) -> bool {
        match self {
            Preset::OnlineRetail => false,
            _ => matches!(
                field,
                Field::Invoice
                    | Field::StockCode
                    | Field::Description
                    | Field::Country
                    | Field::Quantity
            ),
        }
    }

    /// Headers that must all be present for the layout to be recognised: the ones that
    /// tell it apart from the others.
    fn signature(self) -> &'static [&'static str] {
        match self {
            Preset::OnlineRetail => &[],
            Preset::Shopify => &[
                "name",
                "email",
                "createdat",
                "lineitemname",
                "lineitemprice",
            ],
            Preset::WooCommerce => &["orderdate"],
            Preset::Etsy => &["saledate", "itemname", "buyer"],
            Preset::Superstore => &["orderid", "orderdate", "customerid", "productname", "sales"],
            Preset::PurchaseLog | Preset::Generic => &[],
        }
    }

    /// Whether a header row (normalised cells) carries this layout's signature.
    pub(crate) fn signed(self, headers: &[String]) -> bool {
        let sig = self.signature();
        !sig.is_empty() && sig.iter().all(|s| headers.iter().any(|h| h == s))
    }
}

impl std::fmt::Display for Preset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Preset {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let names = || Preset::ALL.map(Preset::name).join(", ");
        Preset::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown layout \"{s}\"; the layouts are {}", names()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::normalise_header;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(normalise_header).collect()
    }

    #[test]
    fn each_layout_is_told_apart_by_its_signature() {
        let shopify = headers("Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku");
        let superstore = headers("Row ID,Order ID,Order Date,Ship Date,Customer ID,Customer Name,Product ID,Product Name,Sales,Quantity");
        let etsy = headers("Sale Date,Item Name,Buyer,Quantity,Price,Order ID,SKU,Ship Country");
        let signed = |h: &[String]| {
            Preset::KNOWN
                .into_iter()
                .filter(|p| p.signed(h))
                .collect::<Vec<_>>()
        };
        assert_eq!(signed(&shopify), [Preset::Shopify]);
        assert_eq!(
            signed(&superstore),
            [Preset::Superstore, Preset::WooCommerce]
        );
        assert_eq!(signed(&etsy), [Preset::Etsy]);
    }

    #[test]
    fn names_read_back() {
        for p in Preset::ALL {
            assert_eq!(p.name().parse::<Preset>(), Ok(p));
        }
        assert!("magento".parse::<Preset>().unwrap_err().contains("shopify"));
    }

    #[test]
    fn only_online_retail_cancels_by_c_prefix() {
        assert!(Preset::OnlineRetail.rules().c_prefix_cancels);
        assert!(!Preset::Superstore.rules().c_prefix_cancels);
        assert!(!Preset::Etsy.rules().stock_code_digits);
    }
}
