// `actlab run-job`'s options and help; what it runs (src/cli/run-job-command.ts) is imported
// only when the command is.
import type { Command, Option } from 'commander';
import type { CliIo } from './io.js';
import type { RunJobFlags } from './run-job-command.js';

/** Adds `actlab run-job` to the program. */
export function registerRunJobCommand(program: Command, io: CliIo, backendOption: () => Option): void {
  program
    .command('run-job')
    .description('Run one job of a sweep by itself (from a plan, or one job line on stdin) and append its results line.')
    .option('--plan <jobs.jsonl>', 'the plan actlab sweep --plan wrote')
    .option('--index <k>', "which job of the plan to run, from 0 (e.g. a Kubernetes Job's $JOB_COMPLETION_INDEX)")
    .option(
      '--results <file.jsonl>',
      'append the results line here (skipping the run if its key is already in it); default: print it on stdout',
    )
    .option('--print-spec', 'print the job as a training spec (config and generated rows) that actlab train runs, and exit')
    .option('--quiet', 'no status line')
    .addOption(backendOption())
    .addHelpText(
      'after',
      `
Without --plan, one job line is read from stdin (a line of a plan, or of a results file).
The line's key is checked against its spec, and the spec as actlab train checks one.

Examples:
  actlab sweep examples/sweep.json --plan jobs.jsonl
  actlab run-job --plan jobs.jsonl --index 3 --results results-3.jsonl
  sed -n 4p jobs.jsonl | actlab run-job >> results.jsonl
  actlab run-job --plan jobs.jsonl --index 3 --print-spec > spec.json && actlab train spec.json`,
    )
    .action(async (flags: RunJobFlags) => (await import('./run-job-command.js')).runJobCommand(flags, io));
}
