//! The fast model against a naive, dense transcription of the algorithm of the authors'
//! `imm_localmap.m` (full time-distance matrix, one-hot assignment matrix Z, likelihoods
//! multiplied in linear space), on random designs and parameters.

// The dense form indexes like the matrix code it transcribes.
#![allow(clippy::needless_range_loop)]

use learn_latent::{Params, Trial, run};
use proptest::prelude::*;

/// What the dense form returns per trial: prediction, response, posterior (K), cause.
type Dense = (Vec<f64>, Vec<f64>, Vec<Vec<f64>>, Vec<usize>);

fn normpdf(x: f64, mean: f64, sd: f64) -> f64 {
    let z = (x - mean) / sd;
    (-0.5 * z * z).exp() / (sd * (2.0 * std::f64::consts::PI).sqrt())
}

fn dense(trials: &[Trial], p: Params) -> Dense {
    let t_n = trials.len();
    let d_n = trials[0].cues.len();
    let k_n = p.k;
    let dist: Vec<Vec<f64>> = trials
        .iter()
        .map(|a| trials.iter().map(|b| (a.time - b.time).abs()).collect())
        .collect();
    let mut z = vec![vec![0.0; k_n]; t_n];
    let mut w = vec![vec![p.w0; k_n]; d_n];
    let (mut pred, mut resp, mut posts, mut causes) = (vec![], vec![], vec![], vec![]);
    for t in 0..t_n {
        let x = &trials[t].cues;
        let r = trials[t].us;
        let n_iter = if t == t_n - 1 {
            1
        } else {
            p.max_iter.min(dist[t][t + 1].round() as usize)
        };
        let mut counts = vec![0.0; k_n];
        let mut prior = vec![0.0; k_n];
        for tp in 0..t {
            for k in 0..k_n {
                counts[k] += z[tp][k];
                prior[k] += dist[tp][t].powf(-p.g) * z[tp][k];
            }
        }
        if let Some(first_empty) = counts.iter().position(|&c| c == 0.0) {
            prior[first_empty] = if t == 0 { 1.0 } else { p.alpha };
        }
        let sum: f64 = prior.iter().sum();
        let mut l: Vec<f64> = prior.iter().map(|v| v / sum).collect();
        for k in 0..k_n {
            let nu = p.sx / (counts[k] + p.sx) + p.sx;
            for d in 0..d_n {
                let xsum: f64 = (0..t).map(|tp| trials[tp].cues[d] * z[tp][k]).sum();
                let xhat = xsum / (counts[k] + p.sx);
                l[k] *= normpdf(x[d], xhat, nu.sqrt());
            }
        }
        let sl: f64 = l.iter().sum();
        let mut post: Vec<f64> = l.iter().map(|v| v / sl).collect();
        let vk = |w: &Vec<Vec<f64>>, k: usize| (0..d_n).map(|d| x[d] * w[d][k]).sum::<f64>();
        let v: f64 = (0..k_n).map(|k| vk(&w, k) * post[k]).sum();
        pred.push(v);
        resp.push(1.0 - learn_core::stats::normal_cdf((p.theta - v) / p.lambda));
        for _ in 0..n_iter {
            let values: Vec<f64> = (0..k_n).map(|k| vk(&w, k)).collect();
            post = (0..k_n)
                .map(|k| l[k] * normpdf(r, values[k], p.sr.sqrt()))
                .collect();
            let s: f64 = post.iter().sum();
            post.iter_mut().for_each(|q| *q /= s);
            for k in 0..k_n {
                for d in 0..d_n {
                    w[d][k] += p.eta * x[d] * (r - values[k]) * post[k];
                }
            }
        }
        let mut best = 0;
        for k in 1..k_n {
            if post[k] > post[best] {
                best = k;
            }
        }
        z[t][best] = 1.0;
        posts.push(post);
        causes.push(best);
    }
    (pred, resp, posts, causes)
}

/// Random designs: per trial a cue vector over 3 features with values in {0, 0.5, 1}, a US
/// in {0, 1}, and an extra gap in 0..=30 before the next trial.
fn designs() -> impl Strategy<Value = Vec<([u8; 3], bool, u8)>> {
    proptest::collection::vec(
        (proptest::array::uniform3(0u8..3), any::<bool>(), 0u8..31),
        1..40,
    )
}

fn to_trials(spec: &[([u8; 3], bool, u8)]) -> Vec<Trial> {
    let mut time = 0.0;
    spec.iter()
        .map(|(cues, us, gap)| {
            let t = Trial::new(
                time,
                cues.iter().map(|&c| 0.5 * f64::from(c)).collect(),
                if *us { 1.0 } else { 0.0 },
            );
            time += 1.0 + f64::from(*gap);
            t
        })
        .collect()
}

/// Relative agreement of the fast (log-space) and dense (linear-space) forms.
const AGREE: f64 = 1e-9;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= AGREE * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn fast_model_equals_dense_transcription(
        spec in designs(),
        alpha in 0.0f64..2.0,
        g in 0.2f64..2.0,
        eta in 0.05f64..1.0,
        sr in 0.1f64..1.0,
        sx in 0.3f64..2.0,
        max_iter in 1usize..5,
        k in 1usize..8,
    ) {
        let p = Params { alpha, g, eta, sr, sx, max_iter, k, ..Params::default() };
        let trials = to_trials(&spec);
        let fast = run(p, &trials).unwrap();
        let (pred, resp, posts, causes) = dense(&trials, p);
        // The dense form multiplies likelihoods in linear space, as the authors' code does; when
        // every cause's US likelihood underflows (weights far from the US with small σ_r²) it
        // normalises 0/0 = NaN from that trial on. The fast form works in log space and must
        // stay finite; the two are compared up to that trial.
        let valid = (0..fast.len())
            .position(|i| !(pred[i].is_finite() && resp[i].is_finite() && posts[i].iter().all(|q| q.is_finite())))
            .unwrap_or(fast.len());
        for rec in &fast {
            prop_assert!(rec.prediction.is_finite() && rec.response.is_finite()
                && rec.posterior.iter().all(|q| q.is_finite()));
        }
        for (i, rec) in fast.iter().enumerate().take(valid) {
            prop_assert!(close(rec.prediction, pred[i]), "trial {i}: V {} vs {}", rec.prediction, pred[i]);
            prop_assert!(close(rec.response, resp[i]), "trial {i}: CR {} vs {}", rec.response, resp[i]);
            for (kk, &q) in posts[i].iter().enumerate() {
                let mine = rec.posterior.get(kk).copied().unwrap_or(0.0);
                prop_assert!(close(mine, q), "trial {i} cause {kk}: {mine} vs {q}");
            }
            prop_assert_eq!(rec.cause, causes[i], "trial {}", i);
        }
    }
}
