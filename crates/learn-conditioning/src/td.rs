//! TD(λ) conditioning with a complete serial compound, and the vector (feature-specific)
//! reward prediction error.
//!
//! # The model (Sutton & Barto 1990; Schultz, Dayan & Montague 1997)
//!
//! A trial is `steps` time steps t = 0 … T−1. Each stimulus is represented by a *complete
//! serial compound* (a tapped delay line): cue c with onset o activates one feature
//! x_{c,d}(t) = 1 for d = t − o, for every t ≥ o until the end of the trial (the line keeps
//! running after the stimulus ends, which is what lets a trace interval be bridged). The
//! prediction is linear, V_t = Σ_i w_i x_i(t), and the prediction error ("dopamine") is
//!
//! $$ \delta_t = r_t + \gamma V_t - V_{t-1} $$
//!
//! with V_{−1} = 0 (before the trial no stimulus is present) and V_T = 0 (the first step
//! after the trial, when every delay line has ended): δ has T + 1 entries, the last being the
//! error at the step that leaves the trial. The eligibility trace and the weights follow
//!
//! $$ e_t = \lambda e_{t-1} + x_{t-1}, \qquad w \leftarrow w + \alpha\, \delta_t\, e_t , $$
//!
//! i.e. the trace at step t holds the features whose prediction V_{t−1} δ_t corrects
//! (the u_t = x_{t−1}); e_{−1} = 0 at the start of every trial. Sutton & Barto
//! (2018, §12.2) write the accumulating trace as z_t = γλ z_{t−1} + x_t with w updated by
//! δ_{t+1} z_t; that is this model with our `lambda` set to their γλ, shifted by one index.
//! The learning rate α may differ per cue (Sutton & Barto 1990's CS salience α_i).
//!
//! **Trials are separate episodes**: the inter-trial interval is taken to be long (traces
//! vanish, no stimulus so V = 0), as in Schultz et al. (1997)'s simulations. Then each
//! feature is active at one step per trial, its weight is read before any update of the
//! same trial touches it, and online TD(λ) equals the per-trial backward accumulation
//! w_{c,d} += α_c A_{o+d}, A_k = δ_{k+1} + λ A_{k+1}, A_T = 0, which is what we compute
//! (O(cues × steps) per trial; `tests/td_props.rs` checks it against the step-by-step
//! online algorithm). A cue may therefore appear in only one stage of a trial.
//!
//! # Timing
//! Stage k of a trial (`B>A`: B is stage 0, A stage 1) starts at `cs_onset + k·cs_duration`
//! and lasts `cs_duration` steps. The US (r = 1) arrives `us_delay` steps after the onset of
//! the stage it belongs to: the last stage for `X+`, a further stage m (after the last, m =
//! number of stages) for `X>+`. With the defaults (T = 30, onset 5, duration 10, delay 9),
//! `A+` has CS onset at 5 and the US at 14. A trial without cues (`1+`) activates no feature:
//! V = 0 at every step, the US comes at `cs_onset + us_delay` (as in `A+`) with δ = 1 there,
//! and no weight changes; `1-` gives δ = 0 throughout.
//!
//! After training, V_t = γ^{t_US − 1 − t} between CS onset and the US, so δ at the US is 0
//! and δ at CS onset is γ^{t_US − t_CS}; omitting the US gives δ_{t_US} = −1.
//!
//! # Vector RPE (Lee, Engelhard, Witten & Daw 2022/2024)
//! With N features, channel i carries δ_i(t) = r_t / N + w_i (γ x_i(t) − x_i(t−1)); the
//! channels sum to δ_t. Learning uses the summed (scalar) error, so the vector model learns
//! exactly as TD; it differs in what it exposes. We report one channel per cue (the sum over
//! the cue's delay-line features, r_t/C + γ V_c(t) − V_c(t−1) with C cues), which preserves the
//! sum. Lee et al. use TD(0)-style feature updates; with traces we keep the same sum rule.

use learn_core::validate;

use crate::design::{Cue, Trial, UsTiming};
use crate::error::{ConditioningError, Result};
use crate::learner::{AssociativeLearner, Extra, Observation};

/// At most this many time steps per trial.
pub const MAX_STEPS: usize = 100_000;
/// At most this many cues × steps weights.
pub const MAX_WEIGHTS: usize = 50_000_000;

/// Trial timing in time steps (see the [module documentation](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    steps: usize,
    cs_onset: usize,
    cs_duration: usize,
    us_delay: usize,
}

impl Default for Timing {
    /// T = 30 steps, CS onset 5, duration 10, US 9 steps after the onset of its stage.
    fn default() -> Self {
        Timing {
            steps: 30,
            cs_onset: 5,
            cs_duration: 10,
            us_delay: 9,
        }
    }
}

impl Timing {
    /// Validated timing: `steps` in 2..=[`MAX_STEPS`], `cs_onset < steps`,
    /// `cs_duration ≥ 1`, `us_delay < cs_duration` (the US falls within its stage).
    pub fn new(steps: usize, cs_onset: usize, cs_duration: usize, us_delay: usize) -> Result<Self> {
        validate::count("steps", steps, 2, MAX_STEPS)?;
        validate::count("cs_onset", cs_onset, 0, steps - 1)?;
        validate::count("cs_duration", cs_duration, 1, MAX_STEPS)?;
        validate::count("us_delay", us_delay, 0, cs_duration - 1)?;
        Ok(Timing {
            steps,
            cs_onset,
            cs_duration,
            us_delay,
        })
    }
    /// Steps per trial, T.
    pub fn steps(&self) -> usize {
        self.steps
    }
    /// Onset of the first stage.
    pub fn cs_onset(&self) -> usize {
        self.cs_onset
    }
    /// Steps per stage.
    pub fn cs_duration(&self) -> usize {
        self.cs_duration
    }
    /// Steps from the onset of its stage to the US.
    pub fn us_delay(&self) -> usize {
        self.us_delay
    }
    /// The onset of stage `k`.
    pub fn stage_onset(&self, k: usize) -> usize {
        self.cs_onset + k * self.cs_duration
    }
    /// The US time for a trial of `stages` stages, or `None` without a US.
    pub fn us_time(&self, stages: usize, us: UsTiming) -> Option<usize> {
        match us {
            UsTiming::Absent => None,
            UsTiming::WithLast => Some(self.stage_onset(stages.saturating_sub(1)) + self.us_delay),
            UsTiming::AfterLast => Some(self.stage_onset(stages) + self.us_delay),
        }
    }
}

/// Validated TD(λ) parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct TdParams {
    alpha: f64,
    cue_alpha: std::collections::BTreeMap<String, f64>,
    gamma: f64,
    lambda: f64,
    timing: Timing,
}

impl Default for TdParams {
    /// α = 0.1, γ = 0.98, λ = 0.9, [`Timing::default`].
    fn default() -> Self {
        TdParams {
            alpha: 0.1,
            cue_alpha: Default::default(),
            gamma: 0.98,
            lambda: 0.9,
            timing: Timing::default(),
        }
    }
}

impl TdParams {
    /// α in (0, 1], γ in [0, 1], λ in [0, 1].
    pub fn new(alpha: f64, gamma: f64, lambda: f64, timing: Timing) -> Result<Self> {
        Ok(TdParams {
            alpha: validate::unit_interval_open_closed("alpha", alpha)?,
            cue_alpha: Default::default(),
            gamma: validate::probability("gamma", gamma)?,
            lambda: validate::probability("lambda", lambda)?,
            timing,
        })
    }
    /// Sets the learning rate of one cue (by name).
    pub fn with_cue_alpha(mut self, cue: &str, alpha: f64) -> Result<Self> {
        let a = validate::unit_interval_open_closed(&format!("alpha of cue {cue}"), alpha)?;
        self.cue_alpha.insert(cue.to_string(), a);
        Ok(self)
    }
    /// The default learning rate α.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
    /// The discount γ.
    pub fn gamma(&self) -> f64 {
        self.gamma
    }
    /// The trace decay λ.
    pub fn lambda(&self) -> f64 {
        self.lambda
    }
    /// The timing.
    pub fn timing(&self) -> Timing {
        self.timing
    }
}

/// A TD(λ) learner over a complete serial compound; with `vector` set it also reports the
/// per-cue vector RPE channels.
#[derive(Debug, Clone)]
pub struct TdLearner {
    params: TdParams,
    vector: bool,
    n_cues: usize,
    alpha: Vec<f64>,
    /// Weights, cue-major: w[c·T + d].
    w: Vec<f64>,
    onsets: Vec<(usize, usize)>,
    value: Vec<f64>,
    delta: Vec<f64>,
    acc: Vec<f64>,
    channels: Vec<f64>,
}

impl TdLearner {
    /// A scalar TD(λ) learner; cues are set by [`AssociativeLearner::reset`] or
    /// [`with_cue_count`](Self::with_cue_count).
    pub fn new(params: TdParams) -> Self {
        TdLearner {
            params,
            vector: false,
            n_cues: 0,
            alpha: Vec::new(),
            w: Vec::new(),
            onsets: Vec::new(),
            value: Vec::new(),
            delta: Vec::new(),
            acc: Vec::new(),
            channels: Vec::new(),
        }
    }

    /// A learner that also computes the vector RPE (model name `vector-td`).
    pub fn vector(params: TdParams) -> Self {
        let mut td = TdLearner::new(params);
        td.vector = true;
        td
    }

    /// A learner for `n` anonymous cues with the default α.
    pub fn with_cue_count(params: TdParams, n: usize, vector: bool) -> Result<Self> {
        let mut td = TdLearner::new(params);
        td.vector = vector;
        td.allocate(n)?;
        td.alpha = vec![td.params.alpha; n];
        Ok(td)
    }

    fn allocate(&mut self, n: usize) -> Result<()> {
        let t = self.params.timing.steps;
        let size = n.saturating_mul(t);
        validate::count("cues × steps", size, 0, MAX_WEIGHTS)?;
        self.n_cues = n;
        self.w = vec![0.0; size];
        self.value = vec![0.0; t];
        self.delta = vec![0.0; t + 1];
        self.acc = vec![0.0; t + 1];
        self.channels = if self.vector {
            vec![0.0; (t + 1) * n]
        } else {
            Vec::new()
        };
        Ok(())
    }

    /// The parameters.
    pub fn params(&self) -> &TdParams {
        &self.params
    }

    /// The weight of cue `c`'s delay-line feature `d` (d steps after its onset).
    pub fn weight(&self, c: usize, d: usize) -> f64 {
        self.w[c * self.params.timing.steps + d]
    }

    /// V_t of the last trial, t = 0 … T−1.
    pub fn values(&self) -> &[f64] {
        &self.value
    }

    /// δ_t of the last trial, t = 0 … T (the last entry is the step leaving the trial).
    pub fn deltas(&self) -> &[f64] {
        &self.delta
    }

    /// The vector RPE of the last trial, row t = 0 … T, one column per cue (empty unless
    /// the learner was built with [`vector`](Self::vector)).
    pub fn channels(&self) -> &[f64] {
        &self.channels
    }

    /// Runs one trial: `stages` are the cue indices of each stage, `us` when the US comes,
    /// `learn` false for a probe. Returns δ_t, t = 0 … T.
    pub fn run_trial(
        &mut self,
        stages: &[Vec<usize>],
        us: UsTiming,
        learn: bool,
    ) -> Result<&[f64]> {
        self.run_trial_at(0, stages, us, learn)
    }

    fn run_trial_at(
        &mut self,
        index: usize,
        stages: &[Vec<usize>],
        us: UsTiming,
        learn: bool,
    ) -> Result<&[f64]> {
        let timing = self.params.timing;
        let t_len = timing.steps;
        let bad = |reason: String| ConditioningError::Trial {
            trial: index,
            reason,
        };
        self.onsets.clear();
        for (k, stage) in stages.iter().enumerate() {
            let o = timing.stage_onset(k);
            if o >= t_len {
                return Err(bad(format!(
                    "stage {} starts at step {o}, beyond the {t_len}-step trial",
                    k + 1
                )));
            }
            for &c in stage {
                if c >= self.n_cues {
                    return Err(bad(format!("cue index {c} out of range")));
                }
                if self.onsets.iter().any(|&(c2, _)| c2 == c) {
                    return Err(bad(
                        "a cue may appear in only one stage of a TD trial".to_string()
                    ));
                }
                self.onsets.push((c, o));
            }
        }
        let us_time = timing.us_time(stages.len(), us);
        if let Some(tu) = us_time
            && tu >= t_len
        {
            return Err(bad(format!(
                "the US would come at step {tu}, beyond the {t_len}-step trial"
            )));
        }
        // Values with the weights at the start of the trial.
        self.value.iter_mut().for_each(|v| *v = 0.0);
        for &(c, o) in &self.onsets {
            let row = &self.w[c * t_len..c * t_len + (t_len - o)];
            for (v, w) in self.value[o..].iter_mut().zip(row) {
                *v += *w;
            }
        }
        let gamma = self.params.gamma;
        let mut prev = 0.0;
        for t in 0..=t_len {
            let v = if t < t_len { self.value[t] } else { 0.0 };
            let r = if us_time == Some(t) { 1.0 } else { 0.0 };
            self.delta[t] = r + gamma * v - prev;
            prev = v;
        }
        if self.vector {
            let n = self.n_cues;
            let share = 1.0 / n as f64;
            for t in 0..=t_len {
                let r = if us_time == Some(t) { 1.0 } else { 0.0 };
                for c in 0..n {
                    self.channels[t * n + c] = r * share;
                }
            }
            for &(c, o) in &self.onsets {
                for t in o..=t_len {
                    let now = if t < t_len {
                        self.w[c * t_len + (t - o)]
                    } else {
                        0.0
                    };
                    let before = if t > o {
                        self.w[c * t_len + (t - 1 - o)]
                    } else {
                        0.0
                    };
                    self.channels[t * n + c] += gamma * now - before;
                }
            }
        }
        if learn {
            let lambda = self.params.lambda;
            // A_k = δ_{k+1} + λ A_{k+1}, A_T = 0: the summed, trace-weighted error credited to
            // a feature active at step k.
            self.acc[t_len] = 0.0;
            for k in (0..t_len).rev() {
                self.acc[k] = self.delta[k + 1] + lambda * self.acc[k + 1];
            }
            for &(c, o) in &self.onsets {
                let a = self.alpha[c];
                let row = &mut self.w[c * t_len..c * t_len + (t_len - o)];
                for (w, acc) in row.iter_mut().zip(&self.acc[o..t_len]) {
                    *w += a * acc;
                }
            }
        }
        Ok(&self.delta)
    }
}

impl AssociativeLearner for TdLearner {
    fn model(&self) -> &'static str {
        if self.vector { "vector-td" } else { "td" }
    }

    fn reset(&mut self, cues: &[Cue], _seed: u64) -> Result<()> {
        crate::learner::check_cue_alphas(&self.params.cue_alpha, cues)?;
        self.allocate(cues.len())?;
        self.alpha = cues
            .iter()
            .map(|c| {
                self.params
                    .cue_alpha
                    .get(&c.0)
                    .copied()
                    .unwrap_or(self.params.alpha)
            })
            .collect();
        Ok(())
    }

    /// The prediction is V at the onset of the first stage (`cs_onset`); `delta` holds
    /// δ_0 … δ_T; `extra["value"]` holds V_0 … V_{T−1}, and for `vector-td`
    /// `extra["vector_delta"]` the per-cue channels, one row per step.
    fn observe(&mut self, trial: &Trial) -> Result<Observation> {
        self.run_trial_at(trial.index, &trial.stages, trial.us, !trial.probe)?;
        let mut obs = Observation::prediction(self.value[self.params.timing.cs_onset]);
        obs.delta = Some(self.delta.clone());
        obs.extra
            .insert("value".into(), Extra::Vector(self.value.clone()));
        if self.vector {
            let rows = self
                .channels
                .chunks(self.n_cues.max(1))
                .map(<[f64]>::to_vec)
                .collect();
            obs.extra.insert("vector_delta".into(), Extra::Matrix(rows));
        }
        Ok(obs)
    }

    /// Each cue's value at its own onset, w_{c,0}.
    fn strengths(&self) -> Vec<f64> {
        let t = self.params.timing.steps;
        (0..self.n_cues).map(|c| self.w[c * t]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_is_validated() {
        assert!(Timing::new(1, 0, 1, 0).is_err());
        assert!(Timing::new(10, 10, 1, 0).is_err());
        assert!(Timing::new(10, 2, 3, 3).is_err());
        assert!(Timing::new(10, 2, 3, 2).is_ok());
        assert!(TdParams::new(0.0, 0.9, 0.9, Timing::default()).is_err());
        assert!(TdParams::new(0.1, 1.1, 0.9, Timing::default()).is_err());
        assert!(TdParams::new(0.1, 0.9, f64::NAN, Timing::default()).is_err());
    }

    #[test]
    fn first_trial_by_hand() {
        // λ = 0: only the feature active just before the US learns, by α·1.
        let p = TdParams::new(0.5, 0.9, 0.0, Timing::new(6, 1, 4, 3).unwrap()).unwrap();
        let mut td = TdLearner::with_cue_count(p, 1, false).unwrap();
        let d = td
            .run_trial(&[vec![0]], UsTiming::WithLast, true)
            .unwrap()
            .to_vec();
        assert_eq!(d, vec![0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        assert_eq!(td.weight(0, 2), 0.5);
        assert_eq!(td.weight(0, 3), 0.0);
        let d = td
            .run_trial(&[vec![0]], UsTiming::WithLast, true)
            .unwrap()
            .to_vec();
        assert!((d[3] - 0.9 * 0.5).abs() < 1e-15 && (d[4] - 0.5).abs() < 1e-15);
    }

    #[test]
    fn trials_that_do_not_fit_are_errors() {
        let mut td = TdLearner::with_cue_count(TdParams::default(), 4, false).unwrap();
        let four = [vec![0], vec![1], vec![2], vec![3]];
        assert!(td.run_trial(&four, UsTiming::Absent, true).is_err());
        assert!(td.run_trial(&four[..3], UsTiming::Absent, true).is_ok());
        assert!(
            td.run_trial(&[vec![0], vec![1]], UsTiming::AfterLast, true)
                .is_err()
        );
        assert!(
            td.run_trial(&[vec![0], vec![0]], UsTiming::Absent, true)
                .is_err()
        );
        assert!(
            td.run_trial(&[vec![0], vec![1]], UsTiming::WithLast, true)
                .is_ok()
        );
    }
}
