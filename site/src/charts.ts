// Vega rendering for the page: one long-lived Chart per container. Before anything else, a spec's
// inline data is lifted out into named datasets; when the rest of the spec (its shape: scales,
// marks, titles) is unchanged, the view's datasets are replaced in place — no vega-lite compile,
// no new view. A spec of a new shape replaces the view, and the old one is finalized so nothing
// leaks (timers, listeners, canvases).
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from '../../src/index.js';
import type { MarkItem } from './protocol.js';
import { type Json, walk } from './spec-walk.js';

type Renderer = 'canvas' | 'svg';

/**
 * Replaces every inline `data: { values }` of `spec` (in place) by `data: { name: 'd<k>' }` and
 * returns the values by name; vega-lite compiles named datasets to vega datasets of that name.
 */
function liftData(spec: VegaLiteSpec): Record<string, unknown[]> {
  const datasets: Record<string, unknown[]> = {};
  let k = 0;
  walk(spec, (obj) => {
    const data = obj.data as Json | undefined;
    if (data && typeof data === 'object' && !Array.isArray(data) && Array.isArray(data.values)) {
      const name = `d${k++}`;
      datasets[name] = data.values as unknown[];
      obj.data = { name };
    }
  });
  return datasets;
}

export class Chart {
  /** Views created and in-place data updates, over all charts (the page shows them in window.__actlab.charts). */
  static readonly counts = { created: 0, updated: 0, finalized: 0 };
  private view: View | undefined;
  private shape = '';
  private pending: VegaLiteSpec | undefined;
  private busy = false;
  /** The latest datasets (a re-fit rebuilds the view with them) and the container width the view was sized for. */
  private datasets: Record<string, unknown[]> = {};
  private fittedWidth = -1;
  /** The last sizing found (panel scale, stacked): a new shape starts from it, usually right at once. */
  private sizing: Sizing = { factor: 1, stacked: false };
  private refitDue = false;
  private observer: ResizeObserver | undefined;

  constructor(
    readonly container: HTMLElement,
    private readonly renderer: Renderer = 'canvas',
    private readonly sizeOptions: SizeOptions = {},
  ) {}

  /**
   * Draws `spec` (which it takes over: its data is lifted out in place). Calls made while a draw
   * is running collapse into one draw of the latest spec.
   */
  async update(spec: VegaLiteSpec): Promise<void> {
    this.pending = spec;
    await this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.pending || this.refitDue) {
        const next = this.pending;
        this.pending = undefined;
        this.refitDue = false;
        if (next) await this.draw(next);
        else if (this.view) await this.build(JSON.parse(this.shape) as VegaLiteSpec);
      }
    } finally {
      this.busy = false;
    }
  }

  /** The width the chart may take: its container's, or none (fixed size) when hidden or not fitted. */
  private available(): number {
    return this.sizeOptions.fill === false ? 0 : this.container.clientWidth;
  }

  /** Re-fits the view when its container's width changes (a resize, a scroll bar, a mode shown). */
  private observe(): void {
    if (this.observer || this.sizeOptions.fill === false || typeof ResizeObserver === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        // Hidden (the other mode's view): nothing to fit until it is shown again.
        const available = this.available();
        if (!this.view || available === 0 || Math.abs(available - this.fittedWidth) < 1) return;
        this.refitDue = true;
        void this.pump();
      }, 60);
    });
    this.observer.observe(this.container);
  }

  private async draw(spec: VegaLiteSpec): Promise<void> {
    const datasets = liftData(spec);
    const shape = JSON.stringify(spec);
    this.datasets = datasets;
    const available = this.available();
    if (this.view && shape === this.shape && (available === 0 || Math.abs(available - this.fittedWidth) < 1)) {
      for (const [name, values] of Object.entries(datasets)) this.view.data(name, values);
      await this.view.runAsync();
      Chart.counts.updated++;
      return;
    }
    await this.build(spec);
  }

  /**
   * A new view of `spec` (data lifted out) sized to the container's width: drawn at the last sizing,
   * measured, and redrawn (at most four times) with its panels scaled so that the whole chart —
   * axes and legends included — takes the width; a chart whose panels would get too narrow is stacked.
   */
  private async build(spec: VegaLiteSpec): Promise<void> {
    const shape = JSON.stringify(spec);
    const available = this.available();
    // A new width (a resize) starts over from the spec's own size: stacked panels may fit side by side again.
    let sizing = available > 0 && Math.abs(available - this.fittedWidth) < 1 ? this.sizing : { factor: 1, stacked: false };
    let view = await this.render(sized(spec, sizing, this.sizeOptions));
    for (let k = 0; k < 4 && available > 0; k++) {
      const next = resize(spec, sizing, renderedWidth(view), available, this.sizeOptions);
      if (!next) break;
      view.finalize();
      sizing = next;
      view = await this.render(sized(spec, sizing, this.sizeOptions));
    }
    if (available > 0) this.sizing = sizing;
    this.container.replaceChildren(view.container()!);
    this.finalizeView();
    this.view = view;
    this.shape = shape;
    this.fittedWidth = available;
    Chart.counts.created++;
    this.observe();
  }

  private async render(spec: VegaLiteSpec): Promise<View> {
    // The builders type-check their specs against vega-lite's types; the API hands them out as plain JSON.
    const vg = compile({ ...spec, datasets: this.datasets } as unknown as TopLevelSpec).spec;
    const holder = document.createElement('div');
    holder.className = 'vega-holder';
    const view = new View(parse(vg), { renderer: this.renderer, container: holder, hover: true });
    await view.runAsync();
    return view;
  }

  private finalizeView(): void {
    if (!this.view) return;
    this.view.finalize();
    this.view = undefined;
    Chart.counts.finalized++;
  }

  /**
   * The items of the vega marks named `name` (vega-lite names a layer `n`'s marks `n_marks`) or of
   * that role (`legend-label`, `legend-symbol`) in the current view, where they are drawn: x and y
   * in the canvas's CSS pixels, from its top left. Empty before the first draw or when there is none.
   */
  marks(name: string): MarkItem[] {
    const view = this.view;
    if (!view) return [];
    // Where vega's renderer puts the scene's origin: the padding, then the origin it keeps.
    const padding = view.padding() as { left?: number; top?: number };
    const [ox, oy] = view.origin().map((v, i) => v + ((i === 0 ? padding.left : padding.top) ?? 0)) as [number, number];
    const out: MarkItem[] = [];
    const visit = (node: SceneNode, dx: number, dy: number) => {
      for (const item of node.items ?? []) {
        if (node.name === name || node.role === name) {
          out.push({
            x: dx + (item.x ?? 0),
            y: dy + (item.y ?? 0),
            shape: typeof item.shape === 'string' ? item.shape : undefined,
            size: item.size,
            fill: item.fill,
            stroke: item.stroke,
            strokeWidth: item.strokeWidth,
            strokeDash: Array.isArray(item.strokeDash) ? [...item.strokeDash] : undefined,
            opacity: item.opacity,
            text: item.text === undefined ? undefined : String(item.text),
          });
        }
        // A group's items hold marks, placed at the group's x and y.
        if (node.marktype === 'group') for (const mark of item.items ?? []) visit(mark, dx + (item.x ?? 0), dy + (item.y ?? 0));
      }
    };
    visit((view.scenegraph() as unknown as { root: SceneNode }).root, ox, oy);
    return out;
  }

  /** The current view as an SVG document (vega's toSVG) or a PNG data URL at twice its size (toImageURL); undefined before the first draw. */
  async image(type: 'svg' | 'png'): Promise<string | undefined> {
    if (!this.view) return undefined;
    return type === 'svg' ? this.view.toSVG() : this.view.toImageURL('png', 2);
  }

  clear(): void {
    this.finalizeView();
    this.shape = '';
    this.pending = undefined;
    this.observer?.disconnect();
    this.observer = undefined;
    this.container.replaceChildren();
  }
}

/** How a Chart sizes itself to its container. */
export interface SizeOptions {
  /** Follow the container's width (default); false: the spec's own size (small multiples in a wrapping grid). */
  fill?: boolean;
  /** Scale the height with the width, and never stack (a decision boundary keeps its aspect ratio, its legends beside it). */
  keepAspect?: boolean;
  /** The widest the panels may get, as a multiple of the spec's width (default 1.6). */
  maxGrow?: number;
}

/** The panels' scale against the spec's own width, and whether the chart is stacked (for narrow panels): an hconcat's panels one above the other, legends below. */
interface Sizing {
  factor: number;
  stacked: boolean;
}

/** Narrower panels than this are stacked instead of side by side, CSS px. */
const MIN_PANEL = 170;
/** The narrowest a panel gets, CSS px (beyond that the canvas is scaled down by CSS). */
const LEAST_PANEL = 80;

const panelsOf = (spec: Json): Json[] =>
  (Array.isArray(spec.hconcat) ? spec.hconcat : Array.isArray(spec.vconcat) ? spec.vconcat : [spec]) as Json[];

/** `spec` (not changed) at this sizing: each panel's width (and with keepAspect its height) scaled; stacked, an hconcat's panels one above the other and the legends below. */
function sized(spec: VegaLiteSpec, { factor, stacked }: Sizing, options: SizeOptions): VegaLiteSpec {
  const out = structuredClone(spec) as unknown as Json;
  for (const panel of panelsOf(out)) {
    if (typeof panel.width === 'number') panel.width = Math.round(panel.width * factor);
    if (options.keepAspect && typeof panel.height === 'number') panel.height = Math.round(panel.height * factor);
  }
  if (stacked) {
    if (Array.isArray(out.hconcat)) fit(out as unknown as VegaLiteSpec, { stack: true });
    // A legend beside a narrow panel takes width the panel needs: put it below (vega-lite's default
    // place is the right); a long title goes on two lines.
    const below = { orient: 'bottom', direction: 'horizontal', columns: 2 };
    const config = (out.config ?? {}) as Json;
    out.config = { ...config, legend: { ...((config.legend ?? {}) as Json), ...below } };
    if (typeof out.title === 'string') out.title = twoLines(out.title);
    walk(out, (obj) => {
      const legend = obj.legend as Json | null | undefined;
      if (legend && typeof legend === 'object' && (legend.orient === 'right' || legend.orient === undefined)) Object.assign(legend, below);
      const title = obj.title as Json | null | undefined;
      if (title && typeof title === 'object' && !Array.isArray(title) && typeof title.text === 'string') title.text = twoLines(title.text);
    });
  }
  return out as unknown as VegaLiteSpec;
}

/** A title of more than 30 characters as two lines, broken at the space nearest its middle. */
function twoLines(text: string): string | string[] {
  if (text.length <= 30) return text;
  const spaces = [...text.matchAll(/ /g)].map((m) => m.index);
  if (spaces.length === 0) return text;
  const at = spaces.reduce((best, i) => (Math.abs(i - text.length / 2) < Math.abs(best - text.length / 2) ? i : best));
  return [text.slice(0, at), text.slice(at + 1)];
}

/**
 * The sizing under which the chart drawn `natural` px wide at `sizing` takes `available` px, or
 * undefined when it already does (or can get no closer). What is not a panel (axes, legends,
 * padding) is taken to keep its width.
 */
function resize(spec: VegaLiteSpec, sizing: Sizing, natural: number, available: number, options: SizeOptions): Sizing | undefined {
  const widths = panelsOf(spec as unknown as Json).map((panel) => panel.width);
  if (natural <= 0 || widths.length === 0 || widths.some((w) => typeof w !== 'number')) return undefined;
  const base = widths as number[];
  const across = Array.isArray((spec as unknown as Json).hconcat) && !sizing.stacked;
  const span = (factor: number) =>
    across ? base.reduce((a, w) => a + Math.round(w * factor), 0) : Math.max(...base.map((w) => Math.round(w * factor)));
  const chrome = natural - span(sizing.factor);
  // Two px to spare: the axes' labels move a little with the width.
  const room = available - 2 - chrome;
  const total = across ? base.reduce((a, w) => a + w, 0) : Math.max(...base);
  const wanted = room / total;
  if (!sizing.stacked && !options.keepAspect && Math.min(...base) * wanted < MIN_PANEL) return { factor: sizing.factor, stacked: true };
  const least = LEAST_PANEL / Math.min(...base);
  const factor = Math.floor(Math.min(options.maxGrow ?? 1.6, Math.max(least, wanted)) * 1000) / 1000;
  if (Math.abs(span(factor) - span(sizing.factor)) < 2 && natural <= available) return undefined;
  if (factor === sizing.factor) return undefined;
  return { factor, stacked: sizing.stacked };
}

/** The drawn width of a view, CSS px: vega sizes its canvas (or svg) to the whole chart. */
function renderedWidth(view: View): number {
  const el = view.container()?.firstElementChild as HTMLElement | SVGElement | null | undefined;
  if (!el) return 0;
  return Number.parseFloat((el as HTMLElement).style?.width || el.getAttribute('width') || '0') || 0;
}

/** What Chart.marks reads of vega's scenegraph: marks hold items, a group's items hold marks. */
interface SceneNode {
  name?: string;
  role?: string;
  marktype?: string;
  items?: (SceneItem & { items?: SceneNode[] })[];
}

interface SceneItem {
  x?: number;
  y?: number;
  shape?: unknown;
  size?: number;
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
  strokeDash?: unknown;
  opacity?: number;
  text?: unknown;
}

export interface Fit {
  /** Width/height of a single-view spec, or of each panel of an hconcat spec. */
  width?: number;
  height?: number;
  /** Keep the spec's subtitle (the page explains most charts in its own text). Default false. */
  subtitle?: boolean;
  /** Replace the title text. */
  title?: string;
  /** Drop every legend (small multiples). */
  legends?: boolean;
  /** Multiply the spec's own width and height (keeps a boundary's aspect ratio). */
  scale?: number;
  /** Stack the panels of an hconcat spec vertically. */
  stack?: boolean;
}

/** One of the report's specs sized for the page. Changes `spec` in place (the builders return fresh objects) and returns it. */
export function fit(spec: VegaLiteSpec, options: Fit): VegaLiteSpec {
  const out = spec as unknown as Json;
  const size = (node: Json) => {
    if (options.scale !== undefined) {
      if (typeof node.width === 'number') node.width = Math.round(node.width * options.scale);
      if (typeof node.height === 'number') node.height = Math.round(node.height * options.scale);
    }
    if (options.width !== undefined) node.width = options.width;
    if (options.height !== undefined) node.height = options.height;
  };
  if (Array.isArray(out.hconcat)) (out.hconcat as Json[]).forEach(size);
  else size(out);
  const title = out.title as Json | string | undefined;
  if (title && typeof title === 'object') {
    if (!options.subtitle) delete title.subtitle;
    if (options.title !== undefined) title.text = options.title;
  }
  if (options.legends === false) {
    walk(out, (obj) => {
      const encoding = obj.encoding as Json | undefined;
      if (!encoding || typeof encoding !== 'object') return;
      for (const channel of ['color', 'fill', 'shape', 'strokeDash', 'size', 'opacity']) {
        const def = encoding[channel];
        if (def && typeof def === 'object') (def as Json).legend = null;
      }
    });
  }
  if (options.stack && Array.isArray(out.hconcat)) {
    out.vconcat = out.hconcat;
    delete out.hconcat;
    out.config = { ...(out.config as Json), concat: { spacing: 18 } };
  }
  return spec;
}

/**
 * Fixes every epoch axis to [0, total - 1] (and moves labels placed at the last epoch there), so
 * the lines grow across a steady axis while training and the view is updated in place. Changes
 * `spec` in place and returns it.
 */
export function pinEpochs(spec: VegaLiteSpec, total: number): VegaLiteSpec {
  const last = Math.max(1, total - 1);
  let current: number | undefined;
  const xOf = (obj: Json) => (obj.encoding as Json | undefined)?.x as Json | undefined;
  walk(spec, (obj) => {
    const x = xOf(obj);
    if (x?.field !== 'epoch') return;
    const scale = (x.scale ?? {}) as Json;
    if (Array.isArray(scale.domain)) current = scale.domain[1] as number;
    x.scale = { ...scale, domain: [0, last], nice: false };
    // Fewer ticks on long runs, so labels like "1,500" keep clear of each other.
    x.axis = { ...((x.axis ?? {}) as Json), labelOverlap: true, ...(total >= 1000 ? { tickCount: 4 } : {}) };
  });
  // Text marks anchored at the old last epoch (the overlay's "chance" label).
  if (current !== undefined) {
    walk(spec, (obj) => {
      const x = xOf(obj);
      if (x && typeof x.datum === 'number' && x.datum > 0 && x.datum === current) x.datum = last;
    });
  }
  return spec;
}
