//! Learning rules compared: the fraction of stored patterns that are fixed points versus load.
//!
//! `cargo run --release -p learn-hopfield --example rules [N]`

use learn_core::rng::stream;
use learn_hopfield::{Network, Patterns, PerceptronParams, Rule};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let all = Patterns::random(n, 2 * n, &mut stream(3, 0))?;
    let rules = [
        Rule::Hebbian,
        Rule::Storkey,
        Rule::PseudoInverse,
        Rule::Perceptron(PerceptronParams::default()),
    ];
    println!(
        "{:>6} {:>8} {:>8} {:>15} {:>11}",
        "α", "hebb", "storkey", "pseudo-inverse", "perceptron"
    );
    for k in 1..=15 {
        let p = k * n / 10;
        let patterns = all.prefix(p)?;
        let mut line = format!("{:>6.2}", p as f64 / n as f64);
        for rule in rules {
            if p > rule.max_patterns(n) {
                line.push_str(&format!(" {:>8}", "-"));
                continue;
            }
            let net = Network::train(rule, &patterns)?;
            let stable = (0..p)
                .filter(|&mu| net.is_stable(&patterns.pattern(mu)).unwrap_or(false))
                .count();
            line.push_str(&format!(" {:>8.2}", stable as f64 / p as f64));
        }
        println!("{line}");
    }
    Ok(())
}
