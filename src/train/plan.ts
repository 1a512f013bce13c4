// What one training run takes in a core's memory, part by part, computed from sizes alone before
// anything is allocated: Mlp and Trainer check their parts, and `actlab compare` checks a whole
// run before it starts, so a model too big for the 4 GiB Wasm memory is refused in one line.
import { type ActivationSpec, DEFAULT_ACTIVATION, getActivation, optionBytes, stateLength } from '../activations/registry.js';
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

/** Parameters of an MLP's Linear layers with these sizes: every weight and bias (the activation's state aside). */
export function paramCountOf(layers: readonly number[]): number {
  return layers.slice(1).reduce((sum, nOut, l) => sum + nOut * layers[l]! + nOut, 0);
}

/** Where a model's values sit: one parameter block, and a gradient block laid out the same way. */
export interface ModelLayout {
  /** f32 values of each block: the Linear layers' [W0, b0, W1, b1, ...], then the hidden activation's state. */
  readonly paramCount: number;
  /** Index in the blocks where the activation's state starts (the Linear layers' count); it runs to paramCount. */
  readonly stateOffset: number;
  /** Bytes to allocate, in this order: parameters, gradients, the hidden activation's options, the output sigmoid's. */
  readonly buffers: readonly number[];
}

// The output is always one sigmoid unit (for BCE).
const OUTPUT_ACTIVATION = getActivation('sigmoid');

/**
 * The layout of a model with these layer sizes and hidden activation row. Its state goes after the
 * Linear layers' parameters, in the same block, as PyTorch's parameters() orders the reference
 * network's tensors (layer0..layerK, then act): one optimizer call updates it all.
 */
export function modelLayout(layers: readonly number[], activation: Pick<ActivationSpec, 'options' | 'state'>): ModelLayout {
  const stateOffset = paramCountOf(layers);
  const paramCount = stateOffset + stateLength(activation);
  return { paramCount, stateOffset, buffers: [paramCount * 4, paramCount * 4, optionBytes(activation), optionBytes(OUTPUT_ACTIVATION)] };
}

/** The model's part of a plan, for its hidden activation (a row or a name; the default one when not given). */
export function modelPart(
  layers: readonly number[],
  fields: PlanFields = API_FIELDS,
  activation: Pick<ActivationSpec, 'options' | 'state'> | string = DEFAULT_ACTIVATION,
): PlanPart {
  const row = typeof activation === 'string' ? getActivation(activation) : activation;
  return { what: 'model', bytes: bufferBytes(modelLayout(layers, row).buffers), field: fields.layers, value: layers };
}

/** The sizes a Trainer derives from its options and data. */
export interface TrainingShape {
  layers: readonly number[];
  batchSize: number;
  nSamples: number;
  nFeatures: number;
  optimizer: OptimizerConfig;
  /** The hidden activation, whose state the optimizer updates too; the default one when not given. */
  activation?: string;
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
      bytes: bufferBytes(
        Optimizer.buffers(modelLayout(layers, getActivation(shape.activation ?? DEFAULT_ACTIVATION)).paramCount, shape.optimizer),
      ),
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
