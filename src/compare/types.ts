// The shapes a comparison study produces: what `actlab compare` prints, writes and plots.
// Platform-neutral: the report builders (src/report) and the browser reuse them.
import type { ActivationInput } from '../activations/hidden.js';
import type { Dataset } from '../datasets/dataset.js';
import type { LinearInitInput } from '../init/linear-init.js';
import type { StateDict } from '../model/state-dict.js';
import type { OptimizerConfig } from '../optim/config.js';
import type { TelemetryOptions } from '../train/mechanism.js';
import type { History } from '../train/train.js';
import type { PairedComparison } from './paired.js';

/** Where the study's data came from. */
export interface DataSource {
  /** A DatasetName (src/datasets/registry.ts), or 'csv' for --data. */
  kind: string;
  /** Human-readable, e.g. "circles(n=1000, factor=0.5, noise=0.1, random_state=42)". */
  name: string;
  samples: number;
  noise?: number;
  seed?: number;
  /** The CSV file, for kind 'csv'. */
  path?: string;
}

export interface StudyConfig {
  /**
   * Activations in the order asked for, by label: a name (`relu`), a name with options off their
   * defaults (`leaky_relu(negativeSlope=0.2)`), or one per hidden layer (`[relu, tanh, relu, tanh]`),
   * as src/activations/hidden.ts describeActivations writes them.
   */
  activations: string[];
  /** What a label trains, as the Mlp's `activation` takes it; a label not in it is a name with its defaults. */
  hidden?: Record<string, ActivationInput>;
  layers: number[];
  epochs: number;
  batchSize: number;
  optimizer: OptimizerConfig;
  /** Initialisations per activation: run k uses init seed k, the same for every activation. */
  seeds: number;
  /** When set, run k is initialised as PyTorch is after torch.manual_seed(torchSeed + k), instead of from seed k. */
  torchSeed?: number;
  /** The weight and bias initialisers of every run (nn.Linear's default where left out). */
  init?: LinearInitInput;
  /** Hold out this share of the rows (stratified; the same rows for every run): valBce and valAccuracy per epoch. */
  validationSplit?: number;
  /** Where an explicit validation set came from (--validation-data); its rows travel with the jobs. */
  validation?: DataSource;
  /** The mechanism telemetry every run gathers (TrainOptions.telemetry); the tutorial's alone when absent. */
  telemetry?: TelemetryOptions;
  /** The activation (label) the paired statistics compare every other with; the best by mean final accuracy when absent. */
  baseline?: string;
  data: DataSource;
}

/** One training run: one activation, one initialisation seed. */
export interface RunResult {
  /** The activation's label (StudyConfig.activations). */
  activation: string;
  seed: number;
  history: History;
  /** Weights after the last epoch (PyTorch names and layout). */
  final: StateDict;
  /** Wall time of the training loop alone, ms. */
  ms: number;
  /** Share of hidden units that output 0 for every sample at the end; null where units can't die, or for a diverged run. */
  deadShare: number | null;
  /** Share of samples whose output ended saturated at the wrong end (within float32's last step of 0 or 1). */
  saturatedShare: number;
}

/** A statistic over seeds: mean and the half-width of its 95% confidence interval (0 with one seed). */
export interface Stat {
  mean: number;
  ci95: number;
  values: number[];
}

/** One row of the table. */
export interface ActivationSummary {
  activation: string;
  finalAccuracy: Stat;
  finalBce: Stat;
  /** First epoch at which the mean accuracy over seeds reaches 90%, or null for never. */
  epochTo90: number | null;
  /** First-layer over output-layer mean |grad| in the last epoch: the vanishing-gradient diagnostic. */
  gradRatio: Stat;
  /** Share of dead hidden units, for the ReLU family; null otherwise. */
  deadShare: Stat | null;
  /** Training time per run, ms (every seed, diverged or not). */
  ms: Stat;
  /** Share of samples whose output ended saturated at the wrong end (within float32's last step of 0 or 1). */
  saturatedShare: Stat;
  /** Final accuracy on the validation rows, and the generalisation gap (training − validation accuracy, final epoch); null without validation. */
  finalValAccuracy: Stat | null;
  generalisationGap: Stat | null;
  /**
   * The seeds whose run diverged (a weight, output or loss became NaN or ±Infinity), the earliest
   * such epoch, and how many seeds were run; null when none diverged. The statistics above are
   * over the seeds that did not diverge.
   */
  diverged: { seeds: number[]; epoch: number; of: number } | null;
}

/** The model's output probability on a regular grid over the data, for the decision-boundary figure. */
export interface BoundaryGrid {
  activation: string;
  x: { min: number; max: number; steps: number };
  y: { min: number; max: number; steps: number };
  /** p[iy * x.steps + ix] = P(label 1) at (x.min + ix·dx, y.min + iy·dy). */
  p: number[];
}

/** "Why nonlinear": an identity network multiplied out into its single equivalent linear layer. */
export interface Collapse {
  /** The equivalent layer: logit = weight · x + bias. */
  weight: number[];
  bias: number;
  /** Largest |Δ| between the trained identity network's outputs and the collapsed layer's, on the data. */
  maxAbsDiff: number;
  /** Accuracy of the trained identity network on the data. */
  accuracy: number;
  layers: number[];
}

export interface StudyResult {
  config: StudyConfig;
  data: Dataset;
  runs: RunResult[];
  summaries: ActivationSummary[];
  /** 2–4 plain sentences derived from the numbers. */
  findings: string[];
  /** One per activation, from its seed-0 run. */
  boundaries: BoundaryGrid[];
  /** Present when an identity network was trained (asked for, or for the report). */
  collapse?: Collapse;
  /** Wall time of all training, ms. */
  trainingMs: number;
  /** Each activation against the baseline over the paired seeds (src/compare/paired.ts, docs/statistics.md); with one seed its rows say so. */
  paired?: PairedComparison;
}
