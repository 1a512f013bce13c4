// Paired comparisons of activations against a baseline, seed by seed (docs/statistics.md).
// `actlab compare --seeds N` trains run k of every activation from init seed k, so the runs of two
// activations with the same seed form a pair, and the honest question is about the differences
// within pairs: a t interval, a seeded bootstrap interval and the Wilcoxon signed-rank test on them.
// Plain, JSON-serialisable data: numbers, strings, arrays and null (never NaN).

import { alignedTable } from '../io/aligned-table.js';
import { BOOTSTRAP_RESAMPLES, bootstrapInterval, MAX_BOOTSTRAP_RESAMPLES } from '../stats/bootstrap.js';
import { mean, tInterval } from '../stats/paired-t.js';
import { quartiles } from '../stats/percentile.js';
import { confidenceLevel } from '../stats/values.js';
import { type WilcoxonResult, wilcoxonSignedRank } from '../stats/wilcoxon.js';
import { arrayValue, InputError, integerInRange, knownKeys, oneOf, plainObject, seedValue, withDefault } from '../validate.js';
import { epochTo90, finalAccuracyOf, TARGET_ACCURACY } from './summary.js';
import type { RunResult } from './types.js';

export interface PairedOptions {
  /** The label every activation is compared with; default: the best by mean final accuracy (the first listed on a tie). */
  baseline?: string;
  /** Bootstrap resamples B (default 10000). */
  bootstrap?: number;
  /** Seed of the bootstrap's Mt19937 (default 0). */
  seed?: number;
  /** Confidence level of both intervals (default 0.95). */
  level?: number;
}

const OPTION_KEYS = ['baseline', 'bootstrap', 'seed', 'level'];

/** One run reduced to the two numbers compared. */
export interface RunOutcome {
  seed: number;
  /** Accuracy after the last epoch; null when the run diverged (its accuracy is NaN). */
  finalAccuracy: number | null;
  /** First epoch index (0-based) with accuracy ≥ 90%; null for never (a diverged run never does). */
  epochsTo90: number | null;
  diverged: boolean;
}

/** Spread of the epochs-to-90% of one activation's runs that reached it. */
export interface EpochSpread {
  /** Runs that reached 90%, and the ones that never did (diverged ones included). */
  reached: number;
  never: number;
  /** np.percentile(epochs, [25, 50, 75]) over the runs that reached it; null when none did. */
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
}

export interface PairedInterval {
  low: number;
  high: number;
}

/** Why seeds of the activation or of the baseline are not in a paired difference. */
export interface PairedDropped {
  /** Seeds run for only one of the two. */
  unpaired: number[];
  /** Accuracy: seeds where either run diverged (left out of accuracy statistics). */
  diverged: number[];
  /** Epochs to 90%: seeds where only the activation never reached 90%, only the baseline never did, or neither did. */
  neverActivation: number[];
  neverBaseline: number[];
  neverBoth: number[];
}

/** activation − baseline over the seeds both have a value for. */
export interface PairedDifference {
  /** Seeds paired, ascending, and the difference for each (accuracy as a fraction, epochs in epochs). */
  seeds: number[];
  differences: number[];
  n: number;
  dropped: PairedDropped;
  /** Mean difference; null with no pairs. */
  mean: number | null;
  /** The t interval and the percentile bootstrap interval of the mean; null with fewer than 2 pairs. */
  t: PairedInterval | null;
  bootstrap: PairedInterval | null;
  /** The Wilcoxon signed-rank test; null with fewer than 2 pairs. */
  wilcoxon: Pick<WilcoxonResult, 'statistic' | 'pValue' | 'method' | 'zeros' | 'ties' | 'z'> | null;
  /** "no evidence of a difference", "better than relu by 12.3 points (95% CI 8.1 to 16.5)", … */
  verdict: string;
  /** Which pairs were left out and why, in words; '' when none was. */
  note: string;
}

export interface PairedRow {
  activation: string;
  baseline: boolean;
  runs: RunOutcome[];
  /** Seeds whose run diverged: left out of the accuracy statistics and counted as never reaching 90%. */
  diverged: number[];
  /** Mean final accuracy over the runs that did not diverge; null when all did (or there are none). */
  meanFinalAccuracy: number | null;
  epochsTo90: EpochSpread;
  /** Against the baseline; null on the baseline's own row. */
  accuracy: PairedDifference | null;
  epochs: PairedDifference | null;
}

export interface PairedComparison {
  baseline: string;
  /** 'given' (options.baseline) or 'best mean final accuracy'. */
  baselineRule: 'given' | 'best mean final accuracy';
  level: number;
  bootstrap: { resamples: number; seed: number };
  /** The accuracy that counts as reaching it (0.9). */
  target: number;
  rows: PairedRow[];
}

/**
 * |Differences| that agree to within this are one value for ranking (and below it zero): accuracies
 * are count/samples, and two pairs with the same count difference can differ by an ulp (0.953 − 0.941
 * ≠ 0.96 − 0.948 in float64). Real differences of accuracies are at least 1/samples apart.
 */
export const TIE_TOLERANCE = 1e-12;

/** The final accuracy and epochs-to-90% of one run. */
export function runOutcome(run: RunResult): RunOutcome {
  const finalAccuracy = finalAccuracyOf(run.history);
  const diverged = finalAccuracy === null;
  return { seed: run.seed, finalAccuracy, epochsTo90: diverged ? null : epochTo90(run.history), diverged };
}

/**
 * Differences whose magnitudes agree to within TIE_TOLERANCE made equal (to the smallest of them, each
 * keeping its sign), and those within it of 0 made 0: ties and zeros as they are, not as float64 rounds them.
 */
export function canonicalDifferences(differences: readonly number[]): number[] {
  const order = differences.map((_, i) => i).sort((i, j) => Math.abs(differences[i]!) - Math.abs(differences[j]!));
  const out = differences.slice();
  let anchor = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (const i of order) {
    const magnitude = Math.abs(differences[i]!);
    if (magnitude - previous > TIE_TOLERANCE) anchor = magnitude <= TIE_TOLERANCE ? 0 : magnitude;
    previous = magnitude;
    out[i] = differences[i]! < 0 ? -anchor : anchor;
  }
  return out.map((d) => (d === 0 ? 0 : d)); // no -0
}

interface Checked {
  baseline: string | undefined;
  resamples: number;
  seed: number;
  level: number;
}

function checkOptions(options: unknown, activations: string[]): Checked {
  const o = plainObject('options', withDefault(options, {}));
  knownKeys('options', o, OPTION_KEYS);
  return {
    baseline: o.baseline === undefined ? undefined : oneOf('baseline', o.baseline, activations),
    resamples: integerInRange('bootstrap', withDefault(o.bootstrap, BOOTSTRAP_RESAMPLES), 1, MAX_BOOTSTRAP_RESAMPLES),
    seed: seedValue('seed', withDefault(o.seed, 0)),
    level: confidenceLevel('level', withDefault(o.level, 0.95)),
  };
}

/** Each activation's runs by seed; a second run of one activation with the same seed is refused. */
function outcomesBySeed(runs: RunResult[], activations: string[]): Map<string, Map<number, RunOutcome>> {
  const table = new Map(activations.map((a) => [a, new Map<number, RunOutcome>()]));
  (arrayValue('runs', runs) as RunResult[]).forEach((run, i) => {
    const mine = table.get(run.activation);
    if (!mine) return;
    if (mine.has(run.seed)) throw new InputError(`runs[${i}].seed`, run.seed, `is a second run of ${run.activation} with that seed`);
    mine.set(run.seed, runOutcome(run));
  });
  return table;
}

const meanOf = (values: number[]) => (values.length === 0 ? null : mean(values));

/**
 * Every activation against the baseline, pairing runs by seed (plain data; pairedTable prints it).
 * `activations` are the labels in the order to report them; runs of other labels are ignored.
 */
export function pairedComparison(runs: RunResult[], activations: string[], options?: PairedOptions): PairedComparison {
  const labels = arrayValue('activations', activations) as string[];
  if (labels.length === 0) throw new InputError('activations', activations, 'must name at least one activation');
  const checked = checkOptions(options, labels);
  const table = outcomesBySeed(runs, labels);
  const finals = new Map(
    labels.map((a) => [a, meanOf([...table.get(a)!.values()].flatMap((o) => (o.finalAccuracy === null ? [] : [o.finalAccuracy])))]),
  );
  let baseline = checked.baseline;
  if (baseline === undefined) {
    baseline = labels[0]!;
    let best = Number.NEGATIVE_INFINITY;
    for (const a of labels) {
      const m = finals.get(a)!;
      if (m !== null && m > best) {
        best = m;
        baseline = a;
      }
    }
  }
  const base = table.get(baseline)!;
  const stats = { resamples: checked.resamples, seed: checked.seed, level: checked.level };
  const rows = labels.map((activation): PairedRow => {
    const mine = table.get(activation)!;
    const outcomes = [...mine.values()].sort((a, b) => a.seed - b.seed);
    const isBaseline = activation === baseline;
    return {
      activation,
      baseline: isBaseline,
      runs: outcomes,
      diverged: outcomes.filter((o) => o.diverged).map((o) => o.seed),
      meanFinalAccuracy: finals.get(activation)!,
      epochsTo90: spread(outcomes),
      accuracy: isBaseline ? null : difference('accuracy', activation, baseline, mine, base, stats),
      epochs: isBaseline ? null : difference('epochs', activation, baseline, mine, base, stats),
    };
  });
  return {
    baseline,
    baselineRule: checked.baseline === undefined ? 'best mean final accuracy' : 'given',
    level: checked.level,
    bootstrap: { resamples: checked.resamples, seed: checked.seed },
    target: TARGET_ACCURACY,
    rows,
  };
}

function spread(outcomes: RunOutcome[]): EpochSpread {
  const epochs = outcomes.flatMap((o) => (o.epochsTo90 === null ? [] : [o.epochsTo90]));
  const never = outcomes.length - epochs.length;
  if (epochs.length === 0) return { reached: 0, never, median: null, q1: null, q3: null, iqr: null };
  const q = quartiles(epochs);
  return { reached: epochs.length, never, median: q.median, q1: q.q1, q3: q.q3, iqr: q.iqr };
}

type Metric = 'accuracy' | 'epochs';

function difference(
  metric: Metric,
  activation: string,
  baseline: string,
  mine: Map<number, RunOutcome>,
  base: Map<number, RunOutcome>,
  stats: { resamples: number; seed: number; level: number },
): PairedDifference {
  const dropped: PairedDropped = { unpaired: [], diverged: [], neverActivation: [], neverBaseline: [], neverBoth: [] };
  const seeds: number[] = [];
  const raw: number[] = [];
  const allSeeds = [...new Set([...mine.keys(), ...base.keys()])].sort((a, b) => a - b);
  for (const seed of allSeeds) {
    const a = mine.get(seed);
    const b = base.get(seed);
    if (!a || !b) {
      dropped.unpaired.push(seed);
      continue;
    }
    if (metric === 'accuracy') {
      if (a.finalAccuracy === null || b.finalAccuracy === null) dropped.diverged.push(seed);
      else {
        seeds.push(seed);
        raw.push(a.finalAccuracy - b.finalAccuracy);
      }
    } else if (a.epochsTo90 === null || b.epochsTo90 === null) {
      if (a.epochsTo90 === null && b.epochsTo90 === null) dropped.neverBoth.push(seed);
      else if (a.epochsTo90 === null) dropped.neverActivation.push(seed);
      else dropped.neverBaseline.push(seed);
    } else {
      seeds.push(seed);
      raw.push(a.epochsTo90 - b.epochsTo90);
    }
  }
  const differences = canonicalDifferences(raw);
  const n = differences.length;
  const note = droppedNote(metric, activation, baseline, dropped);
  const empty = { seeds, differences, n, dropped, t: null, bootstrap: null, wilcoxon: null, note };
  if (n === 0) return { ...empty, mean: null, verdict: 'no paired seeds' };
  if (n === 1) return { ...empty, mean: differences[0]!, verdict: 'one seed: no statistics' };
  const t = tInterval(differences, stats.level, 'differences');
  const boot = bootstrapInterval(differences, stats, 'differences');
  const w = wilcoxonSignedRank(differences);
  return {
    ...empty,
    mean: t.mean,
    t: { low: t.low, high: t.high },
    bootstrap: { low: boot.low, high: boot.high },
    wilcoxon: { statistic: w.statistic, pValue: w.pValue, method: w.method, zeros: w.zeros, ties: w.ties, z: w.z },
    verdict: verdict(metric, baseline, t.mean, t.low, t.high, stats.level),
  };
}

/** A difference for a sentence: one decimal, or two significant digits when that would show 0.0. */
export function amountText(x: number): string {
  const fixed = Math.abs(x).toFixed(1);
  return fixed === '0.0' && x !== 0 ? Number(Math.abs(x).toPrecision(2)).toString() : fixed;
}

/** The plain verdict from the t interval: no evidence of a difference when it holds 0. */
function verdict(metric: Metric, baseline: string, mean: number, low: number, high: number, level: number): string {
  if (low <= 0 && high >= 0) return 'no evidence of a difference';
  const scale = metric === 'accuracy' ? 100 : 1;
  const [a, b] = mean > 0 ? [low, high] : [-high, -low];
  const ci = `(${levelText(level)} CI ${amountText(a * scale)} to ${amountText(b * scale)})`;
  if (metric === 'accuracy') return `${mean > 0 ? 'better' : 'worse'} than ${baseline} by ${amountText(mean * scale)} points ${ci}`;
  // Fewer epochs to 90% is better.
  return `reaches 90% ${amountText(Math.abs(mean))} epochs ${mean < 0 ? 'sooner' : 'later'} than ${baseline} ${ci}`;
}

/** 0.95 → "95%", 0.999 → "99.9%". */
export function levelText(level: number): string {
  return `${Number((100 * level).toPrecision(12))}%`;
}

const seedList = (seeds: number[]) => `${seeds.length === 1 ? 'seed' : 'seeds'} ${seeds.join(', ')}`;

function droppedNote(metric: Metric, activation: string, baseline: string, d: PairedDropped): string {
  const parts: string[] = [];
  if (d.unpaired.length > 0) parts.push(`${seedList(d.unpaired)} run for only one of the two`);
  if (metric === 'accuracy' && d.diverged.length > 0) parts.push(`${seedList(d.diverged)} diverged`);
  if (d.neverActivation.length > 0) parts.push(`${activation} never reached 90% with ${seedList(d.neverActivation)}`);
  if (d.neverBaseline.length > 0) parts.push(`${baseline} never reached 90% with ${seedList(d.neverBaseline)}`);
  if (d.neverBoth.length > 0) parts.push(`neither reached 90% with ${seedList(d.neverBoth)}`);
  return parts.length === 0 ? '' : `left out: ${parts.join('; ')}`;
}

// ── The plain-text table ─────────────────────────────────────────────────────────────────────────

const signed = (x: number, digits: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(digits)}`;
const intervalText = (i: PairedInterval | null, scale: number, digits: number) =>
  i === null ? '—' : `${signed(i.low * scale, digits)} to ${signed(i.high * scale, digits)}`;

/** A p-value for the table: 3 significant digits (down to 1e-4, then "<0.0001"), and how it was computed. */
export function pValueText(w: PairedDifference['wilcoxon']): string {
  if (w === null || w.pValue === null) return '—';
  const p = w.pValue < 1e-4 ? '<0.0001' : Number(w.pValue.toPrecision(3)).toString();
  return `${p} ${w.method === 'exact' ? 'exact' : 'normal'}`;
}

/** The paired tables' alignment: numbers right-aligned, the activation and the verdict (the last of `columns`) left. */
const numberColumn = (columns: number) => (c: number) => c > 0 && c < columns - 1;

/**
 * The comparison as aligned plain text: a heading, then final accuracy (differences in percentage
 * points) and epochs to 90% (differences in epochs), one row per activation, then the notes.
 */
export function pairedTable(comparison: PairedComparison): string {
  const { baseline, level } = comparison;
  const pct = levelText(level);
  const rule = comparison.baselineRule === 'given' ? 'the baseline asked for' : 'the best mean final accuracy';
  const heading =
    `Paired by seed against ${baseline} (${rule}): mean difference, ${pct} t and bootstrap intervals ` +
    `(${comparison.bootstrap.resamples} resamples, seed ${comparison.bootstrap.seed}), Wilcoxon signed-rank p (two-sided).`;
  const accuracyRows = comparison.rows.map((r) => {
    const d = r.accuracy;
    const mean = r.meanFinalAccuracy === null ? '—' : `${(100 * r.meanFinalAccuracy).toFixed(1)}%`;
    if (!d) return [r.activation, mean, '—', '—', '—', '—', '—', 'baseline'];
    return [
      r.activation,
      mean,
      String(d.n),
      d.mean === null ? '—' : signed(100 * d.mean, 1),
      intervalText(d.t, 100, 1),
      intervalText(d.bootstrap, 100, 1),
      pValueText(d.wilcoxon),
      d.verdict,
    ];
  });
  const epochRows = comparison.rows.map((r) => {
    const s = r.epochsTo90;
    const median = s.median === null ? '—' : String(s.median);
    const iqr = s.q1 === null ? '—' : `${s.q1}–${s.q3}`;
    const d = r.epochs;
    if (!d) return [r.activation, median, iqr, String(s.never), '—', '—', '—', '—', '—', 'baseline'];
    return [
      r.activation,
      median,
      iqr,
      String(s.never),
      String(d.n),
      d.mean === null ? '—' : signed(d.mean, 1),
      intervalText(d.t, 1, 1),
      intervalText(d.bootstrap, 1, 1),
      pValueText(d.wilcoxon),
      d.verdict,
    ];
  });
  const notes: string[] = [];
  for (const r of comparison.rows) {
    if (r.diverged.length > 0) {
      notes.push(
        `* ${r.activation}: ${seedList(r.diverged)} diverged: left out of the accuracy statistics, counted as never reaching 90%.`,
      );
    }
    if (r.accuracy?.note) notes.push(`* ${r.activation}, accuracy: ${r.accuracy.note}.`);
    if (r.epochs?.note) notes.push(`* ${r.activation}, epochs to 90%: ${r.epochs.note}.`);
  }
  return [
    heading,
    '',
    ...alignedTable(
      ['activation', 'accuracy', 'pairs', 'Δ points', `t ${pct} CI`, `bootstrap ${pct} CI`, 'Wilcoxon p', 'verdict'],
      accuracyRows,
      { right: numberColumn(8) },
    ),
    '',
    ...alignedTable(
      ['activation', '≥90% median', 'IQR', 'never', 'pairs', 'Δ epochs', `t ${pct} CI`, `bootstrap ${pct} CI`, 'Wilcoxon p', 'verdict'],
      epochRows,
      { right: numberColumn(10) },
    ),
    ...(notes.length > 0 ? ['', ...notes] : []),
  ].join('\n');
}
