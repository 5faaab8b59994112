//! # learn-conditioning
//!
//! Classical conditioning, exact to the papers: the Rescorla–Wagner model ([`rw`]), TD(λ)
//! with a complete-serial-compound stimulus and the vector (feature-specific) reward
//! prediction error ([`td`]), the design language that describes an experiment as one
//! string ([`design`]), and the common trait through which one design runs on any of the
//! models ([`learner`]). [`claims`](mod@claims) re-runs the published results.
//!
//! ```
//! use learn_conditioning::{design, learner::run_design, rw::{RescorlaWagner, RwParams}};
//!
//! // Kamin blocking, the finite calmr design, against a control group.
//! let d = design::parse("Blocking: 10A+ | 10AB+ | 1#B ; Control: 10C+ | 10AB+ | 1#B").unwrap();
//! let mut rw = RescorlaWagner::new(RwParams::default()); // α = β⁺ = β⁻ = 0.4, λ = 1
//! let groups = run_design(&mut rw, &d, 42).unwrap();
//! let blocked = groups[0].final_strengths["B"];
//! let control = groups[1].final_strengths["B"];
//! assert!(blocked < 0.5 * control);
//! // The probe trial records the prediction to B alone.
//! assert_eq!(groups[0].trials.last().unwrap().prediction, blocked);
//! ```

pub mod claims;
pub mod design;
pub mod error;
pub mod learner;
pub mod rw;
pub mod td;

pub use claims::claims;
pub use design::{Design, DesignError, parse};
pub use error::{ConditioningError, Result};
pub use learner::{
    AssociativeLearner, GroupRecord, Observation, TrialRecord, run_design, run_schedule,
};
