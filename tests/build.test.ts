// The first build on a fresh clone: it says what it is doing, builds exactly the three modules
// the package loads (no debug build), gives the bytes the repository's build has, and does
// nothing the second time. Runs scripts/build.mjs in a temporary copy of what it reads.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runProcess } from './helpers/process.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** What buildWasm() reads; the rest of the repository plays no part in it. */
const INPUTS = ['assembly', 'src/shared', 'asconfig.json', 'scripts/build.mjs', 'scripts/activation-dispatch.mjs', 'package.json'];

const buildIn = (dir: string) => runProcess(process.execPath, ['scripts/build.mjs', 'wasm'], { cwd: dir, timeoutMs: 180_000 });

const build = suite('the Wasm build');

build('a fresh build says so, makes only the SIMD, scalar and relaxed modules, with the same bytes, once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-build-'));
  try {
    for (const input of INPUTS) cpSync(join(ROOT, input), join(dir, input), { recursive: true });
    // A clone has no generated dispatch: the build writes it, the same text as here.
    rmSync(join(dir, 'assembly/generated'), { recursive: true, force: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const first = await buildIn(dir);
    assert.is(first.code, 0, first.stderr);
    assert.match(first.stderr, /^actlab: compiling the Wasm kernels \(first run only\)…$/m);
    assert.match(first.stderr, /^actlab: compiled in \d+\.\d s$/m);
    const modules = ['actlab.relaxed.wasm', 'actlab.scalar.wasm', 'actlab.simd.wasm'];
    assert.equal(readdirSync(join(dir, 'build')).sort(), modules);
    for (const file of modules) {
      const fresh = readFileSync(join(dir, 'build', file));
      assert.ok(fresh.equals(readFileSync(join(ROOT, 'build', file))), `${file}: a fresh build gives the same bytes`);
    }
    assert.ok(
      readFileSync(join(dir, 'src/generated/wasm.ts'), 'utf8').includes(
        readFileSync(join(dir, 'build/actlab.simd.wasm')).toString('base64'),
      ),
      'the SIMD bytes are embedded',
    );
    assert.is(
      readFileSync(join(dir, 'assembly/generated/activation-dispatch.ts'), 'utf8'),
      readFileSync(join(ROOT, 'assembly/generated/activation-dispatch.ts'), 'utf8'),
    );
    const second = await buildIn(dir);
    assert.is(second.code, 0, second.stderr);
    assert.is(second.stderr, '', 'nothing to do the second time');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

build.run();
