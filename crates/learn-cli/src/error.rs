//! The CLI's error: one line on stderr and an exit status.

use std::process::ExitCode;

/// Exit status for bad usage: invalid arguments, invalid parameters, malformed input.
pub const EXIT_USAGE: u8 = 2;
/// Exit status when the work ran but did not succeed (a claim failed, a file could not be written).
pub const EXIT_FAILURE: u8 = 1;

/// An error the `learn` command reports as one line, with exit status 2 (usage) or 1 (failure).
#[derive(Debug)]
pub enum CliError {
    /// The user asked for something invalid: exit status 2.
    Usage(String),
    /// The work itself failed: exit status 1.
    Failure(String),
}

impl CliError {
    /// A usage error (exit 2).
    pub fn usage(message: impl std::fmt::Display) -> Self {
        CliError::Usage(message.to_string())
    }

    /// A failure (exit 1).
    pub fn failure(message: impl std::fmt::Display) -> Self {
        CliError::Failure(message.to_string())
    }

    /// The exit status.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Failure(_) => EXIT_FAILURE,
        })
    }

    /// The message, folded onto one line.
    pub fn one_line(&self) -> String {
        let (CliError::Usage(m) | CliError::Failure(m)) = self;
        m.split('\n')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Library errors reaching the CLI come from the user's input (parameters, designs, files),
/// so they are usage errors (exit 2).
impl<E: std::error::Error> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::Usage(e.to_string())
    }
}
