// Compare mode: the activations trained side by side on the same data and initial seed, their
// accuracy and gradient ratio overlaid, the CLI's summary table and findings, and a decision
// boundary per activation. With a validation split every run holds out the same rows (each
// Trainer's generator has the same seed): the overlay adds their accuracy dashed, the table its
// validation accuracy and generalisation gap, and the boundaries draw them hollow.
import {
  type ActivationName,
  accuracyOverlaySpec,
  activationsSpec,
  type BoundaryGrid,
  type Dataset,
  findings,
  gradRatioSpec,
  type RunResult,
  resolveOptimizer,
  type StudyConfig,
  type StudyResult,
  SUMMARY_TABLE_CSS,
  summarize,
  summaryTable,
  summaryTableHtml,
} from '../../src/index.js';
import { Chart, fit, pinEpochs } from './charts.js';
import { boundaryWithSplit, overlayWithValidation, type RunSplit } from './held-out.js';
import type { MarkItem } from './protocol.js';
import { initOf, layersOf, type OptionValue, optimizerOf, optionsOf, type Settings } from './state.js';

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

  constructor(private readonly el: CompareElements) {
    addTableStyles();
  }

  /** f and f′ of every compared activation; `options` as the user writes them (a choice as its string). */
  drawActivations(names: string[], options: Record<string, Record<string, OptionValue>>): void {
    void this.el.activations.update(fit(activationsSpec(names as ActivationName[], options), { width: 300, height: 190 }));
  }

  /** `training`: a run is in progress (the boundaries are throttled); `done`: every run has finished. */
  async draw(
    runs: RunResult[],
    grids: (BoundaryGrid | undefined)[],
    splits: (RunSplit | undefined)[],
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
        config: studyConfig(names, data, settings),
        data,
        runs: started,
      } as Pick<StudyResult, 'config' | 'data' | 'runs'> as StudyResult;
      const overlay = overlayWithValidation(accuracyOverlaySpec(study), started);
      tasks.push(this.el.overlay.update(pinEpochs(fit(overlay, { width: 235, height: 200 }), settings.epochs)));
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
      const spec = boundaryWithSplit(grid, data, splits[i], { title: run.activation });
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
        // Small multiples keep their own size and wrap (the grid's CSS), rather than fill a width.
        this.boundaryCharts.set(name, new Chart(div, 'canvas', { fill: false }));
      }
    }
    const order = names.map((n) => this.boundaryCharts.get(n)!.container);
    if (order.some((div, i) => this.el.boundaries.children[i] !== div)) this.el.boundaries.replaceChildren(...order);
  }

  /** The items of a mark of one of the view's charts (`overlay`, `ratio`, `activations`, `boundary:<activation>`); see Chart.marks. */
  marks(chart: string, mark: string): MarkItem[] {
    const named: Record<string, Chart> = { overlay: this.el.overlay, ratio: this.el.ratio, activations: this.el.activations };
    const found = chart.startsWith('boundary:') ? this.boundaryCharts.get(chart.slice('boundary:'.length)) : named[chart];
    return found?.marks(mark) ?? [];
  }

  /** The view's charts by figure name, as export.ts names their files: overlay, ratio, activations, boundary-<activation>. */
  figures(): [string, Chart][] {
    const named: [string, Chart][] = [
      ['overlay', this.el.overlay],
      ['ratio', this.el.ratio],
      ['activations', this.el.activations],
    ];
    return [...named, ...[...this.boundaryCharts].map(([name, chart]): [string, Chart] => [`boundary-${name}`, chart])];
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
    const epochs = Math.min(...runs.map((r) => r.history.bce.length));
    const note = document.createElement('p');
    note.className = 'note';
    const held = settings.validationSplit > 0 && runs.every((r) => r.history.valAccuracy !== undefined);
    const rows = held
      ? `final accuracy and BCE on the rows trained on, validation accuracy on the ${+(100 * settings.validationSplit).toFixed(2)}% held out (the gap: training − validation, in points); dead units on the whole data set`
      : 'on the whole data set';
    note.textContent = done
      ? `After ${epochs} epochs, ${rows}.`
      : `So far (epoch ${epochs} of ${settings.epochs}); ${held ? `${rows}; ` : ''}dead units are counted at the end.`;
    // One initial seed per activation: plain values, no ± CI.
    summary.innerHTML = summaryTableHtml(summaries, 1);
    // On a narrow screen the table scrolls sideways in its wrapper, and the CLI's text in its pre:
    // each reachable by keyboard (arrow keys) and named.
    const wrap = summary.querySelector('.table-wrap');
    if (wrap) scrollableRegion(wrap, 'summary table');
    summary.append(note);
    summaryText.textContent = summaryTable(summaries, 1);
    scrollableRegion(summaryText, 'summary as the CLI prints it');
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

/**
 * The study these runs make, as `actlab compare` would describe it: what each label trains (its
 * options as the user writes them), the seeds and the initialisers the single-run path passes too.
 */
export function studyConfig(names: string[], data: Dataset, settings: Settings): StudyConfig {
  const init = initOf(settings);
  // StudyConfig holds the PyTorch seed as a number, as the CLI's --torch-seed (a safe integer);
  // beyond 2^53 it could not be held exactly, and is left out rather than rounded.
  const torchSeed = settings.torchSeed === '' ? undefined : Number(settings.torchSeed);
  return {
    activations: names,
    hidden: Object.fromEntries(names.map((name) => [name, { name: name as ActivationName, options: optionsOf(settings, name) }])),
    layers: layersOf(settings),
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    optimizer: resolveOptimizer(optimizerOf(settings)),
    seeds: 1,
    ...(torchSeed !== undefined && Number.isSafeInteger(torchSeed) ? { torchSeed } : {}),
    ...(init ? { init } : {}),
    // Every run's Trainer holds out this share (drawn with its default seed 0, as the workers' TRAINER_SEED).
    ...(settings.validationSplit > 0 ? { validationSplit: settings.validationSplit } : {}),
    data: { kind: settings.dataset, name: data.name, samples: data.nSamples, noise: settings.noise, seed: settings.dataSeed },
  };
}

/**
 * The summary table's stylesheet, shared with the report, once per page: before style.css, so the
 * page's own rules (a denser table in its card) win over it at equal specificity.
 */
function addTableStyles(): void {
  if (document.getElementById('summary-table-css')) return;
  const style = document.createElement('style');
  style.id = 'summary-table-css';
  style.textContent = SUMMARY_TABLE_CSS;
  const sheet = document.head.querySelector('link[rel="stylesheet"]');
  if (sheet) sheet.before(style);
  else document.head.append(style);
}

/** A box that scrolls sideways: focusable, so the keyboard can scroll it, and named as a region (axe: scrollable-region-focusable). */
function scrollableRegion(element: Element, label: string): void {
  element.setAttribute('tabindex', '0');
  element.setAttribute('role', 'region');
  element.setAttribute('aria-label', label);
}
