// SIMD forward pass and input gradient: both compute out[r][s] = Σ_k c(r, k)·in[k][s] over k in
// increasing order, starting from the k = 0 product (no 0 + …), with out and in feature-major.
//   forward: r = o, k = i, c = W[o][i] (a tile's rows are nIn floats apart), in = x,  then + b[o]
//   dx:      r = i, k = o, c = W[o][i] (a tile's rows are adjacent floats),  in = dz
// Only called when ASC_FEATURE_SIMD; the scalar reference is in ../dense.ts.
//
// Register blocking: a tile is R rows × C vectors (4C samples) of out, R ≤ 4, C ≤ 4, R·C ≤ 8,
// held in 8 accumulators. Per k it broadcasts each row's coefficient straight from memory with
// v128.load32_splat (one vbroadcastss under V8, no shuffle-port µop) and loads C vectors of `in`,
// then does R·C independent mul + add. TurboFan hoists the R + C loads of a step ahead of the
// arithmetic, so the live v128 are 8 accumulators + 6 loads + 1 product = 15, exactly the xmm
// registers V8 allocates on x64: nothing spills, and 8 independent add chains hide the latency.
// 4 × 2 (4 rows) and 2 × 4 (1–2 rows) both need 6 loads per 16 mul/add. On Zen 3 the loads to
// xmm share the ~4 FP µops per cycle with the arithmetic, which caps such a loop at about two
// thirds of the mul+add peak (measured here: ~34 of ~51 GFLOP/s); 12 accumulators would cut the
// loads per flop but spill under V8 and run at 25.
// see: Goto & van de Geijn, "Anatomy of High-Performance Matrix Multiplication" (micro-kernel).
// Everything here is @inline (the drivers into denseForward / denseBackward, which saves a call
// on the 2–5-wide layers), so R, C and FORWARD are compile-time constants at every tile: unused
// accumulators and branches fold away into straight-line code.

/** z[nOut][batch] = W·x + b with SIMD tiles; same contract as denseForward. */
// @ts-ignore: decorator
@inline
export function forwardRows(x: usize, w: usize, b: usize, z: usize, batch: i32, nIn: i32, nOut: i32): void {
  // No K-blocking here (unlike dx): W rows stream sequentially and each x line is shared by only
  // two consecutive tiles; chunking over i measured slower at batch 1024 and for 1024-wide W.
  const rowBytes = (<usize>batch) << 2;
  const wStride = (<usize>nIn) << 2;
  let o = 0;
  for (; o + 4 <= nOut; o += 4) {
    band(4, 2, true, true, w + <usize>o * wStride, wStride, x, z + <usize>o * rowBytes, rowBytes, nIn, b + ((<usize>o) << 2));
  }
  // 1–3 leftover outputs: a narrower band, not padding, so a 5→1 layer does no wasted work.
  const wo = w + <usize>o * wStride, zo = z + <usize>o * rowBytes, bo = b + ((<usize>o) << 2);
  switch (nOut - o) {
    case 3: band(3, 2, true, true, wo, wStride, x, zo, rowBytes, nIn, bo); break;
    case 2: band(2, 4, true, true, wo, wStride, x, zo, rowBytes, nIn, bo); break;
    case 1: band(1, 4, true, true, wo, wStride, x, zo, rowBytes, nIn, bo); break;
  }
}

/** dx[nIn][batch] = Wᵀ·dz with SIMD tiles; same contract as the dx part of denseBackward. */
// @ts-ignore: decorator
@inline
export function inputGradientRows(w: usize, dz: usize, dx: usize, batch: i32, nIn: i32, nOut: i32): void {
  const rowBytes = (<usize>batch) << 2;
  const wStride = (<usize>nIn) << 2;
  const KC = min(chunkFor(rowBytes), chunkFor(wStride));
  for (let o0 = 0; o0 < nOut; o0 += KC) {
    const kc = min(KC, nOut - o0);
    const first = o0 == 0;
    const wc = w + <usize>o0 * wStride, dzc = dz + <usize>o0 * rowBytes;
    let i = 0;
    for (; i + 4 <= nIn; i += 4) {
      band(4, 2, false, first, wc + ((<usize>i) << 2), wStride, dzc, dx + <usize>i * rowBytes, rowBytes, kc, 0);
    }
    const wi = wc + ((<usize>i) << 2), dxi = dx + <usize>i * rowBytes;
    switch (nIn - i) {
      case 3: band(3, 2, false, first, wi, wStride, dzc, dxi, rowBytes, kc, 0); break;
      case 2: band(2, 4, false, first, wi, wStride, dzc, dxi, rowBytes, kc, 0); break;
      case 1: band(1, 4, false, first, wi, wStride, dzc, dxi, rowBytes, kc, 0); break;
    }
  }
}

// R rows across the whole batch: tiles of 4C samples, then one narrower tile for the 4–12
// samples left (batch % 4 == 0). Four rows take 8-sample tiles (4 × 2); one or two rows take
// 16 samples (R × 4) so that 8 accumulators stay busy; three rows take 3 × 2.
// @ts-ignore: decorator
@inline function band(R: i32, C: i32, FORWARD: bool, first: bool, c: usize, cStride: usize, inp: usize, out: usize, rowBytes: usize, n: i32, b: usize): void {
  const tileBytes = <usize>(C << 4);
  const span = <usize>n * rowBytes;
  let at: usize = 0;
  for (; at + tileBytes <= rowBytes; at += tileBytes) tile(R, C, FORWARD, first, c, cStride, inp + at, out + at, rowBytes, span, b);
  const left = <i32>((rowBytes - at) >> 4);
  if (C > 3 && left == 3) tile(R, 3, FORWARD, first, c, cStride, inp + at, out + at, rowBytes, span, b);
  if (C > 2 && left == 2) tile(R, 2, FORWARD, first, c, cStride, inp + at, out + at, rowBytes, span, b);
  if (C > 1 && left == 1) tile(R, 1, FORWARD, first, c, cStride, inp + at, out + at, rowBytes, span, b);
}

// One R × C tile: out[r][0..4C) = Σ_k c(r, k)·in[k][0..4C) over the span / rowBytes rows of in;
// in and out point at the tile's first sample, rows rowBytes apart. FORWARD: c(r, k) is at
// c + r·cStride + 4k and b[r] is added after the sum. dx: c(r, k) is at c + 4r + k·cStride, and
// unless first the sums continue the partial sums already in out (K-blocking, see chunkFor).
// @ts-ignore: decorator
@inline function tile(R: i32, C: i32, FORWARD: bool, first: bool, c: usize, cStride: usize, inp: usize, out: usize, rowBytes: usize, span: usize, b: usize): void {
  // k = 0 starts each sum with its first product.
  let v0 = v128.load(inp);
  let v1 = C > 1 ? v128.load(inp, 16) : v0;
  let v2 = C > 2 ? v128.load(inp, 32) : v0;
  let v3 = C > 3 ? v128.load(inp, 48) : v0;
  let c0 = v128.load32_splat(c);
  let c1 = R > 1 ? (FORWARD ? v128.load32_splat(c + cStride) : v128.load32_splat(c, 4)) : c0;
  let c2 = R > 2 ? (FORWARD ? v128.load32_splat(c + 2 * cStride) : v128.load32_splat(c, 8)) : c0;
  let c3 = R > 3 ? (FORWARD ? v128.load32_splat(c + 3 * cStride) : v128.load32_splat(c, 12)) : c0;
  // Accumulator j holds row j / C, vector j % C.
  let a0 = f32x4.mul(coef(0, C, c0, c1, c2, c3), vec(0, C, v0, v1, v2, v3));
  let a1 = f32x4.mul(coef(1, C, c0, c1, c2, c3), vec(1, C, v0, v1, v2, v3));
  let a2 = f32x4.mul(coef(2, C, c0, c1, c2, c3), vec(2, C, v0, v1, v2, v3));
  let a3 = f32x4.mul(coef(3, C, c0, c1, c2, c3), vec(3, C, v0, v1, v2, v3));
  let a4 = f32x4.mul(coef(4, C, c0, c1, c2, c3), vec(4, C, v0, v1, v2, v3));
  let a5 = f32x4.mul(coef(5, C, c0, c1, c2, c3), vec(5, C, v0, v1, v2, v3));
  let a6 = f32x4.mul(coef(6, C, c0, c1, c2, c3), vec(6, C, v0, v1, v2, v3));
  let a7 = f32x4.mul(coef(7, C, c0, c1, c2, c3), vec(7, C, v0, v1, v2, v3));
  if (!FORWARD && !first) {
    a0 = f32x4.add(loadAcc(0, R, C, out, rowBytes), a0); a1 = f32x4.add(loadAcc(1, R, C, out, rowBytes), a1);
    a2 = f32x4.add(loadAcc(2, R, C, out, rowBytes), a2); a3 = f32x4.add(loadAcc(3, R, C, out, rowBytes), a3);
    a4 = f32x4.add(loadAcc(4, R, C, out, rowBytes), a4); a5 = f32x4.add(loadAcc(5, R, C, out, rowBytes), a5);
    a6 = f32x4.add(loadAcc(6, R, C, out, rowBytes), a6); a7 = f32x4.add(loadAcc(7, R, C, out, rowBytes), a7);
  }
  const end = inp + span;
  let ck = c;
  for (let p = inp + rowBytes; p < end; p += rowBytes) {
    ck += FORWARD ? 4 : cStride;
    v0 = v128.load(p);
    if (C > 1) v1 = v128.load(p, 16);
    if (C > 2) v2 = v128.load(p, 32);
    if (C > 3) v3 = v128.load(p, 48);
    c0 = v128.load32_splat(ck);
    if (R > 1) c1 = FORWARD ? v128.load32_splat(ck + cStride) : v128.load32_splat(ck, 4);
    if (R > 2) c2 = FORWARD ? v128.load32_splat(ck + 2 * cStride) : v128.load32_splat(ck, 8);
    if (R > 3) c3 = FORWARD ? v128.load32_splat(ck + 3 * cStride) : v128.load32_splat(ck, 12);
    a0 = madd(a0, coef(0, C, c0, c1, c2, c3), vec(0, C, v0, v1, v2, v3));
    if (R * C > 1) a1 = madd(a1, coef(1, C, c0, c1, c2, c3), vec(1, C, v0, v1, v2, v3));
    if (R * C > 2) a2 = madd(a2, coef(2, C, c0, c1, c2, c3), vec(2, C, v0, v1, v2, v3));
    if (R * C > 3) a3 = madd(a3, coef(3, C, c0, c1, c2, c3), vec(3, C, v0, v1, v2, v3));
    if (R * C > 4) a4 = madd(a4, coef(4, C, c0, c1, c2, c3), vec(4, C, v0, v1, v2, v3));
    if (R * C > 5) a5 = madd(a5, coef(5, C, c0, c1, c2, c3), vec(5, C, v0, v1, v2, v3));
    if (R * C > 6) a6 = madd(a6, coef(6, C, c0, c1, c2, c3), vec(6, C, v0, v1, v2, v3));
    if (R * C > 7) a7 = madd(a7, coef(7, C, c0, c1, c2, c3), vec(7, C, v0, v1, v2, v3));
  }
  if (FORWARD) {
    // The bias is added after the whole sum (the contract's order).
    c0 = v128.load32_splat(b);
    if (R > 1) c1 = v128.load32_splat(b, 4);
    if (R > 2) c2 = v128.load32_splat(b, 8);
    if (R > 3) c3 = v128.load32_splat(b, 12);
    a0 = f32x4.add(a0, coef(0, C, c0, c1, c2, c3)); a1 = f32x4.add(a1, coef(1, C, c0, c1, c2, c3));
    a2 = f32x4.add(a2, coef(2, C, c0, c1, c2, c3)); a3 = f32x4.add(a3, coef(3, C, c0, c1, c2, c3));
    a4 = f32x4.add(a4, coef(4, C, c0, c1, c2, c3)); a5 = f32x4.add(a5, coef(5, C, c0, c1, c2, c3));
    a6 = f32x4.add(a6, coef(6, C, c0, c1, c2, c3)); a7 = f32x4.add(a7, coef(7, C, c0, c1, c2, c3));
  }
  storeAcc(0, R, C, out, rowBytes, a0); storeAcc(1, R, C, out, rowBytes, a1);
  storeAcc(2, R, C, out, rowBytes, a2); storeAcc(3, R, C, out, rowBytes, a3);
  storeAcc(4, R, C, out, rowBytes, a4); storeAcc(5, R, C, out, rowBytes, a5);
  storeAcc(6, R, C, out, rowBytes, a6); storeAcc(7, R, C, out, rowBytes, a7);
}

// @ts-ignore: decorator
@inline function madd(acc: v128, c: v128, v: v128): v128 {
  // The relaxed build (--backend relaxed) fuses it: relaxed_madd(a, b, c) = a·b + c, rounded once
  // where the engine fuses (or twice where it does not: the spec allows either). The constant
  // folds the other branch away, so the simd build keeps its bits.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(c, v, acc);
  return f32x4.add(acc, f32x4.mul(c, v));
}

// The row coefficient of accumulator j (row j / C); j and C are constants, so this folds away.
// @ts-ignore: decorator
@inline function coef(j: i32, C: i32, c0: v128, c1: v128, c2: v128, c3: v128): v128 {
  const r = j / C;
  return r == 0 ? c0 : r == 1 ? c1 : r == 2 ? c2 : c3;
}

// The input vector of accumulator j (vector j % C).
// @ts-ignore: decorator
@inline function vec(j: i32, C: i32, v0: v128, v1: v128, v2: v128, v3: v128): v128 {
  const v = j % C;
  return v == 0 ? v0 : v == 1 ? v1 : v == 2 ? v2 : v3;
}

// Accumulator j's place in out: row j / C, vector j % C.
// @ts-ignore: decorator
@inline function loadAcc(j: i32, R: i32, C: i32, out: usize, rowBytes: usize): v128 {
  return j < R * C ? v128.load(out + <usize>(j / C) * rowBytes + <usize>((j % C) << 4)) : f32x4.splat(0);
}

// @ts-ignore: decorator
@inline function storeAcc(j: i32, R: i32, C: i32, out: usize, rowBytes: usize, a: v128): void {
  if (j < R * C) v128.store(out + <usize>(j / C) * rowBytes + <usize>((j % C) << 4), a);
}

// Rows of the reduction per dx pass (K-blocking). A dx tile touches one line of each W row and
// each dz row of the pass per step, `stride` bytes apart; without chunking those lines leave L1
// before the next tiles reuse them, and dx ran at ~24 GFLOP/s instead of ~31 at 256–1024 wide.
// A stride with 2^t lines folds its rows onto 64 / 2^t of L1's 64 sets (8 ways each), so the
// pass keeps to half of what those sets hold. Continuing a partial sum through memory is exact
// in f32, so chunking never changes a bit; it costs a load and a store per output vector per
// pass, hence at least 4 rows and at most 32.
// see: Goto & van de Geijn (K-blocking); Zen 3's L1D: 32 KB, 64 sets × 8 ways of 64 B lines.
// @ts-ignore: decorator
@inline function chunkFor(stride: usize): i32 {
  if ((stride & 63) != 0) return 32;
  const lines = <i32>(stride >> 6);
  const sets = 64 >> min(6, ctz(lines));
  return max(4, min(32, sets * 8 / 2));
}
