// The package as users get it: the browser entry pulls in no Node built-in, and the exports map
// points where the build writes.

import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const entry = suite('package entry');

entry('the API bundles for the browser platform with no Node built-in', async () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const pulled: string[] = [];
  const result = await build({
    entryPoints: [new URL('src/index.ts', root).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'no-node-builtins',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (builtins.has(args.path)) pulled.push(`${args.path} (from ${args.importer})`);
            return undefined;
          });
        },
      },
    ],
  }).catch((error: Error) => ({ error }));
  assert.equal(pulled, [], `Node built-ins pulled into the browser entry: ${pulled.join(', ')}`);
  assert.not.ok('error' in result, 'error' in result ? String(result.error) : '');
  if (!('error' in result)) {
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(
      inputs.some((i) => i.includes('src/generated/wasm')),
      'the wasm bytes are inlined',
    );
    assert.not.ok(
      inputs.some((i) => /src\/(cli|report\/(render|write)|compare\/(pool|worker))/.test(i)),
      'Node-only modules stay out',
    );
  }
});

entry('the exports map: types, a browser bundle, and one ESM entry for both import and require', () => {
  // `default`, not `import`: require() matches it too, and Node loads the ESM build through
  // require(esm) — the same module instance as import(), so no second copy of the classes.
  assert.equal(pkg.exports['.'], { types: './dist/index.d.ts', browser: './dist/actlab.browser.js', default: './dist/index.js' });
  // Conditions match in the order written: types first, default last.
  assert.equal(Object.keys(pkg.exports['.']), ['types', 'browser', 'default']);
  assert.is(pkg.type, 'module');
  assert.is(pkg.bin.actlab, './bin/actlab.js');
  // require(esm) is on by default from Node 20.19 and 22.12 (21 and 22.0–22.11 need a flag).
  assert.is(pkg.engines.node, '^20.19.0 || >=22.12.0');
  for (const name of ['assemblyscript', '@assemblyscript/loader', 'tsx', 'uvu', 'benny']) {
    assert.ok(pkg.dependencies?.[name] || pkg.devDependencies?.[name], `${name} is a dependency`);
  }
});

entry.run();
