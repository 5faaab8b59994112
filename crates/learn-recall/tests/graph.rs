//! Integration and property tests of the similarity-graph engine.

use learn_recall::RecallError;
use learn_recall::graph::{
    Ending, GraphParams, Similarity, SimilarityGraph, SimilarityMatrix, law, recall_counts,
};
use proptest::prelude::*;
use rand::RngExt;

/// The walk by its definition, on a dense matrix of keys: next = argmax over j ∉ {cur, prev},
/// lowest index on ties; stop when a (cur, next) transition repeats.
fn dense_walk(m: usize, key: impl Fn(usize, usize) -> u64, start: usize) -> (Vec<usize>, usize) {
    let mut seen_transitions = std::collections::HashSet::new();
    let mut recalled = vec![start];
    let (mut prev, mut cur) = (usize::MAX, start);
    loop {
        let mut best: Option<(u64, usize)> = None;
        for j in 0..m {
            if j == cur || j == prev {
                continue;
            }
            let k = key(cur, j);
            if best.is_none_or(|(bk, _)| k > bk) {
                best = Some((k, j));
            }
        }
        let Some((_, next)) = best else {
            return (recalled, seen_transitions.len());
        };
        if !seen_transitions.insert((cur, next)) {
            return (recalled, seen_transitions.len());
        }
        if !recalled.contains(&next) {
            recalled.push(next);
        }
        prev = cur;
        cur = next;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// The cached top-two engine walks exactly the walk of the definition on the same matrix.
    #[test]
    fn engine_equals_definition(m in 2usize..400, kind in 0u8..3, seed in any::<u64>()) {
        let sim = match kind {
            0 => Similarity::Symmetric,
            1 => Similarity::Asymmetric,
            _ => Similarity::Sparse { neurons: 300, coding_level: 0.05 },
        };
        let params = GraphParams::new(m, sim).unwrap();
        let matrix = SimilarityMatrix::new(&params, seed);
        let start = (seed % m as u64) as usize;
        let (expected, steps) = dense_walk(m, |i, j| matrix.entry(i, j), start);
        let walk = SimilarityGraph::from_matrix(matrix.clone()).walk(start).unwrap();
        let got: Vec<usize> = walk.recalled.iter().map(|&x| x as usize).collect();
        prop_assert_eq!(got, expected);
        prop_assert_eq!(walk.steps, steps);
        if m >= 3 {
            let cyclic = matches!(walk.ending, Ending::Cycle { .. });
            prop_assert!(cyclic, "ending {:?}", walk.ending);
        }
    }
}

/// The hashed matrix behaves like an i.i.d. continuous one: mean R on hashed symmetric matrices
/// agrees with mean R on matrices of ChaCha uniforms (the definition's walk) within the 99.9%
/// two-sample interval, at M = 100 with 3,000 trials each.
#[test]
fn hashed_matrix_matches_chacha_matrix() {
    let m = 100;
    let trials = 3000;
    let params = GraphParams::new(m, Similarity::Symmetric).unwrap();
    let hashed: Vec<f64> = recall_counts(&params, trials, 11)
        .unwrap()
        .into_iter()
        .map(|r| r as f64)
        .collect();
    let reference: Vec<f64> = (0..trials)
        .map(|t| {
            let mut rng = learn_core::rng::stream(99, t as u64);
            let mut s = vec![0u64; m * m];
            for i in 0..m {
                for j in i + 1..m {
                    let v: u64 = rng.random();
                    s[i * m + j] = v;
                    s[j * m + i] = v;
                }
            }
            dense_walk(m, |i, j| s[i * m + j], 0).0.len() as f64
        })
        .collect();
    let (a, b) = (
        learn_core::stats::mean(&hashed).unwrap(),
        learn_core::stats::mean(&reference).unwrap(),
    );
    let se = (learn_core::stats::sem(&hashed).unwrap().powi(2)
        + learn_core::stats::sem(&reference).unwrap().powi(2))
    .sqrt();
    let z = learn_core::stats::normal_quantile(0.9995).unwrap();
    assert!((a - b).abs() < z * se, "hashed {a}, ChaCha {b}, se {se}");
    // And both are near the law at this size (finite-size ratio ≈ 0.98).
    assert!((a / law(m) - 0.98).abs() < 0.05, "{}", a / law(m));
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let params = GraphParams::new(500, Similarity::Symmetric).unwrap();
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| recall_counts(&params, 64, 5).unwrap())
    };
    assert_eq!(run(1), run(2));
}

#[test]
fn bad_parameters_are_errors() {
    assert!(GraphParams::new(0, Similarity::Symmetric).is_err());
    assert!(GraphParams::new(1, Similarity::Symmetric).is_err());
    assert!(GraphParams::new(2, Similarity::Symmetric).is_ok());
    assert!(GraphParams::new(u32::MAX as usize + 1, Similarity::Symmetric).is_err());
    for f in [0.0, 1.0, -0.1, f64::NAN, f64::INFINITY] {
        let e = GraphParams::new(
            100,
            Similarity::Sparse {
                neurons: 100,
                coding_level: f,
            },
        );
        assert!(e.is_err(), "f = {f}");
    }
    let huge = GraphParams::new(
        1 << 20,
        Similarity::Sparse {
            neurons: 1 << 20,
            coding_level: 0.5,
        },
    );
    assert!(huge.unwrap_err().to_string().contains("neurons"));
    let params = GraphParams::new(10, Similarity::Symmetric).unwrap();
    assert!(recall_counts(&params, 0, 1).is_err());
    let mut g = SimilarityGraph::new(&params, 1);
    assert_eq!(
        g.walk(10),
        Err(RecallError::StartOutOfRange {
            start: 10,
            items: 10
        })
    );
}
