//! Benchmarks of the similarity-graph engine: one walk at M = 10³ … 10⁶ (the targets:
//! ≤ 50 ms at 10⁵ and ≤ 2 s at 10⁶ on one core), 1,000 trials at M = 1,024 (< 1 s on two
//! cores), and one row scan (the inner loop).
//!
//! `cargo bench -p learn-recall --bench recall -- --warm-up-time 1 --measurement-time 3`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use learn_recall::graph::{
    GraphParams, Similarity, SimilarityGraph, SimilarityMatrix, recall_counts,
};
use learn_recall::network::{NetworkParams, recall_list};
use std::hint::black_box;

fn walks(c: &mut Criterion) {
    let mut group = c.benchmark_group("walk");
    group.sample_size(10);
    for m in [1_000usize, 10_000, 100_000, 1_000_000] {
        let params = GraphParams::new(m, Similarity::Symmetric).expect("params");
        let mut seed = 0u64;
        group.bench_with_input(BenchmarkId::new("symmetric", m), &m, |b, _| {
            b.iter(|| {
                seed += 1;
                let mut g = SimilarityGraph::new(&params, seed);
                black_box(g.walk(0).expect("walk").count())
            })
        });
    }
    group.finish();
}

fn row_scan(c: &mut Criterion) {
    let params = GraphParams::new(1_000_000, Similarity::Symmetric).expect("params");
    let m = SimilarityMatrix::new(&params, 1);
    c.bench_function("row_scan/symmetric/1000000", |b| {
        b.iter(|| black_box(m.top_two(black_box(500_000))))
    });
}

fn trials(c: &mut Criterion) {
    let params = GraphParams::new(1024, Similarity::Symmetric).expect("params");
    let mut group = c.benchmark_group("trials");
    group.sample_size(10);
    group.bench_function("1000_trials_m1024", |b| {
        b.iter(|| black_box(recall_counts(&params, 1000, 7).expect("trials")))
    });
    group.finish();
}

fn network(c: &mut Criterion) {
    let params = NetworkParams::default_for_list(16).expect("params");
    let mut group = c.benchmark_group("network");
    group.sample_size(10);
    group.bench_function("recall_list_16", |b| {
        b.iter(|| black_box(recall_list(&params, 3).expect("run")))
    });
    group.finish();
}

/// One asynchronous sweep of the latching network (N = 5000, p = 600, L = 16): the hot loop;
/// a recall run is 5,000 sweeps.
fn latching_sweep(c: &mut Criterion) {
    use learn_recall::latching::{LatchingNetwork, LatchingParams};
    let params = LatchingParams::paper(16).unwrap();
    let mut rng = learn_core::rng::stream(7, 0);
    let mut net = LatchingNetwork::new(&params, &mut rng);
    // Past the first transient, into latching.
    for _ in 0..300 {
        net.sweep(&mut rng);
    }
    c.bench_function("latching/sweep_n5000_p600", |b| {
        b.iter(|| net.sweep(&mut rng));
    });
}

criterion_group!(benches, walks, row_scan, trials, network, latching_sweep);
criterion_main!(benches);
