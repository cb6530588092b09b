//! Each buyer's last purchase day, distinct orders and total spend, from the ledger.

use crate::ledger::Ledger;

/// One buyer's raw totals.
pub(super) struct Totals {
    pub(super) customer: u32,
    pub(super) last_day: i32,
    pub(super) orders: u32,
    pub(super) spend: f64,
}

/// Totals of every customer with a line, by ascending customer index.
pub(super) fn totals(ledger: &Ledger) -> Vec<Totals> {
    let size = ledger.customer_slots();
    let mut last = vec![None::<i32>; size];
    let mut spend = vec![(0.0, 0.0); size];
    for line in &ledger.lines {
        let c = line.customer as usize;
        if let (Some(day), Some(sum)) = (last.get_mut(c), spend.get_mut(c)) {
            *day = Some(day.map_or(line.day, |d| d.max(line.day)));
            kahan_add(sum, line.spend);
        }
    }
    let orders = distinct_orders(ledger, size);
    last.into_iter()
        .zip(spend)
        .zip(orders)
        .zip(0u32..)
        .filter_map(|(((day, (spend, _)), orders), customer)| {
            day.map(|last_day| Totals {
                customer,
                last_day,
                orders,
                spend,
            })
        })
        .collect()
}

/// Compensated summation, as pandas' group sums do, so totals match a notebook's.
fn kahan_add((sum, compensation): &mut (f64, f64), value: f64) {
    let y = value - *compensation;
    let t = *sum + y;
    *compensation = (t - *sum) - y;
    *sum = t;
}

/// Distinct orders per customer index.
fn distinct_orders(ledger: &Ledger, size: usize) -> Vec<u32> {
    let mut pairs: Vec<u64> = ledger
        .lines
        .iter()
        .map(|l| (u64::from(l.customer) << 32) | u64::from(l.order))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut counts = vec![0u32; size];
    for pair in pairs {
        if let Some(n) = counts.get_mut((pair >> 32) as usize) {
            *n += 1;
        }
    }
    counts
}
