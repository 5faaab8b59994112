//! The crate's error type.

/// Errors of `learn-hopfield`. `Display` is one line, fit for the CLI.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum HopfieldError {
    /// A parameter or input rejected by `learn-core`'s validation.
    #[error(transparent)]
    Core(#[from] learn_core::Error),
    /// More patterns than a learning rule can store or than the implementation supports.
    #[error(
        "too many patterns for the {rule} rule: p = {patterns} but at most {max} with N = {neurons}"
    )]
    TooManyPatterns {
        /// The rule's name.
        rule: &'static str,
        /// Patterns asked for.
        patterns: usize,
        /// Neurons.
        neurons: usize,
        /// The largest p the rule accepts at this N.
        max: usize,
    },
}

/// `Result` with [`HopfieldError`].
pub type Result<T, E = HopfieldError> = std::result::Result<T, E>;

/// Shorthand: an invalid-parameter error.
pub(crate) fn invalid(name: &str, reason: impl Into<String>) -> HopfieldError {
    HopfieldError::Core(learn_core::Error::invalid_parameter(name, reason))
}
