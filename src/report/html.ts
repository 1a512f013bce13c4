// The study's report page: one self-contained index.html (inline SVG figures and CSS, no scripts,
// nothing fetched). Platform-neutral: returns a string.

import { chanceLevel } from '../compare/findings.js';
import { pairedTable } from '../compare/paired.js';
import type { Collapse, StudyResult } from '../compare/types.js';
import { describeOptimizer } from '../optim/describe.js';
import { escapeHtml, formatMs, pct, sci } from './format.js';
import { SUMMARY_TABLE_CSS, summaryTableHtml } from './summary-table.js';

export interface ReportFigure {
  /** File name without extension: the page links `<name>.svg` and `<name>.png`. */
  name: string;
  title: string;
  /** The figure as SVG markup (vega's output), inlined as is. */
  svg: string;
  /** What the figure shows and how to read it (plain text). */
  caption: string;
}

export interface ReportHtmlOptions {
  /** Whether `<name>.png` files exist next to the page, to link. Default true. */
  png?: boolean;
}

/** A file name as a relative URL: each path segment percent-encoded, then HTML-escaped. */
function fileHref(file: string): string {
  return escapeHtml(file.split('/').map(encodeURIComponent).join('/'));
}

const sig = (x: number, digits = 4) => (Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : String(x));

function describeData(result: StudyResult): string {
  const d = result.config.data;
  const details = [`${d.samples} samples`];
  if (d.noise !== undefined) details.push(`noise ${d.noise}`);
  if (d.seed !== undefined) details.push(`seed ${d.seed}`);
  const source = d.kind === 'csv' && d.path ? `CSV file ${d.path}` : d.name;
  return `${source} (${details.join(', ')})`;
}

function configSection(result: StudyResult): string {
  const c = result.config;
  const seeds =
    c.seeds > 1
      ? `${c.seeds} initialisations per activation (init seeds 0–${c.seeds - 1})`
      : '1 initialisation per activation (init seed 0)';
  const rows: [string, string][] = [
    ['Data', describeData(result)],
    ['Network', `${c.layers.join(' → ')} — the activation under test after every hidden layer, sigmoid output, BCE loss`],
    ['Activations', c.activations.join(', ')],
    ['Optimizer', describeOptimizer(c.optimizer)],
    ['Epochs', String(c.epochs)],
    ['Batch size', String(c.batchSize)],
    ['Seeds', seeds],
    ['Training time', `${formatMs(result.trainingMs)} in total, ${result.runs.length} runs`],
  ];
  return `<dl class="config">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function summaryTable(result: StudyResult): string {
  return [
    summaryTableHtml(result.summaries, result.config.seeds),
    '<p class="note">Accuracy and BCE are measured on the whole data set after the last epoch (epochs count from 0). ' +
      "The gradient column is the first layer's mean |∂loss/∂W| divided by the output layer's in the last epoch: " +
      '10⁰ means both learn at the same rate; 10⁻³ means the first layer gets a thousandth of the signal. ' +
      'Dead units: hidden units that output 0 for every sample (ReLU family only).</p>',
  ].join('\n');
}

function collapseSection(collapse: Collapse, result: StudyResult, figures: readonly ReportFigure[]): string {
  const chance = chanceLevel(result.data);
  const w = collapse.weight;
  const terms = w
    .map((wi, i) => {
      const term = `${sig(Math.abs(wi))}·x${subscript(i + 1)}`;
      if (i === 0) return wi < 0 ? `−${term}` : term;
      return `${wi < 0 ? '−' : '+'} ${term}`;
    })
    .join(' ');
  const equation = `logit = ${terms} ${collapse.bias < 0 ? '−' : '+'} ${sig(Math.abs(collapse.bias))}`;
  const rounding = collapse.maxAbsDiff < 1e-4 ? ', float32 rounding' : '';
  const nearChance = Math.abs(collapse.accuracy - chance) <= 0.05;
  const figure = figures.find((f) => f.name === 'collapse') ?? figures.find((f) => f.name === 'boundary-identity');
  const layerCount = collapse.layers.length - 1;
  return [
    '<section id="why-nonlinear">',
    '<h2>Why nonlinear</h2>',
    `<p>An identity network (no activation: ${escapeHtml(collapse.layers.join(' → '))}) was trained the same way. ` +
      `Its ${layerCount} linear layers multiply out into a single linear layer:</p>`,
    `<p class="equation">${escapeHtml(equation)}</p>`,
    '<ul>',
    `<li>weight = [${escapeHtml(w.map((x) => sig(x, 6)).join(', '))}], bias = ${escapeHtml(sig(collapse.bias, 6))}</li>`,
    `<li>largest |Δ| between the trained identity network's outputs and this one layer's, over the data: <strong>${escapeHtml(sci(collapse.maxAbsDiff))}${rounding}</strong></li>`,
    `<li>accuracy of the identity network: <strong>${escapeHtml(pct(collapse.accuracy))}</strong>` +
      `${nearChance ? ', near' : ' against'} chance (${escapeHtml(pct(chance))}, always guessing the majority class)</li>`,
    '</ul>',
    `<p>Stacked linear layers compose into one linear map: W<sub>${layerCount - 1}</sub>(…(W<sub>1</sub>(W<sub>0</sub>x + b<sub>0</sub>) + b<sub>1</sub>)…) = Wx + b. ` +
      'So however deep, a network without a nonlinearity draws its decision boundary where Wx + b = 0: a straight line. ' +
      'No straight line separates an inner circle from the ring around it, which is why the activation function is what lets depth bend the boundary.' +
      (figure ? ` See <a href="#${escapeHtml(figureId(figure.name))}">${escapeHtml(figure.title)}</a>.` : '') +
      '</p>',
    '</section>',
  ].join('\n');
}

function subscript(n: number): string {
  return [...String(n)].map((d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)] ?? d).join('');
}

function figureId(name: string): string {
  return `fig-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * Gives every id in `svg` (and every reference to one) a prefix: several inline SVGs in one page
 * share a single id namespace, and vega numbers its clip paths and gradients from 1 in each.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/^\s*<\?xml[^>]*>\s*/, '')
    .replace(/\sid="([^"]*)"/g, (_, id: string) => ` id="${prefix}${id}"`)
    .replace(/url\(\s*(['"]?)#([^)'"]+)\1\s*\)/g, (_, quote: string, id: string) => `url(${quote}#${prefix}${id}${quote})`)
    .replace(/(\s(?:xlink:)?href=")#([^"]*)"/g, (_, attr: string, id: string) => `${attr}#${prefix}${id}"`);
}

function figureSection(figure: ReportFigure, index: number, png: boolean): string {
  const links = [`<a href="${fileHref(`${figure.name}.svg`)}">SVG</a>`];
  if (png) links.push(`<a href="${fileHref(`${figure.name}.png`)}">PNG</a>`);
  return [
    `<figure id="${escapeHtml(figureId(figure.name))}">`,
    `<div class="chart">${prefixSvgIds(figure.svg, `f${index}-`)}</div>`,
    `<figcaption><h3>${index + 1}. ${escapeHtml(figure.title)}</h3>`,
    `<p>${escapeHtml(figure.caption)}</p>`,
    `<p class="files">${escapeHtml(figure.name)}: ${links.join(' · ')}</p></figcaption>`,
    '</figure>',
  ].join('\n');
}

const CSS = `
:root { --ink: #1b1f24; --muted: #5b6470; --line: #e3e6ea; --accent: #1d4ed8; --warn: #b42318; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.55 "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 24px 64px; }
header h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
header p.lead { color: var(--muted); margin: 0 0 20px; font-size: 16px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 6px; }
a { color: var(--accent); }
.card, figure { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 0 0 20px; }
dl.config { display: grid; grid-template-columns: max-content 1fr; gap: 6px 20px; margin: 0; }
dl.config dt { color: var(--muted); }
dl.config dd { margin: 0; }
nav ol { columns: 2; margin: 0; padding-left: 20px; }
${SUMMARY_TABLE_CSS.trim()}
.muted { color: var(--muted); }
p.note { color: var(--muted); font-size: 13px; }
ul.findings { padding-left: 20px; }
ul.findings li { margin: 6px 0; }
figure .chart { overflow-x: auto; text-align: center; }
figure .chart svg { max-width: 100%; height: auto; }
figcaption { margin-top: 10px; }
figcaption p { margin: 4px 0; }
p.files { font-size: 13px; color: var(--muted); }
p.equation { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f1f3f6; padding: 8px 12px; border-radius: 6px; overflow-x: auto; }
details pre { background: #fff; border: 1px solid var(--line); padding: 12px; overflow-x: auto; font-size: 12px; }
footer { color: var(--muted); font-size: 12px; margin-top: 40px; }
`;

/**
 * The report page: title, the study's configuration, the summary table, the findings, every
 * figure inline with what it shows and links to its files, and "Why nonlinear" when the result
 * has an identity-network collapse. All text is escaped; the page has no scripts and fetches nothing.
 */
export function reportHtml(result: StudyResult, figures: ReportFigure[], tableText?: string, options: ReportHtmlOptions = {}): string {
  const png = options.png ?? true;
  const c = result.config;
  const title = `Activation functions compared: ${c.activations.join(', ')}`;
  const nav = figures.map((f, i) => `<li><a href="#${escapeHtml(figureId(f.name))}">${escapeHtml(`${i + 1}. ${f.title}`)}</a></li>`);
  if (result.collapse) nav.push('<li><a href="#why-nonlinear">Why nonlinear</a></li>');
  const findings =
    result.findings.length > 0
      ? `<ul class="findings">${result.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`
      : '<p class="muted">No findings were derived.</p>';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body><main>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="lead">How the hidden layers' activation function changes what a ${escapeHtml(c.layers.join('→'))} network learns on ` +
      `${escapeHtml(c.data.name)} in ${escapeHtml(c.epochs)} epochs — and whether the gradient reaches its first layer.</p>`,
    '</header>',
    '<section id="config"><h2>Setup</h2><div class="card">',
    configSection(result),
    '</div></section>',
    '<section id="summary"><h2>Summary</h2>',
    summaryTable(result),
    tableText ? `<details><summary>Plain-text table</summary><pre>${escapeHtml(tableText)}</pre></details>` : '',
    '</section>',
    '<section id="findings"><h2>Findings</h2><div class="card">',
    findings,
    '</div></section>',
    // Several seeds: every activation against the baseline, paired by seed (docs/statistics.md).
    result.paired && c.seeds > 1
      ? `<section id="paired"><h2>Paired statistics</h2><div class="card"><p class="muted">Each activation against ${escapeHtml(result.paired.baseline)}, paired by seed: the mean difference with 95% t and bootstrap intervals and the exact Wilcoxon signed-rank p, and a plain verdict (docs/statistics.md).</p><pre>${escapeHtml(pairedTable(result.paired))}</pre></div></section>`
      : '',
    figures.length > 0 ? `<section id="contents"><h2>Figures</h2><nav class="card"><ol>${nav.join('')}</ol></nav>` : '',
    ...figures.map((f, i) => figureSection(f, i, png)),
    figures.length > 0 ? '</section>' : '',
    result.collapse ? collapseSection(result.collapse, result, figures) : '',
    '<footer>Generated by actlab. Figures: vega-lite; every number on this page comes from the runs above.</footer>',
    '</main></body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
