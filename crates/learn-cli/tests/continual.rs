//! `learn continual` end to end: a good run, the `--json` schema, MNIST IDX input, and bad
//! inputs that must exit 2 with one line on stderr.

use std::process::{Command, Output};

fn learn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_learn"))
        .arg("continual")
        .args(args)
        .env("CI", "1")
        .output()
        .expect("run learn")
}

#[test]
fn human_summary() {
    let out = learn(&[
        "--method",
        "si",
        "--scenario",
        "task",
        "--seeds",
        "1",
        "--epochs",
        "2",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("ACC") && text.contains("BWT") && text.contains("8/9"),
        "{text}"
    );
}

#[test]
fn sgd_without_reset() {
    let out = learn(&[
        "--method",
        "mas",
        "--strength",
        "1",
        "--scenario",
        "pairs",
        "--optimizer",
        "sgd",
        "--lr",
        "0.05",
        "--no-reset",
        "--seeds",
        "1",
        "--epochs",
        "1",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["settings"]["optimizer"], "sgd");
    assert_eq!(v["settings"]["reset_optimizer"], false);
    assert_eq!(v["tasks"].as_array().unwrap().len(), 8);
}

#[test]
fn json_schema() {
    let out = learn(&[
        "--method",
        "ewc",
        "--scenario",
        "domain",
        "--seeds",
        "2",
        "--epochs",
        "1",
        "--hidden",
        "16",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["method"], "ewc");
    assert_eq!(v["scenario"], "domain");
    assert_eq!(v["tasks"].as_array().unwrap().len(), 5);
    let r = v["accuracy_matrix"].as_array().unwrap();
    assert_eq!(r.len(), 5);
    assert!(r.iter().all(|row| row.as_array().unwrap().len() == 5));
    for key in ["acc", "bwt", "fwt"] {
        let x = v[key].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&x), "{key} = {x}");
    }
    assert_eq!(v["runs"].as_array().unwrap().len(), 2);
    assert_eq!(v["settings"]["hidden"][0], 16);
    assert_eq!(v["settings"]["optimizer"], "adam");
    assert_eq!(v["settings"]["reset_optimizer"], true);
    // ACC is the mean of the last row.
    let last: Vec<f64> = r[4]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    let acc = last.iter().sum::<f64>() / 5.0;
    assert!((acc - v["acc"].as_f64().unwrap()).abs() < 1e-9);
}

fn write_idx(dir: &std::path::Path, stem: &str, magic: u32, dims: &[u32], body: &[u8]) {
    let mut v = magic.to_be_bytes().to_vec();
    for d in dims {
        v.extend_from_slice(&d.to_be_bytes());
    }
    v.extend_from_slice(body);
    std::fs::write(dir.join(stem), v).unwrap();
}

fn mnist_dir(name: &str, train_labels: &[u8]) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("learn-cli-continual-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // 20 tiny 2×2 "images", two of each digit, in train and test.
    let labels: Vec<u8> = (0..20).map(|k| (k % 10) as u8).collect();
    let pixels: Vec<u8> = (0..80).map(|k| (k * 37 % 256) as u8).collect();
    write_idx(&dir, "train-images-idx3-ubyte", 0x803, &[20, 2, 2], &pixels);
    write_idx(
        &dir,
        "train-labels-idx1-ubyte",
        0x801,
        &[train_labels.len() as u32],
        train_labels,
    );
    write_idx(&dir, "t10k-images-idx3-ubyte", 0x803, &[20, 2, 2], &pixels);
    write_idx(&dir, "t10k-labels-idx1-ubyte", 0x801, &[20], &labels);
    dir
}

#[test]
fn mnist_directory() {
    let labels: Vec<u8> = (0..20).map(|k| (k % 10) as u8).collect();
    let dir = mnist_dir("good", &labels);
    let out = learn(&[
        "--method",
        "si",
        "--scenario",
        "permuted",
        "--tasks",
        "2",
        "--seeds",
        "1",
        "--epochs",
        "1",
        "--mnist",
        dir.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tasks"].as_array().unwrap().len(), 2);

    let bad = mnist_dir("count", &labels[..19]);
    let out = learn(&[
        "--mnist",
        bad.to_str().unwrap(),
        "--seeds",
        "1",
        "--epochs",
        "1",
    ]);
    assert_usage_error(&out, "train-labels-idx1-ubyte");
}

fn assert_usage_error(out: &Output, needle: &str) {
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(needle), "`{err}` should mention `{needle}`");
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_inputs_exit_2_with_one_line() {
    let cases: [(&[&str], &str); 9] = [
        (&["--strength", "-1"], "strength"),
        (&["--xi", "0"], "xi"),
        (&["--xi", "-0.5"], "xi"),
        (&["--hidden", ""], "hidden"),
        (&["--hidden", "10,,3"], "hidden"),
        (&["--method", "nope"], "--method"),
        (&["--mnist", "/definitely/not/here"], "/definitely/not/here"),
        (&["--epochs", "0"], "epochs"),
        (&["--lr", "-0.1"], "lr"),
    ];
    for (args, needle) in cases {
        assert_usage_error(&learn(args), needle);
    }
}
