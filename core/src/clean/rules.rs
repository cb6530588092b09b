//! The rules of the cleaning chain as polars expressions: which lines are products,
//! which are cancellations or returns, which are service lines.

use super::Ctx;
use crate::columns::{col, Field};
use polars::prelude::*;

/// Order statuses that undo a sale (Shopify's financial status, WooCommerce's order
/// status). A partial refund keeps the order: which lines were refunded is not known.
pub(crate) const CANCELLED_STATUS: &str =
    r"(?i)^\s*(refunded|cancell?ed|voided|failed|returned)\s*$";

/// Names of lines that are not products (shop exports): a product id or name that starts
/// with one of these words. Online Retail's own rule is the stock-code digits.
pub(crate) const NOT_A_PRODUCT: &str = r"(?i)^\W*(postage|shipping|delivery|carriage|handling|fees?|bank ?charges?|adjust(ment)?|manual|discount|coupon|gift ?cards?|gift ?vouchers?|vouchers?|samples?|tips?|gratuity|service ?charge)(\W|$)";

impl Ctx<'_> {
    /// True for lines whose description is not one of the service descriptions.
    pub(super) fn not_a_service(&self) -> Expr {
        let desc = || col(Field::Description.column());
        self.params
            .service_descriptions
            .iter()
            .fold(lit(true), |e, s| e.and(desc().neq_missing(lit(s.as_str()))))
    }

    /// Lines that are products: Online Retail's stock codes with at least two digits;
    /// elsewhere, lines whose product id and name are not a fee, shipping, a discount, a
    /// gift card or a tip.
    pub(super) fn a_product(&self) -> Expr {
        if self.rules.stock_code_digits {
            return col(Field::StockCode.column())
                .str()
                .count_matches(lit(r"\d"), false)
                .gt(lit(1));
        }
        let named = |f: Field| {
            col(f.column())
                .str()
                .contains(lit(NOT_A_PRODUCT), false)
                .fill_null(lit(false))
        };
        named(Field::StockCode).or(named(Field::Description)).not()
    }

    /// Cancellations, kept and flagged: Online Retail's invoices starting with "C"; in
    /// other layouts, lines with a negative quantity (returns) and lines of orders whose
    /// status says refunded or cancelled.
    pub(super) fn cancelled(&self) -> Expr {
        if self.rules.c_prefix_cancels {
            return col(Field::Invoice.column()).str().starts_with(lit("C"));
        }
        let refunded = col(col::STATUS)
            .str()
            .contains(lit(CANCELLED_STATUS), false)
            .fill_null(lit(false));
        col(Field::Quantity.column()).lt(lit(0.0)).or(refunded)
    }
}
