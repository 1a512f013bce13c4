// `actlab sweep SWEEP.json`: the cross product of the sweep's axes × seeds on compare's thread
// pool, each run appended to results.jsonl as it ends (runs already there are skipped, so a
// rerun resumes), then a table per cell (summary.txt) and a heat map (heatmap.svg / .png).

import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command, Option } from 'commander';
import { threadsExecutor } from '../compare/pool.js';
import type { RunResult } from '../compare/types.js';
import { type Backend, type Core, loadCore } from '../core/load.js';
import { checkPlan } from '../core/memory.js';
import { jsonText } from '../json.js';
import { parseSpecText } from '../spec/spec.js';
import { describeCell, parseHeatmapAxes, resolveSweep, runCount, SWEEP_AXES, type SweepPlan } from '../sweep/config.js';
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
      workers: String(settings.workers),
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
  const workers = flags.workers === undefined ? availableParallelism() : integerFlag('--workers', flags.workers, 1, 256);
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
  let failure: unknown;
  if (pending.length > 0) {
    try {
      trainedMs = await train(plan, pending, histories, resultsPath, workers, flags, io, status);
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
      `Trained ${pending.length} run${pending.length === 1 ? '' : 's'} in ${(trainedMs / 1000).toFixed(2)} s on ${Math.min(workers, pending.length)} thread${workers > 1 && pending.length > 1 ? 's' : ''}.`,
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

/** Trains the pending runs, appending each one's line the moment it ends; resolves with the training's wall time, ms (loading the core and drawing the data aside). */
async function train(
  plan: SweepPlan,
  pending: SweepJob[],
  histories: Map<string, History>,
  resultsPath: string,
  workers: number,
  flags: SweepFlags,
  io: CliIo,
  status: boolean,
): Promise<number> {
  const data = datasetOf(plan.dataset);
  const core = await loadCore({ backend: flags.backend });
  checkMemory(core, plan, data.nSamples, data.nFeatures);
  const appender = new LineAppender(resultsPath);
  const progress = status ? progressOf(pending.length, plan.epochs, io) : undefined;
  let saved = 0;
  const started = performance.now();
  // This thread and workers-1 worker threads, as compare's; each run is appended the moment it ends.
  const execute = threadsExecutor(core, Math.min(workers, pending.length), flags.backend, {
    onResult: (runJob, result: RunResult) => {
      const job = pending[runJob.index]!;
      appender.append(resultLine(job, result));
      histories.set(job.key, result.history);
      saved++;
      progress?.done(runJob.index);
    },
  });
  const jobs = pending.map((job, index) => runJobOf(job.spec, index, jobLabel(job)));
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
    return performance.now() - started;
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
function progressOf(runs: number, epochs: number, io: CliIo) {
  const done = new Array<number>(runs).fill(0);
  let total = 0;
  let finished = 0;
  const started = performance.now();
  const bar = io.interactive
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

/** The sweep `actlab sweep --help` shows (tests/sweep.test.ts resolves it). */
export const SWEEP_HELP_EXAMPLE = {
  activations: ['relu', { name: 'leaky_relu', options: { negativeSlope: 0.2 } }, ['relu', 'tanh', 'relu', 'tanh']],
  initialisers: [{}, { weight: 'xavier_uniform', bias: 'zeros' }],
  optimizers: [{ name: 'adam' }, { name: 'sgd', momentum: 0.9 }],
  lrs: [1e-3, 1e-2],
  depths: [4],
  widths: [5, 8],
  seeds: 3,
  epochs: 300,
  batchSize: 32,
  dataset: { name: 'circles', samples: 1000, noise: 0.1, seed: 42 },
  heatmap: { x: 'lr', y: 'activation' },
};

/** One key per line, each value on one line: a sweep readable in help text. */
function helpJson(value: Record<string, unknown>): string {
  const lines = Object.entries(value).map(
    ([key, v]) => `   ${JSON.stringify(key)}: ${JSON.stringify(v).replace(/([,:])(?=[[{"\w])/g, '$1 ')}`,
  );
  return `  {\n${lines.join(',\n')}\n  }`;
}

/** Adds `actlab sweep` to the program. */
export function registerSweepCommand(program: Command, io: CliIo, backendOption: () => Option): void {
  program
    .command('sweep')
    .description('Train the cross product of a sweep file’s axes × seeds, resumably: results.jsonl, a table per cell and a heat map.')
    .argument('<sweep>', 'path of the sweep JSON file (see below and examples/sweep.json)')
    .option('--out <dir>', 'folder for results.jsonl, summary.txt, summary.json, heatmap.svg and heatmap.png', 'sweep')
    .option('--results <file.jsonl>', 'the results file to resume from and append to (default: <out>/results.jsonl)')
    .option('--plan <jobs.jsonl>', 'write the job list, one job per line, and exit without training (for actlab run-job)')
    .option(
      '--workers <n>',
      'threads that train: this one plus n-1 worker threads (default: the number of cores); results are identical for any n',
    )
    .option(
      '--heatmap <x,y>',
      `the heat map's axes, x first (${SWEEP_AXES.join(', ')}); default the sweep's "heatmap", else the first two that vary`,
    )
    .option('--no-figure', 'write no heat map (no vega or resvg is loaded)')
    .option('--json', 'print only {"results","runs","trained","skipped","files","cells"} as JSON on stdout')
    .option('--quiet', 'no progress and no status lines (the table still prints)')
    .addOption(backendOption())
    .addHelpText(
      'after',
      `
SWEEP.json (every key optional; the tutorial's setting for any left out), e.g.
${helpJson(SWEEP_HELP_EXAMPLE)}
Runs: every activation × initialiser × optimizer × lr × depth × width, seeds 0..seeds-1 each.
results.jsonl gets one line per run as it ends (its spec, the data set's settings and its
history); runs already in it are skipped, so the same command resumes an interrupted sweep.
Scale out over machines with --plan and actlab run-job (docs/scale-out.md).

Example:
  actlab sweep examples/sweep.json --out sweep`,
    )
    .action((path: string, flags: SweepFlags) => sweepCommand(path, flags, io));
}
