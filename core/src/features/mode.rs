//! The feature table's mode, spelled once: its name on the command line and in the app
//! (`Display`/`FromStr`), its label and what it means.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// How the feature table treats the two quirks of the published notebook.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    /// Every customer is kept, and each customer's cancellation rate is their own.
    #[default]
    Corrected,
    /// Reproduces the publication: customers with a single line item are dropped, and the
    /// cancellation rate divides by another customer's transaction count, by row position.
    Reference,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Corrected, Mode::Reference];

    /// The name used on the command line, in the app's controls and in exports.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Corrected => "corrected",
            Mode::Reference => "reference",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Corrected => "Corrected",
            Mode::Reference => "Reference (as published)",
        }
    }

    /// One sentence on what the mode does.
    pub fn about(self) -> &'static str {
        match self {
            Mode::Corrected => "Every customer kept; each customer's own cancellation rate.",
            Mode::Reference => "Reproduces the published analysis, quirks included.",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown mode \"{0}\": use \"corrected\" or \"reference\"")]
pub struct ParseModeError(pub String);

impl FromStr for Mode {
    type Err = ParseModeError;

    fn from_str(s: &str) -> Result<Mode, ParseModeError> {
        Mode::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ParseModeError(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn names_round_trip() {
        for m in Mode::ALL {
            assert_eq!(m.to_string().parse::<Mode>(), Ok(m));
        }
        assert_eq!(" Reference ".parse::<Mode>(), Ok(Mode::Reference));
        assert!("published".parse::<Mode>().is_err());
    }
}
