// The `actlab` command line as a function of argv, so tests can run it in-process. Bad input
// ends with exit code 2 and one line naming the field and the value; anything else unexpected
// ends with exit code 1.
import { Command, CommanderError, Option } from 'commander';
import { ACTIVATIONS, activationNames } from '../activations/registry.js';
import { CSV_LIMITS } from '../datasets/read-csv.js';
import { DATASET_NAMES } from '../datasets/registry.js';
import { initialiserNames } from '../init/registry.js';
import { MAX_EPOCHS } from '../limits.js';
import { OPTIMIZER_NAMES } from '../optim/registry.js';
import { ACTIVATION_OPTION_NAMES } from './activation-options.js';
import { COMPARE_DEFAULTS, MAX_LINE_BYTES_CAP, OPTIMIZER_FLAGS, OPTIMIZER_HELP, optimizerFlagOption } from './compare-options.js';
import type { CliIo } from './io.js';
import { backendFlag, countFlag, float32Flag, numberListFlag } from './options.js';
import { registerRunJobCommand } from './run-job-program.js';
import { registerSweepCommand } from './sweep-program.js';
import { packageVersion } from './version.js';

// Each command's module is imported when that command runs, not before: `actlab compare` loads
// neither the sweep's nor train's code, `--help` none of them (docs/performance.md, start-up).

/** Runs the CLI on `argv` (without node and the script) and resolves to its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

function buildProgram(io: CliIo): Command {
  const program = new Command()
    .name('actlab')
    .description("Train the PyTorch activation-function tutorial's networks on SIMD WebAssembly kernels, with PyTorch's numbers.")
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      // commander's own errors (an unknown option, a missing argument) in our one-line form.
      outputError: (text, write) => write(`actlab: ${text.replace(/^error: /, '').trim()} (run with --help for usage)\n`),
    });

  program
    .command('train')
    .description("Run a training spec (the fixtures' JSON format: config, data, optional init) and print the tutorial's log.")
    .argument('<spec>', 'path of the spec JSON file')
    .option('--json', 'print only {"bce","accuracy","grad","final"} as JSON on stdout')
    .option('--every <n>', 'log every n epochs', (t) => countFlag('--every', t, 1, MAX_EPOCHS), 10)
    .addOption(backendOption())
    .addHelpText(
      'after',
      `
Output: "Epoch 9: BCE=0.6931, Accuracy=50.00%" every 10 epochs, then the last epoch's mean |grad|
per layer and the time taken. With --json, one line of JSON and nothing else.

Spec: {"config": {"layers": [2,5,5,5,5,1], "activation": "relu", "activationOptions": {},
  "optimizer": {"name": "adam", "lr": 1e-4}, "epochs": 300, "batchSize": 32, "shuffle": false,
  "seed": 0}, "data": {"X": [[x1, x2], ...], "y": [0, 1, ...]}, "init": {"layer0.weight": ...}}
("init" optional: without it the network is initialised as nn.Linear with "seed", or as PyTorch
after torch.manual_seed with "torchSeed": n.)
"activation" may also be {"name": "leaky_relu", "options": {"negativeSlope": 0.2}} or a list with
one entry per hidden layer: ["relu", {"name": "prelu", "options": {"numParameters": 5}}, "tanh"].
"config.init": {"weight": "xavier_uniform", "bias": "zeros"} chooses torch.nn.init's initialisers
(${initialiserNames().join(', ')}); see docs/initialisers.md.
Activations: ${activationNames().join(', ')}.

Example (the tutorial's sigmoid run, shipped with the package):
  actlab train examples/sigmoid-tutorial.json                     # in a clone
  npx actlab train node_modules/actlab/examples/sigmoid-tutorial.json`,
    )
    .action(async (spec: string, flags) => (await import('./train-command.js')).trainCommand(spec, flags, io));

  const activation = program
    .command('activation')
    .description('Evaluate an activation and its derivative with the Wasm kernels.')
    .argument('<name>', `one of: ${activationNames().join(', ')}`)
    .requiredOption('--at <points>', 'comma-separated points, e.g. -3,0,0.5,6', (t) => numberListFlag('--at', t, float32Flag))
    .option('--json', 'print only {"x","y","dydx"} as JSON')
    .addOption(backendOption());
  for (const name of ACTIVATION_OPTION_NAMES) {
    // A choice (gelu's --approximate tanh) stays a string; the activation's resolver checks it.
    const choice = ACTIVATIONS.some((a) => a.choices?.[name]);
    activation.option(`--${name} <value>`, `option of ${takersOf(name)}`, (t) => (choice ? t : float32Flag(`--${name}`, t)));
  }
  activation
    .addHelpText(
      'after',
      `
Example:
  actlab activation elu --alpha 1.0 --at -3,0,0.5,6`,
    )
    .action(async (name: string, flags: Record<string, unknown>) => {
      const { activationCommand } = await import('./activation-command.js');
      const options: Record<string, number | string> = {};
      for (const key of ACTIVATION_OPTION_NAMES) {
        const value = flags[key];
        if (typeof value === 'number' || typeof value === 'string') options[key] = value;
      }
      return activationCommand(
        name,
        { at: flags.at as number[], json: flags.json === true, backend: flags.backend as 'auto', options },
        io,
      );
    });
  const compare = program
    .command('compare')
    .description("Reproduce the tutorial's study: train one network per activation (and seed), print a table and findings, write a report.")
    .option(
      '--activations <list>',
      'comma-separated activations, each a name, name(option=value, ...) or [one, per, hidden, layer] (see below)',
      COMPARE_DEFAULTS.activations,
    )
    .option('--epochs <n>', 'epochs per run', COMPARE_DEFAULTS.epochs)
    .option('--batch-size <n>', 'rows per step, in order', COMPARE_DEFAULTS.batchSize)
    .option('--lr <x>', 'learning rate', COMPARE_DEFAULTS.lr)
    .option('--optimizer <name>', OPTIMIZER_HELP.optimizer, COMPARE_DEFAULTS.optimizer)
    .option('--momentum <x>', OPTIMIZER_HELP.momentum)
    .option('--layers <sizes>', 'layer sizes, input first, output 1', COMPARE_DEFAULTS.layers)
    .option('--dataset <name>', `${DATASET_NAMES.join(', ')} (see docs/datasets.md)`, COMPARE_DEFAULTS.dataset)
    .option('--samples <n>', 'points in the generated data set', COMPARE_DEFAULTS.samples)
    .option('--noise <x>', "noise of the generated data set (default: the data set's, 0.1 for circles)")
    .option('--data-seed <n>', "seed of the generated data set (42: the tutorial's random_state)", COMPARE_DEFAULTS.dataSeed)
    .option('--data <file.csv>', 'train on a CSV file with a header x1,x2,label instead of a generated set')
    .option('--max-rows <n>', `with --data: refuse a CSV with more than n lines after the header (default ${CSV_LIMITS.maxRows})`)
    .option(
      '--max-line-bytes <n>',
      `with --data: refuse a CSV line longer than n bytes (default ${CSV_LIMITS.maxLineBytes}, at most ${MAX_LINE_BYTES_CAP})`,
    )
    .option('--seeds <n>', 'initialisations per activation (seeds 0..n-1), reported as mean ± 95% CI', COMPARE_DEFAULTS.seeds)
    .option(
      '--torch-seed <n>',
      "initialise as PyTorch does after torch.manual_seed(n) (run k: n + k), nn.Linear's default init bit for bit",
    )
    .option(
      '--validation-split <x>',
      'hold out this share of the rows (stratified, the same rows for every run) and report validation BCE, accuracy and the gap',
    )
    .option('--validation-data <file.csv>', 'evaluate every run on this CSV (x1,x2,label) after each epoch instead')
    .option(
      '--grid <key=v1,v2>',
      'run a sweep instead, with this axis (lr, width or depth; repeat for more): e.g. --grid lr=1e-3,1e-2 --grid width=5,8 (see actlab sweep)',
      (text: string, previous: string[] = []) => [...previous, text],
    )
    .option('--baseline <activation>', 'with --seeds > 1: the activation the paired statistics compare the others with (default: the best)')
    .option(
      '--telemetry <groups>',
      "mechanism telemetry per layer and epoch: gradients, activations, weights (comma-separated), all (the default) or none (the tutorial's alone)",
    )
    .option(
      '--histogram-epochs <list>',
      "epochs (from 0) at which to bin every layer's pre-activation z, e.g. 0,10,299 (default with all telemetry: the first and the last)",
    )
    .option('--init <initialiser>', `every nn.Linear weight's initialiser (torch.nn.init's): ${initialiserNames().join(', ')}`)
    .option('--bias-init <initialiser>', "every bias's initialiser (default: nn.Linear's own)")
    .option(
      '--workers <n>',
      'threads that train: this one plus n-1 worker threads (default: the number of cores); results are identical for any n',
    )
    .option('--out <dir>', 'report folder: a new or empty one, or an earlier actlab report', COMPARE_DEFAULTS.out)
    .option('--no-report', 'write no files: only train and print')
    .option('--json', 'print only the histories as JSON (long format) on stdout; write a report only with --out')
    .option('--quiet', 'no progress bars and no status lines (the table and findings still print)')
    .addOption(backendOption());
  for (const option of OPTIMIZER_FLAGS) compare.option(...optimizerFlagOption(option));
  compare
    .addHelpText(
      'after',
      `
With no options this is the tutorial: make_circles(1000, factor 0.5, noise 0.1, random_state 42),
2→5→5→5→5→1, sigmoid output, BCE, Adam lr 1e-4, batch 32 in order, 300 epochs, for relu,
sigmoid, tanh, relu6 and leaky_relu.

Activations: ${activationNames().join(', ')}.
An entry with options off their defaults is its own run and label, so one activation can be
compared with itself: --activations "leaky_relu,leaky_relu(negativeSlope=0.2)". A bracketed list
gives each hidden layer its own: --activations "[relu, tanh, prelu(numParameters=5), gelu(approximate=tanh)]".

Initialisers (docs/initialisers.md): --init "xavier_uniform(gain=calculate_gain(tanh))",
--init "kaiming_normal(mode=fan_out, nonlinearity=relu)", --bias-init zeros,
--bias-init "constant(val=0.1)". With --torch-seed they draw from PyTorch's generator after
the layers' default init, as torch.nn.init.<name>_(layer.weight) does.

Optimizers: ${OPTIMIZER_NAMES.join(', ')}, every setting a flag (--betas, --eps, --weight-decay, ...).

The report (--out) holds index.html, the figures as SVG and PNG (dataset, activations,
history-<activation>, accuracy-overlay, boundary-<activation>), history.json, history.csv and
actlab-report.json (the marker that lets a later run replace the folder). It is written beside
the folder and renamed into place at the end: an interrupted run leaves the old report as it was.`,
    )
    .action(async (flags) =>
      (await import('./compare-command.js')).compareCommand(flags, (flag) => compare.getOptionValueSource(camel(flag)) === 'cli', io),
    );
  registerSweepCommand(program, io, backendOption);
  registerRunJobCommand(program, io, backendOption);
  return program;
}

/** --data-seed → dataSeed, as commander names option values. */
function camel(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function backendOption(): Option {
  return new Option(
    '--backend <name>',
    'kernels to run: auto (SIMD when the engine has it), simd, scalar, or relaxed (opt-in relaxed SIMD: FMA, not bit-identical)',
  )
    .default('auto')
    .argParser(backendFlag);
}

/** "elu (default 1)" for --alpha: which activations take an option, with their defaults. */
function takersOf(option: string): string {
  return ACTIVATIONS.filter((a) => option in a.options)
    .map((a) => {
      const choices = a.choices?.[option];
      return choices
        ? `${a.name} (${choices.join(' or ')}; default ${choices[a.options[option]!]})`
        : `${a.name} (default ${a.options[option]})`;
    })
    .join(', ');
}

function exitCodeFor(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version are not failures; commander has already printed its message.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    return 2;
  }
  if (error instanceof RangeError) {
    io.err(`actlab: ${error.message}\n`);
    return 2;
  }
  io.err(`actlab: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
