// Hidden activations per layer, and their learnable state (nn.PReLU's weight): the pure functions
// the Mlp is built from (modelLayout, linearLayers, initialiseParameters, stateDictShapes,
// writeLayerRecord) and the model itself. One activation for all layers, a list with one per
// layer, prelu with one weight per layer or one per unit, mixed with stateless layers.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { describeActivations, resolveHiddenActivations, stateTensors } from '../src/activations/hidden.js';
import { ACTIVATIONS, optionBytes, resolveActivationOptions } from '../src/activations/registry.js';
import { loadCore } from '../src/core/load.js';
import { bufferBytes, memory } from '../src/core/memory.js';
import { makeCircles } from '../src/datasets/circles.js';
import { predict } from '../src/model/inspect.js';
import { initialiseParameters, linearLayers, Mlp } from '../src/model/mlp.js';
import { flattenStateDict, stateDictShapes, unflattenStateDict } from '../src/model/state-dict.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { LayerRecord, NetRecord } from '../src/shared/layout.js';
import { modelLayout, modelPart, paramCountOf } from '../src/train/plan.js';
import { Trainer, train } from '../src/train/train.js';
import { Workspace, writeLayerRecord } from '../src/train/workspace.js';
import { throwsInput } from './helpers/throws.js';

const core = await loadCore();
const LAYERS = [2, 5, 3, 1];
const LINEAR = paramCountOf(LAYERS);

/** prelu with one weight per unit (5) after layer0, leaky_relu after layer1: one layer with state, one without. */
const MIXED = resolveHiddenActivations(['prelu', 'leaky_relu'], undefined, 2).map((a, l) =>
  l === 0 ? resolveActivationOptions('prelu', { numParameters: 5, init: -0.5 }) : a,
);

/** The descriptor words writeLayerRecord gives each of these layers (z and y at made-up offsets). */
function layerRecords(layers: ReturnType<typeof linearLayers>): Int32Array[] {
  return layers.map((layer, l) => {
    const words = new Int32Array(LayerRecord.Bytes / 4);
    writeLayerRecord(words, layer, 1000 + l, 2000 + l);
    return words;
  });
}

const word = (record: Int32Array, field: LayerRecord): number => record[field / 4]!;

const stateless = suite('hidden activations: the stateless ones');

stateless('no state: parameters, state dicts, plans and descriptors hold the Linear layers only', () => {
  for (const spec of ACTIVATIONS.filter((a) => !a.state)) {
    const before = memory(core).bytesInUse;
    const model = new Mlp(core, { layers: LAYERS, activation: spec.name, seed: 0 });
    assert.is(memory(core).bytesInUse - before, modelPart(LAYERS, undefined, spec.name).bytes, `${spec.name}: the plan is exact`);
    assert.is(model.paramCount, LINEAR);
    assert.equal(
      Object.keys(model.stateDict()),
      stateDictShapes(LAYERS).map((s) => s.key),
    );
    const workspace = new Workspace(model, 4);
    const words = new Int32Array(core.kernels.memory.buffer, workspace.net, (NetRecord.Header + LayerRecord.Bytes * 3) / 4);
    model.linear.forEach((layer, l) => {
      const record = words.subarray((NetRecord.Header + LayerRecord.Bytes * l) / 4);
      assert.is(word(record, LayerRecord.State), 0, `${spec.name} layer ${l}: no State`);
      assert.is(word(record, LayerRecord.StateLength), 0, `${spec.name} layer ${l}: no StateLength`);
      assert.is(
        word(record, LayerRecord.Noise) !== 0,
        l < 2 && spec.randomInTraining === true,
        `${spec.name} layer ${l}: noise only for rrelu`,
      );
      assert.is(word(record, LayerRecord.Params), layer.activationParams);
      assert.is(word(record, LayerRecord.Y), workspace.layerBuffers(l).y);
    });
    workspace.dispose();
    model.dispose();
  }
});

stateless('options beside a list: a list of the same length, one object per name', () => {
  const apart = new Mlp(core, {
    layers: LAYERS,
    activation: ['leaky_relu', 'elu'],
    activationOptions: [{ negativeSlope: 0.2 }, {}],
  });
  assert.is(apart.activation, '[leaky_relu(negativeSlope=0.2), elu]');
  apart.dispose();
});

stateless('a list gives each hidden layer its own activation and options; the label tells them apart', () => {
  const model = new Mlp(core, { layers: LAYERS, activation: [{ name: 'leaky_relu', options: { negativeSlope: 0.2 } }, 'tanh'], seed: 1 });
  assert.is(model.activation, '[leaky_relu(negativeSlope=0.2), tanh]');
  assert.equal(
    model.linear.map((l) => l.activationId),
    [
      ACTIVATIONS.find((a) => a.name === 'leaky_relu')!.id,
      ACTIVATIONS.find((a) => a.name === 'tanh')!.id,
      ACTIVATIONS.find((a) => a.name === 'sigmoid')!.id,
    ],
  );
  assert.equal(Array.from(core.f32(model.linear[0]!.activationParams, 1)), [Math.fround(0.2)]);
  model.dispose();
  const same = new Mlp(core, { layers: LAYERS, activation: 'leaky_relu', activationOptions: { negativeSlope: 0.2 } });
  assert.is(same.activation, 'leaky_relu(negativeSlope=0.2)', 'one activation with options: its call form');
  same.dispose();
  assert.is(describeActivations(resolveHiddenActivations(['relu', 'relu'], undefined, 2)), 'relu', 'the same on every layer: its name');
});

stateless('a list of the wrong length, a bad entry, or options given both ways is refused by field', () => {
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: ['relu'] }),
    'activation',
    'must list 2 activations, one per hidden layer (got 1)',
  );
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: ['relu', 'nope' as 'relu'] }),
    'activation[1]',
    'must be a registered activation',
  );
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: ['relu', { name: 'elu', options: { alpha: 'x' } }] }),
    'activation[1].options.alpha',
    'must be a finite number',
  );
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: ['relu', 'tanh'], activationOptions: { alpha: 1 } }),
    'activationOptions',
    'must be a list of 2 option objects beside the list in activation',
  );
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: ['relu', { name: 'elu' }], activationOptions: [{}, { alpha: 2 }] }),
    'activationOptions[1]',
    'cannot be combined with the options in activation[1]',
  );
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: ['prelu', 'relu'], activationOptions: [{ numParameters: 3 }, {}] }),
    'activationOptions[0].numParameters',
    'must be 1 or the width of hidden layer 0 (5)',
  );
  throwsInput(() => new Mlp(core, { layers: LAYERS, activation: { name: 'relu', extra: 1 } as never }), 'activation.extra', 'is not known');
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: 'gelu', activationOptions: { approximate: 'fast' } }),
    'activationOptions.approximate',
    'must be one of "none", "tanh"',
  );
});

stateless.run();

const stateful = suite('hidden activations: prelu, whose weight is state');

stateful("modelLayout puts each layer's weight after the Linear layers, layer by layer, in both blocks", () => {
  const layout = modelLayout(LAYERS, MIXED);
  assert.is(layout.stateOffset, LINEAR);
  assert.is(layout.paramCount, LINEAR + 5);
  assert.equal(layout.state, [{ key: 'act0.weight', layer: 0, length: 5, init: -0.5 }]);
  assert.equal(layout.optionOffsets, [0, optionBytes(MIXED[0]!.spec)]);
  assert.equal(layout.buffers, [(LINEAR + 5) * 4, (LINEAR + 5) * 4, 8 + 4, 4]);
  assert.is(modelPart(LAYERS, undefined, MIXED).bytes, bufferBytes(layout.buffers));
  const shared = resolveHiddenActivations('prelu', undefined, 2);
  assert.equal(
    modelLayout(LAYERS, shared).state.map((t) => [t.key, t.length]),
    [
      ['act0.weight', 1],
      ['act1.weight', 1],
    ],
    'one weight per layer by default, each layer its own tensor',
  );
});

stateful('numParameters is 1 or the layer width, a whole number', () => {
  throwsInput(
    () => stateTensors(resolveHiddenActivations('prelu', { numParameters: 3 }, 2), LAYERS),
    'activation[0].options.numParameters',
    'must be 1 or the width of hidden layer 0 (5)',
  );
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: 'prelu', activationOptions: { numParameters: 3 } }),
    'activationOptions.numParameters',
    'must be 1 or the width of hidden layer 0 (5)',
  );
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: ['relu', { name: 'prelu', options: { numParameters: 5 } }] }),
    'activation[1].options.numParameters',
    'must be 1 or the width of hidden layer 1 (3)',
  );
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: { name: 'prelu', options: { numParameters: 3 } } }),
    'activation.options.numParameters',
    'must be 1 or the width of hidden layer 0 (5)',
  );
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: 'prelu', activationOptions: { numParameters: 1.5 } }),
    'activationOptions.numParameters',
    'must be a whole number',
  );
  throwsInput(
    () => new Mlp(core, { layers: LAYERS, activation: 'prelu', activationOptions: { numParameters: 0 } }),
    'activationOptions.numParameters',
    'must be >= 1',
  );
  // [2, 5, 5, 1] with one per unit on both layers works: each layer's width is 5.
  const model = new Mlp(core, { layers: [2, 5, 5, 1], activation: 'prelu', activationOptions: { numParameters: 5 } });
  assert.equal(Object.keys(model.stateDict()).slice(-2), ['act0.weight', 'act1.weight']);
  model.dispose();
});

stateful('allocated as the Mlp does: initialised at init, its gradient zero, each hidden descriptor pointing at its own', () => {
  const layout = modelLayout(LAYERS, MIXED);
  const buffers = core.arena.allocAll(layout.buffers);
  try {
    const [params, grads, hiddenOptions, outputOptions] = buffers.ptrs as [number, number, number, number];
    const layers = linearLayers(LAYERS, MIXED, { params, grads, hiddenOptions, outputOptions });
    const values = core.f32(params, layout.paramCount);
    initialiseParameters(values, LAYERS, layout.state, new Mt19937(3));
    assert.equal(Array.from(values.subarray(LINEAR)), [-0.5, -0.5, -0.5, -0.5, -0.5], 'the weight at init');
    // The state draws no random numbers: the Linear layers start as those of a model without state.
    const plain = new Mlp(core, { layers: LAYERS, activation: 'leaky_relu', seed: 3 });
    assert.equal(Array.from(values.subarray(0, LINEAR)), Array.from(plain.parameters()));
    plain.dispose();
    const [first, second, last] = layerRecords(layers) as [Int32Array, Int32Array, Int32Array];
    assert.is(word(first, LayerRecord.State), params + LINEAR * 4, 'layer 0: State → its weight');
    assert.is(word(first, LayerRecord.StateGrad), grads + LINEAR * 4, 'layer 0: StateGrad → its gradient');
    assert.is(word(first, LayerRecord.StateLength), 5);
    assert.is(word(first, LayerRecord.Params), hiddenOptions);
    assert.is(word(second, LayerRecord.State), 0, 'leaky_relu has none');
    assert.is(word(second, LayerRecord.Params), hiddenOptions + 8, "its options after prelu's two");
    assert.is(word(last, LayerRecord.State), 0, 'the output sigmoid has none');
    assert.is(word(last, LayerRecord.Params), outputOptions);
  } finally {
    buffers.dispose();
  }
});

stateful("the state dict names it act<l>.weight after the Linear layers' tensors, and round-trips", () => {
  const { state } = modelLayout(LAYERS, MIXED);
  const shapes = stateDictShapes(LAYERS, state);
  assert.equal(shapes.at(-1), { key: 'act0.weight', shape: [5] });
  const flat = Float32Array.from({ length: LINEAR + 5 }, (_, i) => i / 8);
  const dict = unflattenStateDict(flat, LAYERS, state);
  assert.equal(Array.from(flattenStateDict('dict', dict, LAYERS, state)), Array.from(flat));
  const { 'act0.weight': _weight, ...withoutWeight } = dict;
  throwsInput(() => flattenStateDict('dict', withoutWeight, LAYERS, state), 'dict.act0.weight', 'is missing (shape [5])');
  throwsInput(() => flattenStateDict('dict', dict, LAYERS), 'dict.act0.weight', 'is not a tensor of this network');
});

stateful('training steps the weight with the others, and records its mean |gradient| per epoch', () => {
  const data = makeCircles({ nSamples: 64, seed: 1 });
  const model = new Mlp(core, { layers: LAYERS, activation: MIXED.map((a) => ({ name: a.spec.name, options: { ...a.values } })), seed: 2 });
  const start = model.stateDict()['act0.weight'] as number[];
  const history = train(model, data, { epochs: 3, optimizer: { name: 'sgd', lr: 0.5 } });
  const end = model.stateDict()['act0.weight'] as number[];
  assert.equal(Object.keys(history.stateGrad ?? {}), ['act0.weight']);
  assert.is(history.stateGrad!['act0.weight']!.length, 3);
  assert.ok(
    history.stateGrad!['act0.weight']!.every((g) => g > 0 && Number.isFinite(g)),
    'a gradient reaches the weight',
  );
  assert.ok(
    end.some((w, u) => w !== start[u]),
    'the optimizer moved it',
  );
  model.dispose();
  const plain = new Mlp(core, { layers: LAYERS, activation: 'relu' });
  assert.is(train(plain, data, { epochs: 1 }).stateGrad, undefined, 'no stateGrad without state');
  plain.dispose();
});

stateful('rrelu trains with seeded random slopes: the same seed the same run, another seed another', () => {
  const data = makeCircles({ nSamples: 64, seed: 1 });
  const run = (seed: number) => {
    const model = new Mlp(core, { layers: LAYERS, activation: 'rrelu', seed: 0 });
    try {
      const trainer = new Trainer(model, data, { optimizer: { name: 'adam', lr: 1e-2 }, seed });
      try {
        for (let e = 0; e < 3; e++) trainer.epoch();
        return { history: trainer.history, final: model.parameters() };
      } finally {
        trainer.dispose();
      }
    } finally {
      model.dispose();
    }
  };
  const a = run(5);
  assert.equal(run(5), a, 'the same seed: the same bits');
  assert.not.equal(Array.from(run(6).final), Array.from(a.final), 'another seed: other slopes');
  // Evaluation uses the fixed slope: a model loaded with the same weights evaluates the same.
  const fixed = new Mlp(core, { layers: LAYERS, activation: 'leaky_relu', activationOptions: { negativeSlope: (1 / 8 + 1 / 3) / 2 } });
  const random = new Mlp(core, { layers: LAYERS, activation: 'rrelu' });
  fixed.loadStateDict(random.stateDict());
  const points = Array.from({ length: data.nSamples }, (_, i) => [data.X[2 * i]!, data.X[2 * i + 1]!]);
  assert.equal(Array.from(predict(random, points)), Array.from(predict(fixed, points)), 'evaluation at (lower + upper)/2');
  fixed.dispose();
  random.dispose();
});

stateful.run();
