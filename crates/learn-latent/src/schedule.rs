//! Building trial sequences by blocks and gaps, the way the authors' `imm_run.m` lays out
//! its experiments: blocks of identical trials one time unit apart, with extra time between
//! blocks.
//!
//! ```
//! use learn_latent::Schedule;
//! // 3 A+ | @20 | 1 A− : trials at times 0, 1, 2 and 23.
//! let trials = Schedule::new(1).block(3, &[1.0], 1.0).gap(20.0).block(1, &[1.0], 0.0).trials();
//! let times: Vec<f64> = trials.iter().map(|t| t.time).collect();
//! assert_eq!(times, vec![0.0, 1.0, 2.0, 23.0]);
//! ```

use crate::model::Trial;

/// A trial sequence under construction. Consecutive trials are 1 time unit apart;
/// [`Schedule::gap`] adds extra units before the next trial (the design language's `@N`).
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    n_features: usize,
    next_time: f64,
    trials: Vec<Trial>,
}

impl Schedule {
    /// An empty schedule for cue vectors of `n_features` entries, starting at time 0.
    pub fn new(n_features: usize) -> Self {
        Schedule {
            n_features,
            next_time: 0.0,
            trials: Vec::new(),
        }
    }

    /// Appends `n` trials with cue vector `cues` (padded with zeros or truncated to the
    /// schedule's number of features) and US `us`.
    pub fn block(mut self, n: usize, cues: &[f64], us: f64) -> Self {
        let mut x = vec![0.0; self.n_features];
        for (a, &b) in x.iter_mut().zip(cues) {
            *a = b;
        }
        for _ in 0..n {
            self.trials.push(Trial::new(self.next_time, x.clone(), us));
            self.next_time += 1.0;
        }
        self
    }

    /// Lets `units` extra time units pass before the next trial.
    pub fn gap(mut self, units: f64) -> Self {
        self.next_time += units;
        self
    }

    /// The trials built so far.
    pub fn trials(self) -> Vec<Trial> {
        self.trials
    }

    /// Number of trials built so far.
    pub fn len(&self) -> usize {
        self.trials.len()
    }

    /// Whether no trial has been added.
    pub fn is_empty(&self) -> bool {
        self.trials.is_empty()
    }
}
