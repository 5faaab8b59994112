//! Bad input is an error, never a panic or a NaN; basic invariants of the records.

use learn_latent::{LatentCause, LatentError, Params, Schedule, Trial, run};
use proptest::prelude::*;

fn monfils(gap: f64) -> Vec<Trial> {
    let a = [1.0];
    Schedule::new(1)
        .block(3, &a, 1.0)
        .gap(20.0)
        .block(1, &a, 0.0)
        .gap(gap)
        .block(18, &a, 0.0)
        .gap(200.0)
        .block(1, &a, 0.0)
        .trials()
}

#[test]
fn defaults_are_the_papers() {
    let p = Params::default();
    assert_eq!(
        (
            p.alpha, p.g, p.eta, p.max_iter, p.w0, p.sr, p.sx, p.theta, p.lambda, p.k
        ),
        (0.1, 1.0, 0.3, 3, 0.0, 0.4, 1.0, 0.02, 0.01, 15)
    );
    assert!(p.validate().is_ok());
}

#[test]
fn bad_parameters_are_errors() {
    let d = Params::default();
    let bad = [
        Params { alpha: -0.1, ..d },
        Params {
            alpha: f64::NAN,
            ..d
        },
        Params { g: -1.0, ..d },
        Params { eta: f64::NAN, ..d },
        Params { eta: -0.3, ..d },
        Params { sr: 0.0, ..d },
        Params { sr: -0.4, ..d },
        Params { sx: f64::NAN, ..d },
        Params { lambda: 0.0, ..d },
        Params {
            theta: f64::INFINITY,
            ..d
        },
        Params { w0: f64::NAN, ..d },
        Params { k: 0, ..d },
        Params {
            k: 1_000_000_000,
            ..d
        },
        Params { max_iter: 0, ..d },
    ];
    for p in bad {
        let err = run(p, &monfils(3.0)).unwrap_err();
        assert!(matches!(err, LatentError::Core(_)), "{p:?}: {err}");
        assert!(!err.to_string().contains('\n'));
        assert!(LatentCause::new(p, 1).is_err());
    }
}

#[test]
fn two_trials_at_the_same_time_are_an_error() {
    let trials = vec![
        Trial::new(0.0, vec![1.0], 1.0),
        Trial::new(5.0, vec![1.0], 0.0),
        Trial::new(5.0, vec![1.0], 0.0),
    ];
    let err = run(Params::default(), &trials).unwrap_err();
    assert!(
        matches!(
            err,
            LatentError::SameTime {
                first: 1,
                second: 2,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("infinite at Δ = 0"));
}

#[test]
fn decreasing_times_are_an_error() {
    let trials = vec![
        Trial::new(3.0, vec![1.0], 1.0),
        Trial::new(1.0, vec![1.0], 0.0),
    ];
    let err = run(Params::default(), &trials).unwrap_err();
    assert!(
        matches!(err, LatentError::TimeOrder { index: 1, .. }),
        "{err}"
    );
}

#[test]
fn malformed_trials_are_errors() {
    let p = Params::default();
    let nan_time = [Trial::new(f64::NAN, vec![1.0], 1.0)];
    let nan_cue = [Trial::new(0.0, vec![f64::NAN], 1.0)];
    let inf_us = [Trial::new(0.0, vec![1.0], f64::INFINITY)];
    let ragged = [
        Trial::new(0.0, vec![1.0], 1.0),
        Trial::new(1.0, vec![1.0, 0.0], 1.0),
    ];
    for trials in [&nan_time[..], &nan_cue[..], &inf_us[..], &ragged[..]] {
        assert!(run(p, trials).is_err(), "{trials:?}");
    }
    assert!(LatentCause::new(p, 0).is_err());
    assert!(run(p, &[]).unwrap().is_empty());
}

#[test]
fn the_cap_on_causes_is_respected() {
    // K = 2 with alternating, very different cue patterns far apart in time.
    let mut trials = Vec::new();
    for i in 0..20 {
        let x = if i % 3 == 0 {
            vec![1.0, 0.0, 0.0]
        } else if i % 3 == 1 {
            vec![0.0, 1.0, 0.0]
        } else {
            vec![0.0, 0.0, 1.0]
        };
        trials.push(Trial::new(f64::from(i) * 50.0, x, f64::from(i % 2)));
    }
    let p = Params {
        k: 2,
        alpha: 5.0,
        ..Params::default()
    };
    let recs = run(p, &trials).unwrap();
    assert!(recs.iter().all(|r| r.cause < 2 && r.posterior.len() <= 2));
    let free = run(
        Params {
            alpha: 5.0,
            ..Params::default()
        },
        &trials,
    )
    .unwrap();
    assert!(
        free.iter().any(|r| r.cause >= 2),
        "without the cap more causes are used"
    );
}

#[test]
fn records_serialize_to_json() {
    let recs = run(Params::default(), &monfils(3.0)).unwrap();
    let json = serde_json::to_value(&recs[3]).unwrap();
    for key in [
        "index",
        "time",
        "cues",
        "us",
        "prediction",
        "response",
        "cue_posterior",
        "posterior",
        "cause",
        "iterations",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(recs[3].time, 23.0);
    assert_eq!(recs[3].iterations, 3);
    assert_eq!(recs.last().unwrap().iterations, 1);
}

#[test]
fn reset_restores_a_fresh_learner() {
    let trials = monfils(100.0);
    let mut m = LatentCause::new(Params::default(), 1).unwrap();
    let first = m.run(&trials).unwrap();
    assert!(m.causes_in_use() >= 2);
    m.reset();
    assert_eq!(m.causes_in_use(), 0);
    assert_eq!(m.run(&trials).unwrap(), first);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// For any valid parameters and design: posteriors are distributions over the candidate
    /// causes, responses lie in [0, 1], nothing is NaN, the assigned cause is the posterior's
    /// mode, and the number of EM iterations follows min(maxIter, round(Δt)).
    #[test]
    fn records_are_well_formed(
        gaps in proptest::collection::vec(0u16..500, 1..60),
        cues in proptest::collection::vec(proptest::array::uniform2(0u8..2), 60),
        us in proptest::collection::vec(any::<bool>(), 60),
        alpha in 0.0f64..5.0, g in 0.0f64..3.0, eta in 0.0f64..1.5,
        sr in 0.01f64..5.0, sx in 0.01f64..5.0, lambda in 0.001f64..1.0,
        max_iter in 1usize..6, k in 1usize..20,
    ) {
        let p = Params { alpha, g, eta, sr, sx, lambda, max_iter, k, ..Params::default() };
        let mut time = 0.0;
        let trials: Vec<Trial> = gaps.iter().enumerate().map(|(i, &gap)| {
            let t = Trial::new(time, cues[i].iter().map(|&c| f64::from(c)).collect(), if us[i] { 1.0 } else { 0.0 });
            time += 1.0 + f64::from(gap);
            t
        }).collect();
        let recs = run(p, &trials).unwrap();
        for (i, r) in recs.iter().enumerate() {
            prop_assert!(r.prediction.is_finite());
            prop_assert!((0.0..=1.0).contains(&r.response));
            for post in [&r.cue_posterior, &r.posterior] {
                prop_assert!(post.len() <= k);
                prop_assert!(post.iter().all(|q| q.is_finite() && *q >= 0.0));
                prop_assert!((post.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            }
            prop_assert!(r.posterior.iter().all(|&q| q <= r.posterior[r.cause]));
            let expected = if i + 1 == recs.len() { 1 } else { max_iter.min(1 + usize::from(gaps[i])) };
            prop_assert_eq!(r.iterations, expected);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// One EM iteration at each trial and the rest when the next trial's time is known
    /// (`continue_last`) leaves exactly the state of running all iterations at once.
    #[test]
    fn split_em_equals_all_at_once(
        gaps in proptest::collection::vec(0u16..10, 2..40),
        us in proptest::collection::vec(any::<bool>(), 40),
        alpha in 0.0f64..1.0,
        max_iter in 1usize..6,
    ) {
        let p = Params { alpha, max_iter, ..Params::default() };
        let mut time = 0.0;
        let trials: Vec<Trial> = gaps.iter().enumerate().map(|(i, &gap)| {
            let t = Trial::new(time, vec![1.0, f64::from(u8::from(i % 3 == 0))], if us[i] { 1.0 } else { 0.0 });
            time += 1.0 + f64::from(gap);
            t
        }).collect();
        let whole = run(p, &trials).unwrap();
        let mut online = LatentCause::new(p, 2).unwrap();
        for (i, t) in trials.iter().enumerate() {
            if i > 0 {
                let total = online.iterations(trials[i - 1].time, Some(t.time));
                let cause = online.continue_last(total - 1).unwrap();
                prop_assert_eq!(cause, whole[i - 1].cause);
                prop_assert_eq!(online.last_posterior(), &whole[i - 1].posterior[..]);
            }
            let s = online.step_summary(t, Some(t.time + 1.0)).unwrap();
            prop_assert_eq!(s.prediction, whole[i].prediction);
        }
    }
}

#[test]
fn continue_last_needs_a_learning_trial() {
    let mut m = LatentCause::new(Params::default(), 1).unwrap();
    assert!(m.continue_last(2).is_err());
    m.step(&Trial::probe(0.0, vec![1.0]), None).unwrap();
    assert!(m.continue_last(2).is_err());
}
