// The playground on any screen, in a headless Chromium: from a 360 px phone to a 1440 px desktop the
// page never scrolls sideways, the settings stack above the charts on narrow screens and sit beside
// them on wide ones, the charts take their container's width (and follow it on resize), every
// control is big enough to hit, every button state reads at 4.5:1, axe-core finds nothing serious,
// and the whole page works from the keyboard. Screenshots at 360, 768 and 1440 px land in
// test-results/ (playground-<width>.png).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resultsDir } from './helpers/browser.js';
import { actlabState, PAGE_WAIT_MS, playgroundSession, waitDone } from './helpers/playground-page.js';

const session = playgroundSession();
const test = suite('playground layout, targets, contrast, axe and keyboard');
test.after(() => session.close());

const SINGLE = '?mode=single&dataset=circles&epochs=20&speed=0&autostart=1';
const COMPARE = '?mode=compare&dataset=circles&compare=relu,sigmoid,tanh,leaky_relu&epochs=20&speed=0&autostart=1';
const viewport = (width: number) => ({ width, height: width < 600 ? 740 : 900 });

/**
 * session.open, and the helper tsx (esbuild) wraps the page functions' named inner functions in,
 * __name, which the page does not have.
 */
async function open(query: string, size: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const opened = await session.open(query, size);
  await opened.page.evaluate('window.__name ??= (f) => f');
  return opened;
}

/** A page after a short run in `query` at this width, its charts drawn and fitted to their containers. */
async function ready(query: string, width: number): Promise<{ page: Page; errors: string[] }> {
  const opened = await open(query, viewport(width));
  await waitDone(opened.page);
  await chartsFitted(opened.page);
  return opened;
}

/**
 * Waits (bounded) until every visible chart has drawn and is no wider than its container: a chart
 * is re-fitted a moment after its container changes width.
 */
const chartsFitted = (page: Page) =>
  chartsFittedOrNot(page).catch(async (error: unknown) => {
    const now = await widths(page).catch(() => undefined);
    throw new Error(`the charts did not fit their containers: ${JSON.stringify(now?.charts)} (${error})`);
  });

const chartsFittedOrNot = (page: Page) =>
  page.waitForFunction(
    () => {
      const compare = document.body.dataset.mode === 'compare';
      const needed = compare
        ? ['#chart-overlay', '#chart-ratio', '#chart-activations', '#boundaries > .chart']
        : ['#chart-history', '#chart-boundary', '#chart-activation'];
      const drawn = (chart: Element) => chart.querySelector<HTMLElement>('canvas, svg');
      const width = (el: HTMLElement) => Number.parseFloat(el.style.width || el.getAttribute('width') || '0');
      const charts = Array.from(document.querySelectorAll<HTMLElement>('.view:not([hidden]) .chart'));
      return (
        needed.every((selector) => document.querySelector(selector) && drawn(document.querySelector(selector)!)) &&
        charts.every((chart) => {
          const el = drawn(chart);
          return el === null || width(el) <= chart.clientWidth + 1;
        })
      );
    },
    null,
    { timeout: PAGE_WAIT_MS, polling: 100 },
  );

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

const box = (page: Page, selector: string): Promise<Box> =>
  page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
  });

/** How wide the page lays out against the window, and how each visible chart's drawing compares with its container. */
const widths = (page: Page) =>
  page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    charts: Array.from(document.querySelectorAll<HTMLElement>('.view:not([hidden]) .chart'))
      .filter((chart) => chart.querySelector('canvas, svg') !== null)
      .map((chart) => {
        const drawn = chart.querySelector<HTMLElement>('canvas, svg')!;
        return {
          id: chart.id || `boundary:${chart.dataset.activation}`,
          container: chart.clientWidth,
          drawn: drawn.getBoundingClientRect().width,
          natural: Number.parseFloat(drawn.style.width || drawn.getAttribute('width') || '0'),
          right: drawn.getBoundingClientRect().right,
        };
      }),
  }));

for (const width of [360, 768]) {
  test(`${width} px: no sideways scrolling, settings above the charts, charts as wide as their cards, multiples wrap`, async () => {
    for (const query of [SINGLE, COMPARE]) {
      const { page, errors } = await ready(query, width);
      try {
        const w = await widths(page);
        assert.ok(w.scroll <= w.inner, `${query}: the page is ${w.scroll} px wide in a ${w.inner} px window`);
        const panel = await box(page, 'aside.panel');
        const main = await box(page, 'main');
        assert.ok(panel.bottom <= main.top, `${query}: the settings (bottom ${panel.bottom}) are not above the charts (top ${main.top})`);
        assert.ok(main.width >= width - 40, `${query}: the charts' column is ${main.width} px of ${width}`);
        for (const chart of w.charts) {
          assert.ok(chart.right <= w.inner, `${chart.id} ends at ${chart.right} px, past the window (${w.inner})`);
          assert.ok(chart.natural <= chart.container + 1, `${chart.id} is drawn ${chart.natural} px wide in ${chart.container} px`);
        }
        // The full-width charts take (nearly) all of their card, not a sliver of it.
        const wide = w.charts.filter((c) => ['chart-history', 'chart-activations'].includes(c.id));
        for (const chart of wide) assert.ok(chart.drawn >= 0.85 * chart.container, `${chart.id}: ${chart.drawn} px of ${chart.container}`);
        if (query === COMPARE) {
          const tops = await page.$$eval('#boundaries > .chart', (els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
          assert.is(tops.length, 4);
          if (width === 360) assert.ok(new Set(tops).size > 1, `the four decision boundaries do not wrap at 360 px (tops ${tops})`);
        }
        assert.equal(errors, []);
      } finally {
        await page.close();
      }
    }
  });
}

test('1440 px: the settings beside the charts, the pairs side by side, the charts using the width', async () => {
  for (const query of [SINGLE, COMPARE]) {
    const { page, errors } = await ready(query, 1440);
    try {
      const w = await widths(page);
      assert.ok(w.scroll <= w.inner, `${query}: the page is ${w.scroll} px wide in a ${w.inner} px window`);
      const panel = await box(page, 'aside.panel');
      const main = await box(page, 'main');
      assert.ok(panel.right <= main.left, `${query}: the settings (right ${panel.right}) are not beside the charts (left ${main.left})`);
      assert.ok(Math.abs(panel.top - main.top) < 2, `${query}: the settings start at ${panel.top}, the charts at ${main.top}`);
      const view = query === SINGLE ? '#single-view' : '#compare-view';
      const pair = await page.$$eval(`${view} .pair > .card`, (els) => els.map((el) => el.getBoundingClientRect().toJSON() as Box));
      assert.is(pair.length, 2);
      assert.ok(Math.abs(pair[0]!.top - pair[1]!.top) < 1 && pair[0]!.right <= pair[1]!.left, `${query}: the pair is not side by side`);
      for (const chart of w.charts)
        assert.ok(chart.natural <= chart.container + 1, `${chart.id}: ${chart.natural} px in ${chart.container}`);
      const history = w.charts.find((c) => c.id === (query === SINGLE ? 'chart-history' : 'chart-overlay'))!;
      assert.ok(history.drawn >= 0.85 * history.container, `${history.id}: ${history.drawn} px of ${history.container}`);
      if (query === COMPARE) {
        const tops = await page.$$eval('#boundaries > .chart', (els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
        assert.is(new Set(tops).size, 1, `the four decision boundaries do not fit on one line at 1440 px (tops ${tops})`);
      }
      assert.equal(errors, []);
    } finally {
      await page.close();
    }
  }
});

test('the charts follow their container when the window is resized', async () => {
  const { page, errors } = await ready(SINGLE, 1440);
  try {
    const drawn = async () => (await widths(page)).charts.find((c) => c.id === 'chart-history')!;
    const wide = await drawn();
    await page.setViewportSize(viewport(360));
    await page.waitForFunction(() => window.innerWidth === 360);
    await chartsFitted(page);
    const narrow = await drawn();
    assert.ok(narrow.natural < wide.natural / 2, `at 360 px the history chart is ${narrow.natural} px (at 1440: ${wide.natural})`);
    assert.ok(narrow.drawn >= 0.85 * narrow.container, `at 360 px the history chart takes ${narrow.drawn} px of ${narrow.container}`);
    await page.setViewportSize(viewport(1440));
    await page.waitForFunction(
      (before) => {
        const canvas = document.querySelector<HTMLCanvasElement>('#chart-history canvas');
        return canvas !== null && Number.parseFloat(canvas.style.width) > 2 * before;
      },
      narrow.natural,
      { timeout: PAGE_WAIT_MS, polling: 100 },
    );
    const again = await drawn();
    assert.ok(
      again.drawn >= 0.85 * again.container && again.natural <= again.container + 1,
      `back at 1440 px: ${again.drawn} of ${again.container}`,
    );
    assert.equal(errors, []);
  } finally {
    await page.close();
  }
});

/** Every visible control's hit area, CSS px: a checkbox's is its label (a click there toggles it). */
const targets = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('button, select, input, summary'))
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => {
        const hit = (el as HTMLInputElement).type === 'checkbox' ? (el.closest('label') ?? el) : el;
        const r = hit.getBoundingClientRect();
        const name = el.id || el.getAttribute('name') || el.dataset.mode || el.textContent?.trim().slice(0, 30) || el.tagName;
        return { name: `${el.tagName.toLowerCase()} ${name}`, width: r.width, height: r.height };
      }),
  );

test('touch-sized controls: 44 × 44 px at 360 px, at least 24 × 24 px at 1440 px', async () => {
  for (const [width, least] of [
    [360, 44],
    [1440, 24],
  ] as const) {
    for (const query of [SINGLE, COMPARE]) {
      const { page } = await ready(query, width);
      try {
        const all = await targets(page);
        assert.ok(all.length >= 20, `only ${all.length} controls found`);
        // Rounding: a 44 px box can measure 43.99.
        const small = all.filter((t) => t.width < least - 0.5 || t.height < least - 0.5);
        assert.equal(
          small.map((t) => `${t.name}: ${t.width.toFixed(1)} × ${t.height.toFixed(1)}`),
          [],
          `controls under ${least} × ${least} px at ${width} px (${query})`,
        );
      } finally {
        await page.close();
      }
    }
  }
});

/**
 * The contrast of `selector`'s label against its own background as drawn (transparent layers and
 * opacity composed over what is behind), and its focus ring's against the background around it.
 */
const contrastOf = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    type Rgba = [number, number, number, number];
    const parse = (css: string): Rgba => {
      const m = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [m[0]!, m[1]!, m[2]!, m[3] ?? 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
    };
    /** The opaque colour behind `node`, from its ancestors' backgrounds (the page is white at the bottom). */
    const backdrop = (node: Element | null): Rgba => {
      const layers: Rgba[] = [];
      for (let n = node; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] === 1) break;
      }
      return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const luminance = ([r, g, b]: Rgba) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a: Rgba, b: Rgba) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const style = getComputedStyle(el);
    let opacity = 1;
    for (let n: Element | null = el; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
    const behind = backdrop(el.parentElement);
    const bg = over(parse(style.backgroundColor), behind);
    const text = over(parse(style.color), bg);
    // Opacity fades both the label and its background into what is behind.
    const faded = (c: Rgba) => over([c[0], c[1], c[2], opacity], behind);
    return {
      label: el.textContent?.trim() ?? '',
      text: ratio(faded(text), faded(bg)),
      color: style.color,
      background: style.backgroundColor,
      outline: { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth), ratio: ratio(parse(style.outlineColor), behind) },
    };
  });

test('every button state reads at 4.5:1: idle, hover, focus, pressed, disabled, and Pause while training', async () => {
  const { page, errors } = await open('?mode=single&epochs=5000&speed=2', viewport(1440));
  const problems: string[] = [];
  // Where the test is, for a timeout's message.
  let stage = 'loading';
  const check = async (selector: string, state: string) => {
    const c = await contrastOf(page, selector);
    if (c.text < 4.5) problems.push(`${selector} "${c.label}" ${state}: ${c.text.toFixed(2)}:1 (${c.color} on ${c.background})`);
    return c;
  };
  const statesOf = async (selector: string, label: string) => {
    stage = `${selector} ${label}`;
    await page.mouse.move(0, 0);
    await check(selector, `${label}, idle`);
    await page.hover(selector);
    await check(selector, `${label}, hover`);
    await page.mouse.down();
    await check(selector, `${label}, pressed`);
    // Let go elsewhere: no click.
    await page.mouse.move(0, 0);
    await page.mouse.up();
    // Keyboard focus (:focus-visible): reach it with Shift+Tab from the control after.
    await page.$eval(selector, (el) => {
      const all = Array.from(
        document.querySelectorAll<HTMLElement>('button:not(:disabled), input:not(:disabled), select, a[href], summary'),
      );
      all[all.indexOf(el as HTMLElement) + 1]?.focus();
    });
    await page.keyboard.press('Shift+Tab');
    const focused = await check(selector, `${label}, focused`);
    assert.ok(await page.$eval(selector, (el) => el.matches(':focus-visible')), `${selector} did not take keyboard focus`);
    if (focused.outline.style === 'none' || focused.outline.width < 2 || focused.outline.ratio < 3)
      problems.push(
        `${selector} ${label}: focus ring ${focused.outline.style} ${focused.outline.width}px at ${focused.outline.ratio.toFixed(2)}:1`,
      );
    await page.hover(selector);
    await check(selector, `${label}, focused and hovered`);
  };
  try {
    await page.waitForFunction(() => window.__actlab?.state === 'idle');
    for (const selector of ['#play', '#step', '#reset', '.modes button[data-mode="single"]', '.modes button[data-mode="compare"]'])
      await statesOf(selector, 'before training');
    stage = 'starting to train';
    await page.click('#play');
    await page.waitForFunction(() => window.__actlab.state === 'training' && document.querySelector('#play')?.textContent === 'Pause');
    await statesOf('#play', 'Pause, training');
    assert.is((await actlabState(page)).state, 'training', 'the checks clicked the Pause button');
    stage = 'pausing';
    await page.click('#play');
    // Paused ('idle' if no epoch had finished yet).
    await page.waitForFunction(() => window.__actlab.state === 'paused' || window.__actlab.state === 'idle');
    await statesOf('#play', 'paused');
    await page.close();
    // Disabled: Step once a run is done; Train too when an activation option no longer fits the
    // network (prelu's numParameters, one weight per unit, after the width changes).
    stage = 'disabling Train';
    const disabled = await open('?mode=single&activation=prelu&prelu.numParameters=5&epochs=2&speed=0&autostart=1', viewport(1440));
    await waitDone(disabled.page);
    await disabled.page.fill('input[name="width"]', '4');
    await disabled.page.press('input[name="width"]', 'Tab');
    await disabled.page.waitForFunction(() => document.querySelector<HTMLButtonElement>('#play')?.disabled === true);
    for (const selector of ['#play', '#step']) {
      await disabled.page.hover(selector);
      const c = await contrastOf(disabled.page, selector);
      if (c.text < 4.5) problems.push(`${selector} "${c.label}" disabled: ${c.text.toFixed(2)}:1 (${c.color} on ${c.background})`);
    }
    await disabled.page.close();
    assert.equal(problems, []);
    assert.equal(errors, []);
  } catch (error) {
    if (error instanceof assert.Assertion) throw error;
    throw new Error(`${stage}: ${error instanceof Error ? error.message : error}`, { cause: error });
  } finally {
    if (!page.isClosed()) await page.close();
  }
});

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

for (const width of [360, 1440]) {
  test(`axe-core: no serious or critical violations at ${width} px, in both modes, after a short run`, async () => {
    for (const query of [SINGLE, COMPARE]) {
      const { page } = await ready(query, width);
      try {
        // The summary as the CLI prints it opened too: a wide text that scrolls on a phone.
        if (query === COMPARE) await page.click('details:has(#summary-text) > summary');
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
          return (await axe.run()).violations;
        });
        const bad = violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('; ')}`,
          );
        assert.equal(bad, [], `axe at ${width} px, ${query}`);
      } finally {
        await page.close();
      }
    }
  });
}

/** What has the keyboard focus: the id, the name, or the mode of the element, or 'body'. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { key: 'body', ring: true };
    // Elements without an id, name or mode by their place in the document, so that each has a key of its own.
    const place = Array.from(document.querySelectorAll('*')).indexOf(el);
    const key = el.id
      ? `#${el.id}`
      : el.dataset.mode
        ? `mode:${el.dataset.mode}`
        : (el.getAttribute('name') ?? `${el.tagName.toLowerCase()}@${place}`);
    const style = getComputedStyle(el);
    // A visible ring: a :focus-visible outline at least 2 px wide (an SVG target, such as a unit of the
    // network diagram, draws its own: its frame thickens).
    const outlined = !(el instanceof HTMLElement) || (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2);
    return { key, ring: el.matches(':focus-visible') && outlined };
  });

test('the keyboard reaches every control in order, with a visible ring, and runs the page', async () => {
  const { page, errors } = await open('?mode=single&dataset=circles&epochs=20&speed=0', viewport(1440));
  try {
    await page.waitForFunction(() => window.__actlab?.state === 'idle');
    // From the top of the page, Tab through everything (bounded) until the focus comes back round.
    const order: string[] = [];
    const noRing: string[] = [];
    for (let k = 0; k < 150; k++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (f.key === order[0] || (f.key === 'body' && order.length > 0)) break;
      if (f.key !== 'body') order.push(f.key);
      if (!f.ring) noRing.push(f.key);
    }
    const at = (key: string) => order.indexOf(key);
    for (const key of ['mode:single', 'mode:compare', 'dataset', 'samples', 'epochs', 'optimizer', 'speed', '#play', '#step', '#reset'])
      assert.ok(at(key) >= 0, `Tab never reaches ${key} (order: ${order.join(', ')})`);
    assert.ok(at('mode:single') < at('mode:compare') && at('mode:compare') < at('dataset'), `the modes come first: ${order.join(', ')}`);
    assert.ok(
      at('dataset') < at('samples') && at('samples') < at('epochs') && at('epochs') < at('#play'),
      `settings, then Train: ${order}`,
    );
    assert.ok(at('#play') < at('#step') && at('#step') < at('#reset'), `Train, Step, Reset in order: ${order.join(', ')}`);
    assert.is(new Set(order).size, order.length, `a control is reached twice in one round: ${order.join(', ')}`);
    assert.equal(noRing, [], 'controls without a visible focus ring');
    // No trap: Shift+Tab walks back through the same controls.
    await page.focus('#play');
    await page.keyboard.press('Shift+Tab');
    assert.is((await focused(page)).key, order[at('#play') - 1]);

    // Enter on Train trains; Space on Reset goes back to epoch 0; Space on Step runs one epoch.
    await page.focus('#reset');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.is((await focused(page)).key, '#play');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => ['training', 'done'].includes(window.__actlab.state), null, { timeout: PAGE_WAIT_MS });
    await waitDone(page);
    assert.is((await actlabState(page)).epochs, 20);
    // Step is disabled once the run is done: Tab goes on to Reset.
    await page.keyboard.press('Tab');
    assert.is((await focused(page)).key, '#reset');
    await page.keyboard.press(' ');
    await page.waitForFunction(() => window.__actlab.state === 'idle' && window.__actlab.epochs === 0);
    await page.keyboard.press('Shift+Tab');
    assert.is((await focused(page)).key, '#step');
    await page.keyboard.press(' ');
    await page.waitForFunction(() => window.__actlab.epochs === 1);

    // The modes: Enter on Compare activations, Space on One activation.
    await page.focus('.modes button[data-mode="single"]');
    await page.keyboard.press('Tab');
    assert.is((await focused(page)).key, 'mode:compare');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__actlab.mode === 'compare' && document.body.dataset.mode === 'compare');
    assert.is(await page.getAttribute('.modes button[data-mode="compare"]', 'aria-pressed'), 'true');
    await page.keyboard.press('Shift+Tab');
    assert.is((await focused(page)).key, 'mode:single');
    await page.keyboard.press(' ');
    await page.waitForFunction(() => window.__actlab.mode === 'single' && document.body.dataset.mode === 'single');
    // Train by keyboard in compare mode too.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__actlab.mode === 'compare');
    await page.focus('#play');
    await page.keyboard.press(' ');
    await waitDone(page);
    assert.is((await actlabState(page)).runs.length, 4);
    assert.equal(errors, []);
  } finally {
    await page.close();
  }
});

test('screenshots at 360, 768 and 1440 px (test-results/playground-<width>.png)', async () => {
  for (const width of [360, 768, 1440]) {
    const { page, errors } = await ready(SINGLE, width);
    try {
      // The mouse off the page: no hover state in the picture.
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(resultsDir(), `playground-${width}.png`), fullPage: true });
      assert.equal(errors, []);
    } finally {
      await page.close();
    }
  }
});

test.run();
