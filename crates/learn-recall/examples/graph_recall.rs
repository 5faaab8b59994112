//! Similarity-graph recall: mean R against the law √(3πM/2), and the cost of a walk, for
//! M = 10³ … 10⁶ on one thread.
//!
//! `cargo run --release -p learn-recall --example graph_recall [MAX_M] [WALKS]`

use learn_recall::graph::{GraphParams, Similarity, SimilarityGraph, law};
use std::time::Instant;

fn main() -> Result<(), learn_recall::RecallError> {
    let args: Vec<String> = std::env::args().collect();
    let max_m: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let walks: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    println!(
        "{:>9} {:>6} {:>9} {:>9} {:>7} {:>11} {:>10}",
        "M", "walks", "mean R", "law", "ratio", "ms/walk", "ns/entry"
    );
    let mut m = 1000;
    while m <= max_m {
        let params = GraphParams::new(m, Similarity::Symmetric)?;
        let (mut r_sum, mut rows) = (0usize, 0usize);
        let t0 = Instant::now();
        for seed in 0..walks {
            let mut g = SimilarityGraph::new(&params, seed);
            r_sum += g.walk(0)?.count();
            rows += g.rows_scanned();
        }
        let secs = t0.elapsed().as_secs_f64();
        let mean = r_sum as f64 / walks as f64;
        println!(
            "{:>9} {:>6} {:>9.2} {:>9.2} {:>7.3} {:>11.3} {:>10.3}",
            m,
            walks,
            mean,
            law(m),
            mean / law(m),
            secs * 1e3 / walks as f64,
            secs * 1e9 / (rows as f64 * m as f64)
        );
        m *= 10;
    }
    Ok(())
}
