//! EASE (Steck 2019), the closed-form item-item model: with the binary customer × product
//! matrix X and one regularisation λ, P = (XᵀX + λI)⁻¹ and B = I − P·diag(1/diag P), and
//! a customer's scores are its row of X·B. The inverse is cubic in the number of
//! products, so only the products with the most buyers are modelled (`max_products`).

use super::interactions::Interactions;
use ndarray::linalg::general_mat_mul;
use ndarray::{s, Array2, ArrayView2, ArrayViewMut2, Axis};
use serde::{Deserialize, Serialize};

/// A fitted EASE model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ease {
    /// The modelled products, by index into `Ledger::products`.
    pub kept: Vec<u32>,
    /// Each product's position in `kept`, if modelled.
    slot: Vec<Option<u32>>,
    /// The item-item weights B, row-major over `kept` (zero diagonal).
    weights: Vec<f32>,
}

/// Why EASE could not be fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotPositiveDefinite;

impl Ease {
    /// EASE with the λ and product cap in `params`.
    pub(crate) fn fit_one(
        inter: &Interactions,
        params: &super::RecsParams,
    ) -> Result<Ease, super::RecsError> {
        let kept = Self::kept(inter, params.ease_products);
        let gram = Self::gram(inter, &kept);
        Self::fit(inter.products, &kept, &gram, params.lambda).map_err(|_| {
            super::RecsError::NotPositiveDefinite {
                lambda: params.lambda,
            }
        })
    }

    /// The `max_products` products with the most buyers (ties to the smaller index).
    pub fn kept(inter: &Interactions, max_products: usize) -> Vec<u32> {
        let mut ranked: Vec<u32> = (0..inter.products as u32)
            .filter(|&p| inter.buyer_count(p) > 0)
            .collect();
        ranked.sort_by_key(|&p| (std::cmp::Reverse(inter.buyer_count(p)), p));
        ranked.truncate(max_products);
        ranked.sort_unstable();
        ranked
    }

    /// The Gram matrix XᵀX over `kept`: co-buyers of each pair (counts, exact in single
    /// precision below 2²⁴ customers). Each customer adds its pairs to the upper triangle
    /// only, which is then mirrored: half the additions of the full square.
    pub fn gram(inter: &Interactions, kept: &[u32]) -> Array2<f32> {
        let slot = slots(inter.products, kept);
        let n = kept.len();
        let mut gram = vec![0.0f32; n * n];
        let mut mine: Vec<usize> = Vec::new();
        for c in 0..inter.customers() as u32 {
            mine.clear();
            mine.extend(
                inter
                    .of_customer(c)
                    .iter()
                    .filter_map(|b| slot[b.product as usize].map(|s| s as usize)),
            );
            // A customer's products are sorted, and slots follow the products' order.
            for (i, &a) in mine.iter().enumerate() {
                let row = &mut gram[a * n..][..n];
                for &b in &mine[i..] {
                    row[b] += 1.0;
                }
            }
        }
        for a in 0..n {
            for b in a + 1..n {
                gram[b * n + a] = gram[a * n + b];
            }
        }
        Array2::from_shape_vec((n, n), gram).unwrap_or_else(|_| Array2::zeros((n, n)))
    }

    /// Fits EASE with regularisation `lambda` on a Gram matrix over `kept`.
    pub fn fit(
        products: usize,
        kept: &[u32],
        gram: &Array2<f32>,
        lambda: f64,
    ) -> Result<Ease, NotPositiveDefinite> {
        // Single precision halves the inverse's time; λ keeps the matrix well conditioned.
        let mut g = gram.clone();
        g.diag_mut().mapv_inplace(|x| x + lambda as f32);
        let p = spd_inverse(&g)?;
        let n = kept.len();
        let diag: Vec<f32> = p.diag().to_vec();
        let mut weights = vec![0.0f32; n * n];
        let p = p.as_standard_layout();
        let p = p.as_slice().unwrap_or(&[]);
        let rows = p.chunks(n.max(1)).zip(weights.chunks_mut(n.max(1)));
        for (i, (row, out)) in rows.enumerate() {
            for ((o, &x), &d) in out.iter_mut().zip(row).zip(&diag) {
                *o = -x / d;
            }
            out[i] = 0.0;
        }
        Ok(Ease {
            kept: kept.to_vec(),
            slot: slots(products, kept),
            weights,
        })
    }

    /// Scores for customer `c` (modelled products only; others left untouched).
    pub fn score(&self, inter: &Interactions, c: u32, out: &mut [f64]) {
        let n = self.kept.len();
        let mut acc = vec![0.0f32; n];
        let mut any = false;
        for b in inter.of_customer(c) {
            let Some(Some(i)) = self.slot.get(b.product as usize) else {
                continue;
            };
            any = true;
            let row = &self.weights[*i as usize * n..][..n];
            for (a, &w) in acc.iter_mut().zip(row) {
                *a += w;
            }
        }
        if any {
            for (&p, a) in self.kept.iter().zip(acc) {
                out[p as usize] = f64::from(a);
            }
        }
    }

    /// The customer's product with the largest positive weight towards `product`.
    pub fn anchor(&self, inter: &Interactions, c: u32, product: u32) -> Option<u32> {
        let n = self.kept.len();
        let j = (*self.slot.get(product as usize)?)? as usize;
        let mut best = (None, 0.0f32);
        for b in inter.of_customer(c) {
            let Some(Some(i)) = self.slot.get(b.product as usize) else {
                continue;
            };
            let w = self.weights[*i as usize * n + j];
            if w > best.1 {
                best = (Some(b.product), w);
            }
        }
        best.0
    }
}

fn slots(products: usize, kept: &[u32]) -> Vec<Option<u32>> {
    let mut slot = vec![None; products];
    for (s, &p) in (0u32..).zip(kept) {
        slot[p as usize] = Some(s);
    }
    slot
}

/// Below this size the inverse is computed directly. Small: the direct inverse is our
/// own scalar code, the products are ndarray's optimised GEMM (48 took a third longer
/// on 1,500 products).
const BASE: usize = 16;

/// The inverse of a symmetric positive definite matrix, by recursive 2×2 blocks and the
/// Schur complement, so nearly all the work is matrix products (ndarray's blocked GEMM).
/// linfa-linalg's `invc` (Cholesky, then solving against the identity column by column
/// with scalar loops) took several times as long on 1,000+ products; the products are
/// what makes the backtest's λ search affordable in a browser.
fn spd_inverse(m: &Array2<f32>) -> Result<Array2<f32>, NotPositiveDefinite> {
    let n = m.nrows();
    if n <= BASE {
        return gauss_jordan(m);
    }
    let h = n / 2;
    let a = m.slice(s![..h, ..h]).to_owned();
    let b = m.slice(s![..h, h..]);
    let ai = spd_inverse(&a)?;
    let ai_b = ai.dot(&b);
    // The Schur complement D − Bᵀ·A⁻¹·B, fused into one product (`general_mat_mul`).
    let mut schur = m.slice(s![h.., h..]).to_owned();
    symmetric_mul(-1.0, &b.t(), &ai_b.view(), &mut schur.view_mut());
    let si = spd_inverse(&schur)?;
    let mut inv = Array2::<f32>::zeros((n, n));
    general_mat_mul(-1.0, &ai_b, &si, 0.0, &mut inv.slice_mut(s![..h, h..]));
    let (mut top, rest) = inv.view_mut().split_at(Axis(0), h);
    let (mut top_left, top_right) = top.view_mut().split_at(Axis(1), h);
    top_left.assign(&ai);
    symmetric_mul(-1.0, &top_right.view(), &ai_b.t(), &mut top_left);
    let (mut bottom_left, mut bottom_right) = rest.split_at(Axis(1), h);
    bottom_left.assign(&top_right.t());
    bottom_right.assign(&si);
    Ok(inv)
}

/// Below this size a symmetric product is computed whole.
const SYMMETRIC_BASE: usize = 128;

/// `c += alpha·l·r` for a product known to be symmetric (both updates of the inverse
/// are): the diagonal blocks recursively, the lower block by GEMM, the upper mirrored, so
/// a quarter of the work is saved at each level (about 10% of the inverse in wasm).
fn symmetric_mul(alpha: f32, l: &ArrayView2<f32>, r: &ArrayView2<f32>, c: &mut ArrayViewMut2<f32>) {
    let n = c.nrows();
    if n <= SYMMETRIC_BASE {
        general_mat_mul(alpha, l, r, 1.0, c);
        return;
    }
    let h = n / 2;
    let (l1, l2) = (l.slice(s![..h, ..]), l.slice(s![h.., ..]));
    let (r1, r2) = (r.slice(s![.., ..h]), r.slice(s![.., h..]));
    let (mut top, mut bottom) = c.view_mut().split_at(Axis(0), h);
    let (mut c11, mut c12) = top.view_mut().split_at(Axis(1), h);
    let (mut c21, mut c22) = bottom.view_mut().split_at(Axis(1), h);
    symmetric_mul(alpha, &l1, &r1, &mut c11);
    symmetric_mul(alpha, &l2, &r2, &mut c22);
    general_mat_mul(alpha, &l2, &r1, 1.0, &mut c21);
    c12.assign(&c21.t());
}

/// Gauss–Jordan inversion without pivoting, which is stable for positive definite
/// matrices; a non-positive pivot means the matrix is not positive definite.
fn gauss_jordan(m: &Array2<f32>) -> Result<Array2<f32>, NotPositiveDefinite> {
    let n = m.nrows();
    let mut a = m.clone();
    let mut inv = Array2::<f32>::eye(n);
    for k in 0..n {
        let pivot = a[[k, k]];
        if !(pivot > 0.0 && pivot.is_finite()) {
            return Err(NotPositiveDefinite);
        }
        for j in 0..n {
            a[[k, j]] /= pivot;
            inv[[k, j]] /= pivot;
        }
        for i in 0..n {
            if i == k {
                continue;
            }
            let f = a[[i, k]];
            if f == 0.0 {
                continue;
            }
            for j in 0..n {
                a[[i, j]] -= f * a[[k, j]];
                inv[[i, j]] -= f * inv[[k, j]];
            }
        }
    }
    Ok(inv)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_block_inverse_inverts() {
        // A positive definite matrix larger than the direct base case.
        let n = 3 * BASE + 5;
        let m = Array2::from_shape_fn((n, n), |(i, j)| {
            let x = ((i * 7 + j * 13) % 11) as f64 / 11.0;
            let y = ((j * 7 + i * 13) % 11) as f64 / 11.0;
            (x + y + if i == j { n as f64 } else { 0.0 }) as f32
        });
        let inv = spd_inverse(&m).unwrap();
        let eye = m.dot(&inv);
        let worst = eye
            .indexed_iter()
            .map(|((i, j), &v)| (v - if i == j { 1.0 } else { 0.0 }).abs())
            .fold(0.0, f32::max);
        assert!(worst < 1e-5, "{worst}");
        // The symmetric updates agree with the full products they replace.
        let n = 2 * SYMMETRIC_BASE + 7;
        let x = Array2::from_shape_fn((n, n), |(i, j)| ((i * 3 + j * 5) % 7) as f32 - 3.0);
        let mut half = Array2::<f32>::eye(n);
        symmetric_mul(-0.5, &x.t(), &x.view(), &mut half.view_mut());
        let full = Array2::<f32>::eye(n) - x.t().dot(&x) * 0.5;
        assert_eq!(half, full);
        let not_pd = Array2::from_shape_vec((2, 2), vec![1.0, 2.0, 2.0, 1.0]).unwrap();
        assert_eq!(spd_inverse(&not_pd), Err(NotPositiveDefinite));
    }
}
