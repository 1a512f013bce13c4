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

/** The hidden activation of unit o of layer l at z, reading any state from `theta` (block order). */
type HiddenF = (z: number, l: number, o: number, theta: Float64Array) => number;

/** float64 BCE of the network with parameters `theta` (block order), reference activations. */
function referenceLoss(theta: Float64Array, X: Float64Array, y: Uint8Array, f: HiddenF): number {
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
        out.push(last ? 1 / (1 + Math.exp(-z)) : f(z, l, o, theta));
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
  // Those with state (prelu) are below, with the state read from the parameters.
  for (const spec of ACTIVATIONS.filter((a) => !a.state)) {
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
      const worst = worstError(theta, kernelGrad, X, y, (z) => spec.f(z, spec.options));
      // float32 kernels against float64 differences: relative agreement to ~1e-3 is float32 rounding.
      assert.ok(worst < 2e-3, `${spec.name}: worst relative gradient error ${worst}`);
      model.dispose();
    });
  }
  // PReLU's weight is a parameter too: its gradient against the differences, one weight per layer
  // and one per unit, at weights of both signs (not only the init, where it equals leaky_relu).
  for (const perUnit of [false, true]) {
    gradcheck(
      `dense + prelu (${perUnit ? 'one weight per unit' : 'one weight per layer'}) + sigmoid + BCE: the weight's gradient`,
      async () => {
        const core = await loadCore({ backend });
        const rng = new Mt19937(perUnit ? 41 : 40);
        const activation = LAYERS.slice(1, -1).map((width) => ({
          name: 'prelu' as const,
          options: { numParameters: perUnit ? width : 1 },
        }));
        const model = new Mlp(core, { layers: LAYERS, activation, rng });
        const dict = model.stateDict();
        for (const tensor of model.state) dict[tensor.key] = Array.from({ length: tensor.length }, () => rng.uniform(-1.5, 1.5));
        model.loadStateDict(dict);
        const X = Float64Array.from({ length: 2 * N }, () => rng.uniform(-2, 2));
        const y = Uint8Array.from({ length: N }, (_, s) => s % 2);
        const [block] = writeBlocks(core, { X, y, nSamples: N, nFeatures: 2, name: 'random' }, N).blocks;
        const workspace = new Workspace(model, block!.padded);
        workspace.forward(block!);
        workspace.backward(block!);
        const kernelGrad = core.f32(model.grads, model.paramCount).slice();
        const theta = Float64Array.from(model.parameters());
        const starts = new Map<number, { at: number; length: number }>();
        let at = LAYERS.slice(1).reduce((n, nOut, l) => n + nOut * LAYERS[l]! + nOut, 0);
        for (const tensor of model.state) {
          starts.set(tensor.layer, { at, length: tensor.length });
          at += tensor.length;
        }
        const f: HiddenF = (z, l, o, t) => {
          const { at: start, length } = starts.get(l)!;
          return z > 0 ? z : t[start + (length > 1 ? o : 0)]! * z;
        };
        const worst = worstError(theta, kernelGrad, X, y, f);
        assert.ok(worst < 2e-3, `worst relative gradient error ${worst}`);
        const stateWorst = worstError(theta, kernelGrad, X, y, f, starts.values().next().value!.at);
        assert.ok(stateWorst < 2e-3, `the weights' own: ${stateWorst}`);
        assert.ok(
          Array.from(kernelGrad.subarray(starts.get(0)!.at)).some((g) => g !== 0),
          'a nonzero gradient reaches the weights',
        );
        workspace.dispose();
        model.dispose();
      },
    );
  }
  gradcheck.run();
}

/** The largest relative error of kernelGrad[k] against a central difference of the reference loss, for k >= from. */
function worstError(theta: Float64Array, kernelGrad: Float32Array, X: Float64Array, y: Uint8Array, f: HiddenF, from = 0): number {
  const h = 1e-6;
  let worst = 0;
  for (let k = from; k < theta.length; k++) {
    const saved = theta[k]!;
    theta[k] = saved + h;
    const up = referenceLoss(theta, X, y, f);
    theta[k] = saved - h;
    const down = referenceLoss(theta, X, y, f);
    theta[k] = saved;
    const numeric = (up - down) / (2 * h);
    worst = Math.max(worst, Math.abs(kernelGrad[k]! - numeric) / (1e-4 + Math.abs(numeric)));
  }
  return worst;
}
