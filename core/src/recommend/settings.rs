//! The recommenders' settings, their check and errors, and the default method per list.

use super::knn::Weighting;
use super::pick::Method;
use super::reference::Unsegmented;
use crate::params::Check;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The model buy again is blended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Partner {
    ItemKnn,
    #[default]
    Ease,
}

impl Partner {
    pub fn method(self) -> Method {
        match self {
            Partner::ItemKnn => Method::ItemKnn,
            Partner::Ease => Method::Ease,
        }
    }
}

/// The recommenders' settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecsParams {
    /// Buy again: the age in days at which an order counts half.
    pub half_life_days: f64,
    /// Item-kNN: how a purchase counts.
    pub weighting: Weighting,
    /// Item-kNN: neighbours kept per product.
    pub neighbours: usize,
    /// Item-kNN: added to the cosine's denominator, damping products with few buyers.
    pub shrinkage: f64,
    /// EASE: the regularisation λ.
    pub lambda: f64,
    /// EASE: products modelled (those with the most buyers).
    pub ease_products: usize,
    /// Blend: the weight of buy again (0–1); the partner gets the rest.
    pub blend_weight: f64,
    pub partner: Partner,
    /// Reference method: what customers without a segment get.
    pub unsegmented: Unsegmented,
    /// Picks per list.
    pub list_length: usize,
}

impl Default for RecsParams {
    fn default() -> Self {
        Self {
            half_life_days: 60.0,
            weighting: Weighting::LogCount,
            neighbours: 100,
            shrinkage: 10.0,
            lambda: 300.0,
            ease_products: 1_500,
            blend_weight: 0.5,
            partner: Partner::Ease,
            unsegmented: Unsegmented::BestSellers,
            list_length: 10,
        }
    }
}

/// Why recommendations could not be made.
#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum RecsError {
    #[error(
        "Invalid setting: the buy-again half-life must be a positive number of days (got {0})."
    )]
    HalfLife(f64),
    #[error("Invalid setting: item-kNN needs at least one neighbour per product.")]
    NoNeighbours,
    #[error("Invalid setting: the item-kNN shrinkage must be zero or more (got {0}).")]
    Shrinkage(f64),
    #[error("Invalid setting: the EASE regularisation λ must be positive (got {0}).")]
    Lambda(f64),
    #[error("Invalid setting: EASE needs at least one product.")]
    NoEaseProducts,
    #[error("Invalid setting: the blend weight must be between 0 and 1 (got {0}).")]
    BlendWeight(f64),
    #[error("Invalid setting: a list holds at least one product.")]
    EmptyList,
    #[error("EASE could not be fitted with λ = {lambda}: the matrix is not positive definite; try a larger λ.")]
    NotPositiveDefinite { lambda: f64 },
    #[error("This file has no product id or product name, so there is nothing to recommend.")]
    NoProducts,
}

impl Check for RecsParams {
    type Error = RecsError;

    fn check_ref(&self) -> Result<(), RecsError> {
        let positive = |x: f64| x > 0.0 && x.is_finite();
        if !positive(self.half_life_days) {
            return Err(RecsError::HalfLife(self.half_life_days));
        }
        if self.neighbours == 0 {
            return Err(RecsError::NoNeighbours);
        }
        if !(self.shrinkage >= 0.0 && self.shrinkage.is_finite()) {
            return Err(RecsError::Shrinkage(self.shrinkage));
        }
        if !positive(self.lambda) {
            return Err(RecsError::Lambda(self.lambda));
        }
        if self.ease_products == 0 {
            return Err(RecsError::NoEaseProducts);
        }
        if !(0.0..=1.0).contains(&self.blend_weight) {
            return Err(RecsError::BlendWeight(self.blend_weight));
        }
        if self.list_length == 0 {
            return Err(RecsError::EmptyList);
        }
        Ok(())
    }
}

/// Which method fills each list by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Defaults {
    pub discovery: Method,
    pub next_basket: Method,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            discovery: Method::Ease,
            next_basket: Method::Blend,
        }
    }
}
