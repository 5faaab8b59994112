//! Project automation for `learn` (the cargo-xtask pattern).
//!
//! - `cargo xtask reproduce [ARGS]`: builds `learn` in release and runs `learn reproduce ARGS`
//!   (every published result, re-run and checked, with figures in `target/reproduce/`).
//! - `cargo xtask ci`: runs what CI runs — tests, the quick reproduction, clippy, rustfmt.
//!
//! Deliberately dependency-free: it only drives cargo and the `learn` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
usage: cargo xtask <task> [ARGS]

tasks:
  reproduce [ARGS]  build `learn` in release and run `learn reproduce ARGS`
                    (e.g. `cargo xtask reproduce --quick`, `cargo xtask reproduce --only hopfield`)
  ci                run what CI runs: tests, `reproduce --quick`, clippy, rustfmt --check";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next();
    let rest: Vec<String> = args.collect();
    let result = match task.as_deref() {
        Some("reproduce") => reproduce(&rest),
        Some("ci") => ci(),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(Failure::usage(format!("unknown task `{other}`"))),
        None => Err(Failure::usage("no task given".to_string())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if f.usage {
                eprintln!("xtask: {}\n\n{USAGE}", f.message);
            } else if !f.message.is_empty() {
                eprintln!("xtask: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

struct Failure {
    message: String,
    code: u8,
    usage: bool,
}

impl Failure {
    fn usage(message: String) -> Self {
        Failure {
            message,
            code: 2,
            usage: true,
        }
    }
    fn from_status(what: &str, code: Option<i32>) -> Self {
        let code = code.and_then(|c| u8::try_from(c).ok()).unwrap_or(1);
        Failure {
            // `learn` already said why; name the step only for other commands.
            message: if what == "learn" {
                String::new()
            } else {
                format!("`{what}` failed")
            },
            code,
            usage: false,
        }
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

fn root() -> PathBuf {
    // xtask/ lives directly under the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn run(what: &str, command: &mut Command) -> Result<(), Failure> {
    let status = command.current_dir(root()).status().map_err(|e| Failure {
        message: format!("cannot start `{what}`: {e}"),
        code: 1,
        usage: false,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure::from_status(what, status.code()))
    }
}

fn reproduce(args: &[String]) -> Result<(), Failure> {
    run(
        "cargo build --release -p learn-cli",
        Command::new(cargo()).args(["build", "--release", "--quiet", "-p", "learn-cli"]),
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let learn = target.join("release").join("learn");
    run("learn", Command::new(learn).arg("reproduce").args(args))
}

fn ci() -> Result<(), Failure> {
    let steps: [(&str, &[&str]); 4] = [
        ("cargo test --workspace", &["test", "--workspace"]),
        (
            "cargo clippy",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        ("cargo fmt --check", &["fmt", "--all", "--check"]),
        ("cargo doc", &["doc", "--workspace", "--no-deps", "--quiet"]),
    ];
    for (what, args) in steps {
        eprintln!("xtask ci: {what}");
        run(what, Command::new(cargo()).args(args))?;
    }
    eprintln!("xtask ci: cargo xtask reproduce --quick");
    reproduce(&["--quick".to_string()])
}
