// `actlab compare --grid lr=1e-3,1e-2 --grid width=5,8`: a sweep written with compare's flags.
// The flags give every fixed setting (activations, optimizer, initialisers, layers, data, epochs,
// seeds); each --grid turns one of them into an axis. The sweep is then resolved as SWEEP.json's,
// its messages naming the flags. Platform-neutral (the flags arrive parsed).
import type { ActivationInput } from '../activations/hidden.js';
import type { LinearInitInput } from '../init/linear-init.js';
import { MAX_LAYER_SIZE } from '../limits.js';
import type { OptimizerConfig } from '../optim/config.js';
import { FLOAT32_RULE, InputError, parseDecimal } from '../validate.js';
import { resolveSweep, SWEEP_LIMITS, type SweepInput, type SweepPlan } from './config.js';

/** What --grid may vary; the other axes of a sweep (initialisers, optimizers) are SWEEP.json's. */
export const GRID_KEYS = ['lr', 'width', 'depth'] as const;
export type GridKey = (typeof GRID_KEYS)[number];

/** Each --grid key=v1,v2,... checked and parsed, named `--grid lr[1]` on failure; a key given twice is refused. */
export function parseGrid(entries: readonly string[]): Partial<Record<GridKey, number[]>> {
  const grid: Partial<Record<GridKey, number[]>> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const key = at === -1 ? entry : entry.slice(0, at).trim();
    if (at === -1 || !(GRID_KEYS as readonly string[]).includes(key)) {
      throw new InputError('--grid', entry, `must be key=v1,v2,... with key one of ${GRID_KEYS.join(', ')}`);
    }
    const name = key as GridKey;
    if (grid[name]) throw new InputError('--grid', entry, `gives ${name} a second time (list every value in one --grid ${name}=...)`);
    grid[name] = entry
      .slice(at + 1)
      .split(',')
      .map((text, i) => gridValue(name, text.trim(), `--grid ${name}[${i}]`));
  }
  return grid;
}

function gridValue(key: GridKey, text: string, field: string): number {
  const value = parseDecimal(text);
  if (value === null || !Number.isFinite(value)) throw new InputError(field, text, 'must be a number');
  if (key === 'lr') {
    if (!Number.isFinite(Math.fround(value))) throw new InputError(field, text, FLOAT32_RULE);
    if (value <= 0) throw new InputError(field, text, 'must be > 0');
    return value;
  }
  const max = key === 'width' ? MAX_LAYER_SIZE : SWEEP_LIMITS.depth;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new InputError(field, text, `must be an integer in [1, ${max}]`);
  return value;
}

/** The fixed settings compare's flags gave, as parseCompareFlags returns them. */
export interface CompareGridBase {
  activations: string[];
  hidden?: Record<string, ActivationInput>;
  init?: LinearInitInput;
  layers: number[];
  epochs: number;
  batchSize: number;
  optimizer: OptimizerConfig;
  seeds: number;
  data: { kind: string; samples: number; noise?: number; seed?: number };
}

/** Fields of the sweep renamed to the flags that gave them. */
const FLAG_OF: readonly [RegExp, string][] = [
  [/^sweep\.activations/, '--activations'],
  [/^sweep\.optimizers\[0\]\.lr/, '--lr'],
  [/^sweep\.optimizers\[0\]/, '--optimizer'],
  [/^sweep\.initialisers\[0\]\.weight/, '--init'],
  [/^sweep\.initialisers\[0\]\.bias/, '--bias-init'],
  [/^sweep\.lrs/, '--grid lr'],
  [/^sweep\.widths/, '--grid width'],
  [/^sweep\.depths/, '--grid depth'],
  [/^sweep\.dataset\.samples/, '--samples'],
  [/^sweep\.dataset\.noise/, '--noise'],
  [/^sweep\.dataset\.seed/, '--data-seed'],
  [/^sweep\.dataset/, '--dataset'],
  [/^sweep$/, '--grid'],
];

/**
 * The sweep the flags and the grid describe. The hidden layers of --layers must all be as wide
 * (one width and one depth), unless the grid gives the widths and the depths.
 */
export function compareGridSweep(base: CompareGridBase, grid: Partial<Record<GridKey, number[]>>, layersText: string): SweepPlan {
  const hidden = base.layers.slice(1, -1);
  if ((!grid.width || !grid.depth) && hidden.some((w) => w !== hidden[0])) {
    throw new InputError('--layers', layersText, 'must have hidden layers all of one width with --grid (a sweep has a depth and a width)');
  }
  if (!grid.depth && hidden.length === 0) throw new InputError('--layers', layersText, 'must have a hidden layer with --grid');
  const { lr, ...optimizer } = base.optimizer;
  const input: SweepInput = {
    activations: base.activations.map((label) => base.hidden?.[label] ?? (label as ActivationInput)),
    initialisers: [base.init ?? {}],
    optimizers: [grid.lr ? optimizer : { ...optimizer, lr }],
    ...(grid.lr ? { lrs: grid.lr } : {}),
    depths: grid.depth ?? [hidden.length],
    widths: grid.width ?? [hidden[0]!],
    seeds: base.seeds,
    epochs: base.epochs,
    batchSize: base.batchSize,
    dataset: {
      name: base.data.kind,
      samples: base.data.samples,
      ...(base.data.noise === undefined ? {} : { noise: base.data.noise }),
      ...(base.data.seed === undefined ? {} : { seed: base.data.seed }),
    },
  };
  try {
    return resolveSweep(input);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const found = FLAG_OF.find(([pattern]) => pattern.test(error.field));
    if (!found) throw error;
    throw new InputError(error.field.replace(found[0], found[1]), error.value, error.rule);
  }
}
