// Node only: vega-lite spec → SVG (vega, headless, no DOM or canvas) → PNG (resvg).
import { Resvg, type ResvgRenderOptions, renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { resvgOptions } from './png.js';
import type { VegaLiteSpec } from './specs/vega-lite-spec.js';

export { type PngPool, pngPool, systemSansFamily } from './png.js';

export interface RenderOptions {
  /** Receives vega-lite's compile warnings; by default they are dropped (the specs are ours). */
  warn?: (message: string) => void;
}

/** A vega logger that forwards warnings to `warn` and throws on errors. */
function logger(warn: (message: string) => void): vega.LoggerInterface {
  let level = vega.Warn;
  const text = (args: readonly unknown[]) => args.map(String).join(' ');
  const self: vega.LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level as never;
      level = value;
      return self as never;
    },
    error(...args: readonly unknown[]) {
      throw new Error(text(args));
    },
    warn(...args: readonly unknown[]) {
      if (level >= vega.Warn) warn(text(args));
      return self;
    },
    info() {
      return self;
    },
    debug() {
      return self;
    },
  } as vega.LoggerInterface;
  return self;
}

// Advance widths (1/1000 em) of DejaVu Sans and DejaVu Sans Bold, from the fonts' hmtx tables:
// ASCII 32…126, then the non-ASCII characters the figures use. DejaVu is among the widest sans
// fonts, so layouts measured with it leave room for Helvetica or Arial too.
const ASCII_WIDTHS = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337,
  337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732,
  684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635,
  635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const ASCII_WIDTHS_BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400,
  400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812,
  774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716,
  716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];
const OTHER_WIDTHS: Readonly<Record<string, readonly [number, number]>> = {
  '′': [227, 264],
  '⁻': [528, 528],
  '·': [318, 380],
  '–': [500, 500],
  '—': [1000, 1000],
  '…': [1000, 1000],
  '≥': [838, 838],
  '≤': [838, 838],
  '±': [838, 838],
  '∂': [517, 544],
  '→': [838, 838],
  '×': [838, 838],
  '−': [838, 838],
};
/** Sub- and superscript digits are 401 (bold 438); anything else unknown counts as 0.65 em, CJK as 1 em. */
function charWidth(ch: string, bold: boolean): number {
  const code = ch.codePointAt(0)!;
  if (code >= 32 && code < 127) return (bold ? ASCII_WIDTHS_BOLD : ASCII_WIDTHS)[code - 32]!;
  const other = OTHER_WIDTHS[ch];
  if (other) return other[bold ? 1 : 0];
  if ((code >= 0x2070 && code <= 0x209f) || code === 0xb9 || code === 0xb2 || code === 0xb3) return bold ? 438 : 401;
  return code >= 0x2e80 ? 1000 : 650;
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
}

/** Width in px of `text` set in DejaVu Sans at the item's size and weight. */
export function estimateTextWidth(item: TextItem, text: unknown): number {
  const line = text == null ? '' : String(text).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  let width = 0;
  for (const ch of line) width += charWidth(ch, bold);
  return (width * size) / 1000;
}

// Without a canvas, vega sizes text as 0.8 em per character: about 35% too wide for these fonts,
// which leaves wide empty margins next to long titles. vega supports swapping in a measure.
(vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics.width = estimateTextWidth;

// vega turns every expression of a spec (encoders, signal updates, filters) into a function with
// `Function(…)` for each view: most of them are the same code in every figure (axes, legends,
// titles), so compiling each once and binding it per view saves V8 the parsing and the warm-up.
type Compiled = (...args: unknown[]) => unknown;
interface ExpressionCodegen {
  operator(ctx: unknown, expr: { code: string }): Compiled;
  parameter(ctx: unknown, expr: { code: string }): Compiled;
  event(ctx: unknown, expr: { code: string }): Compiled;
  handler(ctx: unknown, expr: { code: string }): Compiled;
  encode(ctx: unknown, encode: { marktype: string; channels: Record<string, { code: string }> }): Compiled;
  codegen: unknown;
}

let sharedCodegen: ExpressionCodegen | null | undefined;

/** vega's own expression code generator, with each generated function compiled once per process; null when this vega has none to wrap. */
function cachedCodegen(): ExpressionCodegen | null {
  if (sharedCodegen !== undefined) return sharedCodegen;
  const context = (
    vega as unknown as { runtimeContext?: (df: unknown, transforms: unknown, functions: unknown) => { expr?: ExpressionCodegen } }
  ).runtimeContext;
  const base = context?.({ events: () => undefined }, {}, undefined)?.expr;
  const kinds = ['operator', 'parameter', 'event', 'handler', 'encode'] as const;
  if (!base || !kinds.every((k) => typeof base[k] === 'function')) {
    sharedCodegen = null;
    return null;
  }
  const compiled = new Map<string, Compiled>();
  // With no context, vega returns the function unbound; each view binds it to its own functions.
  const once = (key: string, make: () => Compiled, ctx: unknown) => {
    let fn = compiled.get(key);
    if (!fn) {
      fn = make();
      compiled.set(key, fn);
    }
    const functions = (ctx as { functions?: unknown } | null)?.functions;
    return functions ? (fn.bind(functions) as Compiled) : fn;
  };
  const simple = (kind: 'operator' | 'parameter' | 'event' | 'handler') => (ctx: unknown, expr: { code: string }) =>
    once(`${kind}\n${expr.code}`, () => base[kind](null, expr), ctx);
  sharedCodegen = {
    operator: simple('operator'),
    parameter: simple('parameter'),
    event: simple('event'),
    handler: simple('handler'),
    encode: (ctx, encode) => {
      let key = `encode\n${encode.marktype}`;
      for (const name in encode.channels) key += `\n${name}\n${encode.channels[name]!.code}`;
      return once(key, () => base.encode(null, encode), ctx);
    },
    codegen: base.codegen,
  };
  return sharedCodegen;
}

/** Compiles `spec` with vega-lite and renders it headless with vega to an SVG string. */
export async function renderSvg(spec: VegaLiteSpec, options: RenderOptions = {}): Promise<string> {
  const log = logger(options.warn ?? (() => {}));
  const { spec: vgSpec } = compile(spec as unknown as TopLevelSpec, { logger: log });
  const expr = cachedCodegen();
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logger: log, ...(expr ? { expr } : {}) });
  try {
    return compactSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

const GEOMETRY = /\s(d|transform|x|y|x1|x2|y1|y2|width|height|points)="([^"]*)"/g;

/**
 * Rounds the coordinates in vega's SVG (full float64 precision) to 1/100 px: a third of the
 * bytes for heatmaps and scatters, invisible even at 4× zoom. Text content is left as it is.
 */
export function compactSvg(svg: string): string {
  return svg.replace(
    GEOMETRY,
    (_, name: string, value: string) =>
      ` ${name}="${value.replace(/-?\d+\.\d{3,}(?:e-?\d+)?/g, (n) => String(Math.round(Number(n) * 100) / 100))}"`,
  );
}

/** Rasterises `svg` at `scale`× its size onto white, with the system's fonts. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const png = new Resvg(svg, resvgOptions(scale)).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/**
 * svgToPng with the parsing and drawing on libuv's thread pool (the PNG encoding stays on this
 * thread); `scale` or the options resvgOptions made.
 */
export async function svgToPngAsync(svg: string, scale: number | ResvgRenderOptions = 2): Promise<Uint8Array> {
  const png = (await renderAsync(svg, typeof scale === 'number' ? resvgOptions(scale) : scale)).asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
