import type { ActivationInput } from '../activations/hidden.js';
import type { Core } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';
import { Mlp } from '../model/mlp.js';
import { boundaryGrid } from './boundary.js';
import { collapseIdentityNetwork } from './collapse.js';
import { findings, mechanismFindings } from './findings.js';
import type { RunExecutor, RunJob } from './job.js';
import { pairedComparison } from './paired.js';
import { summarize } from './summary.js';
import type { RunResult, StudyConfig, StudyResult } from './types.js';

export interface StudyOptions {
  /** Runs the training jobs: inlineExecutor(core), threadsExecutor(core, n) or workerExecutor(n). */
  executor: RunExecutor;
  /** A core of the main thread, for the boundary grids and the collapse check. */
  core: Core;
  /** Also train an identity network for "why nonlinear" when it is not among the activations. */
  withIdentity?: boolean;
  /** Build each seed-0 run's decision-boundary grid (the report's heatmaps); default true. `actlab compare --no-report` does not. */
  boundaries?: boolean;
  /** Progress of run `index` (see plan()) in epochs. */
  onProgress?: (index: number, epochsDone: number) => void;
  /** An explicit validation set every run evaluates after each epoch (config.validation says where it came from). */
  validation?: Dataset;
}

/**
 * Every run of a study in order: activation by activation, seed 0..seeds-1; identity last when
 * added. Each carries `validation`, an explicit validation set, when given.
 */
export function plan(config: StudyConfig, withIdentity = false, validation?: Dataset): RunJob[] {
  const activations = [...config.activations];
  if (withIdentity && !activations.includes('identity')) activations.push('identity');
  const { layers, epochs, batchSize, optimizer } = config;
  const jobs: RunJob[] = [];
  for (const activation of activations) {
    for (let seed = 0; seed < config.seeds; seed++) {
      const torch = config.torchSeed === undefined ? {} : { torchSeed: config.torchSeed + seed };
      const hidden = config.hidden?.[activation];
      jobs.push({
        index: jobs.length,
        activation,
        ...(hidden === undefined ? {} : { hidden }),
        ...(config.init === undefined ? {} : { init: config.init }),
        ...(config.validationSplit === undefined ? {} : { validationSplit: config.validationSplit }),
        ...(validation === undefined ? {} : { validation }),
        ...(config.telemetry === undefined ? {} : { telemetry: config.telemetry }),
        seed,
        ...torch,
        layers,
        epochs,
        batchSize,
        optimizer,
      });
    }
  }
  return jobs;
}

/** Trains every run, then derives the table, the findings, the boundaries and the collapse. */
export async function runStudy(config: StudyConfig, data: Dataset, options: StudyOptions): Promise<StudyResult> {
  const jobs = plan(config, options.withIdentity, options.validation);
  const started = performance.now();
  const all = await options.executor(jobs, data, options.onProgress ?? (() => {}));
  const trainingMs = performance.now() - started;
  const runs = all.filter((r) => config.activations.includes(r.activation));
  const summaries = summarize(runs, config.activations);

  // Every model rebuilt here is disposed before runStudy returns or throws.
  const rebuilt: Mlp[] = [];
  const rebuild = (run: RunResult): Mlp => {
    const model = new Mlp(options.core, {
      layers: config.layers,
      activation: config.hidden?.[run.activation] ?? (run.activation as ActivationInput),
    });
    rebuilt.push(model);
    model.loadStateDict(run.final, `${run.activation} final`);
    return model;
  };
  try {
    // A diverged run's weights are NaN: it has no boundary and no collapsed layer to show.
    const firstRuns = all.filter((r) => r.seed === 0 && !r.history.diverged);
    const boundaries =
      data.nFeatures === 2 && options.boundaries !== false
        ? firstRuns.filter((r) => config.activations.includes(r.activation)).map((run) => boundaryGrid(rebuild(run), data))
        : [];
    const identity = firstRuns.find((r) => r.activation === 'identity');
    const collapse = identity ? collapseIdentityNetwork(rebuild(identity), data, identity.history.accuracy.at(-1)!) : undefined;
    return {
      config,
      data,
      runs,
      summaries,
      findings: [...findings(summaries, data, config.epochs), ...mechanismFindings(runs, config.activations)],
      paired: pairedComparison(runs, config.activations, config.baseline === undefined ? {} : { baseline: config.baseline }),
      boundaries,
      ...(collapse ? { collapse } : {}),
      trainingMs,
    };
  } finally {
    for (const model of rebuilt) model.dispose();
  }
}
