// @ts-nocheck — AssemblyScript, not TypeScript (the root tsconfig includes bench/): compiled by
// bench/wasm/build.ts (tanhRationalWasm), for bench/tanh-rational.ts.
// The exponential-based tanh (assembly/math/tanh.ts) and the rational one (assembly/math/tanh-rational.ts),
// and sigmoid as today (assembly/activations/sigmoid.ts) and through the rational tanh,
// σ(x) = 0.5 + 0.5·tanh(x/2), each as an f32x4 loop over an array (four vectors per iteration, every
// load before the first store, as assembly/activations/map.ts) and as a scalar loop, for the bench
// to time them and measure their error, and to check that each pair of twins agrees bit for bit.

import { sigmoidF32, sigmoidF32x4 } from '../../assembly/activations/sigmoid';
import { tanhF32, tanhF32x4 } from '../../assembly/math/tanh';

const HALF: f32 = 0.5;
const ONE: f32 = 1;

// The rational tanh (not landed: see docs/performance.md, "Rational tanh and sigmoid"). With a = min(|x|, 9),
// t = a²: tanh a ≈ a·P(t)/Q(t), P = 1 + A1·t + … + A5·t⁵, Q = 1 + B1·t + … + B4·t⁴ (Horner, no FMA), then
// min(·, 1) and x's sign. see: Cheney & Loeb, "Two new algorithms for rational approximation" (Numer. Math.
// 3, 1961): the differential-correction minimax fit of the relative error on [0, 9] with P(0) = Q(0) = 1
// (each step a scipy HiGHS linear program; fit error 5.3e-9), then the f32 coefficients hill-climbed a
// few ulps each on the measured float32 error. tanh 9 rounds to 1 - 2^-24, above 9.011 to 1; r(9)
// evaluates to 1, so saturated units give exactly 1.

const CLAMP: f32 = 9;
const SIGN: i32 = 0x80000000;
const A1: f32 = 0.13647259771823883;
const A2: f32 = 0.0038277178537100554;
const A3: f32 = 2.7209054678678513e-5;
const A4: f32 = 2.875822957548735e-8;
const A5: f32 = -1.0940305952833462e-11;
const B1: f32 = 0.46980592608451843;
const B2: f32 = 0.027096398174762726;
const B3: f32 = 0.0003867753257509321;
const B4: f32 = 1.2327925560384756e-6;

/** tanh x for one f32 (see the file comment for the error bound). */
@final
class tanhRationalF32 {
  @inline static f(x: f32): f32 {
    // pmin(|x|, 9), as the f32x4 twin: NaN passes through.
    const a = CLAMP < abs<f32>(x) ? CLAMP : abs<f32>(x);
    const t = a * a;
    const p = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t + ONE;
    const q = (((B4 * t + B3) * t + B2) * t + B1) * t + ONE;
    const r = (a * p) / q;
    // pmin(r, 1): r >= +0 (or NaN), so or-ing in x's sign bit is copysign.
    const s = ONE < r ? ONE : r;
    return reinterpret<f32>(reinterpret<i32>(s) | (reinterpret<i32>(x) & SIGN));
  }
}

/** tanh x lane-wise: the f32x4 twin of tanhRationalF32. */
@final
class tanhRationalF32x4 {
  @inline static f(x: v128): v128 {
    const sign = i32x4.splat(SIGN);
    const one = f32x4.splat(ONE);
    const a = f32x4.pmin(v128.andnot(x, sign), f32x4.splat(CLAMP));
    const t = f32x4.mul(a, a);
    let p = f32x4.add(f32x4.mul(f32x4.splat(A5), t), f32x4.splat(A4));
    p = f32x4.add(f32x4.mul(p, t), f32x4.splat(A3));
    p = f32x4.add(f32x4.mul(p, t), f32x4.splat(A2));
    p = f32x4.add(f32x4.mul(p, t), f32x4.splat(A1));
    p = f32x4.add(f32x4.mul(p, t), one);
    let q = f32x4.add(f32x4.mul(f32x4.splat(B4), t), f32x4.splat(B3));
    q = f32x4.add(f32x4.mul(q, t), f32x4.splat(B2));
    q = f32x4.add(f32x4.mul(q, t), f32x4.splat(B1));
    q = f32x4.add(f32x4.mul(q, t), one);
    const r = f32x4.div(f32x4.mul(a, p), q);
    return v128.or(f32x4.pmin(r, one), v128.and(x, sign));
  }
}

@final
class sigmoidTanhF32 {
  @inline static f(x: f32): f32 {
    return HALF + HALF * tanhRationalF32.f(x * HALF);
  }
}

@final
class sigmoidTanhF32x4 {
  @inline static f(x: v128): v128 {
    const h = f32x4.splat(HALF);
    return f32x4.add(h, f32x4.mul(h, tanhRationalF32x4.f(f32x4.mul(x, h))));
  }
}

@final
class fx4 {
  @inline static f(form: i32, x: v128): v128 {
    if (form === 0) return tanhF32x4(x);
    if (form === 1) return tanhRationalF32x4.f(x);
    if (form === 2) return sigmoidF32x4(x);
    return sigmoidTanhF32x4.f(x);
  }
}

@final
class scalar {
  @inline static f(form: i32, x: f32): f32 {
    if (form === 0) return tanhF32(x);
    if (form === 1) return tanhRationalF32.f(x);
    if (form === 2) return sigmoidF32(x);
    return sigmoidTanhF32.f(x);
  }
}

@final
class loop4 {
  @inline static f(form: i32, z: usize, y: usize, n: i32): void {
    for (let i = 0; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = fx4.f(form, v128.load(z + at));
      const y1 = fx4.f(form, v128.load(z + at, 16));
      const y2 = fx4.f(form, v128.load(z + at, 32));
      const y3 = fx4.f(form, v128.load(z + at, 48));
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
  }
}

/** y[i] = form(z[i]) lane-wise, i < n (n a multiple of 16); form 0 tanh, 1 rational tanh, 2 sigmoid, 3 sigmoid via rational tanh; z, y: f32[n]. */
export function forward4(form: i32, z: usize, y: usize, n: i32): void {
  // One loop per form, each with its constants inlined (a runtime switch inside would stop V8 sharing them).
  if (form === 0) loop4.f(0, z, y, n);
  else if (form === 1) loop4.f(1, z, y, n);
  else if (form === 2) loop4.f(2, z, y, n);
  else loop4.f(3, z, y, n);
}

/** y[i] = form(z[i]) with the scalar twin, i < n; z, y: f32[n]. */
export function forward1(form: i32, z: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, scalar.f(form, load<f32>(z + at)));
  }
}

/** dz[i] = dy[i]·(1 - y[i]²) lane-wise (tanh's backward, the same for both forms), i < n (a multiple of 16). */
export function backward4(y: usize, dy: usize, dz: usize, n: i32): void {
  const one = f32x4.splat(ONE);
  for (let i = 0; i + 16 <= n; i += 16) {
    const at = (<usize>i) << 2;
    const y0 = v128.load(y + at),
      y1 = v128.load(y + at, 16),
      y2 = v128.load(y + at, 32),
      y3 = v128.load(y + at, 48);
    const d0 = f32x4.mul(v128.load(dy + at), f32x4.sub(one, f32x4.mul(y0, y0)));
    const d1 = f32x4.mul(v128.load(dy + at, 16), f32x4.sub(one, f32x4.mul(y1, y1)));
    const d2 = f32x4.mul(v128.load(dy + at, 32), f32x4.sub(one, f32x4.mul(y2, y2)));
    const d3 = f32x4.mul(v128.load(dy + at, 48), f32x4.sub(one, f32x4.mul(y3, y3)));
    v128.store(dz + at, d0);
    v128.store(dz + at, d1, 16);
    v128.store(dz + at, d2, 32);
    v128.store(dz + at, d3, 48);
  }
}

/** 1 when a and b have the same bits or are both NaN (NaN payloads may differ), else 0. */
@final
class differs {
  @inline static f(a: f32, b: f32): u32 {
    return reinterpret<u32>(a) !== reinterpret<u32>(b) && !(isNaN<f32>(a) && isNaN<f32>(b)) ? 1 : 0;
  }
}

/** Over the float32 patterns start … start + count - 1 (count a multiple of 4, wrapping at 2^32): how many give different bits in form's (0 or 1) f32x4 and scalar twins. */
export function twinMismatches(form: i32, start: u32, count: u32): u32 {
  let bad: u32 = 0;
  const step = i32x4(0, 1, 2, 3);
  for (let k: u32 = 0; k < count; k += 4) {
    const b = start + k;
    const v = i32x4.add(i32x4.splat(b), step);
    const w = form === 1 ? tanhRationalF32x4.f(v) : tanhF32x4(v);
    const s0 = reinterpret<f32>(b),
      s1 = reinterpret<f32>(b + 1),
      s2 = reinterpret<f32>(b + 2),
      s3 = reinterpret<f32>(b + 3);
    bad += differs.f(form === 1 ? tanhRationalF32.f(s0) : tanhF32(s0), f32x4.extract_lane(w, 0));
    bad += differs.f(form === 1 ? tanhRationalF32.f(s1) : tanhF32(s1), f32x4.extract_lane(w, 1));
    bad += differs.f(form === 1 ? tanhRationalF32.f(s2) : tanhF32(s2), f32x4.extract_lane(w, 2));
    bad += differs.f(form === 1 ? tanhRationalF32.f(s3) : tanhF32(s3), f32x4.extract_lane(w, 3));
  }
  return bad;
}

/** First free byte: the arrays go from here. */
export function heapBase(): usize {
  return __heap_base;
}
