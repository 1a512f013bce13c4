// Divergence detection: training checks, once per epoch, whether a weight or an output has
// become NaN or ±Infinity. x - x is 0 for every finite x and NaN for NaN and ±Infinity, so one
// subtraction and one self-comparison classify four lanes at a time.

/** True when some x[i], i < n, is NaN or ±Infinity; x: f32[n]; reads only. */
export function anyNonFinite(x: usize, n: i32): bool {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let seen = i32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(x + ((<usize>i) << 2));
      const d = f32x4.sub(v, v);
      seen = v128.or(seen, f32x4.ne(d, d));
    }
    if (v128.any_true(seen)) return true;
  }
  for (; i < n; i++) {
    const v = load<f32>(x + ((<usize>i) << 2));
    if (v - v != 0) return true;
  }
  return false;
}

/** Number of i < n where x[i] is NaN or ±Infinity; x: f32[n]; reads only. */
export function countNonFinite(x: usize, n: i32): i32 {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = load<f32>(x + ((<usize>i) << 2));
    if (v - v != 0) count++;
  }
  return count;
}
