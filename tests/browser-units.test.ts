// The playground's unit view (site/src/network-view.ts) in headless Chromium: one map per hidden
// unit of the tutorial's 2→5→5→5→5→1 network, updated as it trains; the units Node's run of the
// same seed leaves dead marked so (in the drawing, its text and aria); a unit's f′ histogram on
// hover and on focus, counted as Node counts it; the toggle hides the view and stops the worker's
// snapshots. And in Node: the worker's UnitProbe on a network of unequal widths and on learned
// PReLU weights.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SLOPE_BINS, UnitProbe, unitMark } from '../site/src/network-view.js';
import { TRAINER_SEED } from '../site/src/protocol.js';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { makeMoons } from '../src/datasets/moons.js';
import { inspectLayers } from '../src/model/inspect.js';
import { Mlp } from '../src/model/mlp.js';
import { train } from '../src/train/train.js';
import { resultsDir } from './helpers/browser.js';
import { tutorialData } from './helpers/playground-node.js';
import { actlabState, PAGE_WAIT_MS, playgroundSession, waitDone } from './helpers/playground-page.js';

const TUTORIAL = [2, 5, 5, 5, 5, 1];

/**
 * The tutorial's relu run in Node (seed 0, Adam 1e-4, batch 32, the playground's Trainer seed),
 * and per hidden unit the data rows where its pre-activation z is positive (relu's f′ = 1; 0 rows = dead).
 */
async function nodeReluUnits(epochs: number): Promise<number[][]> {
  const core = await loadCore();
  const data = tutorialData();
  const model = new Mlp(core, { layers: TUTORIAL, activation: 'relu', seed: 0 });
  try {
    train(model, data, { epochs, batchSize: 32, optimizer: { name: 'adam', lr: 1e-4 }, seed: TRAINER_SEED });
    const positive = TUTORIAL.slice(1, -1).map((width) => new Array<number>(width).fill(0));
    inspectLayers(model, data, (block, _start, layer) => {
      positive.forEach((units, l) => {
        const { z } = layer(l);
        for (let u = 0; u < units.length; u++) for (let s = 0; s < block.n; s++) if (z[u * block.padded + s]! > 0) units[u]!++;
      });
    });
    return positive;
  } finally {
    model.dispose();
  }
}

/** The RGB of every map's pixels where the page drew them (device pixels, a 1 px border left out), per hidden unit. */
const mapPixels = (page: Page): Promise<number[][][]> =>
  page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#network-view canvas')!;
    const ratio = canvas.width / canvas.clientWidth;
    const ctx = canvas.getContext('2d')!;
    return window.__actlab.units!.hidden.map((layer) =>
      layer.map((cell) => {
        const x = Math.ceil(cell.x * ratio) + 1;
        const y = Math.ceil(cell.y * ratio) + 1;
        const side = Math.floor(cell.size * ratio) - 3;
        const { data } = ctx.getImageData(x, y, side, side);
        const rgb: number[] = [];
        for (let i = 0; i < data.length; i += 4) rgb.push(data[i + 3] === 255 ? data[i]! + 256 * data[i + 1]! + 65536 * data[i + 2]! : -1);
        return rgb;
      }),
    );
  });

const waitUnits = (page: Page, test: string) =>
  page.waitForFunction(test, null, { timeout: PAGE_WAIT_MS, polling: 50 }).catch(async (error: unknown) => {
    throw new Error(`${(error as Error).message}; units: ${JSON.stringify((await actlabState(page)).units)}`);
  });

const session = playgroundSession();
const units = suite('playground unit view');
units.after(() => session.close());

units("one map per hidden unit, updated between epoch 0 and 300; Node's dead units are marked dead", async () => {
  const { page, errors } = await session.open('?speed=0', { width: 1400, height: 1400 });
  try {
    await waitUnits(page, 'window.__actlab.units?.epoch === 0');
    const early = await actlabState(page);
    assert.equal(early.units!.layers, TUTORIAL);
    assert.equal(
      early.units!.hidden.map((layer) => layer.length),
      [5, 5, 5, 5],
      '4 hidden layers × 5 units',
    );
    assert.is(await page.locator('#network-view .hidden-unit').count(), 20, 'one focus target per hidden unit');
    const before = await mapPixels(page);
    for (const [l, layer] of before.entries())
      for (const [u, map] of layer.entries())
        assert.ok(map.length > 100 && map.every((v) => v >= 0), `layer ${l} unit ${u}'s map is painted`);

    await page.getByRole('button', { name: 'Train' }).click();
    await waitDone(page);
    await waitUnits(page, 'window.__actlab.units?.epoch === 300');
    const late = (await actlabState(page)).units!;
    const after = await mapPixels(page);

    // Dead as Node finds it: z ≤ 0 (relu's f′ = 0) on every one of the 1000 rows.
    const positive = await nodeReluUnits(300);
    const nodeDead = positive.flatMap((layer, l) => layer.flatMap((rows, u) => (rows === 0 ? [`${l}:${u}`] : [])));
    const pageDead = late.hidden.flatMap((layer) => layer.filter((c) => c.mark === 'dead').map((c) => `${c.layer}:${c.unit}`));
    assert.ok(nodeDead.length > 0, 'the tutorial relu run ends with dead units');
    assert.equal(pageDead, nodeDead, 'the page marks dead exactly the units Node finds dead');
    for (const cell of late.hidden.flat()) {
      assert.is(
        cell.zeroShare,
        (1000 - positive[cell.layer]![cell.unit]!) / 1000,
        `layer ${cell.layer} unit ${cell.unit}: share of rows with f′ = 0`,
      );
    }
    // Marked in the drawing, its text and its accessible name.
    for (const key of nodeDead) {
      const [l, u] = key.split(':');
      const g = page.locator(`#network-view .hidden-unit[data-layer="${l}"][data-unit="${u}"]`);
      assert.is(await g.getAttribute('data-mark'), 'dead');
      assert.is(await g.locator('.mark-text').textContent(), 'dead');
      assert.match((await g.getAttribute('aria-label'))!, /dead: f′ = 0 on all 1000 data rows/);
      assert.ok(await g.locator('.cross').isVisible(), `layer ${l} unit ${u} is crossed out`);
    }
    const status = await page.locator('#units-status').innerText();
    assert.match(status, new RegExp(`Epoch 300: ${nodeDead.length} of 20 hidden units dead`));
    assert.match(status, /layer 3 units 0, 1, 4/);

    // Updated: every unit still alive at the end drew a different map than at epoch 0.
    let changed = 0;
    for (const [l, layer] of after.entries()) {
      for (const [u, map] of layer.entries()) {
        const differs = map.some((v, k) => v !== before[l]![u]![k]);
        if (differs) changed++;
        if (positive[l]![u]! > 0) assert.ok(differs, `layer ${l} unit ${u}'s map changed between epoch 0 and 300`);
      }
    }
    assert.ok(changed >= 15, `${changed} of 20 maps changed`);
    await page.locator('#units-card').screenshot({ path: join(resultsDir(), 'playground-units.png') });
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

units('hovering or focusing a hidden unit shows its f′ histogram over the data rows, counted as Node counts', async () => {
  const { page, errors } = await session.open('?speed=0&autostart=1', { width: 1400, height: 1400 });
  try {
    await waitDone(page);
    await waitUnits(page, 'window.__actlab.units?.epoch === 300');
    const positive = await nodeReluUnits(300);
    const detail = page.locator('#unit-detail');
    assert.not.ok(await detail.isVisible(), 'no histogram before a hover');
    // relu's f′ is 0 or 1: the first bin holds the rows with z ≤ 0, the last those with z > 0.
    const check = async (l: number, u: number, how: string) => {
      const d = (await actlabState(page)).units!.detail;
      assert.ok(d, `${how}: a histogram is shown`);
      assert.equal([d!.layer, d!.unit], [l, u], `${how}: of layer ${l} unit ${u}`);
      assert.is(d!.bars.length, SLOPE_BINS);
      assert.is(d!.bars[SLOPE_BINS - 1], positive[l]![u], `${how}: rows with f′ = 1`);
      assert.is(d!.bars[0], 1000 - positive[l]![u]!, `${how}: rows with f′ = 0`);
      assert.ok(await detail.isVisible(), `${how}: the histogram is visible`);
      assert.is(await detail.locator('rect.bar').count(), SLOPE_BINS);
      const drawn = await detail.locator('rect.bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-count'))));
      assert.equal(drawn, d!.bars, `${how}: the bars drawn are the counts`);
      assert.match(await detail.innerText(), new RegExp(`layer ${l} unit ${u} \\(relu\\)`));
    };
    await page.hover('#network-view .hidden-unit[data-layer="2"][data-unit="0"]');
    await check(2, 0, 'hover');
    await page.hover('#network-view .hidden-unit[data-layer="3"][data-unit="0"]');
    await check(3, 0, 'hover on a dead unit');
    assert.match(await detail.innerText(), /dead/);
    await page.mouse.move(2, 2);
    await page.waitForFunction(() => window.__actlab.units?.detail === null);
    assert.not.ok(await detail.isVisible(), 'the histogram goes when the pointer leaves');
    // Keyboard: focus (Tab lands on the units, each a focus target) shows it, blur hides it.
    await page.locator('#network-view .hidden-unit[data-layer="1"][data-unit="3"]').focus();
    await check(1, 3, 'focus');
    await page.keyboard.press('Tab');
    await check(1, 4, 'Tab to the next unit');
    await page.locator('#units-toggle').focus();
    await page.waitForFunction(() => window.__actlab.units?.detail === null);
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

units('the toggle hides the view and stops the snapshots; it updates live while training', async () => {
  // 40 epochs a second: 300 epochs take 7.5 s, time to see frames come and stop.
  const { page, errors } = await session.open('?speed=40', { width: 1400, height: 1400 });
  try {
    await waitUnits(page, 'window.__actlab.units?.epoch === 0');
    await page.getByRole('button', { name: 'Train' }).click();
    // Live: snapshots of several epochs drawn while training.
    const seen = new Set<number>();
    const until = Date.now() + PAGE_WAIT_MS;
    while (seen.size < 4 && Date.now() < until) {
      const { units: u, state } = await actlabState(page);
      if (state === 'training' && u?.epoch) seen.add(u.epoch);
      await page.waitForTimeout(60);
    }
    assert.ok(seen.size >= 4, `snapshots of ${[...seen].join(', ')} drawn while training`);
    assert.ok(await page.locator('#network-view').isVisible());

    await page.locator('#units-toggle').uncheck();
    assert.not.ok(await page.locator('#network-view').isVisible(), 'the view is hidden');
    assert.match(page.url(), /[?&]units=0(&|$)/, 'the URL says the view is hidden');
    let s = await actlabState(page);
    assert.is(s.units!.shown, false);
    // A snapshot already on its way may still arrive (the worker hears of the toggle between two
    // 25 ms slices of training); after that, none.
    await page.waitForTimeout(600);
    s = await actlabState(page);
    const received = s.units!.received;
    const epochs = s.epochs;
    await page.waitForTimeout(1000);
    s = await actlabState(page);
    assert.ok(s.epochs > epochs, `training goes on (${epochs} → ${s.epochs} epochs)`);
    assert.is(s.units!.received, received, 'no snapshot while the view is hidden');

    await page.locator('#units-toggle').check();
    assert.ok(await page.locator('#network-view').isVisible(), 'shown again');
    assert.not.match(page.url(), /[?&]units=/, 'shown is the default: not in the URL');
    await waitUnits(page, `window.__actlab.units?.received > ${received} && window.__actlab.units?.epoch >= ${s.epochs}`);
    assert.ok((await actlabState(page)).units!.shown);
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

units('units=0 in the URL hides the view from the start: no snapshot made; a bad value is named', async () => {
  const { page, errors } = await session.open('?units=0&epochs=5&speed=0&autostart=1', { width: 1400, height: 1400 });
  try {
    await waitDone(page);
    assert.not.ok(await page.locator('#network-view').isVisible(), 'hidden');
    assert.not.ok(await page.locator('#units-toggle').isChecked());
    const s = await actlabState(page);
    assert.is(s.units!.shown, false);
    assert.is(s.units!.received, 0, 'the worker made no snapshot');
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
  const bad = await session.open('?units=2');
  try {
    await bad.page.waitForFunction(() => (window.__actlab?.errors ?? []).length > 0, null, { timeout: PAGE_WAIT_MS });
    const { errors: shown } = await actlabState(bad.page);
    assert.ok(
      shown.some((m) => m.includes('units must be 0 (the unit view hidden) or 1, got "2"')),
      shown.join(' | '),
    );
  } finally {
    await bad.page.close();
  }
});

units('UnitProbe (Node): unequal widths, maps of every layer, f′ counts; learned PReLU weights in f′', async () => {
  const core = await loadCore();
  const data = makeMoons({ nSamples: 200, noise: 0.1, seed: 3 });
  const layers = [2, 3, 7, 2, 1];
  const model = new Mlp(core, { layers, activation: ['relu', 'tanh', 'sigmoid'], seed: 1 });
  try {
    train(model, data, { epochs: 5, batchSize: 32, optimizer: { name: 'adam', lr: 1e-2 } });
    const probe = new UnitProbe(data, 9);
    const s = probe.snapshot(model, 5);
    assert.equal(s.layers, layers);
    assert.equal(
      s.maps.map((m) => m.length),
      [3 * 81, 7 * 81, 2 * 81, 81],
    );
    assert.equal(
      s.weights.map((w) => w.length),
      [6, 21, 14, 2],
    );
    assert.equal(
      s.slopes.map((l) => l.activation),
      ['relu', 'tanh', 'sigmoid'],
    );
    for (const [l, slopes] of s.slopes.entries()) {
      for (let u = 0; u < layers[l + 1]!; u++) {
        const bins = slopes.counts.subarray(u * SLOPE_BINS, (u + 1) * SLOPE_BINS);
        assert.is(
          bins.reduce((a, b) => a + b, 0),
          200,
          `layer ${l} unit ${u}: every row binned`,
        );
        assert.ok(['dead', 'saturated', 'ok'].includes(unitMark(slopes, u, s.rows)));
      }
    }
    // The output map is P(label 1): predict's numbers at the grid points.
    for (const p of s.maps[3]!) assert.ok(p > 0 && p < 1);
  } finally {
    model.dispose();
  }
  // PReLU, one weight per unit: f′ = 1 for z > 0, else the unit's learned weight (not its start, 0.25).
  const prelu = new Mlp(core, { layers: [2, 4, 1], activation: 'prelu', activationOptions: { numParameters: 4 }, seed: 0 });
  try {
    prelu.loadStateDict({ ...prelu.stateDict(), 'act0.weight': [0.5, -1, 2, 0.25] });
    const rows = makeCircles({ nSamples: 100, factor: 0.5, noise: 0.1, seed: 1 });
    const s = new UnitProbe(rows).snapshot(prelu, 0);
    const positive = [0, 0, 0, 0];
    inspectLayers(prelu, rows, (block, _start, layer) => {
      const { z } = layer(0);
      for (let u = 0; u < 4; u++) for (let r = 0; r < block.n; r++) if (z[u * block.padded + r]! > 0) positive[u]!++;
    });
    [0.5, -1, 2, 0.25].forEach((weight, u) => {
      const expected = (positive[u]! + weight * (100 - positive[u]!)) / 100;
      assert.ok(Math.abs(s.slopes[0]!.mean[u]! - expected) < 1e-12, `unit ${u}: mean f′ ${s.slopes[0]!.mean[u]} = ${expected}`);
    });
    // The histogram's range holds every slope a unit can take: 1 and the learned weights.
    assert.is(s.slopes[0]!.lo, -1);
    assert.is(s.slopes[0]!.hi, 2);
    const bins = s.slopes[0]!.counts;
    assert.is(bins[SLOPE_BINS + 0], 100 - positive[1]!, 'unit 1: the rows with z ≤ 0 in the first bin (f′ = -1)');
    assert.is(bins[2 * SLOPE_BINS + SLOPE_BINS - 1], 100 - positive[2]!, 'unit 2: those in the last (f′ = 2)');
  } finally {
    prelu.dispose();
  }
});

units.run();
