//! Rescorla–Wagner on the blocking design with a control group.
//!
//! `cargo run -p learn-conditioning --example rw_blocking`

use learn_conditioning::{
    design,
    learner::run_design,
    rw::{RescorlaWagner, RwParams},
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let d = design::parse("Blocking: 10A+ | 10AB+ | 1#B ; Control: 10C+ | 10AB+ | 1#B")?;
    let groups = run_design(&mut RescorlaWagner::new(RwParams::default()), &d, 1)?;
    for g in &groups {
        println!("{}: {:?}", g.name, g.final_strengths);
    }
    Ok(())
}
