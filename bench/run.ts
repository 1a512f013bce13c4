// `npm run bench [-- <suite>…] [options]`: runs the benchmark suites, prints their tables and
// saves bench/results/<suite>-<date>.json, plus bench/results/summary-<date>.md (every table in
// Markdown, with the machine, ready for docs/performance.md) and a check of the targets.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runCeiling } from './ceiling.js';
import { runE2e } from './e2e.js';
import { RESULTS_DIR, STAMP, type SuiteReport, saveReport, setStatistic } from './harness.js';
import { DEFAULT_SIZES, type DenseSize, runKernels } from './kernels.js';
import { runLimit } from './limit.js';
import { PEER_NAMES, type PeerName, runPeers } from './peers.js';
import { runStartup } from './startup.js';
import { runSweepBench } from './sweep.js';
import { markdownTable, textTable } from './table.js';
import { targetsTable } from './targets.js';
import { runTelemetry } from './telemetry.js';

const SUITES = ['ceiling', 'kernels', 'e2e', 'peers', 'telemetry', 'startup', 'sweep', 'limit'] as const;
type Suite = (typeof SUITES)[number];

const HELP = `Usage: npm run bench [-- [suite…] [options]]     (suites: ${SUITES.join(', ')}; default: all)
       npm run bench:kernels | bench:e2e | bench:peers [-- options]

Options:
  --sizes B×I×O,…      kernels: dense sizes (batch×in×out, batch a multiple of 4; "x" works too)
                       default ${DEFAULT_SIZES.map((s) => `${s.batch}x${s.nIn}x${s.nOut}`).join(',')}
  --elements N         kernels: elements of the activation and Adam cases (default 1000000)
  --samples N,…        e2e: data set sizes for the scaling table (default 1000,10000,100000)
  --full-scaling       e2e: train all 300 epochs at every size (default: fewer epochs for the
                       larger sets, ~1.5M epoch-samples each, and the study extrapolated)
  --workers N          e2e: workers of the pooled study (default 2)
  --skip-cli           e2e: do not time \`npm run compare -- --no-report\` in a child process
  --peers a,b,…        peers: which to run (default ${PEER_NAMES.join(',')})
  --tfjs-epochs N      peers: epochs timed for TensorFlow.js, extrapolated to 300 (default 30)
  --torch-epochs N     peers: epochs timed for PyTorch, extrapolated to 300 (default 100;
                       sweep: 20)
  --startup-rounds N   startup: rounds of the loop over the commands (default 10)
  --sweep-rounds N     sweep: rounds of 1 thread vs --workers threads (default 3; --workers
                       default 2)
  --stat median|best   which sample of the timed cases the tables show (default median; best
                       = the fastest sample, steadier when other work loads the machine)
  --help`;

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function positiveInt(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} must be an integer >= 1, got ${JSON.stringify(text)}`);
  return n;
}

function parseSizes(text: string | undefined): DenseSize[] {
  if (text === undefined) return DEFAULT_SIZES;
  return text.split(',').map((part) => {
    const dims = part.trim().split(/[x×]/).map(Number);
    if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d >= 1))
      fail(`--sizes: "${part}" is not batch×in×out with integers >= 1`);
    const [batch, nIn, nOut] = dims as [number, number, number];
    if (batch % 4 !== 0) fail(`--sizes: batch ${batch} in "${part}" must be a multiple of 4 (the kernels' lanes)`);
    return { batch, nIn, nOut };
  });
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        sizes: { type: 'string' },
        elements: { type: 'string' },
        samples: { type: 'string' },
        'full-scaling': { type: 'boolean' },
        workers: { type: 'string' },
        'skip-cli': { type: 'boolean' },
        peers: { type: 'string' },
        'tfjs-epochs': { type: 'string' },
        'torch-epochs': { type: 'string' },
        'startup-rounds': { type: 'string' },
        'sweep-rounds': { type: 'string' },
        stat: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
})();

if (values.help) {
  console.log(HELP);
  process.exit(0);
}
for (const p of positionals)
  if (!(SUITES as readonly string[]).includes(p) && p !== 'all') fail(`unknown suite "${p}" (suites: ${SUITES.join(', ')}, all)`);
const chosen: Suite[] =
  positionals.length === 0 || positionals.includes('all') ? [...SUITES] : SUITES.filter((s) => positionals.includes(s));

const sizes = parseSizes(values.sizes);
const elements = positiveInt('--elements', values.elements, 1_000_000);
if (elements % 4 !== 0) fail(`--elements must be a multiple of 4, got ${elements}`);
const samples =
  values.samples === undefined
    ? [1000, 10_000, 100_000]
    : values.samples
        .split(',')
        .map((s) => positiveInt('--samples', s.trim(), 0))
        .map((n) => (n < 2 ? fail('--samples must be >= 2') : n));
const workers = positiveInt('--workers', values.workers, 2);
const peers = (values.peers?.split(',').map((p) => p.trim()) ?? [...PEER_NAMES]) as PeerName[];
for (const p of peers) if (!PEER_NAMES.includes(p)) fail(`--peers: unknown peer "${p}" (peers: ${PEER_NAMES.join(', ')})`);
const tfjsEpochs = positiveInt('--tfjs-epochs', values['tfjs-epochs'], 30);
const torchEpochs = positiveInt('--torch-epochs', values['torch-epochs'], 100);
const sweepTorchEpochs = positiveInt('--torch-epochs', values['torch-epochs'], 20);
const startupRounds = positiveInt('--startup-rounds', values['startup-rounds'], 10);
const sweepRounds = positiveInt('--sweep-rounds', values['sweep-rounds'], 3);
const stat = values.stat ?? 'median';
if (stat !== 'median' && stat !== 'best') fail(`--stat must be median or best, got ${JSON.stringify(stat)}`);
setStatistic(stat);

const machine = describeMachine();
console.log(
  `actlab benchmarks: ${chosen.join(', ')} — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node} (V8 ${machine.v8}), load ${machine.loadAverage.join(' ')}; ${stat} samples\n`,
);

const reports: SuiteReport[] = [];
for (const suite of chosen) {
  const started = performance.now();
  console.log(`── ${suite} ${'─'.repeat(60 - suite.length)}`);
  const report =
    suite === 'ceiling'
      ? await runCeiling()
      : suite === 'kernels'
        ? await runKernels({ sizes, elements })
        : suite === 'e2e'
          ? await runE2e({ samples, fullScaling: values['full-scaling'] === true, workers, cli: values['skip-cli'] !== true })
          : suite === 'peers'
            ? await runPeers({ peers, tfjsEpochs, torchEpochs })
            : suite === 'telemetry'
              ? await runTelemetry()
              : suite === 'startup'
                ? await runStartup({ rounds: startupRounds })
                : suite === 'limit'
                  ? await runLimit()
                  : await runSweepBench({ rounds: sweepRounds, threads: workers, torchEpochs: sweepTorchEpochs });
  reports.push(report);
  console.log();
  for (const table of report.tables) console.log(textTable(table) + '\n');
  console.log(`Saved ${saveReport(report, machine)} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}

const targets = targetsTable(reports);
if (targets) console.log(textTable(targets) + '\n');
const markdown = [
  `## Latest results (${machine.date})`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores (${machine.caches}; ${machine.flags.join(', ') || 'no AVX2/FMA'}), ${machine.memory}; ` +
    `Node ${machine.node} (V8 ${machine.v8}); ${machine.os}; load average at start ${machine.loadAverage.join(', ')} (1, 5, 15 min). ` +
    `Timed cases show the ${stat === 'best' ? 'fastest' : 'median'} sample.`,
  `Command: \`npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}\`.`,
  '',
  ...reports.flatMap((r) => r.tables.map((t) => markdownTable(t) + '\n')),
  ...(targets ? [markdownTable(targets) + '\n'] : []),
].join('\n');
const summaryPath = `${RESULTS_DIR}summary-${STAMP}.md`;
writeFileSync(summaryPath, markdown);
console.log(`Markdown of every table: ${summaryPath}`);
// tfjs and worker pools can leave handles open; the work is done.
process.exit(0);

function describeMachine() {
  const lscpu = (() => {
    try {
      return execFileSync('lscpu', { encoding: 'utf8' });
    } catch {
      return '';
    }
  })();
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(lscpu)?.[1]?.trim();
  const mhz = field('CPU max MHz');
  const memory = (() => {
    try {
      const kb = Number(/MemTotal:\s+(\d+)/.exec(execFileSync('cat', ['/proc/meminfo'], { encoding: 'utf8' }))?.[1]);
      return `${(kb / 1024 / 1024).toFixed(1)} GiB RAM`;
    } catch {
      return 'RAM unknown';
    }
  })();
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu:
      `${field('Model name') ?? cpus()[0]?.model ?? 'unknown CPU'}${field('CPU family') ? ` (family ${field('CPU family')}, model ${field('Model')})` : ''}` +
      `${field('Hypervisor vendor') ? `, ${field('Hypervisor vendor')} VM` : ''}${mhz ? `, max ${mhz} MHz` : ''}`,
    cores: cpus().length,
    caches: ['L1d', 'L2', 'L3'].map((c) => `${c} ${field(`${c} cache`) ?? '?'}`).join(', '),
    flags: ['avx2', 'fma', 'avx512f'].filter((f) => new RegExp(`\\b${f}\\b`).test(field('Flags') ?? '')),
    memory,
    node: process.versions.node,
    v8: process.versions.v8,
    os: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((l) => l.toFixed(2)),
  };
}
