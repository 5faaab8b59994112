//! Latching-network recall (Boboeva et al. 2021): items recalled against list length.
//!
//! `cargo run --release -p learn-recall --example latching_recall -- [lists] [noise] [L...]`
//!
//! Exploration knobs (environment): `LATCH_A` (coding level), `LATCH_TAU_A` (adaptation time
//! constant), `LATCH_T` (recall time), `LATCH_P` (stored patterns).

use learn_recall::latching::{LatchingParams, recall_counts};

fn main() -> Result<(), learn_recall::RecallError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lists: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(8);
    let noise: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(0.0);
    let lengths: Vec<usize> = if args.len() > 2 {
        args[2..].iter().filter_map(|s| s.parse().ok()).collect()
    } else {
        vec![4, 8, 16, 32, 64]
    };
    for l in lengths {
        let mut params = LatchingParams::paper(l)?;
        params.noise = noise;
        let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
        if let Some(a) = env("LATCH_A") {
            params.coding_level = a;
        }
        if let Some(t) = env("LATCH_TAU_A") {
            params.tau_adaptation = t;
        }
        if let Some(t) = env("LATCH_T") {
            params.recall_time = t;
        }
        if let Some(p) = env("LATCH_P") {
            params.patterns = p as usize;
        }
        let params = params.check()?;
        let t0 = std::time::Instant::now();
        let runs = recall_counts(&params, lists, 1)?;
        let n = runs.len() as f64;
        let mean = runs.iter().map(|r| r.count() as f64).sum::<f64>() / n;
        let cycled = runs.iter().filter(|r| r.cycle_period.is_some()).count();
        let entered = runs.iter().filter(|r| entered_cycle(&r.sequence)).count();
        let intr = runs.iter().map(|r| r.intrusions as f64).sum::<f64>() / n;
        let len = runs.iter().map(|r| r.sequence.len() as f64).sum::<f64>() / n;
        let var = runs
            .iter()
            .map(|r| (r.count() as f64 - mean).powi(2))
            .sum::<f64>()
            / (n - 1.0);
        let last_new = runs
            .iter()
            .map(|r| {
                let mut seen = Vec::new();
                let mut t_last = 0.0;
                for (k, &mu) in r.sequence.iter().enumerate() {
                    if !seen.contains(&mu) {
                        seen.push(mu);
                        t_last = r.times[k];
                    }
                }
                t_last
            })
            .sum::<f64>()
            / n;
        println!(
            "noise {noise}: L = {l:>3}: R {mean:6.2} ± {:4.2}, final cycle {cycled}/{lists}, entered {entered}/{lists}, last new at {last_new:5.1}, intrusions {intr:4.1}, retrievals {len:5.1}  [{:.1?}]",
            (var / n).sqrt(),
            t0.elapsed()
        );
        if lists <= 4 {
            for r in &runs {
                println!("   seq {:?} period {:?}", r.sequence, r.cycle_period);
            }
        }
    }
    Ok(())
}

/// Whether some block of P ≥ 2 retrievals is immediately repeated (the sequence entered a cycle
/// at some point, even if the update-order noise later broke it).
fn entered_cycle(seq: &[u32]) -> bool {
    (2..=seq.len() / 2).any(|p| {
        let mut run = 0;
        for k in p..seq.len() {
            if seq[k] == seq[k - p] {
                run += 1;
                if run >= p {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        false
    })
}
