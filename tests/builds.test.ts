// The SIMD build against the scalar build through whole training runs: identical histories and
// parameters, bit for bit, for every activation, short last batches that are not a multiple of 4,
// SGD with momentum and shuffling, and wider layers.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ActivationInput } from '../src/activations/hidden.js';
import { activationNames } from '../src/activations/registry.js';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { Mlp } from '../src/model/mlp.js';
import { type TrainOptions, train } from '../src/train/train.js';

const simd = await loadCore({ backend: 'simd' });
const scalar = await loadCore({ backend: 'scalar' });
const TUTORIAL = [2, 5, 5, 5, 5, 1];
const data = makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 });

function both(layers: number[], activation: ActivationInput, options: TrainOptions, seed = 0) {
  return [simd, scalar].map((core) => {
    const m = new Mlp(core, { layers, activation, seed });
    try {
      const history = train(m, data, options);
      return { history, params: m.parameters() };
    } finally {
      m.dispose();
    }
  });
}

function bits(values: ArrayLike<number>): number[] {
  return Array.from(new Uint32Array(Float32Array.from(values).buffer));
}

function assertSame(layers: number[], activation: ActivationInput, options: TrainOptions, seed = 0): void {
  const [a, b] = both(layers, activation, options, seed);
  const label = `${JSON.stringify(activation)} ${layers.join('→')} batch ${options.batchSize}`;
  assert.equal(a!.history, b!.history, label);
  assert.equal(a!.params, b!.params, label);
  assert.equal(bits(a!.params), bits(b!.params), label);
}

const builds = suite('SIMD and scalar builds train bit-identically');

builds('every activation, tutorial network, batch 32: SIMD == scalar', () => {
  for (const activation of activationNames()) {
    assertSame(TUTORIAL, activation, { epochs: 10, batchSize: 32, optimizer: { name: 'adam', lr: 1e-2 } });
  }
});

builds('short last batches (28 → 20, 30 → 10 padded to 12): SIMD == scalar', () => {
  for (const activation of activationNames()) {
    for (const batchSize of [28, 30]) {
      assertSame(TUTORIAL, activation, { epochs: 10, batchSize, optimizer: { name: 'adam', lr: 1e-2 } }, 1);
    }
  }
});

builds('options and lists: prelu per unit, gelu tanh, rrelu, a list per layer, short batches: SIMD == scalar', () => {
  const cases: ActivationInput[] = [
    { name: 'prelu', options: { numParameters: 5, init: -0.3 } },
    { name: 'gelu', options: { approximate: 'tanh' } },
    { name: 'rrelu', options: { lower: 0.05, upper: 0.6 } },
    ['prelu', { name: 'prelu', options: { numParameters: 5 } }, 'rrelu', { name: 'gelu', options: { approximate: 'tanh' } }],
  ];
  for (const activation of cases) {
    for (const batchSize of [32, 30])
      assertSame(TUTORIAL, activation, { epochs: 10, batchSize, seed: 3, optimizer: { name: 'adam', lr: 1e-2 } });
  }
});

builds('shuffled, SGD with momentum, 8 wide: SIMD == scalar', () => {
  for (const activation of ['relu', 'tanh', 'elu', 'hardtanh'] as const) {
    assertSame(
      [2, 8, 7, 8, 1],
      activation,
      { epochs: 10, batchSize: 30, shuffle: true, seed: 5, optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 } },
      2,
    );
  }
});

builds('wider layers (9, 16): SIMD == scalar', () => {
  for (const activation of ['relu', 'tanh', 'sigmoid', 'gelu'] as const) {
    assertSame([2, 9, 5, 1], activation, { epochs: 10, batchSize: 28, optimizer: { name: 'adam', lr: 1e-2 } });
    assertSame([2, 16, 16, 1], activation, { epochs: 10, batchSize: 30, optimizer: { name: 'adam', lr: 1e-2 } });
  }
});

builds.run();
