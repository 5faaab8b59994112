//! The common trait of trial-based associative learners, and the runner that plays a
//! [`Design`] on one.
//!
//! A learner sees one concrete [`Trial`] at a time (its time stamp, its cues in temporal
//! stages, whether and when the US comes, whether it is a probe) and returns an
//! [`Observation`]: the prediction it made before the outcome, optionally the per-step
//! prediction errors, and any extra per-trial quantities (named scalars, vectors or
//! matrices). [`run_design`] resets the learner for each group, plays the group's trials
//! and collects one [`TrialRecord`] per trial with the cue strengths after the trial.
//!
//! Rescorla–Wagner ([`crate::rw`]), TD(λ) and vector-RPE TD ([`crate::td`]) implement the
//! trait; the latent-cause model of `learn-latent` implements it too, so one design runs on
//! several models side by side.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::design::{Cue, Design, Schedule, Trial};
use crate::error::Result;

/// An extra per-trial quantity a learner reports (e.g. a posterior over latent causes).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Extra {
    /// One number.
    Scalar(f64),
    /// A vector.
    Vector(Vec<f64>),
    /// A matrix, row by row (e.g. per step × per channel).
    Matrix(Vec<Vec<f64>>),
}

/// What a learner returns for one trial.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Observation {
    /// The model's prediction of the US on this trial, made before the outcome (for RW the
    /// summed strength of the present cues; for TD the value at the onset of the first
    /// stimulus).
    pub prediction: f64,
    /// Per-time-step prediction errors δ_t within the trial, for models with time steps.
    pub delta: Option<Vec<f64>>,
    /// Further named quantities.
    pub extra: BTreeMap<String, Extra>,
}

impl Observation {
    /// An observation with only a prediction.
    pub fn prediction(prediction: f64) -> Self {
        Observation {
            prediction,
            ..Observation::default()
        }
    }
}

/// A trial-based associative learner.
///
/// The runner calls [`reset`](AssociativeLearner::reset) once per group with the design's
/// cue vocabulary (cue `i` of every [`Trial`] is `cues[i]`) and a seed for stochastic
/// learners, then [`observe`](AssociativeLearner::observe) on each trial in order.
/// A probe trial ([`Trial::probe`]) must leave the learner's state unchanged.
pub trait AssociativeLearner {
    /// A short name of the model, e.g. `"rw"`.
    fn model(&self) -> &'static str;

    /// Forgets everything learned and prepares for the cues `cues`. Per-cue parameters
    /// given by name are resolved here; an unknown cue name is an error.
    fn reset(&mut self, cues: &[Cue], seed: u64) -> Result<()>;

    /// Presents one trial: returns the prediction made before the outcome and learns from
    /// the outcome (unless the trial is a probe).
    fn observe(&mut self, trial: &Trial) -> Result<Observation>;

    /// The current associative strength of each cue, in the order given to `reset`.
    fn strengths(&self) -> Vec<f64>;
}

/// One trial as run: where it is in the design, what happened, and the learner's response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrialRecord {
    /// Index within the group (0-based).
    pub index: usize,
    /// Phase index (0-based).
    pub phase: usize,
    /// Time stamp.
    pub time: f64,
    /// The cues present (names, in vocabulary order).
    pub cues: Vec<String>,
    /// Whether the US was delivered.
    pub reinforced: bool,
    /// Whether the trial was a probe.
    pub probe: bool,
    /// The learner's prediction before the outcome.
    pub prediction: f64,
    /// Every cue's strength after the trial, by name.
    pub strengths: BTreeMap<String, f64>,
    /// Per-step prediction errors, for models with time steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<Vec<f64>>,
    /// Further per-trial quantities the learner reported.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, Extra>,
}

/// One group as run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRecord {
    /// The group's label.
    pub name: String,
    /// One record per trial.
    pub trials: Vec<TrialRecord>,
    /// Every cue's strength at the end of the group.
    #[serde(rename = "final")]
    pub final_strengths: BTreeMap<String, f64>,
}

impl GroupRecord {
    /// The strengths at the end of phase `phase` (after its last trial), if the phase has
    /// trials.
    pub fn strengths_at_end_of_phase(&self, phase: usize) -> Option<&BTreeMap<String, f64>> {
        self.trials
            .iter()
            .rev()
            .find(|t| t.phase == phase)
            .map(|t| &t.strengths)
    }
}

fn named(cues: &[Cue], values: &[f64]) -> BTreeMap<String, f64> {
    cues.iter()
        .zip(values)
        .map(|(c, &v)| (c.0.clone(), v))
        .collect()
}

/// Rejects per-cue saliences (`--alpha X=…`) for cues the design never names, so a typo is
/// an error rather than a silently ignored parameter. Shared by every learner's `reset`.
pub(crate) fn check_cue_alphas(cue_alpha: &BTreeMap<String, f64>, cues: &[Cue]) -> Result<()> {
    match cue_alpha
        .keys()
        .find(|name| !cues.iter().any(|c| &c.0 == *name))
    {
        None => Ok(()),
        Some(name) => Err(crate::error::ConditioningError::UnknownCue {
            cue: name.clone(),
            parameter: "alpha".into(),
            known: cues
                .iter()
                .map(|c| c.0.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Runs every group of `design` on `learner`, reset for each group.
///
/// Interleaved phases are ordered by `design.expand(seed)`; group `g`'s learner is reset
/// with seed `learn_core::rng::derive_seed(seed, "learner") + g` so stochastic learners get
/// independent, reproducible streams.
///
/// ```
/// use learn_conditioning::{design, learner::run_design, rw::{RescorlaWagner, RwParams}};
/// let d = design::parse("Blocking: 10A+ | 10AB+ ; Control: 10AB+").unwrap();
/// let mut rw = RescorlaWagner::new(RwParams::default());
/// let groups = run_design(&mut rw, &d, 0).unwrap();
/// assert!(groups[0].final_strengths["B"] < groups[1].final_strengths["B"]);
/// ```
pub fn run_design<L: AssociativeLearner + ?Sized>(
    learner: &mut L,
    design: &Design,
    seed: u64,
) -> Result<Vec<GroupRecord>> {
    run_schedule(learner, &design.expand(seed), seed)
}

/// Runs an already expanded [`Schedule`] (e.g. one built or edited by hand) on `learner`,
/// reset for each group with seed `learn_core::rng::derive_seed(seed, "learner") + g`.
/// [`run_design`] is `run_schedule(learner, &design.expand(seed), seed)`.
pub fn run_schedule<L: AssociativeLearner + ?Sized>(
    learner: &mut L,
    schedule: &Schedule,
    seed: u64,
) -> Result<Vec<GroupRecord>> {
    let learner_seed = learn_core::rng::derive_seed(seed, "learner");
    let mut out = Vec::with_capacity(schedule.groups.len());
    for (g, group) in schedule.groups.iter().enumerate() {
        learner.reset(&schedule.cues, learner_seed.wrapping_add(g as u64))?;
        let mut trials = Vec::with_capacity(group.trials.len());
        for trial in &group.trials {
            let obs = learner.observe(trial)?;
            trials.push(TrialRecord {
                index: trial.index,
                phase: trial.phase,
                time: trial.time,
                cues: trial
                    .cues
                    .iter()
                    .map(|&i| schedule.cues[i].0.clone())
                    .collect(),
                reinforced: trial.reinforced(),
                probe: trial.probe,
                prediction: obs.prediction,
                strengths: named(&schedule.cues, &learner.strengths()),
                delta: obs.delta,
                extra: obs.extra,
            });
        }
        out.push(GroupRecord {
            name: group.name.clone(),
            trials,
            final_strengths: named(&schedule.cues, &learner.strengths()),
        });
    }
    Ok(out)
}
