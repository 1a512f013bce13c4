// Adam's training-path step (optimizerStep → adamStepAt) over 112 parameters (the tutorial's 111,
// padded) whose gradient is 0 and whose first moment is subnormal (a dead ReLU unit's weights after
// ~800 zero-gradient steps), and the same step with normal moments, for two builds (A, B) in one
// process: ns per step, best of 25 samples of 20,000 steps from step 5000, the order of A and B
// alternating. B flushes such a moment to 0 every 16th step (assembly/optim/adam.ts), so its later
// steps run on normal numbers; w must come out with the same bits in both.
//   npx tsx bench/adam-subnormal.ts --a /tmp/old/build/actlab.simd.wasm [--b build/actlab.simd.wasm]
import { readFileSync } from 'node:fs';
import { OptimizerKind } from '../src/shared/layout.js';
import { option } from './args.js';

interface K {
  memory: WebAssembly.Memory;
  heapBase(): number;
  optimizerStep(opt: number): void;
}
const N = 112;
const STEPS = 20_000;
async function kernels(file: string): Promise<K> {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { abort: () => {} } });
  return instance.exports as unknown as K;
}
const files = [option('a', '/tmp/old/build/actlab.simd.wasm'), option('b', 'build/actlab.simd.wasm')];
const ks = await Promise.all(files.map(kernels));
const lr = 1e-4;
const b1 = 0.9;
const b2 = 0.999;
const t = 5000;

function setup(k: K, subnormal: boolean): number[] {
  const base = (k.heapBase() + 15) & ~15;
  const ptrs = [0, 1, 2, 3, 4].map((i) => base + i * 512);
  const f = (p: number, n: number) => new Float32Array(k.memory.buffer, p, n);
  // OptRecord (src/shared/layout.ts): Kind, Steps, Params, Grads, Count, State[4], Hyper f64[8] at 40.
  const rec = new Int32Array(k.memory.buffer, ptrs[0]!, 10);
  rec.set([OptimizerKind.Adam, t, ptrs[1]!, ptrs[2]!, N, ptrs[3]!, ptrs[4]!, 0, 0, 0]);
  new Float64Array(k.memory.buffer, ptrs[0]! + 40, 8).set([lr, b1, b2, 1e-8, 0, 0, 0, 0]);
  for (let i = 0; i < N; i++) {
    f(ptrs[1]!, N)[i] = 0.1 + i / N;
    f(ptrs[2]!, N)[i] = subnormal ? 0 : 1e-3;
    f(ptrs[3]!, N)[i] = subnormal ? 4 * 2 ** -149 * (i % 2 ? -1 : 1) : 1e-3;
    f(ptrs[4]!, N)[i] = 1e-6;
  }
  return ptrs;
}
for (const subnormal of [true, false]) {
  const best = [Infinity, Infinity];
  const w: Float32Array[] = [];
  for (let r = 0; r < 25; r++) {
    for (const j of r % 2 ? [1, 0] : [0, 1]) {
      const k = ks[j]!;
      const [h, wp] = setup(k, subnormal);
      const t0 = performance.now();
      for (let s = 0; s < STEPS; s++) k.optimizerStep(h!);
      best[j] = Math.min(best[j]!, performance.now() - t0);
      w[j] = new Float32Array(k.memory.buffer, wp!, N).slice();
    }
  }
  const same = w[0]!.every((x, i) => Object.is(x, w[1]![i]));
  const ns = best.map((ms) => ((ms * 1e6) / STEPS).toFixed(1));
  console.log(
    `${subnormal ? 'g = 0, subnormal m' : 'normal m and g   '}: A ${ns[0]} ns/step, B ${ns[1]} ns/step (B/A ${(best[1]! / best[0]!).toFixed(2)}); w bits equal: ${same}`,
  );
}
