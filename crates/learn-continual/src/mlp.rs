//! A multilayer perceptron with ReLU hidden layers and a (masked) softmax cross-entropy loss.
//!
//! Layer `l` computes $z_l = W_l a_{l-1} + b_l$, $a_l = \max(0, z_l)$ for hidden layers and
//! leaves the last layer's $z_L$ as logits. The loss of a minibatch $B$ with targets $y$ and an
//! active set of output units $H$ (the *head*) is the mean softmax cross-entropy over $H$:
//!
//! $$ \mathcal L = -\frac1{|B|}\sum_{n\in B}\log\frac{e^{z_{L,y_n}}}{\sum_{k\in H}e^{z_{L,k}}} $$
//!
//! Units outside $H$ are masked out of the softmax, exactly as Zenke et al.'s split-MNIST code
//! replaces their logits by $-10^{32}$: they receive no gradient from the task loss.
//!
//! All parameters live in one flat `Vec<f64>` (per layer: $W_l$ column-major, then $b_l$), so
//! that the consolidation methods (SI, EWC, MAS) work elementwise on the same layout as the
//! gradient. Minibatches are processed as matrices (one example per column) with nalgebra's
//! `gemm`, which dispatches to `matrixmultiply`; the [`Workspace`] holds every buffer, so a
//! training step allocates nothing once the workspace has seen the batch size.
//!
//! `f64` rather than `f32`: the networks are small (≈ 17,500 parameters for 64-100-100-10),
//! so a step costs well under a millisecond either way; in `f64` the finite-difference
//! gradient check is tight and SI's path integral, a sum of thousands of tiny products,
//! loses nothing to rounding.

use nalgebra::{DMatrixView, DMatrixViewMut};
use rand::RngExt;

use crate::error::{Error, Result};

/// How the last layer's weights start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputInit {
    /// All zero, as in Zenke et al.'s split-MNIST code (`kernel_initializer='zero'`).
    Zero,
    /// Glorot-uniform like the hidden layers.
    Glorot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layer {
    n_in: usize,
    n_out: usize,
    w: usize,
    b: usize,
}

/// The network: layer sizes and the flat parameter vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    sizes: Vec<usize>,
    layers: Vec<Layer>,
    /// All parameters; see the module documentation for the layout.
    pub params: Vec<f64>,
}

/// Buffers for a forward/backward pass (activations and back-propagated errors per layer).
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    batch: usize,
    acts: Vec<Vec<f64>>,
    deltas: Vec<Vec<f64>>,
    transposed: Vec<f64>,
}

impl Workspace {
    /// An empty workspace; it grows on first use.
    pub fn new() -> Self {
        Self::default()
    }

    fn ensure(&mut self, sizes: &[usize], batch: usize) {
        if self.acts.len() != sizes.len() {
            self.acts = vec![Vec::new(); sizes.len()];
            self.deltas = vec![Vec::new(); sizes.len()];
        }
        for (k, &s) in sizes.iter().enumerate() {
            if self.acts[k].len() < s * batch {
                self.acts[k].resize(s * batch, 0.0);
                self.deltas[k].resize(s * batch, 0.0);
            }
        }
        self.batch = batch;
    }

    /// The input buffer (`dim × batch`, one example per column) for a batch of `batch`.
    pub fn input_mut(&mut self, sizes: &[usize], batch: usize) -> &mut [f64] {
        self.ensure(sizes, batch);
        &mut self.acts[0][..sizes[0] * batch]
    }
}

impl Mlp {
    /// A network with layer sizes `sizes` (input, hidden…, output): hidden layers drawn
    /// Glorot-uniform, $U(\pm\sqrt{6/(n_{in}+n_{out})})$ (the Keras default of the reference
    /// code), biases zero, the last layer per `output_init`.
    pub fn new(sizes: &[usize], output_init: OutputInit, rng: &mut impl rand::Rng) -> Result<Self> {
        if sizes.len() < 2 {
            return Err(Error::param(
                "sizes",
                "need at least an input and an output layer",
            ));
        }
        for &s in sizes {
            learn_core::validate::count("layer size", s, 1, 100_000)?;
        }
        let mut layers = Vec::new();
        let mut off = 0;
        for k in 1..sizes.len() {
            let (n_in, n_out) = (sizes[k - 1], sizes[k]);
            layers.push(Layer {
                n_in,
                n_out,
                w: off,
                b: off + n_in * n_out,
            });
            off += n_in * n_out + n_out;
        }
        learn_core::validate::count("parameter count", off, 1, 50_000_000)?;
        let mut params = vec![0.0; off];
        let last = layers.len() - 1;
        for (k, l) in layers.iter().enumerate() {
            if k == last && output_init == OutputInit::Zero {
                continue;
            }
            let limit = (6.0 / (l.n_in + l.n_out) as f64).sqrt();
            for p in &mut params[l.w..l.b] {
                *p = rng.random_range(-limit..limit);
            }
        }
        Ok(Mlp {
            sizes: sizes.to_vec(),
            layers,
            params,
        })
    }

    /// Layer sizes, input first.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The logits of the last forward pass (`outputs × batch`, one example per column).
    pub fn logits<'a>(&self, ws: &'a Workspace) -> &'a [f64] {
        &ws.acts[self.sizes.len() - 1][..self.outputs() * ws.batch]
    }

    /// Number of inputs.
    pub fn inputs(&self) -> usize {
        self.sizes[0]
    }

    /// Number of output units.
    pub fn outputs(&self) -> usize {
        *self.sizes.last().expect("at least two layers")
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Whether the network has no parameters (never true for a constructed network).
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// Copies rows `idx` of the row-major `inputs` (`dim` per row) into the workspace's input
    /// matrix and runs the forward pass; returns the batch size.
    pub fn forward_rows(&self, inputs: &[f32], idx: &[usize], ws: &mut Workspace) -> usize {
        let d = self.inputs();
        let b = idx.len();
        let x = ws.input_mut(&self.sizes, b);
        for (j, &i) in idx.iter().enumerate() {
            for (xv, &iv) in x[j * d..(j + 1) * d]
                .iter_mut()
                .zip(&inputs[i * d..(i + 1) * d])
            {
                *xv = f64::from(iv);
            }
        }
        self.forward(ws);
        b
    }

    /// Forward pass on the batch already in the workspace's input buffer.
    pub fn forward(&self, ws: &mut Workspace) {
        let b = ws.batch;
        let last = self.layers.len() - 1;
        for (k, l) in self.layers.iter().enumerate() {
            let (lo, hi) = ws.acts.split_at_mut(k + 1);
            let a = DMatrixView::from_slice(&lo[k][..l.n_in * b], l.n_in, b);
            let zbuf = &mut hi[0][..l.n_out * b];
            let w = DMatrixView::from_slice(&self.params[l.w..l.b], l.n_out, l.n_in);
            let mut z = DMatrixViewMut::from_slice(zbuf, l.n_out, b);
            z.gemm(1.0, &w, &a, 0.0);
            let bias = &self.params[l.b..l.b + l.n_out];
            for col in zbuf.chunks_exact_mut(l.n_out) {
                for (v, &bi) in col.iter_mut().zip(bias) {
                    *v += bi;
                    if k != last && *v < 0.0 {
                        *v = 0.0;
                    }
                }
            }
        }
    }

    /// Masked softmax cross-entropy of the last forward pass: returns the mean loss and
    /// stores $\partial\mathcal L/\partial z_L$ in the workspace for [`Mlp::backward`].
    /// `targets` are output-unit indices; `head` the active units (each target must be in it).
    pub fn softmax_xent(&self, ws: &mut Workspace, targets: &[usize], head: &[usize]) -> f64 {
        let b = ws.batch;
        let o = self.outputs();
        let last = self.sizes.len() - 1;
        let (acts, deltas) = (&ws.acts[last], &mut ws.deltas[last]);
        let inv_b = 1.0 / b as f64;
        let mut loss = 0.0;
        for j in 0..b {
            let z = &acts[j * o..(j + 1) * o];
            let dz = &mut deltas[j * o..(j + 1) * o];
            dz.fill(0.0);
            let max = head.iter().map(|&k| z[k]).fold(f64::NEG_INFINITY, f64::max);
            let mut sum = 0.0;
            for &k in head {
                let e = (z[k] - max).exp();
                dz[k] = e;
                sum += e;
            }
            let t = targets[j];
            loss -= (dz[t] / sum).ln();
            for &k in head {
                dz[k] *= inv_b / sum;
            }
            dz[t] -= inv_b;
        }
        loss * inv_b
    }

    /// Sets $\partial/\partial z_L$ for one example (batch of 1) to `dz` (length `outputs`).
    pub fn set_output_delta(&self, ws: &mut Workspace, dz: &[f64]) {
        let last = self.sizes.len() - 1;
        ws.deltas[last][..dz.len()].copy_from_slice(dz);
    }

    /// Back-propagates the output delta stored in the workspace; writes the gradient of the
    /// loss with respect to every parameter into `grad` (overwriting it).
    pub fn backward(&self, ws: &mut Workspace, grad: &mut [f64]) {
        let b = ws.batch;
        for (k, l) in self.layers.iter().enumerate().rev() {
            let a_prev = &ws.acts[k][..l.n_in * b];
            let (dlo, dhi) = ws.deltas.split_at_mut(k + 1);
            let delta = &dhi[0][..l.n_out * b];
            let dv = DMatrixView::from_slice(delta, l.n_out, b);
            // dW = δ aᵀ, with aᵀ copied out contiguously (nalgebra's small-matrix fallback of
            // `gemm` mishandles strided transposed views, so we never pass one).
            transpose_into(a_prev, l.n_in, b, &mut ws.transposed);
            let at = DMatrixView::from_slice(&ws.transposed[..b * l.n_in], b, l.n_in);
            let (gw, gb) = grad[l.w..l.b + l.n_out].split_at_mut(l.n_in * l.n_out);
            let mut gwm = DMatrixViewMut::from_slice(gw, l.n_out, l.n_in);
            gwm.gemm(1.0, &dv, &at, 0.0);
            gb.fill(0.0);
            for col in delta.chunks_exact(l.n_out) {
                for (g, &d) in gb.iter_mut().zip(col) {
                    *g += d;
                }
            }
            if k > 0 {
                // δ_{l-1} = (Wᵀ δ_l) ⊙ 1[a_{l-1} > 0]
                transpose_into(&self.params[l.w..l.b], l.n_out, l.n_in, &mut ws.transposed);
                let wt =
                    DMatrixView::from_slice(&ws.transposed[..l.n_in * l.n_out], l.n_in, l.n_out);
                let dprev = &mut dlo[k][..l.n_in * b];
                let mut dp = DMatrixViewMut::from_slice(dprev, l.n_in, b);
                dp.gemm(1.0, &wt, &dv, 0.0);
                for (d, &a) in dprev.iter_mut().zip(a_prev) {
                    if a <= 0.0 {
                        *d = 0.0;
                    }
                }
            }
        }
    }

    /// Mean loss and its gradient on rows `idx` of `inputs` — a convenience for tests and
    /// one-off evaluations.
    pub fn loss_and_grad(
        &self,
        inputs: &[f32],
        targets: &[usize],
        idx: &[usize],
        head: &[usize],
        ws: &mut Workspace,
        grad: &mut [f64],
    ) -> f64 {
        self.forward_rows(inputs, idx, ws);
        let t: Vec<usize> = idx.iter().map(|&i| targets[i]).collect();
        let loss = self.softmax_xent(ws, &t, head);
        self.backward(ws, grad);
        loss
    }

    /// Fraction of rows of `inputs` whose arg-max over the `head` logits (first unit on ties)
    /// equals the target.
    pub fn accuracy(
        &self,
        inputs: &[f32],
        targets: &[usize],
        head: &[usize],
        ws: &mut Workspace,
    ) -> f64 {
        let n = targets.len();
        if n == 0 {
            return f64::NAN;
        }
        let o = self.outputs();
        let mut correct = 0usize;
        let chunk = 256;
        let mut idx = Vec::with_capacity(chunk);
        let mut start = 0;
        while start < n {
            let end = (start + chunk).min(n);
            idx.clear();
            idx.extend(start..end);
            self.forward_rows(inputs, &idx, ws);
            let logits = self.logits(ws);
            for (j, &i) in idx.iter().enumerate() {
                let z = &logits[j * o..(j + 1) * o];
                let mut best = head[0];
                for &k in &head[1..] {
                    if z[k] > z[best] {
                        best = k;
                    }
                }
                if best == targets[i] {
                    correct += 1;
                }
            }
            start = end;
        }
        correct as f64 / n as f64
    }
}

/// Writes the transpose of the column-major `rows × cols` matrix `src` into `dst`
/// (column-major `cols × rows`), growing `dst` if needed.
fn transpose_into(src: &[f64], rows: usize, cols: usize, dst: &mut Vec<f64>) {
    if dst.len() < rows * cols {
        dst.resize(rows * cols, 0.0);
    }
    for c in 0..cols {
        let col = &src[c * rows..(c + 1) * rows];
        for (r, &v) in col.iter().enumerate() {
            dst[r * cols + c] = v;
        }
    }
}
