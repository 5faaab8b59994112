//! The error type of `learn-recall`.

/// Errors raised by the recall models.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RecallError {
    /// A parameter, dimension or input error from `learn-core`'s validation.
    #[error(transparent)]
    Core(#[from] learn_core::Error),
    /// The start item of a walk is not one of the `items` items.
    #[error("start item {start} is out of range: there are {items} items (0..{items})")]
    StartOutOfRange {
        /// The requested start item.
        start: usize,
        /// The number of items.
        items: usize,
    },
}

/// `Result` with [`RecallError`].
pub type Result<T, E = RecallError> = std::result::Result<T, E>;
