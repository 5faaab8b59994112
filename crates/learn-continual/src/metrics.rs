//! Continual-learning metrics of Lopez-Paz & Ranzato (2017, §3, "GEM").
//!
//! With $R_{i,j}$ the test accuracy on task $j$ after training on tasks $1..i$ ($T$ tasks)
//! and $\bar b_j$ the test accuracy on task $j$ of the randomly initialised network:
//! $$ \mathrm{ACC} = \frac1T\sum_{i=1}^T R_{T,i},\qquad
//!    \mathrm{BWT} = \frac1{T-1}\sum_{i=1}^{T-1} (R_{T,i}-R_{i,i}),\qquad
//!    \mathrm{FWT} = \frac1{T-1}\sum_{i=2}^{T} (R_{i-1,i}-\bar b_i). $$

use serde::Serialize;

/// ACC, BWT and FWT of one accuracy matrix.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Average accuracy after the last task.
    pub acc: f64,
    /// Backward transfer (negative = forgetting).
    pub bwt: f64,
    /// Forward transfer, relative to the random-initialisation baseline.
    pub fwt: f64,
}

/// Computes [`Summary`] from `r` (T × T, row i = after task i) and the baseline `b`
/// (length T). BWT and FWT are NaN for a single task.
pub fn summarize(r: &[Vec<f64>], b: &[f64]) -> Summary {
    let t = r.len();
    let last = &r[t - 1];
    let acc = last.iter().sum::<f64>() / t as f64;
    if t < 2 {
        return Summary {
            acc,
            bwt: f64::NAN,
            fwt: f64::NAN,
        };
    }
    let bwt = (0..t - 1).map(|i| last[i] - r[i][i]).sum::<f64>() / (t - 1) as f64;
    let fwt = (1..t).map(|i| r[i - 1][i] - b[i]).sum::<f64>() / (t - 1) as f64;
    Summary { acc, bwt, fwt }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        let r = vec![
            vec![0.9, 0.5, 0.4],
            vec![0.7, 0.8, 0.6],
            vec![0.6, 0.7, 1.0],
        ];
        let b = vec![0.5, 0.5, 0.5];
        let s = summarize(&r, &b);
        assert!((s.acc - (0.6 + 0.7 + 1.0) / 3.0).abs() < 1e-12);
        assert!((s.bwt - ((0.6 - 0.9) + (0.7 - 0.8)) / 2.0).abs() < 1e-12);
        assert!((s.fwt - ((0.5 - 0.5) + (0.6 - 0.5)) / 2.0).abs() < 1e-12);
    }
}
