import type { Allocation } from '../core/arena.js';
import { bufferBytes, checkPlan } from '../core/memory.js';
import type { Dataset } from '../datasets/dataset.js';
import { type Block, fillBlock, padToLanes } from '../train/blocks.js';
import { Workspace } from '../train/workspace.js';
import { float32Number, InputError, isArrayLike } from '../validate.js';
import type { Mlp } from './mlp.js';

/** Rows per forward block when inspecting a model on a whole data set. */
const INSPECT_BLOCK = 1024;

/**
 * Runs the model forward over every row of `data` (in blocks, in the core's memory) and hands
 * each block's layer buffers to `visit`: z and y of layer l as f32 views [nOut][padded], valid
 * only during the call. It takes the memory of one block whatever the number of rows, and gives
 * it back afterwards, also when `visit` throws.
 */
export function inspectLayers(
  model: Mlp,
  data: Pick<Dataset, 'X' | 'y' | 'nSamples' | 'nFeatures'>,
  visit: (block: Block, start: number, layer: (l: number) => { z: Float32Array; y: Float32Array }) => void,
): void {
  const core = model.core;
  model.assertNotDisposed();
  const rows = Math.min(INSPECT_BLOCK, data.nSamples);
  const capacity = padToLanes(rows);
  const blockBuffers = [data.nFeatures * capacity * 4, capacity * 4]; // x and t
  checkPlan(core, 'for a forward pass', [
    { what: 'workspace', bytes: bufferBytes(Workspace.buffers(model.linear, capacity)), field: 'layers', value: model.layers },
    { what: 'data block', bytes: bufferBytes(blockBuffers), field: 'layers', value: model.layers },
  ]);
  const workspace = new Workspace(model, capacity);
  let buffers: Allocation | undefined;
  try {
    buffers = core.arena.allocAll(blockBuffers);
    const [x, t] = buffers.ptrs as [number, number];
    for (let start = 0; start < data.nSamples; start += rows) {
      const n = Math.min(rows, data.nSamples - start);
      // The same buffers for every block: a short last block is laid out for its own padded width.
      const block: Block = { x, t, n, padded: padToLanes(n) };
      fillBlock(core, data, block, start);
      workspace.forward(block);
      visit(block, start, (l) => {
        const { z, y } = workspace.layerBuffers(l);
        const size = model.linear[l]!.nOut * block.padded;
        return { z: core.f32(z, size), y: core.f32(y, size) };
      });
    }
  } finally {
    buffers?.dispose();
    workspace.dispose();
  }
}

/** Rows for predict(): one array per row (number[][]), or all rows in one flat row-major array. */
export type PredictInput = ArrayLike<number> | readonly ArrayLike<number>[];

/**
 * The model's output probabilities P(label 1), one per row of X. X is either rows
 * (`[[x1, x2], ...]`) or one flat row-major array (`[x1, x2, x1, x2, ...]`, a typed array too),
 * each row as wide as the network's input. Bad input throws an InputError naming `field`.
 */
export function predict(model: Mlp, X: PredictInput, field = 'X'): Float32Array {
  const nFeatures = model.layers[0]!;
  const flat = predictionRows(X, nFeatures, field);
  const nSamples = flat.length / nFeatures;
  const out = new Float32Array(nSamples);
  if (nSamples === 0) return out;
  const last = model.linear.length - 1;
  inspectLayers(model, { X: flat, y: new Uint8Array(nSamples), nSamples, nFeatures }, (block, start, layer) => {
    out.set(layer(last).y.subarray(0, block.n), start);
  });
  return out;
}

/** X as one flat Float64Array, every value checked finite in float32 (it is fed to f32 kernels); rows or flat. */
function predictionRows(X: unknown, nFeatures: number, field: string): Float64Array {
  if (!isArrayLike(X)) throw new InputError(field, X, 'must be an array of rows or a flat array of numbers');
  if (X.length > 0 && isArrayLike(X[0])) {
    const flat = new Float64Array(X.length * nFeatures);
    for (let i = 0; i < X.length; i++) {
      const row = X[i];
      if (!isArrayLike(row) || row.length !== nFeatures) {
        throw new InputError(`${field}[${i}]`, row, `must be a row of ${nFeatures} numbers (the network's input size)`);
      }
      for (let j = 0; j < nFeatures; j++) flat[i * nFeatures + j] = float32Number(`${field}[${i}][${j}]`, row[j]);
    }
    return flat;
  }
  if (X.length % nFeatures !== 0) {
    throw new InputError(`${field}.length`, X.length, `must be a multiple of ${nFeatures} (the network's input size) for a flat array`);
  }
  // A Float64Array (the boundary grid) is checked where it is, not copied.
  const flat = X instanceof Float64Array ? X : new Float64Array(X.length);
  for (let k = 0; k < X.length; k++) flat[k] = float32Number(`${field}[${k}]`, X[k]);
  return flat;
}
