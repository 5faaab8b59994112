//! One training step (forward, backward, SI bookkeeping, Adam) of a 64-100-100-10 MLP at batch
//! 64 — the size — and one epoch-free evaluation pass for reference.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use learn_continual::method::{Consolidator, Method};
use learn_continual::mlp::{Mlp, OutputInit, Workspace};
use learn_continual::optim::{Optimizer, OptimizerKind};

fn step(c: &mut Criterion) {
    let digits = learn_continual::data::digits().expect("embedded digits");
    let targets: Vec<usize> = digits.labels.iter().map(|&l| usize::from(l)).collect();
    let head: Vec<usize> = (0..10).collect();
    let mut rng = learn_core::rng::stream(1, 0);
    let mut mlp = Mlp::new(&[64, 100, 100, 10], OutputInit::Glorot, &mut rng).expect("mlp");
    let n = mlp.len();
    let mut ws = Workspace::new();
    let mut opt = Optimizer::new(OptimizerKind::adam(1e-3).expect("lr"), n);
    let mut si = Consolidator::new(Method::si(1.0, 1e-3).expect("si"), &mlp.params);
    let (mut tg, mut g, mut d) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let mut t = Vec::with_capacity(64);
    let mut start = 0usize;
    c.bench_function("train step 64-100-100-10, batch 64, Adam + SI", |b| {
        b.iter(|| {
            let idx: [usize; 64] = std::array::from_fn(|k| (start + k) % digits.len());
            start = (start + 64) % digits.len();
            mlp.forward_rows(&digits.inputs, &idx, &mut ws);
            t.clear();
            t.extend(idx.iter().map(|&i| targets[i]));
            let loss = mlp.softmax_xent(&mut ws, &t, &head);
            mlp.backward(&mut ws, &mut tg);
            g.copy_from_slice(&tg);
            si.add_penalty_grad(&mlp.params, &mut g);
            opt.step(&mut mlp.params, &g, &mut d);
            si.after_step(&tg, &d);
            black_box(loss)
        })
    });
    c.bench_function("forward+backward only 64-100-100-10, batch 64", |b| {
        let idx: Vec<usize> = (0..64).collect();
        b.iter(|| {
            black_box(mlp.loss_and_grad(&digits.inputs, &targets, &idx, &head, &mut ws, &mut tg))
        })
    });
}

criterion_group!(benches, step);
criterion_main!(benches);
