// What one training run takes in a core's memory, part by part, computed from sizes alone before
// anything is allocated: Mlp and Trainer check their parts, and `actlab compare` checks a whole
// run before it starts, so a model too big for the 4 GiB Wasm memory is refused in one line.
import { type StateTensor, stateTensors } from '../activations/hidden.js';
import {
  DEFAULT_ACTIVATION,
  getActivation,
  optionBytes,
  type ResolvedActivation,
  resolveActivationOptions,
} from '../activations/registry.js';
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
  /** f32 values of each block: the Linear layers' [W0, b0, W1, b1, ...], then the hidden activations' state. */
  readonly paramCount: number;
  /** Index in the blocks where the activations' state starts (the Linear layers' count); it runs to paramCount. */
  readonly stateOffset: number;
  /** The hidden activations' learnable tensors, in block order from stateOffset. */
  readonly state: readonly StateTensor[];
  /** Byte offset of each hidden layer's options in the options buffer. */
  readonly optionOffsets: readonly number[];
  /** Bytes to allocate, in this order: parameters, gradients, the hidden activations' options (one after another), the output sigmoid's. */
  readonly buffers: readonly number[];
}

// The output is always one sigmoid unit (for BCE).
const OUTPUT_ACTIVATION = getActivation('sigmoid');

/**
 * One resolved activation per hidden layer: `activations` as given, or every layer with the named
 * activation (default relu) and its default options.
 */
export function hiddenActivationsOf(
  layers: readonly number[],
  activations: readonly ResolvedActivation[] | string = DEFAULT_ACTIVATION,
): readonly ResolvedActivation[] {
  if (typeof activations !== 'string') return activations;
  const one = resolveActivationOptions(activations);
  return Array.from({ length: Math.max(0, layers.length - 2) }, () => one);
}

/**
 * The layout of a model with these layer sizes and hidden activations (one per hidden layer). The
 * state goes after the Linear layers' parameters, in the same block, layer by layer, as PyTorch's
 * parameters() orders the reference network's tensors (layer0..layerK, then act0..): one
 * optimizer call updates it all.
 */
export function modelLayout(
  layers: readonly number[],
  activations: readonly ResolvedActivation[] | string = DEFAULT_ACTIVATION,
): ModelLayout {
  const hidden = hiddenActivationsOf(layers, activations);
  const stateOffset = paramCountOf(layers);
  const state = stateTensors(hidden, layers);
  const paramCount = stateOffset + state.reduce((sum, tensor) => sum + tensor.length, 0);
  const optionOffsets: number[] = [];
  let optionsBytes = 0;
  for (const activation of hidden) {
    optionOffsets.push(optionsBytes);
    optionsBytes += optionBytes(activation.spec);
  }
  return {
    paramCount,
    stateOffset,
    state,
    optionOffsets,
    buffers: [paramCount * 4, paramCount * 4, Math.max(4, optionsBytes), optionBytes(OUTPUT_ACTIVATION)],
  };
}

/** The model's part of a plan, for its hidden activations (resolved, or a name for every layer; relu when not given). */
export function modelPart(
  layers: readonly number[],
  fields: PlanFields = API_FIELDS,
  activations: readonly ResolvedActivation[] | string = DEFAULT_ACTIVATION,
): PlanPart {
  return { what: 'model', bytes: bufferBytes(modelLayout(layers, activations).buffers), field: fields.layers, value: layers };
}

/** The sizes a Trainer derives from its options and data. */
export interface TrainingShape {
  layers: readonly number[];
  batchSize: number;
  nSamples: number;
  nFeatures: number;
  optimizer: OptimizerConfig;
  /** Rows of a validation set evaluated after every epoch (its blocks, and room in the workspace); none when absent. */
  validationSamples?: number;
  /** The mechanism telemetry's TelemetryGroup bits (their buffers in the workspace); 0 when absent. */
  telemetryGroups?: number;
  /** The hidden activations (or one name for all), whose state the optimizer updates too and whose RReLU layers need noise buffers; relu when not given. */
  activations?: readonly ResolvedActivation[] | string;
}

/**
 * Rows per step (the batch, at most the data) and per evaluation block, and the workspace's
 * capacity: room for the larger of those and of a validation set's evaluation block.
 */
export function blockSizes(
  batchSize: number,
  nSamples: number,
  validationSamples = 0,
): { batch: number; evalBlock: number; capacity: number } {
  const batch = Math.min(batchSize, nSamples);
  const evalBlock = Math.min(EVAL_BLOCK, nSamples);
  const validationBlock = Math.min(EVAL_BLOCK, validationSamples);
  return { batch, evalBlock, capacity: Math.max(padToLanes(batch), padToLanes(evalBlock), padToLanes(validationBlock)) };
}

/** A Trainer's parts of a plan: its workspace, the optimizer's state and the data blocks. */
export function trainingParts(shape: TrainingShape, fields: PlanFields = API_FIELDS): PlanPart[] {
  const { layers, batchSize, nSamples, nFeatures } = shape;
  const { batch, evalBlock, capacity } = blockSizes(batchSize, nSamples, shape.validationSamples);
  const hidden = hiddenActivationsOf(layers, shape.activations);
  const linear = layers.slice(1).map((nOut, l) => ({ nOut, noise: hidden[l]?.spec.randomInTraining === true }));
  return [
    {
      what: 'workspace',
      bytes: bufferBytes(Workspace.buffers(linear, capacity, shape.telemetryGroups ?? 0)),
      // Past the evaluation block, the batch sets the workspace's size; below it, the layers do.
      ...(batch > evalBlock ? { field: fields.batchSize, value: batchSize } : { field: fields.layers, value: layers }),
    },
    {
      what: 'optimizer state',
      bytes: bufferBytes(Optimizer.buffers(modelLayout(layers, hidden).paramCount, shape.optimizer)),
      field: fields.layers,
      value: layers,
    },
    {
      what: 'data blocks',
      bytes: bufferBytes([
        blockTableBytes(nSamples, nFeatures, batch),
        blockTableBytes(nSamples, nFeatures, evalBlock),
        ...(shape.validationSamples
          ? [blockTableBytes(shape.validationSamples, nFeatures, Math.min(EVAL_BLOCK, shape.validationSamples))]
          : []),
      ]),
      field: fields.data,
      value: `${nSamples} samples of ${nFeatures} features`,
    },
  ];
}
