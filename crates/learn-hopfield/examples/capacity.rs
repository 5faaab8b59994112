//! Times the capacity sweep of the issue: N = 10,000, 8 loads × 10 trials, Hebbian rule.
//!
//! `cargo run --release --example capacity [N] [trials]` (rayon uses all cores; set
//! `RAYON_NUM_THREADS=2` to match the 2-core target).

use std::time::Instant;

use learn_hopfield::Rule;
use learn_hopfield::capacity::{CapacitySettings, capacity_sweep};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|s| s.parse().ok())
        .collect();
    let n = *a.first().unwrap_or(&10_000);
    let trials = *a.get(1).unwrap_or(&10);
    let loads = [0.06, 0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20];
    let settings = CapacitySettings::new(n, &loads, trials, Rule::Hebbian, 0.0)?;
    let t = Instant::now();
    let points = capacity_sweep(&settings, 1)?;
    let secs = t.elapsed().as_secs_f64();
    for p in &points {
        println!(
            "α = {:.2}: mean overlap {:.4} ± {:.4}, retrieved {:.2}",
            p.load, p.mean_overlap, p.sem, p.retrieved_fraction
        );
    }
    println!(
        "N = {n}, {} loads × {trials} trials: {secs:.1} s on {} threads",
        loads.len(),
        rayon::current_num_threads()
    );
    Ok(())
}
