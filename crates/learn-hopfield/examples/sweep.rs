//! Times asynchronous sweeps of the Hebbian overlap path (wall and CPU time).
//!
//! `cargo run --release --example sweep [N] [p] [sweeps]`

use std::time::Instant;

use learn_core::rng::stream;
use learn_hopfield::{Network, Patterns, flip_cue};

/// User CPU seconds of this process (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit(')').next()?.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
        })
        .unwrap_or(0.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|s| s.parse().ok())
        .collect();
    let (n, p, k) = (
        *a.first().unwrap_or(&10_000),
        *a.get(1).unwrap_or(&1_000),
        *a.get(2).unwrap_or(&100),
    );
    let mut rng = stream(1, 0);
    let pats = Patterns::random(n, p, &mut rng)?;
    let start = flip_cue(&pats.pattern(0), 0.2, &mut rng)?;
    let net = Network::hebbian(pats);
    let mut runners = Vec::with_capacity(k);
    let (t0, c0) = (Instant::now(), cpu_seconds());
    for _ in 0..k {
        runners.push(net.runner(&start)?);
    }
    let (init_wall, init_cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let mut flips = 0;
    for r in &mut runners {
        flips += r.sweep(0.0, &mut rng)?;
    }
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
    println!(
        "overlap initialisation: {:.3} ms wall, {:.3} ms CPU",
        1e3 * init_wall / k as f64,
        1e3 * init_cpu / k as f64
    );
    println!(
        "N={n} p={p}: {:.3} ms wall, {:.3} ms CPU per sweep ({} flips/sweep; memory {} bytes)",
        1e3 * wall / k as f64,
        1e3 * cpu / k as f64,
        flips / k,
        net.memory_bytes()
    );
    Ok(())
}
