//! Trials without cues (`1+`: an unsignalled US; `1-`: an empty trial) on every model:
//! nothing is presented, so nothing is predicted and no cue learns; the US still produces a
//! prediction error in TD.

use learn_conditioning::AssociativeLearner;
use learn_conditioning::design::{self, UsTiming};
use learn_conditioning::learner::{Extra, GroupRecord, run_design};
use learn_conditioning::rw::{RescorlaWagner, RwParams};
use learn_conditioning::td::{TdLearner, TdParams, Timing};

fn run(learner: &mut dyn AssociativeLearner, text: &str) -> GroupRecord {
    let d = design::parse(text).unwrap();
    run_design(learner, &d, 0).unwrap().remove(0)
}

/// The records of the trials with cues of `with` equal those of `without` (the same design
/// without its cue-less trials), bit for bit.
fn same_cue_trials(with: &GroupRecord, without: &GroupRecord) {
    let cued: Vec<_> = with.trials.iter().filter(|t| !t.cues.is_empty()).collect();
    assert_eq!(cued.len(), without.trials.len());
    for (a, b) in cued.iter().zip(&without.trials) {
        assert_eq!(a.prediction, b.prediction);
        assert_eq!(a.strengths, b.strengths);
        assert_eq!(a.delta, b.delta);
    }
    assert_eq!(with.final_strengths, without.final_strengths);
}

#[test]
fn rescorla_wagner_ignores_trials_without_cues() {
    let p = RwParams::new(0.3, 0.5, 0.2, 1.0).unwrap();
    let with = run(
        &mut RescorlaWagner::new(p.clone()),
        "5AB+ | 1+ | 3- | 2A- | 2+ | 1#B",
    );
    let without = run(&mut RescorlaWagner::new(p), "5AB+ | 2A- | 1#B");
    for t in with.trials.iter().filter(|t| t.cues.is_empty()) {
        assert_eq!(t.prediction, 0.0);
        assert!(!t.probe);
    }
    assert!(with.trials[5].reinforced && !with.trials[6].reinforced);
    // Strengths do not move on a cue-less trial.
    assert_eq!(with.trials[5].strengths, with.trials[4].strengths);
    assert_eq!(with.trials[8].strengths, with.trials[4].strengths);
    same_cue_trials(&with, &without);
}

#[test]
fn a_design_with_no_cues_at_all_runs() {
    let g = run(&mut RescorlaWagner::new(RwParams::default()), "3+ | 2-");
    assert_eq!(g.trials.len(), 5);
    assert!(g.final_strengths.is_empty());
    let g = run(&mut TdLearner::vector(TdParams::default()), "1+");
    let delta = g.trials[0].delta.as_ref().unwrap();
    assert_eq!(delta.iter().sum::<f64>(), 1.0);
}

#[test]
fn td_gets_the_reward_with_no_features() {
    let timing = Timing::default();
    let us_step = timing.us_time(1, UsTiming::WithLast).unwrap();
    assert_eq!(us_step, timing.cs_onset() + timing.us_delay());
    for vector in [false, true] {
        let mk = || {
            if vector {
                TdLearner::vector(TdParams::default())
            } else {
                TdLearner::new(TdParams::default())
            }
        };
        let with = run(&mut mk(), "50A+ | 1+ | 1- | 5A- | 1+");
        let without = run(&mut mk(), "50A+ | 5A-");
        for t in [&with.trials[50], &with.trials[51], &with.trials[57]] {
            assert_eq!(t.prediction, 0.0);
            let delta = t.delta.as_ref().unwrap();
            let r = if t.reinforced { 1.0 } else { 0.0 };
            for (step, &d) in delta.iter().enumerate() {
                assert_eq!(d, if step == us_step { r } else { 0.0 }, "step {step}");
            }
            let Some(Extra::Vector(v)) = t.extra.get("value") else {
                panic!("no value")
            };
            assert!(v.iter().all(|&x| x == 0.0));
            if vector {
                // One cue in the design: its channel carries r/1 and the channels sum to δ.
                let Some(Extra::Matrix(ch)) = t.extra.get("vector_delta") else {
                    panic!("no channels")
                };
                for (row, &d) in ch.iter().zip(delta) {
                    assert_eq!(row.iter().sum::<f64>(), d);
                }
            }
        }
        assert_eq!(with.trials[50].strengths, with.trials[49].strengths);
        same_cue_trials(&with, &without);
    }
}
