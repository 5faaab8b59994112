//! The crate's error type.

use std::path::PathBuf;

/// Errors of `learn-continual`: bad parameters (wrapped from `learn-core`) and unreadable data.
///
/// Every variant's `Display` is one line that names the parameter or the file at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A parameter or dimension error from `learn-core`.
    #[error(transparent)]
    Core(#[from] learn_core::Error),
    /// A data file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A data file was read but its contents are not what they must be.
    #[error("malformed data in {path}: {reason}")]
    Malformed {
        /// The file (or `<embedded digits>` for the vendored data set).
        path: PathBuf,
        /// What is wrong, e.g. the magic number found and the one required.
        reason: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn param(name: &str, reason: impl Into<String>) -> Self {
        Error::Core(learn_core::Error::invalid_parameter(name, reason))
    }
    pub(crate) fn malformed(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Error::Malformed {
            path: path.into(),
            reason: reason.into(),
        }
    }
}
