//! Learning rules: how the couplings J_ij are built from the patterns.
//!
//! All rules give a zero diagonal, J_ii = 0. The local field is h_i = Σ_j J_ij s_j and the
//! temperature of Glauber dynamics is measured in the same units (so for the Hebbian rule
//! J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ, the normalisation of Amit, Gutfreund & Sompolinsky 1985, in
//! which the mixture states vanish above T ≈ 0.46 and retrieval above T = 1).

use learn_core::validate;
use nalgebra::DMatrix;
use rayon::prelude::*;

use crate::error::{HopfieldError, Result};
use crate::patterns::Patterns;

/// Largest N for rules that store the full N×N matrix (1 GiB of `f32`).
pub const MAX_DENSE_NEURONS: usize = 1 << 14;

/// Parameters of the perceptron-type rule (Diederich & Opper 1987, with stability margin κ;
/// Gardner 1988 for the capacity bound α_c(κ = 0) = 2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerceptronParams {
    kappa: f64,
    max_epochs: usize,
}

impl PerceptronParams {
    /// Margin κ ≥ 0 (in units of the Hebbian increment 1/N) and the most passes over the
    /// patterns before giving up (1..=1,000,000).
    pub fn new(kappa: f64, max_epochs: usize) -> Result<Self> {
        let kappa = validate::non_negative("kappa", kappa)?;
        let max_epochs = validate::count("max_epochs", max_epochs, 1, 1_000_000)?;
        Ok(PerceptronParams { kappa, max_epochs })
    }
    /// κ.
    pub fn kappa(&self) -> f64 {
        self.kappa
    }
    /// The epoch limit.
    pub fn max_epochs(&self) -> usize {
        self.max_epochs
    }
}

impl Default for PerceptronParams {
    /// κ = 1, 2,000 epochs.
    fn default() -> Self {
        PerceptronParams {
            kappa: 1.0,
            max_epochs: 2000,
        }
    }
}

/// A learning rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Hebb (Hopfield 1982): J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ, J_ii = 0. Stored implicitly (the
    /// overlap fast path, O(Np) memory). The review's 1/(Np) normalisation differs by the
    /// positive factor 1/p, which leaves every T = 0 trajectory unchanged; temperatures here
    /// refer to the 1/N form.
    Hebbian,
    /// Storkey (1997), incremental and local: for each new pattern ν,
    /// ΔJ_ij = (1/N)(ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j), with h_ij = Σ_{k≠i,j} J_ik ξ_k.
    Storkey,
    /// Projection / pseudo-inverse rule (Personnaz, Guyon & Dreyfus 1986):
    /// J = (1/N) Ξ C⁻¹ Ξᵀ with C_μν = (1/N) ξ^μ·ξ^ν; diagonal then set to zero
    /// (Kanter & Sompolinsky 1987). Every pattern is a fixed point for p < N.
    PseudoInverse,
    /// Perceptron-type iterative rule (Diederich & Opper 1987): for each neuron i and pattern
    /// μ with stability ξ_i^μ h_i^μ ≤ κ, J_ij += (1/N) ξ_i^μ ξ_j^μ (j ≠ i), repeated until
    /// every stability exceeds κ. J is not symmetric. Converges whenever a solution exists,
    /// which for random patterns at large N is up to Gardner's α = 2.
    Perceptron(PerceptronParams),
}

impl Rule {
    /// The rule's name as the CLI spells it.
    pub fn name(&self) -> &'static str {
        match self {
            Rule::Hebbian => "hebb",
            Rule::Storkey => "storkey",
            Rule::PseudoInverse => "pseudo-inverse",
            Rule::Perceptron(_) => "perceptron",
        }
    }

    /// Parses `hebb|storkey|pseudo-inverse|perceptron` (perceptron with default parameters).
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "hebb" | "hebbian" => Ok(Rule::Hebbian),
            "storkey" => Ok(Rule::Storkey),
            "pseudo-inverse" | "pseudoinverse" | "projection" => Ok(Rule::PseudoInverse),
            "perceptron" => Ok(Rule::Perceptron(PerceptronParams::default())),
            other => Err(HopfieldError::Core(learn_core::Error::InvalidInput(
                format!(
                    "unknown rule `{other}` (expected hebb, storkey, pseudo-inverse or perceptron)"
                ),
            ))),
        }
    }

    /// The largest p the rule accepts at N neurons: Hebbian — no limit below the memory
    /// guard; Storkey — N; pseudo-inverse — N − 1 (C must be invertible and J ≠ I);
    /// perceptron — 2N (Gardner's bound; above it random patterns have no solution).
    pub fn max_patterns(&self, n: usize) -> usize {
        match self {
            Rule::Hebbian => crate::patterns::MAX_PATTERN_BYTES / n.max(1),
            Rule::Storkey => n,
            Rule::PseudoInverse => n.saturating_sub(1),
            Rule::Perceptron(_) => 2 * n,
        }
    }

    /// Whether the rule needs the dense N×N matrix.
    pub fn is_dense(&self) -> bool {
        !matches!(self, Rule::Hebbian)
    }

    /// Checks p ≥ 1, p against [`Rule::max_patterns`] and, for dense rules, N against
    /// [`MAX_DENSE_NEURONS`].
    pub fn check(&self, n: usize, p: usize) -> Result<()> {
        validate::count("patterns", p, 1, usize::MAX)?;
        let max = self.max_patterns(n);
        if p > max {
            return Err(HopfieldError::TooManyPatterns {
                rule: self.name(),
                patterns: p,
                neurons: n,
                max,
            });
        }
        if self.is_dense() {
            validate::count("neurons", n, 1, MAX_DENSE_NEURONS)?;
        }
        Ok(())
    }
}

/// A dense coupling matrix, J_ij = `scale` · `raw[i·N + j]`, row-major `f32`, zero diagonal.
///
/// The Hebbian rule in dense form stores the integers Σ_μ ξ_i^μ ξ_j^μ with scale 1/N, so
/// that its fields are computed exactly (as integers, for N·p < 2²⁴) and its trajectories
/// equal those of the overlap path bit for bit.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseWeights {
    pub(crate) n: usize,
    pub(crate) raw: Vec<f32>,
    pub(crate) scale: f64,
}

impl DenseWeights {
    /// A zero matrix with unit scale.
    pub fn zeros(n: usize) -> Result<Self> {
        validate::count("neurons", n, 1, MAX_DENSE_NEURONS)?;
        Ok(DenseWeights {
            n,
            raw: vec![0.0; n * n],
            scale: 1.0,
        })
    }

    /// From a row-major f64 matrix (the diagonal is forced to zero).
    pub fn from_matrix(j: &DMatrix<f64>) -> Result<Self> {
        let n = j.nrows();
        validate::same_len("coupling matrix columns", n, j.ncols())?;
        let mut w = DenseWeights::zeros(n)?;
        for r in 0..n {
            for c in 0..n {
                if r != c {
                    let v = j[(r, c)];
                    if !v.is_finite() {
                        return Err(learn_core::Error::Numerical(format!(
                            "coupling J[{r},{c}] is {v}"
                        ))
                        .into());
                    }
                    w.raw[r * n + c] = v as f32;
                }
            }
        }
        Ok(w)
    }

    /// N.
    pub fn neurons(&self) -> usize {
        self.n
    }

    /// J_ij.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.scale * f64::from(self.raw[i * self.n + j])
    }

    /// Row i of the raw matrix.
    pub(crate) fn row(&self, i: usize) -> &[f32] {
        &self.raw[i * self.n..(i + 1) * self.n]
    }

    /// Adds g·(1/N) ξ ξᵀ (off the diagonal) — one weighted Hebbian imprint.
    pub fn imprint(&mut self, pattern: &[i8], g: f64) -> Result<()> {
        validate::same_len("pattern", self.n, pattern.len())?;
        let g = validate::finite("imprint weight", g)?;
        let c = (g / self.n as f64 / self.scale) as f32;
        for i in 0..self.n {
            let ci = c * f32::from(pattern[i]);
            let row = &mut self.raw[i * self.n..(i + 1) * self.n];
            for (w, &x) in row.iter_mut().zip(pattern) {
                *w += ci * f32::from(x);
            }
            row[i] = 0.0;
        }
        Ok(())
    }

    /// Multiplies every coupling by `factor` (forgetting).
    pub fn scale_by(&mut self, factor: f64) {
        self.scale *= factor;
        if self.scale < 1e-20 {
            let s = self.scale as f32;
            self.raw.iter_mut().for_each(|w| *w *= s);
            self.scale = 1.0;
        }
    }

    /// J as an f64 matrix.
    pub fn to_matrix(&self) -> DMatrix<f64> {
        DMatrix::from_fn(self.n, self.n, |i, j| self.get(i, j))
    }

    /// Bytes held (4·N²).
    pub fn memory_bytes(&self) -> usize {
        self.raw.len() * 4
    }
}

/// The Hebbian matrix in dense form (integers Σ_μ ξ_i^μ ξ_j^μ, scale 1/N).
pub fn hebbian_dense(patterns: &Patterns) -> Result<DenseWeights> {
    let n = patterns.neurons();
    let mut w = DenseWeights::zeros(n)?;
    w.scale = 1.0 / n as f64;
    for i in 0..n {
        let ri = patterns.neuron_row(i);
        for j in 0..n {
            if i != j {
                let rj = patterns.neuron_row(j);
                let c: i32 = ri.iter().zip(rj).map(|(&a, &b)| i32::from(a * b)).sum();
                w.raw[i * n + j] = c as f32;
            }
        }
    }
    Ok(w)
}

/// Storkey (1997).
pub fn storkey(patterns: &Patterns) -> Result<DenseWeights> {
    Rule::Storkey.check(patterns.neurons(), patterns.len())?;
    let n = patterns.neurons();
    let inv_n = 1.0 / n as f64;
    let mut j = vec![0.0f64; n * n];
    let mut h = vec![0.0f64; n];
    for mu in 0..patterns.len() {
        let x: Vec<f64> = patterns.pattern(mu).iter().map(|&v| f64::from(v)).collect();
        // h_i = Σ_k J_ik ξ_k (J_ii = 0), so h_ij = h_i − J_ij ξ_j.
        for i in 0..n {
            h[i] = j[i * n..(i + 1) * n]
                .iter()
                .zip(&x)
                .map(|(a, b)| a * b)
                .sum();
        }
        let old = j.clone();
        for i in 0..n {
            for k in 0..n {
                if i == k {
                    continue;
                }
                let h_ik = h[i] - old[i * n + k] * x[k];
                let h_ki = h[k] - old[k * n + i] * x[i];
                j[i * n + k] += inv_n * (x[i] * x[k] - x[i] * h_ki - h_ik * x[k]);
            }
        }
    }
    DenseWeights::from_matrix(&DMatrix::from_row_slice(n, n, &j))
}

/// The pseudo-inverse (projection) rule.
pub fn pseudo_inverse(patterns: &Patterns) -> Result<DenseWeights> {
    Rule::PseudoInverse.check(patterns.neurons(), patterns.len())?;
    let n = patterns.neurons();
    let p = patterns.len();
    let xi = DMatrix::from_fn(n, p, |i, mu| f64::from(patterns.get(i, mu)));
    let c = xi.transpose() * &xi / n as f64;
    let chol = c.cholesky().ok_or_else(|| {
        learn_core::Error::Numerical(
            "the patterns are linearly dependent: their correlation matrix is singular".into(),
        )
    })?;
    let x = chol.solve(&xi.transpose()); // C⁻¹ Ξᵀ, p × N
    let j = &xi * x / n as f64;
    DenseWeights::from_matrix(&j)
}

/// The perceptron-type rule; returns the weights and the number of epochs used, or `None`
/// for the epochs when some neuron did not reach margin κ within the epoch limit.
pub fn perceptron(
    patterns: &Patterns,
    params: PerceptronParams,
) -> Result<(DenseWeights, Option<usize>)> {
    Rule::Perceptron(params).check(patterns.neurons(), patterns.len())?;
    let n = patterns.neurons();
    let p = patterns.len();
    // Pattern-major f32 copy for contiguous dot products over j.
    let xs: Vec<Vec<f32>> = (0..p)
        .map(|mu| patterns.pattern(mu).iter().map(|&v| f32::from(v)).collect())
        .collect();
    let inv_n = 1.0 / n as f64;
    let kappa = params.kappa;
    let rows: Vec<(Vec<f64>, Option<usize>)> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut w = vec![0.0f64; n];
            for epoch in 1..=params.max_epochs {
                let mut updated = false;
                for x in &xs {
                    let xi_i = f64::from(x[i]);
                    let a: f64 =
                        xi_i * w.iter().zip(x).map(|(a, &b)| a * f64::from(b)).sum::<f64>();
                    if a <= kappa {
                        updated = true;
                        let c = inv_n * xi_i;
                        for (wj, &xj) in w.iter_mut().zip(x) {
                            *wj += c * f64::from(xj);
                        }
                        w[i] = 0.0;
                    }
                }
                if !updated {
                    return (w, Some(epoch));
                }
            }
            (w, None)
        })
        .collect();
    let mut out = DenseWeights::zeros(n)?;
    let mut epochs = Some(0usize);
    for (i, (w, e)) in rows.into_iter().enumerate() {
        for (j, v) in w.into_iter().enumerate() {
            if i != j {
                out.raw[i * n + j] = v as f32;
            }
        }
        epochs = match (epochs, e) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }
    Ok((out, epochs))
}
