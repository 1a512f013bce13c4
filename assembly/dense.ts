// Dense (nn.Linear) forward and backward on feature-major activations: a layer's input is
// x[nIn][batch], so consecutive samples of one feature sit side by side and one v128 holds 4
// samples. The tutorial's layers are 2–5 wide, far too narrow to vectorise over features.
// The scalar build performs the same f32 operations in the same order, lane by lane, so the two
// builds agree bit for bit.

// Samples per SIMD block: 4 independent accumulators hide the add latency.
const BLOCK: i32 = 16;

/** z[nOut][batch] = W[nOut][nIn]·x[nIn][batch] + b[nOut]; batch % 4 == 0; writes z only; z must not alias x. */
export function denseForward(x: usize, w: usize, b: usize, z: usize, batch: i32, nIn: i32, nOut: i32): void {
  const rowBytes = (<usize>batch) << 2;
  for (let o = 0; o < nOut; o++) {
    const wRow = w + ((<usize>(o * nIn)) << 2);
    const bias = load<f32>(b + ((<usize>o) << 2));
    const zRow = z + <usize>o * rowBytes;
    let s = 0;
    if (ASC_FEATURE_SIMD) {
      const biasV = f32x4.splat(bias);
      for (; s + BLOCK <= batch; s += BLOCK) {
        const at = (<usize>s) << 2;
        let w0 = f32x4.splat(load<f32>(wRow));
        let a0 = f32x4.mul(w0, v128.load(x + at));
        let a1 = f32x4.mul(w0, v128.load(x + at, 16));
        let a2 = f32x4.mul(w0, v128.load(x + at, 32));
        let a3 = f32x4.mul(w0, v128.load(x + at, 48));
        for (let i = 1; i < nIn; i++) {
          const wi = f32x4.splat(load<f32>(wRow + ((<usize>i) << 2)));
          const xi = x + <usize>i * rowBytes + at;
          a0 = f32x4.add(a0, f32x4.mul(wi, v128.load(xi)));
          a1 = f32x4.add(a1, f32x4.mul(wi, v128.load(xi, 16)));
          a2 = f32x4.add(a2, f32x4.mul(wi, v128.load(xi, 32)));
          a3 = f32x4.add(a3, f32x4.mul(wi, v128.load(xi, 48)));
        }
        v128.store(zRow + at, f32x4.add(a0, biasV));
        v128.store(zRow + at, f32x4.add(a1, biasV), 16);
        v128.store(zRow + at, f32x4.add(a2, biasV), 32);
        v128.store(zRow + at, f32x4.add(a3, biasV), 48);
      }
      for (; s < batch; s += 4) {
        const at = (<usize>s) << 2;
        let a = f32x4.mul(f32x4.splat(load<f32>(wRow)), v128.load(x + at));
        for (let i = 1; i < nIn; i++) {
          const wi = f32x4.splat(load<f32>(wRow + ((<usize>i) << 2)));
          a = f32x4.add(a, f32x4.mul(wi, v128.load(x + <usize>i * rowBytes + at)));
        }
        v128.store(zRow + at, f32x4.add(a, biasV));
      }
    } else {
      for (; s < batch; s++) {
        const at = (<usize>s) << 2;
        let a = load<f32>(wRow) * load<f32>(x + at);
        for (let i = 1; i < nIn; i++) {
          a += load<f32>(wRow + ((<usize>i) << 2)) * load<f32>(x + <usize>i * rowBytes + at);
        }
        store<f32>(zRow + at, a + bias);
      }
    }
  }
}

/**
 * dW[nOut][nIn] = dz·xᵀ and db[nOut] = Σ_batch dz, both overwritten; dx[nIn][batch] = Wᵀ·dz
 * unless dx == 0. batch % 4 == 0 and padding samples must carry dz = 0. Reads x, W, dz; dx must
 * not alias dz or x.
 */
export function denseBackward(x: usize, w: usize, dz: usize, dw: usize, db: usize, dx: usize, batch: i32, nIn: i32, nOut: i32): void {
  const rowBytes = (<usize>batch) << 2;
  for (let o = 0; o < nOut; o++) {
    const dzRow = dz + <usize>o * rowBytes;
    const dwRow = dw + ((<usize>(o * nIn)) << 2);
    for (let i = 0; i < nIn; i++) {
      store<f32>(dwRow + ((<usize>i) << 2), dot(dzRow, x + <usize>i * rowBytes, batch));
    }
    store<f32>(db + ((<usize>o) << 2), rowSum(dzRow, batch));
  }
  if (dx != 0) inputGradient(w, dz, dx, batch, nIn, nOut);
}

// Σ a[s]·b[s] over s < n (n % 4 == 0): four lane sums, combined as (l0 + l1) + (l2 + l3).
// @ts-ignore: decorator
@inline function dot(a: usize, b: usize, n: i32): f32 {
  if (ASC_FEATURE_SIMD) {
    let acc = f32x4.splat(0);
    for (let s = 0; s < n; s += 4) {
      const at = (<usize>s) << 2;
      acc = f32x4.add(acc, f32x4.mul(v128.load(a + at), v128.load(b + at)));
    }
    return laneSum(acc);
  } else {
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
}

// Σ a[s] over s < n (n % 4 == 0), in the same lane order as dot.
// @ts-ignore: decorator
@inline function rowSum(a: usize, n: i32): f32 {
  if (ASC_FEATURE_SIMD) {
    let acc = f32x4.splat(0);
    for (let s = 0; s < n; s += 4) acc = f32x4.add(acc, v128.load(a + ((<usize>s) << 2)));
    return laneSum(acc);
  } else {
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
}

// @ts-ignore: decorator
@inline function laneSum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

// dx[i][s] = Σ_o W[o][i]·dz[o][s], summed in increasing o.
function inputGradient(w: usize, dz: usize, dx: usize, batch: i32, nIn: i32, nOut: i32): void {
  const rowBytes = (<usize>batch) << 2;
  const wStride = (<usize>nIn) << 2;
  for (let i = 0; i < nIn; i++) {
    const wCol = w + ((<usize>i) << 2);
    const dxRow = dx + <usize>i * rowBytes;
    let s = 0;
    if (ASC_FEATURE_SIMD) {
      for (; s + BLOCK <= batch; s += BLOCK) {
        const at = (<usize>s) << 2;
        let w0 = f32x4.splat(load<f32>(wCol));
        let a0 = f32x4.mul(w0, v128.load(dz + at));
        let a1 = f32x4.mul(w0, v128.load(dz + at, 16));
        let a2 = f32x4.mul(w0, v128.load(dz + at, 32));
        let a3 = f32x4.mul(w0, v128.load(dz + at, 48));
        for (let o = 1; o < nOut; o++) {
          const wo = f32x4.splat(load<f32>(wCol + <usize>o * wStride));
          const dzo = dz + <usize>o * rowBytes + at;
          a0 = f32x4.add(a0, f32x4.mul(wo, v128.load(dzo)));
          a1 = f32x4.add(a1, f32x4.mul(wo, v128.load(dzo, 16)));
          a2 = f32x4.add(a2, f32x4.mul(wo, v128.load(dzo, 32)));
          a3 = f32x4.add(a3, f32x4.mul(wo, v128.load(dzo, 48)));
        }
        v128.store(dxRow + at, a0);
        v128.store(dxRow + at, a1, 16);
        v128.store(dxRow + at, a2, 32);
        v128.store(dxRow + at, a3, 48);
      }
      for (; s < batch; s += 4) {
        const at = (<usize>s) << 2;
        let a = f32x4.mul(f32x4.splat(load<f32>(wCol)), v128.load(dz + at));
        for (let o = 1; o < nOut; o++) {
          a = f32x4.add(a, f32x4.mul(f32x4.splat(load<f32>(wCol + <usize>o * wStride)), v128.load(dz + <usize>o * rowBytes + at)));
        }
        v128.store(dxRow + at, a);
      }
    } else {
      for (; s < batch; s++) {
        const at = (<usize>s) << 2;
        let a = load<f32>(wCol) * load<f32>(dz + at);
        for (let o = 1; o < nOut; o++) a += load<f32>(wCol + <usize>o * wStride) * load<f32>(dz + <usize>o * rowBytes + at);
        store<f32>(dxRow + at, a);
      }
    }
  }
}
