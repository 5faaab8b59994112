//! Every claim of the crate passes at the Quick budget.

use learn_core::{Budget, assert_claim_passes};

#[test]
fn every_claim_passes_quick() {
    for claim in learn_conditioning::claims() {
        let start = std::time::Instant::now();
        assert_claim_passes(claim.as_ref(), Budget::Quick, 2026);
        eprintln!("{}: {:.2?}", claim.id(), start.elapsed());
    }
}

#[test]
fn claim_ids_are_unique_and_namespaced() {
    let claims = learn_conditioning::claims();
    let mut ids: Vec<&str> = claims.iter().map(|c| c.id()).collect();
    assert!(ids.iter().all(|id| id.starts_with("conditioning/")));
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n);
}
