//! The latent-cause model on the `learn` design language of `learn-conditioning`.
//!
//! A design such as `3A+ | @20 | 1A- | @3 | 18A- | @200 | 1A-` is parsed by the shared
//! parser ([`parse`], that of `learn-conditioning`) and expanded into time-stamped trials
//! (consecutive trials 1 unit apart, `@N` adds N units — the layout of the authors'
//! `imm_run.m`). Each trial becomes a cue vector over the design's whole cue vocabulary
//! (present cues 1, absent 0 — every feature enters the likelihood) and a US of 1
//! (reinforced) or 0. A trial without cues (`1+`) is the authors' US-alone trial: a cue
//! vector of zeros with the US; `1-` is the same without the US. Serial compounds (`B>A`) are presented as one
//! compound: the model has no time within a trial. A context is an ordinary cue
//! (`3AX+ | @20 | 18AY- | @20 | 1AX-` with X and Y the contexts). A probe (`1#A`) records the
//! prediction and learns nothing.
//!
//! Two ways to run a design:
//! - [`run_design`] (used by `learn latent`) sees each group's whole trial list, so each
//!   trial's EM iterations, posterior and assigned cause are exactly those of the authors'
//!   code;
//! - [`LatentLearner`] implements the conditioning crate's
//!   [`AssociativeLearner`] trait, so the model runs
//!   side by side with Rescorla–Wagner and TD through
//!   [`learn_conditioning::run_design`]. The trait presents one trial at a time without the
//!   next one's time, so the learner runs one EM iteration at the trial and the remaining
//!   min(maxIter, round(Δt)) − 1 when the next trial arrives (the iterations happen in the
//!   interval, as in the model). Predictions and the learner's state are therefore exact;
//!   only the posterior and cause *reported* for a trial followed by a gap of 2 units or more
//!   are those after its first iteration.
//!
//! ```
//! use learn_latent::{Params, design};
//! let d = design::parse("Short: 3A+ | @20 | 1A- | @3 | 18A- | @200 | 1A- ; \
//!                        Long: 3A+ | @20 | 1A- | @100 | 18A- | @200 | 1A-").unwrap();
//! let groups = design::run_design(Params::default(), &d, 0).unwrap();
//! let test = |g: usize| groups[g].trials.last().unwrap().response;
//! assert!(test(0) < 0.2 && test(1) > 0.5);
//! ```

use std::collections::BTreeMap;

use learn_conditioning::design::{self as cdesign, Cue, Design};
use learn_conditioning::learner::Extra;
use learn_conditioning::{AssociativeLearner, ConditioningError, Observation};
use serde::Serialize;

use crate::error::{LatentError, Result};
use crate::model::{LatentCause, Params, Trial};

/// The shared parser of `learn-conditioning` (re-exported): it reads delays written as their
/// own phase (`3A+ | @20 | 1A-`) and trials without cues (`1+`, the unsignalled US of a
/// reinstatement experiment, and `1-`).
pub use learn_conditioning::design::parse;

/// The cue vector of a trial over a vocabulary of `n` cues.
fn cue_vector(cues: &[usize], n: usize) -> Vec<f64> {
    let mut x = vec![0.0; n.max(1)];
    for &c in cues {
        x[c] = 1.0;
    }
    x
}

/// The model's plain input for one expanded trial.
pub fn to_trial(trial: &cdesign::Trial, n_cues: usize) -> Trial {
    let x = cue_vector(&trial.cues, n_cues);
    if trial.probe {
        Trial::probe(trial.time, x)
    } else {
        Trial::new(trial.time, x, if trial.reinforced() { 1.0 } else { 0.0 })
    }
}

/// One trial of a design as the latent-cause model ran it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignTrialRecord {
    /// Index within the group (0-based).
    pub index: usize,
    /// Phase index (0-based).
    pub phase: usize,
    /// Time stamp.
    pub time: f64,
    /// The cues present, by name.
    pub cues: Vec<String>,
    /// Whether the US was delivered.
    pub reinforced: bool,
    /// Whether the trial was a probe.
    pub probe: bool,
    /// Conditioned response 1 − Φ(θ; V̂, λ).
    pub response: f64,
    /// Raw prediction V̂, before the US.
    pub prediction: f64,
    /// Posterior over causes given the cues (before the US).
    pub cue_posterior: Vec<f64>,
    /// Posterior over causes after the US (last EM iteration).
    pub posterior: Vec<f64>,
    /// Assigned cause (0-based); for a probe, the most probable one.
    pub cause: usize,
    /// EM iterations run on the trial.
    pub iterations: usize,
}

/// One group of a design as run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignGroupRecord {
    /// The group's label.
    pub name: String,
    /// One record per trial.
    pub trials: Vec<DesignTrialRecord>,
    /// Number of latent causes in use at the end.
    pub causes: usize,
}

/// The trials of every group of `design` (expanded with `seed`, which orders `!` phases),
/// as the model's plain input, with the cue vocabulary.
pub fn trials(design: &Design, seed: u64) -> (Vec<Cue>, Vec<(String, Vec<Trial>)>) {
    let schedule = design.expand(seed);
    let n = schedule.cues.len();
    let groups = schedule
        .groups
        .iter()
        .map(|g| {
            (
                g.name.clone(),
                g.trials.iter().map(|t| to_trial(t, n)).collect(),
            )
        })
        .collect();
    (schedule.cues, groups)
}

/// Most trials per group [`run_design`] accepts: the prior sums the kernel over every earlier
/// trial, so a group costs O(T²) — 20,000 trials take a fraction of a second, a million would
/// take hours.
pub const MAX_GROUP_TRIALS: usize = 20_000;

/// Runs every group of `design` on a fresh latent-cause learner, with lookahead (exact).
/// Groups longer than [`MAX_GROUP_TRIALS`] are an error.
pub fn run_design(params: Params, design: &Design, seed: u64) -> Result<Vec<DesignGroupRecord>> {
    params.validate()?;
    for group in &design.groups {
        let n = usize::try_from(group.trial_count()).unwrap_or(usize::MAX);
        learn_core::validate::count("trials in a group", n, 0, MAX_GROUP_TRIALS)?;
    }
    let schedule = design.expand(seed);
    let n = schedule.cues.len();
    let mut out = Vec::with_capacity(schedule.groups.len());
    for group in &schedule.groups {
        let plain: Vec<Trial> = group.trials.iter().map(|t| to_trial(t, n)).collect();
        let mut model = LatentCause::new(params, n.max(1))?;
        let records = model.run(&plain)?;
        let trials = group
            .trials
            .iter()
            .zip(records)
            .map(|(t, r)| DesignTrialRecord {
                index: t.index,
                phase: t.phase,
                time: t.time,
                cues: t.cues.iter().map(|&c| schedule.cues[c].0.clone()).collect(),
                reinforced: t.reinforced(),
                probe: t.probe,
                response: r.response,
                prediction: r.prediction,
                cue_posterior: r.cue_posterior,
                posterior: r.posterior,
                cause: r.cause,
                iterations: r.iterations,
            })
            .collect();
        out.push(DesignGroupRecord {
            name: group.name.clone(),
            trials,
            causes: model.causes_in_use(),
        });
    }
    Ok(out)
}

/// The latent-cause model behind the conditioning crate's
/// [`AssociativeLearner`] trait (see the module
/// documentation for how EM iterations are split around trials).
///
/// Each observation carries the prediction V̂ and, as extras, `response` (the probit CR),
/// `cue_posterior`, `posterior` and `cause`. [`strengths`](AssociativeLearner::strengths)
/// are each cue's weight averaged over causes with the last trial's posterior,
/// Σ_k p_k w_kd.
#[derive(Debug, Clone)]
pub struct LatentLearner {
    params: Params,
    model: Option<LatentCause>,
    /// Time of the previous trial when it was a learning trial (its EM is still open).
    open_since: Option<f64>,
    index: usize,
}

impl LatentLearner {
    /// A learner with `params` (validated here).
    pub fn new(params: Params) -> Result<Self> {
        params.validate()?;
        Ok(LatentLearner {
            params,
            model: None,
            open_since: None,
            index: 0,
        })
    }

    /// The underlying model, once [`AssociativeLearner::reset`] has run.
    pub fn model_state(&self) -> Option<&LatentCause> {
        self.model.as_ref()
    }
}

fn to_conditioning(e: LatentError, trial: usize) -> ConditioningError {
    match e {
        LatentError::Core(c) => ConditioningError::Core(c),
        LatentError::Design(d) => ConditioningError::Design(d),
        other => ConditioningError::Trial {
            trial,
            reason: other.to_string(),
        },
    }
}

impl AssociativeLearner for LatentLearner {
    fn model(&self) -> &'static str {
        "latent"
    }

    fn reset(&mut self, cues: &[Cue], _seed: u64) -> learn_conditioning::Result<()> {
        self.model = Some(
            LatentCause::new(self.params, cues.len().max(1)).map_err(|e| to_conditioning(e, 0))?,
        );
        self.open_since = None;
        self.index = 0;
        Ok(())
    }

    fn observe(&mut self, trial: &cdesign::Trial) -> learn_conditioning::Result<Observation> {
        let index = self.index;
        let model = self
            .model
            .as_mut()
            .ok_or_else(|| ConditioningError::Trial {
                trial: index,
                reason: "the latent-cause learner was not reset before its first trial".into(),
            })?;
        let plain = to_trial(trial, model.n_features());
        // Finish the previous trial's EM iterations now that the interval is known.
        if let Some(previous) = self.open_since.take() {
            let total = model.iterations(previous, Some(trial.time));
            if total == 0 {
                return Err(ConditioningError::Trial {
                    trial: index,
                    reason: format!(
                        "trial at time {} is less than half a unit after the previous one",
                        trial.time
                    ),
                });
            }
            model
                .continue_last(total - 1)
                .map_err(|e| to_conditioning(e, index))?;
        }
        // One iteration now (as if the next trial came 1 unit later); the rest later.
        let summary = model
            .step_summary(&plain, Some(trial.time + 1.0))
            .map_err(|e| to_conditioning(e, index))?;
        if !trial.probe {
            self.open_since = Some(trial.time);
        }
        self.index += 1;
        let mut extra = BTreeMap::new();
        extra.insert("response".into(), Extra::Scalar(summary.response));
        extra.insert(
            "cue_posterior".into(),
            Extra::Vector(model.last_cue_posterior().to_vec()),
        );
        extra.insert(
            "posterior".into(),
            Extra::Vector(model.last_posterior().to_vec()),
        );
        extra.insert("cause".into(), Extra::Scalar(summary.cause as f64));
        Ok(Observation {
            prediction: summary.prediction,
            delta: None,
            extra,
        })
    }

    fn strengths(&self) -> Vec<f64> {
        let Some(model) = &self.model else {
            return Vec::new();
        };
        let post = model.last_posterior();
        (0..model.n_features())
            .map(|d| {
                post.iter()
                    .enumerate()
                    .map(|(k, p)| p * model.weights(k)[d])
                    .sum()
            })
            .collect()
    }
}
