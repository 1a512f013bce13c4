// The kernels' backward pass against an independent float64 reference: central finite
// differences of the BCE loss of a small network built from the registry's reference f.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ACTIVATIONS } from '../src/activations/registry.js';
import { BACKENDS, loadCore } from '../src/core/load.js';
import { Mlp } from '../src/model/mlp.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { writeBlocks } from '../src/train/blocks.js';
import { Workspace } from '../src/train/workspace.js';

const LAYERS = [2, 4, 3, 1];
const N = 6;

/** float64 BCE of the network with parameters `theta` (block order), reference activations. */
function referenceLoss(theta: Float64Array, X: Float64Array, y: Uint8Array, f: (x: number) => number): number {
  let loss = 0;
  for (let s = 0; s < N; s++) {
    let input = [X[2 * s]!, X[2 * s + 1]!];
    let at = 0;
    for (let l = 0; l + 1 < LAYERS.length; l++) {
      const nIn = LAYERS[l]!,
        nOut = LAYERS[l + 1]!;
      const out: number[] = [];
      for (let o = 0; o < nOut; o++) {
        let z = theta[at + nOut * nIn + o]!;
        for (let i = 0; i < nIn; i++) z += theta[at + o * nIn + i]! * input[i]!;
        const last = l + 2 === LAYERS.length;
        out.push(last ? 1 / (1 + Math.exp(-z)) : f(z));
      }
      at += nOut * nIn + nOut;
      input = out;
    }
    const p = input[0]!;
    loss -= y[s]! ? Math.log(p) : Math.log(1 - p);
  }
  return loss / N;
}

for (const backend of BACKENDS) {
  const gradcheck = suite(`backward pass vs float64 finite differences (${backend})`);
  for (const spec of ACTIVATIONS) {
    gradcheck(`dense + ${spec.name} + sigmoid + BCE`, async () => {
      const core = await loadCore({ backend });
      const rng = new Mt19937(7 + spec.id);
      const model = new Mlp(core, { layers: LAYERS, activation: spec.name, rng });
      const X = Float64Array.from({ length: 2 * N }, () => rng.uniform(-2, 2));
      const y = Uint8Array.from({ length: N }, (_, s) => s % 2);
      const data = { X, y, nSamples: N, nFeatures: 2, name: 'random' };
      const [block] = writeBlocks(core, data, N).blocks;
      const workspace = new Workspace(model, block!.padded);
      workspace.forward(block!);
      workspace.backward(block!);
      const kernelGrad = core.f32(model.grads, model.paramCount).slice();

      const theta = Float64Array.from(model.parameters());
      const f = (x: number) => spec.f(x, spec.options);
      const h = 1e-6;
      let worst = 0;
      for (let k = 0; k < theta.length; k++) {
        const saved = theta[k]!;
        theta[k] = saved + h;
        const up = referenceLoss(theta, X, y, f);
        theta[k] = saved - h;
        const down = referenceLoss(theta, X, y, f);
        theta[k] = saved;
        const numeric = (up - down) / (2 * h);
        const error = Math.abs(kernelGrad[k]! - numeric) / (1e-4 + Math.abs(numeric));
        worst = Math.max(worst, error);
      }
      // float32 kernels against float64 differences: relative agreement to ~1e-3 is float32 rounding.
      assert.ok(worst < 2e-3, `${spec.name}: worst relative gradient error ${worst}`);
    });
  }
  gradcheck.run();
}
