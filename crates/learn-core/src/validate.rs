//! Parameter validation helpers.
//!
//! Parameters are checked once, when a model's parameter struct is built (the
//! `ParamGuard` habit of linfa), so model code can trust them. Each helper returns the value
//! on success, so a constructor reads `let alpha = unit_interval_open_closed("alpha", alpha)?;`.

use crate::error::{Error, Result};

/// Rejects NaN and ±∞.
pub fn finite(name: &str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::invalid_parameter(
            name,
            format!("must be a finite number, got {value}"),
        ))
    }
}

/// Requires `value > 0` (and finite).
pub fn positive(name: &str, value: f64) -> Result<f64> {
    finite(name, value)?;
    if value > 0.0 {
        Ok(value)
    } else {
        Err(Error::invalid_parameter(
            name,
            format!("must be > 0, got {value}"),
        ))
    }
}

/// Requires `value >= 0` (and finite).
pub fn non_negative(name: &str, value: f64) -> Result<f64> {
    finite(name, value)?;
    if value >= 0.0 {
        Ok(value)
    } else {
        Err(Error::invalid_parameter(
            name,
            format!("must be >= 0, got {value}"),
        ))
    }
}

/// Requires `value` in the half-open interval (0, 1] — learning rates and saliences.
pub fn unit_interval_open_closed(name: &str, value: f64) -> Result<f64> {
    finite(name, value)?;
    if value > 0.0 && value <= 1.0 {
        Ok(value)
    } else {
        Err(Error::invalid_parameter(
            name,
            format!("must lie in (0, 1], got {value}"),
        ))
    }
}

/// Requires `value` in the closed interval [0, 1] — probabilities and fractions.
pub fn probability(name: &str, value: f64) -> Result<f64> {
    in_closed_range(name, value, 0.0, 1.0)
}

/// Requires `lo <= value <= hi` (and finite).
pub fn in_closed_range(name: &str, value: f64, lo: f64, hi: f64) -> Result<f64> {
    finite(name, value)?;
    if (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid_parameter(
            name,
            format!("must lie in [{lo}, {hi}], got {value}"),
        ))
    }
}

/// Requires `lo < value < hi` (and finite).
pub fn in_open_range(name: &str, value: f64, lo: f64, hi: f64) -> Result<f64> {
    finite(name, value)?;
    if value > lo && value < hi {
        Ok(value)
    } else {
        Err(Error::invalid_parameter(
            name,
            format!("must lie in ({lo}, {hi}), got {value}"),
        ))
    }
}

/// Requires an integer count in `min..=max`; `max` guards against absurd sizes that
/// would exhaust memory or time instead of failing cleanly.
pub fn count(name: &str, value: usize, min: usize, max: usize) -> Result<usize> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid_parameter(
            name,
            format!("must lie in {min}..={max}, got {value}"),
        ))
    }
}

/// Requires two lengths to agree.
pub fn same_len(what: &str, expected: usize, got: usize) -> Result<()> {
    if expected == got {
        Ok(())
    } else {
        Err(Error::DimensionMismatch {
            what: what.to_string(),
            expected,
            got,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_rejects() {
        assert_eq!(unit_interval_open_closed("alpha", 1.0), Ok(1.0));
        assert!(unit_interval_open_closed("alpha", 0.0).is_err());
        assert!(unit_interval_open_closed("alpha", f64::NAN).is_err());
        assert!(positive("x", -1.0).is_err());
        assert_eq!(non_negative("x", 0.0), Ok(0.0));
        assert!(probability("f", 1.5).is_err());
        assert!(in_open_range("f", 0.0, 0.0, 1.0).is_err());
        assert_eq!(count("n", 5, 1, 10), Ok(5));
        assert!(count("n", 0, 1, 10).is_err());
        assert!(same_len("pattern", 3, 4).is_err());
        let message = unit_interval_open_closed("beta", 2.0)
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "invalid parameter `beta`: must lie in (0, 1], got 2"
        );
    }
}
