// Suite "e2e": the tutorial's study, training only — on one thread (SIMD and scalar builds), with
// a pool of workers, at growing data sizes, and as the whole `npm run compare -- --no-report`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { poolExecutor, WorkerPool, workerExecutor } from '../src/compare/pool.js';
import { inlineExecutor, loadCore, runStudy } from '../src/index.js';
import { ROOT, type SuiteReport, sampleLabel, timeCases } from './harness.js';
import { circles, STUDY, studyConfig, studySteps, trainStudy } from './study.js';
import { duration, num, relative, type Table, times } from './table.js';

export interface E2eOptions {
  /** Data set sizes of the scaling table. */
  samples: number[];
  /** Train 300 epochs at every size instead of ~1.5M epoch-samples per size. */
  fullScaling: boolean;
  workers: number;
  /** Also time `npm run compare -- --no-report` as a child process. */
  cli: boolean;
}

/** Epochs timed at n samples: the whole study up to 1,000 samples, then the same epoch-samples (300 × 1,000). */
export function scalingEpochs(n: number, full: boolean): number {
  return full ? STUDY.epochs : Math.max(1, Math.min(STUDY.epochs, Math.round((STUDY.epochs * STUDY.samples) / n)));
}

export async function runE2e(options: E2eOptions): Promise<SuiteReport> {
  const simd = await loadCore({ backend: 'simd' });
  const scalar = await loadCore({ backend: 'scalar' });
  const data = circles();
  const steps = studySteps(data.nSamples);

  // ---- one thread, both builds --------------------------------------------------------------
  const [tSimd, tScalar] = await timeCases(
    'e2e: the study on one thread',
    'e2e-study',
    [
      { name: 'study, SIMD, 1 thread', fn: () => trainStudy(simd, data), warmup: 3, warmupMs: 1500 },
      { name: 'study, scalar, 1 thread', fn: () => trainStudy(scalar, data), warmup: 1 },
    ],
    { maxTime: 1.5, minSamples: 4 },
  );

  // ---- a pool of workers vs one thread, through runStudy --------------------------------------
  const config = studyConfig(data);
  const startupConfig = studyConfig(data, 0);
  // A warm pool measures the parallel speed-up itself; a fresh pool per study adds the start-up.
  const warm = new WorkerPool(options.workers, 'simd');
  await warm.ready;
  const [tInline, tPool, tStartup, tWarm] = await timeCases(
    `e2e: runStudy, 1 thread vs ${options.workers} workers`,
    'e2e-workers',
    [
      {
        name: 'runStudy, inlineExecutor',
        fn: async () => runStudy(config, data, { executor: inlineExecutor(simd), core: simd }),
        async: true,
        warmup: 2,
      },
      {
        name: `runStudy, workerExecutor(${options.workers})`,
        fn: async () => runStudy(config, data, { executor: workerExecutor(options.workers, 'simd'), core: simd }),
        async: true,
        warmup: 1,
      },
      {
        name: `runStudy, workerExecutor(${options.workers}), 0 epochs`,
        fn: async () => runStudy(startupConfig, data, { executor: workerExecutor(options.workers, 'simd'), core: simd }),
        async: true,
        warmup: 1,
      },
      {
        name: `runStudy, warm WorkerPool(${options.workers})`,
        fn: async () => runStudy(config, data, { executor: poolExecutor(warm), core: simd }),
        async: true,
        warmup: 2,
      },
    ],
    { maxTime: 1, minSamples: 4 },
  );
  await warm.close();

  // ---- scaling with the data size --------------------------------------------------------------
  const sets = options.samples.map((n) => ({
    n,
    epochs: scalingEpochs(n, options.fullScaling),
    data: n === data.nSamples ? data : circles(n),
  }));
  const tScaling = await timeCases(
    'e2e: the study at growing data sizes (SIMD, 1 thread)',
    'e2e-scaling',
    sets.map((s) => ({
      name: `${s.n} samples, ${s.epochs} epochs`,
      fn: () => trainStudy(simd, s.data, s.epochs),
      warmup: 1,
    })),
    { maxTime: 1, minSamples: 4 },
  );
  const scaling = sets.map((s, i) => {
    const ms = tScaling[i]!.ms;
    const epochSamples = STUDY.activations.length * s.epochs * s.n;
    return {
      samples: s.n,
      epochs: s.epochs,
      ms,
      nsPerEpochSample: (ms * 1e6) / epochSamples,
      studyMs: (ms * STUDY.epochs) / s.epochs,
      rme: tScaling[i]!.rme,
    };
  });
  const base = scaling[0]!.nsPerEpochSample;

  // ---- the whole command ----------------------------------------------------------------------
  const cli = options.cli ? timeCli() : undefined;

  const study = {
    simdMs: tSimd!.ms,
    scalarMs: tScalar!.ms,
    steps,
    usPerStepSimd: (tSimd!.ms * 1000) / steps,
    usPerStepScalar: (tScalar!.ms * 1000) / steps,
    simdOverScalar: tScalar!.ms / tSimd!.ms,
  };
  const pool = {
    workers: options.workers,
    inlineMs: tInline!.ms,
    poolMs: tPool!.ms,
    startupMs: tStartup!.ms,
    speedup: tInline!.ms / tPool!.ms,
    speedupExStartup: tInline!.ms / Math.max(1e-9, tPool!.ms - tStartup!.ms),
    warmMs: tWarm!.ms,
    warmSpeedup: tInline!.ms / tWarm!.ms,
  };
  const tables: Table[] = [
    {
      title: `The study: 5 activations × ${STUDY.epochs} epochs × ${Math.ceil(data.nSamples / STUDY.batchSize)} batches of ${STUDY.batchSize}, 2→5→5→5→5→1, Adam, telemetry on`,
      columns: ['run', 'total', 'µs per step', 'vs SIMD 1 thread'],
      rows: [
        ['SIMD, 1 thread (sequential train)', duration(study.simdMs), num(study.usPerStepSimd, 3), '1×'],
        ['scalar build, 1 thread', duration(study.scalarMs), num(study.usPerStepScalar, 3), relative(study.scalarMs, study.simdMs)],
        [
          'runStudy, 1 thread (inlineExecutor)',
          duration(pool.inlineMs),
          num((pool.inlineMs * 1000) / steps, 3),
          relative(pool.inlineMs, study.simdMs),
        ],
        [
          `runStudy, ${pool.workers} workers (workerExecutor)`,
          duration(pool.poolMs),
          num((pool.poolMs * 1000) / steps, 3),
          relative(pool.poolMs, study.simdMs),
        ],
        [`  of which worker start-up (same, 0 epochs)`, duration(pool.startupMs), '', ''],
        [
          `runStudy, ${pool.workers} warm workers (WorkerPool reused)`,
          duration(pool.warmMs),
          num((pool.warmMs * 1000) / steps, 3),
          relative(pool.warmMs, study.simdMs),
        ],
      ],
      notes: [
        `steps = 5 × ${STUDY.epochs} × ${Math.ceil(data.nSamples / STUDY.batchSize)} = ${steps.toLocaleString('en-US')}; µs per step includes each epoch's whole-set evaluation and the per-layer mean |grad| telemetry`,
        `SIMD/scalar on the narrow network: ${times(study.simdOverScalar)}`,
        `${pool.workers} workers vs 1 thread through runStudy: ${times(pool.speedup)} with fresh workers (${exStartup(pool)}), ${times(pool.warmSpeedup)} with warm ones; runStudy also builds the boundary grids on the main thread`,
        `${sampleLabel()}; each pooled run starts fresh workers, as \`actlab compare\` does; from source, each worker also registers tsx and compiles the TypeScript it imports (the bundled CLI's workers do not)`,
      ],
    },
    {
      title: 'Scaling with the data size (SIMD, 1 thread)',
      columns: ['samples', 'epochs timed', 'time', 'ns per epoch-sample', 'vs first', 'study at 300 epochs'],
      rows: scaling.map((s) => [
        s.samples.toLocaleString('en-US'),
        String(s.epochs),
        duration(s.ms),
        num(s.nsPerEpochSample, 3),
        times(s.nsPerEpochSample / base),
        s.epochs === STUDY.epochs ? duration(s.studyMs) : `≈ ${duration(s.studyMs)} (extrapolated)`,
      ]),
      notes: [
        'epoch-samples = 5 runs × epochs × samples; linear scaling keeps ns per epoch-sample flat',
        ...(options.fullScaling
          ? []
          : [
              'larger sets train fewer epochs (the same 1.5M epoch-samples as the study) and the 300-epoch study is extrapolated linearly; --full-scaling trains all 300',
            ]),
      ],
    },
  ];
  if (cli) {
    tables.push({
      title: 'The whole command, as a child process (wall time, median of 3)',
      columns: ['command', 'wall time', 'training (printed)'],
      rows: cli.map((c) => [c.command, duration(c.ms), c.trainedMs !== undefined ? duration(c.trainedMs) : '—']),
      notes: [
        'includes process start, the build freshness checks, loading the kernels and starting the workers (all cores); "training" is the time the CLI prints',
      ],
    });
  }
  return { suite: 'e2e', tables, data: { study, pool, scaling, cli } };
}

/** "1.6× without the worker start-up", unless the subtraction of two noisy times gives more than the workers can. */
export function exStartup(pool: { workers: number; speedupExStartup: number }): string {
  return pool.speedupExStartup <= pool.workers * 1.05
    ? `${times(pool.speedupExStartup)} without the worker start-up`
    : `the start-up is too noisy to subtract: it would leave ${times(pool.speedupExStartup)}, more than ${pool.workers} workers can give`;
}

interface CliTiming {
  command: string;
  ms: number;
  trainedMs?: number;
  runs: number[];
}

/**
 * Times `npm run compare -- --no-report` and the same script without npm (package.json's
 * "compare", whatever it is today), each 3 times after one untimed run; keeps the medians.
 */
function timeCli(): CliTiming[] {
  const script = (JSON.parse(readFileSync(ROOT + 'package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.compare;
  const commands: { command: string; file: string; args: string[] }[] = [
    { command: 'npm run compare -- --no-report', file: 'npm', args: ['run', 'compare', '--', '--no-report'] },
    ...(script ? [{ command: `${script} --no-report`, file: 'sh', args: ['-c', `${script} --no-report`] }] : []),
  ];
  console.log('e2e: timing the CLI in child processes');
  return commands.map(({ command, file, args }) => {
    const runs: number[] = [];
    const trained: number[] = [];
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      const result = spawnSync(file, args, { cwd: ROOT, encoding: 'utf8' });
      const ms = performance.now() - started;
      if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr}`);
      const seconds = /Trained \d+ networks in ([\d.]+) s/.exec(result.stdout)?.[1];
      if (i === 0) continue;
      runs.push(ms);
      if (seconds) trained.push(Number(seconds) * 1000);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`  ${command}: ${runs.map((r) => r.toFixed(0)).join(', ')} ms`);
    return { command, ms: median(runs), ...(trained.length ? { trainedMs: median(trained) } : {}), runs };
  });
}
