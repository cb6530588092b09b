//! What the cleaning chain can be told, and its check.

use super::{CleanError, CleanStepId};
use crate::params::Check;
use serde::{Deserialize, Serialize};

/// The most example rows a step may keep.
pub const MAX_EXAMPLES: usize = 100;

/// What the chain can be told.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CleanParams {
    /// How many dropped (or flagged) rows each step keeps as examples.
    pub examples: usize,
    /// Descriptions of service lines, not products (the reference's two).
    pub service_descriptions: Vec<String>,
    /// Rules the user switched off: their lines are kept, and counted as "would drop".
    #[serde(default)]
    pub off: Vec<CleanStepId>,
}

impl Default for CleanParams {
    fn default() -> Self {
        Self {
            examples: 5,
            service_descriptions: ["Next Day Carriage", "High Resolution Image"]
                .map(String::from)
                .to_vec(),
            off: vec![],
        }
    }
}

impl CleanParams {
    /// Switches a rule on or off, keeping `off` sorted and without repeats (it is part of
    /// the file's key).
    pub fn switch(&mut self, step: CleanStepId, on: bool) {
        self.off.retain(|&s| s != step);
        if !on {
            self.off.push(step);
            self.off.sort_unstable();
        }
    }
}

impl Check for CleanParams {
    type Error = CleanError;

    fn check_ref(&self) -> Result<(), CleanError> {
        if self.examples > MAX_EXAMPLES {
            return Err(CleanError::TooManyExamples {
                asked: self.examples,
            });
        }
        if let Some(&step) = self.off.iter().find(|s| !s.switchable()) {
            return Err(CleanError::NotSwitchable { step });
        }
        Ok(())
    }
}
