//! The error type of `learn-conditioning`.

use crate::design::DesignError;

/// Errors of the conditioning models and the design language.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConditioningError {
    /// A parameter or input rejected by `learn-core`'s validation.
    #[error(transparent)]
    Core(#[from] learn_core::Error),
    /// A design string that does not parse, or exceeds a size limit.
    #[error(transparent)]
    Design(#[from] DesignError),
    /// A cue named in a parameter (e.g. a per-cue salience) that the design does not use.
    #[error("unknown cue `{cue}` in {parameter}: the design's cues are {known}")]
    UnknownCue {
        /// The cue as written.
        cue: String,
        /// Which parameter named it.
        parameter: String,
        /// The design's cues, comma-separated.
        known: String,
    },
    /// A trial that the model cannot represent with its current settings (e.g. a serial
    /// compound longer than the TD trial).
    #[error("trial {trial}: {reason}")]
    Trial {
        /// Index of the trial within its group.
        trial: usize,
        /// What is wrong.
        reason: String,
    },
}

/// `Result` with [`ConditioningError`].
pub type Result<T, E = ConditioningError> = std::result::Result<T, E>;
