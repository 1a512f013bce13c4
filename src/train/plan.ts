// What one training run takes in a core's memory, part by part, computed from sizes alone before
// anything is allocated: Mlp and Trainer check their parts, and `actlab compare` checks a whole
// run before it starts, so a model too big for the 4 GiB Wasm memory is refused in one line.
import { bufferBytes, type PlanPart } from '../core/memory.js';
import type { OptimizerConfig } from '../optim/config.js';
import { Optimizer } from '../optim/optimizer.js';
import { blockTableBytes, padToLanes } from './blocks.js';
import { Workspace } from './workspace.js';

/** Rows per evaluation block: bounds the workspace for large data sets. */
export const EVAL_BLOCK = 1024;

/** The inputs to blame in a refusal: the API's option names, or the CLI's flags. */
export interface PlanFields {
  layers: string;
  batchSize: string;
  data: string;
}
export const API_FIELDS: PlanFields = { layers: 'layers', batchSize: 'batchSize', data: 'data' };

/** Parameters of an MLP with these layer sizes: every Linear's weight and bias. */
export function paramCountOf(layers: readonly number[]): number {
  return layers.slice(1).reduce((sum, nOut, l) => sum + nOut * layers[l]! + nOut, 0);
}

/** Byte sizes of a model's buffers: parameters, gradients (same layout), and the hidden and output activations' two f32 options. */
export function modelBuffers(paramCount: number): number[] {
  return [paramCount * 4, paramCount * 4, 8, 8];
}

/** The model's part of a plan. */
export function modelPart(layers: readonly number[], fields: PlanFields = API_FIELDS): PlanPart {
  return { what: 'model', bytes: bufferBytes(modelBuffers(paramCountOf(layers))), field: fields.layers, value: layers };
}

/** The sizes a Trainer derives from its options and data. */
export interface TrainingShape {
  layers: readonly number[];
  batchSize: number;
  nSamples: number;
  nFeatures: number;
  optimizer: OptimizerConfig['name'];
}

/** Rows per step (the batch, at most the data) and per evaluation block, and the workspace's capacity. */
export function blockSizes(batchSize: number, nSamples: number): { batch: number; evalBlock: number; capacity: number } {
  const batch = Math.min(batchSize, nSamples);
  const evalBlock = Math.min(EVAL_BLOCK, nSamples);
  return { batch, evalBlock, capacity: Math.max(padToLanes(batch), padToLanes(evalBlock)) };
}

/** A Trainer's parts of a plan: its workspace, the optimizer's state and the data blocks. */
export function trainingParts(shape: TrainingShape, fields: PlanFields = API_FIELDS): PlanPart[] {
  const { layers, batchSize, nSamples, nFeatures } = shape;
  const { batch, evalBlock, capacity } = blockSizes(batchSize, nSamples);
  const linear = layers.slice(1).map((nOut) => ({ nOut }));
  return [
    {
      what: 'workspace',
      bytes: bufferBytes(Workspace.buffers(linear, capacity)),
      // Past the evaluation block, the batch sets the workspace's size; below it, the layers do.
      ...(batch > evalBlock ? { field: fields.batchSize, value: batchSize } : { field: fields.layers, value: layers }),
    },
    {
      what: 'optimizer state',
      bytes: bufferBytes(Optimizer.buffers(paramCountOf(layers), shape.optimizer)),
      field: fields.layers,
      value: layers,
    },
    {
      what: 'data blocks',
      bytes: bufferBytes([blockTableBytes(nSamples, nFeatures, batch), blockTableBytes(nSamples, nFeatures, evalBlock)]),
      field: fields.data,
      value: `${nSamples} samples of ${nFeatures} features`,
    },
  ];
}
