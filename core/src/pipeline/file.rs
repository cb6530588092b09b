//! Layer 1, once per file: what was read and how it was cleaned.

use crate::clean::{CleanParams, CleanStep, Cleaned, Span};
use crate::load::{LoadOptions, LoadSummary};
use serde::{Deserialize, Serialize};

/// Identifies a prepared file: a digest of its bytes and of how it was read. Every other
/// layer's key starts with it, so layers of another file never pass for this one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileKey {
    pub digest: u64,
    pub bytes: usize,
}

impl FileKey {
    pub fn of(bytes: &[u8], options: &LoadOptions, clean: &CleanParams) -> FileKey {
        let settings = format!("{:?}{:?}", options, clean);
        let digest = digest(settings.as_bytes(), digest(bytes, 0xcbf2_9ce4_8422_2325));
        FileKey {
            digest,
            bytes: bytes.len(),
        }
    }
}

/// A 64-bit digest, eight bytes at a time (about 5 ms for 20 MB in the browser). Not
/// cryptographic: it tells the user's own files apart.
fn digest(bytes: &[u8], seed: u64) -> u64 {
    let mix = |h: u64, w: u64| (h ^ w).wrapping_mul(0x0100_0000_01b3).rotate_left(29);
    let mut chunks = bytes.chunks_exact(8);
    let mut h = seed;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(w));
    }
    for &b in chunks.remainder() {
        h = mix(h, u64::from(b));
    }
    mix(h, bytes.len() as u64)
}

/// The file as read and cleaned: the audit trail the Data & cleaning view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub key: FileKey,
    pub load: LoadSummary,
    pub cleaning: Vec<CleanStep>,
    pub cancelled_rows: usize,
    /// Distinct customers in the cleaned transactions.
    pub customers_total: usize,
    /// Orders and days the cleaned transactions cover.
    #[serde(default)]
    pub span: Span,
}

impl FileReport {
    pub(crate) fn of(key: FileKey, load: LoadSummary, cleaned: &Cleaned) -> FileReport {
        FileReport {
            key,
            load,
            cleaning: cleaned.steps.clone(),
            cancelled_rows: cleaned.cancelled_rows,
            customers_total: cleaned.customers,
            span: cleaned.span,
        }
    }

    /// What makes this file thin for the analysis, most serious first.
    pub fn cautions(&self) -> Vec<Caution> {
        Caution::of(self.customers_total, &self.span)
    }
}

/// A reason to read this file's results with care, with what it does to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Caution {
    /// Fewer customers than segments can be told apart with.
    FewCustomers { customers: usize },
    /// A few weeks of data.
    ShortSpan { days: i32 },
    /// Most customers ordered once.
    MostlyOneOrder { percent: usize },
}

impl Caution {
    /// Below this many customers, a segment of a few customers is the norm.
    pub const FEW_CUSTOMERS: usize = 100;
    /// Below this many days, there are at most two calendar months to compare.
    pub const SHORT_SPAN_DAYS: i32 = 60;
    /// At or above this share of one-order customers, frequency says little.
    pub const MOSTLY_ONCE_PERCENT: usize = 80;

    /// The cautions for `customers` customers over `span`.
    pub fn of(customers: usize, span: &Span) -> Vec<Caution> {
        let mut out = vec![];
        if customers < Caution::FEW_CUSTOMERS {
            out.push(Caution::FewCustomers { customers });
        }
        if span.days() < Caution::SHORT_SPAN_DAYS {
            out.push(Caution::ShortSpan { days: span.days() });
        }
        let once = span.one_order_customers * 100;
        if customers > 0 && once >= Caution::MOSTLY_ONCE_PERCENT * customers {
            out.push(Caution::MostlyOneOrder {
                percent: once / customers,
            });
        }
        out
    }

    /// The caution and its consequence, in the user's terms.
    pub fn message(&self) -> String {
        match *self {
            Caution::FewCustomers { customers } => format!(
                "Only {customers} customers: each segment rests on a handful of people, so its profile can change a lot with k or the seed, and the scores for choosing k are unsteady. Treat the segments as a first look."
            ),
            Caution::ShortSpan { days } => format!(
                "The file covers only {days} days: recency, frequency and the monthly spending trend are measured over a short window, so the segments describe these weeks rather than customers' habits. A longer export gives steadier segments."
            ),
            Caution::MostlyOneOrder { percent } => format!(
                "{percent}% of customers ordered once: order counts and the days between orders tell them apart little, so the segments mostly split customers by what and when they bought."
            ),
        }
    }
}

/// A day number (days since 1970-01-01) as an ISO date, 2011-12-09.
pub fn iso_day(day: i32) -> String {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::TimeDelta::days(i64::from(day))))
        .map_or_else(|| day.to_string(), |d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn cautions(customers: usize, once: usize, days: i32) -> Vec<Caution> {
        let span = Span {
            orders: customers * 2,
            one_order_customers: once,
            first_day: 100,
            last_day: 100 + days - 1,
        };
        Caution::of(customers, &span)
    }

    #[test]
    fn thin_files_get_cautions_and_full_ones_none() {
        assert_eq!(cautions(4_334, 1_500, 373), []);
        assert_eq!(
            cautions(24, 20, 30),
            [
                Caution::FewCustomers { customers: 24 },
                Caution::ShortSpan { days: 30 },
                Caution::MostlyOneOrder { percent: 83 },
            ]
        );
        assert_eq!(cautions(100, 79, 60), []);
        assert!(Caution::ShortSpan { days: 30 }
            .message()
            .contains("30 days"));
    }

    #[test]
    fn days_read_as_dates() {
        assert_eq!(iso_day(0), "1970-01-01");
        assert_eq!(iso_day(15_317), "2011-12-09");
    }

    #[test]
    fn a_byte_or_an_option_changes_the_key() {
        let (o, c) = (LoadOptions::default(), CleanParams::default());
        let a = FileKey::of(b"InvoiceNo,StockCode\n1,2\n", &o, &c);
        assert_eq!(a, FileKey::of(b"InvoiceNo,StockCode\n1,2\n", &o, &c));
        assert_ne!(a, FileKey::of(b"InvoiceNo,StockCode\n1,3\n", &o, &c));
        let mut mapped = o.clone();
        mapped
            .mapping
            .insert(crate::columns::Field::Country, "Land".into());
        assert_ne!(a, FileKey::of(b"InvoiceNo,StockCode\n1,2\n", &mapped, &c));
    }
}
