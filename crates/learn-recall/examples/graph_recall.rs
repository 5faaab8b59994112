//! Similarity-graph recall: mean R against the law √(3πM/2) for a few list sizes, and the
//! time per trial.
//!
//! `cargo run --release -p learn-recall --example graph_recall [MAX_M] [TRIALS]`

use learn_recall::graph::{GraphParams, Similarity, recall_summary};
use std::time::Instant;

fn main() -> Result<(), learn_recall::RecallError> {
    let args: Vec<String> = std::env::args().collect();
    let max_m: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(4096);
    let trials: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(500);
    println!(
        "{:>9} {:>7} {:>9} {:>7} {:>9} {:>7} {:>12}",
        "M", "trials", "mean R", "sem", "law", "ratio", "ms/trial"
    );
    let mut m = 16;
    while m <= max_m {
        let params = GraphParams::new(m, Similarity::Symmetric)?;
        let t0 = Instant::now();
        let s = recall_summary(&params, trials, 1)?;
        let ms = t0.elapsed().as_secs_f64() * 1e3 / trials as f64;
        println!(
            "{:>9} {:>7} {:>9.3} {:>7.3} {:>9.3} {:>7.4} {:>12.4}",
            m, trials, s.mean_recalled, s.sem, s.law, s.ratio, ms
        );
        m *= 4;
    }
    Ok(())
}
