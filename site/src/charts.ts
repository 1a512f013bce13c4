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

  constructor(
    readonly container: HTMLElement,
    private readonly renderer: Renderer = 'canvas',
  ) {}

  /**
   * Draws `spec` (which it takes over: its data is lifted out in place). Calls made while a draw
   * is running collapse into one draw of the latest spec.
   */
  async update(spec: VegaLiteSpec): Promise<void> {
    this.pending = spec;
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.pending) {
        const next = this.pending;
        this.pending = undefined;
        await this.draw(next);
      }
    } finally {
      this.busy = false;
    }
  }

  private async draw(spec: VegaLiteSpec): Promise<void> {
    const datasets = liftData(spec);
    const shape = JSON.stringify(spec);
    if (this.view && shape === this.shape) {
      for (const [name, values] of Object.entries(datasets)) this.view.data(name, values);
      await this.view.runAsync();
      Chart.counts.updated++;
      return;
    }
    // The builders type-check their specs against vega-lite's types; the API hands them out as plain JSON.
    const vg = compile({ ...spec, datasets } as unknown as TopLevelSpec).spec;
    const holder = document.createElement('div');
    holder.className = 'vega-holder';
    const view = new View(parse(vg), { renderer: this.renderer, container: holder, hover: true });
    await view.runAsync();
    this.container.replaceChildren(holder);
    this.finalizeView();
    this.view = view;
    this.shape = shape;
    Chart.counts.created++;
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

  clear(): void {
    this.finalizeView();
    this.shape = '';
    this.pending = undefined;
    this.container.replaceChildren();
  }
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
