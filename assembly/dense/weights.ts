// SIMD weight and bias gradients: dW[o][i] = Σ_s dz[o][s]·x[i][s] and db[o] = Σ_s dz[o][s].
// Each sum is one v128 accumulator starting at 0: lane l adds the samples s ≡ l (mod 4) in
// increasing s, and the four lanes are combined as (l0 + l1) + (l2 + l3) — the contract, which
// the scalar reference in ../dense.ts spells out lane by lane. Only called when ASC_FEATURE_SIMD.
//
// One sum alone is bound by the add latency (one dependent add per 4 samples: the old kernel's
// 260 ns at 32×5→5), so a tile computes R ≤ 2 outputs × C ≤ 4 inputs at once (plus, in the last
// tile of a band, the R bias sums): up to 8 independent chains, enough for both add ports. Per 4
// samples it loads R vectors of dz and C of x, each feeding 2 or 4 products. TurboFan hoists the
// 6 loads ahead of the arithmetic: 8 accumulators + 6 loads + 1 product = 15 live v128, the xmm
// registers V8 allocates on x64, so nothing spills (12 accumulators did, at 2/3 the speed). The
// four sums of a row leave through one transpose-and-add (laneSums), not four horizontal sums.
// Everything here is @inline (the driver into denseBackward), so R, C and DB are compile-time
// constants at every tile: the unused accumulators and branches fold away.

// @ts-ignore: decorator
@inline function madd(acc: v128, c: v128, v: v128): v128 {
  // The relaxed build (--backend relaxed) fuses it: relaxed_madd(a, b, c) = a·b + c, rounded once
  // where the engine fuses (or twice where it does not: the spec allows either). The constant
  // folds the other branch away, so the simd build keeps its bits.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(c, v, acc);
  return f32x4.add(acc, f32x4.mul(c, v));
}

/** dW[nOut][nIn] and db[nOut], both overwritten, with SIMD tiles; same contract as denseBackward's. */
// @ts-ignore: decorator
@inline
export function weightGradientRows(x: usize, dz: usize, dw: usize, db: usize, batch: i32, nIn: i32, nOut: i32): void {
  const rowBytes = (<usize>batch) << 2;
  const wStride = (<usize>nIn) << 2;
  let o = 0;
  for (; o + 2 <= nOut; o += 2) {
    weightBand(2, x, dz + <usize>o * rowBytes, dw + <usize>o * wStride, db + ((<usize>o) << 2), rowBytes, wStride, nIn);
  }
  if (o < nOut) weightBand(1, x, dz + <usize>o * rowBytes, dw + <usize>o * wStride, db + ((<usize>o) << 2), rowBytes, wStride, nIn);
}

// R rows of dW (and db): tiles of 4 inputs, then the 0–3 leftover inputs together with db.
// @ts-ignore: decorator
@inline function weightBand(R: i32, x: usize, dz: usize, dw: usize, db: usize, rowBytes: usize, wStride: usize, nIn: i32): void {
  let i = 0;
  for (; i + 4 <= nIn; i += 4) {
    weightTile(R, 4, false, x + <usize>i * rowBytes, dz, dw + ((<usize>i) << 2), db, rowBytes, wStride);
  }
  const xi = x + <usize>i * rowBytes, dwi = dw + ((<usize>i) << 2);
  switch (nIn - i) {
    case 3: weightTile(R, 3, true, xi, dz, dwi, db, rowBytes, wStride); break;
    case 2: weightTile(R, 2, true, xi, dz, dwi, db, rowBytes, wStride); break;
    case 1: weightTile(R, 1, true, xi, dz, dwi, db, rowBytes, wStride); break;
    default: weightTile(R, 0, true, xi, dz, dwi, db, rowBytes, wStride); break;
  }
}

// dW[r][c] = Σ_s dz[r][s]·x[c][s] for r < R, c < C, and db[r] = Σ_s dz[r][s] when DB; x points at
// x[first input], dz at dz[first output], dw at dW[first output][first input], db at db[first output].
// @ts-ignore: decorator
@inline function weightTile(R: i32, C: i32, DB: bool, x: usize, dz: usize, dw: usize, db: usize, rowBytes: usize, wStride: usize): void {
  const x1 = x + rowBytes, x2 = x1 + rowBytes, x3 = x2 + rowBytes, dz1 = dz + rowBytes;
  const zero = f32x4.splat(0);
  let a00 = zero, a01 = zero, a02 = zero, a03 = zero, e0 = zero;
  let a10 = zero, a11 = zero, a12 = zero, a13 = zero, e1 = zero;
  for (let at: usize = 0; at < rowBytes; at += 16) {
    const d0 = v128.load(dz + at);
    const d1 = R > 1 ? v128.load(dz1 + at) : d0;
    if (C > 0) { const v = v128.load(x + at); a00 = madd(a00, d0, v); if (R > 1) a10 = madd(a10, d1, v); }
    if (C > 1) { const v = v128.load(x1 + at); a01 = madd(a01, d0, v); if (R > 1) a11 = madd(a11, d1, v); }
    if (C > 2) { const v = v128.load(x2 + at); a02 = madd(a02, d0, v); if (R > 1) a12 = madd(a12, d1, v); }
    if (C > 3) { const v = v128.load(x3 + at); a03 = madd(a03, d0, v); if (R > 1) a13 = madd(a13, d1, v); }
    if (DB) { e0 = f32x4.add(e0, d0); if (R > 1) e1 = f32x4.add(e1, d1); }
  }
  storeRow(C, DB, laneSums(column(C, DB, 0, a00, e0), column(C, DB, 1, a01, e0), column(C, DB, 2, a02, e0), column(C, DB, 3, a03, e0)), dw, db);
  if (R > 1) {
    storeRow(C, DB, laneSums(column(C, DB, 0, a10, e1), column(C, DB, 1, a11, e1), column(C, DB, 2, a12, e1), column(C, DB, 3, a13, e1)), dw + wStride, db + 4);
  }
}

// Column c (0–3) of a row's four sums: the dW sum when c < C, the db sum in the column after them.
// @ts-ignore: decorator
@inline function column(C: i32, DB: bool, c: i32, dwSum: v128, dbSum: v128): v128 {
  return c < C ? dwSum : (DB && c == C ? dbSum : f32x4.splat(0));
}

// Lane j of the result = (l0 + l1) + (l2 + l3) of cj: a 4×4 transpose fused with the adds,
// 6 shufps + 3 adds for four sums instead of 4 × (3 extracts + 3 adds).
// see: _MM_TRANSPOSE4_PS in xmmintrin.h, reordered so each add pairs the contract's lanes.
// @ts-ignore: decorator
@inline function laneSums(c0: v128, c1: v128, c2: v128, c3: v128): v128 {
  // [c0 l0+l1, c0 l2+l3, c1 l0+l1, c1 l2+l3]
  const p01 = f32x4.add(v128.shuffle<f32>(c0, c1, 0, 2, 4, 6), v128.shuffle<f32>(c0, c1, 1, 3, 5, 7));
  const p23 = f32x4.add(v128.shuffle<f32>(c2, c3, 0, 2, 4, 6), v128.shuffle<f32>(c2, c3, 1, 3, 5, 7));
  // [c0, c1, c2, c3], each (l0 + l1) + (l2 + l3)
  return f32x4.add(v128.shuffle<f32>(p01, p23, 0, 2, 4, 6), v128.shuffle<f32>(p01, p23, 1, 3, 5, 7));
}

// Writes the C dW sums of one row (lanes 0..C-1) and, when DB, its db sum (lane C).
// @ts-ignore: decorator
@inline function storeRow(C: i32, DB: bool, sums: v128, dw: usize, db: usize): void {
  if (C == 4) {
    v128.store(dw, sums);
  } else {
    if (C > 0) store<f32>(dw, f32x4.extract_lane(sums, 0));
    if (C > 1) store<f32>(dw, f32x4.extract_lane(sums, 1), 4);
    if (C > 2) store<f32>(dw, f32x4.extract_lane(sums, 2), 8);
    if (DB) {
      if (C == 0) store<f32>(db, f32x4.extract_lane(sums, 0));
      if (C == 1) store<f32>(db, f32x4.extract_lane(sums, 1));
      if (C == 2) store<f32>(db, f32x4.extract_lane(sums, 2));
      if (C == 3) store<f32>(db, f32x4.extract_lane(sums, 3));
    }
  }
}
