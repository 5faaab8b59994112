//! The learner trait from outside the crate: a custom learner (as `learn-latent` writes one)
//! sees every trial with its time, cues, US and probe flag, is reset per group, and its
//! records come back in order; runs are reproducible from the seed.

use std::collections::BTreeMap;

use learn_conditioning::design::{self, Cue, Trial};
use learn_conditioning::learner::{AssociativeLearner, Extra, Observation, run_design};
use learn_conditioning::rw::{RescorlaWagner, RwParams};

/// Counts US deliveries per cue; predicts the time since the last trial.
#[derive(Default)]
struct Counter {
    counts: Vec<f64>,
    last_time: Option<f64>,
    resets: Vec<u64>,
}

impl AssociativeLearner for Counter {
    fn model(&self) -> &'static str {
        "counter"
    }
    fn reset(&mut self, cues: &[Cue], seed: u64) -> learn_conditioning::Result<()> {
        self.counts = vec![0.0; cues.len()];
        self.last_time = None;
        self.resets.push(seed);
        Ok(())
    }
    fn observe(&mut self, trial: &Trial) -> learn_conditioning::Result<Observation> {
        let gap = self.last_time.map_or(0.0, |t| trial.time - t);
        self.last_time = Some(trial.time);
        if !trial.probe && trial.reinforced() {
            for &c in &trial.cues {
                self.counts[c] += 1.0;
            }
        }
        let mut obs = Observation::prediction(gap);
        obs.extra
            .insert("stages".into(), Extra::Scalar(trial.stages.len() as f64));
        Ok(obs)
    }
    fn strengths(&self) -> Vec<f64> {
        self.counts.clone()
    }
}

#[test]
fn custom_learner_sees_times_cues_and_probes() {
    let d = design::parse("E: 3A+ | @10 2B>A | 1#A ; C: 2A-").unwrap();
    let mut learner = Counter::default();
    let groups = run_design(&mut learner, &d, 5).unwrap();
    assert_eq!(learner.resets.len(), 2);
    assert_ne!(learner.resets[0], learner.resets[1]);
    let e = &groups[0];
    let gaps: Vec<f64> = e.trials.iter().map(|t| t.prediction).collect();
    assert_eq!(gaps, vec![0.0, 1.0, 1.0, 11.0, 1.0, 1.0]);
    assert_eq!(e.final_strengths["A"], 3.0);
    assert_eq!(e.final_strengths["B"], 0.0);
    assert!(e.trials[5].probe);
    assert_eq!(e.trials[3].cues, vec!["A".to_string(), "B".to_string()]);
    assert_eq!(e.trials[3].extra["stages"], Extra::Scalar(2.0));
    assert_eq!(groups[1].name, "C");
    assert_eq!(
        groups[1].final_strengths,
        BTreeMap::from([("A".to_string(), 0.0), ("B".to_string(), 0.0)])
    );
}

#[test]
fn runs_are_reproducible_and_seeded() {
    let d = design::parse("!20A+/20AB-/20B+").unwrap();
    let run = |seed| run_design(&mut RescorlaWagner::new(RwParams::default()), &d, seed).unwrap();
    assert_eq!(run(3), run(3));
    assert_ne!(run(3), run(4));
}
