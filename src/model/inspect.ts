import type { Dataset } from '../datasets/dataset.js';
import { padToLanes, writeBlocks, type Block } from '../train/blocks.js';
import { Workspace } from '../train/workspace.js';
import type { Mlp } from './mlp.js';

/** Rows per forward block when inspecting a model on a whole data set. */
const INSPECT_BLOCK = 1024;

/**
 * Runs the model forward over every row of `data` (in blocks, in the core's memory) and hands
 * each block's layer buffers to `visit`: z and y of layer l as f32 views [nOut][padded], valid
 * only during the call. The memory used is given back afterwards.
 */
export function inspectLayers(
  model: Mlp,
  data: Pick<Dataset, 'X' | 'y' | 'nSamples' | 'nFeatures'>,
  visit: (block: Block, start: number, layer: (l: number) => { z: Float32Array; y: Float32Array }) => void,
): void {
  const core = model.core;
  const mark = core.arena.mark();
  try {
    const rows = Math.min(INSPECT_BLOCK, data.nSamples);
    const workspace = new Workspace(model, padToLanes(rows));
    const { blocks } = writeBlocks(core, { ...data, name: '' }, rows);
    blocks.forEach((block, k) => {
      workspace.forward(block);
      visit(block, k * rows, (l) => {
        const { z, y } = workspace.layerBuffers(l);
        const n = model.linear[l]!.nOut * block.padded;
        return { z: core.f32(z, n), y: core.f32(y, n) };
      });
    });
  } finally {
    core.arena.release(mark);
  }
}

/** The model's output probabilities P(label 1) for every row of X (row-major, nFeatures wide). */
export function predict(model: Mlp, X: Float64Array, nFeatures = model.layers[0]!): Float32Array {
  const nSamples = X.length / nFeatures;
  const out = new Float32Array(nSamples);
  const last = model.linear.length - 1;
  inspectLayers(model, { X, y: new Uint8Array(nSamples), nSamples, nFeatures }, (block, start, layer) => {
    out.set(layer(last).y.subarray(0, block.n), start);
  });
  return out;
}
