//! # learn-latent
//!
//! The latent-cause model of Pavlovian conditioning, extinction and memory modification of
//! Gershman, Monfils, Norman & Niv (2017), "The computational nature of memory modification",
//! *eLife* 6:e23763 — exact to its authors' code (`sjgershm/memory-modification`,
//! `imm_localmap.m`), with the defaults of the paper's simulations.
//!
//! An animal infers which hidden cause generated each trial. Extinction creates a new cause
//! instead of erasing the old association, so the old one can come back (spontaneous
//! recovery, renewal); a retrieval trial shortly before extinction makes the extinction
//! trials join — and modify — the acquisition cause instead (Monfils et al. 2009).
//!
//! - [`model`]: the model ([`LatentCause`], [`Params`], [`Trial`], [`LatentRecord`]);
//! - [`schedule`]: trial sequences by blocks and gaps ([`Schedule`]);
//! - [`sweep`]: parameter sweeps over many runs in parallel;
//! - [`claims`](mod@claims): the paper's results, re-run and checked.
//!
//! ```
//! use learn_latent::{Params, Schedule, run};
//!
//! // 3A+ | @20 | 1A- | @G | 18A- | @200 | 1A- : retrieval, then extinction after a gap G.
//! let design = |gap: f64| {
//!     let a = [1.0];
//!     Schedule::new(1)
//!         .block(3, &a, 1.0).gap(20.0)
//!         .block(1, &a, 0.0).gap(gap)
//!         .block(18, &a, 0.0).gap(200.0)
//!         .block(1, &a, 0.0)
//!         .trials()
//! };
//! let short = run(Params::default(), &design(3.0)).unwrap();
//! let long = run(Params::default(), &design(100.0)).unwrap();
//! // Short gap: extinction modified the acquisition memory, no recovery at test.
//! assert!(short.last().unwrap().response < 0.2);
//! // Long gap: extinction formed a new memory, the old one returns at test.
//! assert!(long.last().unwrap().response > 0.5);
//! // The posterior over causes at test (cause 0 = acquisition).
//! println!("{:?}", long.last().unwrap().posterior);
//! ```

pub mod claims;
pub mod design;
pub mod error;
pub mod model;
pub mod schedule;
pub mod sweep;

pub use claims::claims;
pub use design::LatentLearner;
pub use error::{LatentError, Result};
pub use model::{LatentCause, LatentRecord, Params, StepSummary, Trial, run};
pub use schedule::Schedule;
