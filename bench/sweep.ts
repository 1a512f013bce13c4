// Suite "sweep": a sweep that should use the cores — every registered activation × 10 seeds
// (24 × 10 = 240 tutorial runs of 300 epochs) on one thread against two (this thread plus one
// worker, as `actlab sweep --workers 2` runs it), each round a fresh pool with a fresh worker,
// rounds interleaved; and PyTorch's time for the same runs, extrapolated from its per-run time
// measured in this bench run, when a Python with torch is installed.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { threadsExecutor } from '../src/compare/pool.js';
import { activationNames, inlineExecutor, loadCore, type RunResult } from '../src/index.js';
import { resolveSweep } from '../src/sweep/config.js';
import { jobLabel, sweepJobs } from '../src/sweep/jobs.js';
import { datasetOf, runJobOf } from '../src/sweep/spec.js';
import { ROOT, type SuiteReport } from './harness.js';
import { findPython, runTorchStudy } from './peers/pytorch.js';
import { initialStateDict, STUDY } from './study.js';
import { duration, num, type Table, times } from './table.js';

export interface SweepBenchOptions {
  /** Timed rounds; each trains the sweep once on one thread and once on `threads`. */
  rounds: number;
  threads: number;
  /** Epochs per PyTorch run (of the tutorial's 5 activations), extrapolated to 300. */
  torchEpochs: number;
}

export const SWEEP_SEEDS = 10;
/** The targets: the 240 runs in ≤ 5 s on 2 threads, ≥ 1.8× one thread. */
export const SWEEP_TARGET_MS = 5000;
export const SWEEP_TARGET_SPEEDUP = 1.8;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function runSweepBench(options: SweepBenchOptions): Promise<SuiteReport> {
  // The CLI's bundled worker (what `actlab sweep` starts): from source each worker would also
  // register tsx and compile TypeScript, which no user's worker does.
  const { bundleCli } = (await import(fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)))) as {
    bundleCli: () => Promise<boolean>;
  };
  await bundleCli();
  const workerScript = new URL('build/cli/worker.js', `file://${ROOT}`);
  const startWorker = () => new Worker(workerScript);

  const plan = resolveSweep({ activations: activationNames(), seeds: SWEEP_SEEDS });
  const jobs = sweepJobs(plan).map((job, index) => runJobOf(job.spec, index, jobLabel(job)));
  const data = datasetOf(plan.dataset);
  const core = await loadCore();
  const noop = () => {};
  const activations = plan.cells.length;

  // Warm-up: every activation once (the kernels' code tiers up to TurboFan in this process).
  const warmJobs = resolveSweep({ activations: activationNames(), seeds: 1 });
  await inlineExecutor(core)(
    sweepJobs(warmJobs).map((job, index) => runJobOf(job.spec, index, jobLabel(job))),
    data,
    noop,
  );

  const one: number[] = [];
  const many: number[] = [];
  let reference: RunResult[] | undefined;
  let same = true;
  console.log(`sweep: ${jobs.length} runs, ${options.rounds} rounds of 1 thread then ${options.threads}`);
  for (let round = 0; round < options.rounds; round++) {
    let started = performance.now();
    const inline = await inlineExecutor(core)(jobs, data, noop);
    one.push(performance.now() - started);
    started = performance.now();
    const pooled = await threadsExecutor(core, options.threads, core.backend, { startWorker })(jobs, data, noop);
    many.push(performance.now() - started);
    reference ??= inline;
    // Same bits on any number of threads: the final accuracy and weights of every run.
    for (const runs of [inline, pooled]) {
      runs.forEach((run, i) => {
        const twin = reference![i]!;
        if (run.history.accuracy.at(-1) !== twin.history.accuracy.at(-1) || JSON.stringify(run.final) !== JSON.stringify(twin.final))
          same = false;
      });
    }
    console.log(`  round ${round + 1}: 1 thread ${one.at(-1)!.toFixed(0)} ms, ${options.threads} threads ${many.at(-1)!.toFixed(0)} ms`);
  }
  const ratios = one.map((ms, i) => ms / many[i]!);
  const oneMs = median(one);
  const manyMs = median(many);
  const speedup = median(ratios);

  // PyTorch: the tutorial's 5 activations (the peer script's), torchEpochs each, in its own process.
  const python = findPython();
  let torch: { version: string; perRunMs: number; sweepMs: number; epochs: number; runs: number } | undefined;
  if (python) {
    console.log(`sweep: PyTorch (${python}), ${STUDY.activations.length} runs × ${options.torchEpochs} epochs`);
    const result = runTorchStudy(python, {
      activations: STUDY.activations,
      layers: STUDY.layers,
      epochs: options.torchEpochs,
      batchSize: STUDY.batchSize,
      lr: STUDY.lr,
      samples: STUDY.samples,
      init: initialStateDict(core),
    });
    const perRunMs = (result.ms / result.runs.length) * (STUDY.epochs / result.epochs);
    torch = { version: result.torch, perRunMs, sweepMs: perRunMs * jobs.length, epochs: result.epochs, runs: result.runs.length };
  } else {
    console.log('sweep: PyTorch is not installed (no /usr/bin/python3 or python3 imports torch and sklearn): its column is skipped');
  }

  const rows: string[][] = [
    ['actlab, 1 thread (inlineExecutor)', '1', duration(Math.min(...one)), duration(oneMs), num(oneMs / jobs.length, 3), '1×'],
    [
      `actlab, ${options.threads} threads (threadsExecutor: this + ${options.threads - 1} worker)`,
      String(options.threads),
      duration(Math.min(...many)),
      duration(manyMs),
      num(manyMs / jobs.length, 3),
      `${times(speedup)} faster`,
    ],
  ];
  if (torch) {
    rows.push([
      `PyTorch ${torch.version} eager (1 thread), extrapolated`,
      '1',
      '',
      `≈ ${duration(torch.sweepMs)}`,
      `≈ ${num(torch.perRunMs, 4)}`,
      `${times(torch.sweepMs / manyMs)} slower than ${options.threads} threads`,
    ]);
  }
  const table: Table = {
    title: `Sweep: ${activations} activations × ${SWEEP_SEEDS} seeds = ${jobs.length} tutorial runs (300 epochs each), 1 vs ${options.threads} threads`,
    columns: ['run', 'threads', 'min', 'median', 'ms per run', 'vs 1 thread'],
    rows,
    notes: [
      `${options.rounds} rounds, one thread then ${options.threads} threads in each; the speed-up is the median of the rounds' paired ratios (${ratios.map((r) => times(r)).join(', ')})`,
      `each ${options.threads}-thread round starts a fresh pool of the CLI's bundled worker (build/cli/worker.js), which instantiates the module this thread compiled; start-up included`,
      `every run gave the same final accuracy and weights on 1 and ${options.threads} threads: ${same ? 'yes' : 'NO'}`,
      'this process had trained every activation once before the first round (warm code, as after the first few runs of a sweep)',
      torch
        ? `PyTorch: ${torch.runs} runs (the tutorial's activations) × ${torch.epochs} epochs measured in this bench run, ${num(torch.perRunMs, 4)} ms per 300-epoch run (×${num(STUDY.epochs / torch.epochs, 3)}), × ${jobs.length} runs`
        : 'PyTorch: not installed on this machine, so no PyTorch time is shown',
    ],
  };
  return {
    suite: 'sweep',
    tables: [table],
    data: {
      runs: jobs.length,
      threads: options.threads,
      oneMs,
      manyMs,
      speedup,
      one,
      many,
      ratios,
      sameBits: same,
      ...(torch ? { torch } : {}),
    },
  };
}
