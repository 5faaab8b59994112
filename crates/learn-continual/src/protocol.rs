//! Task protocols: split digits in the three scenarios of van de Ven & Tolias (2019),
//! overlapping pairs, and permuted pixels.
//!
//! A [`Task`] holds its training and test examples, each example's *target output unit*,
//! and the task's *head*: the output units the softmax runs over while training on it and
//! testing it.
//!
//! | scenario | tasks | outputs | head of task t | target of digit d |
//! |---|---|---|---|---|
//! | [`Scenario::Task`] (task-incremental) | 0/1, 2/3, …, 8/9 | 10 | {2t, 2t+1} | d |
//! | [`Scenario::Domain`] (domain-incremental) | 0/1, …, 8/9 | 2 | {0, 1} | d mod 2 |
//! | [`Scenario::Class`] (class-incremental) | 0/1, …, 8/9 | 10 | {0, …, 9} | d |
//! | [`Scenario::Pairs`] (overlapping pairs) | 1/2, 2/3, …, 8/9 | 2 | {0, 1} | 0 for the pair's lower digit, 1 for its higher |
//! | [`Scenario::Permuted`] | k permutations | 10 | {0, …, 9} | d |
//!
//! Task-incremental follows Zenke et al.'s code: one 10-unit layer whose softmax is masked
//! to the current task's two digits (a "multi-head" network with shared hidden layers).
//! Overlapping pairs share a 2-way head, so the middle digit of 1/2 then 2/3 must move from
//! output 1 to output 0: the second task directly contradicts the first. Permuted tasks apply
//! a seeded pixel permutation per task; the first task is unpermuted, as in Zenke et al.'s
//! `construct_permute_mnist`.

use rand::seq::SliceRandom;

use crate::data::Dataset;
use crate::error::{Error, Result};

/// Largest memory the permuted tasks' copies of the data may take (4 GiB): MNIST (70,000 ×
/// 784 `f32`) allows 19 permuted tasks.
pub const MAX_PERMUTED_BYTES: f64 = 4.0 * 1024.0 * 1024.0 * 1024.0;

/// The task protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    /// Task-incremental split digits (multi-head: softmax masked to the task's two digits).
    Task,
    /// Domain-incremental split digits (one shared 2-way head: even vs odd within the pair).
    Domain,
    /// Class-incremental split digits (one 10-way head over all digits).
    Class,
    /// Consecutive overlapping pairs 1/2, 2/3, …, 8/9 on a shared 2-way head.
    Pairs,
    /// Permuted pixels: every task is the full 10-way problem under its own pixel permutation.
    Permuted,
}

impl Scenario {
    /// All scenarios.
    pub const ALL: [Scenario; 5] = [
        Scenario::Task,
        Scenario::Domain,
        Scenario::Class,
        Scenario::Pairs,
        Scenario::Permuted,
    ];

    /// The CLI spelling.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Task => "task",
            Scenario::Domain => "domain",
            Scenario::Class => "class",
            Scenario::Pairs => "pairs",
            Scenario::Permuted => "permuted",
        }
    }

    /// Parses the CLI spelling.
    pub fn parse(s: &str) -> Result<Self> {
        Scenario::ALL
            .into_iter()
            .find(|sc| sc.name() == s)
            .ok_or_else(|| {
                Error::param(
                    "scenario",
                    format!("unknown scenario `{s}` (task, domain, class, pairs, permuted)"),
                )
            })
    }

    /// Number of output units of the network.
    pub fn outputs(self) -> usize {
        match self {
            Scenario::Domain | Scenario::Pairs => 2,
            _ => 10,
        }
    }
}

/// One task: examples, target output units and the head.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Short name, e.g. `"2/3"` or `"perm 4"`.
    pub name: String,
    /// Training inputs (labels are the original digits).
    pub train: Dataset,
    /// Target output unit of each training example.
    pub train_targets: Vec<usize>,
    /// Test inputs.
    pub test: Dataset,
    /// Target output unit of each test example.
    pub test_targets: Vec<usize>,
    /// Output units the softmax runs over for this task.
    pub head: Vec<usize>,
}

/// A sequence of tasks learned one after the other.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskSequence {
    /// The protocol.
    pub scenario: Scenario,
    /// The tasks, in training order.
    pub tasks: Vec<Task>,
    /// Input dimension.
    pub inputs: usize,
    /// Output units of the network.
    pub outputs: usize,
}

impl TaskSequence {
    /// Builds the tasks of `scenario` from a train/test split. `permuted_tasks` is the number
    /// of tasks of [`Scenario::Permuted`] (ignored otherwise); `seed` draws the permutations.
    pub fn new(
        scenario: Scenario,
        train: &Dataset,
        test: &Dataset,
        permuted_tasks: usize,
        seed: u64,
    ) -> Result<Self> {
        learn_core::validate::same_len("test input dimension", train.dim, test.dim)?;
        let mut tasks = Vec::new();
        let split = |lo: u8, hi: u8, head: Vec<usize>, target: &dyn Fn(u8) -> usize| {
            let tr = train.with_labels(&[lo, hi]);
            let te = test.with_labels(&[lo, hi]);
            Task {
                name: format!("{lo}/{hi}"),
                train_targets: tr.labels.iter().map(|&l| target(l)).collect(),
                test_targets: te.labels.iter().map(|&l| target(l)).collect(),
                train: tr,
                test: te,
                head,
            }
        };
        match scenario {
            Scenario::Task => {
                for t in 0..5u8 {
                    let (lo, hi) = (2 * t, 2 * t + 1);
                    tasks.push(split(lo, hi, vec![lo.into(), hi.into()], &|l| l.into()));
                }
            }
            Scenario::Domain => {
                for t in 0..5u8 {
                    tasks.push(split(2 * t, 2 * t + 1, vec![0, 1], &|l| usize::from(l % 2)));
                }
            }
            Scenario::Class => {
                for t in 0..5u8 {
                    tasks.push(split(2 * t, 2 * t + 1, (0..10).collect(), &|l| l.into()));
                }
            }
            Scenario::Pairs => {
                for lo in 1..9u8 {
                    tasks.push(split(lo, lo + 1, vec![0, 1], &move |l| {
                        usize::from(l != lo)
                    }));
                }
            }
            Scenario::Permuted => {
                learn_core::validate::count("permuted_tasks", permuted_tasks, 1, 1000)?;
                // Each permuted task stores its own copy of the data (f32); refuse sizes that
                // would exhaust memory instead of failing mid-way.
                let bytes = permuted_tasks as f64
                    * (train.len() + test.len()) as f64
                    * train.dim as f64
                    * 8.0;
                if bytes > MAX_PERMUTED_BYTES {
                    return Err(Error::param(
                        "permuted_tasks",
                        format!(
                            "{permuted_tasks} permuted copies of {} examples × {} pixels would take {:.1} GiB (limit {:.0} GiB); use fewer tasks",
                            train.len() + test.len(),
                            train.dim,
                            bytes / 1024f64.powi(3),
                            MAX_PERMUTED_BYTES / 1024f64.powi(3)
                        ),
                    ));
                }
                let mut rng =
                    learn_core::rng::stream(learn_core::rng::derive_seed(seed, "permutations"), 0);
                for t in 0..permuted_tasks {
                    let mut perm: Vec<usize> = (0..train.dim).collect();
                    if t > 0 {
                        perm.shuffle(&mut rng);
                    }
                    let tr = train.permuted(&perm);
                    let te = test.permuted(&perm);
                    tasks.push(Task {
                        name: format!("perm {}", t + 1),
                        train_targets: tr.labels.iter().map(|&l| l.into()).collect(),
                        test_targets: te.labels.iter().map(|&l| l.into()).collect(),
                        train: tr,
                        test: te,
                        head: (0..10).collect(),
                    });
                }
            }
        }
        for t in &tasks {
            if t.train.is_empty() || t.test.is_empty() {
                return Err(Error::Core(learn_core::Error::InvalidInput(format!(
                    "task {} has no training or no test examples",
                    t.name
                ))));
            }
        }
        Ok(TaskSequence {
            scenario,
            tasks,
            inputs: train.dim,
            outputs: scenario.outputs(),
        })
    }

    /// Checks the invariants training relies on (the fields are public, so a hand-built
    /// sequence may break them): at least one task; every head non-empty, with units below
    /// `outputs`; every target in its head; input dimensions and target counts consistent.
    pub fn validate(&self) -> Result<()> {
        let invalid = |msg: String| Error::Core(learn_core::Error::InvalidInput(msg));
        if self.tasks.is_empty() {
            return Err(invalid("the task sequence is empty".into()));
        }
        for t in &self.tasks {
            if t.head.is_empty() || t.head.iter().any(|&k| k >= self.outputs) {
                return Err(invalid(format!(
                    "task {}: head {:?} must be non-empty with units below {}",
                    t.name, t.head, self.outputs
                )));
            }
            for (set, data, targets) in [
                ("train", &t.train, &t.train_targets),
                ("test", &t.test, &t.test_targets),
            ] {
                learn_core::validate::same_len(
                    &format!("task {} {set} input dimension", t.name),
                    self.inputs,
                    data.dim,
                )?;
                learn_core::validate::same_len(
                    &format!("task {} {set} targets", t.name),
                    data.len(),
                    targets.len(),
                )?;
                if data.is_empty() {
                    return Err(invalid(format!("task {} has no {set} examples", t.name)));
                }
                if let Some(bad) = targets.iter().find(|y| !t.head.contains(y)) {
                    return Err(invalid(format!(
                        "task {}: {set} target {bad} is not in its head {:?}",
                        t.name, t.head
                    )));
                }
            }
        }
        Ok(())
    }

    /// Number of tasks.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Whether there are no tasks.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }
}
