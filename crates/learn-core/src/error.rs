//! The error type every `learn` crate wraps.

/// Errors raised by `learn-core` and wrapped by every model crate's own error enum.
///
/// Library code never panics on bad input: it returns one of these, whose `Display` is a
/// single line fit to print as the CLI's error message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A parameter is outside its allowed range, not finite, or otherwise unusable.
    #[error("invalid parameter `{name}`: {reason}")]
    InvalidParameter {
        /// The parameter's name, as the paper or the CLI spells it.
        name: String,
        /// Why it was rejected, including the value and the allowed range.
        reason: String,
    },
    /// Two things that must agree in size do not.
    #[error("dimension mismatch for {what}: expected {expected}, got {got}")]
    DimensionMismatch {
        /// What was measured.
        what: String,
        /// The size required.
        expected: usize,
        /// The size given.
        got: usize,
    },
    /// Input data (a design, a file, a list) is malformed.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A computation produced a non-finite number or could not proceed.
    #[error("numerical failure: {0}")]
    Numerical(String),
}

impl Error {
    /// Shorthand for [`Error::InvalidParameter`].
    pub fn invalid_parameter(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidParameter {
            name: name.into(),
            reason: reason.into(),
        }
    }
}

/// `Result` with [`Error`] as the error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
