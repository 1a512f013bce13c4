// The sweep as a library (platform-neutral: what src/index.ts exports). Reading and appending the
// JSONL files (files.ts) and running jobs on worker threads (execute.ts) are Node's, and the CLI's.
export { type HeatmapCell, type HeatmapOptions, heatmapSpec } from '../report/specs/heatmap.js';
export {
  type CellSettings,
  describeCell,
  optimizerLabel,
  parseHeatmapAxes,
  resolveSweep,
  resolveSweepDataset,
  runCount,
  SWEEP_AXES,
  SWEEP_DEFAULTS,
  SWEEP_LIMITS,
  type SweepAxis,
  type SweepCell,
  type SweepDataset,
  type SweepInput,
  type SweepPlan,
} from './config.js';
export { type CompareGridBase, compareGridSweep, GRID_KEYS, type GridKey, parseGrid } from './grid.js';
export { type HeatmapValue, heatmapValues, sweepHeatmapSpec } from './heatmap.js';
export { jobLabel, type SweepJob, sweepJobs } from './jobs.js';
export { canonicalJson, cellKey, jobKey } from './key.js';
export { PLAN_FORMAT, parseJobLine, parseResultLine, planLine, RESULT_FORMAT, resultLine, type SweepRunRecord } from './line.js';
export { sha256Hex } from './sha256.js';
export { cellOf, cellSpec, datasetOf, runJobOf, runSweepSpec, type SweepSpec, trainingSpecOf, validateSweepSpec } from './spec.js';
export { type CellSummary, epochTo90, summarizeSweep, sweepTable } from './summary.js';
