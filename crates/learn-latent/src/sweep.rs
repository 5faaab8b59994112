//! Parameter sweeps in parallel (rayon): many (parameters, design) runs, results in job order,
//! bit-identical whatever the number of threads (the model is deterministic and each run is
//! independent).
//!
//! ```
//! use learn_latent::{Params, Schedule, sweep};
//! let design = Schedule::new(1).block(3, &[1.0], 1.0).gap(20.0).block(19, &[1.0], 0.0).trials();
//! let jobs: Vec<(Params, &[learn_latent::Trial])> = [0.0, 0.1, 1.0]
//!     .iter()
//!     .map(|&alpha| (Params { alpha, ..Params::default() }, design.as_slice()))
//!     .collect();
//! let responses = sweep::responses(&jobs);
//! assert_eq!(responses.len(), 3);
//! assert_eq!(responses[0].as_ref().unwrap().len(), design.len());
//! ```

use rayon::prelude::*;

use crate::error::Result;
use crate::model::{LatentCause, Trial};

/// The conditioned response on every trial of every job, in job order; each job is run on a
/// fresh learner whose number of features is that of the job's first trial.
pub fn responses(jobs: &[(crate::Params, &[Trial])]) -> Vec<Result<Vec<f64>>> {
    jobs.par_iter()
        .map(|(params, trials)| {
            let mut out = Vec::with_capacity(trials.len());
            if let Some(first) = trials.first() {
                LatentCause::new(*params, first.cues.len())?.run_responses(trials, &mut out)?;
            } else {
                params.validate()?;
            }
            Ok(out)
        })
        .collect()
}

/// The conditioned response on the last trial (the test) of every job, in job order.
pub fn test_responses(jobs: &[(crate::Params, &[Trial])]) -> Vec<Result<f64>> {
    responses(jobs)
        .into_iter()
        .map(|r| {
            r.and_then(|v| {
                v.last().copied().ok_or_else(|| {
                    learn_core::Error::InvalidInput("a sweep job has no trials".into()).into()
                })
            })
        })
        .collect()
}
