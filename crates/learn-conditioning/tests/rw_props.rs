//! Property tests of Rescorla–Wagner: closed forms and the normative (gradient) form.

use learn_conditioning::rw::{self, RescorlaWagner, RwParams};
use proptest::prelude::*;

/// Closed-form agreement: round-off of a few hundred multiply-adds.
const CLOSED_FORM: f64 = 1e-12;
/// Central finite differences of a quadratic are exact up to rounding of L/h.
const FINITE_DIFFERENCE: f64 = 1e-6;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// V_n = λ(1 − (1 − αβ)ⁿ) and extinction V_n = V_0(1 − αβ⁻)ⁿ for all α, β in (0, 1].
    #[test]
    fn acquisition_and_extinction_closed_forms(
        alpha in 1e-6f64..=1.0, bp in 1e-6f64..=1.0, bm in 1e-6f64..=1.0,
        lambda in 0.1f64..10.0, n in 1u32..300,
    ) {
        let mut model = RescorlaWagner::with_cue_count(RwParams::new(alpha, bp, bm, lambda).unwrap(), 1);
        for k in 1..=n {
            model.update(&[0], true);
            let want = rw::acquisition_closed_form(alpha, bp, lambda, k);
            prop_assert!((model.values()[0] - want).abs() <= CLOSED_FORM * lambda);
        }
        let v0 = model.values()[0];
        for k in 1..=n {
            model.update(&[0], false);
            let want = rw::extinction_closed_form(alpha, bm, v0, k);
            prop_assert!((model.values()[0] - want).abs() <= CLOSED_FORM * lambda);
        }
    }

    /// The RW update is ΔV_i = −α_i β ∂/∂V_i ½(r − Σ x_j V_j)², the gradient taken by
    /// central finite differences of the loss (independent of the analytic formula).
    #[test]
    fn update_is_a_gradient_step(
        alpha in proptest::collection::vec(0.01f64..=1.0, 4),
        bp in 0.01f64..=1.0, bm in 0.01f64..=1.0,
        v in proptest::collection::vec(-2.0f64..2.0, 4),
        mask in 1u8..16, reinforced in any::<bool>(),
    ) {
        let present: Vec<usize> = (0..4).filter(|i| mask & (1 << i) != 0).collect();
        let names = ["A", "B", "C", "D"];
        let mut p = RwParams::new(0.4, bp, bm, 1.0).unwrap();
        for (n, a) in names.iter().zip(&alpha) {
            p = p.with_cue_alpha(n, *a).unwrap();
        }
        let cues: Vec<_> = names.iter().map(|n| learn_conditioning::design::Cue(n.to_string())).collect();
        let mut model = RescorlaWagner::with_cues(p, &cues).unwrap();
        model.set_values(&v).unwrap();
        model.update(&present, reinforced);
        let (beta, r) = if reinforced { (bp, 1.0) } else { (bm, 0.0) };
        let loss = |w: &[f64]| {
            let total: f64 = present.iter().map(|&j| w[j]).sum();
            0.5 * (r - total).powi(2)
        };
        let h = 1e-5;
        let analytic = rw::squared_error_gradient(&v, &present, r);
        for i in 0..4 {
            let mut up = v.clone();
            let mut down = v.clone();
            up[i] += h;
            down[i] -= h;
            let grad = (loss(&up) - loss(&down)) / (2.0 * h);
            prop_assert!((grad - analytic[i]).abs() < FINITE_DIFFERENCE);
            let step = -alpha[i] * beta * grad;
            prop_assert!((model.values()[i] - v[i] - step).abs() < FINITE_DIFFERENCE, "cue {i}");
        }
    }
}
