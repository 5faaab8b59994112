//! The Rescorla–Wagner model (Rescorla & Wagner 1972).
//!
//! On each trial every present cue i changes by
//!
//! $$ \Delta V_i = \alpha_i \, \beta \, \Big(\lambda_t - \sum_{j \in \text{present}} V_j\Big) $$
//!
//! where α_i is cue i's salience, β = β⁺ on reinforced and β⁻ on non-reinforced trials, and
//! λ_t = λ when the US is delivered, 0 otherwise (Rescorla & Wagner 1972, eq. 1–2). Absent
//! cues do not change. The defaults α = β⁺ = β⁻ = 0.4, λ = 1 are those of the R package
//! calmr (Kokai & Honey). Trials without time (`A>+` is treated as `A+`, `B>A` as the
//! compound `AB`); probes (`#`) record the prediction Σ V_j and learn nothing. A trial without
//! cues (`1+`, `1-`) has no present cue: it predicts 0 and changes no strength.
//!
//! **Normative form.** With r = λ_t, x the 0/1 presence vector and the loss
//! L(V) = ½ (r − Σ_j x_j V_j)², ∂L/∂V_i = −x_i (r − Σ_j x_j V_j), so the update is one
//! gradient step with per-coordinate rate α_i β:  ΔV_i = −α_i β ∂L/∂V_i — the delta rule
//! (Widrow & Hoff 1960) read as stochastic gradient descent on squared prediction error.
//! [`squared_error_gradient`] returns that gradient.
//!
//! Closed forms used by the claims: acquisition with a single cue from V_0 = 0 gives
//! V_n = λ (1 − (1 − αβ)ⁿ); extinction from V_0 gives V_n = V_0 (1 − αβ⁻)ⁿ.

use std::collections::BTreeMap;

use learn_core::validate;

use crate::design::{Cue, Trial};
use crate::error::{ConditioningError, Result};
use crate::learner::{AssociativeLearner, Observation};

/// calmr's default salience, β⁺ and β⁻.
pub const DEFAULT_RATE: f64 = 0.4;

/// Validated Rescorla–Wagner parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct RwParams {
    alpha: f64,
    cue_alpha: BTreeMap<String, f64>,
    beta_plus: f64,
    beta_minus: f64,
    lambda: f64,
}

impl Default for RwParams {
    /// α = β⁺ = β⁻ = 0.4, λ = 1 (calmr's defaults).
    fn default() -> Self {
        RwParams {
            alpha: DEFAULT_RATE,
            cue_alpha: BTreeMap::new(),
            beta_plus: DEFAULT_RATE,
            beta_minus: DEFAULT_RATE,
            lambda: 1.0,
        }
    }
}

impl RwParams {
    /// Parameters with salience `alpha` for every cue; α, β⁺, β⁻ must lie in (0, 1] and
    /// λ must be finite and > 0.
    pub fn new(alpha: f64, beta_plus: f64, beta_minus: f64, lambda: f64) -> Result<Self> {
        Ok(RwParams {
            alpha: validate::unit_interval_open_closed("alpha", alpha)?,
            cue_alpha: BTreeMap::new(),
            beta_plus: validate::unit_interval_open_closed("beta_plus", beta_plus)?,
            beta_minus: validate::unit_interval_open_closed("beta_minus", beta_minus)?,
            lambda: validate::positive("lambda", lambda)?,
        })
    }

    /// Sets the salience of one cue (by name, as in the design: `A`, `tone`).
    pub fn with_cue_alpha(mut self, cue: &str, alpha: f64) -> Result<Self> {
        let a = validate::unit_interval_open_closed(&format!("alpha of cue {cue}"), alpha)?;
        self.cue_alpha.insert(cue.to_string(), a);
        Ok(self)
    }

    /// The default salience.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
    /// The per-cue saliences set with [`with_cue_alpha`](Self::with_cue_alpha).
    pub fn cue_alphas(&self) -> &BTreeMap<String, f64> {
        &self.cue_alpha
    }
    /// β⁺ (reinforced trials).
    pub fn beta_plus(&self) -> f64 {
        self.beta_plus
    }
    /// β⁻ (non-reinforced trials).
    pub fn beta_minus(&self) -> f64 {
        self.beta_minus
    }
    /// λ (asymptote on reinforced trials).
    pub fn lambda(&self) -> f64 {
        self.lambda
    }
}

/// A Rescorla–Wagner learner over a fixed set of cues.
#[derive(Debug, Clone)]
pub struct RescorlaWagner {
    params: RwParams,
    alpha: Vec<f64>,
    v: Vec<f64>,
}

impl RescorlaWagner {
    /// A learner with no cues yet; [`AssociativeLearner::reset`] (or
    /// [`with_cues`](Self::with_cues)) sets them.
    pub fn new(params: RwParams) -> Self {
        RescorlaWagner {
            params,
            alpha: Vec::new(),
            v: Vec::new(),
        }
    }

    /// A learner for the named cues, all strengths 0.
    pub fn with_cues(params: RwParams, cues: &[Cue]) -> Result<Self> {
        let mut rw = RescorlaWagner::new(params);
        rw.reset(cues, 0)?;
        Ok(rw)
    }

    /// A learner for `n` anonymous cues (indices 0..n) with the default salience — for
    /// benchmarks and direct use without a design.
    pub fn with_cue_count(params: RwParams, n: usize) -> Self {
        let alpha = vec![params.alpha; n];
        RescorlaWagner {
            params,
            alpha,
            v: vec![0.0; n],
        }
    }

    /// The parameters.
    pub fn params(&self) -> &RwParams {
        &self.params
    }

    /// Each cue's salience α_i, in cue order.
    pub fn saliences(&self) -> &[f64] {
        &self.alpha
    }

    /// The strengths V, in cue order.
    pub fn values(&self) -> &[f64] {
        &self.v
    }

    /// Sets the strengths (e.g. to start extinction from a given V). Lengths must agree.
    pub fn set_values(&mut self, v: &[f64]) -> Result<()> {
        validate::same_len("strengths", self.v.len(), v.len())?;
        for (i, &x) in v.iter().enumerate() {
            validate::finite(&format!("V[{i}]"), x)?;
        }
        self.v.copy_from_slice(v);
        Ok(())
    }

    /// Σ V_j over the present cues (indices must be < the number of cues).
    #[inline]
    pub fn predict(&self, present: &[usize]) -> f64 {
        present.iter().map(|&j| self.v[j]).sum()
    }

    /// One trial: returns the prediction Σ V_j made before the outcome and applies
    /// ΔV_i = α_i β (λ_t − Σ V_j) to each present cue. `present` must not repeat a cue and
    /// its indices must be < the number of cues (panics otherwise, like slice indexing).
    #[inline]
    pub fn update(&mut self, present: &[usize], reinforced: bool) -> f64 {
        let total = self.predict(present);
        let (beta, target) = if reinforced {
            (self.params.beta_plus, self.params.lambda)
        } else {
            (self.params.beta_minus, 0.0)
        };
        let error = beta * (target - total);
        for &i in present {
            self.v[i] += self.alpha[i] * error;
        }
        total
    }
}

impl AssociativeLearner for RescorlaWagner {
    fn model(&self) -> &'static str {
        "rw"
    }

    fn reset(&mut self, cues: &[Cue], _seed: u64) -> Result<()> {
        crate::learner::check_cue_alphas(&self.params.cue_alpha, cues)?;
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
        self.v = vec![0.0; cues.len()];
        Ok(())
    }

    fn observe(&mut self, trial: &Trial) -> Result<Observation> {
        if let Some(&bad) = trial.cues.iter().find(|&&i| i >= self.v.len()) {
            return Err(ConditioningError::Trial {
                trial: trial.index,
                reason: format!("cue index {bad} out of range ({} cues)", self.v.len()),
            });
        }
        let prediction = if trial.probe {
            self.predict(&trial.cues)
        } else {
            self.update(&trial.cues, trial.reinforced())
        };
        Ok(Observation::prediction(prediction))
    }

    fn strengths(&self) -> Vec<f64> {
        self.v.clone()
    }
}

/// ∂L/∂V_i of L(V) = ½ (r − Σ_j x_j V_j)² for the cues `present` (x_j = 1 there, 0
/// elsewhere): −(r − Σ V_j) on present cues, 0 on absent ones. The Rescorla–Wagner update is
/// ΔV_i = −α_i β ∂L/∂V_i with r = λ_t.
pub fn squared_error_gradient(v: &[f64], present: &[usize], r: f64) -> Vec<f64> {
    let total: f64 = present.iter().map(|&j| v[j]).sum();
    let mut g = vec![0.0; v.len()];
    for &i in present {
        g[i] = -(r - total);
    }
    g
}

/// The closed form of acquisition from V_0 = 0 with one cue: V_n = λ (1 − (1 − αβ)ⁿ).
pub fn acquisition_closed_form(alpha: f64, beta: f64, lambda: f64, n: u32) -> f64 {
    lambda * (1.0 - (1.0 - alpha * beta).powi(n as i32))
}

/// The closed form of extinction from V_0 with one cue: V_n = V_0 (1 − αβ⁻)ⁿ.
pub fn extinction_closed_form(alpha: f64, beta_minus: f64, v0: f64, n: u32) -> f64 {
    v0 * (1.0 - alpha * beta_minus).powi(n as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design;
    use crate::learner::run_design;

    #[test]
    fn rejects_bad_parameters() {
        assert!(RwParams::new(0.0, 0.4, 0.4, 1.0).is_err());
        assert!(RwParams::new(0.4, 1.5, 0.4, 1.0).is_err());
        assert!(RwParams::new(0.4, 0.4, f64::NAN, 1.0).is_err());
        assert!(RwParams::new(0.4, 0.4, 0.4, 0.0).is_err());
        assert!(RwParams::default().with_cue_alpha("A", 2.0).is_err());
    }

    #[test]
    fn unknown_cue_alpha_is_an_error() {
        let p = RwParams::default().with_cue_alpha("Z", 0.2).unwrap();
        let d = design::parse("10A+").unwrap();
        let e = run_design(&mut RescorlaWagner::new(p), &d, 0).unwrap_err();
        assert!(e.to_string().contains("unknown cue `Z`"), "{e}");
    }

    #[test]
    fn first_trial_by_hand() {
        let mut rw = RescorlaWagner::with_cue_count(RwParams::default(), 2);
        let p = rw.update(&[0, 1], true);
        assert_eq!(p, 0.0);
        assert!(rw.values().iter().all(|v| (v - 0.16).abs() < 1e-15));
        rw.update(&[0], false);
        assert!((rw.values()[0] - (0.16 - 0.16 * 0.16)).abs() < 1e-15);
    }

    #[test]
    fn probes_do_not_learn() {
        let d = design::parse("5A+ | 3#A").unwrap();
        let g = &run_design(&mut RescorlaWagner::new(RwParams::default()), &d, 0).unwrap()[0];
        let v5 = acquisition_closed_form(0.4, 0.4, 1.0, 5);
        for t in &g.trials[5..] {
            assert!((t.prediction - v5).abs() < 1e-12);
            assert!((t.strengths["A"] - v5).abs() < 1e-12);
        }
    }
}
