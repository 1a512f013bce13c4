// torch.nn.init.orthogonal_ on a 2-D float32 weight: normal_(0, 1) draws into a (rows, cols)
// matrix, its QR factorisation, Q's columns signed by R's diagonal, and gain. PyTorch factorises
// in float32 with LAPACK (sgeqrf/sorgqr); here Householder reflections run in float64 on the very
// same float32 draws, so Q is the exact one up to float64 rounding, and PyTorch's differs from it
// by its float32 rounding errors (docs/initialisers.md gives the measured bound).
import type { InitSource } from './types.js';

const fr = Math.fround;

/**
 * Fills `tensor` ([rows][cols] row-major) as orthogonal_(tensor, gain) does, drawing rows * cols
 * normals from `source`. Returns the tensor.
 */
// see: torch/nn/init.py orthogonal_ (PyTorch 1.13)
export function orthogonal_(tensor: Float32Array, rows: number, cols: number, source: InitSource, gain: number): Float32Array {
  const flat = source.normal_(new Float32Array(rows * cols), 0, 1);
  // QR of the tall matrix: flattened itself, or its transpose when rows < cols; column-major here.
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const a = new Float64Array(m * n); // a[j * m + i] = A[i][j], m x n
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) a[j * m + i] = tall ? (flat[i * cols + j] as number) : (flat[j * cols + i] as number);
  const q = householderQ(a, m, n);
  // Q's columns come signed by R's diagonal. Copy back (transposed when it was), rounding to float32
  // as the copy into the float32 tensor does, then tensor.mul_(gain) in float32.
  const g = fr(gain);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const value = fr(fr(q[j * m + i] as number) * g);
      if (tall) tensor[i * cols + j] = value;
      else tensor[j * cols + i] = value;
    }
  }
  return tensor;
}

/**
 * The reduced Q (m x n, m >= n, column-major: q[j * m + i] = Q[i][j]) of a = QR (a column-major
 * too, overwritten), with R's diagonal made non-negative: Q's column j times sign(r_jj), 0 where
 * r_jj is 0, as torch.sign gives. Householder reflections in float64.
 */
export function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const vs: Float64Array[] = [];
  const betas: number[] = [];
  const signs: number[] = [];
  for (let k = 0; k < n; k++) {
    // The reflection H = I - beta v vᵀ taking a[k:, k] to (r_kk, 0, ..., 0).
    const col = k * m;
    let tailSquares = 0;
    for (let i = k + 1; i < m; i++) tailSquares += (a[col + i] as number) ** 2;
    const alpha = a[col + k] as number;
    const v = new Float64Array(m - k);
    if (tailSquares === 0) {
      // Nothing below the diagonal: LAPACK's slarfg takes H = I (tau = 0) and r_kk = alpha.
      vs.push(v);
      betas.push(0);
      signs.push(Math.sign(alpha));
      continue;
    }
    const norm = Math.sqrt(alpha * alpha + tailSquares);
    const rkk = alpha >= 0 ? -norm : norm;
    v[0] = alpha - rkk;
    for (let i = k + 1; i < m; i++) v[i - k] = a[col + i] as number;
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += (v[i] as number) * (v[i] as number);
    const beta = 2 / vv;
    a[col + k] = rkk;
    for (let i = k + 1; i < m; i++) a[col + i] = 0;
    for (let j = k + 1; j < n; j++) applyReflection(a, j * m + k, v, beta);
    vs.push(v);
    betas.push(beta);
    signs.push(Math.sign(rkk));
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity, from the last reflection.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const beta = betas[k] as number;
    if (beta === 0) continue;
    for (let j = 0; j < n; j++) applyReflection(q, j * m + k, vs[k] as Float64Array, beta);
  }
  for (let j = 0; j < n; j++) {
    const s = signs[j] as number;
    for (let i = 0; i < m; i++) q[j * m + i] = (q[j * m + i] as number) * s;
  }
  return q;
}

/** x -= beta (v·x) v on the v.length entries of x from `at` (a column's rows k..m-1). */
function applyReflection(x: Float64Array, at: number, v: Float64Array, beta: number): void {
  let dot = 0;
  for (let i = 0; i < v.length; i++) dot += (v[i] as number) * (x[at + i] as number);
  const f = beta * dot;
  if (f === 0) return;
  for (let i = 0; i < v.length; i++) x[at + i] = (x[at + i] as number) - f * (v[i] as number);
}
