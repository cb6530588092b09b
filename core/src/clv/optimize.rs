//! Deterministic Nelder–Mead minimisation (Lagarias et al. coefficients 1, 2, ½, ½), restarted
//! from the point found until a restart no longer improves it.

/// Stopping rules for [`minimize`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Initial simplex edge of the first run.
    pub step: f64,
    /// Initial simplex edge of each restart.
    pub restart_step: f64,
    /// A run stops when every vertex is within `xtol` of the best in every coordinate...
    pub xtol: f64,
    /// ...and the values spread by at most `ftol · (1 + |best|)`.
    pub ftol: f64,
    /// A run also ends when its best value improved by less than `stall_tol · (1 + |best|)`
    /// over the last `stall_iterations` iterations (a plateau, e.g. a boundary optimum).
    pub stall_tol: f64,
    /// See `stall_tol`.
    pub stall_iterations: u32,
    /// Evaluation budget over all runs.
    pub max_evaluations: u32,
    /// Most restarts after the first run.
    pub max_restarts: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            step: 0.5,
            restart_step: 0.1,
            xtol: 1e-9,
            ftol: 1e-14,
            stall_tol: 1e-10,
            stall_iterations: 200,
            max_evaluations: 20_000,
            max_restarts: 20,
        }
    }
}

/// The best point found.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// Where.
    pub x: Vec<f64>,
    /// The value there.
    pub f: f64,
    /// Simplex iterations over all runs.
    pub iterations: u32,
    /// Function evaluations over all runs.
    pub evaluations: u32,
    /// Whether the last run stopped by its rules (converged or settled on a plateau) rather
    /// than by running out of budget.
    pub converged: bool,
}

/// Counts evaluations and turns non-finite values into +∞.
struct Objective<F> {
    f: F,
    evaluations: u32,
}

impl<F: FnMut(&[f64]) -> f64> Objective<F> {
    fn eval(&mut self, x: &[f64]) -> f64 {
        self.evaluations += 1;
        let v = (self.f)(x);
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    }
}

/// Minimises `f` from `x0`: one Nelder–Mead run, then restarts from the best point with a
/// fresh simplex while they improve the value by more than `stall_tol · (1 + |f|)`.
pub fn minimize<F: FnMut(&[f64]) -> f64>(f: F, x0: &[f64], settings: &Settings) -> Minimum {
    let mut obj = Objective { f, evaluations: 0 };
    let mut iterations = 0;
    let first = run(&mut obj, x0, settings.step, settings, &mut iterations);
    let (mut x, mut fx, mut converged) = first;
    for _ in 0..settings.max_restarts {
        if obj.evaluations >= settings.max_evaluations {
            break;
        }
        let (nx, nf, nc) = run(
            &mut obj,
            &x,
            settings.restart_step,
            settings,
            &mut iterations,
        );
        let improved = nf < fx - settings.stall_tol * (1.0 + fx.abs());
        if nf <= fx {
            x = nx;
            fx = nf;
            converged = nc;
        }
        if !improved {
            break;
        }
    }
    let evaluations = obj.evaluations;
    Minimum {
        x,
        f: fx,
        iterations,
        evaluations,
        converged,
    }
}

type Vertex = (Vec<f64>, f64);

/// One Nelder–Mead run; returns the best vertex and whether it converged.
fn run<F: FnMut(&[f64]) -> f64>(
    obj: &mut Objective<F>,
    x0: &[f64],
    step: f64,
    s: &Settings,
    iterations: &mut u32,
) -> (Vec<f64>, f64, bool) {
    let mut simplex = initial_simplex(obj, x0, step);
    let mut converged = false;
    let mut mark = (0u32, f64::INFINITY);
    for k in 0.. {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let best = simplex.first().map_or(f64::INFINITY, |v| v.1);
        if has_converged(&simplex, s) || stalled(&mut mark, k, best, s) {
            converged = best.is_finite();
            break;
        }
        if obj.evaluations >= s.max_evaluations {
            break;
        }
        *iterations += 1;
        iterate(obj, &mut simplex);
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    match simplex.into_iter().next() {
        Some((x, f)) => (x, f, converged),
        None => (x0.to_vec(), f64::INFINITY, false),
    }
}

fn initial_simplex<F: FnMut(&[f64]) -> f64>(
    obj: &mut Objective<F>,
    x0: &[f64],
    step: f64,
) -> Vec<Vertex> {
    let mut simplex = Vec::with_capacity(x0.len() + 1);
    simplex.push((x0.to_vec(), obj.eval(x0)));
    for i in 0..x0.len() {
        let mut x = x0.to_vec();
        x[i] += step;
        let f = obj.eval(&x);
        simplex.push((x, f));
    }
    simplex
}

/// True when `best` improved too little since the iteration recorded in `mark`; moves the
/// mark every `stall_iterations` iterations.
fn stalled(mark: &mut (u32, f64), k: u32, best: f64, s: &Settings) -> bool {
    if k < mark.0 + s.stall_iterations {
        return false;
    }
    let settled = mark.1 - best <= s.stall_tol * (1.0 + best.abs());
    *mark = (k, best);
    settled
}

fn has_converged(simplex: &[Vertex], s: &Settings) -> bool {
    let (Some(best), Some(worst)) = (simplex.first(), simplex.last()) else {
        return true;
    };
    let f_spread = worst.1 - best.1;
    let f_ok = f_spread <= s.ftol * (1.0 + best.1.abs());
    let x_ok = simplex.iter().all(|v| {
        v.0.iter()
            .zip(&best.0)
            .all(|(a, b)| (a - b).abs() <= s.xtol)
    });
    best.1.is_finite() && f_ok && x_ok
}

/// `c + t · (c − w)` coordinatewise.
fn along(c: &[f64], w: &[f64], t: f64) -> Vec<f64> {
    c.iter().zip(w).map(|(ci, wi)| ci + t * (ci - wi)).collect()
}

/// One reflect / expand / contract / shrink step on a sorted simplex.
fn iterate<F: FnMut(&[f64]) -> f64>(obj: &mut Objective<F>, simplex: &mut [Vertex]) {
    let n = simplex.len() - 1;
    let c = centroid(&simplex[..n]);
    let worst = simplex[n].0.clone();
    let (f_best, f_second, f_worst) = (simplex[0].1, simplex[n - 1].1, simplex[n].1);
    let xr = along(&c, &worst, 1.0);
    let fr = obj.eval(&xr);
    if fr < f_best {
        let xe = along(&c, &worst, 2.0);
        let fe = obj.eval(&xe);
        simplex[n] = if fe < fr { (xe, fe) } else { (xr, fr) };
    } else if fr < f_second {
        simplex[n] = (xr, fr);
    } else {
        let (xc, limit) = if fr < f_worst {
            (along(&c, &worst, 0.5), fr)
        } else {
            (along(&c, &worst, -0.5), f_worst)
        };
        let fc = obj.eval(&xc);
        if fc < limit || (fr < f_worst && fc <= limit) {
            simplex[n] = (xc, fc);
        } else {
            shrink(obj, simplex);
        }
    }
}

fn centroid(vertices: &[Vertex]) -> Vec<f64> {
    let dim = vertices.first().map_or(0, |v| v.0.len());
    let k = vertices.len().max(1) as f64;
    (0..dim)
        .map(|j| vertices.iter().map(|v| v.0[j]).sum::<f64>() / k)
        .collect()
}

fn shrink<F: FnMut(&[f64]) -> f64>(obj: &mut Objective<F>, simplex: &mut [Vertex]) {
    let best = simplex[0].0.clone();
    for v in simplex.iter_mut().skip(1) {
        let x: Vec<f64> = best
            .iter()
            .zip(&v.0)
            .map(|(b, xi)| b + 0.5 * (xi - b))
            .collect();
        let f = obj.eval(&x);
        *v = (x, f);
    }
}
