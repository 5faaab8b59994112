//! Pattern completion: cue a stored pattern with 20% of its bits flipped and let each
//! dynamics complete it (Hopfield 1982).
//!
//! `cargo run --release -p learn-hopfield --example recall`

use learn_core::rng::stream;
use learn_hopfield::{Dynamics, Network, Patterns, RunOptions, flip_cue, overlap};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = stream(7, 0);
    let patterns = Patterns::random(2000, 100, &mut rng)?; // α = 0.05
    let net = Network::hebbian(patterns.clone());
    let target = patterns.pattern(0);
    let cue = flip_cue(&target, 0.2, &mut rng)?;
    let options = RunOptions {
        max_sweeps: 200,
        record_energy: true,
    };
    for dynamics in [
        Dynamics::Asynchronous,
        Dynamics::Synchronous,
        Dynamics::Glauber { temperature: 0.3 },
    ] {
        let mut state = cue.clone();
        let out = net.run(&mut state, dynamics, &options, &mut stream(7, 1))?;
        println!(
            "{dynamics:?}: overlap {:.3} -> {:.3}, {:?} after {} sweeps, energy {:.1} -> {:.1}",
            overlap(&cue, &target)?,
            overlap(&state, &target)?,
            out.ending,
            out.sweeps,
            out.energy[0],
            out.energy[out.energy.len() - 1]
        );
    }
    Ok(())
}
