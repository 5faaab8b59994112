//! TD(λ) throughput: 50 steps × 10 cues per trial (issue target: ≥ 100,000 trials/s), and
//! the same with the vector RPE channels.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use learn_conditioning::design::UsTiming;
use learn_conditioning::td::{TdLearner, TdParams, Timing};
use std::hint::black_box;

const TRIALS: u64 = 1_000;

fn bench(c: &mut Criterion) {
    // 10 cues in compound from step 5, US at step 44 of a 50-step trial.
    let timing = Timing::new(50, 5, 40, 39).expect("timing");
    let params = TdParams::new(0.01, 0.98, 0.9, timing).expect("params");
    let stages = vec![(0..10).collect::<Vec<usize>>()];
    let mut group = c.benchmark_group("td");
    group.throughput(Throughput::Elements(TRIALS));
    for vector in [false, true] {
        let name = if vector {
            "vector RPE, 50 steps x 10 cues, trials"
        } else {
            "TD(lambda), 50 steps x 10 cues, trials"
        };
        group.bench_function(name, |b| {
            let mut td = TdLearner::with_cue_count(params.clone(), 10, vector).expect("learner");
            b.iter(|| {
                for k in 0..TRIALS {
                    let us = if k % 4 == 3 {
                        UsTiming::Absent
                    } else {
                        UsTiming::WithLast
                    };
                    let d = td.run_trial(black_box(&stages), us, true).expect("trial");
                    black_box(d[5]);
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
