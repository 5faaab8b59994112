//! The claim framework tested by claims defined here: one that passes, one that fails with a
//! shrunk counterexample, one whose run returns an error.

use learn_core::{
    Budget, ClaimError, Evidence, Expectation, Figure, Panel, Series, SeriesStyle, Tolerance,
    Verdict, check_property, fn_claim,
};
use proptest::prelude::*;

/// Passes: the sum 1 + … + n equals n(n+1)/2 for every n (a property over n).
fn gauss(budget: Budget, seed: u64) -> Result<Evidence, ClaimError> {
    let mut ev = Evidence::new();
    let outcome = check_property(budget.pick(32, 256), seed, 1u64..10_000, |n| {
        let sum: u64 = (1..=n).sum();
        prop_assert_eq!(sum, n * (n + 1) / 2);
        Ok(())
    });
    ev.property("sum formula", outcome);
    ev.check("e", std::f64::consts::E, Expectation::between(2.71, 2.72));
    ev.set_figure(
        Figure::new("Gauss").with(Panel::new("sums", "n", "sum").with(Series::new(
            "sum",
            SeriesStyle::Line,
            &[1.0, 2.0, 3.0],
            &[1.0, 3.0, 6.0],
        ))),
    );
    Ok(ev)
}

/// Fails: "every n below 10,000 is below 100" — false; proptest must shrink to n = 100.
fn false_bound(budget: Budget, seed: u64) -> Result<Evidence, ClaimError> {
    let mut ev = Evidence::new();
    let outcome = check_property(budget.pick(256, 1024), seed, 0u64..10_000, |n| {
        prop_assert!(n < 100, "n = {} is not below 100", n);
        Ok(())
    });
    ev.property("n < 100", outcome);
    Ok(ev)
}

/// Errors: the run itself cannot proceed.
fn broken(_: Budget, _: u64) -> Result<Evidence, ClaimError> {
    Err(learn_core::Error::invalid_parameter("alpha", "must lie in (0, 1], got 2").into())
}

#[test]
fn passing_claim_passes() {
    let claim = fn_claim("test/gauss", "Gauss", "Sums of 1..n.", gauss);
    let ev = claim.run(Budget::Quick, 1).unwrap();
    assert_eq!(ev.verdict(), Verdict::Pass);
    assert_eq!(ev.checks[0].measured, 32.0);
    assert!(ev.figure.is_some());
    learn_core::assert_claim_passes(claim.as_ref(), Budget::Quick, 1);
}

#[test]
fn failing_claim_reports_shrunk_counterexample() {
    let claim = fn_claim("test/false-bound", "nobody", "All n < 100.", false_bound);
    let ev = claim.run(Budget::Quick, 7).unwrap();
    let Verdict::Fail { reasons } = ev.verdict() else {
        panic!("a false claim passed");
    };
    assert_eq!(reasons.len(), 1);
    // Shrinking reaches the boundary case exactly.
    assert!(
        reasons[0].contains("counterexample (shrunk): 100;"),
        "{}",
        reasons[0]
    );
    assert!(reasons[0].contains("n = 100 is not below 100"));
}

#[test]
fn erroring_claim_returns_error() {
    let claim = fn_claim("test/broken", "nobody", "Cannot run.", broken);
    let err = claim.run(Budget::Quick, 0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid parameter `alpha`: must lie in (0, 1], got 2"
    );
}

#[test]
fn property_runs_are_deterministic_in_the_seed() {
    let a = false_bound(Budget::Quick, 3).unwrap();
    let b = false_bound(Budget::Quick, 3).unwrap();
    assert_eq!(a.verdict(), b.verdict());
    assert_eq!(a.checks[0].detail, b.checks[0].detail);
}

#[test]
fn evidence_serializes() {
    let mut ev = gauss(Budget::Quick, 1).unwrap();
    ev.record("extra", 2.5);
    ev.check(
        "close",
        1.0 + 1e-13,
        Expectation::approx(1.0, Tolerance::EXACT),
    );
    let json = serde_json::to_value(&ev).unwrap();
    assert_eq!(json["checks"][2]["expected"]["kind"], "approx");
    assert_eq!(json["recorded"]["extra"], 2.5);
    assert_eq!(ev.measured().len(), 4);
}
