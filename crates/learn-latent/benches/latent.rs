//! Benchmarks of the latent-cause model: one 100-trial design with K = 15 (target ≤ 1 ms),
//! and a sweep of 10,000 (parameters, design) runs with rayon (target: seconds).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use learn_latent::{LatentCause, Params, Schedule, Trial, run, sweep};

/// 100 trials over 3 cues (A, B and a context X): acquisition, retrieval, extinction,
/// delays, a US alone and tests — every part of the model exercised.
fn design_100() -> Vec<Trial> {
    design_100_with(3.0)
}

/// [`design_100`] with retrieval-extinction gap `gap`.
fn design_100_with(gap: f64) -> Vec<Trial> {
    let (ax, bx, a, x) = (
        [1.0, 0.0, 1.0],
        [0.0, 1.0, 1.0],
        [1.0, 0.0, 0.0],
        [0.0, 0.0, 1.0],
    );
    let s = Schedule::new(3)
        .block(10, &ax, 1.0)
        .block(10, &bx, 0.0)
        .gap(20.0)
        .block(1, &ax, 0.0)
        .gap(gap)
        .block(30, &a, 0.0)
        .gap(200.0)
        .block(2, &ax, 0.0)
        .gap(50.0)
        .block(1, &x, 1.0)
        .gap(20.0)
        .block(30, &bx, 1.0)
        .gap(100.0)
        .block(16, &ax, 0.0);
    assert_eq!(s.len(), 100);
    s.trials()
}

fn bench(c: &mut Criterion) {
    let trials = design_100();
    let params = Params::default();
    c.bench_function("latent: 100-trial design, K = 15, records", |b| {
        b.iter(|| run(black_box(params), black_box(&trials)).unwrap())
    });
    c.bench_function("latent: 100-trial design, K = 15, responses only", |b| {
        let mut out = Vec::with_capacity(100);
        b.iter(|| {
            let mut m = LatentCause::new(black_box(params), 3).unwrap();
            m.run_responses(black_box(&trials), &mut out).unwrap();
            black_box(out.last().copied())
        })
    });
    // 10,000 jobs: 100 designs (retrieval-extinction gap 0..=99) x 100 values of alpha.
    let designs: Vec<Vec<Trial>> = (0..100).map(|g| design_100_with(f64::from(g))).collect();
    let jobs: Vec<(Params, &[Trial])> = designs
        .iter()
        .flat_map(|d| {
            (0..100).map(move |i| {
                (
                    Params {
                        alpha: 0.01 * f64::from(i),
                        ..Params::default()
                    },
                    d.as_slice(),
                )
            })
        })
        .collect();
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    group.bench_function(
        "latent: 10,000 runs (100 designs x 100 alphas, 100 trials each, rayon)",
        |b| b.iter(|| black_box(sweep::test_responses(black_box(&jobs)))),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
