//! `learn latent` end to end: the table, the JSON schema, and bad input (exit 2, one line).

use std::process::Command;

fn learn(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_learn"))
        .args(args)
        .output()
        .expect("the learn binary runs")
}

const MONFILS: &str = "3A+ | @20 | 1A- | @3 | 18A- | @200 | 1A-";

#[test]
fn table_by_default() {
    let out = learn(&["latent", "--design", MONFILS]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("group G1"));
    // 23 trials, one line each.
    assert_eq!(
        text.lines()
            .filter(|l| l.trim_start().starts_with(char::is_numeric))
            .count(),
        23
    );
}

#[test]
fn json_follows_the_documented_schema() {
    let design = "Short: 3A+ | @20 | 1A- | @3 | 18A- | @200 | 1A- ; \
                  Long: 3A+ | @20 | 1A- | @100 | 18A- | @200 | 1A-";
    let out = learn(&["latent", "--design", design, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["model"], "latent");
    assert!(doc["design"].is_string());
    assert_eq!(doc["params"]["alpha"], 0.1);
    assert_eq!(doc["params"]["k"], 15);
    assert_eq!(doc["cues"], serde_json::json!(["A"]));
    let groups = doc["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    for g in groups {
        assert!(g["name"].is_string() && g["causes"].is_u64());
        let trials = g["trials"].as_array().unwrap();
        assert_eq!(trials.len(), 23);
        for t in trials {
            for key in [
                "index",
                "phase",
                "time",
                "cues",
                "reinforced",
                "probe",
                "response",
                "prediction",
                "cue_posterior",
                "posterior",
                "cause",
                "iterations",
            ] {
                assert!(t.get(key).is_some(), "missing {key}");
            }
            let post: f64 = t["posterior"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| q.as_f64().unwrap())
                .sum();
            assert!((post - 1.0).abs() < 1e-9);
        }
    }
    let test = |g: usize| groups[g]["trials"][22]["response"].as_f64().unwrap();
    assert!(test(0) < 0.2, "short gap: memory modified");
    assert!(test(1) > 0.5, "long gap: recovery");
    assert_eq!(groups[0]["trials"][3]["time"], 23.0);
}

#[test]
fn a_us_alone_and_delays_in_the_canonical_form() {
    let out = learn(&[
        "latent",
        "--design",
        "3A+ | @20 19A- | @10 | @10 | 1+ | @20 1A-",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["design"], "3A+ | @20 | 19A- | @20 | 1+ | @20 | 1A-");
    let trials = doc["groups"][0]["trials"].as_array().unwrap();
    assert_eq!(trials.len(), 24);
    let us = &trials[22];
    assert_eq!(us["cues"], serde_json::json!([]));
    assert_eq!(us["reinforced"], true);
    assert_eq!(us["time"], 62.0);
    assert_eq!(us["phase"], 2);
    let out = learn(&[
        "latent",
        "--design",
        "3A+ | @20 | 19A- | @20 | 1+ | @20 | 1A-",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("(none)"));
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let cases: &[&[&str]] = &[
        &["latent", "--design", MONFILS, "--alpha", "-1"],
        &["latent", "--design", MONFILS, "--alpha", "NaN"],
        &["latent", "--design", MONFILS, "--eta", "nan"],
        &["latent", "--design", MONFILS, "--sr", "0"],
        &["latent", "--design", MONFILS, "--lambda", "-0.01"],
        &["latent", "--design", MONFILS, "--k", "0"],
        &["latent", "--design", MONFILS, "--max-iter", "0"],
        &["latent", "--design", "3A+ | @20 | 1a-"],
        &["latent", "--design", "3A+ | (tone"],
        &["latent", "--design", "3A+ | @20"],
        &["latent", "--design", "3A+ | @20 | 1#+"],
        &["latent", "--design", ""],
        &["latent", "--design", "1000000A+"],
        &["latent", "--design", "1000000000000A+"],
        &["latent"],
    ];
    for args in cases {
        let out = learn(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn latent_claims_are_registered() {
    let out = learn(&["reproduce", "--list"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("latent/retrieval-extinction"));
}

#[test]
fn conditioning_model_latent_runs_the_same_design() {
    let out = learn(&[
        "conditioning",
        "--model",
        "latent",
        "--design",
        MONFILS,
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["model"], "latent");
    let trials = doc["groups"][0]["trials"].as_array().unwrap();
    assert_eq!(trials.len(), 23);
    // Same predictions as `learn latent`.
    let direct = learn(&["latent", "--design", MONFILS, "--json"]);
    let direct: serde_json::Value = serde_json::from_slice(&direct.stdout).unwrap();
    for (a, b) in trials
        .iter()
        .zip(direct["groups"][0]["trials"].as_array().unwrap())
    {
        let (pa, pb) = (
            a["prediction"].as_f64().unwrap(),
            b["prediction"].as_f64().unwrap(),
        );
        assert!((pa - pb).abs() < 1e-12);
        assert!(a["extra"]["response"].is_f64());
    }
    let table = learn(&["conditioning", "--model", "latent", "--design", MONFILS]);
    assert!(table.status.success());
    let long = learn(&["conditioning", "--model", "latent", "--design", "30000A+"]);
    assert_eq!(long.status.code(), Some(2));
    let bad = learn(&[
        "conditioning",
        "--model",
        "latent",
        "--design",
        MONFILS,
        "--gamma",
        "0.9",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(bad.stderr)
            .unwrap()
            .trim_end()
            .lines()
            .count(),
        1
    );
}
