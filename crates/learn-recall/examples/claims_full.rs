//! Runs every claim of this crate at the Full budget and prints the verdict and numbers
//! (`learn reproduce --only recall` does the same with figures).
//!
//! `cargo run --release -p learn-recall --example claims_full [SEED]`

use learn_core::Budget;

fn main() {
    let seed: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    for claim in learn_recall::claims() {
        let t = std::time::Instant::now();
        match claim.run(Budget::Full, seed) {
            Ok(ev) => {
                println!(
                    "{} [{:.1} s]: {:?}",
                    claim.id(),
                    t.elapsed().as_secs_f64(),
                    ev.verdict()
                );
                for c in &ev.checks {
                    println!("  {} = {:.4} (expected {})", c.name, c.measured, c.expected);
                }
                for (k, v) in &ev.recorded {
                    println!("  [{k}] = {v:.4}");
                }
            }
            Err(e) => println!("{}: error {e}", claim.id()),
        }
    }
}
