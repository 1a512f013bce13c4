// Compiles assembly/ with every asconfig target and embeds the bytes (scripts/embed-wasm.ts),
// skipping the work when no source is newer than the outputs: tests and the CLI call this first.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const targets = ['release', 'scalar', 'debug'];
const outputs = ['build/actlab.simd.wasm', 'build/actlab.scalar.wasm', 'build/actlab.debug.wasm', 'src/generated/wasm.ts'];
const sources = [...files('assembly'), ...files('src/shared'), 'asconfig.json', 'scripts/build-wasm.ts', 'scripts/embed-wasm.ts', 'package-lock.json'];

const newestSource = Math.max(...sources.map((f) => statSync(root + f).mtimeMs));
const oldestOutput = Math.min(...outputs.map((f) => (existsSync(root + f) ? statSync(root + f).mtimeMs : -Infinity)));
const force = process.argv.includes('--force');

if (force || newestSource > oldestOutput) {
  const asc = root + 'node_modules/assemblyscript/bin/asc.js';
  for (const target of targets) {
    execFileSync(process.execPath, [asc, 'assembly/index.ts', '--target', target], { cwd: root, stdio: 'inherit' });
  }
  await import('./embed-wasm.js');
}

function files(dir: string): string[] {
  return readdirSync(root + dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => `${e.parentPath.slice(root.length)}/${e.name}`);
}
