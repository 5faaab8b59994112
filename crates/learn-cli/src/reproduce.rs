//! `learn reproduce`: re-runs every published result and checks it.

use crate::error::CliError;
use crate::output;
use learn_core::claim::fmt_num;
use learn_core::{Budget, Claim, Evidence, Expectation, Verdict};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `learn reproduce`.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Each claim is one published result (blocking, the Hopfield capacity, the free-recall law, ...),
re-run and checked against the paper. Writes DIR/report.md, and DIR/<claim>.json and
DIR/<claim>.svg for every claim. Exit status: 0 all pass, 1 a claim failed, 2 bad usage.

Examples:
  learn reproduce --quick                      # CI sizes, about two minutes
  learn reproduce                              # the published sizes
  learn reproduce --only conditioning/ --seed 7
  learn reproduce --only 'hopfield/*capacity*' --json > capacity.json
  learn reproduce --list")]
pub struct Args {
    /// Run at CI sizes (seconds per claim) instead of the published sizes.
    #[arg(long)]
    pub quick: bool,
    /// Run only the claims whose id contains PATTERN (`*` matches anything; comma-separate several).
    #[arg(long, value_name = "PATTERN")]
    pub only: Option<String>,
    /// Experiment seed: every claim derives its random streams from it and from its own id.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=4096))]
    pub jobs: Option<u16>,
    /// Print one JSON document on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Directory for report.md and the per-claim JSON and SVG files.
    #[arg(long, value_name = "DIR", default_value = "target/reproduce")]
    pub out: PathBuf,
    /// List the claims (id and source) and exit.
    #[arg(long)]
    pub list: bool,
}

/// Whether `id` matches one of the comma-separated `patterns` (substring, `*` wildcard).
pub fn matches(id: &str, patterns: &str) -> bool {
    patterns
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .any(|p| wildcard(id, p))
}

fn wildcard(id: &str, pattern: &str) -> bool {
    if !pattern.contains('*') {
        return id.contains(pattern);
    }
    // Unanchored glob: every piece must appear in order.
    let mut rest = id;
    for piece in pattern.split('*').filter(|s| !s.is_empty()) {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// One claim's outcome, as written to `DIR/<claim>.json` and summarised in `--json`.
#[derive(Debug, Serialize)]
pub struct ClaimReport {
    /// Claim id.
    pub id: String,
    /// Paper, equation, figure.
    pub source: String,
    /// The result in one sentence.
    pub statement: String,
    /// `"pass"` or `"fail"`.
    pub verdict: &'static str,
    /// Every measured quantity by name.
    pub measured: BTreeMap<String, f64>,
    /// The expectation of every checked quantity by name.
    pub expected: BTreeMap<String, Expectation>,
    /// Wall-clock seconds the claim took.
    pub seconds: f64,
    /// Why it failed (failed checks, or the error).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// The error its run returned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The full evidence (checks, notes, figure data); only in the per-claim file.
    #[serde(skip)]
    pub evidence: Option<Evidence>,
}

impl ClaimReport {
    fn passed(&self) -> bool {
        self.verdict == "pass"
    }
}

/// Runs one claim, turning errors and panics into a failed report.
pub fn run_claim(claim: &dyn Claim, budget: Budget, seed: u64) -> ClaimReport {
    let claim_seed = learn_core::rng::derive_seed(seed, claim.id());
    let start = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| claim.run(budget, claim_seed)));
    let seconds = start.elapsed().as_secs_f64();
    let mut report = ClaimReport {
        id: claim.id().to_string(),
        source: claim.source().to_string(),
        statement: claim.statement().to_string(),
        verdict: "fail",
        measured: BTreeMap::new(),
        expected: BTreeMap::new(),
        seconds,
        reasons: Vec::new(),
        error: None,
        evidence: None,
    };
    let error = match outcome {
        Ok(Ok(evidence)) => {
            report.measured = evidence.measured();
            report.expected = evidence
                .checks
                .iter()
                .map(|c| (c.name.clone(), c.expected.clone()))
                .collect();
            match evidence.verdict() {
                Verdict::Pass => report.verdict = "pass",
                Verdict::Fail { reasons } => report.reasons = reasons,
            }
            report.evidence = Some(evidence);
            return report;
        }
        Ok(Err(e)) => e.to_string(),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            format!("panicked: {what}")
        }
    };
    report.reasons = vec![format!("error: {error}")];
    report.error = Some(error);
    report
}

/// Runs `claims` in parallel (in the current rayon pool) and returns reports in input order.
pub fn run_claims(claims: &[Box<dyn Claim>], budget: Budget, seed: u64) -> Vec<ClaimReport> {
    let bar = output::progress_bar(claims.len() as u64, "reproduce");
    let reports: Vec<ClaimReport> = claims
        .par_iter()
        .map(|claim| {
            let report = run_claim(claim.as_ref(), budget, seed);
            bar.set_message(report.id.clone());
            bar.inc(1);
            report
        })
        .collect();
    bar.finish_and_clear();
    reports
}

/// The entry point of `learn reproduce`.
pub fn run(args: Args) -> Result<std::process::ExitCode, CliError> {
    let all = crate::registry::all_claims();
    let budget = if args.quick {
        Budget::Quick
    } else {
        Budget::Full
    };
    if args.list {
        for claim in &all {
            println!("{:<40} {}", claim.id(), claim.source());
        }
        return Ok(std::process::ExitCode::SUCCESS);
    }
    if args.only.as_deref().is_some_and(|p| p.trim().is_empty()) {
        return Err(CliError::usage("--only needs a non-empty pattern"));
    }
    let claims: Vec<Box<dyn Claim>> = all
        .into_iter()
        .filter(|c| args.only.as_deref().is_none_or(|p| matches(c.id(), p)))
        .collect();
    if claims.is_empty() {
        let message = match &args.only {
            Some(p) => format!("no claim matches '{p}' (see `learn reproduce --list`)"),
            None => "no claims are registered yet (the model crates add them)".to_string(),
        };
        if args.json {
            output::print_json(&serde_json::json!({ "claims": [], "message": message }))?;
        } else {
            println!("{message}");
        }
        return Ok(std::process::ExitCode::SUCCESS);
    }

    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = args.jobs {
        pool = pool.num_threads(usize::from(jobs));
    }
    let pool = pool.build().map_err(CliError::failure)?;
    let reports = pool.install(|| run_claims(&claims, budget, args.seed));

    write_outputs(&reports, &args.out, budget, args.seed)?;
    if args.json {
        output::print_json(&serde_json::json!({
            "budget": budget,
            "seed": args.seed,
            "claims": reports,
        }))?;
    } else {
        print!("{}", table(&reports));
        let failed = reports.iter().filter(|r| !r.passed()).count();
        println!(
            "\n{} claims: {} pass, {} fail (budget {}, seed {}); report in {}",
            reports.len(),
            reports.len() - failed,
            failed,
            budget_name(budget),
            args.seed,
            args.out.join("report.md").display()
        );
        for r in reports.iter().filter(|r| !r.passed()) {
            for reason in &r.reasons {
                println!("FAIL {}: {reason}", r.id);
            }
        }
    }
    Ok(if reports.iter().all(ClaimReport::passed) {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(crate::error::EXIT_FAILURE)
    })
}

fn budget_name(budget: Budget) -> &'static str {
    match budget {
        Budget::Quick => "quick",
        Budget::Full => "full",
    }
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// One table row per check: claim · source · expected · measured · verdict.
fn rows(reports: &[ClaimReport]) -> Vec<[String; 5]> {
    let mut rows = Vec::new();
    for r in reports {
        let mut first = true;
        let mut push = |expected: String, measured: String| {
            let (id, source, verdict) = if first {
                (r.id.clone(), r.source.clone(), r.verdict.to_string())
            } else {
                (String::new(), String::new(), String::new())
            };
            first = false;
            rows.push([id, source, expected, measured, verdict]);
        };
        match (&r.error, &r.evidence) {
            (Some(e), _) => push(format!("error: {e}"), "-".into()),
            (None, Some(ev)) => {
                for c in &ev.checks {
                    push(format!("{}: {}", c.name, c.expected), fmt_num(c.measured));
                }
            }
            (None, None) => push("-".into(), "-".into()),
        }
    }
    rows
}

/// The terminal table.
pub fn table(reports: &[ClaimReport]) -> String {
    const WIDTHS: [usize; 5] = [37, 30, 58, 11, 7];
    let header = ["claim", "source", "expected", "measured", "verdict"];
    let mut out = String::new();
    let line = |cells: &[String; 5], out: &mut String| {
        for (k, (cell, w)) in cells.iter().zip(WIDTHS).enumerate() {
            let cell = truncate(cell, w);
            let pad = w.saturating_sub(cell.chars().count());
            out.push_str(&cell);
            if k + 1 < WIDTHS.len() {
                out.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push('\n');
    };
    line(&header.map(String::from), &mut out);
    line(&WIDTHS.map(|w| "─".repeat(w)), &mut out);
    for row in rows(reports) {
        line(&row, &mut out);
    }
    out
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// `report.md`: the summary table, then one section per claim with its checks, notes and figure.
pub fn markdown(reports: &[ClaimReport], budget: Budget, seed: u64) -> String {
    let mut md = String::new();
    let passed = reports.iter().filter(|r| r.passed()).count();
    let _ = writeln!(md, "# learn reproduce\n");
    let _ = writeln!(
        md,
        "Budget `{}`, seed {seed}: **{passed} of {} claims pass**.\n",
        budget_name(budget),
        reports.len()
    );
    let _ = writeln!(md, "| claim | source | expected | measured | verdict |");
    let _ = writeln!(md, "|---|---|---|---|---|");
    for row in rows(reports) {
        let _ = writeln!(
            md,
            "| {} |",
            row.iter()
                .map(|c| md_escape(c))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    for r in reports {
        let _ = writeln!(md, "\n## `{}` — {}\n", r.id, r.verdict);
        let _ = writeln!(md, "{}\n\n*Source:* {}\n", r.statement, r.source);
        let _ = writeln!(md, "Ran in {:.2} s.\n", r.seconds);
        if let Some(ev) = &r.evidence {
            for c in &ev.checks {
                let _ = write!(
                    md,
                    "- {} **{}**: measured {}, expected {}",
                    if c.passed { "✔" } else { "✘" },
                    md_escape(&c.name),
                    fmt_num(c.measured),
                    c.expected
                );
                if let Some(d) = &c.detail {
                    let _ = write!(md, " ({})", md_escape(d));
                }
                md.push('\n');
            }
            for (name, value) in &ev.recorded {
                let _ = writeln!(md, "- {}: {}", md_escape(name), fmt_num(*value));
            }
            for note in &ev.notes {
                let _ = writeln!(md, "\n> {}", md_escape(note));
            }
        }
        let _ = writeln!(md, "\n![{}]({}.svg)", r.id, r.id);
        if let Some(e) = &r.error {
            let _ = writeln!(md, "**Error:** {}", md_escape(e));
        }
    }
    md
}

/// One line per check (or the error) for a claim's verdict card.
fn card_lines(r: &ClaimReport) -> Vec<(bool, String)> {
    if let Some(e) = &r.error {
        return vec![(false, format!("error: {e}"))];
    }
    r.evidence
        .iter()
        .flat_map(|ev| &ev.checks)
        .map(|c| {
            let mut line = format!(
                "{}: measured {}, expected {}",
                c.name,
                fmt_num(c.measured),
                c.expected
            );
            if let Some(d) = &c.detail {
                line.push_str(&format!(" ({d})"));
            }
            (c.passed, truncate(&line, 150))
        })
        .collect()
}

fn write_file(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::failure(format!("cannot create {}: {e}", dir.display())))?;
    }
    std::fs::write(path, contents)
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))
}

/// Writes `report.md`, `<claim>.json` and `<claim>.svg` under `out`.
pub fn write_outputs(
    reports: &[ClaimReport],
    out: &Path,
    budget: Budget,
    seed: u64,
) -> Result<(), CliError> {
    for r in reports {
        let mut doc = serde_json::to_value(r).map_err(CliError::failure)?;
        doc["budget"] = serde_json::json!(budget);
        doc["seed"] = serde_json::json!(seed);
        if let Some(ev) = &r.evidence {
            doc["evidence"] = serde_json::to_value(ev).map_err(CliError::failure)?;
        }
        let text = serde_json::to_string_pretty(&doc).map_err(CliError::failure)?;
        write_file(&out.join(format!("{}.json", r.id)), text.as_bytes())?;
        let path = out.join(format!("{}.svg", r.id));
        let drawn = match r.evidence.as_ref().and_then(|e| e.figure.as_ref()) {
            Some(figure) => crate::plot::write_svg(figure, &path),
            // No figure of its own (e.g. a property over a family of parameters): draw the
            // checks themselves, so every claim has a picture.
            None => crate::plot::write_card(&r.id, &r.statement, &card_lines(r), &path),
        };
        drawn.map_err(|e| CliError::failure(format!("cannot draw {}: {e}", path.display())))?;
    }
    write_file(
        &out.join("report.md"),
        markdown(reports, budget, seed).as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(matches("conditioning/blocking", "blocking"));
        assert!(matches("conditioning/blocking", "hopfield,cond*block"));
        assert!(!matches("conditioning/blocking", "hopfield"));
        assert!(!matches("conditioning/blocking", "block*cond"));
    }

    #[test]
    fn truncation_is_char_safe() {
        assert_eq!(truncate("αβγδ", 3), "αβ…");
        assert_eq!(truncate("ab", 3), "ab");
    }
}
