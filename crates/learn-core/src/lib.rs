//! # learn-core
//!
//! Shared traits and types for `learn`, the reference implementation of the classic
//! mathematical models of learning. No model lives here; every model crate builds on:
//!
//! - [`rng`]: seeded, per-run random streams — results identical whatever the thread count;
//! - [`validate`] and [`Error`]: parameters checked once, bad input a clear error;
//! - [`stats`]: means, standard errors, t intervals, power-law fits on log–log axes;
//! - [`claim`]: a published result re-run as a check — [`Claim`], [`Budget`], [`Evidence`],
//!   [`Verdict`] — with a `proptest` driver that reports shrunk counterexamples.
//!
//! ```
//! use learn_core::{Budget, Claim, ClaimError, Evidence, Expectation, Tolerance};
//!
//! /// A toy claim: the mean of 1..=n is (n + 1)/2.
//! struct MeanOfRange;
//! impl Claim for MeanOfRange {
//!     fn id(&self) -> &str { "demo/mean" }
//!     fn source(&self) -> &str { "Gauss (folklore)" }
//!     fn statement(&self) -> &str { "The mean of 1..=n is (n+1)/2." }
//!     fn run(&self, budget: Budget, _seed: u64) -> Result<Evidence, ClaimError> {
//!         let n = budget.pick(10, 1000);
//!         let xs: Vec<f64> = (1..=n).map(|k| k as f64).collect();
//!         let mean = learn_core::stats::mean(&xs)?;
//!         let mut ev = Evidence::new();
//!         ev.check("mean", mean, Expectation::approx((n as f64 + 1.0) / 2.0, Tolerance::EXACT));
//!         Ok(ev)
//!     }
//! }
//! let evidence = MeanOfRange.run(Budget::Quick, 0).unwrap();
//! assert!(evidence.verdict().is_pass());
//! ```

pub mod claim;
pub mod error;
pub mod rng;
pub mod stats;
pub mod validate;

pub use claim::{
    Budget, Check, Claim, ClaimError, Evidence, Expectation, Figure, FnClaim, Panel,
    PropertyOutcome, Series, SeriesStyle, Tolerance, Verdict, assert_claim_passes, check_property,
    fn_claim,
};
pub use error::{Error, Result};
