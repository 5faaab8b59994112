//! Novelty-facilitated plasticity (Blumenfeld, Preminger, Sagi & Tsodyks 2006, *Neuron* 52:383).
//!
//! Each presented stimulus x drives the network, started in x, to an attractor s*; the
//! stimulus is then imprinted Hebbianly with a strength g that grows with its **novelty**,
//! the part of it the network did not already recall, while older memories fade by the same
//! amount (a palimpsest, so J stays bounded):
//!
//! $$ J \leftarrow (1 - g)\,J + \frac{g}{N}\,x x^{\top},\qquad
//!    g = \min\Bigl(1, \eta\,\frac{1 - m(x, s^*)}{2}\Bigr),
//!    \qquad m(x, s^*) = \tfrac1N \textstyle\sum_i x_i s^*_i , $$
//!
//! (J_ii = 0). A familiar stimulus (m = 1) changes nothing; a stimulus the network maps to an
//! unrelated state (m ≈ 0) is stored with g = η/2. Before the morphs, the source pattern A and `background` other
//! patterns are stored with unit strength (the prelearned faces of the experiment); the target
//! B is not stored. A morph sequence x^0 = A, …, x^K = B replaces, in a fixed random order of
//! the neurons, the first round(kN/K) values of A by those of B, so successive morphs differ
//! by N/(2K) bits on average. Sessions present the K + 1 morphs either in **gradual** order
//! (0, 1, …, K) or in a fresh seeded **random** order each session. Our choices (±1 neurons,
//! Hebbian imprints, novelty through the attractor overlap, η) are documented in
//! `docs/hopfield.md`; the paper uses 0/1 neurons with a covariance rule.

use learn_core::{rng, validate};
use rand::Rng;
use rand::seq::SliceRandom;
use serde::Serialize;

use crate::error::{HopfieldError, Result};
use crate::network::{Dynamics, Network, RunOptions};
use crate::patterns::{Patterns, overlap};
use crate::rules::DenseWeights;

/// The order of the morphs within a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MorphOrder {
    /// A, x^1, …, B in sequence.
    Gradual,
    /// A fresh random permutation each session.
    Random,
}

impl MorphOrder {
    /// Parses `gradual|random`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "gradual" => Ok(MorphOrder::Gradual),
            "random" => Ok(MorphOrder::Random),
            other => Err(HopfieldError::Core(learn_core::Error::InvalidInput(
                format!("unknown morph order `{other}` (expected gradual or random)"),
            ))),
        }
    }
}

/// Parameters of a morph experiment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MorphParams {
    neurons: usize,
    background: usize,
    steps: usize,
    sessions: usize,
    eta: f64,
}

impl MorphParams {
    /// N (10..=4,096), background patterns (0..N/4), morph steps K (2..=N), sessions
    /// (1..=100), novelty learning rate η in (0, 2].
    pub fn new(
        neurons: usize,
        background: usize,
        steps: usize,
        sessions: usize,
        eta: f64,
    ) -> Result<Self> {
        validate::count("neurons", neurons, 10, 4096)?;
        validate::count("background", background, 0, neurons / 4)?;
        validate::count("steps", steps, 2, neurons)?;
        validate::count("sessions", sessions, 1, 100)?;
        validate::in_closed_range("eta", eta, f64::MIN_POSITIVE, 2.0)?;
        Ok(MorphParams {
            neurons,
            background,
            steps,
            sessions,
            eta,
        })
    }

    /// N.
    pub fn neurons(&self) -> usize {
        self.neurons
    }
}

impl Default for MorphParams {
    /// N = 400, 5 background patterns, K = 20 steps, 5 sessions, η = 0.3.
    fn default() -> Self {
        MorphParams {
            neurons: 400,
            background: 5,
            steps: 20,
            sessions: 5,
            eta: 0.3,
        }
    }
}

/// A network that learns with novelty-weighted Hebbian imprints.
#[derive(Debug, Clone, PartialEq)]
pub struct NoveltyNetwork {
    weights: DenseWeights,
    eta: f64,
}

/// What one presentation did (g = min(1, η(1 − m)/2)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Presentation {
    /// m(x, s*): overlap of the stimulus with the attractor it led to.
    pub overlap: f64,
    /// The imprint strength g.
    pub strength: f64,
}

impl NoveltyNetwork {
    /// An empty network of `n` neurons with learning rate η > 0.
    pub fn new(n: usize, eta: f64) -> Result<Self> {
        let eta = validate::positive("eta", eta)?;
        Ok(NoveltyNetwork {
            weights: DenseWeights::zeros(n)?,
            eta,
        })
    }

    /// Adds `pattern` with fixed strength g, J += (g/N) x xᵀ (no novelty gating, no fading).
    pub fn store(&mut self, pattern: &[i8], g: f64) -> Result<()> {
        self.weights.imprint(pattern, g)
    }

    /// The attractor reached by asynchronous dynamics from `stimulus`.
    pub fn retrieve<R: Rng + ?Sized>(&self, stimulus: &[i8], rng: &mut R) -> Result<Vec<i8>> {
        let net = Network::from_dense(self.weights.clone());
        let mut s = stimulus.to_vec();
        net.run(&mut s, Dynamics::Asynchronous, &RunOptions::default(), rng)?;
        Ok(s)
    }

    /// Presents a stimulus: retrieve, then imprint with novelty-weighted strength.
    pub fn present<R: Rng + ?Sized>(
        &mut self,
        stimulus: &[i8],
        rng: &mut R,
    ) -> Result<Presentation> {
        let attractor = self.retrieve(stimulus, rng)?;
        let m = overlap(stimulus, &attractor)?;
        let g = (self.eta * (1.0 - m) / 2.0).clamp(0.0, 1.0);
        if g > 0.0 {
            self.weights.scale_by(1.0 - g);
            self.weights.imprint(stimulus, g)?;
        }
        Ok(Presentation {
            overlap: m,
            strength: g,
        })
    }

    /// The couplings.
    pub fn weights(&self) -> &DenseWeights {
        &self.weights
    }
}

/// The morph sequence from `a` to `b` in `steps` steps (K + 1 stimuli), replacing values in
/// the order given by a seeded random permutation of the neurons.
pub fn morph_sequence<R: Rng + ?Sized>(
    a: &[i8],
    b: &[i8],
    steps: usize,
    rng: &mut R,
) -> Result<Vec<Vec<i8>>> {
    validate::same_len("morph target", a.len(), b.len())?;
    validate::count("steps", steps, 1, a.len().max(1))?;
    let n = a.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    Ok((0..=steps)
        .map(|k| {
            let replaced = (k * n + steps / 2) / steps;
            let mut x = a.to_vec();
            for &i in &order[..replaced] {
                x[i] = b[i];
            }
            x
        })
        .collect())
}

/// One morph's retrieval after learning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MorphRecord {
    /// k / K.
    pub fraction: f64,
    /// Overlap of the attractor retrieved from morph k with the attractor retrieved from
    /// morph 0 (the source end).
    pub source_attractor_overlap: f64,
    /// … with the attractor retrieved from morph K (the target end).
    pub target_attractor_overlap: f64,
    /// … with pattern A.
    pub a_overlap: f64,
    /// … with pattern B.
    pub b_overlap: f64,
}

/// The result of a morph experiment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MorphResult {
    /// The order used.
    pub order: MorphOrder,
    /// One record per morph, k = 0..=K.
    pub morphs: Vec<MorphRecord>,
    /// Overlap between the attractors retrieved from the two ends.
    pub end_attractor_overlap: f64,
    /// The imprint strengths of every presentation, in presentation order.
    pub strengths: Vec<f64>,
}

impl MorphResult {
    /// How many times, along k, the retrieved attractor switches between "closer to the
    /// source-end attractor" and "closer to the target-end attractor".
    pub fn switches(&self) -> usize {
        let side: Vec<bool> = self
            .morphs
            .iter()
            .map(|r| r.source_attractor_overlap >= r.target_attractor_overlap)
            .collect();
        side.windows(2).filter(|w| w[0] != w[1]).count()
    }
}

/// Runs the experiment: store A and the background, present the morphs for `sessions`
/// sessions in `order`, then retrieve from every morph (without learning).
pub fn morph_experiment(params: &MorphParams, order: MorphOrder, seed: u64) -> Result<MorphResult> {
    let n = params.neurons;
    // The patterns and the morph path do not depend on the order, so both orders see the
    // same stimuli for the same seed.
    let mut r = rng::stream(seed, 0);
    let pats = Patterns::random(n, params.background + 2, &mut r)?;
    let a = pats.pattern(0);
    let b = pats.pattern(1);
    let morphs = morph_sequence(&a, &b, params.steps, &mut r)?;
    let mut net = NoveltyNetwork::new(n, params.eta)?;
    net.store(&a, 1.0)?;
    for mu in 2..pats.len() {
        net.store(&pats.pattern(mu), 1.0)?;
    }
    let mut r = rng::stream(seed, 1 + order as u64);
    let mut strengths = Vec::new();
    let mut idx: Vec<usize> = (0..morphs.len()).collect();
    for _ in 0..params.sessions {
        if order == MorphOrder::Random {
            idx.shuffle(&mut r);
        }
        for &k in &idx {
            strengths.push(net.present(&morphs[k], &mut r)?.strength);
        }
    }
    let attractors: Vec<Vec<i8>> = morphs
        .iter()
        .map(|x| net.retrieve(x, &mut r))
        .collect::<Result<_>>()?;
    let first = &attractors[0];
    let last = &attractors[attractors.len() - 1];
    let records = attractors
        .iter()
        .enumerate()
        .map(|(k, s)| {
            Ok(MorphRecord {
                fraction: k as f64 / params.steps as f64,
                source_attractor_overlap: overlap(s, first)?,
                target_attractor_overlap: overlap(s, last)?,
                a_overlap: overlap(s, &a)?,
                b_overlap: overlap(s, &b)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(MorphResult {
        order,
        morphs: records,
        end_attractor_overlap: overlap(first, last)?,
        strengths,
    })
}
