//! The shape every step's parameters share, after linfa's `ParamGuard`: a step takes a
//! [`Valid`] copy of its parameters, and the only way to get one is [`Check::check`], which
//! returns the step's own error with one variant per rule. So no step runs on settings it
//! cannot honour, and the checks live beside the parameters they guard.
//!
//! (linfa's own `ParamGuard` returns `&Self::Checked` from `check_ref`, which only works
//! for its builder-wraps-valid-params layout; this is the same contract for plain structs.)

use serde::{Deserialize, Serialize};
use std::ops::Deref;

/// Parameters that can be checked before a step runs.
pub trait Check: Sized {
    type Error;

    /// Says which rule, if any, these parameters break.
    fn check_ref(&self) -> Result<(), Self::Error>;

    /// These parameters, certified valid.
    fn check(self) -> Result<Valid<Self>, Self::Error> {
        self.check_ref()?;
        Ok(Valid(self))
    }
}

/// Parameters that passed their [`Check`]. Read them through `Deref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Valid<P>(P);

impl<P> Deref for Valid<P> {
    type Target = P;

    fn deref(&self) -> &P {
        &self.0
    }
}

impl<P> Valid<P> {
    pub fn into_inner(self) -> P {
        self.0
    }
}

/// A `Valid` value read from the wire is checked again: validity is never trusted.
impl<'de, P: Deserialize<'de> + Check> Deserialize<'de> for Valid<P>
where
    P::Error: std::fmt::Display,
{
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        P::deserialize(d)?.check().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Even(u32);

    impl Check for Even {
        type Error = String;
        fn check_ref(&self) -> Result<(), String> {
            if self.0.is_multiple_of(2) {
                Ok(())
            } else {
                Err(format!("{} is odd", self.0))
            }
        }
    }

    #[test]
    fn only_checked_values_become_valid() {
        assert_eq!(Even(4).check().map(|v| v.0 .0), Ok(4));
        assert_eq!(Even(3).check(), Err("3 is odd".to_owned()));
        let back: Result<Valid<Even>, _> = serde_json::from_str("3");
        assert!(back.is_err(), "an invalid value on the wire is refused");
    }
}
