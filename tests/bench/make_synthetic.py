#!/usr/bin/env python3
"""Synthetic line items for `cargo xtask bench --engine`, in the input schema of the
engine path (core/src/sql/mod.rs): line_no, invoice, stock_code, description, quantity,
invoice_date (UTC-adjusted timestamp of the wall-clock time), unit_price, customer_id,
country, written as partitioned Parquet (one file per million lines).

Shaped like Online Retail: orders of about 20 lines over two years, 1 customer in 5
lines with no customer id, 2% of orders cancelled ("C" invoices, negative quantities),
a few postage and fee lines, most customers in one country. Seeded: the same size gives
the same files.

    python3 make_synthetic.py LINES OUT_DIR

Needs numpy and pyarrow (cargo xtask bench installs them beside Sail).
"""

import os
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

PART = 1_000_000
LINES_PER_ORDER = 20
COUNTRIES = np.array(
    ["United Kingdom"] * 18 + ["Germany", "France", "EIRE", "Spain", "Netherlands", "Belgium"]
)
START_MS = 1_291_161_600_000  # 2010-12-01 00:00 (wall clock, as UTC)
SPAN_MS = 2 * 365 * 86_400_000


def products(rng, n=4000):
    codes = np.array([f"{20000 + i}" + ("A" if i % 7 == 0 else "") for i in range(n)])
    codes[:4] = ["POST", "M", "BANK CHARGES", "D"]
    names = np.array([f"PRODUCT {i} {['HEART', 'LANTERN', 'MUG', 'BAG', 'CANDLE'][i % 5]}" for i in range(n)])
    prices = np.round(rng.gamma(2.0, 2.0, n) + 0.29, 2)
    return codes, names, prices


def part(rng, first, n, customers, catalogue):
    codes, names, prices = catalogue
    line_no = np.arange(first, first + n, dtype=np.int64)
    order = line_no // LINES_PER_ORDER
    orders = np.unique(order)
    order_rng = np.random.default_rng(orders[0] + 1)
    # Per order: customer, time, country, cancelled.
    cust = order_rng.integers(0, customers, orders.size)
    when = START_MS + order_rng.integers(0, SPAN_MS // 60_000, orders.size) * 60_000
    cancelled = order_rng.random(orders.size) < 0.02
    missing = order_rng.random(orders.size) < 0.2
    country = COUNTRIES[cust % COUNTRIES.size]
    idx = order - orders[0]
    invoice = np.char.add(np.where(cancelled[idx], "C", ""), (500000 + order).astype(str))
    product = np.minimum(rng.zipf(1.3, n) - 1, codes.size - 1)
    quantity = rng.integers(1, 25, n).astype(np.float64)
    quantity = np.where(cancelled[idx], -quantity, quantity)
    customer = (12346 + cust[idx]).astype(str).astype(object)
    customer[missing[idx]] = None
    return pa.table(
        {
            "line_no": pa.array(line_no),
            "invoice": pa.array(invoice),
            "stock_code": pa.array(codes[product]),
            "description": pa.array(names[product]),
            "quantity": pa.array(quantity),
            "invoice_date": pa.array(when[idx], type=pa.timestamp("ms", tz="UTC")),
            "unit_price": pa.array(prices[product]),
            "customer_id": pa.array(customer, type=pa.string()),
            "country": pa.array(country[idx]),
        }
    )


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    lines, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    customers = max(lines // 100, 10)
    catalogue = products(np.random.default_rng(7))
    for i, first in enumerate(range(0, lines, PART)):
        n = min(PART, lines - first)
        table = part(np.random.default_rng(1000 + i), first, n, customers, catalogue)
        pq.write_table(table, os.path.join(out, f"part-{i:05d}.parquet"), compression="snappy")
    print(f"wrote {lines} lines, {customers} customers at most, into {out}")


if __name__ == "__main__":
    main()
