// `actlab sweep`'s options and help. What it runs (src/cli/sweep-command.ts) is imported only
// when the command is: the CLI loads the modules of the one command it runs.
import type { Command, Option } from 'commander';
import { SWEEP_AXES } from '../sweep/config.js';
import type { CliIo } from './io.js';
import type { SweepFlags } from './sweep-command.js';

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
    .action(async (path: string, flags: SweepFlags) => (await import('./sweep-command.js')).sweepCommand(path, flags, io));
}
