//! How often does a latching transition go to the list item sharing most units with the
//! current one (excluding the one just left)? And to the rank-k candidate otherwise?
//!
//! `cargo run --release -p learn-recall --example latching_rule -- [lists] [L]`

use learn_recall::latching::{LatchingNetwork, LatchingParams};

fn main() -> Result<(), learn_recall::RecallError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lists: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(8);
    let l: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(16);
    let params = LatchingParams::paper(l)?;
    let per: Vec<Vec<usize>> = learn_core::rng::par_runs(3, lists, |_, rng| {
        let mut net = LatchingNetwork::new(&params, rng);
        let list = net.list().to_vec();
        let pats: Vec<Vec<u32>> = list
            .iter()
            .map(|&mu| net.pattern(mu as usize).to_vec())
            .collect();
        let shared = |a: usize, b: usize| {
            pats[a]
                .iter()
                .filter(|u| pats[b].binary_search(u).is_ok())
                .count()
        };
        let r = net.run(rng);
        let pos: Vec<usize> = r
            .sequence
            .iter()
            .filter_map(|mu| list.iter().position(|x| x == mu))
            .collect();
        let mut ranks = Vec::new();
        for w in pos.windows(3) {
            let target = shared(w[1], w[2]);
            // rank = 1 + number of candidates (≠ current, ≠ previous) with strictly larger overlap
            let better = (0..l)
                .filter(|&v| v != w[1] && v != w[0] && shared(w[1], v) > target)
                .count();
            ranks.push(better + 1);
        }
        ranks
    });
    let all: Vec<usize> = per.into_iter().flatten().collect();
    let n = all.len() as f64;
    for k in 1..=4 {
        let c = all.iter().filter(|&&r| r == k).count() as f64;
        println!("L = {l}: transitions to overlap rank {k}: {:.2}", c / n);
    }
    println!(
        "rank > 4: {:.2}  ({} transitions)",
        all.iter().filter(|&&r| r > 4).count() as f64 / n,
        all.len()
    );
    Ok(())
}
