// Node only: renders every figure of a study to <name>.svg and <name>.png and writes index.html.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ActivationInput, activationEntry, resolveHiddenActivations } from '../activations/hidden.js';
import { divergedText } from '../compare/table.js';
import type { BoundaryGrid, StudyResult } from '../compare/types.js';
import { formatRatio } from './format.js';
import { type ReportFigure, reportHtml } from './html.js';
import { type PngPool, pngPool } from './png.js';
import { renderSvg } from './render.js';
import { activationsSpec } from './specs/activations.js';
import { boundarySpec } from './specs/boundary.js';
import { datasetSpec, sampleNote } from './specs/dataset.js';
import { historySpec } from './specs/history.js';
import { hasMechanism, histogramSpec, saturationSpec, signalSpec } from './specs/mechanism.js';
import { accuracyOverlaySpec } from './specs/overlay.js';
import type { VegaLiteSpec } from './specs/vega-lite-spec.js';

export interface WriteReportOptions {
  /** Also rasterise every figure to <name>.png (2× scale). Default true. */
  png?: boolean;
  /** The summary table as plain text (as the CLI prints it), shown under the HTML table. */
  tableText?: string;
  /**
   * PNG workers started earlier (png.ts pngPool, e.g. while the study trained, so they have
   * loaded resvg by now); writeReport closes them when done. By default it starts its own.
   */
  pngPool?: PngPool;
}

/** A figure before rendering. */
export interface FigurePlan {
  name: string;
  title: string;
  caption: string;
  spec: VegaLiteSpec;
}

const PNG_SCALE = 2;

/** A file-name-safe form of `name` ("leaky_relu" stays, "<script>" becomes "script"). */
export function fileSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return slug || 'unnamed';
}

/** `base`, or `base-2`, `base-3`… when taken; records the result in `taken`. */
function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
  taken.add(name);
  return name;
}

/** P(label 1) of the collapsed identity network, sigmoid(w·x + b), on the boundary figures' grid. */
function collapseGrid(result: StudyResult): BoundaryGrid | undefined {
  const collapse = result.collapse;
  const data = result.data;
  if (collapse?.weight.length !== 2 || data.nFeatures !== 2 || data.nSamples === 0) return undefined;
  const template = result.boundaries[0];
  const range = (feature: number) => {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < data.nSamples; i++) {
      const v = data.X[i * 2 + feature]!;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const margin = 0.1 * (max - min || 1);
    return { min: min - margin, max: max + margin, steps: 60 };
  };
  const x = template ? template.x : range(0);
  const y = template ? template.y : range(1);
  const [w0, w1] = collapse.weight as [number, number];
  const p: number[] = [];
  for (let iy = 0; iy < y.steps; iy++) {
    for (let ix = 0; ix < x.steps; ix++) {
      const px = x.min + (x.steps > 1 ? ((x.max - x.min) * ix) / (x.steps - 1) : 0);
      const py = y.min + (y.steps > 1 ? ((y.max - y.min) * iy) / (y.steps - 1) : 0);
      p.push(1 / (1 + Math.exp(-(w0 * px + w1 * py + collapse.bias))));
    }
  }
  return { activation: 'identity', x, y, p };
}

/** Every figure of the report, in page order, with the file names it will be written under. */
export function planFigures(result: StudyResult): FigurePlan[] {
  const taken = new Set<string>(['index']);
  const plans: FigurePlan[] = [];
  const add = (base: string, title: string, caption: string, spec: VegaLiteSpec) =>
    plans.push({ name: unique(base, taken), title, caption, spec });
  const circles = result.config.data.kind === 'circles';
  const sampled = sampleNote(result.data.nSamples);
  const pointsNote = sampled ? ` ${sampled}` : '';

  add(
    'dataset',
    'The data',
    'Each point is a sample, coloured (and shaped) by its class.' +
      (circles
        ? " One class is a circle inside the other's ring: no straight line separates them, so the network has to learn a curved boundary."
        : '') +
      pointsNote,
    datasetSpec(result.data),
  );

  // Every activation the study trains, once each with its options (a per-layer list gives each of
  // its own); a label that names none (a result from elsewhere) has no curve.
  const hiddenCount = Math.max(1, result.config.layers.length - 2);
  const plotted = result.config.activations.flatMap((label) => {
    const input = result.config.hidden?.[label] ?? (label as ActivationInput);
    try {
      return resolveHiddenActivations(input, undefined, Array.isArray(input) ? input.length : hiddenCount).map(activationEntry);
    } catch {
      return [];
    }
  });
  if (result.collapse && !plotted.includes('identity')) plotted.push('identity');
  if (plotted.length > 0) {
    add(
      'activations',
      'Activation functions and their slopes',
      'Left: each activation f; right: its slope f′. Backpropagation multiplies the gradient by f′ once per layer on its way ' +
        'back to the first layer, so a slope below 1 compounds: sigmoid′ is at most 0.25, and after four hidden layers ' +
        "that alone can shrink the first layer's gradient to 0.25⁴ ≈ 0.4% of the output layer's. ReLU's slope is exactly 1 " +
        'for positive inputs (and 0 for negative ones: a unit whose input is always negative is "dead").' +
        (plotted.includes('identity') && !result.config.activations.includes('identity')
          ? ' Identity (no activation) is shown for the "Why nonlinear" section.'
          : ''),
      activationsSpec(plotted),
    );
  }

  for (const activation of result.config.activations) {
    const runs = result.runs.filter((r) => r.activation === activation);
    if (runs.length === 0) continue;
    const summary = result.summaries.find((s) => s.activation === activation);
    const ratio = summary ? ` For ${activation} the first/output ratio ended at ${formatRatio(summary.gradRatio.mean)}.` : '';
    const diverged = summary?.diverged
      ? ` Training ${divergedText(summary)}: the loss or weights became NaN or ±Infinity, so the lines end there.`
      : '';
    add(
      `history-${fileSlug(activation)}`,
      `${activation}: loss, accuracy and gradients per epoch`,
      'Left: BCE loss (left axis, lower is better) and accuracy (right axis) on the whole data set after each epoch' +
        (runs.length > 1 ? `, mean of ${runs.length} seeds with a min–max band` : '') +
        '. ' +
        "Right: each layer's mean |∂loss/∂W| per epoch on a log scale, where each grid line is a factor of 10. " +
        "When the first layer's line sits orders of magnitude below the output layer's, the gradient is vanishing: " +
        'the early layers barely change and the loss plateaus.' +
        ratio +
        diverged,
      historySpec(runs),
    );
    // The mechanism, when the runs gathered it (--telemetry, --histogram-epochs).
    const slug = fileSlug(activation);
    if (hasMechanism(runs, 'signal')) {
      add(
        `signal-${slug}`,
        `${activation}: the backpropagated signal per layer`,
        "Each layer's mean |∂loss/∂z| per epoch on a log scale: the part of the loss's gradient that reaches the layer. " +
          "Backpropagation multiplies it by each layer's weights and slopes f′ on the way back, so where f′ is small it shrinks layer by layer.",
        signalSpec(runs),
      );
    }
    if (hasMechanism(runs, 'saturated')) {
      add(
        `saturation-${slug}`,
        `${activation}: saturated and dead units per layer`,
        "Left: the share of each layer's unit-rows whose slope |f′(z)| is below 1% of the activation's largest (such a unit passes almost no gradient). " +
          'Right: the share of its units whose slope was 0 on every row (dead: they never learn again). Leaky activations never have a zero slope.',
        saturationSpec(runs),
      );
    }
    if (hasMechanism(runs, 'histograms')) {
      add(
        `histogram-${slug}`,
        `${activation}: pre-activation histograms`,
        'The distribution of z, the input of the activation, in the first and the last hidden layer at the epochs asked for: z far from 0 is where a sigmoid or tanh saturates, z below 0 where a relu is off.',
        histogramSpec(runs),
      );
    }
  }

  if (result.runs.length > 0) {
    add(
      'accuracy-overlay',
      'Accuracy of every activation per epoch',
      `Accuracy after each epoch for every activation${result.config.seeds > 1 ? ` (mean of ${result.config.seeds} seeds)` : ''}. ` +
        'The dashed line is 90%, the threshold of the table\'s "first epoch ≥ 90%" column; the dotted line is chance ' +
        '(always guessing the majority class). A line that stays at chance belongs to a network that did not learn; ' +
        'the further left a line climbs, the faster that activation learns.',
      accuracyOverlaySpec(result),
    );
  }

  for (const grid of result.boundaries) {
    add(
      `boundary-${fileSlug(grid.activation)}`,
      `${grid.activation}: decision boundary`,
      `What the trained ${grid.activation} network (first seed) predicts everywhere in the plane: orange where it says label 1, ` +
        'blue where it says label 0, pale where it is unsure; the black line is P = 0.5, where its prediction flips. ' +
        'A network that learnt the task draws a closed curve between the inner circle and the outer ring; ' +
        'one that did not paints the plane in one flat colour.' +
        pointsNote,
      boundarySpec(grid, result.data),
    );
  }

  const identityBoundary = result.boundaries.some((g) => g.activation === 'identity');
  const collapsed = identityBoundary ? undefined : collapseGrid(result);
  if (collapsed && result.collapse) {
    add(
      'collapse',
      'Identity network: one straight boundary',
      'The identity network (no activation) multiplied out into its single equivalent linear layer, sigmoid(w·x + b), on the same grid. ' +
        'Its P = 0.5 line is w·x + b = 0: a straight line, whatever the depth, so it cannot wrap around the inner circle.' +
        pointsNote,
      boundarySpec(collapsed, result.data, {
        title: 'Without an activation: a straight decision boundary',
        subtitle: [
          `${result.collapse.layers.join('→')} identity network = one linear layer; accuracy ${(100 * result.collapse.accuracy).toFixed(1)}%.`,
          'Background: P(label 1); black line: P = 0.5. Points: the data.',
        ],
      }),
    );
  }
  return plans;
}

/**
 * Renders every figure of `result` into `outDir` (created if missing) as <name>.svg and, unless
 * `png` is false, <name>.png, then writes index.html linking them all. Returns the written
 * files' names relative to outDir, figures in page order and index.html last. The first figure
 * that fails to render or write stops it: no further file is written, and the error is thrown.
 *
 * vega draws the figures one after the other on this thread; each SVG goes to the PNG workers as
 * soon as it is drawn, so the rasterising runs beside the drawing (on the other cores).
 */
/** Files the report writer may have being written while it draws the next figure. */
const WRITES_IN_FLIGHT = 4;

export async function writeReport(result: StudyResult, outDir: string, options: WriteReportOptions = {}): Promise<{ files: string[] }> {
  const png = options.png ?? true;
  const pool = png ? (options.pngPool ?? pngPool()) : undefined;
  try {
    await mkdir(outDir, { recursive: true });
    const plans = planFigures(result);
    let failure: { error: unknown } | undefined;
    const fail = (error: unknown) => {
      failure ??= { error };
    };
    // Written only while nothing failed: after a failure the report is lost, so nothing more lands.
    const write = (file: string, data: string | Uint8Array) => (failure ? undefined : writeFile(join(outDir, file), data).catch(fail));
    const inFlight: Promise<unknown>[] = [];
    // At most WRITES_IN_FLIGHT files being written while the next figure is drawn: a failed write
    // is heard of before more than that many later figures land.
    const writing = new Set<Promise<unknown>>();
    const track = (p: Promise<unknown>) => {
      writing.add(p);
      void p.finally(() => writing.delete(p));
      inFlight.push(p);
    };
    const figures: ReportFigure[] = [];
    for (const plan of plans) {
      while (writing.size >= WRITES_IN_FLIGHT) await Promise.race(writing);
      if (failure) break;
      let svg: string;
      try {
        svg = await renderSvg(plan.spec);
      } catch (error) {
        fail(error);
        break;
      }
      if (failure) break;
      figures.push({ name: plan.name, title: plan.title, caption: plan.caption, svg });
      track(write(`${plan.name}.svg`, svg) ?? Promise.resolve());
      if (pool) {
        // The PNG's rasterising runs beside the drawing; only its write counts against the window once it starts.
        inFlight.push(
          pool.render(svg, PNG_SCALE).then(
            (raster) => write(`${plan.name}.png`, raster),
            (error: unknown) => fail(error),
          ),
        );
      }
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    const html = reportHtml(result, figures, options.tableText, { png });
    await writeFile(join(outDir, 'index.html'), html);
    return { files: [...figures.flatMap((f) => (png ? [`${f.name}.svg`, `${f.name}.png`] : [`${f.name}.svg`])), 'index.html'] };
  } finally {
    await Promise.all([pool?.close(), options.pngPool?.close()]);
  }
}
