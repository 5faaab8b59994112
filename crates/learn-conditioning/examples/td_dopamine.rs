//! TD(λ): the prediction error moves from the US to the CS with training.
//!
//! `cargo run -p learn-conditioning --example td_dopamine`

use learn_conditioning::{
    design,
    learner::run_design,
    td::{TdLearner, TdParams},
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let d = design::parse("200A+ | 1A-")?;
    let g = &run_design(&mut TdLearner::new(TdParams::default()), &d, 1)?[0];
    for k in [0, 9, 49, 199, 200] {
        let delta = g.trials[k].delta.as_ref().ok_or("no delta")?;
        let line: Vec<String> = delta.iter().map(|x| format!("{x:+.2}")).collect();
        println!("trial {:>3}: {}", k + 1, line.join(" "));
    }
    Ok(())
}
