//! `learn recall` and `learn recall network`: good input, the JSON schema, bad input.

use std::process::Command;

fn learn(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_learn"))
        .args(args)
        .output()
        .expect("run learn")
}

#[test]
fn summary_runs() {
    let out = learn(&["recall", "--items", "256", "--trials", "50"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("mean recalled R"), "{text}");
    assert!(text.contains("√(3πM/2)"), "{text}");
}

#[test]
fn json_schema() {
    let out = learn(&[
        "recall", "--items", "1024", "--trials", "200", "--seed", "3", "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(v["items"], 1024);
    assert_eq!(v["trials"], 200);
    assert_eq!(v["matrix"], "symmetric");
    let recalled = v["recalled"].as_array().expect("recalled");
    assert_eq!(recalled.len(), 200);
    let mean: f64 = recalled.iter().map(|r| r.as_f64().unwrap()).sum::<f64>() / 200.0;
    assert!((v["mean_recalled"].as_f64().unwrap() - mean).abs() < 1e-9);
    let law = v["law"].as_f64().unwrap();
    assert!((law - (3.0 * std::f64::consts::PI * 1024.0 / 2.0).sqrt()).abs() < 1e-9);
    assert!((v["ratio"].as_f64().unwrap() - mean / law).abs() < 1e-9);
    assert!(v["sem"].as_f64().unwrap() > 0.0);
    // Same seed, same numbers.
    let again = learn(&[
        "recall", "--items", "1024", "--trials", "200", "--seed", "3", "--json",
    ]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn sparse_and_asymmetric() {
    let out = learn(&[
        "recall",
        "--items",
        "200",
        "--trials",
        "20",
        "--matrix",
        "sparse",
        "--coding-level",
        "0.05",
        "--neurons",
        "2000",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matrix"], "sparse");
    assert_eq!(v["neurons"], 2000);
    let out = learn(&[
        "recall",
        "--items",
        "200",
        "--trials",
        "20",
        "--matrix",
        "asymmetric",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let law = v["law"].as_f64().unwrap();
    assert!((law - (std::f64::consts::PI * 200.0 / 2.0).sqrt()).abs() < 1e-9);
}

#[test]
fn network_runs() {
    let out = learn(&[
        "recall",
        "network",
        "--list-length",
        "8",
        "--lists",
        "2",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["list_length"], 8);
    assert_eq!(v["recalled"].as_array().unwrap().len(), 2);
    assert!(v["mean_recalled"].as_f64().unwrap() <= 8.0);
    assert_eq!(v["neurons"], 3000);
    assert_eq!(v["coding_level"], 0.1);
    let out = learn(&["recall", "network", "--list-length", "8", "--lists", "2"]);
    assert!(out.status.success());
}

#[test]
fn latching_runs() {
    // A short recall (2 time units = 200 sweeps) keeps the test fast.
    let out = learn(&[
        "recall",
        "latching",
        "--list-length",
        "8",
        "--lists",
        "2",
        "--recall-time",
        "2",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["list_length"], 8);
    assert_eq!(v["patterns"], 600);
    assert_eq!(v["neurons"], 5000);
    assert_eq!(v["recalled"].as_array().unwrap().len(), 2);
    assert!(v["mean_recalled"].as_f64().unwrap() <= 8.0);
    let seq = v["first_sequence"].as_array().unwrap();
    assert_eq!(seq.len(), v["first_times"].as_array().unwrap().len());
    // Within two time units the silent network has latched into at least one pattern.
    assert!(!seq.is_empty(), "{v}");
}

fn assert_usage_error(args: &[&str]) {
    let out = learn(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}");
}

#[test]
fn bad_input_is_one_line_exit_2() {
    assert_usage_error(&["recall", "--items", "0"]);
    assert_usage_error(&["recall", "--items", "1"]);
    assert_usage_error(&["recall", "--items", "5000000000"]);
    assert_usage_error(&["recall", "--items", "-3"]);
    assert_usage_error(&["recall", "--items", "100", "--trials", "0"]);
    assert_usage_error(&[
        "recall",
        "--items",
        "100",
        "--matrix",
        "sparse",
        "--coding-level",
        "0",
    ]);
    assert_usage_error(&[
        "recall",
        "--items",
        "100",
        "--matrix",
        "sparse",
        "--coding-level",
        "1.5",
    ]);
    assert_usage_error(&[
        "recall",
        "--items",
        "100",
        "--matrix",
        "sparse",
        "--coding-level",
        "NaN",
    ]);
    assert_usage_error(&[
        "recall",
        "--items",
        "100",
        "--matrix",
        "sparse",
        "--neurons",
        "0",
    ]);
    assert_usage_error(&["recall", "--items", "100", "--matrix", "diagonal"]);
    assert_usage_error(&["recall"]);
    assert_usage_error(&["recall", "network", "--list-length", "0"]);
    assert_usage_error(&["recall", "network", "--list-length", "8", "--lists", "0"]);
    assert_usage_error(&[
        "recall",
        "network",
        "--list-length",
        "8",
        "--coding-level",
        "2",
    ]);
    assert_usage_error(&["recall", "network", "--list-length", "8", "--noise", "-1"]);
    assert_usage_error(&["recall", "latching", "--list-length", "0"]);
    assert_usage_error(&["recall", "latching", "--list-length", "601"]);
    assert_usage_error(&["recall", "latching", "--list-length", "8", "--lists", "0"]);
    assert_usage_error(&[
        "recall",
        "latching",
        "--list-length",
        "8",
        "--noise",
        "-0.1",
    ]);
    assert_usage_error(&[
        "recall",
        "latching",
        "--list-length",
        "8",
        "--coding-level",
        "1.5",
    ]);
    assert_usage_error(&[
        "recall",
        "latching",
        "--list-length",
        "8",
        "--recall-time",
        "0",
    ]);
    assert_usage_error(&[
        "recall",
        "latching",
        "--list-length",
        "8",
        "--recall-time",
        "inf",
    ]);
}
