//! # learn-continual
//!
//! Catastrophic forgetting and its remedies, on real handwritten digits.
//!
//! - [`data`]: the embedded 8×8 digits (UCI, CC BY 4.0), MNIST IDX files, stratified splits;
//! - [`protocol`]: split digits in the task-, domain- and class-incremental scenarios of
//!   van de Ven & Tolias (2019), overlapping pairs, permuted pixels;
//! - [`mlp`] and [`optim`]: a ReLU MLP with masked softmax cross-entropy, SGD and Adam;
//! - [`method`]: fine-tuning, synaptic intelligence (Zenke, Poole & Ganguli 2017), EWC,
//!   online EWC, MAS;
//! - [`metrics`]: the accuracy matrix R, ACC, BWT, FWT (Lopez-Paz & Ranzato 2017);
//! - [`train`]: sequential training and multi-seed experiments;
//! - [`mod@claims`]: the published results, re-run.
//!
//! ```
//! use learn_continual::{data, method::Method, protocol::{Scenario, TaskSequence},
//!                       train::{run_experiment, TrainConfig}};
//!
//! let digits = data::digits()?;
//! let (train, test) = digits.stratified_split(0.2, 1)?;
//! let seq = TaskSequence::new(Scenario::Task, &train, &test, 0, 1)?;
//! let cfg = TrainConfig::claims_default(2);
//! let si = run_experiment(&seq, Method::si(1.0, 1e-3)?, &cfg, 1, 7, &|_| {})?;
//! assert_eq!(si.mean_matrix.len(), 5);
//! assert!(si.mean.acc > 0.5);
//! # Ok::<(), learn_continual::Error>(())
//! ```

pub mod claims;
pub mod data;
pub mod error;
pub mod method;
pub mod metrics;
pub mod mlp;
pub mod optim;
pub mod protocol;
pub mod train;

pub use claims::claims;
pub use error::{Error, Result};
