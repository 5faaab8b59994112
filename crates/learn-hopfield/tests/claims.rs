//! Every claim of the crate passes at the Quick budget.

use learn_core::{Budget, assert_claim_passes};

#[test]
fn all_claims_pass_quick() {
    for claim in learn_hopfield::claims() {
        let t = std::time::Instant::now();
        assert_claim_passes(claim.as_ref(), Budget::Quick, 2024);
        eprintln!("{}: {:.2} s", claim.id(), t.elapsed().as_secs_f64());
    }
}
