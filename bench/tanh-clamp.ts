// Checks assembly/math/tanh.ts's clamp of |x| at 10 on every float32 with |x| >= 9 (and every NaN
// and infinity): tanh of the clamped build (B) must have the bits of the unclamped one (A), in the
// SIMD and the scalar build; then times both builds' tanh forward on saturated inputs (|z| in
// [44, 88]: subnormal e^{-2|z|} without the clamp) and on |z| <= 3.
//   npx tsx bench/tanh-clamp.ts --a /tmp/old/build [--b build]
import { readFileSync } from 'node:fs';
import { option } from './args.js';

interface K {
  memory: WebAssembly.Memory;
  heapBase(): number;
  activationForward(id: number, params: number, z: number, y: number, n: number): void;
}
const TANH = 3;
const N = 1 << 22;
async function kernels(file: string): Promise<K> {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { abort: () => {} } });
  const k = instance.exports as unknown as K;
  const need = k.heapBase() + 3 * N * 4 + 64;
  if (need > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
  return k;
}
const dirA = option('a', '/tmp/old/build');
const dirB = option('b', 'build');
let mismatches = 0;
let checked = 0;
for (const build of ['simd', 'scalar']) {
  const a = await kernels(`${dirA}/actlab.${build}.wasm`);
  const b = await kernels(`${dirB}/actlab.${build}.wasm`);
  const at = (a.heapBase() + 15) & ~15;
  const bt = (b.heapBase() + 15) & ~15;
  for (const sign of [0, 0x80000000]) {
    for (let start = 0x41100000; start <= 0x7fffffff; start += N) {
      const m = Math.min(N, 0x7fffffff - start + 1);
      for (const [k, base] of [
        [a, at],
        [b, bt],
      ] as const) {
        const z = new Uint32Array(k.memory.buffer, base, m);
        for (let i = 0; i < m; i++) z[i] = (start + i) | sign;
        k.activationForward(TANH, 0, base, base + N * 4, m);
      }
      const ya = new Uint32Array(a.memory.buffer, at + N * 4, m);
      const yb = new Uint32Array(b.memory.buffer, bt + N * 4, m);
      for (let i = 0; i < m; i++) if (ya[i] !== yb[i]) mismatches++;
      checked += m;
    }
  }
  // Timing: saturated and ordinary inputs, A and B interleaved, best of 15.
  for (const [label, lo, hi] of [
    ['|z| in [44, 88]', 44, 88],
    ['|z| <= 3', 0, 3],
  ] as const) {
    const best = [Infinity, Infinity];
    for (let r = 0; r < 15; r++) {
      for (const [j, k, base] of [
        [0, a, at],
        [1, b, bt],
      ] as const) {
        const z = new Float32Array(k.memory.buffer, base, N);
        for (let i = 0; i < N; i++) z[i] = (i & 1 ? -1 : 1) * (lo + ((hi - lo) * i) / N);
        const t0 = performance.now();
        k.activationForward(TANH, 0, base, base + N * 4, N);
        best[j] = Math.min(best[j]!, performance.now() - t0);
      }
    }
    const ns = best.map((ms) => ((ms * 1e6) / N).toFixed(3));
    console.log(`${build} tanh forward, ${label}: A ${ns[0]} ns/elt, B ${ns[1]} ns/elt (B/A ${(best[1]! / best[0]!).toFixed(2)})`);
  }
}
console.log(`${checked} float32 patterns with |x| >= 9 (NaN and ±Infinity included), both builds: ${mismatches} mismatches`);
