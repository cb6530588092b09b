//! The header spellings of each shop layout's columns, normalised (lower case, letters
//! and digits only).

use crate::columns::Field;

pub(super) fn shopify(field: Field) -> &'static [&'static str] {
    match field {
        Field::Invoice => &["name"],
        Field::StockCode => &["lineitemsku"],
        Field::Description => &["lineitemname"],
        Field::Quantity => &["lineitemquantity"],
        Field::InvoiceDate => &["createdat", "paidat"],
        Field::UnitPrice => &["lineitemprice"],
        Field::CustomerId => &["email"],
        Field::Country => &["billingcountry", "shippingcountry"],
    }
}

pub(super) fn woocommerce(field: Field) -> &'static [&'static str] {
    match field {
        Field::Invoice => &["orderid", "ordernumber", "orderno", "order"],
        Field::StockCode => &["sku", "productsku", "itemsku", "productid", "variationid"],
        Field::Description => &[
            "itemname",
            "productname",
            "product",
            "productsold",
            "productssold",
        ],
        Field::Quantity => &[
            "quantity",
            "qty",
            "itemquantity",
            "quantity(-refund)",
            "itemssold",
        ],
        Field::InvoiceDate => &["orderdate", "datecreated", "date", "orderdatecreated"],
        Field::UnitPrice => &["itemcost", "itemprice", "cost", "price", "productprice"],
        Field::CustomerId => &[
            "billingemail",
            "customeremail",
            "email",
            "customerid",
            "customeruserid",
            "customer",
            "billingemailaddress",
        ],
        Field::Country => &[
            "billingcountry",
            "shippingcountry",
            "country",
            "countrycode",
        ],
    }
}

pub(super) fn etsy(field: Field) -> &'static [&'static str] {
    match field {
        Field::Invoice => &["orderid"],
        Field::StockCode => &["sku", "listingid"],
        Field::Description => &["itemname"],
        Field::Quantity => &["quantity"],
        Field::InvoiceDate => &["saledate"],
        Field::UnitPrice => &["price"],
        Field::CustomerId => &["buyer", "buyerusername"],
        Field::Country => &["shipcountry"],
    }
}

pub(super) fn superstore(field: Field) -> &'static [&'static str] {
    match field {
        Field::Invoice => &["orderid"],
        Field::StockCode => &["productid"],
        Field::Description => &["productname"],
        Field::Quantity => &["quantity"],
        Field::InvoiceDate => &["orderdate"],
        Field::UnitPrice => &[],
        Field::CustomerId => &["customerid", "customername"],
        Field::Country => &["country", "country/region", "region"],
    }
}

/// Online Retail's spellings and the common ones of other exports.
pub(super) fn generic(field: Field) -> &'static [&'static str] {
    match field {
        Field::Invoice => &[
            "invoiceno",
            "invoice",
            "invoicenumber",
            "invoiceid",
            "orderid",
            "ordernumber",
            "orderno",
            "order",
            "transactionid",
            "receiptno",
        ],
        Field::StockCode => &[
            "stockcode",
            "productcode",
            "sku",
            "productid",
            "itemid",
            "itemcode",
            "articleno",
        ],
        Field::Description => &[
            "description",
            "productdescription",
            "productname",
            "itemname",
            "product",
            "item",
            "itemdescription",
            "title",
        ],
        Field::Quantity => &["quantity", "qty", "units", "itemquantity", "count"],
        Field::InvoiceDate => &[
            "invoicedate",
            "date",
            "orderdate",
            "transactiondate",
            "purchasedate",
            "saledate",
            "createdat",
            "timestamp",
            "datetime",
            "time",
        ],
        Field::UnitPrice => &["unitprice", "price", "itemprice", "priceeach", "unitcost"],
        Field::CustomerId => &[
            "customerid",
            "customer",
            "customerno",
            "customernumber",
            "clientid",
            "client",
            "email",
            "customeremail",
            "buyer",
            "userid",
            "memberid",
            "accountid",
        ],
        Field::Country => &[
            "country",
            "countryregion",
            "country/region",
            "billingcountry",
            "shipcountry",
            "region",
        ],
    }
}
