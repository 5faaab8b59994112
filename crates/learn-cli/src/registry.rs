//! Every claim of every model crate, gathered for `learn reproduce`.
//!
//! Each model crate exposes `pub fn claims() -> Vec<Box<dyn Claim>>`; add one line per crate.

use learn_core::Claim;

/// All claims, in a stable order (crate by crate, in each crate's own order).
pub fn all_claims() -> Vec<Box<dyn Claim>> {
    #[allow(unused_mut)]
    let mut claims: Vec<Box<dyn Claim>> = Vec::new();
    claims.extend(learn_conditioning::claims());
    claims.extend(learn_latent::claims());
    claims
}
