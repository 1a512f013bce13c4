// Dense (nn.Linear) forward and backward on feature-major activations: a layer's input is
// x[nIn][batch], so consecutive samples of one feature sit side by side and one v128 holds 4
// samples. The tutorial's layers are 2–5 wide, far too narrow to vectorise over features.
//
// The summation order of every output element is the contract (SIMD and scalar builds agree bit
// for bit, and the replay tests hold it to PyTorch):
//   z[o][s]  = (W[o][0]·x[0][s] + W[o][1]·x[1][s] + … in increasing i) + b[o]
//   dW[o][i] = (l0 + l1) + (l2 + l3), lane l = 0 + Σ dz[o][s]·x[i][s] over s ≡ l (mod 4), increasing s
//   db[o]    = the same with dz[o][s] alone
//   dx[i][s] = W[0][i]·dz[0][s] + W[1][i]·dz[1][s] + … in increasing o
// No FMA. The SIMD build (dense/rows.ts, dense/weights.ts) tiles the work for registers and
// only changes which elements are computed when; the scalar code below is the plain reference.
import { forwardRows, inputGradientRows } from './dense/rows';
import { weightGradientRows } from './dense/weights';

/** z[nOut][batch] = W[nOut][nIn]·x[nIn][batch] + b[nOut]; batch % 4 == 0; writes z only; z must not alias x. */
export function denseForward(x: usize, w: usize, b: usize, z: usize, batch: i32, nIn: i32, nOut: i32): void {
  if (ASC_FEATURE_SIMD) {
    forwardRows(x, w, b, z, batch, nIn, nOut);
    return;
  }
  const rowBytes = (<usize>batch) << 2;
  for (let o = 0; o < nOut; o++) {
    const wRow = w + ((<usize>(o * nIn)) << 2);
    const bias = load<f32>(b + ((<usize>o) << 2));
    const zRow = z + <usize>o * rowBytes;
    for (let s = 0; s < batch; s++) {
      const at = (<usize>s) << 2;
      let a = load<f32>(wRow) * load<f32>(x + at);
      for (let i = 1; i < nIn; i++) {
        a += load<f32>(wRow + ((<usize>i) << 2)) * load<f32>(x + <usize>i * rowBytes + at);
      }
      store<f32>(zRow + at, a + bias);
    }
  }
}

/**
 * dW[nOut][nIn] = dz·xᵀ and db[nOut] = Σ_batch dz, both overwritten; dx[nIn][batch] = Wᵀ·dz
 * unless dx == 0. batch % 4 == 0 and padding samples must carry dz = 0. Reads x, W, dz; dx must
 * not alias dz or x.
 */
export function denseBackward(x: usize, w: usize, dz: usize, dw: usize, db: usize, dx: usize, batch: i32, nIn: i32, nOut: i32): void {
  if (ASC_FEATURE_SIMD) {
    weightGradientRows(x, dz, dw, db, batch, nIn, nOut);
    if (dx != 0) inputGradientRows(w, dz, dx, batch, nIn, nOut);
    return;
  }
  const rowBytes = (<usize>batch) << 2;
  for (let o = 0; o < nOut; o++) {
    const dzRow = dz + <usize>o * rowBytes;
    const dwRow = dw + ((<usize>(o * nIn)) << 2);
    for (let i = 0; i < nIn; i++) {
      store<f32>(dwRow + ((<usize>i) << 2), laneDot(dzRow, x + <usize>i * rowBytes, batch));
    }
    store<f32>(db + ((<usize>o) << 2), laneSum(dzRow, batch));
  }
  if (dx == 0) return;
  const wStride = (<usize>nIn) << 2;
  for (let i = 0; i < nIn; i++) {
    const wCol = w + ((<usize>i) << 2);
    const dxRow = dx + <usize>i * rowBytes;
    for (let s = 0; s < batch; s++) {
      const at = (<usize>s) << 2;
      let a = load<f32>(wCol) * load<f32>(dz + at);
      for (let o = 1; o < nOut; o++) a += load<f32>(wCol + <usize>o * wStride) * load<f32>(dz + <usize>o * rowBytes + at);
      store<f32>(dxRow + at, a);
    }
  }
}

// Σ a[s]·b[s] over s < n (n % 4 == 0) as the SIMD lanes do it: four lane sums, (l0 + l1) + (l2 + l3).
function laneDot(a: usize, b: usize, n: i32): f32 {
  let l0: f32 = 0, l1: f32 = 0, l2: f32 = 0, l3: f32 = 0;
  for (let s = 0; s < n; s += 4) {
    const at = (<usize>s) << 2;
    l0 += load<f32>(a + at) * load<f32>(b + at);
    l1 += load<f32>(a + at, 4) * load<f32>(b + at, 4);
    l2 += load<f32>(a + at, 8) * load<f32>(b + at, 8);
    l3 += load<f32>(a + at, 12) * load<f32>(b + at, 12);
  }
  return (l0 + l1) + (l2 + l3);
}

// Σ a[s] over s < n (n % 4 == 0), in the same lane order as laneDot.
function laneSum(a: usize, n: i32): f32 {
  let l0: f32 = 0, l1: f32 = 0, l2: f32 = 0, l3: f32 = 0;
  for (let s = 0; s < n; s += 4) {
    const at = a + ((<usize>s) << 2);
    l0 += load<f32>(at);
    l1 += load<f32>(at, 4);
    l2 += load<f32>(at, 8);
    l3 += load<f32>(at, 12);
  }
  return (l0 + l1) + (l2 + l3);
}
