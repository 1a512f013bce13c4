// `actlab sweep SWEEP.json`: the cross product of the sweep's axes × seeds on compare's thread
// pool, each run appended to results.jsonl as it ends (runs already there are skipped, so a
// rerun resumes), then a table per cell (summary.txt) and a heat map (heatmap.svg / .png).

import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { threadsExecutor } from '../compare/pool.js';
import { threadsWorthStarting } from '../compare/threads.js';
import type { RunResult } from '../compare/types.js';
import { type Backend, type Core, loadCore } from '../core/load.js';
import { checkPlan } from '../core/memory.js';
import { jsonText } from '../json.js';
import { parseSpecText } from '../spec/spec.js';
import { describeCell, parseHeatmapAxes, resolveSweep, runCount, type SweepPlan } from '../sweep/config.js';
import { dropUnfinishedLine, LineAppender, readResults, readTextFile, writePlan } from '../sweep/files.js';
import { compareGridSweep, parseGrid } from '../sweep/grid.js';
import { sweepHeatmapSpec } from '../sweep/heatmap.js';
import { jobLabel, type SweepJob, sweepJobs } from '../sweep/jobs.js';
import { resultLine } from '../sweep/line.js';
import { datasetOf, runJobOf } from '../sweep/spec.js';
import { type CellSummary, summarizeSweep, sweepTable } from '../sweep/summary.js';
import { modelPart, trainingParts } from '../train/plan.js';
import type { History } from '../train/train.js';
import { InputError } from '../validate.js';
import { type CompareFlags, parseCompareFlags } from './compare-options.js';
import type { CliIo } from './io.js';
import { integerFlag } from './options.js';

export { SWEEP_HELP_EXAMPLE } from './sweep-program.js';

export interface SweepFlags {
  out: string;
  workers?: string;
  plan?: string;
  results?: string;
  heatmap?: string;
  figure: boolean;
  json?: boolean;
  quiet?: boolean;
  backend: Backend | 'auto';
}

/** The files a sweep writes into --out, besides results.jsonl. */
export const SWEEP_FILES = {
  results: 'results.jsonl',
  table: 'summary.txt',
  json: 'summary.json',
  svg: 'heatmap.svg',
  png: 'heatmap.png',
} as const;

/** Reads and resolves SWEEP.json, with --heatmap in place of its `heatmap` when given. */
export function readSweepFile(path: string, heatmap?: string): SweepPlan {
  const plan = resolveSweep(parseSpecText(readTextFile(path, 'SWEEP'), `SWEEP ${path}`));
  return heatmap === undefined ? plan : { ...plan, heatmap: parseHeatmapAxes(heatmap) };
}

/** `actlab sweep`: see the file comment. */
export async function sweepCommand(path: string, flags: SweepFlags, io: CliIo): Promise<void> {
  await runSweep(readSweepFile(path, flags.heatmap), flags, io);
}

/** Compare's flags that a sweep has no axis or setting for. */
const NOT_WITH_GRID = [
  '--data',
  '--max-rows',
  '--max-line-bytes',
  '--validation-split',
  '--validation-data',
  '--torch-seed',
  '--telemetry',
  '--histogram-epochs',
];

/**
 * `actlab compare --grid key=v1,v2 ...`: the sweep compare's flags describe, each --grid an axis,
 * run as `actlab sweep` runs one (into --out, default "sweep"; --no-report draws no heat map).
 */
export async function compareGridCommand(flags: CompareFlags, given: (flag: string) => boolean, io: CliIo): Promise<void> {
  const grid = parseGrid(flags.grid ?? []);
  for (const flag of NOT_WITH_GRID) {
    if (given(flag))
      throw new InputError(
        flag,
        'given',
        'cannot be combined with --grid (a sweep trains on a generated data set, without held-out rows or PyTorch seeds)',
      );
  }
  const settings = parseCompareFlags(flags, given);
  const plan = compareGridSweep({ ...settings.study, data: settings.data }, grid, flags.layers);
  await runSweep(
    plan,
    {
      out: given('--out') ? flags.out : 'sweep',
      // Given, it is taken as is; else the runs decide, as in compare (threadsWorthStarting).
      ...(flags.workers === undefined ? {} : { workers: String(settings.workers) }),
      figure: flags.report,
      ...(flags.json ? { json: true } : {}),
      ...(flags.quiet ? { quiet: true } : {}),
      backend: flags.backend as Backend | 'auto',
    },
    io,
  );
}

/** Runs a resolved sweep: the plan file with --plan, else the runs not yet in the results, the table and the heat map. */
export async function runSweep(plan: SweepPlan, flags: SweepFlags, io: CliIo): Promise<void> {
  const workers = flags.workers === undefined ? undefined : integerFlag('--workers', flags.workers, 1, 256);
  const jobs = sweepJobs(plan);
  const status = flags.json !== true && flags.quiet !== true;
  const say = (line = '') => {
    if (status) io.out(`${line}\n`);
  };

  if (flags.plan !== undefined) {
    writePlan(flags.plan, jobs);
    if (flags.json) io.out(`${jsonText({ plan: flags.plan, jobs: jobs.length })}\n`);
    say(
      `Wrote ${jobs.length} jobs to ${flags.plan}: run each with actlab run-job --plan ${flags.plan} --index K (K = 0..${jobs.length - 1}).`,
    );
    return;
  }

  prepareFolder(flags.out);
  const resultsPath = flags.results ?? join(flags.out, SWEEP_FILES.results);
  const read = readResults(resultsPath);
  const histories = new Map<string, History>();
  const ours = new Set(jobs.map((j) => j.key));
  for (const [key, record] of read.records) if (ours.has(key)) histories.set(key, record.history);
  const pending = jobs.filter((job) => !histories.has(job.key));

  say(
    `Sweep${plan.name ? ` ${plan.name}` : ''}: ${plan.cells.length} cells × ${plan.seeds} seed${plan.seeds === 1 ? '' : 's'} = ${runCount(plan)} runs ` +
      `on ${plan.dataset.name} (${plan.dataset.samples} samples, noise ${plan.dataset.noise}, seed ${plan.dataset.seed}), ${plan.epochs} epochs, batch ${plan.batchSize}.`,
  );
  if (read.tailBytes > 0)
    say(`The last line of ${resultsPath} was unfinished (${read.tailBytes} bytes): it was cut off, and its run is trained again.`);
  const others = read.records.size - (jobs.length - pending.length);
  if (jobs.length > pending.length || others > 0) {
    say(
      `${jobs.length - pending.length} of ${jobs.length} runs are already in ${resultsPath}${others > 0 ? ` (and ${others} of other sweeps, left as they are)` : ''}; ` +
        `${pending.length} to train.`,
    );
  }
  dropUnfinishedLine(resultsPath, read);

  let trainedMs = 0;
  let threads = 1;
  let failure: unknown;
  if (pending.length > 0) {
    try {
      await train(plan, pending, histories, resultsPath, workers, flags, io, status, (ms, n) => {
        trainedMs = ms;
        threads = n;
      });
    } catch (error) {
      // Every run that completed is in the file; the table and the heat map show them.
      failure = error;
    }
  }

  const summaries = summarizeSweep(jobs, histories);
  const table = sweepTable(summaries);
  const written = await writeOutputs(plan, jobs, histories, summaries, table, flags, resultsPath);
  if (flags.json) {
    io.out(
      `${jsonText({ results: resultsPath, runs: jobs.length, trained: pending.length - (jobs.length - histories.size), skipped: jobs.length - pending.length, files: written, cells: summaries })}\n`,
    );
  } else {
    io.out(`\n${table}\n\n`);
  }
  if (failure) throw failure;
  if (pending.length > 0)
    say(
      `Trained ${pending.length} run${pending.length === 1 ? '' : 's'} in ${(trainedMs / 1000).toFixed(2)} s on ${threads} thread${threads > 1 ? 's' : ''}.`,
    );
  say(`Results: ${resultsPath}. Wrote ${written.map((f) => join(flags.out, f)).join(', ')}.`);
}

/** --out: made when missing; a file there is refused. */
function prepareFolder(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError('--out', out, 'must be a folder, not a file');
  try {
    mkdirSync(out, { recursive: true });
  } catch (error) {
    throw new InputError('--out', out, `cannot be made (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Every run that fits is checked before any trains: one too big for the Wasm memory is refused in one line, not after hours. */
function checkMemory(core: Core, plan: SweepPlan, samples: number, features: number): void {
  const fields = { layers: 'sweep.depths × sweep.widths', batchSize: 'sweep.batchSize', data: 'sweep.dataset.samples' };
  const seen = new Set<string>();
  for (const cell of plan.cells) {
    const key = `${cell.layers.join(',')}|${cell.activations.map((a) => a.spec.name).join(',')}|${cell.optimizer.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const shape = {
      layers: cell.layers,
      batchSize: plan.batchSize,
      nSamples: samples,
      nFeatures: features,
      optimizer: cell.optimizer,
      activations: cell.activations,
    };
    checkPlan(core, 'for one run (model and training)', [
      modelPart(cell.layers, fields, cell.activations),
      ...trainingParts(shape, fields),
    ]);
  }
}

/**
 * Trains the pending runs, appending each one's line the moment it ends; `trained` gets the
 * training's wall time, ms (loading the core and drawing the data aside), and the threads used.
 */
async function train(
  plan: SweepPlan,
  pending: SweepJob[],
  histories: Map<string, History>,
  resultsPath: string,
  workers: number | undefined,
  flags: SweepFlags,
  io: CliIo,
  status: boolean,
  trained: (ms: number, threads: number) => void,
): Promise<void> {
  const data = datasetOf(plan.dataset);
  const core = await loadCore({ backend: flags.backend });
  checkMemory(core, plan, data.nSamples, data.nFeatures);
  const appender = new LineAppender(resultsPath);
  const progress = status ? await progressOf(pending.length, plan.epochs, io) : undefined;
  let saved = 0;
  const jobs = pending.map((job, index) => runJobOf(job.spec, index, jobLabel(job)));
  // --workers n as given (one thread per run at most); by default the cores the runs pay for.
  const threads = workers === undefined ? threadsWorthStarting(jobs, data, availableParallelism()) : Math.min(workers, pending.length);
  const started = performance.now();
  // This thread and threads-1 worker threads, as compare's; each run is appended the moment it ends.
  const execute = threadsExecutor(core, threads, flags.backend, {
    onResult: (runJob, result: RunResult) => {
      const job = pending[runJob.index]!;
      appender.append(resultLine(job, result));
      histories.set(job.key, result.history);
      saved++;
      progress?.done(runJob.index);
    },
  });
  // Ctrl-C or SIGTERM: every finished run's line is already whole in the file; the rest are trained by the next run of the command.
  const onSignal = (signal: NodeJS.Signals) => {
    progress?.stop();
    appender.close();
    process.stderr.write(
      `actlab: interrupted: ${saved} of the ${pending.length} runs to train were saved to ${resultsPath}; run the same command again to go on from there.\n`,
    );
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await execute(jobs, data, (index, epochs) => progress?.epoch(index, epochs));
    trained(performance.now() - started, threads);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress?.stop();
    appender.close();
  }
}

/**
 * Progress over every epoch of every run, with an ETA: a cli-progress bar on a terminal, else a
 * line each time another tenth of the runs has finished.
 */
async function progressOf(runs: number, epochs: number, io: CliIo) {
  const done = new Array<number>(runs).fill(0);
  let total = 0;
  let finished = 0;
  const started = performance.now();
  const cliProgress = io.interactive ? (await import('cli-progress')).default : undefined;
  const bar = cliProgress
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'sweep [{bar}] {percentage}% | {runs}/{of} runs | ETA {eta_formatted}',
          fps: 10,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(runs * epochs, 0, { runs: 0, of: runs });
  let nextTenth = 1;
  let lastLine = started;
  const set = (index: number, epochsDone: number) => {
    const before = done[index]!;
    if (epochsDone <= before) return;
    total += epochsDone - before;
    done[index] = epochsDone;
  };
  return {
    epoch(index: number, epochsDone: number) {
      set(index, epochsDone);
      bar?.update(total, { runs: finished, of: runs });
    },
    done(index: number) {
      // A diverged run stops early: count its remaining epochs as done.
      set(index, epochs);
      finished++;
      bar?.update(total, { runs: finished, of: runs });
      // Off a terminal (a log): a line per tenth of the runs, at most one a second.
      if (!bar && finished * 10 >= nextTenth * runs && finished < runs && performance.now() - lastLine >= 1000) {
        while (finished * 10 >= nextTenth * runs) nextTenth++;
        lastLine = performance.now();
        const elapsed = (lastLine - started) / 1000;
        const eta = (elapsed / total) * (runs * epochs - total);
        io.out(`  ${finished}/${runs} runs, ${elapsed.toFixed(1)} s, about ${eta.toFixed(0)} s to go\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

/** Writes `text` beside `path` and renames it into place: a reader never sees half a file. */
function writeWhole(path: string, text: string | Uint8Array): void {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** summary.txt, summary.json and, unless --no-figure, the heat map; returns the names written. */
async function writeOutputs(
  plan: SweepPlan,
  jobs: SweepJob[],
  histories: Map<string, History>,
  summaries: CellSummary[],
  table: string,
  flags: SweepFlags,
  resultsPath: string,
): Promise<string[]> {
  const out = flags.out;
  const done = jobs.filter((job) => histories.has(job.key)).length;
  const header = `actlab sweep${plan.name ? ` ${plan.name}` : ''}: ${done} of ${jobs.length} runs in ${resultsPath}.`;
  writeWhole(join(out, SWEEP_FILES.table), `${header}\n\n${table}\n`);
  writeWhole(
    join(out, SWEEP_FILES.json),
    `${jsonText({ name: plan.name ?? null, results: resultsPath, runs: jobs.length, done, dataset: plan.dataset, epochs: plan.epochs, batchSize: plan.batchSize, seeds: plan.seeds, axes: plan.axes, cells: summaries.map((s) => ({ ...s, label: describeCell(s.settings) })) }, 1)}\n`,
  );
  const written: string[] = [SWEEP_FILES.table, SWEEP_FILES.json];
  if (flags.figure) {
    // Loaded only when drawn: vega and resvg take a while to import.
    const { renderSvg, svgToPngAsync } = await import('../report/render.js');
    const svg = await renderSvg(sweepHeatmapSpec(plan, jobs, histories));
    writeWhole(join(out, SWEEP_FILES.svg), svg);
    writeWhole(join(out, SWEEP_FILES.png), await svgToPngAsync(svg, 2));
    written.push(SWEEP_FILES.svg, SWEEP_FILES.png);
  }
  return written;
}
