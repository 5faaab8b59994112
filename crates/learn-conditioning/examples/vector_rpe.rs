//! The vector (feature-specific) RPE: one channel per cue, summing to the scalar TD error.
//!
//! `cargo run -p learn-conditioning --example vector_rpe`

use learn_conditioning::{
    design,
    learner::{Extra, run_design},
    td::{TdLearner, TdParams},
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let d = design::parse("100A+ | 1B>A")?;
    let g = &run_design(&mut TdLearner::vector(TdParams::default()), &d, 1)?[0];
    let last = g.trials.last().ok_or("no trials")?;
    let Some(Extra::Matrix(rows)) = last.extra.get("vector_delta") else {
        return Err("no channels".into());
    };
    let delta = last.delta.as_ref().ok_or("no delta")?;
    println!("step  channel A  channel B  sum      scalar δ");
    for (t, (row, d)) in rows.iter().zip(delta).enumerate() {
        println!(
            "{t:>4}  {:+.4}    {:+.4}    {:+.4}  {:+.4}",
            row[0],
            row[1],
            row.iter().sum::<f64>(),
            d
        );
    }
    Ok(())
}
