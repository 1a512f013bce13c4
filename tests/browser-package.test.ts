// The package's browser bundle, as the README shows it: one <script type="module"> importing
// dist/actlab.browser.js, no bundler, no .wasm to fetch — in a headless Chromium (helpers/browser.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain-JS build script without types
import { bundleBrowser } from '../scripts/build.mjs';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { Mlp } from '../src/model/mlp.js';
import { train } from '../src/train/train.js';
import { type Browser, collectErrors, launch, ROOT, type Site, serve } from './helpers/browser.js';

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
  // Made inside the try and closed in the finally, so that a failure anywhere (no browser, a
  // launch timeout) still lets the test process exit.
  let site: Site | undefined;
  let browser: Browser | undefined;
  try {
    site = await serve(dir);
    browser = await launch();
    const tab = await browser.context.newPage();
    const errors = collectErrors(tab);
    const requests: string[] = [];
    tab.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await tab.goto(`${site.url}index.html`, { timeout: 30_000 });
    await tab.waitForFunction(() => (window as any).__result !== undefined, undefined, { timeout: 30_000 });
    const result = await tab.evaluate(() => (window as any).__result);
    assert.equal(errors, []);
    assert.equal(
      requests.filter((p) => p.endsWith('.wasm')),
      [],
      'no .wasm is fetched',
    );

    const core = await loadCore({ backend: result.backend });
    const model = new Mlp(core, { layers: [2, 5, 5, 5, 5, 1], activation: 'tanh', seed: 0 });
    const history = train(model, makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 }), { epochs: 20 });
    assert.equal(result.history, history);
  } finally {
    await browser?.close();
    await site?.close();
  }
});

page.run();
