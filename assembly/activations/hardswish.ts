// Hardswish: y = z·min(max(z + 3, 0), 6)/6.
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (hardswish_kernel, hardswish_backward_kernel).
// Backward reads z: z < -3 ? 0 : z >= 3 ? dy : dy·(z/3 + 0.5). The boundary at +3 follows PyTorch's
// vectorised CPU path (`self >= 3 → grad`), which is what the reference fixture records
// (hardswish'(3) = 1, hardswish'(-3) = -0.5); PyTorch's scalar path would give 1.5 at exactly 3.
// The gate is std::min(std::max(x + 3, 0), 6) as PyTorch writes it (pseudo-min/max in f32x4: one
// maxps/minps each on x64), and the divisions by 6 and by 3 stay divisions: they round as PyTorch's
// float32 kernel does, so these values are PyTorch's bits (a multiply by 1/6 would not be).

const ZERO: f32 = 0;
const HALF: f32 = 0.5;
const THREE: f32 = 3;
const NEG_THREE: f32 = -3;
const SIX: f32 = 6;

// @ts-ignore: decorator
@inline export function hardswishF32(x: f32): f32 {
  let gate = x + THREE;
  gate = gate < ZERO ? ZERO : gate;
  gate = SIX < gate ? SIX : gate;
  return x * gate / SIX;
}

// @ts-ignore: decorator
@inline export function hardswishF32x4(x: v128): v128 {
  const six = f32x4.splat(SIX);
  const gate = f32x4.pmin(f32x4.pmax(f32x4.add(x, f32x4.splat(THREE)), f32x4.splat(ZERO)), six);
  return f32x4.div(f32x4.mul(x, gate), six);
}

// @ts-ignore: decorator
@inline export function hardswishGradF32(x: f32, dy: f32): f32 {
  if (x < NEG_THREE) return ZERO;
  return x >= THREE ? dy : dy * (x / THREE + HALF);
}

// @ts-ignore: decorator
@inline export function hardswishGradF32x4(x: v128, dy: v128): v128 {
  const three = f32x4.splat(THREE);
  const mid = f32x4.mul(dy, f32x4.add(f32x4.div(x, three), f32x4.splat(HALF)));
  const g = v128.bitselect(dy, mid, f32x4.ge(x, three));
  return v128.andnot(g, f32x4.lt(x, f32x4.splat(NEG_THREE)));
}

/** y[i] = z[i]·min(max(z[i] + 3, 0), 6)/6 for i < n; y may alias z. */
export function hardswishForward(z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Four vectors per iteration, every load before the first store (see ./index.ts).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = hardswishF32x4(v128.load(z + at));
      const y1 = hardswishF32x4(v128.load(z + at, 16));
      const y2 = hardswishF32x4(v128.load(z + at, 32));
      const y3 = hardswishF32x4(v128.load(z + at, 48));
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, hardswishF32x4(v128.load(z + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, hardswishF32(load<f32>(z + at)));
  }
}

/** dz[i] = dy[i]·hardswish′(z[i]) (see the file comment for the kinks) for i < n; reads z and dy; dz may alias dy. */
export function hardswishBackward(z: usize, dy: usize, dz: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = hardswishGradF32x4(v128.load(z + at), v128.load(dy + at));
      const d1 = hardswishGradF32x4(v128.load(z + at, 16), v128.load(dy + at, 16));
      const d2 = hardswishGradF32x4(v128.load(z + at, 32), v128.load(dy + at, 32));
      const d3 = hardswishGradF32x4(v128.load(z + at, 48), v128.load(dy + at, 48));
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, hardswishGradF32x4(v128.load(z + at), v128.load(dy + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, hardswishGradF32(load<f32>(z + at), load<f32>(dy + at)));
  }
}
