// Compiles bench/wasm/ceiling.ts to bench/results/ceiling.wasm when it is missing or older than
// its source (bench/results is git-ignored, so a fresh clone builds it on the first run).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { RESULTS_DIR, ROOT } from '../harness.js';

const SOURCE = 'bench/wasm/ceiling.ts';
const OUTPUT = 'bench/results/ceiling.wasm';

/** The ceiling module's path, built first if needed. */
export function ceilingWasm(): string {
  const source = ROOT + SOURCE;
  const output = ROOT + OUTPUT;
  if (!existsSync(output) || statSync(output).mtimeMs < statSync(source).mtimeMs) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    console.log(`Compiling ${SOURCE} → ${OUTPUT}`);
    // Run from bench/wasm: asc reads ./asconfig.json when there is one, and the root's would add
    // the project's kernels (assembly/index.ts) to this module.
    execFileSync(
      process.execPath,
      [
        ROOT + 'node_modules/assemblyscript/bin/asc.js',
        'ceiling.ts',
        '-O3',
        '--enable',
        'simd',
        '--runtime',
        'stub',
        '--noAssert',
        '-o',
        '../results/ceiling.wasm',
      ],
      { cwd: ROOT + 'bench/wasm', stdio: 'inherit' },
    );
  }
  return output;
}
