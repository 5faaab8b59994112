//! Every claim of `learn-latent` must pass at the Quick budget.

use learn_core::{Budget, assert_claim_passes};

#[test]
fn every_claim_passes_at_quick_budget() {
    let claims = learn_latent::claims();
    assert_eq!(claims.len(), 6);
    for claim in &claims {
        let start = std::time::Instant::now();
        let evidence = assert_claim_passes(claim.as_ref(), Budget::Quick, 2017);
        assert!(evidence.figure.is_some(), "{} has no figure", claim.id());
        eprintln!("{} passed in {:?}", claim.id(), start.elapsed());
    }
}
