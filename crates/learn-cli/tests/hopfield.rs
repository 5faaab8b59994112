//! `learn hopfield`: good input, JSON schemas, bad input exits 2 with one line on stderr.

use std::process::{Command, Output};

fn learn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_learn"))
        .args(args)
        .output()
        .expect("run learn")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = learn(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn recall_completes_a_cue() {
    let out = learn(&["hopfield", "recall", "--neurons", "500", "--patterns", "25"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("final overlap    +1.0000"), "{text}");
    let v = json(&[
        "hopfield",
        "recall",
        "--neurons",
        "500",
        "--patterns",
        "25",
        "--flip",
        "0.2",
        "--json",
    ]);
    for key in [
        "neurons",
        "patterns",
        "rule",
        "dynamics",
        "flip",
        "mask",
        "seed",
        "cue_overlap",
        "final_overlap",
        "max_other_overlap",
        "ending",
        "sweeps",
        "energy_start",
        "energy_end",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["rule"], "hebb");
    assert_eq!(v["ending"], "fixed_point");
    assert_eq!(v["cue_overlap"], 0.6);
    assert_eq!(v["final_overlap"], 1.0);
    assert!(v["energy_end"].as_f64().unwrap() <= v["energy_start"].as_f64().unwrap());
    // Same seed, same result.
    let again = json(&[
        "hopfield",
        "recall",
        "--neurons",
        "500",
        "--patterns",
        "25",
        "--flip",
        "0.2",
        "--json",
    ]);
    assert_eq!(v, again);
    let g = json(&[
        "hopfield",
        "recall",
        "--neurons",
        "300",
        "--patterns",
        "3",
        "--dynamics",
        "glauber",
        "--temperature",
        "0.5",
        "--sweeps",
        "20",
        "--json",
    ]);
    assert_eq!(g["dynamics"]["kind"], "glauber");
    assert_eq!(g["dynamics"]["temperature"], 0.5);
    assert_eq!(g["ending"], "max_sweeps");
    assert_eq!(g["sweeps"], 20);
    for rule in ["storkey", "pseudo-inverse", "perceptron"] {
        let v = json(&[
            "hopfield",
            "recall",
            "--neurons",
            "100",
            "--patterns",
            "10",
            "--rule",
            rule,
            "--flip",
            "0.05",
            "--dynamics",
            "sync",
            "--json",
        ]);
        assert_eq!(v["rule"], rule);
    }
}

#[test]
fn capacity_schema() {
    let v = json(&[
        "hopfield",
        "capacity",
        "--neurons",
        "400",
        "--loads",
        "0.05,0.3",
        "--trials",
        "3",
        "--json",
    ]);
    assert_eq!(v["neurons"], 400);
    assert_eq!(v["rule"], "hebb");
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    for p in points {
        for key in [
            "load",
            "patterns",
            "mean_overlap",
            "sem",
            "retrieved_fraction",
        ] {
            assert!(p.get(key).is_some(), "missing {key}");
        }
    }
    assert_eq!(points[0]["patterns"], 20);
    assert_eq!(points[0]["retrieved_fraction"], 1.0);
    assert!(
        points[1]["mean_overlap"].as_f64().unwrap() < points[0]["mean_overlap"].as_f64().unwrap()
    );
}

#[test]
fn morph_schema() {
    let v = json(&[
        "hopfield",
        "morph",
        "--order",
        "random",
        "--neurons",
        "200",
        "--steps",
        "10",
        "--json",
    ]);
    assert_eq!(v["order"], "random");
    assert_eq!(v["morphs"].as_array().unwrap().len(), 11);
    for key in [
        "end_attractor_overlap",
        "switches",
        "neurons",
        "steps",
        "sessions",
        "eta",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let m = &v["morphs"][0];
    for key in [
        "fraction",
        "source_attractor_overlap",
        "target_attractor_overlap",
        "a_overlap",
        "b_overlap",
    ] {
        assert!(m.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let cases: &[&[&str]] = &[
        &["hopfield", "recall", "--neurons", "0", "--patterns", "5"],
        &[
            "hopfield",
            "recall",
            "--neurons",
            "10",
            "--patterns",
            "10",
            "--rule",
            "pseudo-inverse",
        ],
        &[
            "hopfield",
            "recall",
            "--neurons",
            "10",
            "--patterns",
            "21",
            "--rule",
            "perceptron",
        ],
        &[
            "hopfield",
            "recall",
            "--neurons",
            "100",
            "--patterns",
            "5",
            "--flip",
            "1.5",
        ],
        &[
            "hopfield",
            "recall",
            "--neurons",
            "100",
            "--patterns",
            "5",
            "--flip",
            "-0.1",
        ],
        &[
            "hopfield",
            "recall",
            "--neurons",
            "100",
            "--patterns",
            "5",
            "--dynamics",
            "glauber",
            "--temperature=-1",
        ],
        // Written with a space, the negative value still reaches validation.
        &[
            "hopfield",
            "recall",
            "--neurons",
            "100",
            "--patterns",
            "5",
            "--dynamics",
            "glauber",
            "--temperature",
            "-1",
        ],
        &[
            "hopfield",
            "recall",
            "--neurons",
            "100",
            "--patterns",
            "5",
            "--rule",
            "foo",
        ],
        &["hopfield", "recall", "--neurons", "100", "--patterns", "0"],
        &[
            "hopfield",
            "capacity",
            "--neurons",
            "100",
            "--loads",
            "0.1,-1",
        ],
        &[
            "hopfield",
            "capacity",
            "--neurons",
            "100",
            "--loads",
            "0.5",
            "--rule",
            "storkey",
            "--trials",
            "0",
        ],
        &["hopfield", "morph", "--order", "sideways"],
        &["hopfield", "morph", "--neurons", "5"],
    ];
    for args in cases {
        let out = learn(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error"), "{args:?}: {err}");
    }
    let out = learn(&[
        "hopfield",
        "recall",
        "--neurons",
        "100",
        "--patterns",
        "5",
        "--dynamics",
        "glauber",
        "--temperature",
        "-1",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid parameter `temperature`"), "{err}");
}
