// `actlab run-job`: one run of a sweep by itself, taken from a plan (`--plan jobs.jsonl --index K`)
// or as one job line on stdin, for an external queue (a Kubernetes indexed Job, a BullMQ worker)
// to spread a sweep over machines (docs/scale-out.md). Its results line is appended to --results,
// or printed on stdout; a run whose key --results already holds is not trained again.
import { resolveHiddenActivations } from '../activations/hidden.js';
import { runJob } from '../compare/job.js';
import { type Backend, loadCore } from '../core/load.js';
import { checkPlan } from '../core/memory.js';
import { jsonText } from '../json.js';
import { LineAppender, MAX_LINE_BYTES, readPlanLine, readResults } from '../sweep/files.js';
import { jobLabel } from '../sweep/jobs.js';
import { parseJobLine, resultLine } from '../sweep/line.js';
import { datasetOf, runJobOf, trainingSpecOf } from '../sweep/spec.js';
import { modelPart, trainingParts } from '../train/plan.js';
import { InputError } from '../validate.js';
import type { CliIo } from './io.js';
import { integerFlag } from './options.js';

export interface RunJobFlags {
  plan?: string;
  index?: string;
  results?: string;
  printSpec?: boolean;
  quiet?: boolean;
  backend: Backend | 'auto';
}

/** Reads what is piped in, up to MAX_LINE_BYTES; refuses a terminal (nothing would ever come). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new InputError('--plan', undefined, 'is required (with --index K), or pipe one job line on stdin');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_LINE_BYTES) throw new InputError('stdin', `${total} bytes`, `must be one job line of at most ${MAX_LINE_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `actlab run-job`: see the file comment. `stdin` reads the piped input (a parameter, so tests can give one). */
export async function runJobCommand(flags: RunJobFlags, io: CliIo, stdin: () => Promise<string> = readStdin): Promise<void> {
  if (flags.index !== undefined && flags.plan === undefined)
    throw new InputError('--index', flags.index, 'needs --plan (the file whose job K to run)');
  if (flags.plan !== undefined && flags.index === undefined)
    throw new InputError('--plan', flags.plan, 'needs --index K (which of its jobs to run, from 0)');
  let text: string;
  let where: string;
  if (flags.plan !== undefined) {
    const index = integerFlag('--index', flags.index!, 0);
    const found = readPlanLine(flags.plan, index);
    text = found.text;
    where = `${flags.plan} line ${found.line}`;
  } else {
    const lines = (await stdin()).split('\n').filter((line) => line.trim() !== '');
    if (lines.length !== 1)
      throw new InputError('stdin', `${lines.length} lines`, 'must hold exactly one job line (a line of a plan, or of a results file)');
    text = lines[0]!;
    where = 'stdin';
  }
  const job = parseJobLine(text, where);
  const say = (line: string) => {
    if (flags.quiet !== true && !flags.printSpec) io.out(`${line}\n`);
  };

  if (flags.printSpec) {
    // A spec `actlab train` runs as it is: the config and the rows the data set's settings generate.
    io.out(`${jsonText({ name: `${jobLabel(job)}, seed ${job.seed} (run ${job.key})`, ...trainingSpecOf(job.spec) })}\n`);
    return;
  }
  if (flags.results !== undefined && readResults(flags.results).records.has(job.key)) {
    say(`Run ${job.key} (${jobLabel(job)}, seed ${job.seed}) is already in ${flags.results}: nothing to do.`);
    return;
  }

  const data = datasetOf(job.spec.dataset);
  const config = job.spec.config;
  const core = await loadCore({ backend: flags.backend });
  const activations = resolveHiddenActivations(config.activation, config.activationOptions, config.layers.length - 2);
  const fields = {
    layers: `${where}: spec.config.layers`,
    batchSize: `${where}: spec.config.batchSize`,
    data: `${where}: spec.dataset.samples`,
  };
  const shape = {
    layers: config.layers,
    batchSize: config.batchSize,
    nSamples: data.nSamples,
    nFeatures: data.nFeatures,
    optimizer: config.optimizer,
    activations,
  };
  checkPlan(core, 'for one run (model and training)', [modelPart(config.layers, fields, activations), ...trainingParts(shape, fields)]);
  const result = await runJob(core, runJobOf(job.spec, 0, jobLabel(job)), data);
  const line = resultLine(job, result);
  if (flags.results === undefined) {
    io.out(`${line}\n`);
    return;
  }
  const appender = new LineAppender(flags.results);
  try {
    appender.append(line);
  } finally {
    appender.close();
  }
  say(`Trained run ${job.key} (${jobLabel(job)}, seed ${job.seed}) in ${result.ms.toFixed(0)} ms; appended to ${flags.results}.`);
}
