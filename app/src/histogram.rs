//! Bins for the per-feature histograms. Retail features have long tails (a few customers
//! spend a hundred times the median), so the bins span the 1st to 99th percentile and the
//! values beyond fall into the end bins, which the chart says.

/// Counts per bin over `[lo, hi]`; bin i covers `lo + i*width .. lo + (i+1)*width`.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub lo: f64,
    pub hi: f64,
    pub counts: Vec<usize>,
    /// Values below `lo` / above `hi`, counted in the first / last bin.
    pub clipped_low: usize,
    pub clipped_high: usize,
}

impl Histogram {
    pub fn width(&self) -> f64 {
        (self.hi - self.lo) / self.counts.len().max(1) as f64
    }

    pub fn max_count(&self) -> usize {
        self.counts.iter().copied().max().unwrap_or(0)
    }
}

/// The value at quantile `q` of sorted data (nearest rank).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Bins finite values into at most `max_bins` bins; whole-number data with few distinct
/// values (weekday, hour, a 0/1 flag) gets one bin per value.
pub fn histogram(values: &[f64], max_bins: usize) -> Histogram {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() || max_bins == 0 {
        return Histogram {
            lo: 0.0,
            hi: 1.0,
            counts: vec![],
            clipped_low: 0,
            clipped_high: 0,
        };
    }
    sorted.sort_by(f64::total_cmp);
    let integers = sorted.iter().all(|v| v.fract() == 0.0);
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    let (lo, hi, bins) = if integers && max - min < max_bins as f64 {
        (min - 0.5, max + 0.5, (max - min) as usize + 1)
    } else {
        let (lo, hi) = (quantile(&sorted, 0.01), quantile(&sorted, 0.99));
        if hi > lo {
            (lo, hi, max_bins)
        } else {
            (min - 0.5, max.max(min) + 0.5, 1)
        }
    };
    let mut h = Histogram {
        lo,
        hi,
        counts: vec![0; bins],
        clipped_low: 0,
        clipped_high: 0,
    };
    let width = h.width();
    for &v in &sorted {
        if v < lo {
            h.clipped_low += 1;
        } else if v > hi {
            h.clipped_high += 1;
        }
        let i = ((v - lo) / width).floor().clamp(0.0, (bins - 1) as f64) as usize;
        h.counts[i] += 1;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, through wasm-bindgen-test, in headless Chromium.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn small_integer_ranges_get_one_bin_per_value() {
        let h = histogram(&[0.0, 1.0, 1.0, 6.0, 6.0, 6.0], 30);
        assert_eq!(h.counts, vec![1, 2, 0, 0, 0, 0, 3]);
        assert_eq!((h.lo, h.hi), (-0.5, 6.5));
    }

    #[test]
    fn long_tails_are_clipped_into_the_end_bins() {
        let mut values: Vec<f64> = (0..1000).map(|i| i as f64 + 0.5).collect();
        values.push(1e9);
        let h = histogram(&values, 10);
        assert_eq!(h.counts.iter().sum::<usize>(), 1001);
        assert!(h.hi < 1000.0);
        assert!(h.clipped_high >= 1);
        assert_eq!(h.counts.len(), 10);
    }

    #[test]
    fn constant_and_empty_inputs_do_not_divide_by_zero() {
        let h = histogram(&[2.5, 2.5], 10);
        assert_eq!(h.counts, vec![2]);
        assert!(histogram(&[f64::NAN], 10).counts.is_empty());
    }
}
