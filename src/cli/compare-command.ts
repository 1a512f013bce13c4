import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveHiddenActivations } from '../activations/hidden.js';
import { collapseSentence } from '../compare/findings.js';
import { historyCsv, historyRows } from '../compare/history-rows.js';
import { inlineExecutor } from '../compare/job.js';
import { pairedTable } from '../compare/paired.js';
import { plan, runStudy } from '../compare/study.js';
import { summaryTable } from '../compare/table.js';
import { threadsWorthStarting } from '../compare/threads.js';
import type { StudyConfig, StudyResult } from '../compare/types.js';
import { type Backend, loadCore } from '../core/load.js';
import { checkPlan } from '../core/memory.js';
import { makeDataset } from '../datasets/registry.js';
import { describeLinearInit, resolveLinearInit } from '../init/linear-init.js';
import { jsonText } from '../json.js';
import { describeOptimizer } from '../optim/describe.js';
import type { PendingReport } from '../report/folder.js';
import { modelPart, trainingParts } from '../train/plan.js';
import { InputError } from '../validate.js';
import { type CompareFlags, parseCompareFlags } from './compare-options.js';
import type { CliIo } from './io.js';
import { packageVersion } from './version.js';

/** `actlab compare`: the tutorial's study (or a variant), a table, findings and a report. */
export async function compareCommand(flags: CompareFlags, given: (flag: string) => boolean, io: CliIo): Promise<void> {
  // --grid: a sweep from these flags (actlab sweep's machinery: resumable results, a table per cell, a heat map).
  if (flags.grid !== undefined && flags.grid.length > 0) return (await import('./sweep-command.js')).compareGridCommand(flags, given, io);
  const settings = parseCompareFlags(flags, given);
  // --json is for piping: it writes files only when --out is given explicitly.
  const report = flags.report && (flags.json !== true || given('--out'));
  // Loaded only when a report is written or a CSV read (each command loads what it uses).
  const folder = report ? await import('../report/folder.js') : undefined;
  // Before the data is read: a bad --out should not wait for a big CSV.
  folder?.checkReportTarget(flags.out);
  const source = settings.data;
  const readCsvDataset =
    source.kind === 'csv' || settings.study.validation ? (await import('../datasets/read-csv.js')).readCsvDataset : undefined;
  const data =
    source.kind === 'csv'
      ? readCsvDataset!(source.path!, settings.csvLimits)
      : makeDataset(source.kind, {
          samples: source.samples,
          seed: source.seed!,
          ...(source.noise !== undefined ? { noise: source.noise } : {}),
        });
  if (data.nFeatures !== settings.study.layers[0]) {
    throw new InputError('--layers', flags.layers, `must start with ${data.nFeatures}: the data has ${data.nFeatures} features`);
  }
  // --validation-data: read like --data, with the same limits, and as many features.
  const validation = settings.study.validation ? readCsvDataset!(settings.study.validation.path!, settings.csvLimits) : undefined;
  if (validation && validation.nFeatures !== data.nFeatures) {
    throw new InputError(
      '--validation-data',
      settings.study.validation!.path,
      `must have ${data.nFeatures} features, as the data (it has ${validation.nFeatures})`,
    );
  }
  const config: StudyConfig = {
    ...settings.study,
    ...(validation
      ? { validation: { kind: 'csv', path: settings.study.validation!.path!, name: validation.name, samples: validation.nSamples } }
      : {}),
    data: { ...source, name: data.name, samples: data.nSamples },
  };
  const backend = flags.backend as Backend | 'auto';
  const withIdentity = report || config.activations.includes('identity');
  const jobs = plan(config, withIdentity, validation);
  // --workers n is taken as given (at most one thread per run); by default, as many threads as
  // there are cores once the runs can pay for starting them: the tutorial's 5 runs train here alone.
  const workers =
    flags.workers === undefined ? threadsWorthStarting(jobs, data, settings.workers) : Math.min(settings.workers, jobs.length);
  const core = await loadCore({ backend });
  // Every run gets a core of its own: one that cannot fit is refused now, in one line, not after minutes.
  const fields = { layers: '--layers', batchSize: '--batch-size', data: source.kind === 'csv' ? '--data' : '--samples' };
  for (const label of config.activations) {
    const activations = resolveHiddenActivations(config.hidden?.[label] ?? label, undefined, config.layers.length - 2);
    const validationSamples = validation?.nSamples ?? (config.validationSplit === undefined ? 0 : data.nSamples);
    const shape = {
      ...config,
      nSamples: data.nSamples,
      nFeatures: data.nFeatures,
      optimizer: config.optimizer,
      activations,
      validationSamples,
    };
    checkPlan(core, 'for one run (model and training)', [modelPart(config.layers, fields, activations), ...trainingParts(shape, fields)]);
  }
  // This thread trains too: workers-1 worker threads join it once their cores are loaded.
  const executor = workers > 1 ? (await import('../compare/pool.js')).threadsExecutor(core, workers, backend) : inlineExecutor(core);

  // Status lines and progress bars are dropped by --quiet and --json; results only by --json.
  const status = flags.json !== true && flags.quiet !== true;
  const say = (line = '') => {
    if (status) io.out(line + '\n');
  };
  const show = (line = '') => {
    if (flags.json !== true) io.out(line + '\n');
  };
  say(
    `Comparing ${config.activations.join(', ')} on ${data.name}: ${config.layers.join('→')}, ${describeOptimizer(config.optimizer, 'brief')}, ` +
      `batch ${config.batchSize}, ${config.epochs} epochs, ${config.seeds} seed${config.seeds > 1 ? 's' : ''}, ${workers} worker${workers > 1 ? 's' : ''}` +
      (config.init ? `, init ${describeLinearInit(resolveLinearInit(config.init))}.` : '.'),
  );

  const bars =
    status && io.interactive
      ? await progressBars(
          jobs.map((j) => `${j.activation} seed ${j.seed}`),
          config.epochs,
        )
      : undefined;
  // The report's PNG workers start now, on the cores the runs leave free, and load resvg meanwhile.
  const pngPool = report ? (await import('../report/png.js')).pngPool() : undefined;
  const started = performance.now();
  let result: StudyResult;
  try {
    result = await runStudy(config, data, {
      executor,
      core,
      withIdentity,
      // The decision-boundary grids are drawn only in the report.
      boundaries: report,
      ...(validation ? { validation } : {}),
      onProgress: (index, epochs) => bars?.update(index, epochs),
    });
  } catch (error) {
    // No report follows a failed study: its PNG workers must not keep the process alive.
    await pngPool?.close();
    throw error;
  } finally {
    bars?.stop();
  }
  const trainedMs = performance.now() - started;

  // The long-format rows only when printed or written.
  const rows = flags.json || report ? historyRows(result.runs) : [];
  if (flags.json) io.out(jsonText(rows) + '\n');
  say();
  show(summaryTable(result.summaries, config.seeds));
  show();
  for (const sentence of result.findings) show(sentence);
  // With several seeds: every activation against the baseline, paired by seed (docs/statistics.md).
  if (result.paired && config.seeds > 1) {
    say();
    show(pairedTable(result.paired));
  }
  if (result.collapse) show(collapseSentence(result.collapse, data));
  say();
  if (folder) {
    const reportStarted = performance.now();
    const pending = folder.beginReport(flags.out);
    const files = await whileInterruptible(pending, async () => {
      // Loaded only when a report is asked for: vega and resvg take a while to import.
      const { writeReport } = await import('../report/write.js');
      const { files } = await writeReport(result, pending.dir, { ...(pngPool ? { pngPool } : {}) });
      writeFileSync(join(pending.dir, 'history.json'), jsonText(rows) + '\n');
      writeFileSync(join(pending.dir, 'history.csv'), historyCsv(rows, config.layers.length - 1));
      // The mechanism telemetry per run (series[layer][epoch] and the histograms), when gathered.
      const mechanism = result.runs
        .filter((r) => r.history.mechanism)
        .map((r) => ({ activation: r.activation, seed: r.seed, ...r.history.mechanism }));
      if (mechanism.length > 0) writeFileSync(join(pending.dir, 'mechanism.json'), jsonText(mechanism) + '\n');
      const all = [...files, 'history.json', 'history.csv', ...(mechanism.length > 0 ? ['mechanism.json'] : [])];
      pending.commit({ generator: 'actlab compare', version: packageVersion(), files: all });
      return all;
    });
    say(
      `Report: ${join(flags.out, 'index.html')} (${files.length} files, written in ${((performance.now() - reportStarted) / 1000).toFixed(1)} s).`,
    );
  }
  say(`Trained ${jobs.length} networks in ${(trainedMs / 1000).toFixed(2)} s.`);
}

/**
 * Runs `write` (which ends by committing the pending report); on failure, Ctrl-C or SIGTERM the
 * temporary folder is removed, so the previous report stays as it was and nothing half-written is left.
 */
async function whileInterruptible<T>(pending: PendingReport, write: () => Promise<T>): Promise<T> {
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      pending.discard();
    } catch (error) {
      // Still exit as interrupted, in one line: a stack trace from a signal handler helps no one.
      process.stderr.write(`actlab: could not remove ${pending.dir}: ${(error as Error).message}\n`);
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await write();
  } catch (error) {
    pending.discard();
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** One bar per run on stderr (cli-progress), updated at most ~12 times a second. */
async function progressBars(labels: string[], epochs: number) {
  const { default: cliProgress } = await import('cli-progress');
  const multibar = new cliProgress.MultiBar(
    { stream: process.stderr, format: '{label} [{bar}] {value}/{total} epochs', fps: 12, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const width = Math.max(...labels.map((l) => l.length));
  const bars = labels.map((label) => multibar.create(epochs, 0, { label: label.padEnd(width) }));
  return {
    update: (index: number, done: number) => bars[index]?.update(done),
    stop: () => multibar.stop(),
  };
}
