//! The k sweep: every k of a range clustered and scored, for choosing k.

use super::Base;
use crate::model::kmeans::{self, KMeansParams};
use crate::model::{metrics, ModelError, SweepPoint};
use crate::params::{Check, Valid};
use std::sync::Arc;

impl Base {
    /// Inertia and silhouette for each k of `ks` (K-Means settings as `kmeans` otherwise),
    /// in order of k. `progress` receives the fraction done. The k values are independent:
    /// natively they are clustered and scored in parallel, one task per k; in the browser,
    /// where rayon runs inline, one at a time with progress after each.
    pub fn sweep(
        &self,
        ks: std::ops::RangeInclusive<usize>,
        kmeans: &KMeansParams,
        progress: &mut dyn FnMut(f64),
    ) -> Result<Vec<SweepPoint>, ModelError> {
        let settings: Vec<Valid<KMeansParams>> = ks
            .filter(|&k| k <= self.coords_in.nrows())
            .map(|k| kmeans.with_k(k).check())
            .collect::<Result<_, _>>()?;
        let mut points = self.points(&settings, progress)?;
        points.sort_by_key(|p| p.k);
        Ok(points)
    }

    /// One k of the sweep: its clustering (kept for later) and scores.
    fn point(&self, params: &Valid<KMeansParams>) -> Result<SweepPoint, ModelError> {
        let x = self.coords_in.view();
        let c = match self.cached(params) {
            Some(c) => c,
            None => Arc::new(kmeans::fit(x, params, self.seed)?),
        };
        self.keep(Arc::clone(&c), params);
        Ok(SweepPoint {
            k: c.k,
            inertia: metrics::inertia(x, &c.labels, &c.centroids),
            silhouette: self.silhouette(&c),
        })
    }

    #[cfg(target_arch = "wasm32")]
    fn points(
        &self,
        settings: &[Valid<KMeansParams>],
        progress: &mut dyn FnMut(f64),
    ) -> Result<Vec<SweepPoint>, ModelError> {
        let mut out = Vec::with_capacity(settings.len());
        for params in settings {
            out.push(self.point(params)?);
            progress(out.len() as f64 / settings.len() as f64);
        }
        Ok(out)
    }

    /// Every k is a task of rayon's pool, the largest k (the longest to cluster) first, so
    /// the threads stay busy to the end; this thread reports each as it finishes.
    #[cfg(not(target_arch = "wasm32"))]
    fn points(
        &self,
        settings: &[Valid<KMeansParams>],
        progress: &mut dyn FnMut(f64),
    ) -> Result<Vec<SweepPoint>, ModelError> {
        use rayon::prelude::*;
        let mut largest_first: Vec<&Valid<KMeansParams>> = settings.iter().collect();
        largest_first.sort_by_key(|p| std::cmp::Reverse(p.k));
        let (sender, received) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                largest_first
                    .into_par_iter()
                    .with_max_len(1)
                    .for_each_with(sender, |sender, p| {
                        // The receiver outlives this scope; a send cannot fail.
                        let _ = sender.send(self.point(p));
                    });
            });
            let mut out = Vec::with_capacity(settings.len());
            for point in received {
                out.push(point?);
                progress(out.len() as f64 / settings.len() as f64);
            }
            Ok(out)
        })
    }
}
