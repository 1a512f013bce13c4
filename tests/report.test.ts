// The report (src/report): vega-lite spec builders, headless SVG/PNG rendering, the HTML page and
// writeReport, on a synthetic study (2 activations × 2 seeds, 20 epochs, 5 layers, circles).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ActivationName } from '../src/activations/registry.js';
import type { ActivationSummary, BoundaryGrid, RunResult, Stat, StudyResult } from '../src/compare/types.js';
import { makeCircles } from '../src/datasets/circles.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { escapeHtml, formatRatio, powerOfTen } from '../src/report/format.js';
import { prefixSvgIds, reportHtml } from '../src/report/html.js';
import { compactSvg, estimateTextWidth, renderSvg, svgToPng } from '../src/report/render.js';
import { activationsSpec } from '../src/report/specs/activations.js';
import { boundarySpec, contourSegments } from '../src/report/specs/boundary.js';
import { datasetSpec } from '../src/report/specs/dataset.js';
import { gradRatioSpec } from '../src/report/specs/grad-ratio.js';
import { historySpec, meanHistory } from '../src/report/specs/history.js';
import { accuracyOverlaySpec } from '../src/report/specs/overlay.js';
import { logAxis } from '../src/report/specs/theme.js';
import { SUMMARY_TABLE_CSS, summaryTableHtml } from '../src/report/summary-table.js';
import { fileSlug, planFigures, writeReport } from '../src/report/write.js';
import type { History } from '../src/train/train.js';
import { checkXml, xmlProblem } from './helpers/xml.js';

// ---------------------------------------------------------------- synthetic study

const EPOCHS = 20;
const LAYERS = [2, 5, 5, 5, 5, 1];
/** A name no registry would hold, as a hand-made or parsed StudyResult could carry it. */
const EVIL = '<script>alert("x")</script>' as ActivationName;

function stat(values: number[]): Stat {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, ci95: values.length > 1 ? 0.01 : 0, values };
}

/** A plausible history: loss falls, accuracy rises, gradients shrink towards the first layer by `decay` per layer. */
function fakeHistory(decay: number, seed: number, learns: boolean): History {
  const bce: number[] = [];
  const accuracy: number[] = [];
  const grad: number[][] = LAYERS.slice(1).map(() => []);
  for (let e = 0; e < EPOCHS; e++) {
    const t = e / (EPOCHS - 1);
    bce.push(learns ? 0.69 * Math.exp(-3 * t) + 0.01 * seed : 0.6932 - 1e-4 * t);
    accuracy.push(learns ? 0.5 + 0.48 * t - 0.01 * seed : 0.5);
    grad.forEach((series, l) => {
      series.push(0.05 * decay ** (LAYERS.length - 2 - l) * (1 + 0.1 * seed) * (1 + 0.2 * Math.sin(e)));
    });
  }
  // A layer whose units all died in one epoch: a 0 the log scale must cope with.
  grad[1]![3] = 0;
  return { bce, accuracy, grad, diverged: null };
}

function grid(activation: string, data: Dataset, steps: number, p: (x: number, y: number) => number): BoundaryGrid {
  const x = { min: -1.5, max: 1.5, steps };
  const y = { min: -1.5, max: 1.5, steps };
  const values: number[] = [];
  for (let iy = 0; iy < steps; iy++) {
    for (let ix = 0; ix < steps; ix++) {
      values.push(p(x.min + ((x.max - x.min) * ix) / (steps - 1), y.min + ((y.max - y.min) * iy) / (steps - 1)));
    }
  }
  void data;
  return { activation, x, y, p: values };
}

function syntheticStudy(activations: [ActivationName, ActivationName] = ['relu', 'sigmoid'], dataName?: string): StudyResult {
  const data = makeCircles({ nSamples: 120, factor: 0.5, noise: 0.08, seed: 3 });
  if (dataName) data.name = dataName;
  const runs: RunResult[] = [];
  activations.forEach((activation, a) => {
    for (let seed = 0; seed < 2; seed++) {
      runs.push({
        activation,
        seed,
        history: fakeHistory(a === 0 ? 1.5 : 0.1, seed, a === 0),
        final: {},
        ms: 40 + seed,
        deadShare: a === 0 ? 0.1 * seed : null,
        saturatedShare: 0,
      });
    }
  });
  const summaries: ActivationSummary[] = activations.map((activation, a) => {
    const mine = runs.filter((r) => r.activation === activation);
    return {
      activation,
      finalAccuracy: stat(mine.map((r) => r.history.accuracy.at(-1)!)),
      finalBce: stat(mine.map((r) => r.history.bce.at(-1)!)),
      epochTo90: a === 0 ? 16 : null,
      gradRatio: stat(mine.map((r) => r.history.grad[0]!.at(-1)! / r.history.grad.at(-1)!.at(-1)!)),
      deadShare: a === 0 ? stat([0, 0.1]) : null,
      ms: stat(mine.map((r) => r.ms)),
      saturatedShare: stat(mine.map((r) => r.saturatedShare)),
      finalValAccuracy: null,
      generalisationGap: null,
      diverged: null,
    };
  });
  const ring = (x: number, y: number) => 1 / (1 + Math.exp(12 * (Math.hypot(x, y) - 0.75)));
  return {
    config: {
      activations,
      layers: LAYERS,
      epochs: EPOCHS,
      batchSize: 32,
      optimizer: { name: 'adam', lr: 1e-4, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false },
      seeds: 2,
      data: { kind: 'circles', name: data.name, samples: data.nSamples, noise: 0.08, seed: 3 },
    },
    data,
    runs,
    summaries,
    findings: [
      `${activations[0]} ended with the highest accuracy, 97.5% (BCE 0.040).`,
      `With ${activations[1]}, the first layer's mean |grad| ended at 10^-4.0 of the output layer's — a vanishing gradient.`,
    ],
    boundaries: [grid(activations[0], data, 20, ring), grid(activations[1], data, 20, () => 0.4999)],
    collapse: { weight: [0.0123, -0.0456], bias: -0.0021, maxAbsDiff: 3.2e-7, accuracy: 0.508, layers: LAYERS },
    trainingMs: 321,
  };
}

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// ---------------------------------------------------------------- tests

const checker = suite('report: XML checker (test helper)');

checker('accepts well-formed XML and rejects the usual breakage', () => {
  assert.is(checkXml('<?xml version="1.0"?><svg a="1"><!-- c --><g/><text>a &amp; b</text></svg>'), 'svg');
  for (const bad of [
    '<svg><g></svg>',
    '<svg>a & b</svg>',
    '<svg a="1" a="2"/>',
    '<svg><g></g>',
    '<svg/><svg/>',
    '<svg a=1/>',
    '<svg a="<"/>',
    '<svg/>text',
    '<!-- x',
    '',
  ]) {
    assert.throws(() => checkXml(bad), undefined, bad);
    assert.type(xmlProblem(bad), 'string', bad);
  }
  assert.is(xmlProblem('<svg><g/></svg>'), null);
});

const specs = suite('report: spec builders');

specs('every spec compiles and renders without vega-lite warnings', async () => {
  const study = syntheticStudy();
  const all = [
    datasetSpec(study.data),
    activationsSpec(['relu', 'sigmoid', 'tanh', 'relu6', 'leaky_relu'], { leaky_relu: { negativeSlope: 0.1 } }),
    historySpec(study.runs.filter((r) => r.activation === 'relu')),
    historySpec(study.runs[2]!),
    accuracyOverlaySpec(study),
    gradRatioSpec(study.runs, EPOCHS),
    boundarySpec(study.boundaries[0]!, study.data),
    boundarySpec(study.boundaries[1]!, study.data),
  ];
  for (const spec of all) {
    const warnings: string[] = [];
    const svg = await renderSvg(spec, { warn: (m) => warnings.push(m) });
    assert.equal(warnings, [], JSON.stringify(spec.title));
    assert.is(checkXml(svg), 'svg');
    assert.ok(svg.includes('<text'), 'has text');
    assert.ok(svg.includes('fill="white"'), 'white background');
  }
});

specs('activations: 281 samples per activation from the registry, options applied', () => {
  const spec = activationsSpec(['relu', 'leaky_relu'], { leaky_relu: { negativeSlope: 0.1 } }) as {
    data: { values: { x: number; f: number; df: number; activation: string }[] };
  };
  const rows = spec.data.values;
  assert.is(rows.length, 2 * 281);
  const leaky = rows.filter((r) => r.activation === 'leaky_relu(negativeSlope=0.1)');
  assert.is(leaky.length, 281);
  assert.equal(leaky[0], { x: -7, f: -0.7, df: 0.1, activation: 'leaky_relu(negativeSlope=0.1)' });
  assert.ok(
    rows.some((r) => r.x === 0),
    'x = 0 is sampled exactly',
  );
  assert.throws(() => activationsSpec(['nope' as ActivationName]), /unknown activation/);
});

specs('history: mean over seeds, one series per layer, zeros kept off the log scale', () => {
  const study = syntheticStudy();
  const runs = study.runs.filter((r) => r.activation === 'relu');
  const h = meanHistory(runs);
  assert.is(h.grad.length, 5);
  assert.is(h.bce.mean.length, EPOCHS);
  assert.ok(Math.abs(h.bce.mean[5]! - (runs[0]!.history.bce[5]! + runs[1]!.history.bce[5]!) / 2) < 1e-15);
  const json = JSON.stringify(historySpec(runs));
  for (const name of ['layer 0 (first)', 'layer 1', 'layer 4 (output)']) assert.ok(json.includes(name), name);
  assert.ok(json.includes('"type":"log"'), 'log scale');
  const gradPanel = (historySpec(runs) as { hconcat: { data: { values: { epoch: number; layer: string; value: number }[] } }[] })
    .hconcat[1]!;
  assert.not.ok(
    gradPanel.data.values.some((r) => r.layer === 'layer 1' && r.epoch === 3 && !(r.value > 0)),
    'no non-positive values',
  );
});

specs('boundary: the P = 0.5 contour of a ring is a closed curve near its radius', () => {
  const study = syntheticStudy();
  const ring = study.boundaries[0]!;
  const segments = contourSegments(ring);
  assert.ok(segments.length > 20);
  for (const s of segments) {
    for (const r of [Math.hypot(s.x, s.y), Math.hypot(s.x2, s.y2)]) assert.ok(Math.abs(r - 0.75) < 0.08, `radius ${r}`);
  }
  // Closed: every endpoint is shared by exactly two segments.
  const counts = new Map<string, number>();
  for (const s of segments) for (const key of [`${s.x},${s.y}`, `${s.x2},${s.y2}`]) counts.set(key, (counts.get(key) ?? 0) + 1);
  assert.ok([...counts.values()].every((n) => n === 2));
  assert.equal(contourSegments(study.boundaries[1]!), [], 'flat grid: no boundary');
  const spec = boundarySpec(ring, study.data) as { layer: { data: { values: unknown[] } }[] };
  assert.is(spec.layer[0]!.data.values.length, 20 * 20, 'one rect per grid point');
});

specs('theme: log axis labels and powers of ten', () => {
  assert.is(powerOfTen(-3), '10⁻³');
  assert.is(powerOfTen('-3.8'), '10⁻³·⁸');
  const axis = logAxis(2e-6, 0.3);
  assert.equal(axis.values, [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
  assert.ok(axis.labelExpr.includes('"10⁻⁶"'));
});

specs('spec builders are platform neutral: no Node, fs, vega runtime or resvg imports', () => {
  const dir = new URL('../src/report/specs/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 5);
  const sources = [
    ...files.map((f) => [f, readFileSync(new URL(f, dir), 'utf8')] as const),
    ...['html.ts', 'format.ts', 'summary-table.ts'].map(
      (f) => [f, readFileSync(new URL(`../src/report/${f}`, import.meta.url), 'utf8')] as const,
    ),
  ];
  for (const [file, source] of sources) {
    const imports = [...source.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => ({
      typeOnly: Boolean(m[2]),
      from: m[3]!,
    }));
    assert.not.ok(/\brequire\(|import\(/.test(source), `${file}: dynamic import`);
    for (const { typeOnly, from } of imports) {
      assert.not.ok(from.startsWith('node:') || ['fs', 'path', 'os', 'vega', '@resvg/resvg-js'].includes(from), `${file} imports ${from}`);
      if (from === 'vega-lite') assert.ok(typeOnly, `${file}: vega-lite must be imported as a type only`);
      if (!from.startsWith('.')) assert.is(from, 'vega-lite', `${file} imports ${from}`);
    }
    assert.not.ok(/\bprocess\.|\bBuffer\b|__dirname/.test(source), `${file} uses a Node global`);
  }
});

const rendering = suite('report: rendering');

rendering('svgToPng: a PNG at the requested scale; text is drawn', async () => {
  const svg = await renderSvg(datasetSpec(makeCircles({ nSamples: 20, seed: 1 })));
  const width = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
  const png = svgToPng(svg, 2);
  assert.equal([...png.slice(0, 8)], PNG_SIGNATURE);
  assert.is(pngSize(png).width, Math.round(2 * width));
  assert.is(pngSize(svgToPng(svg, 1)).width, Math.round(width));
  assert.throws(() => svgToPng(svg, 0), /scale/);
});

rendering('compactSvg rounds geometry only; text estimate is sane', () => {
  const svg = '<path d="M1.23456,7.891011L-0.004,2" transform="translate(3.14159,2)"/><text x="1.23456">0.000175</text>';
  assert.is(compactSvg(svg), '<path d="M1.23,7.89L0,2" transform="translate(3.14,2)"/><text x="1.23">0.000175</text>');
  const w = estimateTextWidth({ fontSize: 10 }, 'mmmm');
  assert.ok(w > 30 && w < 45, String(w));
  assert.ok(estimateTextWidth({ fontSize: 10, fontWeight: 'bold' }, 'abc') > estimateTextWidth({ fontSize: 10 }, 'abc'));
});

const html = suite('report: HTML');

html('formats the gradient ratio as the tutorial reads it', () => {
  assert.is(formatRatio(1.6e-4), '1.6e-4 (10⁻³·⁸)');
  assert.is(formatRatio(12.6), '1.3e1 (10¹·¹)');
  assert.is(formatRatio(1), '1.0e0 (10⁰·⁰)');
  assert.is(formatRatio(0), '0');
  assert.is(formatRatio(NaN), '—');
  assert.is(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

html('prefixSvgIds keeps ids unique across inline SVGs', () => {
  const svg = '<svg><defs><clipPath id="clip1"/></defs><g clip-path="url(#clip1)"><use href="#clip1"/></g></svg>';
  assert.is(
    prefixSvgIds(svg, 'f2-'),
    '<svg><defs><clipPath id="f2-clip1"/></defs><g clip-path="url(#f2-clip1)"><use href="#f2-clip1"/></g></svg>',
  );
});

html('escapes every user-controlled text: activation names, data names, CSV paths, findings, table text', () => {
  const study = syntheticStudy(['relu', EVIL], `circles <img src=x onerror=alert(1)>`);
  study.config.data = { kind: 'csv', name: 'my data', samples: 120, path: '/tmp/<b>evil</b>.csv' };
  study.findings.push('A & B <i>not markup</i>');
  const page = reportHtml(
    study,
    [{ name: `history-${fileSlug(EVIL)}`, title: `${EVIL}: history`, svg: '<svg xmlns="http://www.w3.org/2000/svg"/>', caption: EVIL }],
    EVIL,
  );
  assert.not.ok(page.includes('<script'), 'no script tag');
  assert.not.ok(page.includes('<img'), 'no img tag');
  assert.not.ok(page.includes('<b>evil'), 'path escaped');
  assert.not.ok(page.includes('<i>not'), 'findings escaped');
  assert.ok(page.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(page.includes('/tmp/&lt;b&gt;evil&lt;/b&gt;.csv'));
  assert.ok(page.includes('A &amp; B &lt;i&gt;not markup&lt;/i&gt;'));
  assert.is(fileSlug(EVIL), 'script-alert-x-script');
});

html('summary table: one row per activation with its raw numbers as data attributes, the vanishing flag, no ± with one seed', () => {
  const study = syntheticStudy();
  const table = summaryTableHtml(study.summaries, 1);
  const rows = table.split('<tr ').slice(1);
  assert.is(rows.length, 2);
  study.summaries.forEach((s, i) => {
    assert.ok(
      rows[i]!.startsWith(
        `data-activation="${s.activation}" data-grad-ratio="${s.gradRatio.mean}" data-accuracy="${s.finalAccuracy.mean}">`,
      ),
      rows[i],
    );
  });
  assert.ok(rows[1]!.includes('<span class="tag">vanishing</span>'), "sigmoid's ratio is flagged");
  assert.not.ok(rows[0]!.includes('vanishing'), "relu's is not");
  assert.not.ok(table.includes('±'), 'one seed: no CI');
  assert.ok(summaryTableHtml(study.summaries, 2).includes('final accuracy (mean ± 95% CI)'));
  assert.not.ok(table.includes('class="note warn"'), 'no divergence, no note');
  const evil = summaryTableHtml([{ ...study.summaries[0]!, activation: EVIL }], 1);
  assert.not.ok(evil.includes('<script'), 'the name is escaped, in the cell and the attribute');
});

html('summary table: a fully diverged activation says so in place of its accuracy; a partly diverged one is marked *', () => {
  const [relu, sigmoid] = syntheticStudy().summaries as [ActivationSummary, ActivationSummary];
  const none: Stat = { mean: Number.NaN, ci95: Number.NaN, values: [] };
  const gone: ActivationSummary = { ...sigmoid, finalAccuracy: none, finalBce: none, diverged: { seeds: [0, 1], epoch: 3, of: 2 } };
  const some: ActivationSummary = { ...relu, diverged: { seeds: [1], epoch: 7, of: 2 } };
  const table = summaryTableHtml([some, gone], 2);
  const [someRow, goneRow] = table.split('<tr ').slice(1) as [string, string];
  assert.match(goneRow, /<span class="bar" style="width:0\.0%"><\/span><span class="v">diverged at epoch 3<\/span>/);
  assert.match(someRow, /<span class="v">[\d.]+% ± [\d.]+ \*<\/span>/);
  assert.ok(someRow.includes('class="num acc best"'), 'the surviving seeds still rank');
  assert.ok(
    table.includes(
      '<p class="note warn">Diverged — a weight, an output or the loss became NaN or ±Infinity, and training stopped: ' +
        'relu diverged at epoch 7 (1 of 2 seeds) (*: over the other seeds); sigmoid diverged at epoch 3.</p>',
    ),
    table,
  );
});

html('summary table CSS: every rule is scoped to the table or its note, so a page keeps its own .tag and .dot', () => {
  const selectors = SUMMARY_TABLE_CSS.trim()
    .split('\n')
    .flatMap((rule) => rule.slice(0, rule.indexOf('{')).split(','))
    .map((selector) => selector.trim());
  assert.ok(selectors.length >= 10);
  for (const selector of selectors) assert.ok(/^(?:table\.summary\b|\.table-wrap$|p\.note\.warn$)/.test(selector), selector);
  const page = reportHtml(syntheticStudy(), []);
  assert.ok(page.includes(SUMMARY_TABLE_CSS.trim()), 'the report carries it');
});

const write = suite('report: writeReport');

let outDir = '';
write.before(() => {
  outDir = mkdtempSync(join(tmpdir(), 'actlab-report-'));
});
write.after(() => {
  rmSync(outDir, { recursive: true, force: true });
});

write('writes every figure as SVG and PNG plus index.html, and nothing else', async () => {
  const study = syntheticStudy();
  const dir = join(outDir, 'nested', 'out');
  const { files } = await writeReport(study, dir);
  const names = [
    'dataset',
    'activations',
    'history-relu',
    'history-sigmoid',
    'accuracy-overlay',
    'boundary-relu',
    'boundary-sigmoid',
    'collapse',
  ];
  const expected = [...names.flatMap((n) => [`${n}.svg`, `${n}.png`]), 'index.html'];
  assert.equal([...files].sort(), [...expected].sort());
  assert.equal(readdirSync(dir).sort(), [...expected].sort());
  assert.not.ok(
    files.some((f) => f.startsWith('history.')),
    'history.json/csv are not ours',
  );

  for (const name of names) {
    const svg = readFileSync(join(dir, `${name}.svg`), 'utf8');
    assert.is(checkXml(svg), 'svg', name);
    assert.not.ok(/(?:href|src)="https?:|url\(\s*['"]?https?:|@import/.test(svg), `${name}: no external resources`);
    const png = new Uint8Array(readFileSync(join(dir, `${name}.png`)));
    assert.equal([...png.slice(0, 8)], PNG_SIGNATURE, name);
    const width = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    assert.is(pngSize(png).width, Math.round(2 * width), `${name}: 2× scale`);
    assert.ok(width >= 300 && width <= 1200, `${name}: width ${width}`);
  }

  const page = readFileSync(join(dir, 'index.html'), 'utf8');
  for (const file of expected.filter((f) => f !== 'index.html')) assert.ok(page.includes(`href="${file}"`), `links ${file}`);
  for (const s of study.summaries) assert.ok(page.includes(`</span>${s.activation}</th>`), `table row ${s.activation}`);
  // Each row's accuracy cell holds the mean final accuracy of that activation's runs (here with
  // seeds, "97.5% ± …"), computed from the runs, not read back from the summaries.
  for (const s of study.summaries) {
    const row = page.split('<tr ').find((r) => r.includes(`</span>${s.activation}</th>`));
    const cell = row && /<td class="num acc[^"]*">.*?<span class="v">([^<]*)<\/span><\/td>/.exec(row)?.[1];
    const finals = study.runs.filter((r) => r.activation === s.activation).map((r) => r.history.accuracy.at(-1)!);
    const mean = finals.reduce((a, b) => a + b, 0) / finals.length;
    assert.ok(cell?.startsWith(`${(100 * mean).toFixed(1)}% ± `), `${s.activation}'s accuracy cell is "${cell}", its runs' mean ${mean}`);
  }
  assert.ok(page.includes('never'), 'epoch ≥ 90% never');
  for (const f of study.findings) assert.ok(page.includes(escapeHtml(f)), 'finding');
  assert.ok(page.includes('Why nonlinear'));
  assert.ok(page.includes('3.2e-7, float32 rounding'));
  assert.ok(page.includes('50.8%'), 'identity accuracy');
  assert.not.ok(/<script|https?:\/\/(?!www\.w3\.org\/)/.test(page), 'no scripts, no network');
  // Inline SVGs share one id namespace: every id on the page must be unique.
  const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  assert.is(new Set(ids).size, ids.length, 'unique ids');
  for (const ref of page.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids.includes(ref[1]!), `dangling url(#${ref[1]})`);
});

write('png: false writes SVGs only and links no PNG', async () => {
  const dir = join(outDir, 'svg-only');
  const { files } = await writeReport(syntheticStudy(), dir, { png: false });
  assert.ok(files.every((f) => !f.endsWith('.png')));
  assert.ok(files.includes('index.html'));
  assert.not.ok(readFileSync(join(dir, 'index.html'), 'utf8').includes('.png"'));
});

write('a malicious activation name is escaped and gets a safe file name', async () => {
  const dir = join(outDir, 'evil');
  const study = syntheticStudy(['relu', EVIL]);
  const { files } = await writeReport(study, dir, { png: false });
  assert.ok(files.includes('history-script-alert-x-script.svg'));
  assert.ok(files.includes('boundary-script-alert-x-script.svg'));
  assert.ok(
    files.every((f) => /^[\w.-]+$/.test(f)),
    files.join(' '),
  );
  const page = readFileSync(join(dir, 'index.html'), 'utf8');
  assert.not.ok(page.includes('<script'));
  assert.ok(page.includes('&lt;script&gt;'));
  const svgs = files.filter((f) => f.endsWith('.svg'));
  assert.ok(svgs.length >= 4, `figures written: ${svgs.join(' ')}`);
  for (const f of svgs) assert.is(checkXml(readFileSync(join(dir, f), 'utf8')), 'svg', f);
  // The registry does not know it, so the activations figure shows the known ones (and identity).
  assert.ok(planFigures(study).some((p) => p.name === 'activations'));
});

write('an identity boundary replaces the collapse figure', () => {
  const study = syntheticStudy(['relu', 'identity']);
  const names = planFigures(study).map((p) => p.name);
  assert.ok(names.includes('boundary-identity'));
  assert.not.ok(names.includes('collapse'));
});

checker.run();
specs.run();
rendering.run();
html.run();
write.run();
