use super::*;
use crate::params::{Check, Valid};

mod cdnow;
mod math;
mod rules;
mod synthetic;

/// Runs `f`, with its wall time where there is a clock (not on wasm32).
fn timed<T>(f: impl FnOnce() -> T) -> (T, String) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let start = std::time::Instant::now();
        let v = f();
        (v, format!("{:?}", start.elapsed()))
    }
    #[cfg(target_arch = "wasm32")]
    {
        (f(), "(not timed on wasm32)".to_owned())
    }
}

fn check_ranges(report: &ClvReport) {
    for c in &report.customers {
        assert!((0.0..=1.0).contains(&c.p_alive), "P(alive) {c:?}");
        assert!((0.0..=1.0).contains(&c.churn_risk), "churn risk {c:?}");
        assert!(c.clv >= 0.0 && c.clv.is_finite(), "CLV {c:?}");
        assert!(
            c.expected_purchases >= 0.0 && c.expected_purchases.is_finite(),
            "{c:?}"
        );
        assert!(c.expected_order_value.is_finite(), "{c:?}");
    }
}

/// Tiny deterministic xorshift64* generator for synthetic data.
struct XorShift(u64);

impl XorShift {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        ((v >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn exponential(&mut self, mean: f64) -> f64 {
        -mean * self.next_f64().ln()
    }
}

/// `customers` customers arriving over days 0..300, observed to day 365, buying as Poisson
/// processes (rates exponential across customers, i.e. gamma with r = 1, mean 1/`mean_gap`
/// a day), each dropping out after a repeat purchase with its own probability, uniform on
/// [0, 2·`drop`]. Order values are gamma(2) around a customer's own mean, uniform on 10..50.
fn synthetic(customers: u32, mean_gap: f64, drop: f64, seed: u64) -> Vec<Purchase> {
    let mut rng = XorShift(seed);
    let mut out = Vec::new();
    for customer in 0..customers {
        let first = rng.next_f64() * 300.0;
        let rate = rng.exponential(1.0 / mean_gap);
        let p = 2.0 * drop * rng.next_f64();
        let mean = 10.0 + 40.0 * rng.next_f64();
        let mut day = first;
        while day <= 365.0 {
            let amount = rng.exponential(mean / 2.0) + rng.exponential(mean / 2.0);
            out.push(Purchase {
                customer,
                day: day as i32,
                amount,
            });
            // BG/NBD: dropout only after repeat purchases (not after the first).
            if day > first && rng.next_f64() < p {
                break;
            }
            day += rng.exponential(1.0 / rate);
        }
    }
    out
}

fn daily() -> Valid<ClvParams> {
    ClvParams::default().check().unwrap()
}
