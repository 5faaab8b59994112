//! Rescorla–Wagner throughput on a 10-cue design (issue target: ≥ 20 M cue-updates/s).
//!
//! Each trial presents a compound of 5 of the 10 cues (a fixed, pseudo-random rotation of
//! compounds, half reinforced), so one trial is 5 cue-updates.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use learn_conditioning::rw::{RescorlaWagner, RwParams};
use std::hint::black_box;

const CUES: usize = 10;
const TRIALS: usize = 10_000;
const PER_TRIAL: usize = 5;

fn trials() -> Vec<([usize; PER_TRIAL], bool)> {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    (0..TRIALS)
        .map(|t| {
            let mut cues = [0usize; PER_TRIAL];
            let mut used = [false; CUES];
            let mut k = 0;
            while k < PER_TRIAL {
                x = learn_core::rng::splitmix64(x);
                let c = (x % CUES as u64) as usize;
                if !used[c] {
                    used[c] = true;
                    cues[k] = c;
                    k += 1;
                }
            }
            (cues, t % 2 == 0)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let design = trials();
    let mut group = c.benchmark_group("rw");
    group.throughput(Throughput::Elements((TRIALS * PER_TRIAL) as u64));
    group.bench_function("10 cues, 5 per trial, cue-updates", |b| {
        b.iter(|| {
            let mut rw = RescorlaWagner::with_cue_count(RwParams::default(), CUES);
            for (cues, reinforced) in &design {
                black_box(rw.update(black_box(cues), *reinforced));
            }
            black_box(rw.values()[0])
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
