//! Stored patterns ξ^μ ∈ {−1, +1}^N and cues.
//!
//! Patterns are kept **neuron-major**: the p values ξ_i^1 … ξ_i^p of neuron i are contiguous
//! `i8`s, so the local field of the overlap fast path, h_i = (1/N)(Σ_μ ξ_i^μ M_μ − p s_i), is
//! one contiguous dot product and the whole store takes N·p bytes.

use learn_core::validate;
use rand::seq::SliceRandom;
use rand::{Rng, RngExt};

use crate::error::{HopfieldError, Result, invalid};

/// Largest number of neurons accepted anywhere in the crate (guards against absurd sizes).
pub const MAX_NEURONS: usize = 1 << 22;
/// Largest N·p accepted for a pattern store (1 GiB of `i8`).
pub const MAX_PATTERN_BYTES: usize = 1 << 30;

/// A set of p binary patterns over N neurons, each value ±1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patterns {
    n: usize,
    p: usize,
    /// Neuron-major: `data[i * p + mu] = ξ_i^μ`.
    data: Vec<i8>,
}

fn check_sizes(n: usize, p: usize) -> Result<()> {
    validate::count("neurons", n, 1, MAX_NEURONS)?;
    validate::count("patterns", p, 1, MAX_PATTERN_BYTES)?;
    if n.saturating_mul(p) > MAX_PATTERN_BYTES {
        return Err(invalid(
            "patterns",
            format!("N·p = {n}·{p} exceeds the supported {MAX_PATTERN_BYTES} bytes"),
        ));
    }
    Ok(())
}

impl Patterns {
    /// p unbiased random patterns: each ξ_i^μ = ±1 with probability 1/2, independently
    /// (Hopfield 1982; Amit, Gutfreund & Sompolinsky 1985).
    pub fn random<R: Rng + ?Sized>(n: usize, p: usize, rng: &mut R) -> Result<Self> {
        check_sizes(n, p)?;
        // Pattern by pattern (so pattern μ does not depend on p), 64 bits per draw, into a
        // bit buffer; then transposed to the neuron-major layout row by row.
        let words = n.div_ceil(64);
        let bits: Vec<u64> = (0..p * words).map(|_| rng.random()).collect();
        let mut data = vec![0i8; n * p];
        for (i, row) in data.chunks_exact_mut(p).enumerate() {
            let (w, b) = (i / 64, i % 64);
            for (mu, x) in row.iter_mut().enumerate() {
                *x = if (bits[mu * words + w] >> b) & 1 == 1 {
                    1
                } else {
                    -1
                };
            }
        }
        Ok(Patterns { n, p, data })
    }

    /// p biased ("sparse") random patterns with coding level `a`: ξ_i^μ = +1 with probability
    /// a, −1 otherwise, `a` in (0, 1). (With the plain Hebbian rule biased patterns interfere
    /// through their common mean; the covariance rule of Tsodyks & Feigel'man 1988 would remove
    /// it. We keep the ±1 network and expose the patterns for any rule.)
    pub fn sparse<R: Rng + ?Sized>(n: usize, p: usize, a: f64, rng: &mut R) -> Result<Self> {
        check_sizes(n, p)?;
        validate::in_open_range("coding level a", a, 0.0, 1.0)?;
        let mut data = vec![0i8; n * p];
        for mu in 0..p {
            for i in 0..n {
                data[i * p + mu] = if rng.random::<f64>() < a { 1 } else { -1 };
            }
        }
        Ok(Patterns { n, p, data })
    }

    /// User-given patterns, one `Vec` per pattern. Every pattern must have the same length
    /// N ≥ 1 and only the values −1 and +1.
    pub fn from_rows(rows: &[Vec<i8>]) -> Result<Self> {
        let p = rows.len();
        if p == 0 {
            return Err(invalid("patterns", "at least one pattern is required"));
        }
        let n = rows[0].len();
        check_sizes(n, p)?;
        let mut data = vec![0i8; n * p];
        for (mu, row) in rows.iter().enumerate() {
            validate::same_len(&format!("pattern {mu}"), n, row.len())?;
            for (i, &v) in row.iter().enumerate() {
                if v != 1 && v != -1 {
                    return Err(HopfieldError::Core(learn_core::Error::InvalidInput(
                        format!("pattern {mu}, neuron {i}: value {v} is not ±1"),
                    )));
                }
                data[i * p + mu] = v;
            }
        }
        Ok(Patterns { n, p, data })
    }

    /// Number of neurons N.
    pub fn neurons(&self) -> usize {
        self.n
    }

    /// Number of patterns p.
    pub fn len(&self) -> usize {
        self.p
    }

    /// Always false: a pattern set holds at least one pattern.
    pub fn is_empty(&self) -> bool {
        self.p == 0
    }

    /// The load α = p/N.
    pub fn load(&self) -> f64 {
        self.p as f64 / self.n as f64
    }

    /// ξ_i^1 … ξ_i^p of neuron `i` (contiguous).
    pub fn neuron_row(&self, i: usize) -> &[i8] {
        &self.data[i * self.p..(i + 1) * self.p]
    }

    /// ξ_i^μ.
    pub fn get(&self, i: usize, mu: usize) -> i8 {
        self.data[i * self.p + mu]
    }

    /// Pattern μ as a state vector (a copy).
    pub fn pattern(&self, mu: usize) -> Vec<i8> {
        (0..self.n).map(|i| self.data[i * self.p + mu]).collect()
    }

    /// The first `p` patterns (used by incremental rules and load scans).
    pub fn prefix(&self, p: usize) -> Result<Self> {
        validate::count("patterns", p, 1, self.p)?;
        let mut data = Vec::with_capacity(self.n * p);
        for i in 0..self.n {
            data.extend_from_slice(&self.neuron_row(i)[..p]);
        }
        Ok(Patterns { n: self.n, p, data })
    }

    /// Bytes held by the store (N·p).
    pub fn memory_bytes(&self) -> usize {
        self.data.len()
    }

    /// All overlaps m_μ = (1/N) Σ_i ξ_i^μ s_i with a state.
    pub fn overlaps(&self, state: &[i8]) -> Result<Vec<f64>> {
        validate::same_len("state", self.n, state.len())?;
        let mut m = vec![0i64; self.p];
        for (i, &s) in state.iter().enumerate() {
            for (acc, &x) in m.iter_mut().zip(self.neuron_row(i)) {
                *acc += i64::from(x * s);
            }
        }
        Ok(m.into_iter().map(|v| v as f64 / self.n as f64).collect())
    }
}

/// The overlap (1/N) Σ_i a_i b_i of two ±1 vectors of equal length.
pub fn overlap(a: &[i8], b: &[i8]) -> Result<f64> {
    validate::same_len("state", a.len(), b.len())?;
    if a.is_empty() {
        return Err(invalid("state", "empty state"));
    }
    let dot: i64 = a.iter().zip(b).map(|(&x, &y)| i64::from(x * y)).sum();
    Ok(dot as f64 / a.len() as f64)
}

/// Checks that `state` is a ±1 vector of length `n`.
pub fn check_state(state: &[i8], n: usize) -> Result<()> {
    validate::same_len("state", n, state.len())?;
    if let Some((i, v)) = state
        .iter()
        .enumerate()
        .find(|(_, v)| **v != 1 && **v != -1)
    {
        return Err(HopfieldError::Core(learn_core::Error::InvalidInput(
            format!("state neuron {i}: value {v} is not ±1"),
        )));
    }
    Ok(())
}

/// A random ±1 state.
pub fn random_state<R: Rng + ?Sized>(n: usize, rng: &mut R) -> Vec<i8> {
    let mut s = Vec::with_capacity(n);
    while s.len() < n {
        let bits: u64 = rng.random();
        for b in 0..64.min(n - s.len()) {
            s.push(if (bits >> b) & 1 == 1 { 1 } else { -1 });
        }
    }
    s
}

/// A cue: `pattern` with exactly round(fraction·N) bits, chosen uniformly without
/// replacement, flipped. `fraction` must lie in [0, 1].
pub fn flip_cue<R: Rng + ?Sized>(pattern: &[i8], fraction: f64, rng: &mut R) -> Result<Vec<i8>> {
    let k = chosen_count(pattern.len(), fraction, "flip")?;
    let mut cue = pattern.to_vec();
    for i in choose(pattern.len(), k, rng) {
        cue[i] = -cue[i];
    }
    Ok(cue)
}

/// A cue: `pattern` with exactly round(fraction·N) bits, chosen uniformly without
/// replacement, *masked* — replaced by independent random ±1 values (a ±1 network has no
/// "unknown" state, so a masked bit carries no information; on average half of them end up
/// wrong). `fraction` must lie in [0, 1].
pub fn mask_cue<R: Rng + ?Sized>(pattern: &[i8], fraction: f64, rng: &mut R) -> Result<Vec<i8>> {
    let k = chosen_count(pattern.len(), fraction, "mask")?;
    let mut cue = pattern.to_vec();
    for i in choose(pattern.len(), k, rng) {
        cue[i] = if rng.random::<bool>() { 1 } else { -1 };
    }
    Ok(cue)
}

fn chosen_count(n: usize, fraction: f64, name: &str) -> Result<usize> {
    validate::probability(name, fraction)?;
    if n == 0 {
        return Err(invalid("pattern", "empty pattern"));
    }
    Ok(((fraction * n as f64).round() as usize).min(n))
}

fn choose<R: Rng + ?Sized>(n: usize, k: usize, rng: &mut R) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    let (chosen, _) = idx.partial_shuffle(rng, k);
    chosen.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_overlaps() {
        let p = Patterns::from_rows(&[vec![1, -1, 1], vec![1, 1, -1]]).unwrap();
        assert_eq!(p.neurons(), 3);
        assert_eq!(p.len(), 2);
        assert_eq!(p.neuron_row(1), &[-1, 1]);
        assert_eq!(p.pattern(1), vec![1, 1, -1]);
        let m = p.overlaps(&[1, -1, 1]).unwrap();
        assert_eq!(m, vec![1.0, -1.0 / 3.0]);
    }

    #[test]
    fn bad_user_patterns() {
        assert!(Patterns::from_rows(&[]).is_err());
        assert!(Patterns::from_rows(&[vec![]]).is_err());
        assert!(Patterns::from_rows(&[vec![1, -1], vec![1]]).is_err());
        assert!(Patterns::from_rows(&[vec![1, 0]]).is_err());
    }

    #[test]
    fn cues_flip_exact_counts() {
        let mut rng = learn_core::rng::stream(1, 0);
        let x = random_state(1000, &mut rng);
        let c = flip_cue(&x, 0.2, &mut rng).unwrap();
        assert_eq!(overlap(&x, &c).unwrap(), 0.6);
        assert!(flip_cue(&x, 1.5, &mut rng).is_err());
        assert!(flip_cue(&x, -0.1, &mut rng).is_err());
        let m = mask_cue(&x, 1.0, &mut rng).unwrap();
        assert!(overlap(&x, &m).unwrap().abs() < 0.15);
    }

    #[test]
    fn sparse_coding_level() {
        let mut rng = learn_core::rng::stream(2, 0);
        let p = Patterns::sparse(2000, 5, 0.1, &mut rng).unwrap();
        let plus = (0..2000).filter(|&i| p.get(i, 0) == 1).count();
        assert!((150..250).contains(&plus));
        assert!(Patterns::sparse(10, 1, 0.0, &mut rng).is_err());
    }
}
