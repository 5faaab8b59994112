//! Novelty-facilitated plasticity (Blumenfeld et al. 2006): which attractor each morph
//! retrieves after gradual or random presentation.
//!
//! `cargo run --release --example morph [N] [background] [steps] [sessions] [eta] [seed]`

use learn_hopfield::novelty::{MorphOrder, MorphParams, morph_experiment};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let get = |i: usize, d: f64| a.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let params = MorphParams::new(
        get(0, 400.0) as usize,
        get(1, 5.0) as usize,
        get(2, 20.0) as usize,
        get(3, 5.0) as usize,
        get(4, 0.3),
    )?;
    let seed = get(5, 1.0) as u64;
    for order in [MorphOrder::Gradual, MorphOrder::Random] {
        let r = morph_experiment(&params, order, seed)?;
        println!(
            "{order:?}: end-attractor overlap {:.3}, switches {}",
            r.end_attractor_overlap,
            r.switches()
        );
        for m in &r.morphs {
            println!(
                "  k/K {:.2}  src {:+.3}  tgt {:+.3}  A {:+.3}  B {:+.3}",
                m.fraction,
                m.source_attractor_overlap,
                m.target_attractor_overlap,
                m.a_overlap,
                m.b_overlap
            );
        }
    }
    Ok(())
}
