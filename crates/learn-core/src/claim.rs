//! The claim framework: a published result, re-run as a check.
//!
//! A [`Claim`] names one result of the literature (`id`, `source`, `statement`) and knows how
//! to re-run it at a [`Budget`] — `Quick` for CI (seconds), `Full` for the published sizes.
//! Running it yields [`Evidence`]: named measured quantities, each checked against an
//! [`Expectation`] (a value with a named [`Tolerance`], or an inequality), the overall
//! [`Verdict`], free-form notes (e.g. where and why we differ from the paper), and the series
//! of a [`Figure`] that `learn reproduce` draws. Claims that hold for a family of parameters are
//! checked with [`check_property`], which drives a `proptest` strategy from the claim's seed
//! and reports the shrunk counterexample when the property fails.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

use proptest::strategy::Strategy;
use proptest::test_runner::{
    Config as ProptestConfig, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner,
};

/// How much work a claim may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Budget {
    /// CI sizes: the whole set of claims runs in about two minutes on two cores.
    Quick,
    /// The published sizes.
    Full,
}

impl Budget {
    /// `quick` under [`Budget::Quick`], `full` under [`Budget::Full`].
    pub fn pick<T>(self, quick: T, full: T) -> T {
        match self {
            Budget::Quick => quick,
            Budget::Full => full,
        }
    }
}

/// Whether a tolerance is absolute, |m − e| ≤ t, or relative, |m − e| ≤ t·|e|.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ToleranceKind {
    /// |measured − expected| ≤ value.
    Absolute,
    /// |measured − expected| ≤ value · |expected|.
    Relative,
}

/// A named tolerance, so that every comparison says which allowance it uses and why.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tolerance {
    /// Name, e.g. `"CLOSED_FORM"` or `"MONTE_CARLO_99"`.
    pub name: &'static str,
    /// Absolute or relative.
    pub kind: ToleranceKind,
    /// The allowance.
    pub value: f64,
}

impl Tolerance {
    /// Round-off only: absolute 1e-12, for comparisons with closed forms.
    pub const EXACT: Tolerance = Tolerance::absolute("EXACT", 1e-12);

    /// An absolute tolerance.
    pub const fn absolute(name: &'static str, value: f64) -> Self {
        Tolerance {
            name,
            kind: ToleranceKind::Absolute,
            value,
        }
    }

    /// A relative tolerance.
    pub const fn relative(name: &'static str, value: f64) -> Self {
        Tolerance {
            name,
            kind: ToleranceKind::Relative,
            value,
        }
    }

    /// Whether `measured` is within this tolerance of `expected` (false for NaN).
    pub fn accepts(&self, measured: f64, expected: f64) -> bool {
        let allowed = match self.kind {
            ToleranceKind::Absolute => self.value,
            ToleranceKind::Relative => self.value * expected.abs(),
        };
        (measured - expected).abs() <= allowed
    }
}

/// What a measured quantity is expected to be.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expectation {
    /// Equal to `value` within `tolerance`.
    Approx {
        /// Expected value.
        value: f64,
        /// Allowed deviation.
        tolerance: Tolerance,
    },
    /// Strictly less than `bound`.
    Below {
        /// The bound.
        bound: f64,
    },
    /// Strictly greater than `bound`.
    Above {
        /// The bound.
        bound: f64,
    },
    /// In `[lower, upper]`.
    Between {
        /// Lower bound (inclusive).
        lower: f64,
        /// Upper bound (inclusive).
        upper: f64,
    },
    /// A property held on every generated case (the measured value is the number of cases).
    Holds,
    /// A result the literature itself predicts, reported but not required — e.g. a method's
    /// documented failure mode. Always passes; present so the report shows the number.
    Reported,
}

impl Expectation {
    /// [`Expectation::Approx`].
    pub fn approx(value: f64, tolerance: Tolerance) -> Self {
        Expectation::Approx { value, tolerance }
    }
    /// [`Expectation::Below`].
    pub fn below(bound: f64) -> Self {
        Expectation::Below { bound }
    }
    /// [`Expectation::Above`].
    pub fn above(bound: f64) -> Self {
        Expectation::Above { bound }
    }
    /// [`Expectation::Between`].
    pub fn between(lower: f64, upper: f64) -> Self {
        Expectation::Between { lower, upper }
    }

    /// Whether `measured` meets the expectation. Non-finite values never do, except for
    /// [`Expectation::Reported`].
    pub fn accepts(&self, measured: f64) -> bool {
        match *self {
            Expectation::Approx { value, tolerance } => tolerance.accepts(measured, value),
            Expectation::Below { bound } => measured < bound,
            Expectation::Above { bound } => measured > bound,
            Expectation::Between { lower, upper } => lower <= measured && measured <= upper,
            Expectation::Holds => measured.is_finite(),
            Expectation::Reported => true,
        }
    }
}

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expectation::Approx { value, tolerance } => {
                let kind = match tolerance.kind {
                    ToleranceKind::Absolute => "",
                    ToleranceKind::Relative => "×",
                };
                write!(
                    f,
                    "{} ± {}{} ({})",
                    fmt_num(*value),
                    kind,
                    fmt_num(tolerance.value),
                    tolerance.name
                )
            }
            Expectation::Below { bound } => write!(f, "< {}", fmt_num(*bound)),
            Expectation::Above { bound } => write!(f, "> {}", fmt_num(*bound)),
            Expectation::Between { lower, upper } => {
                write!(f, "in [{}, {}]", fmt_num(*lower), fmt_num(*upper))
            }
            Expectation::Holds => write!(f, "holds on every case"),
            Expectation::Reported => write!(f, "reported"),
        }
    }
}

/// Formats a number compactly for tables: 4 significant digits, scientific when tiny/huge.
pub fn fmt_num(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if !x.is_finite() {
        format!("{x}")
    } else if x.abs() >= 1e5 || x.abs() < 1e-3 {
        format!("{x:.3e}")
    } else if x.fract() == 0.0 && x.abs() < 1e5 {
        format!("{x:.0}")
    } else {
        let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
        let s = format!("{x:.digits$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// One measured quantity checked against its expectation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Name of the quantity, e.g. `"V_B after AB+"`.
    pub name: String,
    /// The measured value.
    pub measured: f64,
    /// What it should be.
    pub expected: Expectation,
    /// Whether `expected.accepts(measured)`.
    pub passed: bool,
    /// Extra detail: a shrunk counterexample, a confidence interval, …
    pub detail: Option<String>,
}

/// The outcome of [`check_property`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyOutcome {
    /// Cases generated and passed (all of them when the property holds).
    pub cases: u32,
    /// The shrunk failing input, `Debug`-formatted, when the property failed.
    pub counterexample: Option<String>,
    /// Why the failing case failed (the assertion message).
    pub reason: Option<String>,
}

impl PropertyOutcome {
    /// Whether the property held on every case.
    pub fn holds(&self) -> bool {
        self.counterexample.is_none() && self.reason.is_none()
    }
}

/// Runs `test` on `cases` inputs drawn from `strategy`, deterministically from `seed`.
///
/// On failure proptest shrinks the input; the minimal counterexample and the failure message
/// come back in the [`PropertyOutcome`]. Nothing is persisted to disk.
pub fn check_property<S, F>(cases: u32, seed: u64, strategy: S, test: F) -> PropertyOutcome
where
    S: Strategy,
    S::Value: fmt::Debug,
    F: Fn(S::Value) -> Result<(), TestCaseError>,
{
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::ChaCha,
        max_shrink_iters: 4096,
        ..ProptestConfig::default()
    };
    let mut bytes = [0u8; 32];
    for (k, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&crate::rng::splitmix64(seed.wrapping_add(k as u64)).to_le_bytes());
    }
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    match runner.run(&strategy, test) {
        Ok(()) => PropertyOutcome {
            cases,
            counterexample: None,
            reason: None,
        },
        Err(TestError::Fail(reason, value)) => PropertyOutcome {
            cases: 0,
            counterexample: Some(format!("{value:?}")),
            reason: Some(reason.to_string()),
        },
        Err(TestError::Abort(reason)) => PropertyOutcome {
            cases: 0,
            counterexample: None,
            reason: Some(format!("aborted: {reason}")),
        },
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesStyle {
    /// A solid line through the points.
    Line,
    /// A dashed line (for theory curves drawn through data).
    Dashed,
    /// Markers only.
    Points,
    /// A line with markers.
    LinePoints,
}

/// One named series of (x, y) points, optionally with symmetric y error bars.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Legend label.
    pub name: String,
    /// How to draw it.
    pub style: SeriesStyle,
    /// The points.
    pub points: Vec<(f64, f64)>,
    /// Half-widths of y error bars, one per point.
    pub y_error: Option<Vec<f64>>,
}

impl Series {
    /// A series from x and y slices (the shorter length wins).
    pub fn new(name: impl Into<String>, style: SeriesStyle, xs: &[f64], ys: &[f64]) -> Self {
        Series {
            name: name.into(),
            style,
            points: xs.iter().copied().zip(ys.iter().copied()).collect(),
            y_error: None,
        }
    }
    /// A series of y values at x = 1, 2, … (trial numbers).
    pub fn indexed(name: impl Into<String>, style: SeriesStyle, ys: &[f64]) -> Self {
        let xs: Vec<f64> = (1..=ys.len()).map(|i| i as f64).collect();
        Series::new(name, style, &xs, ys)
    }
    /// Adds y error bars.
    pub fn with_y_error(mut self, errors: Vec<f64>) -> Self {
        self.y_error = Some(errors);
        self
    }
}

/// One set of axes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Panel {
    /// Panel title.
    pub title: String,
    /// x-axis label.
    pub x_label: String,
    /// y-axis label.
    pub y_label: String,
    /// Logarithmic x axis.
    pub x_log: bool,
    /// Logarithmic y axis.
    pub y_log: bool,
    /// The series drawn.
    pub series: Vec<Series>,
}

impl Panel {
    /// An empty panel with linear axes.
    pub fn new(
        title: impl Into<String>,
        x_label: impl Into<String>,
        y_label: impl Into<String>,
    ) -> Self {
        Panel {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            x_log: false,
            y_log: false,
            series: Vec::new(),
        }
    }
    /// Log–log axes.
    pub fn log_log(mut self) -> Self {
        self.x_log = true;
        self.y_log = true;
        self
    }
    /// Adds a series.
    pub fn with(mut self, series: Series) -> Self {
        self.series.push(series);
        self
    }
}

/// The data of a claim's figure: one or more panels, drawn side by side by `learn reproduce`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Figure title.
    pub title: String,
    /// Panels, left to right.
    pub panels: Vec<Panel>,
}

impl Figure {
    /// An empty figure.
    pub fn new(title: impl Into<String>) -> Self {
        Figure {
            title: title.into(),
            panels: Vec::new(),
        }
    }
    /// Adds a panel.
    pub fn with(mut self, panel: Panel) -> Self {
        self.panels.push(panel);
        self
    }
}

/// Pass or fail, with the reasons for failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "lowercase")]
pub enum Verdict {
    /// Every check passed.
    Pass,
    /// Some check failed (or there were none).
    Fail {
        /// One line per failed check.
        reasons: Vec<String>,
    },
}

impl Verdict {
    /// Whether this is [`Verdict::Pass`].
    pub fn is_pass(&self) -> bool {
        matches!(self, Verdict::Pass)
    }
}

/// What a claim's run measured, what it expected, and what to draw.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// The checked quantities, in the order they were checked.
    pub checks: Vec<Check>,
    /// Further measured quantities shown but not checked (fitted prefactors, sizes, …).
    pub recorded: BTreeMap<String, f64>,
    /// Notes: sizes used, and where and why the run differs from the paper.
    pub notes: Vec<String>,
    /// The figure's data.
    pub figure: Option<Figure>,
}

impl Evidence {
    /// Empty evidence.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks `measured` against `expected`; returns whether it passed.
    pub fn check(&mut self, name: impl Into<String>, measured: f64, expected: Expectation) -> bool {
        self.check_with_detail(name, measured, expected, None)
    }

    /// As [`Evidence::check`], with a detail line (an interval, a count, …).
    pub fn check_with_detail(
        &mut self,
        name: impl Into<String>,
        measured: f64,
        expected: Expectation,
        detail: Option<String>,
    ) -> bool {
        let passed = expected.accepts(measured);
        self.checks.push(Check {
            name: name.into(),
            measured,
            expected,
            passed,
            detail,
        });
        passed
    }

    /// Records the outcome of [`check_property`] as a check named `name`.
    pub fn property(&mut self, name: impl Into<String>, outcome: PropertyOutcome) -> bool {
        let detail = match (&outcome.counterexample, &outcome.reason) {
            (Some(c), Some(r)) => Some(format!("counterexample (shrunk): {c}; {r}")),
            (None, Some(r)) => Some(r.clone()),
            _ => Some(format!("{} cases", outcome.cases)),
        };
        let measured = if outcome.holds() {
            f64::from(outcome.cases)
        } else {
            f64::NAN
        };
        self.check_with_detail(name, measured, Expectation::Holds, detail)
    }

    /// Records a quantity that is shown but not checked.
    pub fn record(&mut self, name: impl Into<String>, value: f64) {
        self.recorded.insert(name.into(), value);
    }

    /// Adds a note.
    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// Sets the figure.
    pub fn set_figure(&mut self, figure: Figure) {
        self.figure = Some(figure);
    }

    /// Pass when there is at least one check and every check passed.
    pub fn verdict(&self) -> Verdict {
        if self.checks.is_empty() {
            return Verdict::Fail {
                reasons: vec!["the claim made no checks".into()],
            };
        }
        let reasons: Vec<String> = self
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| {
                let mut line = format!(
                    "{}: measured {}, expected {}",
                    c.name,
                    fmt_num(c.measured),
                    c.expected
                );
                if let Some(d) = &c.detail {
                    line.push_str(&format!(" [{d}]"));
                }
                line
            })
            .collect();
        if reasons.is_empty() {
            Verdict::Pass
        } else {
            Verdict::Fail { reasons }
        }
    }

    /// All measured values by name: the checks' and the recorded ones.
    pub fn measured(&self) -> BTreeMap<String, f64> {
        let mut all = self.recorded.clone();
        for c in &self.checks {
            all.insert(c.name.clone(), c.measured);
        }
        all
    }
}

/// The error a claim's run may return: any model crate's error.
pub type ClaimError = Box<dyn std::error::Error + Send + Sync>;

/// One published result, re-run.
///
/// Implementors are plain structs (or [`FnClaim`]); each model crate exposes
/// `pub fn claims() -> Vec<Box<dyn Claim>>`, and `learn reproduce` gathers them all.
pub trait Claim: Send + Sync {
    /// Stable identifier, `"<crate>/<name>"`, e.g. `"conditioning/blocking"`.
    fn id(&self) -> &str;
    /// The paper, equation and figure the result comes from.
    fn source(&self) -> &str;
    /// The result in one sentence.
    fn statement(&self) -> &str;
    /// Re-runs the result at `budget`, drawing all randomness from `seed`.
    fn run(&self, budget: Budget, seed: u64) -> Result<Evidence, ClaimError>;
}

/// A claim made of three strings and a function — the common case.
pub struct FnClaim {
    /// See [`Claim::id`].
    pub id: &'static str,
    /// See [`Claim::source`].
    pub source: &'static str,
    /// See [`Claim::statement`].
    pub statement: &'static str,
    /// See [`Claim::run`].
    pub run: fn(Budget, u64) -> Result<Evidence, ClaimError>,
}

impl Claim for FnClaim {
    fn id(&self) -> &str {
        self.id
    }
    fn source(&self) -> &str {
        self.source
    }
    fn statement(&self) -> &str {
        self.statement
    }
    fn run(&self, budget: Budget, seed: u64) -> Result<Evidence, ClaimError> {
        (self.run)(budget, seed)
    }
}

/// Boxes an [`FnClaim`].
pub fn fn_claim(
    id: &'static str,
    source: &'static str,
    statement: &'static str,
    run: fn(Budget, u64) -> Result<Evidence, ClaimError>,
) -> Box<dyn Claim> {
    Box::new(FnClaim {
        id,
        source,
        statement,
        run,
    })
}

/// Runs `claim` and panics with its failure reasons unless it passes — for each model
/// crate's test that keeps its claims green at [`Budget::Quick`].
pub fn assert_claim_passes(claim: &dyn Claim, budget: Budget, seed: u64) -> Evidence {
    let evidence = match claim.run(budget, seed) {
        Ok(e) => e,
        Err(e) => panic!("claim {} returned an error: {e}", claim.id()),
    };
    if let Verdict::Fail { reasons } = evidence.verdict() {
        panic!("claim {} failed:\n  {}", claim.id(), reasons.join("\n  "));
    }
    evidence
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerances() {
        let t = Tolerance::relative("REL", 0.1);
        assert!(t.accepts(1.05, 1.0));
        assert!(!t.accepts(1.2, 1.0));
        assert!(!Tolerance::EXACT.accepts(f64::NAN, 0.0));
        assert!(Expectation::below(1.0).accepts(0.5));
        assert!(!Expectation::below(1.0).accepts(f64::NAN));
        assert!(Expectation::between(0.0, 1.0).accepts(1.0));
        assert_eq!(
            Expectation::approx(1.0, Tolerance::absolute("ABS", 0.01)).to_string(),
            "1 ± 0.01 (ABS)"
        );
    }

    #[test]
    fn formatting() {
        assert_eq!(fmt_num(0.5), "0.5");
        assert_eq!(fmt_num(12.0), "12");
        assert_eq!(fmt_num(1e-13), "1.000e-13");
        assert_eq!(fmt_num(0.123456), "0.1235");
    }

    #[test]
    fn empty_evidence_fails() {
        assert!(!Evidence::new().verdict().is_pass());
    }
}
