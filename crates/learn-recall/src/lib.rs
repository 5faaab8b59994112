//! # learn-recall
//!
//! Free recall, two ways.
//!
//! - [`graph`]: the similarity-graph walk of Naim, Katkov, Romani & Tsodyks (*Phys. Rev. Lett.*
//!   **124**, 018101, 2020), whose mean number of recalled items obeys ⟨R⟩ ≈ √(3πM/2), on a
//!   matrix that is hashed on demand and never stored (O(M) time per visited row, O(R) memory).
//! - [`latching`]: list recall in the latching attractor network of Boboeva, Pezzotta & Clopath
//!   (*PNAS* **118**, e2026092118, 2021): adaptation and quadratic global inhibition make the
//!   network hop between stored patterns, the list items (potentiated connections) first;
//!   deterministic recall enters a cycle after part of the list and grows sublinearly with the
//!   list length; weak noise raises the count and the exponent.
//! - [`network`]: the Hopfield network of Romani, Pinkoviezky, Rubin & Tsodyks (2013) — sparse
//!   patterns, oscillating global inhibition, threshold adaptation: it cycles and noise raises
//!   the count, but its count grows linearly beyond L ≈ 32 (see `docs/recall.md`).
//!
//! Claims ([`claims()`]): `recall/law`, `recall/sd-sqrt-m`, `recall/asymmetric`,
//! `recall/sparse-overlaps`, `recall/cycle`, `recall/network-cycles`, `recall/network-noise`,
//! `recall/latching-sublinear`, `recall/latching-noise`; see `docs/recall.md`.
//!
//! ```
//! use learn_recall::graph::{law, recall_summary, GraphParams, Similarity};
//!
//! let params = GraphParams::new(1024, Similarity::Symmetric)?;
//! let summary = recall_summary(&params, 200, 7)?;
//! assert_eq!(summary.recalled.len(), 200);
//! assert!((summary.ratio - 1.0).abs() < 0.2);
//! assert_eq!(summary.law, law(1024));
//! # Ok::<(), learn_recall::RecallError>(())
//! ```

pub mod claims;
pub mod error;
pub mod graph;
pub mod latching;
pub mod network;

pub use claims::claims;
pub use error::{RecallError, Result};
