//! `learn`: run the classic mathematical models of learning from the shell, and re-run their
//! published results with `learn reproduce`.

use clap::{Parser, Subcommand};
use learn_cli::error::CliError;
// Subcommand modules reach the shared pieces as `crate::error`, `crate::output`.
#[allow(unused_imports)]
use learn_cli::{error, output, reproduce};
use std::process::ExitCode;

mod conditioning;
mod latent;

const EXAMPLES: &str = "\
Examples:
  learn reproduce --quick          re-run every published result at CI sizes, with figures
  learn reproduce --only blocking  re-run the claims whose id contains 'blocking'
  learn <family> --help            options of one model family

Exit status: 0 success, 1 a claim or run failed, 2 bad usage.";

/// Mathematical models of learning: exact to their papers, seeded, and checked.
#[derive(Parser, Debug)]
#[command(name = "learn", version, after_help = EXAMPLES)]
#[command(about = "Mathematical models of learning, exact to their papers, seeded and checked")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Re-run every published result, check it against the paper, and write figures.
    Reproduce(reproduce::Args),
    /// Run Rescorla–Wagner, TD(λ) or vector-RPE TD on a conditioning design.
    Conditioning(conditioning::Args),
    /// The latent-cause model of conditioning and memory modification (Gershman et al. 2017).
    Latent(latent::Args),
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Reproduce(args) => reproduce::run(args),
        Command::Conditioning(args) => conditioning::run(args).map(|()| ExitCode::SUCCESS),
        Command::Latent(args) => latent::run(args).map(|()| ExitCode::SUCCESS),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(error::EXIT_USAGE)
                } else {
                    ExitCode::SUCCESS
                };
            }
            // One line: clap's first line ("error: invalid value 'x' for '--seed <S>': …").
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or("error: bad usage");
            eprintln!("{first} (see `learn --help`)");
            return ExitCode::from(error::EXIT_USAGE);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", e.one_line());
            e.exit_code()
        }
    }
}
