//! # learn-hopfield
//!
//! Hopfield associative memory, exact to its papers and fast:
//!
//! - [`patterns`]: random unbiased, random sparse (coding level a) and user-given ±1
//!   patterns; cues with a fraction of bits flipped or masked; overlaps m_μ = (1/N) Σ_i ξ_i^μ s_i;
//! - [`rules`]: Hebbian (Hopfield 1982), Storkey (1997), pseudo-inverse (Personnaz et al. 1986)
//!   and a perceptron-type rule (Diederich & Opper 1987) approaching Gardner's α = 2;
//! - [`network`]: asynchronous, synchronous (2-cycles detected) and Glauber dynamics at
//!   temperature T, the energy; the Hebbian rule runs on the overlap fast path (O(Np) per
//!   sweep and O(Np) memory, J never stored);
//! - [`capacity`]: retrieval versus load (Amit, Gutfreund & Sompolinsky 1985);
//! - [`novelty`]: novelty-facilitated plasticity and morph sequences (Blumenfeld, Preminger,
//!   Sagi & Tsodyks 2006);
//! - [`mod@claims`]: the published results re-run as checks ([`claims()`] gathers them).
//!
//! ```
//! use learn_hopfield::{Dynamics, Network, Patterns, RunOptions, flip_cue, overlap};
//!
//! let mut rng = learn_core::rng::stream(42, 0);
//! // N = 1,000 neurons, p = 50 patterns (α = 0.05), Hebbian rule.
//! let patterns = Patterns::random(1000, 50, &mut rng)?;
//! let net = Network::hebbian(patterns.clone());
//! // A cue: pattern 0 with 20% of its bits flipped.
//! let target = patterns.pattern(0);
//! let mut state = flip_cue(&target, 0.2, &mut rng)?;
//! let outcome = net.run(&mut state, Dynamics::Asynchronous, &RunOptions::default(), &mut rng)?;
//! assert_eq!(outcome.ending, learn_hopfield::Ending::FixedPoint);
//! assert!(overlap(&state, &target)? > 0.99);
//! # Ok::<(), learn_hopfield::HopfieldError>(())
//! ```

pub mod capacity;
pub mod claims;
pub mod error;
pub mod network;
pub mod novelty;
pub mod patterns;
pub mod rules;

pub use claims::claims;
pub use error::{HopfieldError, Result};
pub use network::{Couplings, Dynamics, Ending, Network, Outcome, RunOptions, Runner};
pub use patterns::{Patterns, flip_cue, mask_cue, overlap, random_state};
pub use rules::{DenseWeights, PerceptronParams, Rule};
