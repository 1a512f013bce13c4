// Compare mode: the activations trained side by side on the same data and initial seed, their
// accuracy and gradient ratio overlaid, the CLI's summary table and findings, and a decision
// boundary per activation.
import { findings } from '../../src/compare/findings.js';
import { summarize } from '../../src/compare/summary.js';
import { summaryTable } from '../../src/compare/table.js';
import type { BoundaryGrid, RunResult, StudyResult } from '../../src/compare/types.js';
import type { Dataset } from '../../src/datasets/dataset.js';
import { resolveOptimizer } from '../../src/optim/config.js';
import { accuracyCell, divergedNote, escapeHtml, formatBce, formatRatio } from '../../src/report/html.js';
import { activationsSpec } from '../../src/report/specs/activations.js';
import { boundarySpec } from '../../src/report/specs/boundary.js';
import { accuracyOverlaySpec } from '../../src/report/specs/overlay.js';
import { activationColors } from '../../src/report/specs/theme.js';
import { Chart, fit, gradRatioSpec, pinEpochs } from './charts.js';
import { layersOf, optimizerOf, type Settings } from './state.js';

/** A first/output gradient ratio below this is flagged as vanishing (as in the report). */
const VANISHING = 1e-2;

export interface CompareElements {
  overlay: Chart;
  ratio: Chart;
  activations: Chart;
  boundaries: HTMLElement;
  summary: HTMLElement;
  summaryText: HTMLElement;
  findings: HTMLElement;
}

/** While training, the small boundaries (the costliest charts to draw) are redrawn at most this often, ms. */
const BOUNDARY_EVERY_MS = 400;

export class CompareView {
  private boundaryCharts = new Map<string, Chart>();
  private lastBoundaries = -Infinity;

  constructor(private readonly el: CompareElements) {}

  drawActivations(names: string[], options: Record<string, Record<string, number>>): void {
    void this.el.activations.update(fit(activationsSpec(names, options), { width: 300, height: 190 }));
  }

  /** `training`: a run is in progress (the boundaries are throttled); `done`: every run has finished. */
  async draw(
    runs: RunResult[],
    grids: (BoundaryGrid | undefined)[],
    data: Dataset,
    settings: Settings,
    training: boolean,
    done: boolean,
  ): Promise<void> {
    const names = runs.map((r) => r.activation);
    const tasks: Promise<void>[] = [];
    const started = runs.filter((r) => r.history.bce.length > 0);
    if (started.length > 0) {
      const study = {
        config: {
          activations: names,
          layers: layersOf(settings),
          epochs: settings.epochs,
          batchSize: settings.batchSize,
          optimizer: resolveOptimizer(optimizerOf(settings)),
          seeds: 1,
          data: { kind: settings.dataset, name: data.name, samples: data.nSamples, noise: settings.noise, seed: settings.dataSeed },
        },
        data,
        runs: started,
      } as Pick<StudyResult, 'config' | 'data' | 'runs'> as StudyResult;
      tasks.push(this.el.overlay.update(pinEpochs(fit(accuracyOverlaySpec(study), { width: 235, height: 200 }), settings.epochs)));
      tasks.push(
        this.el.ratio.update(pinEpochs(fit(gradRatioSpec(started, settings.epochs), { width: 235, height: 200 }), settings.epochs)),
      );
    }
    this.drawTable(runs, data, settings, done);
    this.syncBoundaryCharts(names);
    const now = performance.now();
    if (training && now - this.lastBoundaries < BOUNDARY_EVERY_MS) {
      await Promise.all(tasks);
      return;
    }
    this.lastBoundaries = now;
    runs.forEach((run, i) => {
      const grid = grids[i];
      const chart = this.boundaryCharts.get(run.activation);
      if (!grid || !chart) return;
      const spec = boundarySpec(grid, data, { title: run.activation });
      tasks.push(chart.update(fit(spec, { scale: 0.31, legends: false })));
    });
    await Promise.all(tasks);
  }

  /** One small chart per activation, in the settings' order; charts of dropped activations are finalized. */
  private syncBoundaryCharts(names: string[]): void {
    for (const [name, chart] of this.boundaryCharts) {
      if (!names.includes(name)) {
        chart.clear();
        chart.container.remove();
        this.boundaryCharts.delete(name);
      }
    }
    for (const name of names) {
      if (!this.boundaryCharts.has(name)) {
        const div = document.createElement('div');
        div.className = 'chart small';
        div.dataset.activation = name;
        this.boundaryCharts.set(name, new Chart(div));
      }
    }
    const order = names.map((n) => this.boundaryCharts.get(n)!.container);
    if (order.some((div, i) => this.el.boundaries.children[i] !== div)) this.el.boundaries.replaceChildren(...order);
  }

  private drawTable(runs: RunResult[], data: Dataset, settings: Settings, done: boolean): void {
    const { summary, summaryText, findings: list } = this.el;
    if (runs.length === 0 || runs.some((r) => r.history.bce.length === 0)) {
      summary.innerHTML =
        '<p class="muted">Train to fill the table: final accuracy and BCE, the first epoch at 90%, the gradient ratio, dead units and time, per activation.</p>';
      summaryText.textContent = '';
      list.replaceChildren();
      return;
    }
    const names = runs.map((r) => r.activation);
    const summaries = summarize(runs, names);
    const colors = activationColors(names);
    const best = Math.max(...summaries.map((s) => s.finalAccuracy.mean));
    const epochs = Math.min(...runs.map((r) => r.history.bce.length));
    const head = ['activation', 'accuracy', 'BCE', 'first epoch ≥ 90%', 'gradient first / output layer', 'dead units', 'compute'];
    const rows = summaries.map((s, i) => {
      const vanishing = s.gradRatio.mean < VANISHING;
      // No bar for a row without a final accuracy (every seed diverged).
      const accWidth = Number.isFinite(s.finalAccuracy.mean) ? Math.max(0, Math.min(100, 100 * s.finalAccuracy.mean)) : 0;
      return (
        `<tr data-activation="${escapeHtml(s.activation)}" data-grad-ratio="${s.gradRatio.mean}" data-accuracy="${s.finalAccuracy.mean}">` +
        `<th scope="row"><span class="dot" style="background:${escapeHtml(colors[i])}"></span>${escapeHtml(s.activation)}</th>` +
        `<td class="num acc${s.finalAccuracy.mean === best ? ' best' : ''}"><span class="bar" style="width:${accWidth.toFixed(1)}%"></span><span class="v">${escapeHtml(accuracyCell(s, 1))}</span></td>` +
        `<td class="num">${escapeHtml(formatBce(s.finalBce, 1))}</td>` +
        `<td class="num">${s.epochTo90 === null ? '<span class="muted">never</span>' : escapeHtml(s.epochTo90)}</td>` +
        `<td class="num ratio${vanishing ? ' warn' : ''}">${escapeHtml(formatRatio(s.gradRatio.mean))}${vanishing ? ' <span class="tag">vanishing</span>' : ''}</td>` +
        `<td class="num">${s.deadShare ? escapeHtml(`${(100 * s.deadShare.mean).toFixed(0)}%`) : '<span class="muted">n/a</span>'}</td>` +
        `<td class="num">${escapeHtml(`${Math.round(s.ms.mean)} ms`)}</td></tr>`
      );
    });
    const note = done
      ? `After ${epochs} epochs, on the whole data set.`
      : `So far (epoch ${epochs} of ${settings.epochs}); dead units are counted at the end.`;
    summary.innerHTML =
      `<table class="summary"><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
      `<tbody>${rows.join('')}</tbody></table>${divergedNote(summaries)}<p class="note">${escapeHtml(note)}</p>`;
    summaryText.textContent = summaryTable(summaries, 1);
    const sentences = done ? findings(summaries, data, epochs) : [];
    list.replaceChildren(
      ...sentences.map((text) => {
        const li = document.createElement('li');
        li.textContent = text;
        return li;
      }),
    );
  }
}
