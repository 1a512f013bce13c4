// The one element-wise loop of the activation kernels, generic over the activation: the dispatch
// (assembly/generated/activation-dispatch.ts, which scripts/build.mjs writes from the ids in
// src/shared/activation-id.ts) instantiates mapForward<Op> and mapBackward<Op> once per activation
// class (./relu.ts, ...), whose
// @inline methods are that activation's scalar and f32x4 forms, so each instance compiles to the loop
// one would write by hand for it: the calls are direct and inlined, there is no function table.
// The loops themselves are not @inline: each instance stays a function of its own, as the hand-written
// kernels were, and Binaryen inlines the small ones into the dispatch as it did those.
// In the SIMD build the loops run 16 lanes (four vectors) at a time, then 4, and finish the tail (or,
// in the scalar build, everything) with the scalar form; the two forms do the same operations in the
// same order, so both builds give the same bits. The four vectors of an iteration are all loaded and
// computed before the first store: with no store in between, V8 builds each f32x4 constant once for
// all four (see ../math/exp.ts) and interleaves their four dependency chains, which is what bounds
// these loops (measured on x64: about 1.5x faster than one vector per iteration for the
// exponential-based kernels, and no faster with 8).
// The kernels are element-wise, so y == z (dz == dy) in place is still safe.

/**
 * An activation's forms, as the loops call them (its class, in its own file, gives them). A class may
 * also have `forwardAll(z, y, n)` and `backwardAll(dy, dz, n)`, which then replace the loops (found
 * with isDefined at compile time, so no other class pays for it): the identity's memory.copy.
 */
export interface Activation {
  /** Per-call constants a, b, c: derived from the options at params (f32 p0, p1, …), read only if taken. */
  a(params: usize): f32;
  b(params: usize): f32;
  c(params: usize): f32;
  /** f(x) for one f32, and lane-wise with the same operations (a, b, c splatted once per call). */
  f(x: f32, a: f32, b: f32, c: f32): f32;
  fx4(x: v128, a: v128, b: v128, c: v128): v128;
  /** True when f′ reads the output y, false when it reads the pre-activation z: the registry's backwardUses. */
  backwardUsesY(): bool;
  /** dy·f′ for one f32 and lane-wise, x being the buffer f′ reads (z or y, as backwardUsesY says). */
  df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32;
  dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128;
}

/** The per-call constants of an activation without options: all 0, and unused. */
export class NoOptions {
  @inline a(params: usize): f32 { return 0; }
  @inline b(params: usize): f32 { return 0; }
  @inline c(params: usize): f32 { return 0; }
}

/** The per-call constants of an activation with one option: a = p0; b and c are 0, and unused. */
export class OneOption {
  @inline a(params: usize): f32 { return load<f32>(params); }
  @inline b(params: usize): f32 { return 0; }
  @inline c(params: usize): f32 { return 0; }
}

/** y[i] = f(z[i]) for i < n with Op's forms; params → Op's f32 options; y may alias z (exactly); writes y only. */
export function mapForward<Op extends Activation>(params: usize, z: usize, y: usize, n: i32): void {
  // No instance exists: the methods never read `this`.
  const op = changetype<Op>(0);
  // A class may replace the whole loop (the identity's copy): decided at compile time.
  if (isDefined(op.forwardAll)) {
    op.forwardAll(z, y, n);
    return;
  }
  const a = op.a(params), b = op.b(params), c = op.c(params);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const av = f32x4.splat(a), bv = f32x4.splat(b), cv = f32x4.splat(c);
    // Four vectors per iteration, every load before the first store (see above).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = op.fx4(v128.load(z + at), av, bv, cv);
      const y1 = op.fx4(v128.load(z + at, 16), av, bv, cv);
      const y2 = op.fx4(v128.load(z + at, 32), av, bv, cv);
      const y3 = op.fx4(v128.load(z + at, 48), av, bv, cv);
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, op.fx4(v128.load(z + at), av, bv, cv));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, op.f(load<f32>(z + at), a, b, c));
  }
}

/** dz[i] = dy[i]·f′ for i < n with Op's forms, f′ read from z or y (Op's backwardUsesY), the other never read; params → Op's f32 options; dz may alias dy (exactly); writes dz only. */
export function mapBackward<Op extends Activation>(params: usize, z: usize, y: usize, dy: usize, dz: usize, n: i32): void {
  const op = changetype<Op>(0);
  if (isDefined(op.backwardAll)) {
    op.backwardAll(dy, dz, n);
    return;
  }
  // A constant per instance: the other pointer is dropped at compile time.
  const x = op.backwardUsesY() ? y : z;
  const a = op.a(params), b = op.b(params), c = op.c(params);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const av = f32x4.splat(a), bv = f32x4.splat(b), cv = f32x4.splat(c);
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = op.dfx4(v128.load(x + at), v128.load(dy + at), av, bv, cv);
      const d1 = op.dfx4(v128.load(x + at, 16), v128.load(dy + at, 16), av, bv, cv);
      const d2 = op.dfx4(v128.load(x + at, 32), v128.load(dy + at, 32), av, bv, cv);
      const d3 = op.dfx4(v128.load(x + at, 48), v128.load(dy + at, 48), av, bv, cv);
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, op.dfx4(v128.load(x + at), v128.load(dy + at), av, bv, cv));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, op.df(load<f32>(x + at), load<f32>(dy + at), a, b, c));
  }
}
