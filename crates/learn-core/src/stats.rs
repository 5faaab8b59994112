//! Statistics helpers: means, standard errors, t confidence intervals, least-squares fits,
//! and power-law exponents fitted on log–log axes with their confidence interval.
//!
//! All functions take slices in run order and reduce serially, so results are
//! bit-reproducible.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

fn non_empty(what: &str, xs: &[f64], min: usize) -> Result<()> {
    if xs.len() < min {
        return Err(Error::InvalidInput(format!(
            "{what} needs at least {min} values, got {}",
            xs.len()
        )));
    }
    if let Some(bad) = xs.iter().find(|x| !x.is_finite()) {
        return Err(Error::InvalidInput(format!(
            "{what} got a non-finite value {bad}"
        )));
    }
    Ok(())
}

/// Arithmetic mean x̄ = (1/n) Σ xᵢ.
pub fn mean(xs: &[f64]) -> Result<f64> {
    non_empty("mean", xs, 1)?;
    Ok(xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Unbiased sample variance s² = Σ (xᵢ − x̄)² / (n − 1).
pub fn variance(xs: &[f64]) -> Result<f64> {
    non_empty("variance", xs, 2)?;
    let m = mean(xs)?;
    Ok(xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64)
}

/// Sample standard deviation s.
pub fn std_dev(xs: &[f64]) -> Result<f64> {
    Ok(variance(xs)?.sqrt())
}

/// Standard error of the mean s/√n.
pub fn sem(xs: &[f64]) -> Result<f64> {
    Ok(std_dev(xs)? / (xs.len() as f64).sqrt())
}

/// A two-sided confidence interval around an estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// The point estimate.
    pub estimate: f64,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Confidence level, e.g. 0.95.
    pub level: f64,
}

impl Interval {
    /// Whether `x` lies inside the interval (bounds included).
    pub fn contains(&self, x: f64) -> bool {
        self.lower <= x && x <= self.upper
    }
    /// Half the width.
    pub fn half_width(&self) -> f64 {
        0.5 * (self.upper - self.lower)
    }
}

fn check_level(level: f64) -> Result<f64> {
    crate::validate::in_open_range("confidence level", level, 0.0, 1.0)
}

/// Two-sided Student-t quantile t_{(1+level)/2, df}.
pub fn t_quantile(level: f64, df: f64) -> Result<f64> {
    check_level(level)?;
    crate::validate::positive("degrees of freedom", df)?;
    let t = StudentsT::new(0.0, 1.0, df)
        .map_err(|e| Error::Numerical(format!("Student t with {df} dof: {e}")))?;
    Ok(t.inverse_cdf(0.5 * (1.0 + level)))
}

/// Standard normal CDF Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    // Normal::new(0, 1) cannot fail.
    Normal::standard().cdf(x)
}

/// Standard normal quantile Φ⁻¹(p), p in (0, 1).
pub fn normal_quantile(p: f64) -> Result<f64> {
    crate::validate::in_open_range("p", p, 0.0, 1.0)?;
    Ok(Normal::standard().inverse_cdf(p))
}

/// t confidence interval for the mean: x̄ ± t_{(1+level)/2, n−1} · s/√n.
pub fn mean_interval(xs: &[f64], level: f64) -> Result<Interval> {
    let m = mean(xs)?;
    let se = sem(xs)?;
    let t = t_quantile(level, (xs.len() - 1) as f64)?;
    Ok(Interval {
        estimate: m,
        lower: m - t * se,
        upper: m + t * se,
        level,
    })
}

/// An ordinary least-squares line y = intercept + slope·x.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LinearFit {
    /// Fitted slope.
    pub slope: f64,
    /// Fitted intercept.
    pub intercept: f64,
    /// Standard error of the slope, √(σ̂² / Sxx) with σ̂² = RSS/(n − 2).
    pub slope_se: f64,
    /// Coefficient of determination R².
    pub r_squared: f64,
    /// Number of points.
    pub n: usize,
}

impl LinearFit {
    /// Confidence interval for the slope with n − 2 degrees of freedom.
    pub fn slope_interval(&self, level: f64) -> Result<Interval> {
        if self.n < 3 {
            return Err(Error::InvalidInput(
                "a slope interval needs at least 3 points".into(),
            ));
        }
        let t = t_quantile(level, (self.n - 2) as f64)?;
        Ok(Interval {
            estimate: self.slope,
            lower: self.slope - t * self.slope_se,
            upper: self.slope + t * self.slope_se,
            level,
        })
    }
}

/// Least-squares fit of y on x.
pub fn linear_fit(xs: &[f64], ys: &[f64]) -> Result<LinearFit> {
    crate::validate::same_len("linear fit (x and y)", xs.len(), ys.len())?;
    non_empty("linear fit", xs, 2)?;
    non_empty("linear fit", ys, 2)?;
    let n = xs.len();
    let mx = mean(xs)?;
    let my = mean(ys)?;
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    if sxx == 0.0 {
        return Err(Error::InvalidInput(
            "linear fit needs at least two distinct x values".into(),
        ));
    }
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let syy: f64 = ys.iter().map(|y| (y - my) * (y - my)).sum();
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let rss: f64 = xs
        .iter()
        .zip(ys)
        .map(|(x, y)| {
            let r = y - intercept - slope * x;
            r * r
        })
        .sum();
    let slope_se = if n > 2 {
        (rss / (n - 2) as f64 / sxx).sqrt()
    } else {
        f64::NAN
    };
    let r_squared = if syy > 0.0 { 1.0 - rss / syy } else { 1.0 };
    Ok(LinearFit {
        slope,
        intercept,
        slope_se,
        r_squared,
        n,
    })
}

/// A power law y ≈ prefactor · x^exponent fitted by least squares on (ln x, ln y).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PowerLawFit {
    /// The exponent (log–log slope).
    pub exponent: f64,
    /// The prefactor e^intercept.
    pub prefactor: f64,
    /// Confidence interval of the exponent (t with n − 2 dof).
    pub exponent_interval: Interval,
    /// R² on log–log axes.
    pub r_squared: f64,
}

/// Fits y = c·x^b on log–log axes; every x and y must be > 0. Needs ≥ 3 points.
pub fn power_law_fit(xs: &[f64], ys: &[f64], level: f64) -> Result<PowerLawFit> {
    if xs.iter().chain(ys).any(|v| v.is_nan() || *v <= 0.0) {
        return Err(Error::InvalidInput(
            "a power-law fit needs strictly positive x and y".into(),
        ));
    }
    let lx: Vec<f64> = xs.iter().map(|x| x.ln()).collect();
    let ly: Vec<f64> = ys.iter().map(|y| y.ln()).collect();
    let fit = linear_fit(&lx, &ly)?;
    Ok(PowerLawFit {
        exponent: fit.slope,
        prefactor: fit.intercept.exp(),
        exponent_interval: fit.slope_interval(level)?,
        r_squared: fit.r_squared,
    })
}

/// Quantile of the χ² distribution with `dof` degrees of freedom: the x with P(χ² ≤ x) = p,
/// p in (0, 1).
pub fn chi_squared_quantile(p: f64, dof: f64) -> Result<f64> {
    crate::validate::in_open_range("p", p, 0.0, 1.0)?;
    crate::validate::positive("degrees of freedom", dof)?;
    let chi =
        ChiSquared::new(dof).map_err(|e| Error::Numerical(format!("χ² with {dof} dof: {e}")))?;
    Ok(chi.inverse_cdf(p))
}

/// A power law ⟨y⟩ ≈ prefactor · x^exponent fitted to means with known standard errors, by
/// weighted least squares on (ln x, ln ⟨y⟩) (see [`weighted_power_law_fit`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeightedPowerLawFit {
    /// The exponent b (log–log slope).
    pub exponent: f64,
    /// Standard error of b from the weights alone, (Σ wᵢ (ln xᵢ − x̄_w)²)^{−1/2}.
    pub exponent_se: f64,
    /// The prefactor c = e^intercept.
    pub prefactor: f64,
    /// χ² = Σ wᵢ (ln yᵢ − ln c − b ln xᵢ)² of the fit.
    pub chi2: f64,
    /// Degrees of freedom of χ²: points − 2.
    pub dof: usize,
}

/// Fits ⟨y⟩ = c·x^b to means `ys` with standard errors `sems` at `xs` (≥ 3 points, all x and
/// means > 0). On log axes σᵢ = SEᵢ/⟨y⟩ᵢ (the delta method), floored at `min_relative_error`
/// so that a mean with no spread (every run the same) does not take all the weight; the
/// weights are wᵢ = 1/σᵢ². Unlike [`power_law_fit`] the exponent's error comes from the
/// known errors of the means, and χ² (with points − 2 dof) tests whether a power law fits
/// at all.
pub fn weighted_power_law_fit(
    xs: &[f64],
    ys: &[f64],
    sems: &[f64],
    min_relative_error: f64,
) -> Result<WeightedPowerLawFit> {
    crate::validate::same_len("weighted fit (x and means)", xs.len(), ys.len())?;
    crate::validate::same_len("weighted fit (means and errors)", ys.len(), sems.len())?;
    // The lengths are equal, so one count check covers all three slices.
    non_empty("weighted power-law fit", xs, 3)?;
    crate::validate::positive("smallest relative error", min_relative_error)?;
    // Written so that NaN or infinity fails (a NaN compares false with everything).
    let bad_point = |v: &f64| !(v.is_finite() && *v > 0.0);
    let bad_error = |e: &f64| !(e.is_finite() && *e >= 0.0);
    if xs.iter().chain(ys).any(bad_point) || sems.iter().any(bad_error) {
        return Err(Error::InvalidInput(
            "a weighted power-law fit needs finite x > 0, means > 0 and errors ≥ 0".into(),
        ));
    }
    if xs.iter().all(|x| *x == xs[0]) {
        return Err(Error::InvalidInput(
            "a weighted power-law fit needs at least two distinct x values".into(),
        ));
    }
    let lx: Vec<f64> = xs.iter().map(|x| x.ln()).collect();
    let ly: Vec<f64> = ys.iter().map(|y| y.ln()).collect();
    let w: Vec<f64> = ys
        .iter()
        .zip(sems)
        .map(|(y, e)| (e / y).max(min_relative_error).powi(-2))
        .collect();
    let sw: f64 = w.iter().sum();
    let mx = lx.iter().zip(&w).map(|(x, w)| x * w).sum::<f64>() / sw;
    let my = ly.iter().zip(&w).map(|(y, w)| y * w).sum::<f64>() / sw;
    let sxx: f64 = lx
        .iter()
        .zip(&w)
        .map(|(x, w)| w * (x - mx) * (x - mx))
        .sum();
    let sxy: f64 = (0..lx.len())
        .map(|k| w[k] * (lx[k] - mx) * (ly[k] - my))
        .sum();
    let b = sxy / sxx;
    let a = my - b * mx;
    let chi2 = (0..lx.len())
        .map(|k| w[k] * (ly[k] - a - b * lx[k]).powi(2))
        .sum();
    Ok(WeightedPowerLawFit {
        exponent: b,
        exponent_se: sxx.recip().sqrt(),
        prefactor: a.exp(),
        chi2,
        dof: lx.len() - 2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HAND: f64 = 1e-12;

    #[test]
    fn moments_by_hand() {
        // xs = 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x−x̄)² = 32, s² = 32/7.
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert!((mean(&xs).unwrap() - 5.0).abs() < HAND);
        assert!((variance(&xs).unwrap() - 32.0 / 7.0).abs() < HAND);
        assert!((sem(&xs).unwrap() - (32.0_f64 / 7.0 / 8.0).sqrt()).abs() < HAND);
        assert!(mean(&[]).is_err());
        assert!(variance(&[1.0]).is_err());
        assert!(mean(&[1.0, f64::NAN]).is_err());
    }

    #[test]
    fn t_interval_by_hand() {
        // xs = 1..=5: mean 3, s² = 2.5, se = √0.5; t_{0.975,4} = 2.776445105 (tables).
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        let ci = mean_interval(&xs, 0.95).unwrap();
        let half = 2.776_445_105_197_8 * 0.5_f64.sqrt();
        assert!((ci.estimate - 3.0).abs() < HAND);
        assert!((ci.half_width() - half).abs() < 1e-8);
        assert!(ci.contains(3.0) && !ci.contains(3.0 + 1.01 * half));
        // Normal: Φ(1.959963985) = 0.975.
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-9);
        assert!((normal_quantile(0.975).unwrap() - 1.959_963_984_540_054).abs() < 1e-9);
    }

    #[test]
    fn linear_fit_by_hand() {
        // Points (0,1), (1,3), (2,4), (3,8): x̄ = 1.5, ȳ = 4, Sxx = 5, Sxy = 11.
        // slope = 2.2, intercept = 0.7; residuals 0.3, 0.1, −1.1, 0.7 → RSS = 1.8;
        // se = √(1.8/2/5) = √0.18.
        let f = linear_fit(&[0.0, 1.0, 2.0, 3.0], &[1.0, 3.0, 4.0, 8.0]).unwrap();
        assert!((f.slope - 2.2).abs() < HAND);
        assert!((f.intercept - 0.7).abs() < HAND);
        assert!((f.slope_se - 0.18_f64.sqrt()).abs() < HAND);
        // Syy = 26 → R² = 1 − 1.8/26.
        assert!((f.r_squared - (1.0 - 1.8 / 26.0)).abs() < HAND);
        // t_{0.975,2} = 4.302652730.
        let ci = f.slope_interval(0.95).unwrap();
        assert!((ci.half_width() - 4.302_652_729_911 * 0.18_f64.sqrt()).abs() < 1e-8);
        assert!(linear_fit(&[1.0, 1.0], &[1.0, 2.0]).is_err());
        assert!(linear_fit(&[1.0, 2.0], &[1.0]).is_err());
    }

    #[test]
    fn chi_squared_quantiles_match_tables() {
        // 99% points of χ² (tables): 6.635, 9.210, 11.345 for 1, 2, 3 dof.
        for (dof, q) in [(1.0, 6.634_897), (2.0, 9.210_340), (3.0, 11.344_867)] {
            assert!((chi_squared_quantile(0.99, dof).unwrap() - q).abs() < 1e-5);
        }
        assert!(chi_squared_quantile(1.0, 2.0).is_err());
        assert!(chi_squared_quantile(0.5, 0.0).is_err());
    }

    #[test]
    fn weighted_power_law_by_hand() {
        // Exact power law y = 3·x^0.5 with equal relative errors 0.1: b = 0.5, c = 3, χ² = 0;
        // w = 100 each, so SE(b) = (100 · Σ (ln x − mean)²)^{−1/2}.
        let xs = [1.0, 4.0, 16.0];
        let ys: Vec<f64> = xs.iter().map(|x: &f64| 3.0 * x.sqrt()).collect();
        let sems: Vec<f64> = ys.iter().map(|y| 0.1 * y).collect();
        let f = weighted_power_law_fit(&xs, &ys, &sems, 1e-3).unwrap();
        assert!((f.exponent - 0.5).abs() < HAND && (f.prefactor - 3.0).abs() < 1e-10);
        assert!(f.chi2 < 1e-20 && f.dof == 1);
        let l4 = 4.0_f64.ln();
        let sxx = 100.0 * (l4 * l4 + 0.0 + l4 * l4);
        assert!((f.exponent_se - sxx.recip().sqrt()).abs() < HAND);
        // The middle point (at the mean of ln x) raised by δ = 0.1 on log axes, its error
        // unchanged: the slope stays 0.5, the intercept rises by δ/3, the residuals are
        // −δ/3, 2δ/3, −δ/3, so χ² = 100 · δ² · 6/9 = 2/3.
        let mut off = ys.clone();
        off[1] *= 0.1_f64.exp();
        let mut off_sems = sems.clone();
        off_sems[1] = 0.1 * off[1];
        let g = weighted_power_law_fit(&xs, &off, &off_sems, 1e-3).unwrap();
        assert!((g.exponent - 0.5).abs() < 1e-12);
        assert!((g.prefactor - 3.0 * (0.1_f64 / 3.0).exp()).abs() < 1e-10);
        assert!((g.chi2 - 2.0 / 3.0).abs() < 1e-10);
        // The floor: errors of 0 are treated as the smallest relative error.
        let h = weighted_power_law_fit(&xs, &ys, &[0.0; 3], 0.1).unwrap();
        assert!((h.exponent_se - f.exponent_se).abs() < HAND);
        assert!(weighted_power_law_fit(&xs[..2], &ys[..2], &sems[..2], 1e-3).is_err());
        assert!(weighted_power_law_fit(&xs, &[1.0, 0.0, 2.0], &sems, 1e-3).is_err());
        assert!(weighted_power_law_fit(&[2.0, 2.0, 2.0], &ys, &sems, 1e-3).is_err());
        // Non-finite input is an error, not a NaN fit.
        assert!(weighted_power_law_fit(&xs, &[1.0, f64::NAN, 2.0], &sems, 1e-3).is_err());
        assert!(weighted_power_law_fit(&[1.0, f64::INFINITY, 3.0], &ys, &sems, 1e-3).is_err());
        assert!(weighted_power_law_fit(&xs, &ys, &[0.1, f64::NAN, 0.1], 1e-3).is_err());
    }

    #[test]
    fn power_law_recovers_exponent() {
        // y = 3 x^0.5 exactly: exponent 0.5, prefactor 3, zero-width interval.
        let xs = [16.0, 64.0, 256.0, 1024.0];
        let ys: Vec<f64> = xs.iter().map(|x: &f64| 3.0 * x.sqrt()).collect();
        let f = power_law_fit(&xs, &ys, 0.95).unwrap();
        assert!((f.exponent - 0.5).abs() < HAND);
        assert!((f.prefactor - 3.0).abs() < 1e-10);
        assert!(f.exponent_interval.half_width() < 1e-9);
        assert!(power_law_fit(&[1.0, 0.0, 2.0], &[1.0, 1.0, 1.0], 0.95).is_err());
    }
}
