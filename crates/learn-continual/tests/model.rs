//! Network, optimiser and methods: gradients against finite differences, SI's bookkeeping,
//! parameter validation.

use learn_continual::data;
use learn_continual::method::{Consolidator, Method};
use learn_continual::mlp::{Mlp, OutputInit, Workspace};
use learn_continual::optim::{Optimizer, OptimizerKind};
use learn_continual::protocol::{Scenario, TaskSequence};
use learn_continual::train::TrainConfig;
use proptest::prelude::*;
use rand::RngExt;

/// Central differences with step 1e-5 on f64: truncation O(h²) ≈ 1e-10, round-off ≈ 1e-11/h.
const FD_STEP: f64 = 1e-5;
/// Allowed |analytic − numeric| relative to max(1, |numeric|)·…: see the test.
const FD_TOL: f64 = 1e-6;
/// One-sided differences of a smooth loss differ by ≈ h·|f''| ≈ 1e-5·O(1); a central
/// difference off the analytic gradient must come with a larger gap (a ReLU kink in the step).
const KINK_GAP: f64 = 1e-5;
/// Slack of a one-sided difference, whose truncation error is ≈ h·|f''|/2 (not O(h²)).
const ONE_SIDED_TOL: f64 = 1e-4;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn gradient_matches_finite_differences(
        seed in any::<u64>(),
        n_in in 1usize..8,
        h1 in 1usize..9,
        h2 in 0usize..7,
        n_out in 2usize..7,
        batch in 1usize..9,
        head_all in any::<bool>(),
    ) {
        let mut rng = learn_core::rng::stream(seed, 0);
        let mut sizes = vec![n_in, h1];
        if h2 > 0 { sizes.push(h2); }
        sizes.push(n_out);
        let mut mlp = Mlp::new(&sizes, OutputInit::Glorot, &mut rng).unwrap();
        // Non-zero biases so that ReLU kinks are not hit at exactly zero.
        for p in mlp.params.iter_mut() { *p += rng.random_range(-0.1..0.1); }
        let inputs: Vec<f32> = (0..batch * n_in).map(|_| rng.random_range(-1.0f32..1.0)).collect();
        let head: Vec<usize> = if head_all { (0..n_out).collect() } else { vec![0, n_out - 1] };
        let targets: Vec<usize> = (0..batch).map(|_| head[rng.random_range(0..head.len())]).collect();
        let idx: Vec<usize> = (0..batch).collect();
        let mut ws = Workspace::new();
        let mut grad = vec![0.0; mlp.len()];
        let l0 = mlp.loss_and_grad(&inputs, &targets, &idx, &head, &mut ws, &mut grad);
        let mut scratch = vec![0.0; mlp.len()];
        let mut kinks = 0;
        for (k, &analytic) in grad.iter().enumerate() {
            let orig = mlp.params[k];
            mlp.params[k] = orig + FD_STEP;
            let lp = mlp.loss_and_grad(&inputs, &targets, &idx, &head, &mut ws, &mut scratch);
            mlp.params[k] = orig - FD_STEP;
            let lm = mlp.loss_and_grad(&inputs, &targets, &idx, &head, &mut ws, &mut scratch);
            mlp.params[k] = orig;
            let numeric = (lp - lm) / (2.0 * FD_STEP);
            if (analytic - numeric).abs() > FD_TOL * (1.0 + numeric.abs()) {
                // Allowed only at a kink: a ReLU switches within ±h (a pre-activation within
                // h·|input| of 0), and the central difference mixes two slopes. The one-sided
                // differences then disagree by far more than a smooth loss allows (h·|f''|),
                // and the analytic gradient, the slope on the parameter's own side, lies
                // between them (each off by ≈ h·|f''|/2 from its slope, hence the slack).
                kinks += 1;
                let (right, left) = ((lp - l0) / FD_STEP, (l0 - lm) / FD_STEP);
                let (lo, hi) = (right.min(left), right.max(left));
                prop_assert!(hi - lo > KINK_GAP,
                    "parameter {k}: analytic {analytic} numeric {numeric}, and no kink ({lo}, {hi})");
                let slack = ONE_SIDED_TOL * (1.0 + hi.abs().max(lo.abs()));
                prop_assert!(analytic >= lo - slack && analytic <= hi + slack,
                    "parameter {k} at a kink: analytic {analytic} outside [{lo}, {hi}]");
            }
        }
        // Kinks are rare (a pre-activation within ~1e-5 of 0; it puts every weight into that
        // unit at a kink); most parameters must get the central-difference check.
        prop_assert!(4 * kinks <= grad.len(), "{kinks} of {} parameters at a kink", grad.len());
    }
}

#[test]
fn penalty_gradient_matches_finite_differences() {
    let mut rng = learn_core::rng::stream(3, 0);
    let n = 7;
    let init: Vec<f64> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
    for method in [Method::si(0.7, 0.1).unwrap(), Method::mas(0.3).unwrap()] {
        let mut c = Consolidator::new(method, &init);
        c.importance = (0..n).map(|_| rng.random_range(0.0..2.0)).collect();
        let params: Vec<f64> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
        let mut g = vec![0.0; n];
        c.add_penalty_grad(&params, &mut g);
        for k in 0..n {
            let mut p = params.clone();
            p[k] += FD_STEP;
            let up = c.penalty(&p);
            p[k] -= 2.0 * FD_STEP;
            let down = c.penalty(&p);
            let numeric = (up - down) / (2.0 * FD_STEP);
            assert!(
                (g[k] - numeric).abs() < FD_TOL,
                "{method:?} {k}: {} vs {numeric}",
                g[k]
            );
        }
    }
}

#[test]
fn si_path_integral_follows_the_reference_code() {
    // One parameter, hand-computed: ω = −Σ g·Δθ, then Ω = max(0, Ω + ω/((θ−θ*)²+ξ)).
    let d = data::digits().unwrap();
    let (tr, te) = d.stratified_split(0.2, 0).unwrap();
    let seq = TaskSequence::new(Scenario::Task, &tr, &te, 0, 0).unwrap();
    let mut rng = learn_core::rng::stream(0, 0);
    let mlp = Mlp::new(&[64, 3, 10], OutputInit::Glorot, &mut rng).unwrap();
    let mut c = Consolidator::new(Method::si(1.0, 0.5).unwrap(), &mlp.params);
    let n = mlp.len();
    let g1 = vec![2.0; n];
    let d1 = vec![-0.1; n];
    let g2 = vec![-1.0; n];
    let d2 = vec![0.3; n];
    c.after_step(&g1, &d1);
    c.after_step(&g2, &d2);
    assert!(c.omega.iter().all(|&w| (w - (0.2 + 0.3)).abs() < 1e-15));
    let mut moved = mlp.clone();
    moved.params.iter_mut().for_each(|p| *p += 0.2);
    let mut ws = Workspace::new();
    c.end_task(&moved, &seq.tasks[0], &mut ws);
    let expected = 0.5 / (0.2f64 * 0.2 + 0.5);
    assert!(c.importance.iter().all(|&o| (o - expected).abs() < 1e-12));
    assert_eq!(c.anchor, moved.params);
    assert!(c.omega.iter().all(|&w| w == 0.0));
    // A negative path integral is clipped at zero (the code's relu), not stored.
    c.omega.fill(-10.0);
    c.end_task(&moved, &seq.tasks[0], &mut ws);
    assert!(c.importance.iter().all(|&o| o == 0.0));
}

#[test]
fn adam_first_step_is_lr_sign_of_gradient() {
    let mut opt = Optimizer::new(OptimizerKind::adam(0.01).unwrap(), 3);
    let mut p = vec![1.0, 1.0, 1.0];
    let mut d = vec![0.0; 3];
    opt.step(&mut p, &[0.5, -2.0, 0.0], &mut d);
    assert!((d[0] + 0.01).abs() < 1e-9 && (d[1] - 0.01).abs() < 1e-9 && d[2] == 0.0);
    opt.reset();
    let mut q = vec![1.0, 1.0, 1.0];
    opt.step(&mut q, &[0.5, -2.0, 0.0], &mut d);
    assert_eq!(p, q);
    let mut s = Optimizer::new(OptimizerKind::sgd(0.1).unwrap(), 1);
    let mut p = vec![1.0];
    s.step(&mut p, &[2.0], &mut d[..1]);
    assert!((p[0] - 0.8).abs() < 1e-15);
}

#[test]
fn bad_parameters_are_errors_naming_the_parameter() {
    let msg = |e: learn_continual::Error| e.to_string();
    assert!(msg(Method::si(-1.0, 0.1).unwrap_err()).contains("strength"));
    assert!(msg(Method::si(1.0, 0.0).unwrap_err()).contains("xi"));
    assert!(msg(Method::si(1.0, f64::NAN).unwrap_err()).contains("xi"));
    assert!(msg(Method::from_name("foo", 1.0, 0.1).unwrap_err()).contains("method"));
    assert!(msg(Scenario::parse("bar").unwrap_err()).contains("scenario"));
    let adam = OptimizerKind::adam(1e-3).unwrap();
    assert!(
        msg(TrainConfig::new(vec![], 1, 1, adam, true, OutputInit::Zero).unwrap_err())
            .contains("hidden")
    );
    assert!(
        msg(TrainConfig::new(vec![0], 1, 1, adam, true, OutputInit::Zero).unwrap_err())
            .contains("hidden")
    );
    assert!(
        msg(TrainConfig::new(vec![4], 0, 1, adam, true, OutputInit::Zero).unwrap_err())
            .contains("epochs")
    );
    assert!(
        msg(TrainConfig::new(vec![4], 1, 0, adam, true, OutputInit::Zero).unwrap_err())
            .contains("batch")
    );
    assert!(msg(OptimizerKind::adam(-1.0).unwrap_err()).contains("lr"));
}

#[test]
fn runs_are_seeded_and_thread_count_independent() {
    let d = data::digits().unwrap();
    let (tr, te) = d.stratified_split(0.2, 0).unwrap();
    let seq = TaskSequence::new(Scenario::Domain, &tr, &te, 0, 0).unwrap();
    let mut cfg = TrainConfig::claims_default(1);
    cfg.hidden = vec![16];
    let go = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                learn_continual::train::run_experiment(
                    &seq,
                    Method::ewc(10.0).unwrap(),
                    &cfg,
                    3,
                    9,
                    &|_| {},
                )
                .unwrap()
            })
    };
    let a = go(1);
    let b = go(2);
    assert_eq!(a.mean_matrix, b.mean_matrix);
    assert_eq!(a.runs[2].params, b.runs[2].params);
    assert_ne!(a.runs[0].params, a.runs[1].params);
}

#[test]
fn permuted_copies_beyond_the_memory_limit_are_refused() {
    let dim = 1 << 20;
    let one = data::Dataset::new(dim, vec![0.5; dim], vec![3]).unwrap();
    let err = TaskSequence::new(Scenario::Permuted, &one, &one, 1000, 0).unwrap_err();
    assert!(err.to_string().contains("permuted_tasks"), "{err}");
    assert!(TaskSequence::new(Scenario::Permuted, &one, &one, 2, 0).is_ok());
}

#[test]
fn hand_built_sequences_are_validated() {
    let d = data::digits().unwrap();
    let (tr, te) = d.stratified_split(0.2, 0).unwrap();
    let seq = TaskSequence::new(Scenario::Task, &tr, &te, 0, 0).unwrap();
    let cfg = TrainConfig::claims_default(1);
    let run = |s: &TaskSequence| {
        let mut rng = learn_core::rng::stream(0, 0);
        learn_continual::train::train_sequence(s, Method::Finetune, &cfg, &mut rng, 0, &|_| {})
    };
    let mut bad = seq.clone();
    bad.tasks[1].head.clear();
    assert!(run(&bad).unwrap_err().to_string().contains("head"));
    let mut bad = seq.clone();
    bad.tasks[0].head = vec![0, 12];
    assert!(run(&bad).is_err());
    let mut bad = seq.clone();
    bad.tasks[2].train_targets[0] = 9;
    assert!(
        run(&bad)
            .unwrap_err()
            .to_string()
            .contains("not in its head")
    );
    let mut bad = seq.clone();
    bad.tasks.clear();
    assert!(run(&bad).is_err());
}
