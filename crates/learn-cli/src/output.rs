//! Output helpers shared by the subcommands: JSON documents, terminal detection, progress bars.

use crate::error::CliError;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::io::{IsTerminal, Write};

/// Prints `value` as one pretty JSON document on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(CliError::failure)?;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        // The reader went away (`learn … --json | head`): nothing left to say.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CliError::failure),
    }
}

/// Whether progress bars should be drawn: stderr is a terminal and we are not in CI.
pub fn interactive() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// A progress bar of `len` steps on stderr, hidden when not [`interactive`].
pub fn progress_bar(len: u64, what: &str) -> ProgressBar {
    if !interactive() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let style =
        ProgressStyle::with_template("{prefix} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_prefix(what.to_string());
    bar
}
