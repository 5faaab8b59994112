//! The embedded digits (checksum, decoding, split) and the MNIST IDX loader on files written here.

use std::io::Write;
use std::path::{Path, PathBuf};

use learn_continual::Error;
use learn_continual::data::{self, DIGITS_COUNT, DIGITS_CSV_GZ, DIGITS_SHA256, mnist};
use sha2::{Digest, Sha256};

#[test]
fn embedded_digits_checksum_matches_the_published_one() {
    assert_eq!(DIGITS_CSV_GZ.len(), 57_523);
    let hex: String = Sha256::digest(DIGITS_CSV_GZ)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hex, DIGITS_SHA256);
}

#[test]
fn embedded_digits_decode() {
    let d = data::digits().unwrap();
    assert_eq!(d.len(), DIGITS_COUNT);
    assert_eq!(d.dim, 64);
    assert!(d.inputs.iter().all(|&x| (0.0..=1.0).contains(&x)));
    // First line of the file: 0,0,5,13,9,1,0,0,… label 0.
    assert_eq!(d.labels[0], 0);
    assert_eq!(d.input(0)[2], 5.0f32 / 16.0);
    assert_eq!(d.input(0)[3], 13.0f32 / 16.0);
    let mut counts = [0usize; 10];
    for &l in &d.labels {
        counts[usize::from(l)] += 1;
    }
    // Every digit is present with 174..=183 examples (the UCI test set's class sizes).
    assert!(
        counts.iter().all(|&c| (174..=183).contains(&c)),
        "{counts:?}"
    );
}

#[test]
fn stratified_split_is_seeded_disjoint_and_balanced() {
    let d = data::digits().unwrap();
    let (tr, te) = d.stratified_split(0.2, 5).unwrap();
    let (tr2, te2) = d.stratified_split(0.2, 5).unwrap();
    let (tr3, _) = d.stratified_split(0.2, 6).unwrap();
    assert_eq!(tr, tr2);
    assert_eq!(te, te2);
    assert_ne!(tr, tr3);
    assert_eq!(tr.len() + te.len(), d.len());
    for class in 0..10u8 {
        let n = d.labels.iter().filter(|&&l| l == class).count();
        let nt = te.labels.iter().filter(|&&l| l == class).count();
        assert_eq!(nt, (n as f64 * 0.2).round() as usize);
    }
    assert!(d.stratified_split(1.0, 0).is_err());
}

#[test]
fn malformed_csv_names_the_line() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"1,2,3\n").unwrap();
    let bytes = gz.finish().unwrap();
    let err = data::decode_digits_csv_gz(&bytes, Path::new("x.csv.gz")).unwrap_err();
    assert!(
        err.to_string().contains("x.csv.gz") && err.to_string().contains("line 1"),
        "{err}"
    );
}

fn idx_images(n: u32, rows: u32, cols: u32, magic: u32, body: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for w in [magic, n, rows, cols] {
        v.extend_from_slice(&w.to_be_bytes());
    }
    v.extend_from_slice(body);
    v
}

fn idx_labels(labels: &[u8], magic: u32) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&magic.to_be_bytes());
    v.extend_from_slice(&(labels.len() as u32).to_be_bytes());
    v.extend_from_slice(labels);
    v
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("learn-continual-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes a small MNIST-like directory: 3 training and 2 test images of 2×3 pixels.
fn write_mnist(dir: &Path, gzip: bool) {
    let files: [(&str, Vec<u8>); 4] = [
        (
            "train-images-idx3-ubyte",
            idx_images(
                3,
                2,
                3,
                mnist::IMAGES_MAGIC,
                &(0..18).map(|k| (k * 15) as u8).collect::<Vec<_>>(),
            ),
        ),
        (
            "train-labels-idx1-ubyte",
            idx_labels(&[7, 0, 9], mnist::LABELS_MAGIC),
        ),
        (
            "t10k-images-idx3-ubyte",
            idx_images(2, 2, 3, mnist::IMAGES_MAGIC, &[255; 12]),
        ),
        (
            "t10k-labels-idx1-ubyte",
            idx_labels(&[1, 2], mnist::LABELS_MAGIC),
        ),
    ];
    for (name, bytes) in files {
        if gzip {
            std::fs::write(dir.join(format!("{name}.gz")), gz(&bytes)).unwrap();
        } else {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
}

#[test]
fn idx_plain_and_gzipped_load_identically() {
    let a = tempdir("plain");
    let b = tempdir("gz");
    write_mnist(&a, false);
    write_mnist(&b, true);
    let ma = mnist::load_dir(&a).unwrap();
    let mb = mnist::load_dir(&b).unwrap();
    assert_eq!(ma, mb);
    assert_eq!(ma.train.len(), 3);
    assert_eq!(ma.train.dim, 6);
    assert_eq!(ma.train.labels, vec![7, 0, 9]);
    assert_eq!(ma.train.input(1)[0], (90.0f64 / 255.0) as f32);
    assert_eq!(ma.test.inputs, vec![1.0; 12]);
}

fn expect_err(dir: &Path, needle: &str) {
    let err: Error = mnist::load_dir(dir).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(needle), "`{msg}` should mention `{needle}`");
    assert_eq!(msg.lines().count(), 1);
}

#[test]
fn idx_errors_name_the_file() {
    let dir = tempdir("missing");
    expect_err(&dir, "train-images-idx3-ubyte");
    expect_err(&dir.join("nope"), "nope");

    let dir = tempdir("magic");
    write_mnist(&dir, false);
    std::fs::write(
        dir.join("train-images-idx3-ubyte"),
        idx_images(3, 2, 3, 0x0801, &[0; 18]),
    )
    .unwrap();
    expect_err(&dir, "wrong magic number 0x00000801");

    let dir = tempdir("count");
    write_mnist(&dir, false);
    std::fs::write(
        dir.join("train-labels-idx1-ubyte"),
        idx_labels(&[1, 2], mnist::LABELS_MAGIC),
    )
    .unwrap();
    expect_err(&dir, "2 labels but");

    let dir = tempdir("truncated");
    write_mnist(&dir, false);
    std::fs::write(
        dir.join("t10k-images-idx3-ubyte"),
        idx_images(2, 2, 3, mnist::IMAGES_MAGIC, &[0; 7]),
    )
    .unwrap();
    expect_err(&dir, "t10k-images-idx3-ubyte");

    let dir = tempdir("short");
    write_mnist(&dir, false);
    std::fs::write(dir.join("t10k-labels-idx1-ubyte"), [0u8, 0]).unwrap();
    expect_err(&dir, "header");

    let dir = tempdir("badgz");
    write_mnist(&dir, false);
    std::fs::remove_file(dir.join("train-labels-idx1-ubyte")).unwrap();
    std::fs::write(
        dir.join("train-labels-idx1-ubyte.gz"),
        [0x1f, 0x8b, 1, 2, 3],
    )
    .unwrap();
    expect_err(&dir, "gzip");

    let dir = tempdir("label");
    write_mnist(&dir, false);
    std::fs::write(
        dir.join("train-labels-idx1-ubyte"),
        idx_labels(&[1, 12, 3], mnist::LABELS_MAGIC),
    )
    .unwrap();
    expect_err(&dir, "label 12");
}
