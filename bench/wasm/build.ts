// Compiles the ceiling modules (bench/wasm/ceiling.ts: f32x4 mul+add; bench/wasm/ceiling-fma.ts:
// relaxed-SIMD FMA) and bench/wasm/tanh-rational.ts and the limit kernel (bench/wasm/limit.ts) to bench/results/*.wasm when missing
// or older than their source (bench/results is git-ignored, so a fresh clone builds them on the first run).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { RESULTS_DIR, ROOT } from '../harness.js';

/** The mul+add ceiling module's path, built first if needed. */
export function ceilingWasm(): string {
  return built('ceiling', ['simd']);
}

/** The limit kernel's path (bench/wasm/limit.ts: the tutorial's hand-shaped step; it imports production's assembly/), built first if needed. */
export function limitWasm(): string {
  return built('limit', ['simd'], ['assembly/']);
}

/** The FMA ceiling module's path (relaxed SIMD: an engine must be told to accept it), built first if needed. */
export function ceilingFmaWasm(): string {
  return built('ceiling-fma', ['simd', 'relaxed-simd']);
}

/** The tanh experiment's module (bench/wasm/tanh-rational.ts: exponential and rational tanh, sigmoid; it imports assembly/), built first if needed. */
export function tanhRationalWasm(): string {
  return built('tanh-rational', ['simd'], ['assembly/']);
}

// `imports`: folders under the root the module also compiles from, whose newest file counts as its source's age.
function built(name: string, features: string[], imports: string[] = []): string {
  const source = `${ROOT}bench/wasm/${name}.ts`;
  const output = `${ROOT}bench/results/${name}.wasm`;
  const newest = Math.max(statSync(source).mtimeMs, ...imports.map((dir) => newestIn(ROOT + dir)));
  if (!existsSync(output) || statSync(output).mtimeMs < newest) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    console.log(`Compiling bench/wasm/${name}.ts → bench/results/${name}.wasm`);
    // Run from bench/wasm: asc reads ./asconfig.json when there is one, and the root's would add
    // the project's kernels (assembly/index.ts) to this module.
    execFileSync(
      process.execPath,
      [
        ROOT + 'node_modules/assemblyscript/bin/asc.js',
        `${name}.ts`,
        '-O3',
        '--enable',
        features.join(','),
        '--runtime',
        'stub',
        '--noAssert',
        '-o',
        `../results/${name}.wasm`,
      ],
      { cwd: ROOT + 'bench/wasm', stdio: 'inherit' },
    );
  }
  return output;
}

/** The latest modification time of the .ts files under dir. */
function newestIn(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .reduce((latest, f) => Math.max(latest, statSync(`${dir}/${f}`).mtimeMs), 0);
}
