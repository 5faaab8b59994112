//! The latent-cause model on the shared design language: parsing, the exact runner, and the
//! `AssociativeLearner` implementation.

use learn_latent::design;
use learn_latent::{LatentError, LatentLearner, Params, Schedule, run};
use proptest::prelude::*;

#[test]
fn delay_phases_are_read_by_the_shared_parser() {
    let text = "3A+ | @20 | 1A- | @3 | 18A- | @200 | 1A-";
    let d = design::parse(text).unwrap();
    assert_eq!(d, learn_conditioning::design::parse(text).unwrap());
    assert_eq!(d.to_string(), text, "the issue's form is the canonical one");
    assert_eq!(
        design::parse("3A+ | @20 1A- | @3 18A- | @200 1A-").unwrap(),
        d
    );
    let (cues, groups) = design::trials(&d, 0);
    assert_eq!(cues.len(), 1);
    let a = [1.0];
    let expected = Schedule::new(1)
        .block(3, &a, 1.0)
        .gap(20.0)
        .block(1, &a, 0.0)
        .gap(3.0)
        .block(18, &a, 0.0)
        .gap(200.0)
        .block(1, &a, 0.0)
        .trials();
    assert_eq!(groups[0].1, expected);
    // Named groups; a delay before the first phase.
    let d = design::parse("G1: 2A+ | @10 | 1A- ; G2: @7 | 1B+").unwrap();
    let (_, groups) = design::trials(&d, 0);
    let times: Vec<f64> = groups[0].1.iter().map(|t| t.time).collect();
    assert_eq!(times, vec![0.0, 1.0, 12.0]);
    assert_eq!(groups[1].1[0].time, 7.0);
    // Two delays in a row add up.
    let d = design::parse("2A+ | @5 | @5 | 1A-").unwrap();
    let (_, groups) = design::trials(&d, 0);
    assert_eq!(groups[0].1[2].time, 12.0);
}

#[test]
fn a_us_alone_is_a_trial_without_cues() {
    let d = design::parse("3AX+ | @20 | 1+ | 1- | @20 | 1A-").unwrap();
    let (cues, groups) = design::trials(&d, 0);
    assert_eq!(cues.len(), 2);
    let t = &groups[0].1;
    assert_eq!((t[3].cues.as_slice(), t[3].us), (&[0.0, 0.0][..], 1.0));
    assert_eq!((t[4].cues.as_slice(), t[4].us), (&[0.0, 0.0][..], 0.0));
    assert!(!t[3].probe && !t[4].probe);
    let records = design::run_design(Params::default(), &d, 0).unwrap();
    let us = &records[0].trials[3];
    assert!(us.cues.is_empty() && us.reinforced);
    // Every cause predicts x·w = 0 for an empty cue vector.
    assert_eq!(us.prediction, 0.0);
    // A design with no cue at all runs on one all-zero feature.
    let d = design::parse("2+ | @5 | 1-").unwrap();
    let records = design::run_design(Params::default(), &d, 0).unwrap();
    assert!(records[0].trials.iter().all(|t| t.prediction == 0.0));
}

#[test]
fn design_errors_name_position_and_token() {
    let e = design::parse("3A+ | @20 | 1a-").unwrap_err();
    assert_eq!((e.position, e.token.as_str()), (14, "a"));
    let e = design::parse("3A+ | @20").unwrap_err();
    assert_eq!((e.position, e.token.as_str()), (10, "end of input"));
    assert!(design::parse("3A+ | @ | 1A-").is_err());
    assert!(design::parse("1#+").is_err());
    let err = LatentError::from(e);
    assert!(!err.to_string().contains('\n'));
    assert!(err.to_string().contains("position 10"), "{err}");
}

#[test]
fn run_design_equals_the_plain_model() {
    let d = design::parse("3AX+ | @20 | 1A- | @3 | 18A- | @20 | 1AX- | 1#A").unwrap();
    let groups = design::run_design(Params::default(), &d, 0).unwrap();
    let (_, plain) = design::trials(&d, 0);
    let direct = run(Params::default(), &plain[0].1).unwrap();
    assert_eq!(groups[0].trials.len(), direct.len());
    for (a, b) in groups[0].trials.iter().zip(&direct) {
        assert_eq!(a.prediction, b.prediction);
        assert_eq!(a.posterior, b.posterior);
        assert_eq!(a.cause, b.cause);
    }
    let probe = groups[0].trials.last().unwrap();
    assert!(probe.probe && probe.iterations == 0);
    assert_eq!(probe.cues, vec!["A".to_string()]);
}

/// Random designs over cues A, B, X with delays, probes, trials without cues and interleaved
/// phases.
fn designs() -> impl Strategy<Value = Vec<(u8, u8, u8, u8, u16)>> {
    // (count 1-5, cue mask 0-7 (0: no cues), outcome 0 = -, 1 = +, 2 = probe, interleave?,
    // delay)
    proptest::collection::vec((1u8..6, 0u8..8, 0u8..3, 0u8..2, 0u16..60), 1..10)
}

fn text(spec: &[(u8, u8, u8, u8, u16)]) -> String {
    spec.iter()
        .map(|&(n, mask, outcome, inter, delay)| {
            let cues: String = ['A', 'B', 'X']
                .iter()
                .enumerate()
                .filter(|(i, _)| (mask >> i) & 1 == 1)
                .map(|(_, c)| *c)
                .collect();
            let tt = match outcome {
                0 => format!("{n}{cues}-"),
                1 => format!("{n}{cues}+"),
                _ if cues.is_empty() => format!("{n}+"),
                _ => format!("{n}#{cues}"),
            };
            let second = if inter == 1 {
                format!("/1{cues}+")
            } else {
                String::new()
            };
            let bang = if inter == 1 { "!" } else { "" };
            if delay > 0 {
                format!("@{delay} | {bang}{tt}{second}")
            } else {
                format!("{bang}{tt}{second}")
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Through the `AssociativeLearner` trait (one trial at a time, EM iterations finished
    /// when the next trial arrives) the predictions equal the exact runner's, and so does the
    /// reported posterior of every trial followed by the next one 1 unit later.
    #[test]
    fn trait_learner_matches_the_exact_runner(spec in designs(), seed in any::<u64>(), alpha in 0.0f64..1.0) {
        let t = text(&spec);
        let d = design::parse(&t).unwrap();
        let p = Params { alpha, ..Params::default() };
        let exact = design::run_design(p, &d, seed).unwrap();
        let mut learner = LatentLearner::new(p).unwrap();
        let online = learn_conditioning::run_design(&mut learner, &d, seed).unwrap();
        let (e, o) = (&exact[0].trials, &online[0].trials);
        prop_assert_eq!(e.len(), o.len());
        for i in 0..e.len() {
            prop_assert!((e[i].prediction - o[i].prediction).abs() <= 1e-12, "{t}: trial {i}: {} vs {}", e[i].prediction, o[i].prediction);
            prop_assert!(o[i].strengths.values().all(|v| v.is_finite()));
            let next_gap = e.get(i + 1).map(|n| n.time - e[i].time);
            if next_gap == Some(1.0) || next_gap.is_none() || e[i].probe {
                let Some(learn_conditioning::learner::Extra::Vector(post)) = o[i].extra.get("posterior") else {
                    panic!("no posterior");
                };
                prop_assert_eq!(post, &e[i].posterior, "{}: trial {}", t, i);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any string: parsing and running never panic, and errors point into the input.
    #[test]
    fn arbitrary_strings_never_panic(s in "[0-9A-Ca-c@|;:!#/()+> -]{0,40}") {
        match design::parse(&s) {
            Ok(d) => {
                let _ = design::run_design(Params::default(), &d, 0);
            }
            Err(e) => prop_assert!(e.position >= 1 && e.position <= s.chars().count() + 1),
        }
    }
}
