// actlab's public API: platform-neutral (Node and browsers); the CLI lives in src/cli.

export {
  type ActivationEntry,
  type ActivationInput,
  activationEntry,
  activationStateKey,
  describeActivation,
  describeActivations,
  resolveHiddenActivations,
  type StateTensor,
  stateTensors,
} from './activations/hidden.js';
export { evaluateActivation } from './activations/kernels.js';
export {
  ACTIVATIONS,
  type ActivationName,
  type ActivationOptions,
  type ActivationSpec,
  type ActivationState,
  activationNames,
  DEFAULT_ACTIVATION,
  getActivation,
  isActivationName,
  type OptionBound,
  optionBytes,
  type ResolvedActivation,
  resolveActivationOptions,
} from './activations/registry.js';
export { type CallExpr, type CallValue, formatCall, parseCall } from './call-syntax.js';
export { boundaryGrid } from './compare/boundary.js';
export { collapseIdentityNetwork } from './compare/collapse.js';
export { deadUnitShare } from './compare/dead-units.js';
export { chanceLevel, findings, VANISHING_RATIO } from './compare/findings.js';
export { type HistoryRow, historyCsv, historyRows } from './compare/history-rows.js';
export { inlineExecutor, type RunExecutor, type RunJob, runJob } from './compare/job.js';
export {
  canonicalDifferences,
  type EpochSpread,
  type PairedComparison,
  type PairedDifference,
  type PairedDropped,
  type PairedInterval,
  type PairedOptions,
  type PairedRow,
  pairedComparison,
  pairedTable,
  type RunOutcome,
  runOutcome,
  TIE_TOLERANCE,
} from './compare/paired.js';
export { RunFailedError, RunFailure } from './compare/run-failure.js';
export { plan, runStudy, type StudyOptions } from './compare/study.js';
export { gradRatio, summarize } from './compare/summary.js';
export { summaryTable } from './compare/table.js';
export type * from './compare/types.js';
export { Allocation, Arena, type FreeRange } from './core/arena.js';
export type { Kernels } from './core/kernels.js';
export {
  ALL_BACKENDS,
  BACKENDS,
  type Backend,
  type CompiledKernels,
  Core,
  compileKernels,
  type LoadOptions,
  loadCore,
  simdSupported,
} from './core/load.js';
export { type MemoryInfo, memory } from './core/memory.js';
export { RELAXED_SIMD_FLAG, relaxedSimdSupported } from './core/relaxed.js';
export { type CirclesOptions, makeCircles } from './datasets/circles.js';
export { parseCsvDataset } from './datasets/csv.js';
export type { Dataset } from './datasets/dataset.js';
export { checkDataset, datasetFromArrays } from './datasets/from-arrays.js';
export { makeGaussian } from './datasets/gaussian.js';
export { makeMoons } from './datasets/moons.js';
export { DATASET_NAMES, datasetDefaults, describeDataset, makeDataset } from './datasets/registry.js';
export { makeSpiral } from './datasets/spiral.js';
export { type Split, stratifiedSplit, validationShare } from './datasets/split.js';
export { makeXor } from './datasets/xor.js';
export {
  calculateGain,
  DEFAULT_LINEAR_INIT,
  describeInit,
  describeLinearInit,
  getInitialiser,
  INITIALISER_NAMES,
  INITIALISERS,
  type InitInput,
  type InitialiserSpec,
  type InitName,
  type InitOptionValue,
  type InitSource,
  initialiseLinear,
  initialiserNames,
  isInitName,
  type LinearInit,
  type LinearInitInput,
  linearInitInput,
  NONLINEARITIES,
  parseInit,
  type ResolvedInit,
  resolveInit,
  resolveLinearInit,
} from './init/index.js';
export { jsonNumber, jsonText } from './json.js';
export { MAX_BATCH_SIZE, MAX_EPOCHS, MAX_LAYER_SIZE, MAX_SAMPLES, MAX_SEED } from './limits.js';
export { inspectLayers, type PredictInput, predict } from './model/inspect.js';
export { type LinearLayer, Mlp, type MlpOptions } from './model/mlp.js';
export { type StateDict, stateDictShapes } from './model/state-dict.js';
export { type AdamConfig, type OptimizerConfig, type OptimizerInput, resolveOptimizer, type SgdConfig } from './optim/config.js';
export { describeOptimizer } from './optim/describe.js';
export { Optimizer } from './optim/optimizer.js';
export {
  type BooleanHyper,
  getOptimizer,
  type HyperRule,
  type HyperSpec,
  type HyperValue,
  isOptimizerName,
  type NumberHyper,
  OPTIMIZER_NAMES,
  OPTIMIZERS,
  type OptimizerName,
  type OptimizerRow,
  type OptimizerSpec,
  type PairHyper,
  takesSetting,
} from './optim/registry.js';
export { Mt19937 } from './random/mt19937.js';
export { TorchGenerator, type TorchSeed, torchSeedValue } from './random/torch-generator.js';
export { type TorchLinearParameters, torchLinearBounds, torchLinearInit } from './random/torch-linear-init.js';
// The report's figures as vega-lite specs and its summary table as HTML: plain JSON and strings,
// so neither vega's runtime nor vega-lite's types (which need lib "dom") come with the API.
export { powerOfTen } from './report/format.js';
export { activationColors } from './report/specs/activation-colors.js';
export { activationsSpec } from './report/specs/activations.js';
export { type BoundaryOptions, boundarySpec } from './report/specs/boundary.js';
export { datasetSpec, sampleNote } from './report/specs/dataset.js';
export { gradRatioSpec } from './report/specs/grad-ratio.js';
export { historySpec } from './report/specs/history.js';
export { accuracyOverlaySpec } from './report/specs/overlay.js';
export type { VegaLiteSpec } from './report/specs/vega-lite-spec.js';
export { SUMMARY_TABLE_CSS, summaryTableHtml } from './report/summary-table.js';
export { ActivationId } from './shared/activation-id.js';
export { parseSpecText, runSpec, type SpecResult, type TrainingSpec, validateSpec } from './spec/spec.js';
export {
  BOOTSTRAP_RESAMPLES,
  type BootstrapInterval,
  type BootstrapOptions,
  bootstrapInterval,
  median,
  normalCdf,
  normalSf,
  percentile,
  percentiles,
  type Quartiles,
  quartiles,
  studentTCdf,
  studentTQuantile,
  type TInterval,
  tInterval,
  type WilcoxonResult,
  wilcoxonSignedRank,
} from './stats/index.js';
// Sweeps (actlab sweep / run-job as a library): resolve a SWEEP.json, its jobs and keys, the JSONL line formats, the table and the heat map.
export * from './sweep/index.js';
export { type Divergence, type NonFiniteAction, TrainingDivergedError } from './train/divergence.js';
export { type History, Trainer, type TrainOptions, train } from './train/train.js';
export { InputError } from './validate.js';
