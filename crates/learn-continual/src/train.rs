//! Training a network on a task sequence, and experiments over several seeds.
//!
//! [`train_sequence`] learns the tasks one after the other with minibatch gradient descent
//! on the method's surrogate loss, and records the test accuracy on every task at the end of
//! every epoch — the accuracy matrix $R$ is the subset taken at the end of each task. The
//! model never prints: progress goes to a callback.

use rand::seq::SliceRandom;
use serde::Serialize;

use learn_core::validate;

use crate::error::{Error, Result};
use crate::method::{Consolidator, Method};
use crate::metrics::{Summary, summarize};
use crate::mlp::{Mlp, OutputInit, Workspace};
use crate::optim::{Optimizer, OptimizerKind};
use crate::protocol::TaskSequence;

/// Network and optimisation settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainConfig {
    /// Hidden layer sizes (non-empty).
    pub hidden: Vec<usize>,
    /// Epochs per task.
    pub epochs: usize,
    /// Minibatch size (the last minibatch of an epoch may be smaller).
    pub batch: usize,
    /// Optimiser.
    pub optimizer: OptimizerKind,
    /// Reset the optimiser's state at the start of every task (Zenke et al. do).
    pub reset_optimizer: bool,
    /// Initialisation of the output layer.
    pub output_init: OutputInit,
}

impl TrainConfig {
    /// Validated settings.
    pub fn new(
        hidden: Vec<usize>,
        epochs: usize,
        batch: usize,
        optimizer: OptimizerKind,
        reset_optimizer: bool,
        output_init: OutputInit,
    ) -> Result<Self> {
        if hidden.is_empty() {
            return Err(Error::param(
                "hidden",
                "the list of hidden layer sizes is empty; give at least one, e.g. 100,100",
            ));
        }
        for &h in &hidden {
            validate::count("hidden", h, 1, 10_000)?;
        }
        validate::count("hidden (number of layers)", hidden.len(), 1, 16)?;
        validate::count("epochs", epochs, 1, 10_000)?;
        validate::count("batch", batch, 1, 1_000_000)?;
        Ok(TrainConfig {
            hidden,
            epochs,
            batch,
            optimizer,
            reset_optimizer,
            output_init,
        })
    }

    /// The settings of the claims: hidden 100-100, Adam (lr 10⁻³, reset between tasks),
    /// batch 64, zero-initialised output layer, `epochs` per task.
    pub fn claims_default(epochs: usize) -> Self {
        TrainConfig {
            hidden: vec![100, 100],
            epochs,
            batch: 64,
            optimizer: OptimizerKind::Adam {
                lr: 1e-3,
                beta1: 0.9,
                beta2: 0.999,
                eps: 1e-8,
            },
            reset_optimizer: true,
            output_init: OutputInit::Zero,
        }
    }
}

/// Where training is: sent to the progress callback after every epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Run (seed index).
    pub run: usize,
    /// Task just trained on (0-based).
    pub task: usize,
    /// Epoch just finished (0-based).
    pub epoch: usize,
}

/// The record of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRecord {
    /// $R_{i,j}$: test accuracy on task j after training task i.
    pub accuracy_matrix: Vec<Vec<f64>>,
    /// $\bar b_j$: test accuracy on task j of the untrained network.
    pub baseline: Vec<f64>,
    /// Test accuracy on every task after every epoch (row k = after epoch k overall).
    pub curve: Vec<Vec<f64>>,
    /// ACC, BWT, FWT.
    pub summary: Summary,
    /// Final parameters (for bit-identity checks).
    #[serde(skip)]
    pub params: Vec<f64>,
}

fn evaluate(mlp: &Mlp, seq: &TaskSequence, ws: &mut Workspace) -> Vec<f64> {
    seq.tasks
        .iter()
        .map(|t| mlp.accuracy(&t.test.inputs, &t.test_targets, &t.head, ws))
        .collect()
}

/// Trains a fresh network (initialised and shuffled from `rng`) on the tasks of `seq` in
/// order with `method`.
pub fn train_sequence(
    seq: &TaskSequence,
    method: Method,
    cfg: &TrainConfig,
    rng: &mut impl rand::Rng,
    run: usize,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<RunRecord> {
    seq.validate()?;
    let mut sizes = vec![seq.inputs];
    sizes.extend_from_slice(&cfg.hidden);
    sizes.push(seq.outputs);
    let mut mlp = Mlp::new(&sizes, cfg.output_init, rng)?;
    let n = mlp.len();
    let mut ws = Workspace::new();
    let mut opt = Optimizer::new(cfg.optimizer, n);
    let mut cons = Consolidator::new(method, &mlp.params);
    let mut task_grad = vec![0.0; n];
    let mut grad = vec![0.0; n];
    let mut delta = vec![0.0; n];
    let mut targets = Vec::with_capacity(cfg.batch);
    let baseline = evaluate(&mlp, seq, &mut ws);
    let mut matrix = Vec::with_capacity(seq.len());
    let mut curve = Vec::with_capacity(seq.len() * cfg.epochs);
    for (t, task) in seq.tasks.iter().enumerate() {
        if cfg.reset_optimizer && t > 0 {
            opt.reset();
        }
        let mut order: Vec<usize> = (0..task.train.len()).collect();
        for epoch in 0..cfg.epochs {
            order.shuffle(rng);
            for idx in order.chunks(cfg.batch) {
                mlp.forward_rows(&task.train.inputs, idx, &mut ws);
                targets.clear();
                targets.extend(idx.iter().map(|&i| task.train_targets[i]));
                let loss = mlp.softmax_xent(&mut ws, &targets, &task.head);
                if !loss.is_finite() {
                    return Err(Error::Core(learn_core::Error::Numerical(format!(
                        "training loss became {loss} on task {} (learning rate or strength too large?)",
                        task.name
                    ))));
                }
                mlp.backward(&mut ws, &mut task_grad);
                grad.copy_from_slice(&task_grad);
                cons.add_penalty_grad(&mlp.params, &mut grad);
                opt.step(&mut mlp.params, &grad, &mut delta);
                cons.after_step(&task_grad, &delta);
            }
            curve.push(evaluate(&mlp, seq, &mut ws));
            progress(Progress {
                run,
                task: t,
                epoch,
            });
        }
        cons.end_task(&mlp, task, &mut ws);
        matrix.push(curve.last().cloned().unwrap_or_default());
    }
    let summary = summarize(&matrix, &baseline);
    Ok(RunRecord {
        accuracy_matrix: matrix,
        baseline,
        curve,
        summary,
        params: mlp.params,
    })
}

/// Results of one method on one protocol over several seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Experiment {
    /// The method.
    pub method: Method,
    /// Per-run records, in run order.
    pub runs: Vec<RunRecord>,
    /// Element-wise mean of the runs' accuracy matrices.
    pub mean_matrix: Vec<Vec<f64>>,
    /// Means of ACC, BWT, FWT over runs.
    pub mean: Summary,
}

impl Experiment {
    /// Per-run values of a summary field.
    pub fn each(&self, f: impl Fn(&Summary) -> f64) -> Vec<f64> {
        self.runs.iter().map(|r| f(&r.summary)).collect()
    }

    /// Mean over runs of the accuracy on task `task` after every epoch.
    pub fn mean_curve(&self, task: usize) -> Vec<f64> {
        let k = self.runs.len() as f64;
        let len = self.runs[0].curve.len();
        (0..len)
            .map(|e| self.runs.iter().map(|r| r.curve[e][task]).sum::<f64>() / k)
            .collect()
    }
}

/// Runs `method` on `seq` for `seeds` runs in parallel; run i draws from
/// `learn_core::rng::stream(seed, i)`, so results do not depend on the thread count.
pub fn run_experiment(
    seq: &TaskSequence,
    method: Method,
    cfg: &TrainConfig,
    seeds: usize,
    seed: u64,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Experiment> {
    validate::count("seeds", seeds, 1, 1000)?;
    let runs = learn_core::rng::par_runs(seed, seeds, |i, rng| {
        train_sequence(seq, method, cfg, rng, i, progress)
    })
    .into_iter()
    .collect::<Result<Vec<_>>>()?;
    let t = seq.len();
    let k = runs.len() as f64;
    let mean_matrix: Vec<Vec<f64>> = (0..t)
        .map(|i| {
            (0..t)
                .map(|j| runs.iter().map(|r| r.accuracy_matrix[i][j]).sum::<f64>() / k)
                .collect()
        })
        .collect();
    let avg = |f: &dyn Fn(&Summary) -> f64| runs.iter().map(|r| f(&r.summary)).sum::<f64>() / k;
    let mean = Summary {
        acc: avg(&|s| s.acc),
        bwt: avg(&|s| s.bwt),
        fwt: avg(&|s| s.fwt),
    };
    Ok(Experiment {
        method,
        runs,
        mean_matrix,
        mean,
    })
}
