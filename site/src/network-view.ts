// The unit view: the network drawn as a diagram, TensorFlow Playground's "look inside each unit".
// Every unit is a small heat map of its output over the input plane; the links between units are
// the weights (width |w|, colour the sign); a unit whose slope f′ is 0 on every data row is marked
// dead, one whose |f′| is below 1% of the activation's largest slope on most rows saturated; and
// hovering or focusing a unit shows its f′ over the data rows as a histogram.
//
// Two halves: UnitProbe runs in the training worker (it owns the model) and makes a UnitSnapshot
// of plain typed arrays, transferred to the page; NetworkView draws snapshots on the page, one
// canvas for the maps and one SVG over it for the links, frames, labels and focus targets.
import { type ActivationOptions, type ActivationSpec, largestSlope } from '../../src/activations/registry.js';
import { featureExtent } from '../../src/compare/boundary.js';
import type { Dataset } from '../../src/datasets/dataset.js';
import { inspectLayers } from '../../src/model/inspect.js';
import type { Mlp } from '../../src/model/mlp.js';
import { LABEL_COLORS } from '../../src/report/specs/theme.js';
import { SATURATED_SHARE } from '../../src/train/workspace.js';

/** Grid points per axis of every unit's map: coarser than the boundary's 40, to stay cheap. */
export const UNIT_GRID_STEPS = 20;
/** Bins of a unit's f′ histogram. */
export const SLOPE_BINS = 20;
/** A unit-row is saturated where |f′(z)| is below this share (1%) of the activation's largest slope: the telemetry's rule. */
export const SATURATED_BELOW = SATURATED_SHARE;
/** A unit counts as saturated when more than this share of the data rows are. */
export const SATURATED_ROWS = 0.5;
/**
 * A snapshot's cost is kept under 1/UNIT_COST_SHARE of the worker's time: after one that took t ms
 * the next is skipped until UNIT_COST_SHARE·t ms have passed (every frame for the tutorial's network).
 */
const UNIT_COST_SHARE = 10;

/** f′ over the data rows of one hidden layer's units. */
export interface LayerSlopes {
  /** The layer's activation, as the model names it (`relu`, `leaky_relu`). */
  activation: string;
  /** The activation's largest |f′| (the saturation scale). */
  largest: number;
  /** The histogram's range: bins of equal width over [lo, hi], the last one closed. */
  lo: number;
  hi: number;
  /** counts[unit · SLOPE_BINS + bin]: data rows whose f′ falls in the bin. */
  counts: Uint32Array;
  /** Per unit: rows with f′ = 0 exactly, rows with |f′| < 1% of `largest`. */
  zeroRows: Uint32Array;
  saturatedRows: Uint32Array;
  /** Per unit: mean f′ over the rows. */
  mean: Float64Array;
}

/** What the page needs to draw the diagram once: plain data and typed arrays (transferable). */
export interface UnitSnapshot {
  /** Epochs trained when it was taken. */
  epoch: number;
  /** The model's layer sizes, input first (widths may differ per layer). */
  layers: number[];
  /** The maps' grid: `steps` points per axis over [min, max] of each input (the boundary's extent). */
  steps: number;
  x: { min: number; max: number };
  y: { min: number; max: number };
  /** maps[l][unit · steps² + iy · steps + ix]: the output y of Linear layer l's unit (the last is P(label 1)). */
  maps: Float32Array[];
  /** weights[l][out · nIn + in]: Linear layer l's weight. */
  weights: Float32Array[];
  /** One per hidden layer. */
  slopes: LayerSlopes[];
  /** Data rows f′ was taken over. */
  rows: number;
  /** What making it took in the worker, ms. */
  ms: number;
}

/** A unit's state as the diagram marks it. */
export type UnitMark = 'dead' | 'saturated' | 'ok';

/** Dead: f′ = 0 on every row; saturated: |f′| below 1% of the largest slope on more than half of them. */
export function unitMark(slopes: LayerSlopes, unit: number, rows: number): UnitMark {
  if (rows > 0 && slopes.zeroRows[unit] === rows) return 'dead';
  if (slopes.saturatedRows[unit]! > SATURATED_ROWS * rows) return 'saturated';
  return 'ok';
}

/**
 * Worker side: makes snapshots of one model on one data set. The grid points and the data rows
 * go through the network in one forward pass (inspectLayers): the grid's outputs are the maps, the
 * rows' pre-activations z give f′ through the activation's registry df (with a learned PReLU
 * weight in place of its starting value).
 */
export class UnitProbe {
  readonly steps: number;
  private readonly x: { min: number; max: number };
  private readonly y: { min: number; max: number };
  /** Grid points, then the data rows: one flat 2-feature array. */
  private readonly rows: { X: Float64Array; y: Uint8Array; nSamples: number; nFeatures: number };
  private readonly gridPoints: number;
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastCost = 0;
  /** Each hidden layer's activation's slopes at its options, per model (sampled once: see slopeRange). */
  private readonly ranges = new WeakMap<Mlp, SlopeRange[]>();

  constructor(
    private readonly data: Dataset,
    steps = UNIT_GRID_STEPS,
  ) {
    this.steps = steps;
    this.x = featureExtent(data, 0);
    this.y = featureExtent(data, 1);
    this.gridPoints = steps * steps;
    const n = this.gridPoints + data.nSamples;
    const X = new Float64Array(n * 2);
    for (let iy = 0; iy < steps; iy++) {
      for (let ix = 0; ix < steps; ix++) {
        const k = iy * steps + ix;
        X[2 * k] = this.x.min + ((this.x.max - this.x.min) * ix) / (steps - 1);
        X[2 * k + 1] = this.y.min + ((this.y.max - this.y.min) * iy) / (steps - 1);
      }
    }
    X.set(data.X.subarray(0, data.nSamples * 2), this.gridPoints * 2);
    this.rows = { X, y: new Uint8Array(n), nSamples: n, nFeatures: 2 };
  }

  /** Whether a snapshot is due now: always when forced, else once the last one's cost share allows. */
  due(force = false): boolean {
    return force || performance.now() - this.lastAt >= UNIT_COST_SHARE * this.lastCost;
  }

  snapshot(model: Mlp, epoch: number): UnitSnapshot {
    const started = performance.now();
    const linear = model.linear;
    const steps = this.steps;
    const grid = this.gridPoints;
    const rows = this.data.nSamples;
    const maps = linear.map((layer) => new Float32Array(layer.nOut * grid));
    let ranges = this.ranges.get(model);
    if (!ranges) {
      ranges = model.activations.map((a) => slopeRange(a.spec, a.options));
      this.ranges.set(model, ranges);
    }
    const counters = ranges.map((range, l) => new SlopeCounter(model, l, range));
    // One forward pass: the grid's outputs are the maps, the data rows' z are binned as they come.
    inspectLayers(model, this.rows, (block, start, layer) => {
      const first = Math.max(0, grid - start); // the block's first data row
      linear.forEach(({ nOut }, l) => {
        const { z: zl, y: yl } = layer(l);
        if (first > 0) {
          const map = maps[l]!;
          const n = Math.min(block.n, first);
          for (let o = 0; o < nOut; o++) for (let s = 0; s < n; s++) map[o * grid + start + s] = yl[o * block.padded + s]!;
        }
        if (l < counters.length && first < block.n) counters[l]!.add(zl, block.padded, first, block.n);
      });
    });
    const weights = linear.map((layer) => model.core.f32(layer.weight, layer.nOut * layer.nIn).slice());
    const slopes = counters.map((c) => c.result(rows));
    this.lastAt = performance.now();
    this.lastCost = this.lastAt - started;
    return { epoch, layers: [...model.layers], steps, x: this.x, y: this.y, maps, weights, slopes, rows, ms: this.lastCost };
  }
}

/** An activation's slopes at its options: the largest |f′| (the saturation scale) and the range of f′. */
interface SlopeRange {
  largest: number;
  min: number;
  max: number;
}

/** largestSlope's sampling (a 1/64 grid over [-20, 20] and the kinks), for the signed range too. */
function slopeRange(spec: ActivationSpec, options: ActivationOptions): SlopeRange {
  let min = 0;
  let max = 0;
  const at = (x: number) => {
    const d = spec.df(x, options);
    if (!Number.isFinite(d)) return;
    if (d < min) min = d;
    if (d > max) max = d;
  };
  for (let i = -1280; i <= 1280; i++) at(i / 64);
  for (const kink of spec.kinks(options)) for (const x of [kink - 1e-9, kink, kink + 1e-9]) at(x);
  return { largest: largestSlope(spec, options), min, max };
}

/** f′ of one hidden layer's units on the data rows, binned over a range fixed beforehand. */
class SlopeCounter {
  private readonly spec: ActivationSpec;
  private readonly options: ActivationOptions[];
  private readonly nOut: number;
  private readonly lo: number;
  private readonly hi: number;
  private readonly below: number;
  private readonly counts: Uint32Array;
  private readonly zeroRows: Uint32Array;
  private readonly saturatedRows: Uint32Array;
  private readonly sum: Float64Array;

  constructor(
    model: Mlp,
    l: number,
    private readonly range: SlopeRange,
  ) {
    const activation = model.activations[l]!;
    const layer = model.linear[l]!;
    this.spec = activation.spec;
    this.nOut = layer.nOut;
    // A learned tensor (PReLU's weight) replaces the option it starts at: one value, or one per unit.
    const learned = (this.spec.state ?? []).map((state) => ({
      option: state.initOption,
      values: model.core.f32(layer.activationState, layer.activationStateLength).slice(),
    }));
    let lo = Math.min(0, range.min);
    let hi = Math.max(range.largest, range.max);
    this.options = Array.from({ length: this.nOut }, (_, unit) => {
      if (learned.length === 0) return activation.options;
      const options: Record<string, number> = { ...activation.options };
      for (const { option, values } of learned) {
        const value = values[values.length === 1 ? 0 : unit]!;
        options[option] = value;
        // PReLU's slope below 0 is the weight itself.
        if (Number.isFinite(value)) {
          lo = Math.min(lo, value);
          hi = Math.max(hi, value);
        }
      }
      return options;
    });
    this.lo = lo;
    this.hi = hi;
    this.below = SATURATED_BELOW * range.largest;
    this.counts = new Uint32Array(this.nOut * SLOPE_BINS);
    this.zeroRows = new Uint32Array(this.nOut);
    this.saturatedRows = new Uint32Array(this.nOut);
    this.sum = new Float64Array(this.nOut);
  }

  /** Rows [from, to) of a block's z ([unit][padded]). */
  add(z: Float32Array, padded: number, from: number, to: number): void {
    const { spec, lo, below } = this;
    const scale = SLOPE_BINS / (this.hi - lo || 1);
    for (let o = 0; o < this.nOut; o++) {
      const options = this.options[o]!;
      let sum = 0;
      let zero = 0;
      let saturated = 0;
      for (let s = from; s < to; s++) {
        const d = spec.df(z[o * padded + s]!, options);
        if (!Number.isFinite(d)) continue;
        sum += d;
        if (d === 0) zero++;
        if (Math.abs(d) < below) saturated++;
        const bin = Math.max(0, Math.min(SLOPE_BINS - 1, Math.floor((d - lo) * scale)));
        this.counts[o * SLOPE_BINS + bin]!++;
      }
      this.sum[o]! += sum;
      this.zeroRows[o]! += zero;
      this.saturatedRows[o]! += saturated;
    }
  }

  result(rows: number): LayerSlopes {
    const mean = this.sum.map((s) => (rows > 0 ? s / rows : 0));
    const { counts, zeroRows, saturatedRows } = this;
    return { activation: this.spec.name, largest: this.range.largest, lo: this.lo, hi: this.hi, counts, zeroRows, saturatedRows, mean };
  }
}

/** The snapshot's buffers, for postMessage's transfer list. */
export function snapshotTransfer(s: UnitSnapshot): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [...s.maps, ...s.weights];
  for (const l of s.slopes) arrays.push(l.counts, l.zeroRows, l.saturatedRows, l.mean);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

// ---------- the page: drawing ----------

/** Where one hidden unit is drawn and how it is marked, in the diagram's CSS pixels (for tests and the console). */
export interface UnitCell {
  /** Linear layer (0 = the first hidden layer) and unit. */
  layer: number;
  unit: number;
  mark: UnitMark;
  /** Its map's top-left corner and side, relative to the diagram's canvas. */
  x: number;
  y: number;
  size: number;
  /** Shares of the data rows with f′ = 0 and with |f′| below 1% of the largest slope; the mean f′. */
  zeroShare: number;
  saturatedShare: number;
  meanSlope: number;
}

/** `window.__actlab.units`: what the unit view shows. */
export interface UnitViewState {
  /** The toggle: whether the view is shown (and the worker makes snapshots). */
  shown: boolean;
  /** Snapshots received from the worker and drawn, so far (over all runs). */
  received: number;
  frames: number;
  /** The epoch of the snapshot drawn; null before the first. */
  epoch: number | null;
  /** The model's layer sizes, input first. */
  layers: number[];
  /** hidden[l][unit]: every hidden unit, as drawn. */
  hidden: UnitCell[][];
  /** The last snapshot's cost in the worker and the last drawing's on the page, ms. */
  snapshotMs: number;
  drawMs: number;
  /** The unit whose f′ histogram is shown (hovered or focused), or null. */
  detail: { layer: number; unit: number; bars: number[] } | null;
}

const SVG = 'http://www.w3.org/2000/svg';
const [NEGATIVE, POSITIVE] = LABEL_COLORS;
/** Link widths: this many steps of |w| / max |w|, from THINNEST to THICKEST px. */
const WIDTH_STEPS = 6;
const THINNEST = 0.5;
const THICKEST = 5;
/** The maps' height, px (more for layers of over 27 units: at least 12 px a unit), and the gap under each map when its label fits there. */
const MAX_HEIGHT = 330;
const GAP = 13;
/** Layers of at most this many units get a label under each map; wider ones only the frames. */
const LABELLED_WIDTH = 8;
const HEAD = 30;
/** The narrowest column pitch, px: room for its heading. */
const MIN_PITCH = 52;
/** The page spends at most 1/DRAW_COST_SHARE of its time drawing the view (a wide network's thousands of links). */
const DRAW_COST_SHARE = 4;

const hex = (color: string) => [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
const NEG_RGB = hex(NEGATIVE);
const POS_RGB = hex(POSITIVE);

/** t in [-1, 1] → white at 0, toward blue (negative) or orange (positive); written to px at k. */
function shade(px: Uint8ClampedArray, k: number, t: number): void {
  if (!Number.isFinite(t)) {
    // A diverged network's NaN: mid grey.
    px.fill(170, k, k + 3);
    px[k + 3] = 255;
    return;
  }
  const a = Math.min(1, Math.abs(t));
  const rgb = t < 0 ? NEG_RGB : POS_RGB;
  px[k] = 255 + (rgb[0] - 255) * a;
  px[k + 1] = 255 + (rgb[1] - 255) * a;
  px[k + 2] = 255 + (rgb[2] - 255) * a;
  px[k + 3] = 255;
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

const fmt = (v: number) => (Math.abs(v) >= 100 || v === 0 ? String(Math.round(v)) : v.toPrecision(2));
const percent = (share: number) => `${+(100 * share).toFixed(1)}%`;
const markText = { dead: 'dead', saturated: 'saturated', ok: '' } as const;

/**
 * The diagram in its card: a toggle, one canvas with every unit's map under one SVG with the
 * links, frames, labels and a focus target per hidden unit, a legend, a line naming the dead and
 * saturated units, and the f′ histogram of the unit hovered or focused.
 */
export class NetworkView {
  private readonly toggle: HTMLInputElement;
  private readonly body: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly svg: SVGSVGElement;
  private readonly status: HTMLElement;
  private readonly detailBox: HTMLElement;
  private readonly legendWeights: HTMLElement;
  private readonly tile = document.createElement('canvas');
  private snapshot: UnitSnapshot | undefined;
  private drawn: UnitSnapshot | undefined;
  private detail: { layer: number; unit: number } | null = null;
  private frames = 0;
  private received = 0;
  private drawMs = 0;
  private drawnAt = 0;
  private later: ReturnType<typeof setTimeout> | undefined;
  private cells: UnitCell[][] = [];
  private width = 0;

  constructor(
    card: HTMLElement,
    private readonly onToggle: (shown: boolean) => void,
  ) {
    card.classList.add('units-card');
    const head = document.createElement('div');
    head.className = 'units-head';
    const title = document.createElement('h2');
    title.textContent = 'Inside the network';
    const label = document.createElement('label');
    label.className = 'check';
    this.toggle = document.createElement('input');
    this.toggle.type = 'checkbox';
    this.toggle.id = 'units-toggle';
    this.toggle.checked = true;
    this.toggle.setAttribute('aria-controls', 'network-view');
    label.append(this.toggle, document.createTextNode('Show the units'));
    head.append(title, label);
    this.body = document.createElement('div');
    this.body.id = 'network-view';
    this.stage = document.createElement('div');
    this.stage.className = 'units-stage';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    this.svg = el('svg', { role: 'group', 'aria-label': 'the network: each unit a map of its output over the input plane' });
    this.detailBox = document.createElement('div');
    this.detailBox.className = 'unit-detail';
    this.detailBox.id = 'unit-detail';
    this.detailBox.setAttribute('role', 'tooltip');
    this.detailBox.hidden = true;
    this.stage.append(this.canvas, this.svg, this.detailBox);
    this.status = document.createElement('p');
    this.status.className = 'units-status';
    this.status.id = 'units-status';
    const legend = document.createElement('div');
    legend.className = 'units-legend';
    this.legendWeights = document.createElement('span');
    legend.append(this.legendRamp(), this.legendWeights, this.legendMarks());
    const caption = document.createElement('figcaption');
    caption.textContent =
      'Each square is a unit: its output at every point of the data plane (the boundary chart’s extent), each map scaled to ' +
      'its own largest |value| — orange positive, blue negative, white 0; the inputs are x₁ and x₂, the output P(label 1) ' +
      '(white at 0.5). Links are the weights: orange positive, blue negative, thicker for a larger |w|. A dead unit ' +
      '(✕, grey) has f′(z) = 0 on every data row, so no gradient passes it; a saturated one (dashed frame) has |f′| below ' +
      '1% of the activation’s largest slope on most rows. Hover over or focus (Tab) a hidden unit for its f′ over the data rows.';
    this.body.append(this.stage, this.status, legend, caption);
    card.append(head, this.body);
    this.toggle.addEventListener('change', () => {
      this.body.hidden = !this.toggle.checked;
      if (this.toggle.checked) this.render();
      this.publish();
      this.onToggle(this.toggle.checked);
    });
    this.svg.addEventListener('mouseleave', () => this.showDetail(null));
    new ResizeObserver(() => {
      if (this.stage.clientWidth !== this.width && this.drawn) this.render(true);
    }).observe(this.stage);
    this.publish();
  }

  /** Shows or hides the view, as its toggle does, without telling onToggle (the page's settings say it: `units=0`). */
  setShown(shown: boolean): void {
    if (this.toggle.checked === shown) return;
    this.toggle.checked = shown;
    this.body.hidden = !shown;
    if (shown) this.render();
    this.publish();
  }

  /** Whether the view is shown: the worker makes snapshots only then. */
  get shown(): boolean {
    return this.toggle.checked;
  }

  /** A new snapshot from the worker; drawn on the next draw(). */
  receive(snapshot: UnitSnapshot): void {
    this.snapshot = snapshot;
    this.received++;
    this.publish();
  }

  /** Back to nothing drawn (a new run): the next snapshot is the new run's. */
  reset(): void {
    this.snapshot = undefined;
    this.drawn = undefined;
    this.cells = [];
    // Cleared, but keeping its height until the new run's first snapshot: no jump in the page.
    this.stage.style.minHeight = `${this.stage.clientHeight}px`;
    this.canvas.width = 0;
    this.svg.replaceChildren();
    this.status.textContent = '';
    this.showDetail(null);
  }

  /** Draws the latest snapshot if it is new (at the page's draw rate, or later when drawing costs more than its share). */
  draw(): void {
    if (!this.shown || !this.snapshot || this.snapshot === this.drawn || this.later !== undefined) return;
    const wait = this.drawnAt + DRAW_COST_SHARE * this.drawMs - performance.now();
    if (wait <= 0) {
      this.render();
      return;
    }
    this.later = setTimeout(() => {
      this.later = undefined;
      this.draw();
    }, wait);
  }

  private render(relayout = false): void {
    const s = this.snapshot;
    if (!s || (!relayout && s === this.drawn)) return;
    const started = performance.now();
    const sameShape = this.drawn !== undefined && this.drawn.layers.join() === s.layers.join() && !relayout;
    this.drawn = s;
    this.frames++;
    const layout = this.layout(s);
    this.paintMaps(s, layout);
    if (!sameShape) this.buildSvg(s, layout);
    this.updateSvg(s, layout);
    this.showStatus(s);
    if (this.detail) this.showDetail(this.detail);
    this.stage.style.minHeight = '';
    this.drawnAt = performance.now();
    this.drawMs = this.drawnAt - started;
    this.publish();
  }

  private layout(s: UnitSnapshot) {
    const columns = s.layers.length;
    const widest = Math.max(...s.layers);
    const available = Math.max(320, this.stage.clientWidth || 720);
    this.width = this.stage.clientWidth;
    const labels = widest <= LABELLED_WIDTH;
    const gap = labels ? GAP : Math.max(2, Math.round(Math.min(GAP, 120 / widest)));
    const budget = Math.max(MAX_HEIGHT, 12 * widest);
    // As large as the height allows, and small enough for the columns to fit the width (a phone's).
    const fit = Math.floor((available - 16 - (columns - 1) * 24) / columns);
    const size = Math.max(6, Math.min(44, fit, Math.floor((budget + gap) / widest) - gap));
    // Room at the sides for the first and last column's headings over a narrow map.
    const pad = Math.max(8, 26 - size / 2);
    const pitch = Math.max(size + 24, MIN_PITCH, Math.min(size * 4, (available - size - 2 * pad) / Math.max(1, columns - 1)));
    const width = Math.ceil(pitch * (columns - 1) + size + 2 * pad);
    const height = HEAD + widest * (size + gap);
    const x = (c: number) => pad + c * pitch;
    // Each column centred on the tallest.
    const y = (c: number, u: number) => HEAD + ((widest - s.layers[c]!) * (size + gap)) / 2 + u * (size + gap);
    return { size, width, height, x, y, labels };
  }

  /** Every unit's map on the one canvas: inputs, hidden units, the output. */
  private paintMaps(s: UnitSnapshot, { size, width, height, x, y }: ReturnType<NetworkView['layout']>): void {
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.imageSmoothingEnabled = false;
    const n = s.steps;
    this.tile.width = n;
    this.tile.height = n;
    const tileCtx = this.tile.getContext('2d')!;
    const image = tileCtx.createImageData(n, n);
    const put = (values: (k: number) => number, scale: number, offset: number, c: number, u: number) => {
      for (let iy = 0; iy < n; iy++) {
        // Row 0 of the image is the top of the plane: the largest y.
        for (let ix = 0; ix < n; ix++) shade(image.data, 4 * ((n - 1 - iy) * n + ix), scale * (values(iy * n + ix) - offset));
      }
      tileCtx.putImageData(image, 0, 0);
      ctx.drawImage(this.tile, x(c), y(c, u), size, size);
    };
    // The inputs: x₁ and x₂ themselves over the plane.
    const inputs = [s.x, s.y];
    inputs.forEach((range, i) => {
      const largest = Math.max(Math.abs(range.min), Math.abs(range.max)) || 1;
      const at = (k: number) => {
        const step = i === 0 ? k % n : Math.floor(k / n);
        return range.min + ((range.max - range.min) * step) / (n - 1);
      };
      put(at, 1 / largest, 0, 0, i);
    });
    const last = s.maps.length - 1;
    s.maps.forEach((map, l) => {
      const units = s.layers[l + 1]!;
      for (let u = 0; u < units; u++) {
        const values = map.subarray(u * n * n, (u + 1) * n * n);
        if (l === last) {
          put((k) => values[k]!, 2, 0.5, l + 1, u);
          continue;
        }
        let largest = 0;
        for (const v of values) if (Math.abs(v) > largest && Number.isFinite(v)) largest = Math.abs(v);
        put((k) => values[k]!, largest > 0 ? 1 / largest : 0, 0, l + 1, u);
      }
    });
  }

  /** The SVG's elements for this shape of network: link paths, a frame and a focus target per unit, headings. */
  private buildSvg(s: UnitSnapshot, layout: ReturnType<NetworkView['layout']>): void {
    const { size, x, y } = layout;
    const links = el('g', { class: 'links', 'aria-hidden': 'true' });
    for (const sign of ['positive', 'negative'])
      for (let w = 0; w < WIDTH_STEPS; w++)
        links.append(
          el('path', {
            'data-sign': sign,
            'data-step': w,
            fill: 'none',
            stroke: sign === 'positive' ? POSITIVE : NEGATIVE,
            'stroke-width': THINNEST + ((THICKEST - THINNEST) * w) / (WIDTH_STEPS - 1),
            'stroke-opacity': 0.7,
          }),
        );
    const heads = el('g', { class: 'heads', 'aria-hidden': 'true' });
    const columns = s.layers.length;
    for (let c = 0; c < columns; c++) {
      const text = c === 0 ? 'input' : c === columns - 1 ? 'output' : `layer ${c - 1}`;
      const sub = c === 0 || c === columns - 1 ? (c === 0 ? 'x₁, x₂' : 'P(label 1)') : s.slopes[c - 1]!.activation;
      const t = el('text', { x: x(c) + size / 2, y: 12, 'text-anchor': 'middle', class: 'units-head-text' });
      t.textContent = text;
      const t2 = el('text', { x: x(c) + size / 2, y: 24, 'text-anchor': 'middle', class: 'units-sub-text' });
      t2.textContent = sub;
      heads.append(t, t2);
    }
    const units = el('g', { class: 'units' });
    // The inputs and the output: frames only.
    const plain = (c: number, u: number, name: string) => {
      const g = el('g', { class: 'unit plain', 'aria-label': name, role: 'img' });
      g.append(el('rect', { x: x(c), y: y(c, u), width: size, height: size, class: 'frame' }));
      units.append(g);
    };
    plain(0, 0, 'input x₁');
    plain(0, 1, 'input x₂');
    s.slopes.forEach((_, l) => {
      for (let u = 0; u < s.layers[l + 1]!; u++) {
        const g = el('g', {
          class: 'unit hidden-unit',
          tabindex: 0,
          role: 'img',
          'aria-describedby': 'unit-detail',
          'data-layer': l,
          'data-unit': u,
        });
        const x0 = x(l + 1);
        const y0 = y(l + 1, u);
        g.append(
          el('rect', { x: x0, y: y0, width: size, height: size, class: 'frame' }),
          el('path', { d: `M${x0} ${y0}L${x0 + size} ${y0 + size}M${x0 + size} ${y0}L${x0} ${y0 + size}`, class: 'cross' }),
          el('text', { x: x0 + size / 2, y: y0 + size + 10, 'text-anchor': 'middle', class: 'mark-text' }),
        );
        const show = () => this.showDetail({ layer: l, unit: u });
        g.addEventListener('mouseenter', show);
        g.addEventListener('focus', show);
        g.addEventListener('blur', () => {
          if (this.detail?.layer === l && this.detail.unit === u) this.showDetail(null);
        });
        units.append(g);
      }
    });
    plain(columns - 1, 0, 'output P(label 1)');
    this.svg.replaceChildren(links, heads, units);
  }

  /** Link widths and colours, unit marks and labels, for this snapshot. */
  private updateSvg(s: UnitSnapshot, { size, width, height, x, y, labels }: ReturnType<NetworkView['layout']>): void {
    this.svg.setAttribute('width', String(width));
    this.svg.setAttribute('height', String(height));
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    let largest = 0;
    for (const w of s.weights) for (const v of w) if (Math.abs(v) > largest && Number.isFinite(v)) largest = Math.abs(v);
    const d: Record<string, string[]> = {};
    s.weights.forEach((w, l) => {
      const nIn = s.layers[l]!;
      const nOut = s.layers[l + 1]!;
      for (let o = 0; o < nOut; o++) {
        for (let i = 0; i < nIn; i++) {
          const v = w[o * nIn + i]!;
          if (!Number.isFinite(v) || largest === 0) continue;
          const step = Math.min(WIDTH_STEPS - 1, Math.floor((Math.abs(v) / largest) * WIDTH_STEPS));
          const key = `${v < 0 ? 'negative' : 'positive'}:${step}`;
          const x0 = x(l) + size;
          const y0 = y(l, i) + size / 2;
          const x1 = x(l + 1);
          const y1 = y(l + 1, o) + size / 2;
          d[key] ??= [];
          d[key].push(`M${x0.toFixed(1)} ${y0.toFixed(1)}L${x1.toFixed(1)} ${y1.toFixed(1)}`);
        }
      }
    });
    for (const path of Array.from(this.svg.querySelectorAll<SVGPathElement>('.links path'))) {
      path.setAttribute('d', (d[`${path.dataset.sign}:${path.dataset.step}`] ?? []).join(''));
    }
    this.legendWeights.textContent = `links: orange w > 0, blue w < 0; the thickest |w| ≈ ${fmt(largest)}`;
    this.cells = s.slopes.map((slopes, l) =>
      Array.from({ length: s.layers[l + 1]! }, (_, u) => ({
        layer: l,
        unit: u,
        mark: unitMark(slopes, u, s.rows),
        x: x(l + 1),
        y: y(l + 1, u),
        size,
        zeroShare: s.rows > 0 ? slopes.zeroRows[u]! / s.rows : 0,
        saturatedShare: s.rows > 0 ? slopes.saturatedRows[u]! / s.rows : 0,
        meanSlope: slopes.mean[u]!,
      })),
    );
    for (const g of Array.from(this.svg.querySelectorAll<SVGGElement>('.hidden-unit'))) {
      const cell = this.cells[Number(g.dataset.layer)]?.[Number(g.dataset.unit)];
      if (!cell) continue;
      g.dataset.mark = cell.mark;
      g.querySelector('.mark-text')!.textContent = labels ? markText[cell.mark] : '';
      g.setAttribute('aria-label', this.describe(cell, s.slopes[cell.layer]!.activation, s.rows));
    }
  }

  private describe(cell: UnitCell, activation: string, rows: number): string {
    const what =
      cell.mark === 'dead'
        ? `dead: f′ = 0 on all ${rows} data rows`
        : cell.mark === 'saturated'
          ? `saturated: |f′| below 1% of ${activation}'s largest slope on ${percent(cell.saturatedShare)} of the rows`
          : `active: f′ = 0 on ${percent(cell.zeroShare)} of the rows`;
    return `layer ${cell.layer} unit ${cell.unit} (${activation}), ${what}; mean f′ ${fmt(cell.meanSlope)}`;
  }

  /** The line naming the dead and saturated units. */
  private showStatus(s: UnitSnapshot): void {
    const named = (mark: UnitMark) => {
      const parts: string[] = [];
      this.cells.forEach((layer, l) => {
        const units = layer.filter((c) => c.mark === mark).map((c) => c.unit);
        if (units.length > 0) parts.push(`layer ${l} unit${units.length > 1 ? 's' : ''} ${units.join(', ')}`);
      });
      return parts.length > 0 ? parts.join('; ') : 'none';
    };
    const total = this.cells.reduce((n, l) => n + l.length, 0);
    const count = (mark: UnitMark) => this.cells.reduce((n, l) => n + l.filter((c) => c.mark === mark).length, 0);
    this.status.replaceChildren();
    const b = document.createElement('strong');
    b.textContent = `Epoch ${s.epoch}: `;
    this.status.append(
      b,
      `${count('dead')} of ${total} hidden units dead (${named('dead')}); ${count('saturated')} saturated (${named('saturated')}).`,
    );
  }

  /** The f′ histogram of a hidden unit next to it, or none. */
  private showDetail(target: { layer: number; unit: number } | null): void {
    this.detail = target;
    const s = this.drawn;
    const cell = target ? this.cells[target.layer]?.[target.unit] : undefined;
    if (!target || !s || !cell) {
      this.detail = null;
      this.detailBox.hidden = true;
      for (const g of Array.from(this.svg.querySelectorAll('.hidden-unit[data-active]'))) g.removeAttribute('data-active');
      this.publish();
      return;
    }
    for (const g of Array.from(this.svg.querySelectorAll<SVGGElement>('.hidden-unit'))) {
      if (Number(g.dataset.layer) === cell.layer && Number(g.dataset.unit) === cell.unit) g.setAttribute('data-active', '');
      else g.removeAttribute('data-active');
    }
    const slopes = s.slopes[cell.layer]!;
    const bars = Array.from(slopes.counts.subarray(cell.unit * SLOPE_BINS, (cell.unit + 1) * SLOPE_BINS));
    const title = document.createElement('p');
    title.className = 'unit-detail-title';
    title.textContent = `layer ${cell.layer} unit ${cell.unit} (${slopes.activation})${cell.mark === 'ok' ? '' : ` — ${cell.mark}`}`;
    const chart = this.histogram(bars, slopes, s.rows);
    const note = document.createElement('p');
    note.className = 'unit-detail-note';
    note.textContent = `f′(z) over the ${s.rows} data rows at epoch ${s.epoch}: mean ${fmt(cell.meanSlope)}; 0 on ${percent(cell.zeroShare)}, below 1% of the largest slope (${fmt(slopes.largest)}) on ${percent(cell.saturatedShare)}.`;
    this.detailBox.replaceChildren(title, chart, note);
    this.detailBox.hidden = false;
    this.detailBox.setAttribute('aria-label', `f′ histogram of layer ${cell.layer} unit ${cell.unit}`);
    // Beside the unit, on the side with more room.
    const right = cell.x + cell.size + 8;
    const boxWidth = 230;
    const left = right + boxWidth > (this.stage.clientWidth || 720) ? Math.max(0, cell.x - boxWidth - 8) : right;
    this.detailBox.style.left = `${left}px`;
    this.detailBox.style.top = `${Math.max(0, cell.y - 10)}px`;
    this.publish(bars);
  }

  /** Bars of the f′ counts over [lo, hi], the axis' ends labelled. */
  private histogram(bars: number[], slopes: LayerSlopes, rows: number): SVGSVGElement {
    const w = 210;
    const h = 70;
    const top = Math.max(1, ...bars);
    const svg = el('svg', { width: w, height: h + 16, viewBox: `0 0 ${w} ${h + 16}`, class: 'slope-histogram', role: 'img' });
    svg.setAttribute(
      'aria-label',
      `f′ histogram: ${bars
        .map((c, i) => (c > 0 ? `${c} rows near ${fmt(binCentre(slopes, i))}` : ''))
        .filter(Boolean)
        .join(', ')} (of ${rows})`,
    );
    const bw = w / bars.length;
    bars.forEach((count, i) => {
      const bh = count > 0 ? Math.max(1, (h * count) / top) : 0;
      svg.append(el('rect', { x: i * bw + 0.5, y: h - bh, width: bw - 1, height: bh, class: 'bar', 'data-count': count }));
    });
    svg.append(el('line', { x1: 0, x2: w, y1: h + 0.5, y2: h + 0.5, class: 'axis' }));
    for (const [value, anchor, at] of [
      [slopes.lo, 'start', 0],
      [slopes.hi, 'end', w],
    ] as const) {
      const t = el('text', { x: at, y: h + 13, 'text-anchor': anchor, class: 'tick' });
      t.textContent = `f′ ${fmt(value)}`;
      svg.append(t);
    }
    return svg;
  }

  private legendRamp(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'units-ramp';
    span.style.background = `linear-gradient(to right, ${NEGATIVE}, #fff, ${POSITIVE})`;
    const wrap = document.createElement('span');
    wrap.append('output: negative ', span, ' positive');
    return wrap;
  }

  private legendMarks(): HTMLElement {
    const wrap = document.createElement('span');
    wrap.className = 'units-legend-marks';
    wrap.innerHTML =
      '<svg width="14" height="14" aria-hidden="true" class="legend-dead"><rect x="1" y="1" width="12" height="12"/><path d="M1 1L13 13M13 1L1 13"/></svg> dead ' +
      '<svg width="14" height="14" aria-hidden="true" class="legend-saturated"><rect x="1" y="1" width="12" height="12"/></svg> saturated';
    return wrap;
  }

  private publish(bars?: number[]): void {
    if (typeof window === 'undefined' || !window.__actlab) return;
    const current = window.__actlab.units?.detail;
    window.__actlab.units = {
      shown: this.shown,
      received: this.received,
      frames: this.frames,
      snapshotMs: this.snapshot?.ms ?? 0,
      drawMs: this.drawMs,
      epoch: this.drawn?.epoch ?? null,
      layers: this.drawn?.layers ?? [],
      hidden: this.cells,
      detail: this.detail
        ? {
            ...this.detail,
            bars: bars ?? (current && current.layer === this.detail.layer && current.unit === this.detail.unit ? current.bars : []),
          }
        : null,
    };
  }
}

function binCentre(slopes: LayerSlopes, bin: number): number {
  return slopes.lo + ((slopes.hi - slopes.lo) * (bin + 0.5)) / SLOPE_BINS;
}
