//! Attractor-network recall (after Recanatesi, Katkov, Romani & Tsodyks, *Front. Comput.
//! Neurosci.* **9**, 149, 2015 — a Hopfield network of sparse patterns in which oscillating
//! feedback inhibition, with noise, drives transitions between attractors through the states
//! at their intersections, consistent with the graph model of Romani, Pinkoviezky, Rubin &
//! Tsodyks, *Neural Comput.* **25**, 2523, 2013 — and the list-learning setting of Boboeva,
//! Pezzotta & Clopath, *PNAS* **118**, e2026092118, 2021).
//!
//! # The model
//! N binary neurons store P sparse random patterns ξ^μ ∈ {0, 1}^N (each unit active with
//! probability f). The first L patterns are the *list*, loaded into short-term memory by
//! strengthening the connections among their neurons by a gain g_μ = 1 + s (the other
//! P − L, if any, keep g_μ = 1). Connections follow the covariance (Tsodyks–Feigel'man) rule
//!
//! $$ J_{ij} = \frac{1}{N f (1-f)} \sum_\mu g_\mu (\xi_i^\mu - f)(\xi_j^\mu - f), $$
//!
//! never stored: with the overlaps m_μ = (1/(N f(1−f))) Σ_j (ξ_j^μ − f) r_j the recurrent
//! input is Σ_j J_ij r_j = Σ_μ g_μ (ξ_i^μ − f) m_μ, O(N·P) per step (O(active · P·f) for the
//! overlaps through an inverted index).
//!
//! Each neuron adapts: a_i ← a_i + (A·r_i − a_i)/τ_a. Global inhibition is modelled as a
//! k-winners-take-all: at step t exactly K(t) neurons with the largest field
//!
//! $$ h_i = \sum_\mu g_\mu (\xi_i^\mu - f) m_\mu - a_i + \sigma \eta_i(t) $$
//!
//! are active (η standard normal, σ the noise), and K(t) oscillates between K_min and
//! K_max = fN with period T: K(t) = K_max − (K_max − K_min)(1 − cos 2πt/T)/2 — the oscillating
//! inhibition of Recanatesi et al. (2015). When inhibition is strong only the neurons shared by
//! the current attractor and its most similar pattern stay active; when it weakens the network
//! falls into that pattern, and adaptation keeps it from returning to the one just left: a
//! neural implementation of the similarity-graph walk ([`crate::graph`]).
//!
//! At the end of each cycle (K = K_max) the pattern with the largest overlap, if that overlap
//! exceeds `retrieval_threshold`, is the item retrieved. Ties between equal fields are broken by
//! a fixed, seeded per-neuron jitter of 10⁻⁹, so the noiseless dynamics is deterministic.
//!
//! # Status: experimental — the published scaling is not reproduced yet
//! This is a faithful implementation of the mechanism above, but with the parameters we could
//! explore in the time available (N = 2000, f = 0.05, s = 1, A ∈ [0.25, 2], τ_a ∈ [3, 40],
//! T ∈ {20, 30, 40}, K_min/K_max ∈ {0.02, 0.05, 0.1, 0.2}) it does **not** show the review's
//! result: noiseless runs retrieve most of the list (R ≈ 0.8–0.95 L for L = 8 … 64) and
//! rarely settle into a short cycle within 3L + 30 oscillations, so the growth of R with L is
//! close to linear rather than a power law with exponent near 0.5. Short adaptation
//! (τ_a ≪ T) makes the network bounce between two attractors; long adaptation excludes many
//! recent attractors and makes the walk explore the whole list. No claim is registered for
//! it; see `docs/recall.md`.
//!
//! *Modelling choices.* Boboeva et al. (2021) use a Potts network with latching dynamics;
//! we use a binary sparse Hopfield network after Recanatesi et al. (2015), with the list loaded
//! by the STM gain
//! s. K-winners-take-all stands for their oscillating feedback inhibition of a rate model, and
//! neuronal adaptation (which the review names as a driver) is added to leave the last attractor.

use learn_core::validate;
use rand::{Rng, RngExt};
use serde::Serialize;

use crate::error::Result;

/// One standard normal draw (Box–Muller), so the crate needs no distribution dependency.
fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Validated parameters of the attractor network.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NetworkParams {
    /// Number of neurons N.
    pub neurons: usize,
    /// Coding level f ∈ (0, 1).
    pub coding_level: f64,
    /// List length L (patterns loaded into short-term memory).
    pub list_length: usize,
    /// Further stored patterns outside the list (long-term memory background).
    pub background: usize,
    /// STM gain s: list connections are multiplied by 1 + s.
    pub stm_gain: f64,
    /// Adaptation strength A.
    pub adaptation: f64,
    /// Adaptation time constant τ_a (steps).
    pub adaptation_tau: f64,
    /// Period T of the inhibition oscillation (steps).
    pub period: usize,
    /// K_min / K_max: the fraction of a pattern left active at the peak of inhibition.
    pub min_active_fraction: f64,
    /// Noise σ on the fields.
    pub noise: f64,
    /// Number of inhibition cycles simulated.
    pub cycles: usize,
    /// Overlap above which a pattern counts as retrieved.
    pub retrieval_threshold: f64,
}

/// Largest N·(L + background) (pattern storage is O(N·P·f), fields O(N) per step).
pub const MAX_NETWORK_SIZE: usize = 1 << 28;

impl NetworkParams {
    /// Checks every parameter: N ≥ 10, f ∈ (0, 1) with f·N ≥ 2, L ≥ 1, s ≥ 0, A ≥ 0, τ_a > 0,
    /// T ≥ 2, K_min/K_max ∈ (0, 1], σ ≥ 0, cycles ≥ 1, threshold ∈ (0, 1).
    pub fn check(self) -> Result<Self> {
        validate::count("neurons", self.neurons, 10, MAX_NETWORK_SIZE)?;
        validate::in_open_range("coding_level", self.coding_level, 0.0, 1.0)?;
        if self.coding_level * (self.neurons as f64) < 2.0 {
            return Err(learn_core::Error::invalid_parameter(
                "coding_level",
                format!(
                    "f·N = {} must be at least 2 active neurons per pattern",
                    self.coding_level * self.neurons as f64
                ),
            )
            .into());
        }
        validate::count("list_length", self.list_length, 1, MAX_NETWORK_SIZE)?;
        validate::count("background", self.background, 0, MAX_NETWORK_SIZE)?;
        let patterns = self.list_length + self.background;
        validate::count(
            "neurons × patterns",
            self.neurons.saturating_mul(patterns),
            1,
            MAX_NETWORK_SIZE,
        )?;
        validate::non_negative("stm_gain", self.stm_gain)?;
        validate::non_negative("adaptation", self.adaptation)?;
        validate::positive("adaptation_tau", self.adaptation_tau)?;
        validate::count("period", self.period, 2, 1 << 20)?;
        validate::unit_interval_open_closed("min_active_fraction", self.min_active_fraction)?;
        validate::non_negative("noise", self.noise)?;
        validate::count("cycles", self.cycles, 1, 1 << 24)?;
        validate::in_open_range("retrieval_threshold", self.retrieval_threshold, 0.0, 1.0)?;
        Ok(self)
    }

    /// The defaults used by the claims, for a list of `list_length` items: N = 2000, f = 0.05,
    /// no background, s = 1, A = 0.6, τ_a = 20, T = 20, K_min = 0.1·K_max, σ = 0,
    /// 3L + 30 cycles, threshold 0.5.
    pub fn default_for_list(list_length: usize) -> Result<Self> {
        NetworkParams {
            neurons: 2000,
            coding_level: 0.05,
            list_length,
            background: 0,
            stm_gain: 1.0,
            adaptation: 0.6,
            adaptation_tau: 20.0,
            period: 20,
            min_active_fraction: 0.1,
            noise: 0.0,
            cycles: 3 * list_length + 30,
            retrieval_threshold: 0.5,
        }
        .check()
    }
}

/// The network: patterns (sorted active units and the inverted index) and its state.
#[derive(Debug, Clone)]
pub struct Network {
    params: NetworkParams,
    active_units: Vec<Vec<u32>>,
    members: Vec<Vec<u32>>,
    gain: Vec<f64>,
    jitter: Vec<f64>,
    adaptation: Vec<f64>,
    active: Vec<u32>,
    field: Vec<f64>,
    overlap: Vec<f64>,
    step: usize,
}

/// The outcome of one recall run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkRecall {
    /// The pattern retrieved at the end of each cycle (`None`: no overlap above threshold).
    pub sequence: Vec<Option<u32>>,
    /// List items in order of first retrieval.
    pub recalled: Vec<u32>,
    /// The period (in cycles) of the retrieved sequence's final repetition, if it repeats at
    /// least twice at the end of the run.
    pub cycle_period: Option<usize>,
}

impl NetworkRecall {
    /// Number of distinct list items retrieved.
    pub fn count(&self) -> usize {
        self.recalled.len()
    }
}

impl Network {
    /// Draws patterns and the tie-breaking jitter from `rng`, and starts in list item 0.
    pub fn new<R: Rng + ?Sized>(params: &NetworkParams, rng: &mut R) -> Self {
        let n = params.neurons;
        let p = params.list_length + params.background;
        let mut active_units = Vec::with_capacity(p);
        let mut members = vec![Vec::new(); n];
        for mu in 0..p {
            let mut units = Vec::new();
            for (i, m) in members.iter_mut().enumerate() {
                if rng.random::<f64>() < params.coding_level {
                    units.push(i as u32);
                    m.push(mu as u32);
                }
            }
            active_units.push(units);
        }
        let gain = (0..p)
            .map(|mu| {
                if mu < params.list_length {
                    1.0 + params.stm_gain
                } else {
                    1.0
                }
            })
            .collect();
        let jitter = (0..n).map(|_| 1e-9 * rng.random::<f64>()).collect();
        let mut net = Network {
            params: *params,
            active_units,
            members,
            gain,
            jitter,
            adaptation: vec![0.0; n],
            active: Vec::new(),
            field: vec![0.0; n],
            overlap: vec![0.0; p],
            step: 0,
        };
        net.active = net.active_units[0].clone();
        net.update_overlaps();
        net
    }

    fn k_max(&self) -> usize {
        ((self.params.coding_level * self.params.neurons as f64).round() as usize).max(1)
    }

    /// K(t) for the current step.
    fn k_now(&self) -> usize {
        let k_max = self.k_max() as f64;
        let k_min = (self.params.min_active_fraction * k_max).max(1.0);
        let phase = std::f64::consts::TAU * (self.step % self.params.period) as f64
            / self.params.period as f64;
        (k_max - (k_max - k_min) * (1.0 - phase.cos()) / 2.0).round() as usize
    }

    #[cfg(test)]
    fn k_now_prev(&mut self) -> usize {
        self.step -= 1;
        let k = self.k_now();
        self.step += 1;
        k
    }

    fn update_overlaps(&mut self) {
        let f = self.params.coding_level;
        let norm = self.params.neurons as f64 * f * (1.0 - f);
        let mut counts = vec![0u32; self.overlap.len()];
        for &j in &self.active {
            for &mu in &self.members[j as usize] {
                counts[mu as usize] += 1;
            }
        }
        let base = f * self.active.len() as f64;
        for (m, &c) in self.overlap.iter_mut().zip(&counts) {
            *m = (f64::from(c) - base) / norm;
        }
    }

    /// The overlaps m_μ of the current state.
    pub fn overlaps(&self) -> &[f64] {
        &self.overlap
    }

    /// One step: fields, k-winners-take-all, adaptation, overlaps.
    pub fn step<R: Rng + ?Sized>(&mut self, rng: &mut R) {
        let f = self.params.coding_level;
        // Σ_μ g_μ (ξ_iμ − f) m_μ = Σ_{μ∋i} g_μ m_μ − f Σ_μ g_μ m_μ.
        let common: f64 = self
            .gain
            .iter()
            .zip(&self.overlap)
            .map(|(g, m)| g * m)
            .sum::<f64>()
            * f;
        for (i, h) in self.field.iter_mut().enumerate() {
            *h = -common - self.adaptation[i] + self.jitter[i];
        }
        for (mu, units) in self.active_units.iter().enumerate() {
            let w = self.gain[mu] * self.overlap[mu];
            if w != 0.0 {
                for &i in units {
                    self.field[i as usize] += w;
                }
            }
        }
        if self.params.noise > 0.0 {
            for h in self.field.iter_mut() {
                *h += self.params.noise * standard_normal(rng);
            }
        }
        let k = self.k_now().min(self.params.neurons);
        let mut order: Vec<u32> = (0..self.params.neurons as u32).collect();
        let field = &self.field;
        if k < order.len() {
            order.select_nth_unstable_by(k, |a, b| {
                field[*b as usize].total_cmp(&field[*a as usize])
            });
        }
        order.truncate(k);
        self.active = order;
        let (a_max, tau) = (self.params.adaptation, self.params.adaptation_tau);
        let mut on = vec![false; self.params.neurons];
        for &i in &self.active {
            on[i as usize] = true;
        }
        for (a, &r) in self.adaptation.iter_mut().zip(&on) {
            let target = if r { a_max } else { 0.0 };
            *a += (target - *a) / tau;
        }
        self.update_overlaps();
        self.step += 1;
    }

    /// The retrieved pattern now: the largest overlap, if above threshold.
    pub fn retrieved(&self) -> Option<u32> {
        let (mu, m) = self
            .overlap
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))?;
        (*m > self.params.retrieval_threshold).then_some(mu as u32)
    }

    /// Runs `cycles` inhibition cycles and reads out one retrieved pattern per cycle.
    pub fn run<R: Rng + ?Sized>(&mut self, rng: &mut R) -> NetworkRecall {
        let mut sequence = Vec::with_capacity(self.params.cycles);
        for _ in 0..self.params.cycles {
            for _ in 0..self.params.period {
                self.step(rng);
            }
            sequence.push(self.retrieved());
        }
        let list = self.params.list_length as u32;
        let mut recalled: Vec<u32> = Vec::new();
        for mu in sequence.iter().flatten() {
            if *mu < list && !recalled.contains(mu) {
                recalled.push(*mu);
            }
        }
        let cycle_period = final_period(&sequence);
        NetworkRecall {
            sequence,
            recalled,
            cycle_period,
        }
    }
}

/// The smallest period p such that the last 2p entries of `seq` are two copies of a block of
/// length p (so the sequence has entered a cycle), if any.
pub fn final_period<T: PartialEq>(seq: &[T]) -> Option<usize> {
    let n = seq.len();
    (1..=n / 2).find(|&p| (n - 2 * p..n - p).all(|i| seq[i] == seq[i + p]))
}

/// One list: fresh patterns from `learn_core::rng::stream(seed, 0)`, start in item 0, run.
pub fn recall_list(params: &NetworkParams, seed: u64) -> Result<NetworkRecall> {
    let params = params.check()?;
    let mut rng = learn_core::rng::stream(seed, 0);
    let mut net = Network::new(&params, &mut rng);
    Ok(net.run(&mut rng))
}

/// Counts of items recalled over `lists` independent lists (rayon; list t uses stream t).
pub fn recall_counts(
    params: &NetworkParams,
    lists: usize,
    seed: u64,
) -> Result<Vec<NetworkRecall>> {
    let params = params.check()?;
    validate::count("lists", lists, 1, usize::MAX)?;
    Ok(learn_core::rng::par_runs(seed, lists, |_, rng| {
        let mut net = Network::new(&params, rng);
        net.run(rng)
    }))
}

/// The network claims: none yet (see the module's status note).
pub fn claims() -> Vec<Box<dyn learn_core::Claim>> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_winners_and_start() {
        let p = NetworkParams::default_for_list(8).unwrap();
        let mut rng = learn_core::rng::stream(1, 0);
        let mut net = Network::new(&p, &mut rng);
        // Starts in list item 0, fully.
        assert_eq!(net.retrieved(), Some(0));
        assert!((net.overlaps()[0] - 1.0).abs() < 0.2);
        for _ in 0..p.period {
            net.step(&mut rng);
            assert_eq!(net.active.len(), net.k_now_prev());
        }
    }

    #[test]
    fn deterministic_without_noise() {
        let p = NetworkParams::default_for_list(8).unwrap();
        assert_eq!(recall_list(&p, 4).unwrap(), recall_list(&p, 4).unwrap());
        let r = recall_list(&p, 4).unwrap();
        assert_eq!(r.sequence.len(), p.cycles);
        assert!(r.count() <= 8);
    }

    #[test]
    fn period_detection() {
        assert_eq!(final_period(&[1, 2, 3, 4, 2, 3, 4, 2, 3, 4]), Some(3));
        assert_eq!(final_period(&[1, 2, 3, 4, 5]), None);
        assert_eq!(final_period(&[7, 7]), Some(1));
    }

    #[test]
    fn bad_parameters() {
        let ok = NetworkParams::default_for_list(8).unwrap();
        assert!(NetworkParams { neurons: 5, ..ok }.check().is_err());
        assert!(
            NetworkParams {
                coding_level: 1.0,
                ..ok
            }
            .check()
            .is_err()
        );
        assert!(
            NetworkParams {
                list_length: 0,
                ..ok
            }
            .check()
            .is_err()
        );
        assert!(NetworkParams { noise: -1.0, ..ok }.check().is_err());
        assert!(NetworkParams { period: 1, ..ok }.check().is_err());
        assert!(recall_counts(&ok, 0, 1).is_err());
    }
}
