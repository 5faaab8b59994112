//! Property tests of TD(λ): the fast per-trial accumulation equals the step-by-step online
//! algorithm, and the vector RPE channels sum to the scalar error.

use learn_conditioning::design::UsTiming;
use learn_conditioning::td::{TdLearner, TdParams, Timing};
use proptest::prelude::*;

/// Close to round-off for sums of a few hundred terms of size ≤ O(10).
const SUM_ROUNDING: f64 = 1e-10;

/// The online algorithm, written step by step from the equations:
/// δ_t = r_t + γV_t − V_{t−1}; e_t = λe_{t−1} + x_{t−1}; w ← w + α δ_t e_t.
struct Online {
    w: Vec<f64>,
    alpha: Vec<f64>,
    gamma: f64,
    lambda: f64,
    timing: Timing,
    n: usize,
}

impl Online {
    fn features(&self, stages: &[Vec<usize>], t: usize) -> Vec<f64> {
        let tl = self.timing.steps();
        let mut x = vec![0.0; self.n * tl];
        if t >= tl {
            return x;
        }
        for (k, s) in stages.iter().enumerate() {
            let o = self.timing.stage_onset(k);
            for &c in s {
                if t >= o {
                    x[c * tl + (t - o)] = 1.0;
                }
            }
        }
        x
    }

    fn trial(&mut self, stages: &[Vec<usize>], us: UsTiming, learn: bool) -> Vec<f64> {
        let tl = self.timing.steps();
        let us_t = self.timing.us_time(stages.len(), us);
        let mut e = vec![0.0; self.n * tl];
        let mut x_prev = vec![0.0; self.n * tl];
        let mut v_prev = 0.0;
        let mut deltas = Vec::new();
        for t in 0..=tl {
            let x = self.features(stages, t);
            let v: f64 = x.iter().zip(&self.w).map(|(a, b)| a * b).sum();
            let r = if us_t == Some(t) { 1.0 } else { 0.0 };
            let delta = r + self.gamma * v - v_prev;
            deltas.push(delta);
            if learn {
                for i in 0..e.len() {
                    e[i] = self.lambda * e[i] + x_prev[i];
                    self.w[i] += self.alpha[i / tl] * delta * e[i];
                }
            }
            v_prev = v;
            x_prev = x;
        }
        deltas
    }
}

#[derive(Debug, Clone)]
struct TrialSpec {
    stages: Vec<Vec<usize>>,
    us: UsTiming,
    probe: bool,
}

fn trials(n_cues: usize) -> impl Strategy<Value = Vec<TrialSpec>> {
    let trial = (
        Just(()).prop_perturb(move |_, mut rng| {
            // A random permutation of the cues, cut into 1..=3 non-empty stages.
            let mut cues: Vec<usize> = (0..n_cues).collect();
            for i in (1..cues.len()).rev() {
                let j = (rng.next_u32() as usize) % (i + 1);
                cues.swap(i, j);
            }
            let used = 1 + (rng.next_u32() as usize) % n_cues;
            let n_stages = 1 + (rng.next_u32() as usize) % used.min(3);
            let mut stages = vec![Vec::new(); n_stages];
            for (i, &c) in cues[..used].iter().enumerate() {
                stages[if i < n_stages {
                    i
                } else {
                    (rng.next_u32() as usize) % n_stages
                }]
                .push(c);
            }
            stages
        }),
        0u8..3,
        any::<bool>(),
    )
        .prop_map(|(stages, u, probe)| TrialSpec {
            us: match u {
                0 => UsTiming::Absent,
                1 => UsTiming::WithLast,
                _ => UsTiming::AfterLast,
            },
            stages,
            probe,
        });
    proptest::collection::vec(trial, 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    /// The fast backward accumulation equals online TD(λ), step for step and weight for weight.
    #[test]
    fn fast_equals_online(
        alpha in 0.01f64..=1.0, gamma in 0.0f64..=1.0, lambda in 0.0f64..=1.0,
        n_cues in 1usize..4, specs in trials(3),
    ) {
        let timing = Timing::new(24, 2, 5, 3).unwrap();
        let params = TdParams::new(alpha, gamma, lambda, timing).unwrap();
        let mut fast = TdLearner::with_cue_count(params, 3, false).unwrap();
        let mut online = Online { w: vec![0.0; 3 * 24], alpha: vec![alpha; 3], gamma, lambda, timing, n: 3 };
        let _ = n_cues;
        for spec in &specs {
            let fits = timing.stage_onset(spec.stages.len() - 1) < 24
                && timing.us_time(spec.stages.len(), spec.us).is_none_or(|t| t < 24);
            let got = fast.run_trial(&spec.stages, spec.us, !spec.probe);
            if !fits {
                prop_assert!(got.is_err());
                continue;
            }
            let got = got.unwrap().to_vec();
            let want = online.trial(&spec.stages, spec.us, !spec.probe);
            for (a, b) in got.iter().zip(&want) {
                prop_assert!((a - b).abs() <= SUM_ROUNDING * (1.0 + b.abs()), "δ {a} vs {b}");
            }
            for c in 0..3 {
                for d in 0..24 {
                    let (a, b) = (fast.weight(c, d), online.w[c * 24 + d]);
                    prop_assert!((a - b).abs() <= SUM_ROUNDING * (1.0 + b.abs()), "w[{c},{d}] {a} vs {b}");
                }
            }
        }
    }

    /// Vector RPE: the per-cue channels sum to δ_t on every step of every trial.
    #[test]
    fn vector_channels_sum_to_scalar_delta(
        alpha in 0.01f64..=1.0, gamma in 0.0f64..=1.0, lambda in 0.0f64..=1.0, specs in trials(4),
    ) {
        let timing = Timing::new(40, 3, 6, 4).unwrap();
        let params = TdParams::new(alpha, gamma, lambda, timing).unwrap();
        let mut td = TdLearner::with_cue_count(params, 4, true).unwrap();
        for spec in &specs {
            if td.run_trial(&spec.stages, spec.us, !spec.probe).is_err() {
                continue;
            }
            let deltas = td.deltas().to_vec();
            for (t, row) in td.channels().chunks(4).enumerate() {
                let sum: f64 = row.iter().sum();
                prop_assert!((sum - deltas[t]).abs() <= SUM_ROUNDING, "t={t}: Σ channels {sum} vs δ {}", deltas[t]);
            }
        }
    }
}
