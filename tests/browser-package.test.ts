// The package's browser bundle, as the README shows it: one <script type="module"> importing
// dist/actlab.browser.js, no bundler, no .wasm to fetch — in a headless Chromium (helpers/browser.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain-JS build script without types
import { bundleBrowser } from '../scripts/build.mjs';
import { type Backend, loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { Mlp } from '../src/model/mlp.js';
import { type History, train } from '../src/train/train.js';
import { ROOT, runPage } from './helpers/browser.js';

const page = suite('browser bundle in a <script type="module">');

page('trains in the page with the same bits as in Node', async () => {
  const dir = join(ROOT, 'build/test-browser-bundle');
  mkdirSync(dir, { recursive: true });
  await bundleBrowser({ force: true, outfile: 'build/test-browser-bundle/actlab.browser.js' });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>actlab</title><link rel="icon" href="data:,">
<script type="module">
  import { loadCore, makeCircles, Mlp, train } from './actlab.browser.js';
  const core = await loadCore();
  const data = makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 });
  const model = new Mlp(core, { layers: [2, 5, 5, 5, 5, 1], activation: 'tanh', seed: 0 });
  window.__result = { backend: core.backend, history: train(model, data, { epochs: 20 }) };
</script>`,
  );
  const { value, errors, wasmRequests } = await runPage(dir, '__result');
  const result = value as { backend: Backend; history: History };
  assert.equal(errors, []);
  assert.equal(wasmRequests, [], 'no .wasm is fetched');

  const core = await loadCore({ backend: result.backend });
  const model = new Mlp(core, { layers: [2, 5, 5, 5, 5, 1], activation: 'tanh', seed: 0 });
  const history = train(model, makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 }), { epochs: 20 });
  assert.equal(result.history, history);
});

page.run();
