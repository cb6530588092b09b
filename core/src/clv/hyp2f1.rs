//! Gauss hypergeometric function ₂F₁ by its power series, and the series the BG/NBD
//! conditional expectation needs (in a form that stays finite for every a, b > 0).

/// Most series terms summed before giving up.
const MAX_TERMS: u32 = 1_000_000;
/// Relative size of the last term at which a series is considered summed.
const TOLERANCE: f64 = 1e-15;

/// ₂F₁(a, b; c; z) = Σₖ (a)ₖ(b)ₖ / ((c)ₖ k!) zᵏ for |z| < 1, summed until a term is below
/// 1e-15 of the sum. `None` when c is 0 or a negative integer, |z| ≥ 1, or the series does
/// not settle within a million terms.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    let c_is_pole = c <= 0.0 && libm::floor(c) == c;
    if c_is_pole || z.abs() >= 1.0 || !z.is_finite() {
        return None;
    }
    sum_series(1.0, |k| (a + k) * (b + k) * z / ((c + k) * (k + 1.0)))
}

/// Sums `first + first·ρ(0) + first·ρ(0)ρ(1) + …` (term j+1 = term j · ρ(j)), stopping once
/// a term is negligible and the ratios have settled below 1 in size.
fn sum_series(first: f64, ratio: impl Fn(f64) -> f64) -> Option<f64> {
    let mut term = first;
    let mut sum = 0.0;
    for j in 0..MAX_TERMS {
        sum += term;
        let rho = ratio(f64::from(j));
        term *= rho;
        if !term.is_finite() {
            return None;
        }
        if term.abs() <= TOLERANCE * sum.abs() && rho.abs() < 1.0 {
            return Some(sum + term);
        }
        if term == 0.0 {
            return Some(sum);
        }
    }
    None
}

/// The BG/NBD conditional-expectation numerator, FHL (2005) eq. 10 without its denominator:
///
/// `(a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z)]`,
/// z = t/(α+T+t).
///
/// By Euler's transformation `(1−z)^(r+x) ₂F₁(r+x, b+x; c; z) = (1−z)^(a−1) F`,
/// F = ₂F₁(a+b−1−r, a−1; c; z), c = a+b+x−1, so the bracket no longer explodes for large x.
/// Writing the (a−1) factor out of F's terms removes the removable singularity at a = 1 and
/// the c → 0 one (x = 0, a + b → 1):
///
/// `c · (1 − (1−z)^(a−1)) / (a−1) − (1−z)^(a−1) · S`,
/// `S = Σ_{k≥1} (a+b−1−r)ₖ (a)ₖ₋₁ / ((c+1)ₖ₋₁ k!) zᵏ`.
pub fn bgnbd_numerator(r: f64, a: f64, b: f64, x: f64, z: f64) -> Option<f64> {
    if !(0.0..1.0).contains(&z) {
        return if z == 0.0 { Some(0.0) } else { None };
    }
    let c = a + b + x - 1.0;
    let a1 = a + b - 1.0 - r;
    let log1mz = libm::log1p(-z);
    let e = a - 1.0;
    let g = if e.abs() < 1e-12 {
        -log1mz
    } else {
        -libm::expm1(e * log1mz) / e
    };
    // Term j (from 0) is the k = j + 1 term of S.
    let ratio = |j: f64| (a1 + j + 1.0) * (a + j) * z / ((c + j + 1.0) * (j + 2.0));
    let s = sum_series(a1 * z, ratio)?;
    Some(c * g - libm::exp(e * log1mz) * s)
}
