//! Labelled image data: the embedded 8×8 digits, MNIST IDX files, and seeded stratified splits.
//!
//! The embedded data set is the UCI "Optical Recognition of Handwritten Digits" test set
//! (Alpaydin & Kaynak 1998; CC BY 4.0 — see `data/README.md`): 1,797 digits of 8×8 pixels with
//! values 0..16, decoded here with a real gzip reader (`flate2`) and CSV reader (`csv`) and
//! scaled to [0, 1]. [`mnist`] reads the 28×28 MNIST IDX files (gzipped or not) from a
//! directory the user names.

use std::path::Path;

use rand::seq::SliceRandom;

use crate::error::{Error, Result};

/// The vendored `digits.csv.gz`, byte for byte (57,523 bytes).
pub const DIGITS_CSV_GZ: &[u8] = include_bytes!("../data/digits.csv.gz");

/// The sha256 of [`DIGITS_CSV_GZ`], as published with the data (checked by a test).
pub const DIGITS_SHA256: &str = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22";

/// Number of digits in the embedded data set.
pub const DIGITS_COUNT: usize = 1797;

/// Number of classes (digits 0..9).
pub const CLASSES: usize = 10;

/// Labelled inputs: `len()` rows of `dim` features in [0, 1], stored row-major, and a label
/// 0..9 per row.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Features per example (64 for the 8×8 digits, 784 for MNIST).
    pub dim: usize,
    /// `len() × dim` features, row-major: example `i` is `inputs[i*dim..(i+1)*dim]`.
    /// Stored as `f32` (pixel values k/16 and k/255 need no more) to halve the memory of
    /// large data sets and of the permuted copies; the network computes in `f64`.
    pub inputs: Vec<f32>,
    /// One label 0..9 per example.
    pub labels: Vec<u8>,
}

impl Dataset {
    /// A data set from row-major inputs and labels, checking sizes and label range.
    pub fn new(dim: usize, inputs: Vec<f32>, labels: Vec<u8>) -> Result<Self> {
        learn_core::validate::count("dim", dim, 1, 1 << 20)?;
        learn_core::validate::same_len("inputs (labels × dim)", labels.len() * dim, inputs.len())?;
        if let Some(bad) = labels.iter().find(|&&l| usize::from(l) >= CLASSES) {
            return Err(Error::param(
                "labels",
                format!("must lie in 0..=9, got {bad}"),
            ));
        }
        Ok(Dataset {
            dim,
            inputs,
            labels,
        })
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no examples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Features of example `i`.
    pub fn input(&self, i: usize) -> &[f32] {
        &self.inputs[i * self.dim..(i + 1) * self.dim]
    }

    /// The examples at `indices`, in that order.
    pub fn subset(&self, indices: &[usize]) -> Dataset {
        let mut inputs = Vec::with_capacity(indices.len() * self.dim);
        let mut labels = Vec::with_capacity(indices.len());
        for &i in indices {
            inputs.extend_from_slice(self.input(i));
            labels.push(self.labels[i]);
        }
        Dataset {
            dim: self.dim,
            inputs,
            labels,
        }
    }

    /// The examples whose label is in `classes`, in their original order.
    pub fn with_labels(&self, classes: &[u8]) -> Dataset {
        let idx: Vec<usize> = (0..self.len())
            .filter(|&i| classes.contains(&self.labels[i]))
            .collect();
        self.subset(&idx)
    }

    /// Every example with its features permuted: feature `k` of the result is feature
    /// `perm[k]` of the input (the permuted-pixel protocol).
    pub fn permuted(&self, perm: &[usize]) -> Dataset {
        debug_assert_eq!(perm.len(), self.dim);
        let mut inputs = Vec::with_capacity(self.inputs.len());
        for i in 0..self.len() {
            let x = self.input(i);
            inputs.extend(perm.iter().map(|&p| x[p]));
        }
        Dataset {
            dim: self.dim,
            inputs,
            labels: self.labels.clone(),
        }
    }

    /// A seeded split stratified by class: in each class, a `test_fraction` share of the
    /// examples (rounded to the nearest integer) drawn at random goes to the test set.
    /// Both halves keep the original order of the examples.
    pub fn stratified_split(&self, test_fraction: f64, seed: u64) -> Result<(Dataset, Dataset)> {
        learn_core::validate::in_open_range("test_fraction", test_fraction, 0.0, 1.0)?;
        let mut rng = learn_core::rng::stream(learn_core::rng::derive_seed(seed, "split"), 0);
        let mut train = Vec::new();
        let mut test = Vec::new();
        for class in 0..CLASSES as u8 {
            let mut idx: Vec<usize> = (0..self.len())
                .filter(|&i| self.labels[i] == class)
                .collect();
            idx.shuffle(&mut rng);
            let n_test = (idx.len() as f64 * test_fraction).round() as usize;
            test.extend_from_slice(&idx[..n_test]);
            train.extend_from_slice(&idx[n_test..]);
        }
        train.sort_unstable();
        test.sort_unstable();
        Ok((self.subset(&train), self.subset(&test)))
    }
}

/// Decodes the embedded digits: gunzip, parse 65 integer columns per line, scale pixels by
/// 1/16 to [0, 1].
pub fn digits() -> Result<Dataset> {
    decode_digits_csv_gz(DIGITS_CSV_GZ, Path::new("<embedded digits.csv.gz>"))
}

/// Decodes a gzipped CSV in the digits format (64 pixels 0..16, then a label 0..9 per line).
/// `path` only names the source in error messages.
pub fn decode_digits_csv_gz(bytes: &[u8], path: &Path) -> Result<Dataset> {
    let gz = flate2::read::GzDecoder::new(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(gz);
    let mut inputs = Vec::with_capacity(DIGITS_COUNT * 64);
    let mut labels = Vec::with_capacity(DIGITS_COUNT);
    for (line, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| Error::malformed(path, format!("line {}: {e}", line + 1)))?;
        if record.len() != 65 {
            return Err(Error::malformed(
                path,
                format!(
                    "line {}: expected 65 fields, got {}",
                    line + 1,
                    record.len()
                ),
            ));
        }
        for (k, field) in record.iter().enumerate() {
            let v: f64 = field.trim().parse().map_err(|_| {
                Error::malformed(
                    path,
                    format!("line {}: field {} is `{field}`", line + 1, k + 1),
                )
            })?;
            let bad = |what: &str| {
                Error::malformed(path, format!("line {}: {what} out of range: {v}", line + 1))
            };
            if k < 64 {
                if !(0.0..=16.0).contains(&v) {
                    return Err(bad("pixel"));
                }
                inputs.push((v / 16.0) as f32);
            } else {
                if !(0.0..=9.0).contains(&v) || v.fract() != 0.0 {
                    return Err(bad("label"));
                }
                labels.push(v as u8);
            }
        }
    }
    Dataset::new(64, inputs, labels)
}

pub mod mnist {
    //! The MNIST IDX files (LeCun, Cortes & Burges), gzipped or not, from a directory.
    //!
    //! The format (<http://yann.lecun.com/exdb/mnist/>): big-endian `u32` magic number —
    //! `0x00000803` for images (`u8`, 3 dimensions), `0x00000801` for labels (`u8`, 1
    //! dimension) — then one big-endian `u32` per dimension, then the bytes. A file is read as
    //! gzip when it starts with the gzip magic `1f 8b`, whatever its name.

    use std::io::Read;
    use std::path::{Path, PathBuf};

    use super::Dataset;
    use crate::error::{Error, Result};

    /// Magic number of an IDX file of unsigned bytes with 3 dimensions (images).
    pub const IMAGES_MAGIC: u32 = 0x0000_0803;
    /// Magic number of an IDX file of unsigned bytes with 1 dimension (labels).
    pub const LABELS_MAGIC: u32 = 0x0000_0801;

    /// MNIST's training and test halves.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Mnist {
        /// `train-images-idx3-ubyte` with `train-labels-idx1-ubyte` (60,000 in the original).
        pub train: Dataset,
        /// `t10k-images-idx3-ubyte` with `t10k-labels-idx1-ubyte` (10,000 in the original).
        pub test: Dataset,
    }

    /// Loads the four standard files from `dir`; each may also be named with a `.gz` suffix.
    pub fn load_dir(dir: &Path) -> Result<Mnist> {
        if !dir.is_dir() {
            return Err(Error::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
            });
        }
        let train = load_pair(
            &find(dir, "train-images-idx3-ubyte")?,
            &find(dir, "train-labels-idx1-ubyte")?,
        )?;
        let test = load_pair(
            &find(dir, "t10k-images-idx3-ubyte")?,
            &find(dir, "t10k-labels-idx1-ubyte")?,
        )?;
        Ok(Mnist { train, test })
    }

    fn find(dir: &Path, stem: &str) -> Result<PathBuf> {
        let plain = dir.join(stem);
        if plain.is_file() {
            return Ok(plain);
        }
        let gz = dir.join(format!("{stem}.gz"));
        if gz.is_file() {
            return Ok(gz);
        }
        Err(Error::Io {
            path: plain,
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("neither {stem} nor {stem}.gz exists"),
            ),
        })
    }

    fn read_maybe_gz(path: &Path) -> Result<Vec<u8>> {
        let raw = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if raw.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(raw.as_slice())
                .read_to_end(&mut out)
                .map_err(|e| Error::malformed(path, format!("bad gzip stream: {e}")))?;
            Ok(out)
        } else {
            Ok(raw)
        }
    }

    fn header(bytes: &[u8], path: &Path, magic: u32, ndims: usize) -> Result<Vec<usize>> {
        let need = 4 * (1 + ndims);
        if bytes.len() < need {
            return Err(Error::malformed(
                path,
                format!(
                    "file has {} bytes, shorter than its {need}-byte header",
                    bytes.len()
                ),
            ));
        }
        let word = |k: usize| {
            u32::from_be_bytes([
                bytes[4 * k],
                bytes[4 * k + 1],
                bytes[4 * k + 2],
                bytes[4 * k + 3],
            ])
        };
        let found = word(0);
        if found != magic {
            return Err(Error::malformed(
                path,
                format!("wrong magic number {found:#010x}, expected {magic:#010x}"),
            ));
        }
        Ok((1..=ndims).map(|k| word(k) as usize).collect())
    }

    /// Reads an IDX image file: returns (count, rows·cols, pixels scaled to [0, 1]).
    pub fn read_images(path: &Path) -> Result<(usize, usize, Vec<f32>)> {
        let bytes = read_maybe_gz(path)?;
        let dims = header(&bytes, path, IMAGES_MAGIC, 3)?;
        let (n, rows, cols) = (dims[0], dims[1], dims[2]);
        if rows == 0 || cols == 0 || rows > 4096 || cols > 4096 {
            return Err(Error::malformed(
                path,
                format!("implausible image size {rows}×{cols}"),
            ));
        }
        let dim = rows * cols;
        let body = &bytes[16..];
        let expected = n
            .checked_mul(dim)
            .ok_or_else(|| Error::malformed(path, "image count overflows"))?;
        if body.len() != expected {
            return Err(Error::malformed(
                path,
                format!(
                    "header declares {n} images of {rows}×{cols} = {expected} bytes, file holds {}",
                    body.len()
                ),
            ));
        }
        Ok((
            n,
            dim,
            body.iter()
                .map(|&b| (f64::from(b) / 255.0) as f32)
                .collect(),
        ))
    }

    /// Reads an IDX label file (labels must be 0..9).
    pub fn read_labels(path: &Path) -> Result<Vec<u8>> {
        let bytes = read_maybe_gz(path)?;
        let dims = header(&bytes, path, LABELS_MAGIC, 1)?;
        let body = &bytes[8..];
        if body.len() != dims[0] {
            return Err(Error::malformed(
                path,
                format!(
                    "header declares {} labels, file holds {}",
                    dims[0],
                    body.len()
                ),
            ));
        }
        if let Some(pos) = body.iter().position(|&l| l > 9) {
            return Err(Error::malformed(
                path,
                format!("label {} at index {pos} is not a digit 0..9", body[pos]),
            ));
        }
        Ok(body.to_vec())
    }

    /// Reads one image file and its label file into a [`Dataset`]; the counts must agree.
    pub fn load_pair(images: &Path, labels: &Path) -> Result<Dataset> {
        let (n, dim, pixels) = read_images(images)?;
        let ls = read_labels(labels)?;
        if ls.len() != n {
            return Err(Error::malformed(
                labels,
                format!(
                    "{} labels but {} has {n} images",
                    ls.len(),
                    images.display()
                ),
            ));
        }
        Dataset::new(dim, pixels, ls)
    }
}
