//! The latent-cause model of Gershman, Monfils, Norman & Niv (2017), "The computational
//! nature of memory modification", *eLife* 6:e23763, as its authors' code
//! (`sjgershm/memory-modification`, `imm_localmap.m`, with the simulation defaults of
//! `imm_run.m`) defines it.
//!
//! # Generative model
//! Each trial t has a time τ_t, a cue (feature) vector **x**_t ∈ ℝ^D and a US r_t. A latent
//! cause z_t ∈ {1, …, K} generated it:
//!
//! - **Prior** (distance-dependent Chinese restaurant process with a power-law kernel):
//!   $$ P(z_t = k \mid z_{1:t-1}) \propto \begin{cases}
//!   \sum_{t' < t,\, z_{t'} = k} (\tau_t - \tau_{t'})^{-g} & k \text{ an existing cause} \\
//!   \alpha & k \text{ the first unused cause (only while fewer than } K \text{ are in use)} \end{cases} $$
//! - **Cues**: each feature d is Gaussian given the cause, with a N(0, 1) prior on its mean;
//!   given the N_k trials already (hard-)assigned to cause k, the posterior predictive is
//!   $$ x_{td} \mid z_t = k \sim \mathcal N\!\Big(\frac{\sum_{t'\in k} x_{t'd}}{N_k + \sigma_x^2},\;
//!   \frac{\sigma_x^2}{N_k + \sigma_x^2} + \sigma_x^2\Big) $$
//!   Every feature enters, absent ones as 0.
//! - **US**: r_t | z_t = k ~ N(**x**_t · **w**_k, σ_r²), one weight vector per cause.
//!
//! # Inference on each trial (local MAP / EM)
//! 1. L_k = prior_k × cue likelihood_k (normalised prior); the pre-US posterior is
//!    q_k = L_k / Σ L; the prediction is V̂_t = Σ_k q_k (**x**_t · **w**_k) with the weights
//!    left by the previous trial, and the conditioned response is the probit
//!    CR_t = 1 − Φ(θ; V̂_t, λ) (λ a standard deviation).
//! 2. n_iter = min(maxIter, round(τ_{t+1} − τ_t)) EM iterations (1 on the last trial); each
//!    computes the posterior with the US, p_k ∝ L_k · N(r_t; **x**_t·**w**_k, σ_r²) (E-step),
//!    then moves every cause's weights, **w**_k ← **w**_k + η **x**_t (r_t − **x**_t·**w**_k) p_k
//!    (M-step) — including the not-yet-used candidate cause, exactly as the authors' code does.
//! 3. The trial is assigned to the most probable cause under the last p (first on ties),
//!    which updates that cause's count and feature sums.
//!
//! Modelling choices and the few places where we differ from the code (α = 0 on the first
//! trial, zero EM iterations) are documented in `docs/latent.md` and on [`LatentCause::step`].

use serde::Serialize;

use crate::error::{LatentError, Result};
use learn_core::validate;

/// Largest number of latent causes accepted (guards against absurd allocations).
pub const MAX_CAUSES: usize = 10_000;
/// Largest number of cue features accepted.
pub const MAX_FEATURES: usize = 10_000;
/// Largest `max_iter` accepted.
pub const MAX_ITERATIONS: usize = 10_000;

/// Parameters of the latent-cause model, named as in the authors' code. [`Default`] gives the
/// values of the paper's simulations (`imm_run.m`).
///
/// The struct is plain data; [`Params::validate`] checks it, and [`LatentCause::new`] calls
/// that once, so model code can trust its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Params {
    /// Concentration α of the distance-dependent CRP: the unnormalised prior of one new cause.
    /// α = 0 allows one cause only. Default 0.1.
    pub alpha: f64,
    /// Exponent g of the power-law temporal kernel Δ^(−g). Default 1.
    pub g: f64,
    /// Learning rate η of the weight update. Default 0.3 (`imm_localmap.m`'s own default is 0.2).
    pub eta: f64,
    /// Cap on the EM iterations between two trials. Default 3.
    pub max_iter: usize,
    /// Initial value of every weight. Default 0.
    pub w0: f64,
    /// US variance σ_r². Default 0.4.
    pub sr: f64,
    /// Cue (stimulus) variance σ_x². Default 1.
    pub sx: f64,
    /// Response threshold θ of the probit. Default 0.02 (`imm_localmap.m`'s own default: 0.03).
    pub theta: f64,
    /// Response gain λ: the standard deviation of the probit. Default 0.01
    /// (`imm_localmap.m`'s own default: 0.005).
    pub lambda: f64,
    /// Maximum number of latent causes K. Default 15.
    pub k: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            alpha: 0.1,
            g: 1.0,
            eta: 0.3,
            max_iter: 3,
            w0: 0.0,
            sr: 0.4,
            sx: 1.0,
            theta: 0.02,
            lambda: 0.01,
            k: 15,
        }
    }
}

impl Params {
    /// Checks every parameter: α, g, η ≥ 0; σ_r², σ_x², λ > 0; w0, θ finite;
    /// 1 ≤ max_iter ≤ [`MAX_ITERATIONS`]; 1 ≤ K ≤ [`MAX_CAUSES`]. NaN is always rejected.
    pub fn validate(&self) -> Result<()> {
        validate::non_negative("alpha", self.alpha)?;
        validate::non_negative("g", self.g)?;
        validate::non_negative("eta", self.eta)?;
        validate::count("max_iter", self.max_iter, 1, MAX_ITERATIONS)?;
        validate::finite("w0", self.w0)?;
        validate::positive("sr", self.sr)?;
        validate::positive("sx", self.sx)?;
        validate::finite("theta", self.theta)?;
        validate::positive("lambda", self.lambda)?;
        validate::count("K", self.k, 1, MAX_CAUSES)?;
        Ok(())
    }

    /// The probit response 1 − Φ((θ − V̂)/λ) for a prediction V̂.
    pub fn response(&self, prediction: f64) -> f64 {
        1.0 - learn_core::stats::normal_cdf((self.theta - prediction) / self.lambda)
    }
}

/// One trial of the model's plain input: when it happens, which cues are on, and the US.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trial {
    /// Time of the trial, in the design's units (consecutive trials are 1 apart).
    pub time: f64,
    /// The cue feature vector **x** (one entry per feature, absent cues 0; a context is a cue).
    pub cues: Vec<f64>,
    /// The US r (1 for a reinforced trial, 0 for none).
    pub us: f64,
    /// A probe: the prediction is recorded, nothing is learned (no EM iteration, no
    /// assignment). Not in the authors' code; the design language's `#`.
    pub probe: bool,
}

impl Trial {
    /// A trial at `time` with cue vector `cues` and US `us`.
    pub fn new(time: f64, cues: Vec<f64>, us: f64) -> Self {
        Trial {
            time,
            cues,
            us,
            probe: false,
        }
    }

    /// A probe trial at `time` with cue vector `cues`: prediction only, no learning.
    pub fn probe(time: f64, cues: Vec<f64>) -> Self {
        Trial {
            time,
            cues,
            us: 0.0,
            probe: true,
        }
    }
}

/// What the model did on one trial.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatentRecord {
    /// Trial number, from 0.
    pub index: usize,
    /// Time of the trial.
    pub time: f64,
    /// The cue vector.
    pub cues: Vec<f64>,
    /// The US.
    pub us: f64,
    /// Raw prediction V̂ = Σ_k q_k (**x**·**w**_k), before the US, with the previous weights.
    pub prediction: f64,
    /// Conditioned response 1 − Φ(θ; V̂, λ).
    pub response: f64,
    /// Posterior over causes given the cues only, q_k (used for the prediction). Entry k is
    /// cause k; causes past the end have probability 0.
    pub cue_posterior: Vec<f64>,
    /// Posterior over causes including the US, after the last EM iteration (the authors'
    /// `Zp`); equal to `cue_posterior` when no EM iteration ran.
    pub posterior: Vec<f64>,
    /// The cause the trial was assigned to (0-based; the MAP of `posterior`). For a probe,
    /// the most probable cause given the cues (nothing is assigned).
    pub cause: usize,
    /// Number of EM iterations run on this trial.
    pub iterations: usize,
}

/// The latent-cause learner: validated parameters plus its state (weights, counts, feature
/// sums, and the times and causes of past trials).
#[derive(Debug, Clone)]
pub struct LatentCause {
    params: Params,
    d: usize,
    /// Weights, K × D, row-major by cause.
    weights: Vec<f64>,
    /// Feature sums of each cause's assigned trials, K × D.
    xsum: Vec<f64>,
    /// Number of trials assigned to each cause.
    counts: Vec<u32>,
    /// Number of causes in use (always the first `used`).
    used: usize,
    times: Vec<f64>,
    causes: Vec<usize>,
    /// Time of the last trial seen (probes included) and the number seen.
    last_time: Option<f64>,
    seen: usize,
    /// The current learning trial (its cues, US and number of candidate causes), kept so
    /// that [`LatentCause::continue_last`] can run further EM iterations on it.
    cur_x: Vec<f64>,
    cur_r: f64,
    cur_n: usize,
    cur_open: bool,
    /// The assigned cause's feature sums and the number of causes in use before the last
    /// assignment, to undo it exactly.
    undo_row: Vec<f64>,
    undo_used: usize,
    // Scratch, length K.
    log_l: Vec<f64>,
    post: Vec<f64>,
    values: Vec<f64>,
    log_post: Vec<f64>,
    cue_post: Vec<f64>,
}

/// The scalar outcome of one trial, without the posteriors (see [`LatentCause::step_summary`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StepSummary {
    /// Raw prediction V̂.
    pub prediction: f64,
    /// Conditioned response 1 − Φ(θ; V̂, λ).
    pub response: f64,
    /// Assigned cause.
    pub cause: usize,
    /// EM iterations run.
    pub iterations: usize,
    /// Number of candidate causes on this trial (length of the posteriors).
    pub candidates: usize,
}

/// ln 2π.
const LN_2PI: f64 = 1.837_877_066_409_345_5;

/// ln N(x; mean, var).
#[inline]
fn log_normal_pdf(x: f64, mean: f64, var: f64) -> f64 {
    let e = x - mean;
    -0.5 * (LN_2PI + var.ln() + e * e / var)
}

/// Normalises `log_w[..n]` into `out[..n]` (softmax); entries equal to −∞ get 0.
fn softmax(log_w: &[f64], out: &mut [f64]) -> Result<()> {
    let max = log_w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return Err(learn_core::Error::Numerical(format!(
            "posterior over causes is degenerate (largest log-weight {max})"
        ))
        .into());
    }
    let mut sum = 0.0;
    for (o, &l) in out.iter_mut().zip(log_w) {
        *o = (l - max).exp();
        sum += *o;
    }
    for o in out.iter_mut() {
        *o /= sum;
    }
    Ok(())
}

impl LatentCause {
    /// A fresh learner for cue vectors of `n_features` entries (1 ≤ D ≤ [`MAX_FEATURES`]).
    pub fn new(params: Params, n_features: usize) -> Result<Self> {
        params.validate()?;
        let d = validate::count("number of cue features", n_features, 1, MAX_FEATURES)?;
        let k = params.k;
        Ok(LatentCause {
            params,
            d,
            weights: vec![params.w0; k * d],
            xsum: vec![0.0; k * d],
            counts: vec![0; k],
            used: 0,
            times: Vec::new(),
            causes: Vec::new(),
            last_time: None,
            seen: 0,
            cur_x: vec![0.0; d],
            cur_r: 0.0,
            cur_n: 0,
            cur_open: false,
            undo_row: vec![0.0; d],
            undo_used: 0,
            log_l: vec![0.0; k],
            post: vec![0.0; k],
            values: vec![0.0; k],
            log_post: vec![0.0; k],
            cue_post: vec![0.0; k],
        })
    }

    /// The parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Number of cue features D.
    pub fn n_features(&self) -> usize {
        self.d
    }

    /// Number of causes in use so far.
    pub fn causes_in_use(&self) -> usize {
        self.used
    }

    /// Weight vector **w**_k of cause k (length D).
    ///
    /// # Panics
    /// If `k ≥ K`.
    pub fn weights(&self, k: usize) -> &[f64] {
        &self.weights[k * self.d..(k + 1) * self.d]
    }

    /// Forgets everything learned (weights back to w0, no causes, no history).
    pub fn reset(&mut self) {
        self.weights.fill(self.params.w0);
        self.xsum.fill(0.0);
        self.counts.fill(0);
        self.used = 0;
        self.times.clear();
        self.causes.clear();
        self.last_time = None;
        self.seen = 0;
        self.cur_open = false;
    }

    /// Number of EM iterations for a trial at `time` followed by one at `next`:
    /// min(maxIter, round(next − time)), or 1 for the last trial (`next = None`).
    pub fn iterations(&self, time: f64, next: Option<f64>) -> usize {
        match next {
            None => 1,
            Some(n) => {
                let r = (n - time).round();
                if r >= self.params.max_iter as f64 {
                    self.params.max_iter
                } else {
                    r.max(0.0) as usize
                }
            }
        }
    }

    fn check_trial(&self, trial: &Trial, next_time: Option<f64>) -> Result<()> {
        let index = self.seen;
        validate::finite("trial time", trial.time)?;
        validate::finite("US", trial.us)?;
        validate::same_len("cue vector", self.d, trial.cues.len())?;
        for &x in &trial.cues {
            validate::finite("cue value", x)?;
        }
        if let Some(previous) = self.last_time {
            if trial.time == previous {
                return Err(LatentError::SameTime {
                    first: index - 1,
                    second: index,
                    time: trial.time,
                });
            }
            if trial.time < previous {
                return Err(LatentError::TimeOrder {
                    index,
                    time: trial.time,
                    previous,
                });
            }
        }
        if let Some(next) = next_time {
            validate::finite("next trial time", next)?;
            if next == trial.time {
                return Err(LatentError::SameTime {
                    first: index,
                    second: index + 1,
                    time: next,
                });
            }
            if next < trial.time {
                return Err(LatentError::TimeOrder {
                    index: index + 1,
                    time: next,
                    previous: trial.time,
                });
            }
        }
        Ok(())
    }

    /// Runs one trial; `next_time` is the time of the next trial (`None` for the last one),
    /// which sets the number of EM iterations.
    ///
    /// Differences from `imm_localmap.m`, all outside its defined range: on the very first
    /// trial the prior puts probability 1 on cause 0 whatever α (the code divides 0 by 0 when
    /// α = 0); the cue and US likelihoods are multiplied in log space (same posterior, no
    /// underflow with many features); with zero EM iterations (`round(Δ) = 0`, possible only
    /// for non-integer times less than ½ apart) the trial is assigned by the cue posterior.
    pub fn step(&mut self, trial: &Trial, next_time: Option<f64>) -> Result<LatentRecord> {
        let s = self.step_summary(trial, next_time)?;
        Ok(LatentRecord {
            index: self.seen - 1,
            time: trial.time,
            cues: trial.cues.clone(),
            us: trial.us,
            prediction: s.prediction,
            response: s.response,
            cue_posterior: self.cue_post[..s.candidates].to_vec(),
            posterior: self.post[..s.candidates].to_vec(),
            cause: s.cause,
            iterations: s.iterations,
        })
    }

    /// As [`LatentCause::step`], without allocating a record: returns the prediction, the
    /// response and the assigned cause only (for parameter sweeps).
    pub fn step_summary(&mut self, trial: &Trial, next_time: Option<f64>) -> Result<StepSummary> {
        self.check_trial(trial, next_time)?;
        let (prediction, n) = self.begin(trial)?;
        let response = self.params.response(prediction);
        self.last_time = Some(trial.time);
        self.seen += 1;
        if trial.probe {
            self.cur_open = false;
            return Ok(StepSummary {
                prediction,
                response,
                cause: self.map_cause(n),
                iterations: 0,
                candidates: n,
            });
        }
        let iterations = self.iterations(trial.time, next_time);
        self.em(iterations)?;
        let cause = self.map_cause(n);
        self.assign(cause);
        self.cur_open = true;
        Ok(StepSummary {
            prediction,
            response,
            cause,
            iterations,
            candidates: n,
        })
    }

    /// Runs `more` further EM iterations on the most recent trial and re-assigns it to the
    /// most probable cause — the online form of the model: the authors' iterations happen in
    /// the interval after a trial, so a learner that sees trials one at a time can run one
    /// iteration at the trial and the rest when it learns how long the interval was. The
    /// state afterwards is exactly that of [`LatentCause::step`] with all iterations at once.
    /// Returns the cause the trial is now assigned to.
    ///
    /// An error if no learning trial has been seen since the last reset or probe.
    pub fn continue_last(&mut self, more: usize) -> Result<usize> {
        if !self.cur_open {
            return Err(learn_core::Error::InvalidInput(
                "continue_last: no learning trial to continue".into(),
            )
            .into());
        }
        let n = self.cur_n;
        if more > 0 {
            self.unassign();
            self.em(more)?;
            let cause = self.map_cause(n);
            self.assign(cause);
        }
        Ok(*self.causes.last().unwrap_or(&0))
    }

    /// The posterior over causes after the US on the most recent trial (the cue posterior
    /// for a probe); empty before the first trial.
    pub fn last_posterior(&self) -> &[f64] {
        if self.seen == 0 {
            &[]
        } else {
            &self.post[..self.cur_n]
        }
    }

    /// The posterior over causes given the cues only on the most recent trial.
    pub fn last_cue_posterior(&self) -> &[f64] {
        if self.seen == 0 {
            &[]
        } else {
            &self.cue_post[..self.cur_n]
        }
    }

    /// Prior × cue likelihood for `trial`, the cue posterior (into `cue_post` and `post`) and
    /// the prediction with the current weights. Returns (V̂, number of candidate causes).
    fn begin(&mut self, trial: &Trial) -> Result<(f64, usize)> {
        let Params {
            alpha,
            g,
            sx,
            k: cap,
            ..
        } = self.params;
        let d = self.d;
        let x = &trial.cues;
        // Candidate causes: those in use plus one new one while fewer than K are in use.
        let n = if self.used < cap {
            self.used + 1
        } else {
            self.used
        };

        // Prior: power-law kernel summed over each cause's earlier trials; α for the new one.
        let prior = &mut self.post[..n];
        prior.fill(0.0);
        if self.used == 0 {
            prior[0] = 1.0;
        } else {
            for (&t0, &c) in self.times.iter().zip(&self.causes) {
                let delta = trial.time - t0;
                prior[c] += if g == 1.0 {
                    delta.recip()
                } else {
                    delta.powf(-g)
                };
            }
            if self.used < cap {
                prior[self.used] = alpha;
            }
        }
        let total: f64 = prior.iter().sum();
        if !(total.is_finite() && total > 0.0) {
            return Err(learn_core::Error::Numerical(format!(
                "prior over causes sums to {total} at trial {} (time {})",
                self.seen, trial.time
            ))
            .into());
        }

        // Log of L_k = prior_k / Σ prior × Π_d N(x_d; x̂_kd, ν_k).
        for k in 0..n {
            let p = self.post[k] / total;
            if p <= 0.0 {
                self.log_l[k] = f64::NEG_INFINITY;
                continue;
            }
            let nk = f64::from(self.counts[k]);
            let nu = sx / (nk + sx) + sx;
            let denom = nk + sx;
            let sums = &self.xsum[k * d..(k + 1) * d];
            // Σ_d ln N(x_d; s_d/denom, ν) = −½ [D (ln 2π + ln ν) + Σ_d (x_d − s_d/denom)² / ν]
            let mut sq = 0.0;
            for (&xd, &s) in x.iter().zip(sums) {
                let e = xd - s / denom;
                sq += e * e;
            }
            self.log_l[k] = p.ln() - 0.5 * (d as f64 * (LN_2PI + nu.ln()) + sq / nu);
        }

        // Cue-only posterior and the prediction with the previous weights.
        for k in 0..n {
            let w = &self.weights[k * d..(k + 1) * d];
            self.values[k] = x.iter().zip(w).map(|(a, b)| a * b).sum();
        }
        softmax(&self.log_l[..n], &mut self.cue_post[..n])?;
        self.post[..n].copy_from_slice(&self.cue_post[..n]);
        let prediction: f64 = self.cue_post[..n]
            .iter()
            .zip(&self.values[..n])
            .map(|(q, v)| q * v)
            .sum();
        self.cur_x.copy_from_slice(x);
        self.cur_r = trial.us;
        self.cur_n = n;
        Ok((prediction, n))
    }

    /// `iterations` EM iterations on the current trial: E-step with the US, M-step on every
    /// candidate cause's weights.
    fn em(&mut self, iterations: usize) -> Result<()> {
        let (d, n, r) = (self.d, self.cur_n, self.cur_r);
        let Params { eta, sr, .. } = self.params;
        for _ in 0..iterations {
            for k in 0..n {
                let w = &self.weights[k * d..(k + 1) * d];
                self.values[k] = self.cur_x.iter().zip(w).map(|(a, b)| a * b).sum();
                self.log_post[k] = self.log_l[k] + log_normal_pdf(r, self.values[k], sr);
            }
            softmax(&self.log_post[..n], &mut self.post[..n])?;
            for k in 0..n {
                let step = eta * (r - self.values[k]) * self.post[k];
                let w = &mut self.weights[k * d..(k + 1) * d];
                for (wd, &xd) in w.iter_mut().zip(&self.cur_x) {
                    *wd += step * xd;
                }
            }
        }
        Ok(())
    }

    /// The most probable cause under the current posterior (first on ties).
    fn map_cause(&self, n: usize) -> usize {
        let mut cause = 0;
        for k in 1..n {
            if self.post[k] > self.post[cause] {
                cause = k;
            }
        }
        cause
    }

    /// Hard-assigns the current trial to `cause`.
    fn assign(&mut self, cause: usize) {
        let d = self.d;
        self.undo_row
            .copy_from_slice(&self.xsum[cause * d..(cause + 1) * d]);
        self.undo_used = self.used;
        self.counts[cause] += 1;
        for (s, &xd) in self.xsum[cause * d..(cause + 1) * d]
            .iter_mut()
            .zip(&self.cur_x)
        {
            *s += xd;
        }
        if cause == self.used {
            self.used += 1;
        }
        self.times.push(self.last_time.unwrap_or(0.0));
        self.causes.push(cause);
    }

    /// Undoes [`LatentCause::assign`] of the current trial, exactly.
    fn unassign(&mut self) {
        let d = self.d;
        if let Some(cause) = self.causes.pop() {
            self.times.pop();
            self.counts[cause] -= 1;
            self.xsum[cause * d..(cause + 1) * d].copy_from_slice(&self.undo_row);
            self.used = self.undo_used;
        }
    }

    /// Runs a whole sequence of trials from the current state and returns one record each.
    /// Trial times must increase strictly.
    pub fn run(&mut self, trials: &[Trial]) -> Result<Vec<LatentRecord>> {
        let mut records = Vec::with_capacity(trials.len());
        for (i, trial) in trials.iter().enumerate() {
            let next = trials.get(i + 1).map(|t| t.time);
            records.push(self.step(trial, next)?);
        }
        Ok(records)
    }

    /// Runs a whole sequence and writes only the conditioned responses into `out` (cleared
    /// first) — the allocation-free path of parameter sweeps.
    pub fn run_responses(&mut self, trials: &[Trial], out: &mut Vec<f64>) -> Result<()> {
        out.clear();
        for (i, trial) in trials.iter().enumerate() {
            let next = trials.get(i + 1).map(|t| t.time);
            out.push(self.step_summary(trial, next)?.response);
        }
        Ok(())
    }
}

/// Runs `trials` on a fresh learner with `params`; the number of features is that of the
/// first trial (an empty trial list gives no records).
pub fn run(params: Params, trials: &[Trial]) -> Result<Vec<LatentRecord>> {
    params.validate()?;
    let Some(first) = trials.first() else {
        return Ok(Vec::new());
    };
    LatentCause::new(params, first.cues.len())?.run(trials)
}
