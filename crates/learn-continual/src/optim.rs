//! Optimisers: plain SGD and Adam (Kingma & Ba 2015, Algorithm 1).
//!
//! [`Optimizer::step`] applies one update and reports the step it actually took,
//! $\Delta\theta = \theta_{new} - \theta_{old}$, which synaptic intelligence integrates.

use learn_core::validate;

use crate::error::Result;

/// Which optimiser, with its hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum OptimizerKind {
    /// $\theta \leftarrow \theta - \eta g$.
    Sgd {
        /// Learning rate η.
        lr: f64,
    },
    /// Adam: $m \leftarrow \beta_1 m + (1-\beta_1) g$, $v \leftarrow \beta_2 v + (1-\beta_2) g^2$,
    /// $\theta \leftarrow \theta - \eta\,\hat m/(\sqrt{\hat v}+\epsilon)$ with
    /// $\hat m = m/(1-\beta_1^t)$, $\hat v = v/(1-\beta_2^t)$.
    Adam {
        /// Learning rate η.
        lr: f64,
        /// β₁.
        beta1: f64,
        /// β₂.
        beta2: f64,
        /// ε.
        eps: f64,
    },
}

impl OptimizerKind {
    /// SGD with a validated learning rate.
    pub fn sgd(lr: f64) -> Result<Self> {
        Ok(OptimizerKind::Sgd {
            lr: validate::positive("lr", lr)?,
        })
    }

    /// Adam with a validated learning rate and the paper's defaults β₁ = 0.9, β₂ = 0.999,
    /// ε = 10⁻⁸ (the settings of Zenke et al.'s code).
    pub fn adam(lr: f64) -> Result<Self> {
        Ok(OptimizerKind::Adam {
            lr: validate::positive("lr", lr)?,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        })
    }

    /// The learning rate.
    pub fn lr(&self) -> f64 {
        match *self {
            OptimizerKind::Sgd { lr } | OptimizerKind::Adam { lr, .. } => lr,
        }
    }
}

/// An optimiser with its state (Adam's moments and step count).
#[derive(Debug, Clone, PartialEq)]
pub struct Optimizer {
    kind: OptimizerKind,
    m: Vec<f64>,
    v: Vec<f64>,
    t: i32,
}

impl Optimizer {
    /// A fresh optimiser for `n` parameters.
    pub fn new(kind: OptimizerKind, n: usize) -> Self {
        let (m, v) = match kind {
            OptimizerKind::Sgd { .. } => (Vec::new(), Vec::new()),
            OptimizerKind::Adam { .. } => (vec![0.0; n], vec![0.0; n]),
        };
        Optimizer { kind, m, v, t: 0 }
    }

    /// Forgets Adam's moments and step count (Zenke et al. reset the optimiser between tasks).
    pub fn reset(&mut self) {
        self.m.fill(0.0);
        self.v.fill(0.0);
        self.t = 0;
    }

    /// Updates `params` along `grad`; writes the step actually taken into `delta`.
    pub fn step(&mut self, params: &mut [f64], grad: &[f64], delta: &mut [f64]) {
        match self.kind {
            OptimizerKind::Sgd { lr } => {
                for ((p, &g), d) in params.iter_mut().zip(grad).zip(delta.iter_mut()) {
                    let old = *p;
                    *p = old - lr * g;
                    *d = *p - old;
                }
            }
            OptimizerKind::Adam {
                lr,
                beta1,
                beta2,
                eps,
            } => {
                self.t = self.t.saturating_add(1);
                let c1 = 1.0 / (1.0 - beta1.powi(self.t));
                let c2 = 1.0 / (1.0 - beta2.powi(self.t));
                for i in 0..params.len() {
                    let g = grad[i];
                    let m = beta1 * self.m[i] + (1.0 - beta1) * g;
                    let v = beta2 * self.v[i] + (1.0 - beta2) * g * g;
                    self.m[i] = m;
                    self.v[i] = v;
                    let old = params[i];
                    params[i] = old - lr * (m * c1) / ((v * c2).sqrt() + eps);
                    delta[i] = params[i] - old;
                }
            }
        }
    }
}
