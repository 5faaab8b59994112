//! Dynamics: the two engines agree, energy descent, fixed points, 2-cycles, bad input.

use learn_core::rng::stream;
use learn_hopfield::{
    Dynamics, Ending, HopfieldError, Network, Patterns, PerceptronParams, Rule, RunOptions,
    flip_cue, overlap, random_state,
};
use proptest::prelude::*;

fn opts(max_sweeps: usize) -> RunOptions {
    RunOptions {
        max_sweeps,
        record_energy: true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// The overlap fast path and the dense Hebbian matrix give identical trajectories, for
    /// asynchronous, synchronous and Glauber dynamics.
    #[test]
    fn overlap_and_dense_paths_identical(n in 2usize..120, p in 1usize..20, seed in any::<u64>(), t in 0.0f64..1.5) {
        let mut r = stream(seed, 0);
        let pats = Patterns::random(n, p, &mut r).unwrap();
        let fast = Network::hebbian(pats.clone());
        let dense = Network::hebbian_dense(&pats).unwrap();
        let start = random_state(n, &mut r);
        for dynamics in [Dynamics::Asynchronous, Dynamics::Synchronous, Dynamics::Glauber { temperature: t }] {
            let (mut a, mut b) = (start.clone(), start.clone());
            let oa = fast.run(&mut a, dynamics, &opts(30), &mut stream(seed, 1)).unwrap();
            let ob = dense.run(&mut b, dynamics, &opts(30), &mut stream(seed, 1)).unwrap();
            prop_assert_eq!(&a, &b);
            prop_assert_eq!(&oa.flips, &ob.flips);
            prop_assert_eq!(oa.ending, ob.ending);
            for (x, y) in oa.energy.iter().zip(&ob.energy) {
                prop_assert!((x - y).abs() <= 1e-9 * (1.0 + x.abs()));
            }
        }
    }

    /// Asynchronous dynamics: energy never increases (checked flip by flip via the fields,
    /// and sweep by sweep from scratch) and a fixed point is reached.
    #[test]
    fn async_descends_to_fixed_point(n in 2usize..150, p in 1usize..40, seed in any::<u64>(), storkey in any::<bool>()) {
        let mut r = stream(seed, 0);
        let pats = Patterns::random(n, p.min(n), &mut r).unwrap();
        let net = if storkey { Network::train(Rule::Storkey, &pats).unwrap() } else { Network::hebbian(pats) };
        let mut s = random_state(n, &mut r);
        // The Hebbian engine sums integers (exact); the dense (Storkey) engine sums f32
        // products, so its field h_i is within γ_n Σ_j |J_ij| ≤ n·ε_f32·Σ_j |J_ij| of the exact
        // one, and the energy it reports within half the sum of those bounds.
        let field_error: Vec<f64> = (0..n)
            .map(|i| if storkey { n as f64 * f64::from(f32::EPSILON) * (0..n).map(|j| net.coupling(i, j).abs()).sum::<f64>() } else { 0.0 })
            .collect();
        let energy_error = 0.5 * field_error.iter().sum::<f64>() + 1e-12;
        let exact_energy = |s: &[i8]| -> f64 {
            -0.5 * (0..n).map(|i| (0..n).map(|j| net.coupling(i, j) * f64::from(s[i]) * f64::from(s[j])).sum::<f64>()).sum::<f64>()
        };
        // Flip by flip: a sign update against the field lowers the exact energy by 2|h_i|
        // (J symmetric, J_ii = 0). Where |h_i| is below its rounding bound the engine cannot
        // tell its sign (for Storkey weights exact zeros occur), so such flips are not checked.
        for i in 0..n {
            let h = net.fields(&s).unwrap()[i];
            if h * f64::from(s[i]) < 0.0 {
                let e0 = exact_energy(&s);
                s[i] = -s[i];
                let e1 = exact_energy(&s);
                if h.abs() > field_error[i] {
                    prop_assert!(e1 < e0, "flip raised energy {} -> {} (h = {})", e0, e1, h);
                    let drop = e0 - e1;
                    prop_assert!((drop - 2.0 * h.abs()).abs() <= 2.0 * field_error[i] + 1e-12 * (1.0 + e0.abs()),
                        "energy fell by {} for |h| = {}", drop, h.abs());
                }
            }
        }
        let out = net.run(&mut s, Dynamics::Asynchronous, &opts(10_000), &mut r).unwrap();
        prop_assert_eq!(out.ending, Ending::FixedPoint);
        for w in out.energy.windows(2) {
            prop_assert!(w[1] <= w[0] + 2.0 * energy_error, "energy rose {} -> {}", w[0], w[1]);
        }
        let h = net.fields(&s).unwrap();
        for (h, &x) in h.iter().zip(&s) {
            prop_assert!(h * f64::from(x) >= 0.0);
        }
    }

    /// Synchronous dynamics end at a fixed point or a 2-cycle, never a longer cycle.
    #[test]
    fn sync_ends_in_fixed_point_or_two_cycle(n in 2usize..150, p in 1usize..60, seed in any::<u64>()) {
        let mut r = stream(seed, 0);
        let pats = Patterns::random(n, p, &mut r).unwrap();
        let net = Network::hebbian(pats);
        let mut s = random_state(n, &mut r);
        let out = net.run(&mut s, Dynamics::Synchronous, &opts(10_000), &mut r).unwrap();
        prop_assert!(matches!(out.ending, Ending::FixedPoint | Ending::TwoCycle));
    }
}

#[test]
fn two_cycles_exist() {
    // Two neurons, J_12 = J_21 < 0 (one pattern (1, −1)): from (1, 1) the synchronous update
    // gives (−1, −1), then (1, 1) again.
    let pats = Patterns::from_rows(&[vec![1, -1]]).unwrap();
    let net = Network::hebbian(pats);
    let mut s = vec![1, 1];
    let out = net
        .run(&mut s, Dynamics::Synchronous, &opts(100), &mut stream(0, 0))
        .unwrap();
    assert_eq!(out.ending, Ending::TwoCycle);
    assert_eq!(out.sweeps, 2);
}

#[test]
fn pattern_completion_small() {
    let mut r = stream(3, 0);
    let pats = Patterns::random(500, 25, &mut r).unwrap();
    let net = Network::hebbian(pats.clone());
    let x = pats.pattern(3);
    let mut s = flip_cue(&x, 0.2, &mut r).unwrap();
    net.run(
        &mut s,
        Dynamics::Asynchronous,
        &RunOptions::default(),
        &mut r,
    )
    .unwrap();
    assert_eq!(overlap(&s, &x).unwrap(), 1.0);
}

#[test]
fn rules_store_their_patterns() {
    let mut r = stream(5, 0);
    let pats = Patterns::random(100, 60, &mut r).unwrap();
    for rule in [
        Rule::PseudoInverse,
        Rule::Perceptron(PerceptronParams::default()),
    ] {
        let net = Network::train(rule, &pats).unwrap();
        for mu in 0..pats.len() {
            assert!(
                net.is_stable(&pats.pattern(mu)).unwrap(),
                "{rule:?} pattern {mu}"
            );
        }
    }
    // Hebbian at α = 0.6 does not.
    let net = Network::hebbian(pats.clone());
    assert!((0..60).any(|mu| !net.is_stable(&pats.pattern(mu)).unwrap()));
}

#[test]
fn bad_input_is_an_error() {
    let mut r = stream(1, 0);
    assert!(Patterns::random(0, 3, &mut r).is_err());
    assert!(Patterns::random(10, 0, &mut r).is_err());
    let pats = Patterns::random(10, 10, &mut r).unwrap();
    assert!(matches!(
        Network::train(Rule::PseudoInverse, &pats),
        Err(HopfieldError::TooManyPatterns { .. })
    ));
    let pats = Patterns::random(10, 21, &mut r).unwrap();
    assert!(Network::train(Rule::Perceptron(PerceptronParams::default()), &pats).is_err());
    assert!(Network::train(Rule::Storkey, &pats).is_err());
    let net = Network::hebbian(Patterns::random(10, 2, &mut r).unwrap());
    let mut s = vec![1i8; 10];
    let t = Dynamics::Glauber { temperature: -0.5 };
    assert!(net.run(&mut s, t, &RunOptions::default(), &mut r).is_err());
    assert!(Dynamics::parse("glauber", f64::NAN).is_err());
    let mut short = vec![1i8; 9];
    assert!(
        net.run(
            &mut short,
            Dynamics::Asynchronous,
            &RunOptions::default(),
            &mut r
        )
        .is_err()
    );
    let mut zero = vec![0i8; 10];
    assert!(
        net.run(
            &mut zero,
            Dynamics::Asynchronous,
            &RunOptions::default(),
            &mut r
        )
        .is_err()
    );
    assert!(flip_cue(&[1, -1], 1.01, &mut r).is_err());
    assert!(PerceptronParams::new(-1.0, 10).is_err());
}

#[test]
fn overlap_path_memory_is_np_bytes() {
    let mut r = stream(8, 0);
    let pats = Patterns::random(10_000, 1_000, &mut r).unwrap();
    let net = Network::hebbian(pats);
    // N·p bytes (10 MB), against 4N² = 400 MB for a dense f32 matrix.
    assert_eq!(net.memory_bytes(), 10_000 * 1_000);
    let small = Patterns::random(300, 10, &mut r).unwrap();
    let dense = Network::hebbian_dense(&small).unwrap();
    assert_eq!(dense.memory_bytes(), 4 * 300 * 300);
    // The fast path agrees with the explicit coupling J_ij = (1/N) Σ_μ ξ_i ξ_j.
    let fast = Network::hebbian(small);
    for (i, j) in [(0, 1), (5, 17), (299, 3)] {
        assert_eq!(fast.coupling(i, j), dense.coupling(i, j));
    }
    assert_eq!(fast.coupling(4, 4), 0.0);
}

#[test]
fn user_patterns_are_stored() {
    let rows = vec![
        vec![1, 1, 1, 1, -1, -1, -1, -1],
        vec![1, -1, 1, -1, 1, -1, 1, -1],
    ];
    let pats = Patterns::from_rows(&rows).unwrap();
    let net = Network::hebbian(pats);
    for row in &rows {
        assert!(net.is_stable(row).unwrap());
    }
}
