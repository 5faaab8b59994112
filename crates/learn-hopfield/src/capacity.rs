//! Retrieval versus load: the capacity experiment of Amit, Gutfreund & Sompolinsky (1985).
//!
//! For each load α = p/N and trial: draw p random patterns (seeded per trial), train the
//! rule, start from a cue of pattern 1 (the pattern itself when `flip = 0`, as in the AGS
//! retrieval-state analysis), run asynchronous dynamics to a fixed point and record the final
//! overlap m with pattern 1. AGS (1985) predict for the Hebbian rule as N → ∞ a retrieval
//! state with m ≈ 0.97 up to α_c ≈ 0.138 and its disappearance above; at finite N the
//! transition is smeared and shifted (the final overlap also depends on N through the
//! number of sweeps the collapse takes).

use learn_core::{rng, stats, validate};
use serde::Serialize;

use crate::error::Result;
use crate::network::{Dynamics, Network, RunOptions};
use crate::patterns::{Patterns, flip_cue, overlap};
use crate::rules::Rule;

/// Final overlap above which a trial counts as retrieved.
pub const RETRIEVED_OVERLAP: f64 = 0.9;

/// One load of a capacity sweep.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityPoint {
    /// α = p/N as asked.
    pub load: f64,
    /// p = max(1, round(α N)).
    pub patterns: usize,
    /// Mean final overlap over trials.
    pub mean_overlap: f64,
    /// Its standard error (0 for one trial).
    pub sem: f64,
    /// Fraction of trials with final overlap ≥ [`RETRIEVED_OVERLAP`].
    pub retrieved_fraction: f64,
    /// The final overlap of each trial, in trial order.
    pub overlaps: Vec<f64>,
}

/// Settings of a capacity sweep, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacitySettings {
    neurons: usize,
    loads: Vec<f64>,
    trials: usize,
    rule: Rule,
    flip: f64,
}

impl CapacitySettings {
    /// N ≥ 1, loads > 0 (p = round(αN) must not exceed what the rule supports), 1..=10,000
    /// trials, flip fraction in [0, 1].
    pub fn new(
        neurons: usize,
        loads: &[f64],
        trials: usize,
        rule: Rule,
        flip: f64,
    ) -> Result<Self> {
        validate::count("neurons", neurons, 1, crate::patterns::MAX_NEURONS)?;
        validate::count("trials", trials, 1, 10_000)?;
        validate::probability("flip", flip)?;
        if loads.is_empty() {
            return Err(crate::error::invalid(
                "loads",
                "at least one load is required",
            ));
        }
        for &a in loads {
            validate::positive("load", a)?;
            rule.check(neurons, patterns_for(neurons, a))?;
        }
        Ok(CapacitySettings {
            neurons,
            loads: loads.to_vec(),
            trials,
            rule,
            flip,
        })
    }
}

fn patterns_for(n: usize, load: f64) -> usize {
    ((load * n as f64).round() as usize).max(1)
}

/// One retrieval trial: returns the final overlap with pattern 1.
pub fn retrieval_trial(
    neurons: usize,
    patterns: usize,
    rule: Rule,
    flip: f64,
    seed: u64,
    trial: u64,
) -> Result<f64> {
    let mut r = rng::stream(seed, trial);
    let pats = Patterns::random(neurons, patterns, &mut r)?;
    let net = Network::train(rule, &pats)?;
    let target = pats.pattern(0);
    let mut state = flip_cue(&target, flip, &mut r)?;
    let opts = RunOptions {
        max_sweeps: 10_000,
        record_energy: false,
    };
    net.run(&mut state, Dynamics::Asynchronous, &opts, &mut r)?;
    overlap(&state, &target)
}

/// Runs the sweep: trials in parallel (rayon), trial t of load k drawing from
/// `stream(derive_seed(seed, "load k"), t)`; results in trial order, bit-identical for any
/// thread count.
pub fn capacity_sweep(settings: &CapacitySettings, seed: u64) -> Result<Vec<CapacityPoint>> {
    use rayon::prelude::*;
    let mut points = Vec::with_capacity(settings.loads.len());
    for (k, &load) in settings.loads.iter().enumerate() {
        let p = patterns_for(settings.neurons, load);
        let s = rng::derive_seed(seed, &format!("load {k}"));
        let overlaps: Vec<f64> = (0..settings.trials as u64)
            .into_par_iter()
            .map(|t| retrieval_trial(settings.neurons, p, settings.rule, settings.flip, s, t))
            .collect::<Result<_>>()?;
        let mean = stats::mean(&overlaps)?;
        let sem = if overlaps.len() > 1 {
            stats::sem(&overlaps)?
        } else {
            0.0
        };
        let retrieved = overlaps.iter().filter(|&&m| m >= RETRIEVED_OVERLAP).count() as f64
            / overlaps.len() as f64;
        points.push(CapacityPoint {
            load,
            patterns: p,
            mean_overlap: mean,
            sem,
            retrieved_fraction: retrieved,
            overlaps,
        });
    }
    Ok(points)
}
