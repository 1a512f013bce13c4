// @ts-nocheck — AssemblyScript, not TypeScript (the root tsconfig includes bench/): compiled by
// bench/wasm/build.ts, from bench/wasm, with
//   asc limit.ts -O3 --enable simd --runtime stub --noAssert -o ../results/limit.wasm
//
// The limit kernel (issue 14): the tutorial's training step and evaluation, 2→5→5→5→5→1, hidden
// activation Op, sigmoid + BCE output, Adam, written by hand for that one shape, with production's
// bits. It imports production's activation forms, Adam, BCE evaluation and telemetry, so its bits
// follow whatever lands there; only the dense layers and their fusion with the activations are its own.
// The shape, as the issue describes it:
//   - one layer at a time, each a loop over the groups of 4 samples (8 per batch of 32) whose body
//     is straight-line code for that layer's widths (compile-time constants: small, no branches);
//   - every weight broadcast once per step into a v128 of its own (PRE), so the loops load, not splat;
//   - bias and activation applied as each output vector is stored (z is stored only for an
//     activation whose derivative reads z: leaky_relu);
//   - the output layer's forward, BCE's gradient, the sigmoid's backward, its dW/db and its dx in one
//     loop; every hidden layer's f′ folded into the dx that reaches it (dx is stored as dz);
//   - the dW and db sums of one or two output rows held in registers through the whole batch.
// The bit contracts (assembly/dense.ts): z = (Σ_i W[o][i]·x[i] in increasing i, from the i = 0
// product) + b[o]; dx[i] = Σ_o W[o][i]·dz[o] in increasing o, from the o = 0 product; dW and db in
// four lanes from 0 (lane l: samples s ≡ l mod 4, increasing s), combined as (l0 + l1) + (l2 + l3).
// No FMA, as production. SIMD only (the scalar build's bits are production's too, by its own tests).

import { LeakyRelu } from '../../assembly/activations/leaky_relu';
import { Activation } from '../../assembly/activations/map';
import { Relu } from '../../assembly/activations/relu';
import { Relu6 } from '../../assembly/activations/relu6';
import { Sigmoid, sigmoidF32x4 } from '../../assembly/activations/sigmoid';
import { Tanh } from '../../assembly/activations/tanh';
import { bceEvalAdd } from '../../assembly/loss/bce';
import { adamStepAt } from '../../assembly/optim/adam';
import { meanAbsOf } from '../../assembly/telemetry/mean-abs';

// The tutorial's shape: parameters [W0 b0 W1 b1 … W4 b4] as production's flat block (src/model/mlp.ts).
const H = 5;
const OFF0 = 0;
const OFF1 = OFF0 + 2 * H + H;
const OFF2 = OFF1 + H * H + H;
const OFF3 = OFF2 + H * H + H;
const OFF4 = OFF3 + H * H + H;
/** Parameters of the 2→5→5→5→5→1 network: 111. */
const NP = OFF4 + H + 1;
// PyTorch's 1e-12 floor on p(1 - p) in BCE's gradient (assembly/loss/bce.ts).
const GRAD_FLOOR: f32 = 1e-12;
// Pre-broadcast weights (see the header); false splats each weight from memory where it is used.
const PRE = true;

/** A bump allocation of `bytes` (16-byte aligned, never freed): the bench's buffers. */
export function alloc(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

/** Parameters in the network: 111. */
export function paramCount(): i32 {
  return NP;
}

/** Bytes of the work buffer for blocks of up to `padded` samples: y, z and dz of the hidden layers, the output p. */
export function workBytes(padded: i32): i32 {
  return (3 * 4 * H + 1) * padded * 4 + NP * 16;
}

// Weight k of the parameter block (its index from the start of the block), as a v128 of four copies.
// @ts-expect-error: decorator
@inline function wAt(wv: usize, params: usize, k: i32): v128 {
  return PRE ? v128.load(wv + ((<usize>k) << 4)) : v128.load32_splat(params + ((<usize>k) << 2));
}

// z[o] of one group: Σ_i W[o][i]·x_i from the i = 0 product, then + b[o]; the layer's parameters
// (W[NOUT][NIN], then b[NOUT]) start at OFF.
// @ts-expect-error: decorator
@inline function unit(OFF: i32, NIN: i32, NOUT: i32, o: i32, wv: usize, params: usize, x0: v128, x1: v128, x2: v128, x3: v128, x4: v128): v128 {
  const w = OFF + o * NIN;
  let a = f32x4.mul(wAt(wv, params, w), x0);
  if (NIN > 1) a = f32x4.add(a, f32x4.mul(wAt(wv, params, w + 1), x1));
  if (NIN > 2) a = f32x4.add(a, f32x4.mul(wAt(wv, params, w + 2), x2));
  if (NIN > 3) a = f32x4.add(a, f32x4.mul(wAt(wv, params, w + 3), x3));
  if (NIN > 4) a = f32x4.add(a, f32x4.mul(wAt(wv, params, w + 4), x4));
  return f32x4.add(a, wAt(wv, params, OFF + NIN * NOUT + o));
}

// One hidden layer forward (NIN → 5) over rb bytes of samples: y = f(z) (and z, when f′ reads it),
// rows rb bytes apart in inp, y and z.
// @ts-expect-error: decorator
@inline function forwardHidden<Op extends Activation>(OFF: i32, NIN: i32, wv: usize, params: usize, inp: usize, y: usize, z: usize, rb: usize, av: v128, bv: v128, cv: v128): void {
  const op = changetype<Op>(0);
  const storeZ = !op.backwardUsesY();
  for (let at: usize = 0; at < rb; at += 16) {
    const x0 = v128.load(inp + at);
    const x1 = NIN > 1 ? v128.load(inp + rb + at) : x0;
    const x2 = NIN > 2 ? v128.load(inp + 2 * rb + at) : x0;
    const x3 = NIN > 3 ? v128.load(inp + 3 * rb + at) : x0;
    const x4 = NIN > 4 ? v128.load(inp + 4 * rb + at) : x0;
    const z0 = unit(OFF, NIN, H, 0, wv, params, x0, x1, x2, x3, x4);
    v128.store(y + at, op.fx4(z0, av, bv, cv));
    const z1 = unit(OFF, NIN, H, 1, wv, params, x0, x1, x2, x3, x4);
    v128.store(y + rb + at, op.fx4(z1, av, bv, cv));
    const z2 = unit(OFF, NIN, H, 2, wv, params, x0, x1, x2, x3, x4);
    v128.store(y + 2 * rb + at, op.fx4(z2, av, bv, cv));
    const z3 = unit(OFF, NIN, H, 3, wv, params, x0, x1, x2, x3, x4);
    v128.store(y + 3 * rb + at, op.fx4(z3, av, bv, cv));
    const z4 = unit(OFF, NIN, H, 4, wv, params, x0, x1, x2, x3, x4);
    v128.store(y + 4 * rb + at, op.fx4(z4, av, bv, cv));
    if (storeZ) {
      v128.store(z + at, z0);
      v128.store(z + rb + at, z1);
      v128.store(z + 2 * rb + at, z2);
      v128.store(z + 3 * rb + at, z3);
      v128.store(z + 4 * rb + at, z4);
    }
  }
}

// Lane j of the result = (l0 + l1) + (l2 + l3) of cj: production's transpose-and-add (assembly/dense/weights.ts).
// @ts-expect-error: decorator
@inline function laneSums(c0: v128, c1: v128, c2: v128, c3: v128): v128 {
  const p01 = f32x4.add(v128.shuffle<f32>(c0, c1, 0, 2, 4, 6), v128.shuffle<f32>(c0, c1, 1, 3, 5, 7));
  const p23 = f32x4.add(v128.shuffle<f32>(c2, c3, 0, 2, 4, 6), v128.shuffle<f32>(c2, c3, 1, 3, 5, 7));
  return f32x4.add(v128.shuffle<f32>(p01, p23, 0, 2, 4, 6), v128.shuffle<f32>(p01, p23, 1, 3, 5, 7));
}

// Stores one row's NIN dW sums at dw and its db sum at db (NIN is 2 or 5).
// @ts-expect-error: decorator
@inline function storeRow(NIN: i32, dw: usize, db: usize, a0: v128, a1: v128, a2: v128, a3: v128, a4: v128, e: v128): void {
  const zero = f32x4.splat(0);
  if (NIN == 5) {
    v128.store(dw, laneSums(a0, a1, a2, a3));
    const s = laneSums(a4, e, zero, zero);
    store<f32>(dw, f32x4.extract_lane(s, 0), 16);
    store<f32>(db, f32x4.extract_lane(s, 1));
  } else {
    const s = laneSums(a0, a1, e, zero);
    store<f32>(dw, f32x4.extract_lane(s, 0));
    store<f32>(dw, f32x4.extract_lane(s, 1), 4);
    store<f32>(db, f32x4.extract_lane(s, 2));
  }
}

// dW and db of R (1 or 2) rows from output row o: the 2·(NIN + 1) sums stay in registers through the batch.
// dz: the layer's dz rows; x: its input rows; g: the layer's gradients in the flat block (at its OFF).
// @ts-expect-error: decorator
@inline function weightRows(R: i32, NIN: i32, o: i32, dz: usize, x: usize, g: usize, rb: usize): void {
  const zero = f32x4.splat(0);
  let a00 = zero, a01 = zero, a02 = zero, a03 = zero, a04 = zero, e0 = zero;
  let a10 = zero, a11 = zero, a12 = zero, a13 = zero, a14 = zero, e1 = zero;
  const d = dz + <usize>o * rb;
  for (let at: usize = 0; at < rb; at += 16) {
    const d0 = v128.load(d + at);
    const d1 = R > 1 ? v128.load(d + rb + at) : d0;
    let v = v128.load(x + at);
    a00 = f32x4.add(a00, f32x4.mul(d0, v));
    if (R > 1) a10 = f32x4.add(a10, f32x4.mul(d1, v));
    v = v128.load(x + rb + at);
    a01 = f32x4.add(a01, f32x4.mul(d0, v));
    if (R > 1) a11 = f32x4.add(a11, f32x4.mul(d1, v));
    if (NIN > 2) {
      v = v128.load(x + 2 * rb + at);
      a02 = f32x4.add(a02, f32x4.mul(d0, v));
      if (R > 1) a12 = f32x4.add(a12, f32x4.mul(d1, v));
      v = v128.load(x + 3 * rb + at);
      a03 = f32x4.add(a03, f32x4.mul(d0, v));
      if (R > 1) a13 = f32x4.add(a13, f32x4.mul(d1, v));
      v = v128.load(x + 4 * rb + at);
      a04 = f32x4.add(a04, f32x4.mul(d0, v));
      if (R > 1) a14 = f32x4.add(a14, f32x4.mul(d1, v));
    }
    e0 = f32x4.add(e0, d0);
    if (R > 1) e1 = f32x4.add(e1, d1);
  }
  const dwBytes = <usize>(NIN * H) << 2;
  storeRow(NIN, g + (<usize>(o * NIN) << 2), g + dwBytes + (<usize>o << 2), a00, a01, a02, a03, a04, e0);
  if (R > 1) storeRow(NIN, g + (<usize>((o + 1) * NIN) << 2), g + dwBytes + (<usize>(o + 1) << 2), a10, a11, a12, a13, a14, e1);
}

// dz of the layer below a 5 → 5 layer: f′ applied to dx[i] = Σ_o W[o][i]·dz[o] as each is stored.
// fx: the rows f′ reads (y or z of the layer below); out: its dz rows.
// @ts-expect-error: decorator
@inline function inputGradient<Op extends Activation>(OFF: i32, wv: usize, params: usize, dz: usize, fx: usize, out: usize, rb: usize, av: v128, bv: v128, cv: v128): void {
  const op = changetype<Op>(0);
  for (let at: usize = 0; at < rb; at += 16) {
    const d0 = v128.load(dz + at);
    const d1 = v128.load(dz + rb + at);
    const d2 = v128.load(dz + 2 * rb + at);
    const d3 = v128.load(dz + 3 * rb + at);
    const d4 = v128.load(dz + 4 * rb + at);
    dxUnit<Op>(OFF, 0, wv, params, d0, d1, d2, d3, d4, fx, out, rb, at, av, bv, cv);
    dxUnit<Op>(OFF, 1, wv, params, d0, d1, d2, d3, d4, fx, out, rb, at, av, bv, cv);
    dxUnit<Op>(OFF, 2, wv, params, d0, d1, d2, d3, d4, fx, out, rb, at, av, bv, cv);
    dxUnit<Op>(OFF, 3, wv, params, d0, d1, d2, d3, d4, fx, out, rb, at, av, bv, cv);
    dxUnit<Op>(OFF, 4, wv, params, d0, d1, d2, d3, d4, fx, out, rb, at, av, bv, cv);
  }
}

// @ts-expect-error: decorator
@inline function dxUnit<Op extends Activation>(OFF: i32, i: i32, wv: usize, params: usize, d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, fx: usize, out: usize, rb: usize, at: usize, av: v128, bv: v128, cv: v128): void {
  const op = changetype<Op>(0);
  let a = f32x4.mul(wAt(wv, params, OFF + i), d0);
  a = f32x4.add(a, f32x4.mul(wAt(wv, params, OFF + H + i), d1));
  a = f32x4.add(a, f32x4.mul(wAt(wv, params, OFF + 2 * H + i), d2));
  a = f32x4.add(a, f32x4.mul(wAt(wv, params, OFF + 3 * H + i), d3));
  a = f32x4.add(a, f32x4.mul(wAt(wv, params, OFF + 4 * H + i), d4));
  const row = <usize>i * rb + at;
  v128.store(out + row, op.dfx4(v128.load(fx + row), a, av, bv, cv));
}

// The output layer (5 → 1, sigmoid) and BCE over one block, in one loop: p, BCE's gradient for the
// block's n real samples (0 in the padding), the sigmoid's backward, dW4 and db4 in registers, and
// the dz of the last hidden layer (f′ folded into dx = W4[0][i]·dz, a single product).
// @ts-expect-error: decorator
@inline function outputStep<Op extends Activation>(wv: usize, params: usize, y: usize, fx: usize, t: usize, out: usize, g: usize, n: i32, rb: usize, av: v128, bv: v128, cv: v128): void {
  const op = changetype<Op>(0);
  const zero = f32x4.splat(0), one = f32x4.splat(1), floor = f32x4.splat(GRAD_FLOOR), count = f32x4.splat(<f32>n);
  const nV = i32x4.splat(n);
  let lane = i32x4(0, 1, 2, 3);
  let a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero, e = zero;
  for (let at: usize = 0; at < rb; at += 16) {
    const x0 = v128.load(y + at);
    const x1 = v128.load(y + rb + at);
    const x2 = v128.load(y + 2 * rb + at);
    const x3 = v128.load(y + 3 * rb + at);
    const x4 = v128.load(y + 4 * rb + at);
    const p = sigmoidF32x4(unit(OFF4, H, 1, 0, wv, params, x0, x1, x2, x3, x4));
    // bceBackward: (p - t)/max((1 - p)·p, 1e-12)/n for the real samples, 0 for the padding.
    const dp = v128.and(f32x4.div(f32x4.div(f32x4.sub(p, v128.load(t + at)), f32x4.max(f32x4.mul(f32x4.sub(one, p), p), floor)), count), i32x4.lt_s(lane, nV));
    lane = i32x4.add(lane, i32x4.splat(4));
    // Sigmoid's backward, (dy·(1 - y))·y.
    const d = f32x4.mul(f32x4.mul(dp, f32x4.sub(one, p)), p);
    a0 = f32x4.add(a0, f32x4.mul(d, x0));
    a1 = f32x4.add(a1, f32x4.mul(d, x1));
    a2 = f32x4.add(a2, f32x4.mul(d, x2));
    a3 = f32x4.add(a3, f32x4.mul(d, x3));
    a4 = f32x4.add(a4, f32x4.mul(d, x4));
    e = f32x4.add(e, d);
    // f′ reads y (already in registers) or z of the last hidden layer.
    const usesY = op.backwardUsesY();
    const f0 = usesY ? x0 : v128.load(fx + at);
    const f1 = usesY ? x1 : v128.load(fx + rb + at);
    const f2 = usesY ? x2 : v128.load(fx + 2 * rb + at);
    const f3 = usesY ? x3 : v128.load(fx + 3 * rb + at);
    const f4 = usesY ? x4 : v128.load(fx + 4 * rb + at);
    v128.store(out + at, op.dfx4(f0, f32x4.mul(wAt(wv, params, OFF4), d), av, bv, cv));
    v128.store(out + rb + at, op.dfx4(f1, f32x4.mul(wAt(wv, params, OFF4 + 1), d), av, bv, cv));
    v128.store(out + 2 * rb + at, op.dfx4(f2, f32x4.mul(wAt(wv, params, OFF4 + 2), d), av, bv, cv));
    v128.store(out + 3 * rb + at, op.dfx4(f3, f32x4.mul(wAt(wv, params, OFF4 + 3), d), av, bv, cv));
    v128.store(out + 4 * rb + at, op.dfx4(f4, f32x4.mul(wAt(wv, params, OFF4 + 4), d), av, bv, cv));
  }
  storeRow(H, g + (<usize>OFF4 << 2), g + (<usize>(OFF4 + H) << 2), a0, a1, a2, a3, a4, e);
}

// The buffers of a work area for blocks of up to `cap` bytes per row (workBytes).
// @ts-expect-error: decorator
@inline function yOf(work: usize, cap: usize, l: i32): usize { return work + <usize>(l * H) * cap; }
// @ts-expect-error: decorator
@inline function zOf(work: usize, cap: usize, l: i32): usize { return work + <usize>((4 + l) * H) * cap; }
// @ts-expect-error: decorator
@inline function dOf(work: usize, cap: usize, l: i32): usize { return work + <usize>((8 + l) * H) * cap; }
// @ts-expect-error: decorator
@inline function pOf(work: usize, cap: usize): usize { return work + <usize>(12 * H) * cap; }
// @ts-expect-error: decorator
@inline function wvOf(work: usize, cap: usize): usize { return work + <usize>(12 * H + 1) * cap; }

// @ts-expect-error: decorator
@inline function broadcast(params: usize, wv: usize): void {
  if (!PRE) return;
  for (let k = 0; k < NP; k++) v128.store(wv + ((<usize>k) << 4), v128.load32_splat(params + ((<usize>k) << 2)));
}

// The four hidden layers forward over rb bytes of samples, from x.
// @ts-expect-error: decorator
@inline function forwardAll<Op extends Activation>(params: usize, wv: usize, work: usize, cap: usize, x: usize, rb: usize, av: v128, bv: v128, cv: v128): void {
  forwardHidden<Op>(OFF0, 2, wv, params, x, yOf(work, cap, 0), zOf(work, cap, 0), rb, av, bv, cv);
  forwardHidden<Op>(OFF1, H, wv, params, yOf(work, cap, 0), yOf(work, cap, 1), zOf(work, cap, 1), rb, av, bv, cv);
  forwardHidden<Op>(OFF2, H, wv, params, yOf(work, cap, 1), yOf(work, cap, 2), zOf(work, cap, 2), rb, av, bv, cv);
  forwardHidden<Op>(OFF3, H, wv, params, yOf(work, cap, 2), yOf(work, cap, 3), zOf(work, cap, 3), rb, av, bv, cv);
}

// A 5 → 5 layer's backward: its dW and db (rows 0–1, 2–3, 4), then the dz of the layer below.
// @ts-expect-error: decorator
@inline function hiddenBackward<Op extends Activation>(OFF: i32, l: i32, params: usize, grads: usize, wv: usize, work: usize, cap: usize, rb: usize, av: v128, bv: v128, cv: v128): void {
  const op = changetype<Op>(0);
  const dz = dOf(work, cap, l), x = yOf(work, cap, l - 1), g = grads + (<usize>OFF << 2);
  weightRows(2, H, 0, dz, x, g, rb);
  weightRows(2, H, 2, dz, x, g, rb);
  weightRows(1, H, 4, dz, x, g, rb);
  inputGradient<Op>(OFF, wv, params, dz, op.backwardUsesY() ? x : zOf(work, cap, l - 1), dOf(work, cap, l - 1), rb, av, bv, cv);
}

// One epoch of training steps over the block table (x, t, n, padded: i32 each per block), from step t0.
function epochOf<Op extends Activation>(
  actParams: usize, params: usize, grads: usize, m: usize, v: usize, work: usize, cap: usize, blocks: usize, nBlocks: i32,
  t0: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, telemetry: usize,
): i32 {
  const op = changetype<Op>(0);
  const av = f32x4.splat(op.a(actParams)), bv = f32x4.splat(op.b(actParams)), cv = f32x4.splat(op.c(actParams));
  const wv = wvOf(work, cap);
  let t = t0;
  for (let k = 0; k < nBlocks; k++) {
    const block = blocks + ((<usize>k) << 4);
    const x = <usize>load<i32>(block), tt = <usize>load<i32>(block, 4), n = load<i32>(block, 8);
    const rb = (<usize>load<i32>(block, 12)) << 2;
    broadcast(params, wv);
    forwardAll<Op>(params, wv, work, cap, x, rb, av, bv, cv);
    outputStep<Op>(wv, params, yOf(work, cap, 3), zOf(work, cap, 3), tt, dOf(work, cap, 3), grads, n, rb, av, bv, cv);
    hiddenBackward<Op>(OFF3, 3, params, grads, wv, work, cap, rb, av, bv, cv);
    hiddenBackward<Op>(OFF2, 2, params, grads, wv, work, cap, rb, av, bv, cv);
    hiddenBackward<Op>(OFF1, 1, params, grads, wv, work, cap, rb, av, bv, cv);
    const d0 = dOf(work, cap, 0), g0 = grads + (<usize>OFF0 << 2);
    weightRows(2, 2, 0, d0, x, g0, rb);
    weightRows(2, 2, 2, d0, x, g0, rb);
    weightRows(1, 2, 4, d0, x, g0, rb);
    // The tutorial's telemetry, mean |dW| per layer, as production adds it.
    store<f64>(telemetry, load<f64>(telemetry) + meanAbsOf(grads + (<usize>OFF0 << 2), 2 * H));
    store<f64>(telemetry, load<f64>(telemetry, 8) + meanAbsOf(grads + (<usize>OFF1 << 2), H * H), 8);
    store<f64>(telemetry, load<f64>(telemetry, 16) + meanAbsOf(grads + (<usize>OFF2 << 2), H * H), 16);
    store<f64>(telemetry, load<f64>(telemetry, 24) + meanAbsOf(grads + (<usize>OFF3 << 2), H * H), 24);
    store<f64>(telemetry, load<f64>(telemetry, 32) + meanAbsOf(grads + (<usize>OFF4 << 2), H), 32);
    t++;
    adamStepAt(t, lr, beta1, beta2, eps, 0, false, false, params, grads, m, v, 0, NP);
  }
  return t;
}

// The evaluation over one block of n samples (padded of them in its rows): out f64[4] as production's evaluateNetwork.
function evaluateOf<Op extends Activation>(actParams: usize, params: usize, work: usize, cap: usize, x: usize, t: usize, n: i32, padded: i32, out: usize): void {
  const op = changetype<Op>(0);
  const av = f32x4.splat(op.a(actParams)), bv = f32x4.splat(op.b(actParams)), cv = f32x4.splat(op.c(actParams));
  const wv = wvOf(work, cap), rb = (<usize>padded) << 2, y = yOf(work, cap, 3), p = pOf(work, cap);
  broadcast(params, wv);
  forwardAll<Op>(params, wv, work, cap, x, rb, av, bv, cv);
  for (let at: usize = 0; at < rb; at += 16) {
    const x0 = v128.load(y + at);
    const x1 = v128.load(y + rb + at);
    const x2 = v128.load(y + 2 * rb + at);
    const x3 = v128.load(y + 3 * rb + at);
    const x4 = v128.load(y + 4 * rb + at);
    v128.store(p + at, sigmoidF32x4(unit(OFF4, H, 1, 0, wv, params, x0, x1, x2, x3, x4)));
  }
  store<f64>(out, 0);
  store<f64>(out, 0, 8);
  store<f64>(out, 0, 16);
  store<f64>(out, 0, 24);
  bceEvalAdd(p, t, n, out);
}

// Activation codes of the two entry points: the tutorial's five hidden activations.
// 0 relu, 1 tanh, 2 sigmoid, 3 relu6, 4 leaky_relu (negative slope f32 at actParams).

/** Trains one epoch over nBlocks blocks (table at `blocks`: x, t, n, padded as i32; rows padded·4 bytes ≤ cap apart) from Adam step t0; updates params, m, v, grads, adds mean |dW_l| to telemetry f64[5]; returns the last step. */
export function trainEpochLimit(
  act: i32, actParams: usize, params: usize, grads: usize, m: usize, v: usize, work: usize, cap: i32, blocks: usize, nBlocks: i32,
  t0: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, telemetry: usize,
): i32 {
  const c = <usize>cap;
  switch (act) {
    case 0: return epochOf<Relu>(actParams, params, grads, m, v, work, c, blocks, nBlocks, t0, lr, beta1, beta2, eps, telemetry);
    case 1: return epochOf<Tanh>(actParams, params, grads, m, v, work, c, blocks, nBlocks, t0, lr, beta1, beta2, eps, telemetry);
    case 2: return epochOf<Sigmoid>(actParams, params, grads, m, v, work, c, blocks, nBlocks, t0, lr, beta1, beta2, eps, telemetry);
    case 3: return epochOf<Relu6>(actParams, params, grads, m, v, work, c, blocks, nBlocks, t0, lr, beta1, beta2, eps, telemetry);
    case 4: return epochOf<LeakyRelu>(actParams, params, grads, m, v, work, c, blocks, nBlocks, t0, lr, beta1, beta2, eps, telemetry);
  }
  unreachable();
  return 0;
}

/** out f64[4] = (Σ BCE, correct, non-finite, saturated) over one block (x f32[2][padded], t f32[padded], rows ≤ cap bytes); reads params; writes work and out. */
export function evaluateLimit(act: i32, actParams: usize, params: usize, work: usize, cap: i32, x: usize, t: usize, n: i32, padded: i32, out: usize): void {
  const c = <usize>cap;
  switch (act) {
    case 0: evaluateOf<Relu>(actParams, params, work, c, x, t, n, padded, out); return;
    case 1: evaluateOf<Tanh>(actParams, params, work, c, x, t, n, padded, out); return;
    case 2: evaluateOf<Sigmoid>(actParams, params, work, c, x, t, n, padded, out); return;
    case 3: evaluateOf<Relu6>(actParams, params, work, c, x, t, n, padded, out); return;
    case 4: evaluateOf<LeakyRelu>(actParams, params, work, c, x, t, n, padded, out); return;
  }
  unreachable();
}
