// The error of the BCE's float64 logarithm (assembly/math/log.ts), measured, and its two forms
// checked bit for bit: every float32 p in [2^-149, 1] with a stride of 257 ulps, 1 - p (in float64)
// for each, and 2^22 random doubles in [0.5, 2] (the reduction's seam at √2/2 and √2 included).
// The f64x2 and the scalar form must give the same bits on every one; the ulp error against a
// reference needs more precision than float64, so the arguments and results go to a file and
// /usr/bin/python3 (NumPy's 80-bit long double log, ~2^-11 ulp of a double) measures it, and
// Math.log's on the same arguments.
//   npx tsx bench/log-error.ts            (compiles bench/wasm/log.ts to /tmp/actlab-log.wasm)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const ROOT = new URL('../', import.meta.url).pathname;
const WASM = '/tmp/actlab-log.wasm';
execFileSync(
  process.execPath,
  [ROOT + 'node_modules/assemblyscript/bin/asc.js', 'log.ts', '-O3', '--enable', 'simd', '--runtime', 'stub', '--noAssert', '-o', WASM],
  { cwd: ROOT + 'bench/wasm', stdio: 'inherit' },
);
const { instance } = await WebAssembly.instantiate(readFileSync(WASM), {});
const exports = instance.exports;
const k = exports as unknown as {
  memory: WebAssembly.Memory;
  heapBase(): number;
  logPairs(x: number, y: number, n: number): void;
  logEach(x: number, y: number, n: number): void;
};

const args: number[] = [];
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
for (let bits = 1; bits <= 0x3f800000; bits += 257) {
  u32[0] = bits;
  args.push(f32[0]!, 1 - f32[0]!);
}
u32[0] = 0x3f800000;
args.push(f32[0]!, 1 - f32[0]! + 2 ** -149);
let seed = 12345;
for (let i = 0; i < 2 ** 22; i++) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  args.push(0.5 + 1.5 * (seed / 2 ** 32) + (i & 1) * 2 ** -40);
}
if (args.length % 2) args.push(1);
const n = args.length;
const CHUNK = 1 << 20;
const base = (k.heapBase() + 15) & ~15;
const need = base + 3 * CHUNK * 8;
if (need > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
const x = new Float64Array(args);
const y = new Float64Array(n);
let mismatches = 0;
let differsFromMathLog = 0;
for (let at = 0; at < n; at += CHUNK) {
  const m = Math.min(CHUNK, n - at);
  const mem = new Float64Array(k.memory.buffer);
  mem.set(x.subarray(at, at + m), base / 8);
  k.logPairs(base, base + CHUNK * 8, m);
  k.logEach(base, base + 2 * CHUNK * 8, m);
  for (let i = 0; i < m; i++) {
    const a = mem[base / 8 + CHUNK + i]!;
    const b = mem[base / 8 + 2 * CHUNK + i]!;
    if (!Object.is(a, b)) mismatches++;
    if (a !== Math.log(x[at + i]!)) differsFromMathLog++;
    y[at + i] = a;
  }
}
console.log(
  `${n} arguments; f64x2 vs scalar mismatches: ${mismatches}; differs from Math.log: ${differsFromMathLog} (${((100 * differsFromMathLog) / n).toFixed(2)}%)`,
);
writeFileSync('/tmp/actlab-log-x.f64', Buffer.from(x.buffer));
writeFileSync('/tmp/actlab-log-y.f64', Buffer.from(y.buffer));
writeFileSync('/tmp/actlab-log-m.f64', Buffer.from(x.map(Math.log).buffer));
const script = `
import numpy as np
x = np.fromfile('/tmp/actlab-log-x.f64', dtype=np.float64)
y = np.fromfile('/tmp/actlab-log-y.f64', dtype=np.float64)
ref = np.log(x.astype(np.longdouble))
ulp = np.spacing(np.abs(ref.astype(np.float64)))
err = np.abs((y.astype(np.longdouble) - ref) / ulp.astype(np.longdouble)).astype(np.float64)
mathlog = np.fromfile('/tmp/actlab-log-m.f64', dtype=np.float64)
errlib = np.abs((mathlog.astype(np.longdouble) - ref) / ulp.astype(np.longdouble)).astype(np.float64)
i = int(np.argmax(err))
print(f"max error {err.max():.3f} ulp at x = {x[i]!r}; V8's Math.log on the same arguments: {errlib.max():.3f} ulp")
`;
console.log(execFileSync('/usr/bin/python3', ['-c', script]).toString().trim());
