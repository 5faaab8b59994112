//! Criterion benches for the hot paths named in the issue.
//!
//! - `async_sweep_overlap_n10000_p1000`: one asynchronous sweep of the Hebbian network on the
//!   overlap fast path at N = 10,000, p = 1,000 (target ≤ 5 ms on one core);
//! - `async_sweep_dense_n2000_p100`: one sweep on the dense f32 path, for comparison;
//! - `retrieval_trial_n10000_a014`: one trial of the N = 10,000 capacity sweep at α = 0.14
//!   (pattern generation + dynamics to the fixed point); the full 8 loads × 10 trials sweep is
//!   timed by `cargo run --release --example capacity`.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use learn_core::rng::stream;
use learn_hopfield::capacity::retrieval_trial;
use learn_hopfield::{Network, Patterns, Rule, flip_cue};

fn sweep(c: &mut Criterion, name: &str, net: &Network, start: &[i8]) {
    // The overlaps are initialised in the (untimed) setup; the timed routine is one sweep
    // from a cue with 20% of its bits flipped (about 2,000 flips at N = 10,000).
    let mut rng = stream(9, 9);
    c.bench_function(name, |b| {
        b.iter_batched(
            || net.runner(start).expect("runner"),
            |mut r| black_box(r.sweep(0.0, &mut rng).expect("sweep")),
            BatchSize::LargeInput,
        )
    });
}

fn benches(c: &mut Criterion) {
    let mut rng = stream(1, 0);
    let pats = Patterns::random(10_000, 1_000, &mut rng).expect("patterns");
    let start = flip_cue(&pats.pattern(0), 0.2, &mut rng).expect("cue");
    let net = Network::hebbian(pats);
    sweep(c, "async_sweep_overlap_n10000_p1000", &net, &start);

    let pats = Patterns::random(2_000, 100, &mut rng).expect("patterns");
    let start = flip_cue(&pats.pattern(0), 0.2, &mut rng).expect("cue");
    let net = Network::hebbian_dense(&pats).expect("dense");
    sweep(c, "async_sweep_dense_n2000_p100", &net, &start);

    let mut g = c.benchmark_group("capacity");
    g.sample_size(10);
    g.bench_function("retrieval_trial_n10000_a014", |b| {
        b.iter(|| {
            black_box(retrieval_trial(10_000, 1_400, Rule::Hebbian, 0.0, 7, 0).expect("trial"))
        })
    });
    g.finish();
}

criterion_group!(hopfield, benches);
criterion_main!(hopfield);
