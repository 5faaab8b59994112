//! `learn conditioning` end to end: the table, the JSON schema, and one-line errors (exit 2).

use std::process::{Command, Output};

fn learn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_learn"))
        .arg("conditioning")
        .args(args)
        .output()
        .expect("run learn")
}

#[test]
fn table_shows_phase_ends_and_probes() {
    let out = learn(&[
        "--design",
        "Blocking: 10A+ | 10AB+ | 1#B ; Control: 10C+ | 10AB+ | 1#B",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("group Blocking"), "{text}");
    assert!(text.contains("group Control"), "{text}");
    // V_B in the blocking group, closed form 0.0856 (see the blocking claim).
    assert!(text.contains("prediction 0.0856"), "{text}");
    assert!(text.contains("prediction 0.4894"), "{text}");
}

#[test]
fn json_follows_the_documented_schema() {
    let out = learn(&[
        "--design",
        "5A+ | 2AB- | 1#B",
        "--alpha",
        "A=0.5,B=0.2",
        "--json",
    ]);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["model"], "rw");
    assert_eq!(doc["design"], "5A+ | 2AB- | 1#B");
    let g = &doc["groups"][0];
    assert_eq!(g["name"], "G1");
    let trials = g["trials"].as_array().unwrap();
    assert_eq!(trials.len(), 8);
    let t0 = &trials[0];
    for key in [
        "index",
        "phase",
        "time",
        "cues",
        "reinforced",
        "probe",
        "prediction",
        "strengths",
    ] {
        assert!(t0.get(key).is_some(), "missing {key}");
    }
    assert_eq!(t0["cues"], serde_json::json!(["A"]));
    assert_eq!(t0["reinforced"], true);
    assert!(t0.get("delta").is_none());
    // First trial: V_A = α_A β⁺ λ = 0.5 · 0.4.
    assert!((t0["strengths"]["A"].as_f64().unwrap() - 0.2).abs() < 1e-12);
    assert_eq!(trials[7]["probe"], true);
    assert!(
        g["final"]["B"].as_f64().unwrap() < 0.0,
        "AB− after A+ makes B inhibitory"
    );
}

#[test]
fn td_json_has_per_step_delta() {
    let out = learn(&[
        "--model",
        "vector-td",
        "--design",
        "3A+",
        "--steps",
        "12",
        "--cs-onset",
        "2",
        "--cs-duration",
        "5",
        "--us-delay",
        "4",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["model"], "vector-td");
    let t0 = &doc["groups"][0]["trials"][0];
    let delta = t0["delta"].as_array().unwrap();
    assert_eq!(delta.len(), 13, "steps + 1 entries");
    assert_eq!(
        delta[6].as_f64(),
        Some(1.0),
        "US at step 2 + 4 on the first trial"
    );
    assert_eq!(t0["extra"]["vector_delta"].as_array().unwrap().len(), 13);
}

#[test]
fn bad_inputs_exit_2_with_one_line() {
    let cases: &[&[&str]] = &[
        &["--design", "10A+", "--alpha", "Z=0.3"],
        &["--design", "10A+", "--alpha", "0"],
        &["--design", "10A+", "--alpha", "A=1.5"],
        &["--design", "10A+", "--beta-plus", "NaN"],
        &["--design", "10A+", "--beta-minus", "1.01"],
        &["--design", "0A+"],
        &["--design", "1000000000000A+"],
        &["--design", "10A+ | "],
        &["--design", "10A+ | | 1A-"],
        &["--design", "10A+ | @5"],
        &["--design", "10A+ | 1#+"],
        &["--design", "10(tone+"],
        &["--design", "10A+)"],
        &["--design", ""],
        &["--model", "td", "--design", "10A+", "--gamma", "1.5"],
        &["--model", "td", "--design", "10A+", "--beta-plus", "0.3"],
        &["--model", "td", "--design", "10A>B>C>+"],
        &["--model", "td", "--design", "10A+", "--steps", "0"],
        &["--model", "rw", "--design", "10A+", "--trace", "0.5"],
        &["--model", "nope", "--design", "10A+"],
        &["--model", "td", "--design", "1000000A+", "--steps", "100"],
    ];
    for args in cases {
        let out = learn(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn trials_without_cues_and_delay_phases() {
    let out = learn(&["--design", "5A+ | @10 2+ | @3 | 1- | 1#A", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["design"], "5A+ | @10 | 2+ | @3 | 1- | 1#A");
    let trials = doc["groups"][0]["trials"].as_array().unwrap();
    assert_eq!(trials.len(), 9);
    let us = &trials[5];
    assert_eq!(us["cues"], serde_json::json!([]));
    assert_eq!(us["reinforced"], true);
    assert_eq!(us["prediction"], 0.0);
    assert_eq!(us["time"], 15.0);
    // Nothing learned on the cue-less trials: the probe sees V_A after 5 A+.
    let v5 = trials[4]["strengths"]["A"].as_f64().unwrap();
    assert_eq!(trials[8]["prediction"].as_f64().unwrap(), v5);
    for model in ["td", "vector-td"] {
        let out = learn(&["--model", model, "--design", "5A+ | 1+ | 1-", "--json"]);
        assert!(out.status.success(), "{model}");
    }
}

#[test]
fn design_errors_name_position_and_token() {
    let out = learn(&["--design", "10A+ | 10a+"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("position 10") && err.contains("`a`"), "{err}");
}
