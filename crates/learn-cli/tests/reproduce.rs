//! `learn reproduce` end to end: claims defined here (one passes, one fails with a shrunk
//! counterexample, one returns an error) run through the runner, and the report, JSON and SVG
//! files are written and parse; the binary's exit statuses for the cases.

use learn_cli::reproduce::{markdown, run_claims, table, write_outputs};
use learn_core::{
    Budget, Claim, ClaimError, Evidence, Expectation, Figure, Panel, Series, SeriesStyle,
    Tolerance, check_property, fn_claim,
};
use proptest::prelude::*;
use std::process::Command;

const SQRT_TOL: Tolerance = Tolerance::absolute("ROUND_OFF", 1e-12);

fn passing(budget: Budget, seed: u64) -> Result<Evidence, ClaimError> {
    let mut ev = Evidence::new();
    ev.property(
        "sqrt(x)^2 = x",
        check_property(budget.pick(16, 64), seed, 0.0f64..1e6, |x| {
            prop_assert!((x.sqrt().powi(2) - x).abs() <= 1e-9 * x.max(1.0));
            Ok(())
        }),
    );
    ev.check("sqrt(4)", 4f64.sqrt(), Expectation::approx(2.0, SQRT_TOL));
    let xs: Vec<f64> = (1..=20).map(f64::from).collect();
    let ys: Vec<f64> = xs.iter().map(|x| x.sqrt()).collect();
    ev.set_figure(
        Figure::new("Square roots").with(
            Panel::new("log–log", "x", "√x")
                .log_log()
                .with(Series::new("√x", SeriesStyle::LinePoints, &xs, &ys))
                .with(
                    Series::new("with errors", SeriesStyle::Points, &xs, &ys)
                        .with_y_error(vec![0.1; 20]),
                ),
        ),
    );
    Ok(ev)
}

fn failing(budget: Budget, seed: u64) -> Result<Evidence, ClaimError> {
    let mut ev = Evidence::new();
    ev.property(
        "x < 50",
        check_property(budget.pick(200, 400), seed, 0u32..1000, |x| {
            prop_assert!(x < 50);
            Ok(())
        }),
    );
    ev.set_figure(Figure::new("none").with(Panel::new("empty", "x", "y")));
    Ok(ev)
}

fn erroring(_: Budget, _: u64) -> Result<Evidence, ClaimError> {
    Err(learn_core::Error::InvalidInput("no such design".into()).into())
}

fn claims() -> Vec<Box<dyn Claim>> {
    vec![
        fn_claim(
            "test/pass",
            "arithmetic",
            "Square roots square back.",
            passing,
        ),
        fn_claim("test/fail", "nobody", "Every x is below 50.", failing),
        fn_claim("test/error", "nobody", "Cannot run.", erroring),
    ]
}

#[test]
fn runner_writes_report_json_and_svg() {
    let reports = run_claims(&claims(), Budget::Quick, 5);
    assert_eq!(
        reports.iter().map(|r| r.verdict).collect::<Vec<_>>(),
        ["pass", "fail", "fail"]
    );
    assert!(reports[1].reasons[0].contains("counterexample (shrunk): 50;"));
    assert_eq!(
        reports[2].error.as_deref(),
        Some("invalid input: no such design")
    );

    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("reproduce-test");
    let _ = std::fs::remove_dir_all(&out);
    write_outputs(&reports, &out, Budget::Quick, 5).unwrap();

    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("test/pass.json")).unwrap())
            .unwrap();
    assert_eq!(doc["id"], "test/pass");
    assert_eq!(doc["verdict"], "pass");
    assert_eq!(doc["measured"]["sqrt(4)"], 2.0);
    assert_eq!(doc["expected"]["sqrt(4)"]["kind"], "approx");
    assert!(doc["seconds"].as_f64().unwrap() >= 0.0);
    let failed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("test/fail.json")).unwrap())
            .unwrap();
    assert_eq!(failed["verdict"], "fail");

    for svg in ["test/pass.svg", "test/fail.svg"] {
        let text = std::fs::read_to_string(out.join(svg)).unwrap();
        assert!(
            text.contains("<svg") && text.trim_end().ends_with("</svg>"),
            "{svg}"
        );
    }
    let svg = std::fs::read_to_string(out.join("test/pass.svg")).unwrap();
    assert!(svg.contains("Square roots") && svg.contains("<polyline"));
    let card = std::fs::read_to_string(out.join("test/error.svg")).unwrap();
    assert!(card.contains("no such design"));

    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("**1 of 3 claims pass**"));
    assert!(md.contains("![test/pass](test/pass.svg)"));
    assert_eq!(md, markdown(&reports, Budget::Quick, 5));

    let t = table(&reports);
    assert!(t.lines().next().unwrap().starts_with("claim"));
    assert!(t.contains("test/error") && t.contains("error: invalid input"));
}

fn learn(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_learn"))
        .args(args)
        .env("CI", "true")
        .output()
        .expect("run learn")
}

#[test]
fn only_nothing_matches_exits_zero_with_message() {
    let out = learn(&["reproduce", "--only", "nothing-matches"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no claim matches 'nothing-matches'"));
    let json = learn(&["reproduce", "--only", "nothing-matches", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["claims"].as_array().unwrap().len(), 0);
}

#[test]
fn bad_seed_is_one_line_exit_two() {
    let out = learn(&["reproduce", "--seed", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("--seed"));
    assert!(!err.contains("panicked"));
    for bad in [
        &["reproduce", "--jobs", "0"][..],
        &["reproduce", "--only", ""][..],
        &["no-such-family"][..],
    ] {
        let out = learn(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr)
                .trim_end()
                .lines()
                .count(),
            1
        );
    }
}

#[test]
fn help_explains_with_examples() {
    let out = learn(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"));
    let out = learn(&["reproduce", "--help"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("learn reproduce --quick"));
}
