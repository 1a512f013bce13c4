// @ts-nocheck — AssemblyScript, not TypeScript (the root tsconfig includes bench/): compiled by
// bench/wasm/build.ts, from bench/wasm, with
//   asc ceiling.ts -O3 --enable simd --runtime stub --noAssert -o ../results/ceiling.wasm
//
// The ceiling: what this machine's Wasm engine can do with f32x4 multiplies and adds. chainsK
// runs K independent chains a_k <- a_k*m + m (one f32x4.mul and one dependent f32x4.add per
// round), so with enough chains the loop is bound by the multiply/add throughput rather than
// by their latency: a core with two 128-bit multiply and two add pipes of 3-cycle latency (Zen 3,
// for one) needs 12 chains in flight to issue 2 mul + 2 add every cycle, 16 flops per cycle.
// Live v128 values: K accumulators and m, so 13 at most for K = 12, which x64's 16 xmm registers
// hold next to V8's scratch registers: no spills. With m = 0.5 every chain converges to 1.0
// exactly and stays there (no denormals, no overflow); the chains start at different values so
// no compiler can merge them, and their sum is returned so none is dead code.
//
// Flops per call: iterations * K * 8 (4 lanes * (1 mul + 1 add)).

/** 12 chains: 13 live v128. */
export function chains12(iterations: i32, start: f32, half: f32): f32 {
  const m = f32x4.splat(half);
  let a0 = f32x4.splat(start + 0),
    a1 = f32x4.splat(start + 1),
    a2 = f32x4.splat(start + 2),
    a3 = f32x4.splat(start + 3);
  let a4 = f32x4.splat(start + 4),
    a5 = f32x4.splat(start + 5),
    a6 = f32x4.splat(start + 6),
    a7 = f32x4.splat(start + 7);
  let a8 = f32x4.splat(start + 8),
    a9 = f32x4.splat(start + 9),
    a10 = f32x4.splat(start + 10),
    a11 = f32x4.splat(start + 11);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), m);
    a1 = f32x4.add(f32x4.mul(a1, m), m);
    a2 = f32x4.add(f32x4.mul(a2, m), m);
    a3 = f32x4.add(f32x4.mul(a3, m), m);
    a4 = f32x4.add(f32x4.mul(a4, m), m);
    a5 = f32x4.add(f32x4.mul(a5, m), m);
    a6 = f32x4.add(f32x4.mul(a6, m), m);
    a7 = f32x4.add(f32x4.mul(a7, m), m);
    a8 = f32x4.add(f32x4.mul(a8, m), m);
    a9 = f32x4.add(f32x4.mul(a9, m), m);
    a10 = f32x4.add(f32x4.mul(a10, m), m);
    a11 = f32x4.add(f32x4.mul(a11, m), m);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7))),
    f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)),
  );
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}

/** 10 chains: 11 live v128. */
export function chains10(iterations: i32, start: f32, half: f32): f32 {
  const m = f32x4.splat(half);
  let a0 = f32x4.splat(start + 0),
    a1 = f32x4.splat(start + 1),
    a2 = f32x4.splat(start + 2),
    a3 = f32x4.splat(start + 3);
  let a4 = f32x4.splat(start + 4),
    a5 = f32x4.splat(start + 5),
    a6 = f32x4.splat(start + 6),
    a7 = f32x4.splat(start + 7);
  let a8 = f32x4.splat(start + 8),
    a9 = f32x4.splat(start + 9);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), m);
    a1 = f32x4.add(f32x4.mul(a1, m), m);
    a2 = f32x4.add(f32x4.mul(a2, m), m);
    a3 = f32x4.add(f32x4.mul(a3, m), m);
    a4 = f32x4.add(f32x4.mul(a4, m), m);
    a5 = f32x4.add(f32x4.mul(a5, m), m);
    a6 = f32x4.add(f32x4.mul(a6, m), m);
    a7 = f32x4.add(f32x4.mul(a7, m), m);
    a8 = f32x4.add(f32x4.mul(a8, m), m);
    a9 = f32x4.add(f32x4.mul(a9, m), m);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7))),
    f32x4.add(a8, a9),
  );
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}

/** 8 chains: 9 live v128. */
export function chains8(iterations: i32, start: f32, half: f32): f32 {
  const m = f32x4.splat(half);
  let a0 = f32x4.splat(start + 0),
    a1 = f32x4.splat(start + 1),
    a2 = f32x4.splat(start + 2),
    a3 = f32x4.splat(start + 3);
  let a4 = f32x4.splat(start + 4),
    a5 = f32x4.splat(start + 5),
    a6 = f32x4.splat(start + 6),
    a7 = f32x4.splat(start + 7);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), m);
    a1 = f32x4.add(f32x4.mul(a1, m), m);
    a2 = f32x4.add(f32x4.mul(a2, m), m);
    a3 = f32x4.add(f32x4.mul(a3, m), m);
    a4 = f32x4.add(f32x4.mul(a4, m), m);
    a5 = f32x4.add(f32x4.mul(a5, m), m);
    a6 = f32x4.add(f32x4.mul(a6, m), m);
    a7 = f32x4.add(f32x4.mul(a7, m), m);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}
