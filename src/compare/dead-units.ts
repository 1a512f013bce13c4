import type { Dataset } from '../datasets/dataset.js';
import { inspectLayers } from '../model/inspect.js';
import type { Mlp } from '../model/mlp.js';

/** Activations whose units can die: zero output (relu, relu6) or never positive (leaky_relu). */
export const DYING_ACTIVATIONS: readonly string[] = ['relu', 'relu6', 'leaky_relu'];

/**
 * Share of the units of hidden layers with such an activation whose pre-activation is ≤ 0 for
 * every row of the data: a dead ReLU outputs 0 and passes no gradient. null when no hidden layer's
 * activation can make a unit dead.
 */
export function deadUnitShare(model: Mlp, data: Dataset): number | null {
  const dying = model.activations.map((a) => DYING_ACTIVATIONS.includes(a.spec.name));
  if (!dying.includes(true)) return null;
  const hidden = model.linear.slice(0, -1);
  const alive = hidden.map((layer) => new Uint8Array(layer.nOut));
  inspectLayers(model, data, (block, _start, layer) => {
    hidden.forEach(({ nOut }, l) => {
      const { z } = layer(l);
      for (let o = 0; o < nOut; o++) {
        if (alive[l]![o]) continue;
        for (let s = 0; s < block.n; s++) {
          if (z[o * block.padded + s]! > 0) {
            alive[l]![o] = 1;
            break;
          }
        }
      }
    });
  });
  const counted = alive.filter((_, l) => dying[l]);
  const units = counted.reduce((n, a) => n + a.length, 0);
  const dead = counted.reduce((n, a) => n + a.filter((v) => v === 0).length, 0);
  return units === 0 ? 0 : dead / units;
}
