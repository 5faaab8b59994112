//! The error type of `learn-latent`.

/// Errors raised by the latent-cause model: bad parameters, malformed trials, or a design
/// that cannot be run. Every variant's `Display` is one line, fit for the CLI.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LatentError {
    /// A parameter, dimension or input error from `learn-core`'s validators.
    #[error(transparent)]
    Core(#[from] learn_core::Error),
    /// A design string that does not parse (position, token, reason).
    #[error(transparent)]
    Design(#[from] learn_conditioning::DesignError),
    /// Two trials share a time: the temporal kernel Δ^(−g) is infinite at Δ = 0.
    #[error(
        "trials {first} and {second} are both at time {time}: the temporal kernel Δ^(−g) is infinite at Δ = 0"
    )]
    SameTime {
        /// Index of the earlier trial.
        first: usize,
        /// Index of the later trial.
        second: usize,
        /// Their common time.
        time: f64,
    },
    /// A trial comes before the previous one in time.
    #[error(
        "trial {index} at time {time} comes before the previous trial (time {previous}): trial times must increase"
    )]
    TimeOrder {
        /// Index of the offending trial.
        index: usize,
        /// Its time.
        time: f64,
        /// The previous trial's time.
        previous: f64,
    },
}

/// `Result` with [`LatentError`].
pub type Result<T, E = LatentError> = std::result::Result<T, E>;
