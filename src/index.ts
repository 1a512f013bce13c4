// actlab's public API: platform-neutral (Node and browsers); the CLI lives in src/cli.
export { loadCore, simdSupported, Core, BACKENDS, type Backend, type LoadOptions } from './core/load.js';
export type { Kernels } from './core/kernels.js';
export { Arena } from './core/arena.js';
export { ActivationId } from './shared/activation-id.js';
export {
  ACTIVATIONS, activationNames, getActivation, isActivationName, resolveActivationOptions,
  type ActivationName, type ActivationOptions, type ActivationSpec,
} from './activations/registry.js';
export { evaluateActivation } from './activations/kernels.js';
export { Mt19937 } from './random/mt19937.js';
export { makeCircles, type CirclesOptions } from './datasets/circles.js';
export type { Dataset } from './datasets/dataset.js';
export { datasetFromArrays, checkDataset } from './datasets/from-arrays.js';
export { makeMoons } from './datasets/moons.js';
export { makeXor } from './datasets/xor.js';
export { makeSpiral } from './datasets/spiral.js';
export { makeGaussian } from './datasets/gaussian.js';
export { DATASET_NAMES, makeDataset, describeDataset, datasetDefaults } from './datasets/registry.js';
export { parseCsvDataset } from './datasets/csv.js';
export { Mlp, type MlpOptions, type LinearLayer } from './model/mlp.js';
export { stateDictShapes, type StateDict } from './model/state-dict.js';
export {
  resolveOptimizer, type OptimizerConfig, type OptimizerInput, type AdamConfig, type SgdConfig,
} from './optim/config.js';
export { Optimizer } from './optim/optimizer.js';
export { train, Trainer, type TrainOptions, type History } from './train/train.js';
export { parseSpecText, validateSpec, runSpec, type TrainingSpec, type SpecResult } from './spec/spec.js';
export { predict, inspectLayers, type PredictInput } from './model/inspect.js';
export { runStudy, plan, type StudyOptions } from './compare/study.js';
export { inlineExecutor, runJob, type RunJob, type RunExecutor } from './compare/job.js';
export { summarize, gradRatio } from './compare/summary.js';
export { findings, chanceLevel } from './compare/findings.js';
export { summaryTable } from './compare/table.js';
export { historyRows, historyCsv, type HistoryRow } from './compare/history-rows.js';
export { boundaryGrid } from './compare/boundary.js';
export { collapseIdentityNetwork } from './compare/collapse.js';
export { deadUnitShare } from './compare/dead-units.js';
export type * from './compare/types.js';
export { InputError } from './validate.js';
