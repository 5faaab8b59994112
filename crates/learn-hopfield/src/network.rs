//! The network of N binary neurons and its dynamics (Hopfield 1982; the review's eq. 2).
//!
//! State s ∈ {−1, +1}^N, local field h_i = Σ_{j≠i} J_ij s_j, energy
//! E = −½ Σ_{i≠j} J_ij s_i s_j. Three dynamics:
//!
//! - **asynchronous** (Hopfield 1982): each sweep visits the N neurons in a fresh seeded random
//!   order and sets s_i ← sgn(h_i) (h_i = 0 leaves s_i unchanged); stops at the first sweep
//!   without a flip (a fixed point). For symmetric J with zero diagonal each flip changes the
//!   energy by ΔE = −2 s_i^new h_i < 0, so the energy never increases;
//! - **synchronous** (Little 1974): all neurons at once, s ← sgn(J s); ends at a fixed point or
//!   in a 2-cycle (Goles-Chacc, Fogelman-Soulié & Pellegrin 1985), which is detected and reported;
//! - **Glauber** at temperature T (heat bath, asynchronous order): s_i ← +1 with probability
//!   1/(1 + exp(−2 h_i / T)). T is in the units of h, i.e. of J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ for
//!   the Hebbian rule (Amit, Gutfreund & Sompolinsky 1985); T = 0 is asynchronous dynamics.
//!
//! Two engines compute the fields. The Hebbian rule uses the **overlap fast path**: it keeps
//! the integer overlaps M_μ = Σ_i ξ_i^μ s_i and computes N h_i = Σ_μ ξ_i^μ M_μ − p s_i, updating
//! M by 2 s_i ξ_i^μ on each flip — O(p) per visited neuron, O(Np) per sweep and O(Np) bytes,
//! J never stored. Other rules use a dense row-major `f32` matrix. Fields of the Hebbian rule
//! are exact integers in both engines, so both give identical trajectories for the same seed.

use learn_core::validate;
use rand::seq::SliceRandom;
use rand::{Rng, RngExt};
use serde::Serialize;

use crate::error::Result;
use crate::patterns::{Patterns, check_state};
use crate::rules::{self, DenseWeights, Rule};

/// How the couplings are held.
#[derive(Debug, Clone, PartialEq)]
pub enum Couplings {
    /// The Hebbian rule, kept as its patterns (overlap fast path).
    Hebbian(Patterns),
    /// A dense matrix.
    Dense(DenseWeights),
}

/// A Hopfield network: its couplings and how they were trained.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    couplings: Couplings,
    /// For the perceptron rule: epochs used, or `None` if some neuron did not converge.
    training_epochs: Option<Option<usize>>,
}

/// Which dynamics to run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Dynamics {
    /// Random sequential order, deterministic sign updates, until a fixed point.
    Asynchronous,
    /// All neurons at once, until a fixed point or a 2-cycle.
    Synchronous,
    /// Heat-bath updates at temperature T ≥ 0 in random sequential order, for a fixed
    /// number of sweeps (`max_sweeps`); T = 0 is asynchronous dynamics.
    Glauber {
        /// Temperature (units of h).
        temperature: f64,
    },
}

impl Dynamics {
    /// Parses `async|sync|glauber`, with the temperature for `glauber` (validated ≥ 0).
    pub fn parse(name: &str, temperature: f64) -> Result<Self> {
        let d = match name {
            "async" | "asynchronous" => Dynamics::Asynchronous,
            "sync" | "synchronous" => Dynamics::Synchronous,
            "glauber" => Dynamics::Glauber { temperature },
            other => {
                return Err(learn_core::Error::InvalidInput(format!(
                    "unknown dynamics `{other}` (expected async, sync or glauber)"
                ))
                .into());
            }
        };
        d.check()?;
        Ok(d)
    }

    fn check(&self) -> Result<()> {
        if let Dynamics::Glauber { temperature } = self {
            validate::non_negative("temperature", *temperature)?;
        }
        Ok(())
    }
}

/// Limits and recording options of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunOptions {
    /// Most sweeps (async/sync), or the number of sweeps (Glauber at T > 0).
    pub max_sweeps: usize,
    /// Record the energy at the start and after every sweep.
    pub record_energy: bool,
}

impl Default for RunOptions {
    /// 1,000 sweeps, no energy record.
    fn default() -> Self {
        RunOptions {
            max_sweeps: 1000,
            record_energy: false,
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    /// A sweep changed nothing.
    FixedPoint,
    /// Synchronous dynamics returned to the state of two steps before (period 2).
    TwoCycle,
    /// The sweep limit was reached (always so for Glauber at T > 0).
    MaxSweeps,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// How it ended.
    pub ending: Ending,
    /// Sweeps run (including the final sweep that found no flip).
    pub sweeps: usize,
    /// Neurons flipped in each sweep.
    pub flips: Vec<usize>,
    /// Energy at the start and after each sweep (when recorded).
    pub energy: Vec<f64>,
}

/// Field engine: raw fields (h_i / scale) of the current state.
enum Engine<'a> {
    /// N < 2¹⁵: overlaps fit in `i16`, and the i8·i16 dot product maps onto `pmaddwd`.
    Overlap16 {
        patterns: &'a Patterns,
        m: Vec<i16>,
    },
    Overlap {
        patterns: &'a Patterns,
        m: Vec<i32>,
    },
    Dense {
        w: &'a DenseWeights,
        s: Vec<f32>,
    },
}

/// Dot product of a ±1 `i8` row with `i32` overlaps.
#[inline]
fn dot_i8_i32(row: &[i8], m: &[i32]) -> i32 {
    row.iter().zip(m).map(|(&x, &y)| i32::from(x) * y).sum()
}

/// Dot product of a ±1 `i8` row with `i16` overlaps, accumulated in 16 `i32` lanes
/// (vectorises; the products ±M_μ fit in `i16`). Kept out of line: inlined into the sweep
/// loop, the accumulators were spilled to the stack and the loop ran 3× slower.
#[inline(never)]
fn dot_i8_i16(row: &[i8], m: &[i16]) -> i32 {
    let mut acc = [0i32; 16];
    let cr = row.chunks_exact(16);
    let cm = m.chunks_exact(16);
    let (rr, rm) = (cr.remainder(), cm.remainder());
    for (x, y) in cr.zip(cm) {
        for k in 0..16 {
            acc[k] += i32::from(i16::from(x[k]) * y[k]);
        }
    }
    let tail: i32 = rr
        .iter()
        .zip(rm)
        .map(|(&x, &y)| i32::from(x) * i32::from(y))
        .sum();
    acc.iter().sum::<i32>() + tail
}

/// `f32` dot product with 8 independent accumulators (vectorises; fixed summation order).
#[inline(never)]
fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let ca = a.chunks_exact(8);
    let cb = b.chunks_exact(8);
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut tail = 0.0f32;
    for (x, y) in ra.iter().zip(rb) {
        tail += x * y;
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

impl<'a> Engine<'a> {
    fn new(c: &'a Couplings, state: &[i8]) -> Self {
        match c {
            Couplings::Hebbian(p) if p.neurons() < (1 << 15) => {
                let mut e = Engine::Overlap16 {
                    patterns: p,
                    m: vec![0; p.len()],
                };
                e.reset(state);
                e
            }
            Couplings::Hebbian(p) => {
                let mut e = Engine::Overlap {
                    patterns: p,
                    m: vec![0; p.len()],
                };
                e.reset(state);
                e
            }
            Couplings::Dense(w) => Engine::Dense {
                w,
                s: state.iter().map(|&v| f32::from(v)).collect(),
            },
        }
    }

    fn reset(&mut self, state: &[i8]) {
        match self {
            Engine::Overlap16 { patterns, m } => {
                // Every partial sum is bounded by N < 2¹⁵ in magnitude.
                m.iter_mut().for_each(|v| *v = 0);
                for (i, &s) in state.iter().enumerate() {
                    let si = i16::from(s);
                    for (acc, &x) in m.iter_mut().zip(patterns.neuron_row(i)) {
                        *acc += i16::from(x) * si;
                    }
                }
            }
            Engine::Overlap { patterns, m } => {
                m.iter_mut().for_each(|v| *v = 0);
                for (i, &s) in state.iter().enumerate() {
                    let si = i32::from(s);
                    for (acc, &x) in m.iter_mut().zip(patterns.neuron_row(i)) {
                        *acc += i32::from(x) * si;
                    }
                }
            }
            Engine::Dense { s, .. } => {
                for (d, &v) in s.iter_mut().zip(state) {
                    *d = f32::from(v);
                }
            }
        }
    }

    /// h_i / scale, where s_i is the current state of neuron i.
    #[inline]
    fn raw_field(&self, i: usize, s_i: i8) -> f64 {
        match self {
            Engine::Overlap16 { patterns, m } => {
                let p = m.len() as i32;
                f64::from(dot_i8_i16(patterns.neuron_row(i), m) - p * i32::from(s_i))
            }
            Engine::Overlap { patterns, m } => {
                let p = m.len() as i32;
                f64::from(dot_i8_i32(patterns.neuron_row(i), m) - p * i32::from(s_i))
            }
            Engine::Dense { w, s } => f64::from(dot_f32(w.row(i), s)),
        }
    }

    /// Reads one byte per cache line of neuron i's pattern row, so that the row is on its
    /// way into cache before its field is needed (the sweep order is random, and the store
    /// of N·p bytes does not fit in L2). A safe stand-in for a prefetch instruction.
    #[inline]
    fn touch(&self, i: usize) -> i8 {
        match self {
            Engine::Overlap16 { patterns, .. } | Engine::Overlap { patterns, .. } => patterns
                .neuron_row(i)
                .iter()
                .step_by(64)
                .fold(0, |a, &b| a ^ b),
            Engine::Dense { .. } => 0,
        }
    }

    /// Neuron i has just flipped to `new`.
    #[inline]
    fn flipped(&mut self, i: usize, new: i8) {
        match self {
            Engine::Overlap16 { patterns, m } => {
                let d = 2 * i16::from(new);
                for (acc, &x) in m.iter_mut().zip(patterns.neuron_row(i)) {
                    *acc += d * i16::from(x);
                }
            }
            Engine::Overlap { patterns, m } => {
                let d = 2 * i32::from(new);
                for (acc, &x) in m.iter_mut().zip(patterns.neuron_row(i)) {
                    *acc += d * i32::from(x);
                }
            }
            Engine::Dense { s, .. } => s[i] = f32::from(new),
        }
    }
}

impl Network {
    /// The Hebbian network on the overlap fast path (J never stored).
    pub fn hebbian(patterns: Patterns) -> Self {
        Network {
            couplings: Couplings::Hebbian(patterns),
            training_epochs: None,
        }
    }

    /// The Hebbian network with its matrix stored densely (for comparison with the fast
    /// path; N ≤ 16,384).
    pub fn hebbian_dense(patterns: &Patterns) -> Result<Self> {
        Ok(Network {
            couplings: Couplings::Dense(rules::hebbian_dense(patterns)?),
            training_epochs: None,
        })
    }

    /// A network with the given dense couplings.
    pub fn from_dense(weights: DenseWeights) -> Self {
        Network {
            couplings: Couplings::Dense(weights),
            training_epochs: None,
        }
    }

    /// Trains `rule` on `patterns`. Errors when p exceeds what the rule supports.
    pub fn train(rule: Rule, patterns: &Patterns) -> Result<Self> {
        rule.check(patterns.neurons(), patterns.len())?;
        Ok(match rule {
            Rule::Hebbian => Network::hebbian(patterns.clone()),
            Rule::Storkey => Network::from_dense(rules::storkey(patterns)?),
            Rule::PseudoInverse => Network::from_dense(rules::pseudo_inverse(patterns)?),
            Rule::Perceptron(params) => {
                let (w, epochs) = rules::perceptron(patterns, params)?;
                Network {
                    couplings: Couplings::Dense(w),
                    training_epochs: Some(epochs),
                }
            }
        })
    }

    /// N.
    pub fn neurons(&self) -> usize {
        match &self.couplings {
            Couplings::Hebbian(p) => p.neurons(),
            Couplings::Dense(w) => w.neurons(),
        }
    }

    /// The couplings.
    pub fn couplings(&self) -> &Couplings {
        &self.couplings
    }

    /// For the perceptron rule: `Some(Some(epochs))` when every neuron reached its margin,
    /// `Some(None)` when some did not within the limit; `None` for other rules.
    pub fn training_epochs(&self) -> Option<Option<usize>> {
        self.training_epochs
    }

    /// Bytes held by the couplings: N·p for the overlap path, 4N² for dense ones.
    pub fn memory_bytes(&self) -> usize {
        match &self.couplings {
            Couplings::Hebbian(p) => p.memory_bytes(),
            Couplings::Dense(w) => w.memory_bytes(),
        }
    }

    fn scale(&self) -> f64 {
        match &self.couplings {
            Couplings::Hebbian(p) => 1.0 / p.neurons() as f64,
            Couplings::Dense(w) => w.scale,
        }
    }

    /// J_ij (computed from the patterns on the overlap path).
    pub fn coupling(&self, i: usize, j: usize) -> f64 {
        if i == j {
            return 0.0;
        }
        match &self.couplings {
            Couplings::Hebbian(p) => {
                let c: i32 = p
                    .neuron_row(i)
                    .iter()
                    .zip(p.neuron_row(j))
                    .map(|(&a, &b)| i32::from(a * b))
                    .sum();
                f64::from(c) / p.neurons() as f64
            }
            Couplings::Dense(w) => w.get(i, j),
        }
    }

    /// All local fields h_i = Σ_{j≠i} J_ij s_j of a state.
    pub fn fields(&self, state: &[i8]) -> Result<Vec<f64>> {
        check_state(state, self.neurons())?;
        let e = Engine::new(&self.couplings, state);
        let scale = self.scale();
        Ok((0..state.len())
            .map(|i| e.raw_field(i, state[i]) * scale)
            .collect())
    }

    /// The energy E = −½ Σ_{i≠j} J_ij s_i s_j = −½ Σ_i s_i h_i.
    pub fn energy(&self, state: &[i8]) -> Result<f64> {
        let h = self.fields(state)?;
        Ok(-0.5
            * h.iter()
                .zip(state)
                .map(|(h, &s)| h * f64::from(s))
                .sum::<f64>())
    }

    /// Whether `pattern` is a strict fixed point: ξ_i h_i > 0 for every i.
    pub fn is_stable(&self, pattern: &[i8]) -> Result<bool> {
        let h = self.fields(pattern)?;
        Ok(h.iter().zip(pattern).all(|(h, &x)| h * f64::from(x) > 0.0))
    }

    /// Runs `dynamics` from `state` (updated in place), drawing the update order and
    /// thermal noise from `rng`.
    pub fn run<R: Rng + ?Sized>(
        &self,
        state: &mut [i8],
        dynamics: Dynamics,
        options: &RunOptions,
        rng: &mut R,
    ) -> Result<Outcome> {
        check_state(state, self.neurons())?;
        dynamics.check()?;
        validate::count("max_sweeps", options.max_sweeps, 1, 100_000_000)?;
        let mut out = Outcome {
            ending: Ending::MaxSweeps,
            sweeps: 0,
            flips: Vec::new(),
            energy: Vec::new(),
        };
        if options.record_energy {
            out.energy.push(self.energy(state)?);
        }
        match dynamics {
            Dynamics::Synchronous => self.run_sync(state, options, &mut out)?,
            Dynamics::Asynchronous => self.run_async(state, 0.0, options, rng, &mut out)?,
            Dynamics::Glauber { temperature } => {
                self.run_async(state, temperature, options, rng, &mut out)?
            }
        }
        Ok(out)
    }

    fn run_async<R: Rng + ?Sized>(
        &self,
        state: &mut [i8],
        temperature: f64,
        options: &RunOptions,
        rng: &mut R,
        out: &mut Outcome,
    ) -> Result<()> {
        let mut runner = self.runner(state)?;
        while out.sweeps < options.max_sweeps {
            let flips = runner.sweep(temperature, rng)?;
            out.sweeps += 1;
            out.flips.push(flips);
            if options.record_energy {
                out.energy.push(self.energy(runner.state())?);
            }
            if flips == 0 && temperature == 0.0 {
                out.ending = Ending::FixedPoint;
                break;
            }
        }
        state.copy_from_slice(runner.state());
        Ok(())
    }

    /// A stepper for asynchronous and Glauber sweeps from `state` (copied), keeping the
    /// field engine (the overlaps, on the fast path) between sweeps.
    pub fn runner(&self, state: &[i8]) -> Result<Runner<'_>> {
        check_state(state, self.neurons())?;
        Ok(Runner {
            engine: Engine::new(&self.couplings, state),
            state: state.to_vec(),
            order: (0..state.len()).collect(),
            scale: self.scale(),
        })
    }

    fn run_sync(&self, state: &mut [i8], options: &RunOptions, out: &mut Outcome) -> Result<()> {
        let n = state.len();
        let mut engine = Engine::new(&self.couplings, state);
        let mut previous: Option<Vec<i8>> = None;
        let mut next = vec![0i8; n];
        while out.sweeps < options.max_sweeps {
            let mut flips = 0;
            for i in 0..n {
                let raw = engine.raw_field(i, state[i]);
                next[i] = if raw > 0.0 {
                    1
                } else if raw < 0.0 {
                    -1
                } else {
                    state[i]
                };
                if next[i] != state[i] {
                    flips += 1;
                }
            }
            out.sweeps += 1;
            out.flips.push(flips);
            if flips == 0 {
                if options.record_energy {
                    out.energy.push(self.energy(state)?);
                }
                out.ending = Ending::FixedPoint;
                return Ok(());
            }
            let before = state.to_vec();
            state.copy_from_slice(&next);
            engine.reset(state);
            if options.record_energy {
                out.energy.push(self.energy(state)?);
            }
            if previous.as_deref() == Some(&*state) {
                out.ending = Ending::TwoCycle;
                return Ok(());
            }
            previous = Some(before);
        }
        Ok(())
    }
}

/// Asynchronous / Glauber dynamics one sweep at a time (see [`Network::runner`]).
pub struct Runner<'a> {
    engine: Engine<'a>,
    state: Vec<i8>,
    order: Vec<usize>,
    scale: f64,
}

impl Runner<'_> {
    /// One sweep in a fresh random order: deterministic sign updates at T = 0, heat-bath
    /// updates at T > 0. Returns the number of flips.
    pub fn sweep<R: Rng + ?Sized>(&mut self, temperature: f64, rng: &mut R) -> Result<usize> {
        validate::non_negative("temperature", temperature)?;
        let beta2 = if temperature > 0.0 {
            2.0 / temperature
        } else {
            f64::INFINITY
        };
        self.order.shuffle(rng);
        let mut flips = 0;
        for k in 0..self.order.len() {
            let i = self.order[k];
            if let Some(&ahead) = self.order.get(k + 4) {
                std::hint::black_box(self.engine.touch(ahead));
            }
            let s = self.state[i];
            let raw = self.engine.raw_field(i, s);
            let new = if temperature > 0.0 {
                let p_up = 1.0 / (1.0 + (-beta2 * raw * self.scale).exp());
                if rng.random::<f64>() < p_up { 1 } else { -1 }
            } else if raw > 0.0 {
                1
            } else if raw < 0.0 {
                -1
            } else {
                s
            };
            if new != s {
                self.state[i] = new;
                self.engine.flipped(i, new);
                flips += 1;
            }
        }
        Ok(flips)
    }

    /// The current state.
    pub fn state(&self) -> &[i8] {
        &self.state
    }
}
