//! Glauber dynamics from a symmetric 3-pattern mixture: overlaps over sweeps.
//!
//! `cargo run --release --example mixture [N] [p] [T] [sweeps] [seed]`

use learn_core::rng::stream;
use learn_hopfield::{Network, Patterns};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<f64> = std::env::args()
        .skip(1)
        .filter_map(|s| s.parse().ok())
        .collect();
    let g = |i: usize, d: f64| *a.get(i).unwrap_or(&d);
    let (n, p, t, sweeps, seed) = (
        g(0, 1000.0) as usize,
        g(1, 5.0) as usize,
        g(2, 0.3),
        g(3, 40.0) as usize,
        g(4, 1.0) as u64,
    );
    let mut rng = stream(seed, 0);
    let pats = Patterns::random(n, p, &mut rng)?;
    let net = Network::hebbian(pats.clone());
    let mix: Vec<i8> = (0..n)
        .map(|i| {
            if pats.get(i, 0) + pats.get(i, 1) + pats.get(i, 2) > 0 {
                1
            } else {
                -1
            }
        })
        .collect();
    let mut r = net.runner(&mix)?;
    for k in 0..=sweeps {
        if k % 5 == 0 {
            let m = pats.overlaps(r.state())?;
            println!(
                "sweep {k}: {}",
                m.iter()
                    .map(|v| format!("{v:+.3}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
        r.sweep(t, &mut rng)?;
    }
    Ok(())
}
