// Compiles the ceiling modules (bench/wasm/ceiling.ts: f32x4 mul+add; bench/wasm/ceiling-fma.ts:
// relaxed-SIMD FMA) to bench/results/*.wasm when missing or older than their source (bench/results
// is git-ignored, so a fresh clone builds them on the first run).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { RESULTS_DIR, ROOT } from '../harness.js';

/** The mul+add ceiling module's path, built first if needed. */
export function ceilingWasm(): string {
  return built('ceiling', ['simd']);
}

/** The FMA ceiling module's path (relaxed SIMD: an engine must be told to accept it), built first if needed. */
export function ceilingFmaWasm(): string {
  return built('ceiling-fma', ['simd', 'relaxed-simd']);
}

function built(name: string, features: string[]): string {
  const source = `${ROOT}bench/wasm/${name}.ts`;
  const output = `${ROOT}bench/results/${name}.wasm`;
  if (!existsSync(output) || statSync(output).mtimeMs < statSync(source).mtimeMs) {
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
