// @ts-nocheck — AssemblyScript, not TypeScript (the root tsconfig includes bench/): compiled by
// bench/wasm/build.ts, from bench/wasm, with
//   asc ceiling-fma.ts -O3 --enable simd,relaxed-simd --runtime stub --noAssert -o ../results/ceiling-fma.wasm
//
// The FMA ceiling, next to ./ceiling.ts's mul+add one: fmaK runs K independent chains
// a_k <- a_k*m + m as one relaxed-SIMD f32x4.relaxed_madd per round (vfmadd on x64 with FMA3;
// an engine may compute it unfused, which the spec allows: then this measures mul+add again).
// A fused multiply-add has one latency (4 cycles on Zen) where mul then add has two, so fewer
// chains fill the pipes; K + 1 live v128 (K accumulators and m). m = 0.5: every chain converges to
// 1.0 and stays there (no denormals); the sum is returned so no chain is dead code.
// Relaxed SIMD needs `--experimental-wasm-relaxed-simd` in Node 20 (bench/ceiling.ts sets it).
//
// Flops per call: iterations * K * 8 (4 lanes * (1 mul + 1 add), fused).

/** 12 chains: 13 live v128. */
export function fma12(iterations: i32, start: f32, half: f32): f32 {
  const m = f32x4.splat(half);
  let a0 = f32x4.splat(start + 0);
  let a1 = f32x4.splat(start + 1);
  let a2 = f32x4.splat(start + 2);
  let a3 = f32x4.splat(start + 3);
  let a4 = f32x4.splat(start + 4);
  let a5 = f32x4.splat(start + 5);
  let a6 = f32x4.splat(start + 6);
  let a7 = f32x4.splat(start + 7);
  let a8 = f32x4.splat(start + 8);
  let a9 = f32x4.splat(start + 9);
  let a10 = f32x4.splat(start + 10);
  let a11 = f32x4.splat(start + 11);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.relaxed_madd(a0, m, m);
    a1 = f32x4.relaxed_madd(a1, m, m);
    a2 = f32x4.relaxed_madd(a2, m, m);
    a3 = f32x4.relaxed_madd(a3, m, m);
    a4 = f32x4.relaxed_madd(a4, m, m);
    a5 = f32x4.relaxed_madd(a5, m, m);
    a6 = f32x4.relaxed_madd(a6, m, m);
    a7 = f32x4.relaxed_madd(a7, m, m);
    a8 = f32x4.relaxed_madd(a8, m, m);
    a9 = f32x4.relaxed_madd(a9, m, m);
    a10 = f32x4.relaxed_madd(a10, m, m);
    a11 = f32x4.relaxed_madd(a11, m, m);
  }
  const s = f32x4.add(
    f32x4.add(
      f32x4.add(
        f32x4.add(f32x4.add(f32x4.add(f32x4.add(f32x4.add(f32x4.add(f32x4.add(f32x4.add(a0, a1), a2), a3), a4), a5), a6), a7), a8),
        a9,
      ),
      a10,
    ),
    a11,
  );
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}

/** 8 chains: 9 live v128. */
export function fma8(iterations: i32, start: f32, half: f32): f32 {
  const m = f32x4.splat(half);
  let a0 = f32x4.splat(start + 0);
  let a1 = f32x4.splat(start + 1);
  let a2 = f32x4.splat(start + 2);
  let a3 = f32x4.splat(start + 3);
  let a4 = f32x4.splat(start + 4);
  let a5 = f32x4.splat(start + 5);
  let a6 = f32x4.splat(start + 6);
  let a7 = f32x4.splat(start + 7);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.relaxed_madd(a0, m, m);
    a1 = f32x4.relaxed_madd(a1, m, m);
    a2 = f32x4.relaxed_madd(a2, m, m);
    a3 = f32x4.relaxed_madd(a3, m, m);
    a4 = f32x4.relaxed_madd(a4, m, m);
    a5 = f32x4.relaxed_madd(a5, m, m);
    a6 = f32x4.relaxed_madd(a6, m, m);
    a7 = f32x4.relaxed_madd(a7, m, m);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(f32x4.add(f32x4.add(f32x4.add(f32x4.add(a0, a1), a2), a3), a4), a5), a6), a7);
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}

/** 6 chains: 7 live v128. */
export function fma6(iterations: i32, start: f32, half: f32): f32 {
  const m = f32x4.splat(half);
  let a0 = f32x4.splat(start + 0);
  let a1 = f32x4.splat(start + 1);
  let a2 = f32x4.splat(start + 2);
  let a3 = f32x4.splat(start + 3);
  let a4 = f32x4.splat(start + 4);
  let a5 = f32x4.splat(start + 5);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.relaxed_madd(a0, m, m);
    a1 = f32x4.relaxed_madd(a1, m, m);
    a2 = f32x4.relaxed_madd(a2, m, m);
    a3 = f32x4.relaxed_madd(a3, m, m);
    a4 = f32x4.relaxed_madd(a4, m, m);
    a5 = f32x4.relaxed_madd(a5, m, m);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(f32x4.add(f32x4.add(a0, a1), a2), a3), a4), a5);
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}
