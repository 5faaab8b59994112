//! Runs the crate's claims and prints every check and recorded number.
//!
//! `cargo run --release --example claims [quick|full] [ID-SUBSTRING] [SEED]`

use learn_core::Budget;

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let budget = if a.first().map(String::as_str) == Some("full") {
        Budget::Full
    } else {
        Budget::Quick
    };
    let only = a.get(1).cloned().unwrap_or_default();
    let seed = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(2024);
    for claim in learn_hopfield::claims() {
        if !claim.id().contains(&only) {
            continue;
        }
        let t = std::time::Instant::now();
        match claim.run(budget, seed) {
            Ok(ev) => {
                println!(
                    "{} [{:?}] {:.2} s: {:?}",
                    claim.id(),
                    budget,
                    t.elapsed().as_secs_f64(),
                    ev.verdict()
                );
                for c in &ev.checks {
                    println!(
                        "  check {}: {} (expected {}) {}",
                        c.name,
                        c.measured,
                        c.expected,
                        c.detail.clone().unwrap_or_default()
                    );
                }
                for (k, v) in &ev.recorded {
                    println!("  record {k}: {v:.4}");
                }
            }
            Err(e) => println!("{}: error {e}", claim.id()),
        }
    }
}
