import type { Dataset } from '../datasets/dataset.js';
import { inspectLayers } from '../model/inspect.js';
import type { Mlp } from '../model/mlp.js';
import type { Collapse } from './types.js';

/**
 * "Why nonlinear": with the identity activation, x ↦ W_L(…(W_1 x + b_1)…) + b_L is one affine
 * map. Multiplies the trained layers out (float64) into that single layer and measures, on the
 * data, the largest gap between its logits and the network's own (float32 kernels).
 */
export function collapseIdentityNetwork(model: Mlp, data: Dataset, accuracy: number): Collapse {
  if (model.activation !== 'identity') throw new Error(`only an identity network collapses, not ${model.activation}`);
  const dict = model.stateDict();
  // Running product M = W_l·…·W_0 ([out][in0]) and offset c, layer by layer.
  let M: number[][] = [];
  let c: number[] = [];
  model.linear.forEach((_layer, l) => {
    const W = dict[`layer${l}.weight`] as number[][];
    const b = dict[`layer${l}.bias`] as number[];
    if (l === 0) {
      M = W.map((row) => [...row]);
      c = [...b];
      return;
    }
    M = W.map((row) => M[0]!.map((_, j) => row.reduce((s, w, k) => s + w * M[k]![j]!, 0)));
    c = W.map((row, o) => row.reduce((s, w, k) => s + w * c[k]!, 0) + b[o]!);
  });
  const weight = M[0]!;
  const bias = c[0]!;

  const last = model.linear.length - 1;
  let maxAbsDiff = 0;
  inspectLayers(model, data, (block, start, layer) => {
    const { z } = layer(last);
    for (let s = 0; s < block.n; s++) {
      const row = (start + s) * data.nFeatures;
      let logit = bias;
      for (let f = 0; f < data.nFeatures; f++) logit += weight[f]! * data.X[row + f]!;
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(z[s]! - logit));
    }
  });
  return { weight, bias, maxAbsDiff, accuracy, layers: [...model.layers] };
}
