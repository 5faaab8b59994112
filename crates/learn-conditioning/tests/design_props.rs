//! Property tests of the design language: round trips, canonical forms, and that no input
//! makes the parser panic.

use learn_conditioning::design::{self, Cue, Design, Group, Outcome, Phase, TrialType};
use proptest::prelude::*;

fn cue() -> impl Strategy<Value = Cue> {
    prop_oneof![
        "[A-Z]".prop_map(Cue),
        "[a-z_][a-zA-Z0-9_]{0,7}".prop_map(Cue),
    ]
}

fn stage() -> impl Strategy<Value = Vec<Cue>> {
    proptest::collection::btree_set(cue(), 1..4).prop_map(|s| s.into_iter().collect())
}

/// Trial types, a sixth of them without cues (`3+`, `3-`).
fn trial_type() -> impl Strategy<Value = TrialType> {
    (
        1u64..200,
        any::<bool>(),
        proptest::collection::vec(stage(), 1..4),
        any::<bool>(),
        0u8..3,
        0u8..6,
    )
        .prop_map(|(count, probe, stages, after, o, cueless)| {
            if cueless == 0 {
                return TrialType {
                    count,
                    probe: false,
                    stages: Vec::new(),
                    outcome_after: false,
                    outcome: if o == 0 {
                        Outcome::Reinforced
                    } else {
                        Outcome::NonReinforced
                    },
                };
            }
            let outcome = if probe {
                Outcome::Unspecified
            } else {
                match o {
                    0 => Outcome::Reinforced,
                    1 => Outcome::NonReinforced,
                    _ => Outcome::Unspecified,
                }
            };
            TrialType {
                count,
                probe,
                stages,
                outcome_after: after && outcome != Outcome::Unspecified,
                outcome,
            }
        })
}

fn phase() -> impl Strategy<Value = Phase> {
    (
        prop_oneof![Just(0u64), 1u64..1000],
        any::<bool>(),
        proptest::collection::vec(trial_type(), 1..4),
    )
        .prop_map(|(delay, interleaved, trial_types)| Phase {
            delay,
            interleaved,
            trial_types,
        })
}

fn design_ast() -> impl Strategy<Value = Design> {
    (
        1usize..4,
        proptest::collection::vec(proptest::collection::vec(phase(), 1..4), 1..4),
    )
        .prop_map(|(_, groups)| {
            let n = groups.len();
            Design {
                groups: groups
                    .into_iter()
                    .enumerate()
                    .map(|(k, phases)| Group {
                        name: if n > 1 || k % 2 == 1 {
                            Some(format!("Grp_{k}"))
                        } else {
                            None
                        },
                        phases,
                    })
                    .collect(),
            }
        })
}

/// Writes `d` non-canonically: extra whitespace, `(X)` for one-letter cues, `@0`, `!` and
/// `@` swapped, count 1 omitted, a phase's delay as a prefix `@N 1A+`, as a delay phase
/// `@N | 1A+`, or split over several (`@a | @b | @c 1A+`, a + b + c = N).
fn scruffy(d: &Design, salt: u64) -> String {
    let mut out = String::new();
    let mut r = learn_core::rng::splitmix64(salt ^ 0x5eed);
    let mut k = salt;
    let mut ws = |out: &mut String| {
        k = learn_core::rng::splitmix64(k);
        for _ in 0..(k % 3) {
            out.push(if k.is_multiple_of(5) { '\t' } else { ' ' });
        }
    };
    for (gi, g) in d.groups.iter().enumerate() {
        if gi > 0 {
            out.push(';');
        }
        ws(&mut out);
        if let Some(n) = &g.name {
            out.push_str(n);
            ws(&mut out);
            out.push(':');
        }
        for (pi, p) in g.phases.iter().enumerate() {
            if pi > 0 {
                ws(&mut out);
                out.push('|');
            }
            ws(&mut out);
            // The delay: delay phases first (0 to 2 of them), then perhaps a prefix.
            let mut left = p.delay;
            r = learn_core::rng::splitmix64(r);
            let (phases, prefix) = match r % 4 {
                0 => (0, p.delay > 0 || salt.is_multiple_of(3)),
                1 => (usize::from(p.delay > 0), false),
                2 => (1, true),
                _ => (2, r.is_multiple_of(3)),
            };
            for j in 0..phases {
                r = learn_core::rng::splitmix64(r);
                let last = j + 1 == phases && !prefix;
                let part = if last { left } else { r % (left + 1) };
                left -= part;
                out.push_str(&format!("@{part}"));
                ws(&mut out);
                out.push('|');
                ws(&mut out);
            }
            if p.interleaved && salt.is_multiple_of(2) {
                out.push('!');
                ws(&mut out);
            }
            if prefix {
                // A space must separate `@N` from a following count.
                out.push_str(&format!("@{left} "));
                left = 0;
                ws(&mut out);
            }
            assert_eq!(left, 0);
            if p.interleaved && salt % 2 == 1 {
                out.push('!');
                ws(&mut out);
            }
            for (ti, t) in p.trial_types.iter().enumerate() {
                if ti > 0 {
                    out.push('/');
                    ws(&mut out);
                }
                if t.count != 1 || salt.is_multiple_of(7) {
                    out.push_str(&t.count.to_string());
                }
                ws(&mut out);
                if t.probe {
                    out.push('#');
                }
                for (si, s) in t.stages.iter().enumerate() {
                    if si > 0 {
                        ws(&mut out);
                        out.push('>');
                    }
                    for c in s {
                        ws(&mut out);
                        out.push_str(&format!("({})", c.0));
                    }
                }
                if t.outcome_after {
                    out.push('>');
                }
                ws(&mut out);
                match t.outcome {
                    Outcome::Reinforced => out.push('+'),
                    Outcome::NonReinforced => out.push('-'),
                    Outcome::Unspecified => {}
                }
            }
        }
        ws(&mut out);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// parse(display(d)) == d for every design.
    #[test]
    fn parse_display_round_trips(d in design_ast()) {
        let text = d.to_string();
        let back = design::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(back, d);
    }

    /// display(parse(s)) is the canonical form whatever the spacing and spelling of s.
    #[test]
    fn display_of_parse_is_canonical(d in design_ast(), salt in any::<u64>()) {
        let text = scruffy(&d, salt);
        let parsed = design::parse(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(parsed.to_string(), d.to_string());
    }

    /// Any string: the parser returns, and an error's position lies within the input + 1.
    #[test]
    fn never_panics_on_arbitrary_strings(s in any::<String>()) {
        if let Err(e) = design::parse(&s) {
            prop_assert!(e.position >= 1 && e.position <= s.chars().count() + 1);
        }
    }

    /// Strings over the design alphabet (more likely to get deep into the parser).
    #[test]
    fn never_panics_on_design_like_strings(s in "[0-9A-Za-z()+#>!@|/;: \\-]{0,40}") {
        match design::parse(&s) {
            Ok(d) => {
                let again = design::parse(&d.to_string());
                prop_assert_eq!(again.as_ref(), Ok(&d));
                let sched = d.expand(1);
                prop_assert_eq!(sched.groups.iter().map(|g| g.trials.len() as u64).sum::<u64>(), d.trial_count());
            }
            Err(e) => prop_assert!(e.position >= 1 && e.position <= s.chars().count() + 1),
        }
    }

    /// Mutations of valid designs (one character deleted or inserted) never panic.
    #[test]
    fn never_panics_on_mutated_designs(d in design_ast(), at in any::<usize>(), c in any::<char>(), del in any::<bool>()) {
        let mut chars: Vec<char> = d.to_string().chars().collect();
        let i = at % (chars.len() + 1);
        if del && i < chars.len() { chars.remove(i); } else { chars.insert(i, c); }
        let s: String = chars.into_iter().collect();
        let _ = design::parse(&s);
    }

    /// Expansion: trial counts, time stamps 1 unit apart plus the `@N` delays, reproducible.
    #[test]
    fn expansion_counts_and_times(d in design_ast(), seed in any::<u64>()) {
        let s = d.expand(seed);
        prop_assert_eq!(&s, &d.expand(seed));
        for (g, sched) in d.groups.iter().zip(&s.groups) {
            prop_assert_eq!(sched.trials.len() as u64, g.trial_count());
            let delays: u64 = g.phases.iter().skip(1).map(|p| p.delay).sum::<u64>() + g.phases[0].delay;
            let last = sched.trials.last().unwrap().time;
            prop_assert_eq!(last, (g.trial_count() - 1 + delays) as f64);
            for w in sched.trials.windows(2) {
                prop_assert!(w[1].time >= w[0].time + 1.0);
            }
        }
    }
}

#[test]
fn absurd_sizes_are_errors() {
    assert!(design::parse("1000000000000A+").is_err());
    assert!(design::parse("99999999999999999999999999A+").is_err());
    assert!(design::parse("1000000A+ | 1A+").is_err());
    assert!(design::parse("1000000A+").is_ok());
    assert!(design::parse("1A+ | @99999999999 1A+").is_err());
    let long = "1A+|".repeat(30_000);
    assert!(design::parse(&long).is_err());
}
