// Every optimizer of the registry against torch.optim, step by step: the same float32 tensor, the
// same gradients set by hand, five steps (tests/reference/optimizer-steps.json, written by
// scripts/pytorch-reference.py). With no layers in between, nothing but the optimizer's own float32
// arithmetic can differ: a wrong formula, setting or operand order is off by far more than the few
// ulps PyTorch's fused multiply-adds account for (see MAX_ULPS).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BACKENDS, loadCore } from '../src/core/load.js';
import { Mlp } from '../src/model/mlp.js';
import { resolveOptimizer } from '../src/optim/config.js';
import { Optimizer } from '../src/optim/optimizer.js';
import { OPTIMIZER_NAMES } from '../src/optim/registry.js';
import { REFERENCE_DIR, readJson } from './helpers/fixtures.js';

interface StepCase {
  optimizer: Record<string, unknown> & { name: string };
  w0: number[];
  grads: number[][];
  after: number[][];
}

const reference: { cases: StepCase[] } = readJson(REFERENCE_DIR + 'optimizer-steps.json');
/** A network with exactly the reference's 37 parameters; the optimizer sees one flat block either way. */
const LAYERS = [2, 5, 3, 1];
const floats = (bits: number[]) => new Float32Array(Uint32Array.from(bits).buffer);
const label = (c: StepCase) => JSON.stringify(c.optimizer);

// PyTorch's AVX2 kernels fuse w + alpha·d (add_, addcmul_) into one FMA in their vector lanes and
// round twice in the scalar tail; Wasm has no FMA, so the kernels round twice everywhere and a step
// can land 1 ulp off, which later steps carry along. Distances are measured in ulps of the value, or
// of 1 for a smaller one: the weights here are O(1), and one that lands near 0 got there by adding
// O(1) terms, so its rounding is that of 1, not of its own tiny ulp.
const FLOOR = 1;
/** |a - b| in float32 ulps of max(|b|, FLOOR). */
function ulpDistance(a: number, b: number): number {
  const scale = Math.max(Math.abs(b), FLOOR);
  return Math.abs(a - b) / 2 ** (Math.floor(Math.log2(scale)) - 23);
}
const MAX_ULPS = 2;

const steps = suite('optimizer steps against torch.optim');

steps('the reference covers every optimizer of the registry', () => {
  assert.equal([...new Set(reference.cases.map((c) => c.optimizer.name))].sort(), [...OPTIMIZER_NAMES].sort());
});

for (const backend of BACKENDS) {
  steps(`${backend}: every step of every setting lands within MAX_ULPS of torch.optim's float32 value`, async () => {
    const core = await loadCore({ backend });
    for (const c of reference.cases) {
      const model = new Mlp(core, { layers: LAYERS });
      const optimizer = new Optimizer(model, resolveOptimizer(c.optimizer));
      try {
        assert.is(model.paramCount, c.w0.length, 'parameter count');
        core.f32(model.params, model.paramCount).set(floats(c.w0));
        c.grads.forEach((grad, t) => {
          core.f32(model.grads, model.paramCount).set(floats(grad));
          optimizer.step();
          const got = model.parameters();
          const want = floats(c.after[t]!);
          const worst = Math.max(...Array.from(got, (x, i) => ulpDistance(x, want[i]!)));
          if (process.env.ACTLAB_ULPS) console.log(backend, label(c), `step ${t + 1}`, worst);
          assert.ok(worst <= MAX_ULPS, `${label(c)} step ${t + 1}: ${worst} ulps from PyTorch's value (at most ${MAX_ULPS})`);
        });
      } finally {
        optimizer.dispose();
        model.dispose();
      }
    }
  });
}

steps.run();
