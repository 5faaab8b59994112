//! Attractor-network recall: items retrieved for a few list lengths, with and without noise.
//!
//! `cargo run --release -p learn-recall --example network_recall`

use learn_recall::network::{NetworkParams, WEAK_NOISE, recall_counts};

fn main() -> Result<(), learn_recall::RecallError> {
    for noise in [0.0, WEAK_NOISE] {
        for l in [8usize, 16, 32] {
            let mut params = NetworkParams::default_for_list(l)?;
            params.noise = noise;
            let runs = recall_counts(&params, 8, 1)?;
            let mean = runs.iter().map(|r| r.count() as f64).sum::<f64>() / runs.len() as f64;
            let cycled = runs.iter().filter(|r| r.cycle_period.is_some()).count();
            println!(
                "noise {noise}: L = {l:>3}: mean retrieved {mean:6.2}, {cycled}/8 ended in a cycle"
            );
        }
    }
    Ok(())
}
