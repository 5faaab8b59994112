//! Continual-learning methods: fine-tuning, synaptic intelligence, EWC, online EWC, MAS.
//!
//! Every method but fine-tuning adds a quadratic anchor to the task loss $\mathcal L$,
//! weighting each parameter's distance from its value at the end of earlier tasks by an
//! importance. [`Consolidator`] keeps that state: [`Consolidator::add_penalty_grad`] adds the
//! anchor's gradient to the task gradient before the optimiser step,
//! [`Consolidator::after_step`] sees the task gradient and the step actually taken (SI's path
//! integral), [`Consolidator::end_task`] updates the importances.
//!
//! ## Synaptic intelligence (Zenke, Poole & Ganguli 2017, eqs. 3–5; code `ganguli-lab/pathint`)
//! During a task, after every optimiser step
//! $$ \omega_k \leftarrow \omega_k - g_k\,\Delta\theta_k $$
//! with $g$ the gradient of the *task* loss alone (without the surrogate term) and
//! $\Delta\theta$ the step the optimiser actually took. At the end of the task
//! $$ \Omega_k \leftarrow \max\!\Big(0,\; \Omega_k + \frac{\omega_k}{(\theta_k-\theta^*_k)^2+\xi}\Big),
//! \qquad \theta^* \leftarrow \theta,\qquad \omega \leftarrow 0, $$
//! and the surrogate loss is $\tilde{\mathcal L} = \mathcal L + c\sum_k \Omega_k(\theta_k-\theta^*_k)^2$
//! (no factor ½, as in the code's `quadratic_regularizer`). The clipping at zero is the
//! code's (`tf.nn.relu` around the accumulated sum, `omega_decay='sum'`); the paper's eq. 5
//! has no clipping. $\theta^*$ starts at the initial parameters.
//!
//! ## EWC (Kirkpatrick et al. 2017, eq. 3) and online EWC (Schwarz et al. 2018)
//! $\tilde{\mathcal L} = \mathcal L + \frac\lambda2\sum_{t}\sum_k F_{t,k}(\theta_k-\theta^*_{t,k})^2$,
//! one anchor per past task, with $F_t$ the diagonal Fisher information at the end of task
//! $t$: $F_k = \frac1N\sum_n \sum_{y\in H} p(y\mid x_n)\,(\partial_k \log p(y\mid x_n))^2$,
//! the expectation over the model's own predictive distribution on the task's head $H$
//! (computed exactly over the head rather than sampled), on up to [`FISHER_SAMPLES`]
//! training examples. Online EWC keeps one running Fisher, $\tilde F \leftarrow \gamma\tilde F + F_t$,
//! and one anchor $\theta^* \leftarrow \theta$.
//!
//! ## MAS (Aljundi et al. 2018, eqs. 2–4)
//! $\Omega_k \leftarrow \Omega_k + \frac1N\sum_n\big|\partial_k \lVert f(x_n)\rVert_2^2\big|$ with
//! $f$ the head's logits; $\tilde{\mathcal L} = \mathcal L + \lambda\sum_k\Omega_k(\theta_k-\theta^*_k)^2$.
//!
//! ## Fine-tuning (McCloskey & Cohen 1989)
//! Plain training on each task in turn: $\tilde{\mathcal L} = \mathcal L$.

use learn_core::validate;

use crate::error::{Error, Result};
use crate::mlp::{Mlp, Workspace};
use crate::protocol::Task;

/// Examples per task used to estimate EWC's Fisher information and MAS's importance.
pub const FISHER_SAMPLES: usize = 256;

/// A method with its validated hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "method", rename_all = "kebab-case")]
pub enum Method {
    /// Plain training.
    Finetune,
    /// Synaptic intelligence.
    Si {
        /// Strength c ≥ 0.
        c: f64,
        /// Damping ξ > 0.
        xi: f64,
    },
    /// Elastic weight consolidation, one anchor per task.
    Ewc {
        /// Strength λ ≥ 0.
        lambda: f64,
    },
    /// Online EWC: one running Fisher with decay γ.
    OnlineEwc {
        /// Strength λ ≥ 0.
        lambda: f64,
        /// Decay γ ∈ [0, 1].
        gamma: f64,
    },
    /// Memory-aware synapses.
    Mas {
        /// Strength λ ≥ 0.
        lambda: f64,
    },
}

impl Method {
    /// Synaptic intelligence; `c` (`strength`) must be ≥ 0 and `xi` > 0.
    pub fn si(c: f64, xi: f64) -> Result<Self> {
        Ok(Method::Si {
            c: validate::non_negative("strength", c)?,
            xi: validate::positive("xi", xi)?,
        })
    }
    /// EWC with strength λ ≥ 0.
    pub fn ewc(lambda: f64) -> Result<Self> {
        Ok(Method::Ewc {
            lambda: validate::non_negative("strength", lambda)?,
        })
    }
    /// Online EWC with strength λ ≥ 0 and decay γ ∈ [0, 1].
    pub fn online_ewc(lambda: f64, gamma: f64) -> Result<Self> {
        Ok(Method::OnlineEwc {
            lambda: validate::non_negative("strength", lambda)?,
            gamma: validate::probability("gamma", gamma)?,
        })
    }
    /// MAS with strength λ ≥ 0.
    pub fn mas(lambda: f64) -> Result<Self> {
        Ok(Method::Mas {
            lambda: validate::non_negative("strength", lambda)?,
        })
    }

    /// The CLI spelling.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Finetune => "finetune",
            Method::Si { .. } => "si",
            Method::Ewc { .. } => "ewc",
            Method::OnlineEwc { .. } => "online-ewc",
            Method::Mas { .. } => "mas",
        }
    }

    /// Builds a method from its CLI spelling, a strength (c or λ) and SI's ξ.
    pub fn from_name(name: &str, strength: f64, xi: f64) -> Result<Self> {
        match name {
            "finetune" => Ok(Method::Finetune),
            "si" => Method::si(strength, xi),
            "ewc" => Method::ewc(strength),
            "online-ewc" => Method::online_ewc(strength, 1.0),
            "mas" => Method::mas(strength),
            other => Err(Error::param(
                "method",
                format!("unknown method `{other}` (finetune, si, ewc, online-ewc, mas)"),
            )),
        }
    }
}

/// The state a method keeps across tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct Consolidator {
    method: Method,
    /// SI: the running path integral ω of the current task.
    pub omega: Vec<f64>,
    /// SI, online EWC, MAS: the importance Ω (or running Fisher F̃).
    pub importance: Vec<f64>,
    /// SI, online EWC, MAS: the anchor θ*.
    pub anchor: Vec<f64>,
    /// EWC: one (Fisher, anchor) pair per finished task.
    pub ewc_tasks: Vec<(Vec<f64>, Vec<f64>)>,
    tasks_done: usize,
}

impl Consolidator {
    /// Fresh state for a network whose initial parameters are `init` (SI's first anchor).
    pub fn new(method: Method, init: &[f64]) -> Self {
        let n = init.len();
        let (omega, importance, anchor) = match method {
            Method::Finetune | Method::Ewc { .. } => (Vec::new(), Vec::new(), Vec::new()),
            Method::Si { .. } => (vec![0.0; n], vec![0.0; n], init.to_vec()),
            Method::OnlineEwc { .. } | Method::Mas { .. } => {
                (Vec::new(), vec![0.0; n], init.to_vec())
            }
        };
        Consolidator {
            method,
            omega,
            importance,
            anchor,
            ewc_tasks: Vec::new(),
            tasks_done: 0,
        }
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The anchor term of the surrogate loss at `params` (0 for fine-tuning).
    pub fn penalty(&self, params: &[f64]) -> f64 {
        let quad = |w: &[f64], a: &[f64]| -> f64 {
            params
                .iter()
                .zip(w)
                .zip(a)
                .map(|((&p, &w), &a)| w * (p - a) * (p - a))
                .sum()
        };
        match self.method {
            Method::Finetune => 0.0,
            Method::Si { c, .. } => c * quad(&self.importance, &self.anchor),
            Method::Mas { lambda } => lambda * quad(&self.importance, &self.anchor),
            Method::OnlineEwc { lambda, .. } => {
                if self.tasks_done == 0 {
                    0.0
                } else {
                    0.5 * lambda * quad(&self.importance, &self.anchor)
                }
            }
            Method::Ewc { lambda } => {
                0.5 * lambda * self.ewc_tasks.iter().map(|(f, a)| quad(f, a)).sum::<f64>()
            }
        }
    }

    /// Adds the gradient of [`Consolidator::penalty`] at `params` to `grad`.
    pub fn add_penalty_grad(&self, params: &[f64], grad: &mut [f64]) {
        let add = |grad: &mut [f64], scale: f64, w: &[f64], a: &[f64]| {
            for (((g, &p), &w), &a) in grad.iter_mut().zip(params).zip(w).zip(a) {
                *g += scale * w * (p - a);
            }
        };
        match self.method {
            Method::Finetune => {}
            Method::Si { c, .. } => add(grad, 2.0 * c, &self.importance, &self.anchor),
            Method::Mas { lambda } => add(grad, 2.0 * lambda, &self.importance, &self.anchor),
            Method::OnlineEwc { lambda, .. } => {
                if self.tasks_done > 0 {
                    add(grad, lambda, &self.importance, &self.anchor);
                }
            }
            Method::Ewc { lambda } => {
                for (f, a) in &self.ewc_tasks {
                    add(grad, lambda, f, a);
                }
            }
        }
    }

    /// SI's path integral: $\omega_k \mathrel{-}= g_k\,\Delta\theta_k$ with `task_grad` the
    /// gradient of the task loss alone and `delta` the step taken. No-op for other methods.
    pub fn after_step(&mut self, task_grad: &[f64], delta: &[f64]) {
        if let Method::Si { .. } = self.method {
            for ((w, &g), &d) in self.omega.iter_mut().zip(task_grad).zip(delta) {
                *w -= g * d;
            }
        }
    }

    /// Updates importances and anchors at the end of `task`, with the network as trained.
    pub fn end_task(&mut self, mlp: &Mlp, task: &Task, ws: &mut Workspace) {
        let params = &mlp.params;
        match self.method {
            Method::Finetune => {}
            Method::Si { xi, .. } => {
                for ((big, &w), (&p, &a)) in self
                    .importance
                    .iter_mut()
                    .zip(&self.omega)
                    .zip(params.iter().zip(&self.anchor))
                {
                    let d = p - a;
                    *big = (*big + w / (d * d + xi)).max(0.0);
                }
                self.anchor.copy_from_slice(params);
                self.omega.fill(0.0);
            }
            Method::Ewc { .. } => {
                let f = fisher_diagonal(mlp, task, ws);
                self.ewc_tasks.push((f, params.clone()));
            }
            Method::OnlineEwc { gamma, .. } => {
                let f = fisher_diagonal(mlp, task, ws);
                for (acc, fk) in self.importance.iter_mut().zip(f) {
                    *acc = gamma * *acc + fk;
                }
                self.anchor.copy_from_slice(params);
            }
            Method::Mas { .. } => {
                let o = mas_importance(mlp, task, ws);
                for (acc, ok) in self.importance.iter_mut().zip(o) {
                    *acc += ok;
                }
                self.anchor.copy_from_slice(params);
            }
        }
        self.tasks_done += 1;
    }
}

/// Indices of at most [`FISHER_SAMPLES`] training examples, evenly spaced.
fn sample_indices(n: usize) -> Vec<usize> {
    if n <= FISHER_SAMPLES {
        (0..n).collect()
    } else {
        (0..FISHER_SAMPLES)
            .map(|k| k * n / FISHER_SAMPLES)
            .collect()
    }
}

/// The diagonal Fisher information of the masked softmax on `task`'s head, averaged over
/// up to [`FISHER_SAMPLES`] training examples, with the expectation over the model's
/// predictive distribution taken exactly.
pub fn fisher_diagonal(mlp: &Mlp, task: &Task, ws: &mut Workspace) -> Vec<f64> {
    let n = mlp.len();
    let o = mlp.outputs();
    let mut fisher = vec![0.0; n];
    let mut grad = vec![0.0; n];
    let mut probs = vec![0.0; o];
    let mut dz = vec![0.0; o];
    let idx = sample_indices(task.train.len());
    for &i in &idx {
        mlp.forward_rows(&task.train.inputs, &[i], ws);
        let z = mlp.logits(ws);
        let max = task
            .head
            .iter()
            .map(|&k| z[k])
            .fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = task.head.iter().map(|&k| (z[k] - max).exp()).sum();
        probs.fill(0.0);
        for &k in &task.head {
            probs[k] = (z[k] - max).exp() / sum;
        }
        for &y in &task.head {
            // ∂(−log p(y|x))/∂z = p − e_y on the head.
            dz.fill(0.0);
            for &k in &task.head {
                dz[k] = probs[k];
            }
            dz[y] -= 1.0;
            mlp.set_output_delta(ws, &dz);
            mlp.backward(ws, &mut grad);
            let py = probs[y];
            for (f, &g) in fisher.iter_mut().zip(&grad) {
                *f += py * g * g;
            }
        }
    }
    let inv = 1.0 / idx.len() as f64;
    fisher.iter_mut().for_each(|f| *f *= inv);
    fisher
}

/// MAS importance on `task`: the mean absolute gradient of the squared L2 norm of the head's
/// logits, over up to [`FISHER_SAMPLES`] training examples.
pub fn mas_importance(mlp: &Mlp, task: &Task, ws: &mut Workspace) -> Vec<f64> {
    let n = mlp.len();
    let o = mlp.outputs();
    let mut omega = vec![0.0; n];
    let mut grad = vec![0.0; n];
    let mut dz = vec![0.0; o];
    let idx = sample_indices(task.train.len());
    for &i in &idx {
        mlp.forward_rows(&task.train.inputs, &[i], ws);
        let z = mlp.logits(ws);
        dz.fill(0.0);
        for &k in &task.head {
            dz[k] = 2.0 * z[k];
        }
        mlp.set_output_delta(ws, &dz);
        mlp.backward(ws, &mut grad);
        for (w, &g) in omega.iter_mut().zip(&grad) {
            *w += g.abs();
        }
    }
    let inv = 1.0 / idx.len() as f64;
    omega.iter_mut().for_each(|w| *w *= inv);
    omega
}
