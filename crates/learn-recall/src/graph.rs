//! Similarity-graph recall (Naim, Katkov, Romani & Tsodyks 2020).
//!
//! # The model
//! M items are held in memory. Item pairs have a similarity S(i, j); in the basic model the
//! S(i, j) = S(j, i) are i.i.d. continuous random numbers (Naim et al., *Phys. Rev. Lett.*
//! **124**, 018101, 2020). Recall starts at one item k₁ and always moves to the
//! item most similar to the current one, *excluding the item recalled just before it*:
//!
//! $$ k_{t+1} = \operatorname{arg\,max}_{j \ne k_t,\; j \ne k_{t-1}} S(k_t, j). $$
//!
//! The walk is deterministic: its next step depends only on the pair (k_{t−1}, k_t), so once a
//! transition repeats the walk is in a cycle and no new item can come. The number R of distinct
//! items visited is the number recalled. The paper's law for the symmetric model is
//!
//! $$ \langle R \rangle \simeq \sqrt{3\pi M/2}, $$
//!
//! and with an asymmetric matrix (S(i, j), S(j, i) independent) the walk is a birthday problem,
//! $$ \langle R \rangle \simeq \sqrt{\pi M/2}. $$
//!
//! *Erratum.* A review typesets the law as ⟨R⟩ = √(3π/2)·M, linear in M; the published law
//! (Naim et al. 2020, abstract and main result) is √(3πM/2); we implement and test that.
//!
//! # The engine
//! The walk needs only the two largest entries of each row it visits, so the matrix is never
//! stored. Entry (i, j) is a 32-bit key fmix32(min·K₁ ⊕ max·K₂ ⊕ s), with fmix32 MurmurHash3's
//! finaliser less its last xor-shift and s the trial's key — a bijection of j for fixed i, so
//! the keys in a row are distinct draws from 2³² values;
//! each visited row is scanned once (split at the diagonal into j < i and j > i, so that one
//! hash argument is fixed per half and the loop over the other vectorises) and its top two are
//! cached. Memory is O(R) for the walk (O(M·N) bits for the sparse variant's patterns); time
//! O(M·R) ≈ O(M^1.5) per trial.
//!
//! *Ties.* With 32-bit keys a tie at the top of a row has probability about M·2⁻³² per row
//! (≈ 2·10⁻⁴ at M = 10⁶); it is broken deterministically towards the lower index. For the sparse
//! variant, where the similarity is an integer overlap and ties are common, the key is
//! (overlap, hash(min, max)): ties are broken by a seeded random order that is itself symmetric,
//! so the tie-broken matrix is still symmetric.

use learn_core::validate;
use rand::{Rng, RngExt};
use serde::Serialize;
use std::collections::HashMap;

use crate::error::{RecallError, Result};

/// The largest number of items: indices are `u32`, and `u32::MAX` is reserved.
pub const MAX_ITEMS: usize = u32::MAX as usize;

/// The largest expected number of active units M·N·f of the sparse variant (each stored twice
/// as a `u32`: at most about 1 GiB).
pub const MAX_ACTIVE_UNITS: f64 = (1u64 << 27) as f64;

const NONE: u32 = u32::MAX;
const K_A: u32 = 0x9E37_79B1;
const K_B: u32 = 0x7FEB_352D;

/// How pairwise similarities are made.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Similarity {
    /// S(i, j) = S(j, i), i.i.d. continuous (hashed 32-bit keys): the model of the law
    /// ⟨R⟩ ≈ √(3πM/2).
    Symmetric,
    /// S(i, j) and S(j, i) independent: ⟨R⟩ ≈ √(πM/2).
    Asymmetric,
    /// S(i, j) = |ξ^i ∧ ξ^j|, the overlap of two sparse random binary patterns of `neurons`
    /// units, each unit active independently with probability `coding_level`.
    Sparse {
        /// Number of neurons N.
        neurons: usize,
        /// Coding level f ∈ (0, 1).
        coding_level: f64,
    },
}

/// Validated parameters of the similarity-graph model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GraphParams {
    items: usize,
    similarity: Similarity,
}

impl GraphParams {
    /// `items` = M ∈ 2..=[`MAX_ITEMS`]; for [`Similarity::Sparse`], N ≥ 1, f ∈ (0, 1) and
    /// N ≤ 2³², M·N·f ≤ [`MAX_ACTIVE_UNITS`].
    pub fn new(items: usize, similarity: Similarity) -> Result<Self> {
        validate::count("items", items, 2, MAX_ITEMS)?;
        if let Similarity::Sparse {
            neurons,
            coding_level,
        } = similarity
        {
            validate::in_open_range("coding_level", coding_level, 0.0, 1.0)?;
            validate::count("neurons", neurons, 1, u32::MAX as usize)?;
            let load = items as f64 * neurons as f64 * coding_level;
            if load > MAX_ACTIVE_UNITS {
                return Err(learn_core::Error::invalid_parameter(
                    "neurons",
                    format!(
                        "items × neurons × coding_level = {load:.3e} active units exceeds the \
                         limit {MAX_ACTIVE_UNITS:.3e} (about 1 GiB of patterns)"
                    ),
                )
                .into());
            }
        }
        Ok(GraphParams { items, similarity })
    }
    /// The number of items M.
    pub fn items(&self) -> usize {
        self.items
    }
    /// How similarities are made.
    pub fn similarity(&self) -> Similarity {
        self.similarity
    }
    /// The large-M prediction: √(3πM/2) for symmetric (and sparse) similarities, √(πM/2) for
    /// asymmetric ones.
    pub fn law(&self) -> f64 {
        match self.similarity {
            Similarity::Asymmetric => asymmetric_law(self.items),
            _ => law(self.items),
        }
    }
}

/// The law of Naim et al. (2020): ⟨R⟩ = √(3πM/2).
pub fn law(items: usize) -> f64 {
    (3.0 * std::f64::consts::PI * items as f64 / 2.0).sqrt()
}

/// The asymmetric-matrix prediction: ⟨R⟩ = √(πM/2).
pub fn asymmetric_law(items: usize) -> f64 {
    (std::f64::consts::PI * items as f64 / 2.0).sqrt()
}

/// MurmurHash3's 32-bit finaliser without its last xor-shift: x ↦ ((x ⊕ x≫16)·c₁ ⊕ ≫13)·c₂,
/// a bijection of `u32`. The dropped step h ⊕ h≫16 leaves the high half unchanged and only
/// re-mixes the low half, which after the two folds and multiplies already depends on the
/// whole input; it cost about 15 % of the scan. (With and without it, the claims' numbers at M ≤ 4096
/// agreed within their statistical error; at M ≥ 10⁵ the top keys of a row often share their high 16 bits,
/// so individual walks differ, but not their statistics.)
#[inline(always)]
fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h.wrapping_mul(0xc2b2_ae35)
}

/// The trial's hash keys: entry (a, b) (ordered) = fmix32(a·K₁ ⊕ b·K₂ ⊕ s), read as a signed
/// 32-bit number (signed compares vectorise on baseline x86-64). For fixed a it is a bijection
/// of b and vice versa, so the keys within a row are distinct.
#[derive(Debug, Clone, Copy)]
struct Keys {
    s: u32,
}

impl Keys {
    #[inline(always)]
    fn ordered(self, a: u32, b: u32) -> i32 {
        fmix32(a.wrapping_mul(K_A) ^ b.wrapping_mul(K_B) ^ self.s) as i32
    }
}

/// Order-preserving map of a signed key onto `u64`.
#[inline(always)]
fn widen(k: i32) -> u64 {
    u64::from((k as u32) ^ 0x8000_0000)
}

/// The top two of a row: (index, key), [`NONE`] when absent.
#[derive(Debug, Clone, Copy)]
struct TopTwo {
    i1: u32,
    k1: u64,
    i2: u32,
    k2: u64,
}

impl TopTwo {
    fn empty() -> Self {
        TopTwo {
            i1: NONE,
            k1: 0,
            i2: NONE,
            k2: 0,
        }
    }
    /// Offers (j, key); strict comparisons, so among equal keys the first offered (lowest j,
    /// as rows are scanned in increasing j) wins.
    #[inline(always)]
    fn offer(&mut self, j: u32, key: u64) {
        if self.i1 == NONE || key > self.k1 {
            self.i2 = self.i1;
            self.k2 = self.k1;
            self.i1 = j;
            self.k1 = key;
        } else if self.i2 == NONE || key > self.k2 {
            self.i2 = j;
            self.k2 = key;
        }
    }
}

const CHUNK: u32 = 256;

/// Scans j in `lo..hi` with key fmix32(fixed ⊕ j·`mul`), updating `top`. The largest key of
/// a chunk is found first (a loop that vectorises: j·`mul` is an induction variable, the mixer
/// is two multiplies and shifts, the maximum a signed compare); only a chunk whose maximum beats
/// the current second-best (rare after the first few chunks) is hashed again element by element.
#[inline(always)]
fn scan_range(lo: u32, hi: u32, top: &mut TopTwo, fixed: u32, mul: u32) {
    let mut start = lo;
    while start < hi {
        let end = start + (hi - start).min(CHUNK);
        let mut max = i32::MIN;
        let mut c = start.wrapping_mul(mul);
        for _ in start..end {
            max = max.max(fmix32(fixed ^ c) as i32);
            c = c.wrapping_add(mul);
        }
        if top.i2 == NONE || widen(max) > top.k2 {
            for j in start..end {
                top.offer(j, widen(fmix32(fixed ^ j.wrapping_mul(mul)) as i32));
            }
        }
        start = end;
    }
}

/// Sparse random binary patterns, kept as the sorted list of active neurons of each pattern and
/// the inverted index (the patterns each neuron belongs to): O(M·N·f) memory.
#[derive(Debug, Clone)]
struct Patterns {
    active: Vec<Vec<u32>>,
    members: Vec<Vec<u32>>,
}

impl Patterns {
    /// Each of the M·N units is active independently with probability f, drawn by geometric
    /// skipping (the gap to the next active unit is ⌊ln U / ln(1 − f)⌋): O(M·N·f) draws.
    fn new<R: Rng + ?Sized>(items: usize, neurons: usize, f: f64, rng: &mut R) -> Self {
        let log_q = (-f).ln_1p();
        let mut active = Vec::with_capacity(items);
        let mut members = vec![Vec::new(); neurons];
        for i in 0..items {
            let mut units = Vec::new();
            let mut n = 0usize;
            loop {
                // U ∈ (0, 1]: 1 − random() is never 0.
                let u: f64 = 1.0 - rng.random::<f64>();
                let gap = (u.ln() / log_q).floor();
                if gap.is_nan() || gap >= (neurons - n) as f64 {
                    break;
                }
                n += gap as usize;
                units.push(n as u32);
                members[n].push(i as u32);
                n += 1;
                if n >= neurons {
                    break;
                }
            }
            active.push(units);
        }
        Patterns { active, members }
    }

    /// |ξ^i ∧ ξ^j| by merging the two sorted lists of active units.
    fn overlap(&self, i: u32, j: u32) -> u32 {
        let (a, b) = (&self.active[i as usize], &self.active[j as usize]);
        let (mut x, mut y, mut n) = (0, 0, 0);
        while x < a.len() && y < b.len() {
            match a[x].cmp(&b[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    x += 1;
                    y += 1;
                }
            }
        }
        n
    }

    /// The overlaps of pattern i with every pattern, through the inverted index:
    /// O(N·f · M·f) additions.
    fn overlaps(&self, i: u32, out: &mut [u32]) {
        out.fill(0);
        for &n in &self.active[i as usize] {
            for &j in &self.members[n as usize] {
                out[j as usize] += 1;
            }
        }
    }
}

/// One realisation of the similarity matrix, generated on demand and never stored.
#[derive(Debug, Clone)]
pub struct SimilarityMatrix {
    items: u32,
    similarity: Similarity,
    keys: Keys,
    patterns: Option<Patterns>,
}

impl SimilarityMatrix {
    /// Draws a realisation (its hash keys, and the patterns of the sparse variant) from `rng`.
    pub fn from_rng<R: Rng + ?Sized>(params: &GraphParams, rng: &mut R) -> Self {
        let keys = Keys { s: rng.random() };
        let patterns = match params.similarity {
            Similarity::Sparse {
                neurons,
                coding_level,
            } => Some(Patterns::new(params.items, neurons, coding_level, rng)),
            _ => None,
        };
        SimilarityMatrix {
            items: params.items as u32,
            similarity: params.similarity,
            keys,
            patterns,
        }
    }

    /// A realisation from `seed` (stream 0 of `learn_core::rng::stream(seed, ·)`).
    pub fn new(params: &GraphParams, seed: u64) -> Self {
        Self::from_rng(params, &mut learn_core::rng::stream(seed, 0))
    }

    /// The number of items M.
    pub fn items(&self) -> usize {
        self.items as usize
    }

    /// The similarity key of entry (i, j), i ≠ j: larger means more similar. For continuous
    /// similarities it is the 32-bit hash; for sparse ones, overlap·2³² + a symmetric hashed
    /// tie-breaker. Symmetric unless the matrix is [`Similarity::Asymmetric`].
    ///
    /// # Panics
    /// If i or j ≥ M (an index error in the caller).
    pub fn entry(&self, i: usize, j: usize) -> u64 {
        assert!(
            i < self.items() && j < self.items(),
            "entry index out of range"
        );
        let (i, j) = (i as u32, j as u32);
        let (lo, hi) = (i.min(j), i.max(j));
        match &self.patterns {
            Some(p) => (u64::from(p.overlap(i, j)) << 32) | widen(self.keys.ordered(lo, hi)),
            None => match self.similarity {
                Similarity::Asymmetric => widen(self.keys.ordered(i, j)),
                _ => widen(self.keys.ordered(lo, hi)),
            },
        }
    }

    /// The two most similar items to `i` (excluding `i`), most similar first; `None` where the
    /// row has fewer entries. One scan of the row, O(M) (O(M·N/64) for sparse patterns).
    pub fn top_two(&self, i: usize) -> (Option<usize>, Option<usize>) {
        let t = self.scan(i as u32);
        let opt = |x: u32| (x != NONE).then_some(x as usize);
        (opt(t.i1), opt(t.i2))
    }

    fn scan(&self, i: u32) -> TopTwo {
        let mut top = TopTwo::empty();
        let keys = self.keys;
        let m = self.items;
        if let Some(p) = &self.patterns {
            let mut overlaps = vec![0u32; m as usize];
            p.overlaps(i, &mut overlaps);
            for (j, &ov) in overlaps.iter().enumerate() {
                let j = j as u32;
                if j != i {
                    let tie = keys.ordered(i.min(j), i.max(j));
                    top.offer(j, (u64::from(ov) << 32) | widen(tie));
                }
            }
            return top;
        }
        match self.similarity {
            Similarity::Asymmetric => {
                // Entry (i, j), ordered: the second argument varies over the whole row.
                let a = i.wrapping_mul(K_A) ^ keys.s;
                scan_range(0, i, &mut top, a, K_B);
                scan_range(i + 1, m, &mut top, a, K_B);
            }
            _ => {
                // j < i: entry (j, i): the first argument varies.
                scan_range(0, i, &mut top, i.wrapping_mul(K_B) ^ keys.s, K_A);
                // j > i: entry (i, j): the second argument varies.
                scan_range(i + 1, m, &mut top, i.wrapping_mul(K_A) ^ keys.s, K_B);
            }
        }
        top
    }
}

/// How a walk ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ending {
    /// A (current, next) transition repeated: the walk is in a cycle of `length` transitions.
    Cycle {
        /// Transitions per period of the cycle.
        length: usize,
    },
    /// The current item has no item left to move to (only when M = 2).
    DeadEnd,
}

/// One recall: the items in the order first recalled, and how the walk ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Walk {
    /// Items in the order they were first recalled (the start first); its length is R.
    pub recalled: Vec<u32>,
    /// Transitions made before the first repeated transition.
    pub steps: usize,
    /// How the walk ended.
    pub ending: Ending,
}

impl Walk {
    /// R, the number of distinct items recalled.
    pub fn count(&self) -> usize {
        self.recalled.len()
    }
}

/// The similarity-graph recall model on one matrix realisation, with the top two of every
/// visited row cached (so a revisit costs O(1)).
#[derive(Debug, Clone)]
pub struct SimilarityGraph {
    matrix: SimilarityMatrix,
    rows: HashMap<u32, TopTwo>,
}

impl SimilarityGraph {
    /// The model on a fresh realisation from `seed`.
    pub fn new(params: &GraphParams, seed: u64) -> Self {
        Self::from_matrix(SimilarityMatrix::new(params, seed))
    }

    /// The model on a given realisation.
    pub fn from_matrix(matrix: SimilarityMatrix) -> Self {
        SimilarityGraph {
            matrix,
            rows: HashMap::new(),
        }
    }

    /// The matrix realisation.
    pub fn matrix(&self) -> &SimilarityMatrix {
        &self.matrix
    }

    /// Number of rows scanned so far (each row is scanned at most once).
    pub fn rows_scanned(&self) -> usize {
        self.rows.len()
    }

    /// Recalls from `start` until a transition repeats (or a dead end, M = 2).
    pub fn walk(&mut self, start: usize) -> Result<Walk> {
        let items = self.matrix.items();
        if start >= items {
            return Err(RecallError::StartOutOfRange { start, items });
        }
        // Per walk: the step at which each exit (top-1, top-2) of each item was first used.
        let mut used: HashMap<u32, [usize; 2]> = HashMap::new();
        let mut recalled = vec![start as u32];
        let mut prev = NONE;
        let mut cur = start as u32;
        let mut step = 0usize;
        loop {
            let matrix = &self.matrix;
            let top = *self.rows.entry(cur).or_insert_with(|| matrix.scan(cur));
            let (next, exit) = if top.i1 == prev {
                (top.i2, 1)
            } else {
                (top.i1, 0)
            };
            if next == NONE {
                return Ok(Walk {
                    recalled,
                    steps: step,
                    ending: Ending::DeadEnd,
                });
            }
            let slot = used.entry(cur).or_insert([usize::MAX; 2]);
            if slot[exit] != usize::MAX {
                return Ok(Walk {
                    recalled,
                    steps: step,
                    ending: Ending::Cycle {
                        length: step - slot[exit],
                    },
                });
            }
            slot[exit] = step;
            if !used.contains_key(&next) {
                recalled.push(next);
            }
            step += 1;
            prev = cur;
            cur = next;
        }
    }
}

/// R from `trials` independent trials, each on its own matrix realisation with a random start
/// item; trial t draws from `learn_core::rng::stream(seed, t)` (bit-identical for any thread
/// count). Rayon over trials.
pub fn recall_counts(params: &GraphParams, trials: usize, seed: u64) -> Result<Vec<usize>> {
    validate::count("trials", trials, 1, usize::MAX)?;
    let counts = learn_core::rng::par_runs(seed, trials, |_, rng| {
        let matrix = SimilarityMatrix::from_rng(params, rng);
        let start = rng.random_range(0..params.items);
        let mut graph = SimilarityGraph::from_matrix(matrix);
        graph.walk(start).map(|w| w.count())
    });
    counts.into_iter().collect()
}

/// Summary of a batch of trials.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecallSummary {
    /// M.
    pub items: usize,
    /// Number of trials.
    pub trials: usize,
    /// Mean R.
    pub mean_recalled: f64,
    /// Standard error of the mean (0 for a single trial).
    pub sem: f64,
    /// Standard deviation of R (0 for a single trial).
    pub sd: f64,
    /// The prediction ([`GraphParams::law`]).
    pub law: f64,
    /// mean / law.
    pub ratio: f64,
    /// R of each trial, in trial order.
    pub recalled: Vec<usize>,
}

/// Runs [`recall_counts`] and summarises.
pub fn recall_summary(params: &GraphParams, trials: usize, seed: u64) -> Result<RecallSummary> {
    let recalled = recall_counts(params, trials, seed)?;
    let xs: Vec<f64> = recalled.iter().map(|&r| r as f64).collect();
    let mean = learn_core::stats::mean(&xs)?;
    let (sd, sem) = if xs.len() > 1 {
        (
            learn_core::stats::std_dev(&xs)?,
            learn_core::stats::sem(&xs)?,
        )
    } else {
        (0.0, 0.0)
    };
    let law = params.law();
    Ok(RecallSummary {
        items: params.items,
        trials,
        mean_recalled: mean,
        sem,
        sd,
        law,
        ratio: mean / law,
        recalled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fmix_is_a_bijection_sample() {
        let mut seen = std::collections::HashSet::new();
        for x in 0..10_000u32 {
            assert!(seen.insert(fmix32(x)));
        }
    }

    #[test]
    fn scan_matches_entries() {
        for sim in [
            Similarity::Symmetric,
            Similarity::Asymmetric,
            Similarity::Sparse {
                neurons: 200,
                coding_level: 0.1,
            },
        ] {
            let params = GraphParams::new(1500, sim).unwrap();
            let m = SimilarityMatrix::new(&params, 3);
            for i in [0usize, 1, 700, 1499] {
                let mut best: Vec<(u64, usize)> = (0..1500)
                    .filter(|&j| j != i)
                    .map(|j| (m.entry(i, j), j))
                    .collect();
                best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                assert_eq!(m.top_two(i), (Some(best[0].1), Some(best[1].1)));
            }
        }
    }

    #[test]
    fn symmetry() {
        let params = GraphParams::new(100, Similarity::Symmetric).unwrap();
        let m = SimilarityMatrix::new(&params, 1);
        let a = SimilarityMatrix::new(&GraphParams::new(100, Similarity::Asymmetric).unwrap(), 1);
        let mut asym = 0;
        for i in 0..100 {
            for j in 0..100 {
                if i != j {
                    assert_eq!(m.entry(i, j), m.entry(j, i));
                    asym += usize::from(a.entry(i, j) != a.entry(j, i));
                }
            }
        }
        assert!(asym > 9000);
    }

    #[test]
    fn two_items_dead_end() {
        let params = GraphParams::new(2, Similarity::Symmetric).unwrap();
        let w = SimilarityGraph::new(&params, 0).walk(0).unwrap();
        assert_eq!(w.recalled, vec![0, 1]);
        assert_eq!(w.ending, Ending::DeadEnd);
    }
}
