// The rational-tanh experiment (issue 14, item 2; decision in docs/performance.md, "Rational tanh and
// sigmoid"): bench/wasm/tanh-rational.ts's exponential tanh (assembly/math/tanh.ts, what the kernels
// use), its rational tanh, and sigmoid as today and as 0.5 + 0.5·tanh(x/2) through the rational tanh.
// Prints each tanh's max ulp error vs float64 Math.tanh over every float32 in [2^-20, 10] (both signs
// by symmetry), the max relative error for 2^22 log-uniform |x| in [1e-30, 2^-20], the f32x4/scalar
// twins' mismatches over a stride of float32 patterns (every pattern with --all), sigmoid's relative
// error on [-20, 0], and ns/element of the f32x4 loops at 1e6 elements (forms interleaved, min and
// median of --rounds samples).
//   npx tsx bench/tanh-rational.ts [--rounds 15] [--all]
import { readFileSync } from 'node:fs';
import { countOption } from './args.js';
import { tanhRationalWasm } from './wasm/build.js';

interface K {
  memory: WebAssembly.Memory;
  heapBase(): number;
  forward4(form: number, z: number, y: number, n: number): void;
  forward1(form: number, z: number, y: number, n: number): void;
  backward4(y: number, dy: number, dz: number, n: number): void;
  twinMismatches(form: number, start: number, count: number): number;
}
const { instance } = await WebAssembly.instantiate(readFileSync(tanhRationalWasm()), {});
const k = instance.exports as unknown as K;
const rounds = countOption('rounds', 15);
const CHUNK = 1 << 20;
const base = (k.heapBase() + 15) & ~15;
const need = base + 3 * CHUNK * 4;
if (need > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
const z = new Float32Array(k.memory.buffer, base, CHUNK);
const y = new Float32Array(k.memory.buffer, base + CHUNK * 4, CHUNK);
const zu = new Uint32Array(z.buffer, z.byteOffset, CHUNK);
const f = new Float32Array(1);
const fu = new Uint32Array(f.buffer);
const bitsOf = (x: number): number => {
  f[0] = x;
  return fu[0]!;
};
/** The ulp of float32 at |v| (v's binade; 2^-149 at the bottom). */
const ulp = (v: number): number => 2 ** Math.max(Math.floor(Math.log2(Math.abs(v))) - 23, -149);

const TANH = ['exponential', 'rational'];
for (const form of [0, 1]) {
  let worst = 0;
  let at = 0;
  for (let s = bitsOf(2 ** -20); s <= bitsOf(10); s += CHUNK) {
    const m = Math.min(CHUNK, bitsOf(10) - s + 1) & ~15;
    for (let i = 0; i < m; i++) zu[i] = s + i;
    k.forward4(form, z.byteOffset, y.byteOffset, m);
    for (let i = 0; i < m; i++) {
      const ref = Math.tanh(z[i]!);
      const e = Math.abs(y[i]! - ref) / ulp(ref);
      if (e > worst) [worst, at] = [e, z[i]!];
    }
  }
  let rel = 0;
  for (let i = 0; i < CHUNK; i++) z[i] = 10 ** (-30 + ((Math.log10(2 ** -20) + 30) * i) / CHUNK);
  k.forward4(form, z.byteOffset, y.byteOffset, CHUNK);
  for (let i = 0; i < CHUNK; i++) rel = Math.max(rel, Math.abs(y[i]! - Math.tanh(z[i]!)) / Math.tanh(z[i]!));
  const stride = process.argv.includes('--all') ? 1 : 4099;
  let bad = 0;
  if (stride === 1) for (let s = 0; s < 2 ** 32; s += 2 ** 28) bad += k.twinMismatches(form, s, 2 ** 28);
  else for (let s = 0; s < 2 ** 32; s += stride * 4) bad += k.twinMismatches(form, s >>> 0, 4);
  console.log(
    `${TANH[form]} tanh: max ${worst.toFixed(2)} ulp on [2^-20, 10] (at ${at}); max relative error ${rel.toExponential(2)} for |x| in [1e-30, 2^-20]; f32x4/scalar mismatches ${bad}`,
  );
}

// Sigmoid's relative error where σ is small (BCE takes its log): x in [-20, 0].
for (const form of [2, 3]) {
  for (let i = 0; i < CHUNK; i++) z[i] = (-20 * i) / CHUNK;
  k.forward4(form, z.byteOffset, y.byteOffset, CHUNK);
  let rel = 0;
  for (let i = 0; i < CHUNK; i++) {
    const ref = 1 / (1 + Math.exp(-z[i]!));
    rel = Math.max(rel, Math.abs(y[i]! - ref) / ref);
  }
  console.log(
    `${form === 2 ? 'sigmoid (exponential)' : 'sigmoid via rational tanh'}: max relative error ${rel.toExponential(2)} on [-20, 0]`,
  );
}

// Timing: 1e6 elements (a multiple of 16) in [-3, 3], each form's f32x4 loop, interleaved.
const N = 1_000_000;
for (let i = 0; i < N; i++) z[i] = -3 + (6 * i) / N;
const dy = base + 2 * CHUNK * 4;
const labels = ['tanh exponential', 'tanh rational', 'sigmoid exponential', 'sigmoid via rational tanh', 'tanh backward'];
const samples: number[][] = labels.map(() => []);
for (let r = 0; r < rounds + 2; r++) {
  for (let j = 0; j < labels.length; j++) {
    const t0 = performance.now();
    if (j < 4) k.forward4(j, z.byteOffset, y.byteOffset, N);
    else k.backward4(y.byteOffset, z.byteOffset, dy, N);
    if (r >= 2) samples[j]!.push(((performance.now() - t0) * 1e6) / N);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [j, label] of labels.entries()) {
  console.log(`${label}: ${Math.min(...samples[j]!).toFixed(3)} ns/elt (median ${median(samples[j]!).toFixed(3)})`);
}
const ratio = (a: number, b: number): string => (Math.min(...samples[a]!) / Math.min(...samples[b]!)).toFixed(2);
console.log(`exponential/rational: tanh ${ratio(0, 1)}x, sigmoid ${ratio(2, 3)}x (min over samples)`);
