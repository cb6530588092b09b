//! Words (in normalised headers) that point to a target, and words that rule it out.

use super::Target;
use crate::columns::Field;

/// Words for a target, and words against it.
pub(super) type Clues = (&'static [&'static str], &'static [&'static str]);

const INVOICE: Clues = (
    &[
        "order",
        "invoice",
        "transaction",
        "receipt",
        "basket",
        "ticket",
        "bestell",
        "rechnung",
        "commande",
        "pedido",
    ],
    &[
        "date", "time", "status", "total", "amount", "qty", "quantity", "email", "country", "item",
        "product", "customer", "note", "value", "price", "currency", "discount",
    ],
);

const STOCK_CODE: Clues = (
    &[
        "sku",
        "productid",
        "itemid",
        "productcode",
        "itemcode",
        "stockcode",
        "articlecode",
        "ean",
        "upc",
        "barcode",
        "gtin",
        "listingid",
        "variantid",
        "artikelnummer",
        "artnr",
        "partno",
        "productno",
        "itemno",
    ],
    &[
        "postal", "zip", "discount", "coupon", "country", "currency", "customer", "order",
    ],
);

const DESCRIPTION: Clues = (
    &[
        "description",
        "product",
        "item",
        "title",
        "article",
        "artikel",
        "produit",
        "producto",
    ],
    &[
        "customer", "buyer", "client", "email", "ship", "billing", "id", "sku", "code", "qty",
        "quantity", "price", "cost", "total", "amount", "count", "category", "type", "vendor",
        "number", "no",
    ],
);

const QUANTITY: Clues = (
    &[
        "qty", "quantity", "units", "pieces", "pcs", "menge", "anzahl", "quantite", "cantidad",
    ],
    &["date", "price", "total", "refund"],
);

const INVOICE_DATE: Clues = (
    &[
        "date",
        "time",
        "created",
        "placed",
        "purchased",
        "timestamp",
        "datum",
        "fecha",
    ],
    &[
        "ship", "deliver", "due", "birth", "updated", "cancel", "refund", "fulfil",
    ],
);

const UNIT_PRICE: Clues = (
    &["price", "cost", "each", "preis", "prix", "precio"],
    &[
        "total", "shipping", "tax", "discount", "compare", "sum", "refund",
    ],
);

const CUSTOMER_ID: Clues = (
    &[
        "customer",
        "client",
        "email",
        "mail",
        "buyer",
        "user",
        "member",
        "account",
        "shopper",
        "purchaser",
        "kunde",
        "cliente",
        "contact",
    ],
    &[
        "country", "city", "note", "since", "type", "group", "zip", "postal", "phone", "address",
        "state",
    ],
);

const COUNTRY: Clues = (
    &["country", "region", "nation", "land", "pays", "pais"],
    &["phone", "city", "currency"],
);

const LINE_TOTAL: Clues = (
    &[
        "total", "amount", "sales", "revenue", "subtotal", "sum", "net", "gross", "betrag",
        "umsatz", "spend",
    ],
    &[
        "tax", "shipping", "discount", "refund", "qty", "quantity", "count", "order", "date",
    ],
);

pub(super) fn clues(target: Target) -> Clues {
    match target {
        Target::Field(Field::Invoice) => INVOICE,
        Target::Field(Field::StockCode) => STOCK_CODE,
        Target::Field(Field::Description) => DESCRIPTION,
        Target::Field(Field::Quantity) => QUANTITY,
        Target::Field(Field::InvoiceDate) => INVOICE_DATE,
        Target::Field(Field::UnitPrice) => UNIT_PRICE,
        Target::Field(Field::CustomerId) => CUSTOMER_ID,
        Target::Field(Field::Country) => COUNTRY,
        Target::LineTotal => LINE_TOTAL,
    }
}
