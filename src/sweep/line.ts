// The sweep's two JSON Lines formats, one JSON object per line (docs/scale-out.md):
//   plan    {"format":"actlab-sweep-job/1","key","cellKey","index","cell","seed","spec"}
//   results {"format":"actlab-sweep-run/1","key","cellKey","cell","seed","spec","history","deadShare","saturatedShare","ms"}
// A history's non-finite numbers are the strings "NaN", "Infinity", "-Infinity" (src/json.ts).
// Platform-neutral.
import type { RunResult } from '../compare/types.js';
import { jsonText } from '../json.js';
import type { History } from '../train/train.js';
import { InputError, plainObject } from '../validate.js';
import type { CellSettings } from './config.js';
import type { SweepJob } from './jobs.js';
import { cellKey, jobKey } from './key.js';
import { cellOf as cellSettingsOf, type SweepSpec, validateSweepSpec } from './spec.js';

export const PLAN_FORMAT = 'actlab-sweep-job/1';
export const RESULT_FORMAT = 'actlab-sweep-run/1';

/** One line of a results file: the run's job (without its plan index) and what training gave. */
export interface SweepRunRecord {
  key: string;
  cellKey: string;
  cell: CellSettings;
  seed: number;
  spec: SweepSpec;
  history: History;
  /** Share of dead hidden units at the end (RunResult.deadShare). */
  deadShare: number | null;
  saturatedShare: number;
  /** Wall time of the training loop, ms: the one field that differs between two runs of the same job. */
  ms: number;
}

/** A plan line (no newline). */
export function planLine(job: SweepJob): string {
  return jsonText({
    format: PLAN_FORMAT,
    key: job.key,
    cellKey: job.cellKey,
    index: job.index,
    cell: job.cell,
    seed: job.seed,
    spec: job.spec,
  });
}

/** A results line (no newline) for a job and its run. */
export function resultLine(job: Omit<SweepJob, 'index'>, result: RunResult): string {
  const record: SweepRunRecord = {
    key: job.key,
    cellKey: job.cellKey,
    cell: job.cell,
    seed: job.seed,
    spec: job.spec,
    history: result.history,
    deadShare: result.deadShare,
    saturatedShare: result.saturatedShare,
    ms: result.ms,
  };
  return jsonText({ format: RESULT_FORMAT, ...record });
}

const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/** A history's number, or its non-finite spelling, as a number; anything else refused under `field`. */
function numberOf(field: string, value: unknown): number {
  if (typeof value === 'number') return value;
  const special = typeof value === 'string' ? NON_FINITE[value] : undefined;
  if (special === undefined) throw new InputError(field, value, 'must be a number (or "NaN", "Infinity", "-Infinity")');
  return special;
}

function series(field: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw new InputError(field, value, 'must be an array of numbers');
  return value.map((v, i) => numberOf(`${field}[${i}]`, v));
}

/** A history read back, its non-finite numbers restored. */
function historyOf(field: string, value: unknown): History {
  const h = plainObject(field, value);
  const grad = h.grad;
  if (!Array.isArray(grad)) throw new InputError(`${field}.grad`, grad, 'must be an array of series');
  const diverged = h.diverged;
  if (diverged !== null && (typeof diverged !== 'object' || Array.isArray(diverged)))
    throw new InputError(`${field}.diverged`, diverged, 'must be null or { epoch, layer }');
  const stateGrad = h.stateGrad === undefined ? undefined : plainObject(`${field}.stateGrad`, h.stateGrad);
  return {
    bce: series(`${field}.bce`, h.bce),
    accuracy: series(`${field}.accuracy`, h.accuracy),
    grad: grad.map((g, l) => series(`${field}.grad[${l}]`, g)),
    ...(stateGrad
      ? { stateGrad: Object.fromEntries(Object.entries(stateGrad).map(([k, v]) => [k, series(`${field}.stateGrad.${k}`, v)])) }
      : {}),
    ...(h.valBce === undefined ? {} : { valBce: series(`${field}.valBce`, h.valBce) }),
    ...(h.valAccuracy === undefined ? {} : { valAccuracy: series(`${field}.valAccuracy`, h.valAccuracy) }),
    diverged: diverged as History['diverged'],
  };
}

function parseObject(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(where, (error as Error).message, 'is not valid JSON');
  }
  return plainObject(where, value);
}

const KEY = /^[0-9a-f]{16}$/;

function keyOf(field: string, value: unknown): string {
  if (typeof value !== 'string' || !KEY.test(value)) throw new InputError(field, value, 'must be a run key (16 hex digits)');
  return value;
}

/**
 * A results line, checked enough to be summarised: its format, keys, seed and history. Its spec
 * is taken as written; a sweep matches a line to its own runs by key, and uses its own spec.
 */
export function parseResultLine(text: string, where: string): SweepRunRecord {
  const o = parseObject(text, where);
  if (o.format !== RESULT_FORMAT)
    throw new InputError(`${where}: format`, o.format, `must be "${RESULT_FORMAT}" (an actlab sweep results line)`);
  const seed = o.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new InputError(`${where}: seed`, seed, 'must be an integer');
  return {
    key: keyOf(`${where}: key`, o.key),
    cellKey: keyOf(`${where}: cellKey`, o.cellKey),
    cell: plainObject(`${where}: cell`, o.cell) as unknown as CellSettings,
    seed,
    spec: plainObject(`${where}: spec`, o.spec) as unknown as SweepSpec,
    history: historyOf(`${where}: history`, o.history),
    deadShare: o.deadShare === null ? null : numberOf(`${where}: deadShare`, o.deadShare),
    saturatedShare: numberOf(`${where}: saturatedShare`, o.saturatedShare),
    ms: numberOf(`${where}: ms`, o.ms),
  };
}

/**
 * One job to run from a line of a plan (or of a results file: the same job, already run once),
 * checked completely: its spec as `actlab train` checks one, and its key against the spec, so an
 * edited line cannot be recorded under another run's key.
 */
export function parseJobLine(text: string, where: string): Omit<SweepJob, 'index'> & { index?: number } {
  const o = parseObject(text, where);
  if (o.format !== PLAN_FORMAT && o.format !== RESULT_FORMAT) {
    throw new InputError(`${where}: format`, o.format, `must be "${PLAN_FORMAT}" (a plan line) or "${RESULT_FORMAT}"`);
  }
  const spec = validateSweepSpec(o.spec, `${where}: spec`);
  const key = keyOf(`${where}: key`, o.key);
  const expected = jobKey(spec);
  if (key !== expected)
    throw new InputError(`${where}: key`, key, `does not match the line's spec (its key is ${expected}): the line was edited`);
  if (o.seed !== spec.config.seed) throw new InputError(`${where}: seed`, o.seed, `must be the spec's seed (${spec.config.seed})`);
  const cellOf = cellKey(spec);
  if (keyOf(`${where}: cellKey`, o.cellKey) !== cellOf)
    throw new InputError(`${where}: cellKey`, o.cellKey, `does not match the line's spec (its cell key is ${cellOf})`);
  return {
    key,
    cellKey: cellOf,
    // The labels from the spec, not as written: only the spec is checked (by its key).
    cell: cellSettingsOf(spec),
    seed: spec.config.seed,
    spec,
    ...(typeof o.index === 'number' ? { index: o.index } : {}),
  };
}
