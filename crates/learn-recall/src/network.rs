//! Attractor-network recall (work in progress).

/// The network claims.
pub fn claims() -> Vec<Box<dyn learn_core::Claim>> {
    Vec::new()
}
