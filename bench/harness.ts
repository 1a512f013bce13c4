// The timing harness shared by every suite: warm-up, then benny (Benchmark.js) for the timed
// cases; where results go (bench/results, git-ignored); the run's date stamp.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import b from 'benny';
import type { Table } from './table.js';

/** bench/results, absolute, so the suites work from any cwd. */
export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
/** The repository root. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** One stamp per process, so every file of one `npm run bench` shares it: 2025-11-30T11-42-07. */
export const STAMP = new Date().toISOString().slice(0, 19).replace(/:/g, '-');

export interface Case {
  name: string;
  /** One operation. Async cases are run one at a time, never overlapping (see serial()). */
  fn: () => unknown;
  /** fn returns a promise to wait for (detected for `async` functions). */
  async?: boolean;
  /** Calls before timing (V8 first runs Wasm in its baseline compiler). Default 300, bounded by warmupMs. */
  warmup?: number;
  /** Upper bound of the warm-up's wall time. Default 400 ms. */
  warmupMs?: number;
}

export interface TimingOptions {
  /** Benchmark.js: stop sampling after this many seconds once minSamples are in. */
  maxTime?: number;
  minSamples?: number;
  /** Benchmark.js: the least time of one sample (a loop of calls), seconds. */
  minTime?: number;
}

/**
 * Which sample statistic `Timing.ms` reports: the median (default; robust to outliers both
 * ways) or the best sample (contention on a shared machine only ever adds time, so the fastest
 * sample is the closest to the uncontended speed). `--stat best` on the command line.
 */
export type Statistic = 'median' | 'best';
let statistic: Statistic = 'median';
export function setStatistic(s: Statistic): void {
  statistic = s;
}
export function getStatistic(): Statistic {
  return statistic;
}
/** For table notes: "median of the samples" or "fastest of the samples". */
export function sampleLabel(): string {
  return statistic === 'best' ? 'fastest of the samples' : 'median of the samples';
}

export interface Timing {
  name: string;
  /** Time per operation by the chosen statistic (median or best sample), ms. */
  ms: number;
  /** Median and fastest samples' time per operation, ms. */
  medianMs: number;
  bestMs: number;
  /** Mean time per operation, ms. */
  meanMs: number;
  /** Relative margin of error of the mean at 95%, percent. */
  rme: number;
  samples: number;
}

/**
 * Warms every case up, then times them in one benny suite, saved as
 * bench/results/benny/<file>-<stamp>.json (benny's format, every sample included). Returns the
 * timings in the cases' order.
 */
export async function timeCases(title: string, file: string, cases: Case[], options: TimingOptions = {}): Promise<Timing[]> {
  for (const c of cases) await warmUp(c);
  const caseOptions = {
    maxTime: options.maxTime ?? 1,
    minSamples: options.minSamples ?? 5,
    ...(options.minTime ? { minTime: options.minTime } : {}),
  };
  const summary = await b.suite(
    title,
    b.configure({ minDisplayPrecision: 6 }),
    ...cases.map((c) => b.add(c.name, (c.async ?? isAsync(c.fn)) ? serial(c.fn as () => Promise<unknown>) : c.fn, caseOptions)),
    b.cycle((result) => {
      const show = (seconds: number) => (seconds < 1e-3 ? `${(seconds * 1e6).toFixed(2)} µs` : `${(seconds * 1e3).toFixed(3)} ms`);
      console.log(
        `  ${result.name}: ${show(result.details.median)} per op median, ${show(result.details.min)} best, of ${result.samples} samples (±${result.margin.toFixed(1)}%)`,
      );
    }),
    b.complete(() => {}),
    b.save({ file: `${file}-${STAMP}`, folder: RESULTS_DIR + 'benny', format: 'json', details: true }),
  );
  return cases.map((c) => {
    const r = summary.results.find((x) => x.name === c.name);
    if (!r?.completed) throw new Error(`benchmark case "${c.name}" did not complete`);
    const medianMs = r.details.median * 1000;
    const bestMs = r.details.min * 1000;
    return {
      name: c.name,
      ms: statistic === 'best' ? bestMs : medianMs,
      medianMs,
      bestMs,
      meanMs: r.details.mean * 1000,
      rme: r.details.relativeMarginOfError,
      samples: r.samples,
    };
  });
}

async function warmUp(c: Case): Promise<void> {
  const calls = c.warmup ?? 300;
  const until = performance.now() + (c.warmupMs ?? 400);
  for (let i = 0; i < calls; i++) {
    const out = c.fn();
    if (out instanceof Promise) await out;
    if (performance.now() > until) break;
  }
}

function isAsync(fn: () => unknown): boolean {
  return fn.constructor.name === 'AsyncFunction';
}

/**
 * benny probes a case by calling it before the suite starts, without awaiting the first call;
 * chaining the calls keeps an async case (a pool of workers, say) from overlapping itself.
 */
function serial(fn: () => Promise<unknown>): () => Promise<void> {
  let last: Promise<unknown> = Promise.resolve();
  return () => {
    const next = last.then(fn);
    last = next.catch(() => {});
    return next.then(() => {});
  };
}

/** Times one call of fn after `warmups` calls: for peers far too slow to sample repeatedly. */
export async function timeOnce(fn: () => unknown | Promise<unknown>, warmups = 0): Promise<number> {
  for (let i = 0; i < warmups; i++) await fn();
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** What a suite hands back: its tables (printed and pasted in docs) and its numbers (saved). */
export interface SuiteReport {
  suite: string;
  tables: Table[];
  data: Record<string, unknown>;
}

/** Writes bench/results/<suite>-<stamp>.json: the tables and every number behind them. */
export function saveReport(report: SuiteReport, machine: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}${report.suite}-${STAMP}.json`;
  writeFileSync(
    path,
    JSON.stringify({ suite: report.suite, date: new Date().toISOString(), machine, data: report.data, tables: report.tables }, null, 2) +
      '\n',
  );
  return path;
}
