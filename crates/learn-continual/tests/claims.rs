//! Every claim at `Budget::Quick`, so `cargo test` guards them.

use learn_core::{Budget, assert_claim_passes};

#[test]
fn every_claim_passes_at_quick_budget() {
    for claim in learn_continual::claims() {
        let start = std::time::Instant::now();
        let ev = assert_claim_passes(claim.as_ref(), Budget::Quick, 2017);
        eprintln!(
            "{} passed in {:?}: {:?}",
            claim.id(),
            start.elapsed(),
            ev.measured()
        );
    }
}
