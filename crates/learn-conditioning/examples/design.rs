//! The design language: parse, print canonically, expand into time-stamped trials, and see
//! an error message.
//!
//! `cargo run -p learn-conditioning --example design`

use learn_conditioning::design;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let d = design::parse("Exp: 4A+ | @10 !2AX-/2A+ ; Ctl: 4A+ | @10 4A+")?;
    println!("canonical: {d}");
    for g in d.expand(7).groups {
        for t in &g.trials {
            println!(
                "{} #{:<2} phase {} t={:<4} cues {:?} US {:?}",
                g.name, t.index, t.phase, t.time, t.cues, t.us
            );
        }
    }
    match design::parse("10A+ | 10a+") {
        Ok(_) => {}
        Err(e) => println!("error: {e}"),
    }
    Ok(())
}
