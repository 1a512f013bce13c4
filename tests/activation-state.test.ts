// An activation's learnable state (a registry row's `state`; PReLU's weight, next). No registered
// activation has any, so this file makes a row that does out of an existing one, and drives with it
// the pure functions the Mlp is built from: modelLayout (sizes), linearLayers (where each layer's
// buffers are), initialiseParameters, stateDictShapes and writeLayerRecord (the descriptor).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ACTIVATIONS, type ActivationSpec, getActivation, optionBytes } from '../src/activations/registry.js';
import { loadCore } from '../src/core/load.js';
import { bufferBytes, memory } from '../src/core/memory.js';
import { initialiseParameters, linearLayers, Mlp } from '../src/model/mlp.js';
import { flattenStateDict, stateDictShapes, unflattenStateDict } from '../src/model/state-dict.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { LayerRecord, NetRecord } from '../src/shared/layout.js';
import { modelLayout, modelPart, paramCountOf } from '../src/train/plan.js';
import { Workspace, writeLayerRecord } from '../src/train/workspace.js';
import { throwsInput } from './helpers/throws.js';

const core = await loadCore();
const LAYERS = [2, 5, 3, 1];
const LINEAR = paramCountOf(LAYERS);

/** leaky_relu plus nn.PReLU's weight ([1], 0.25) and a longer tensor: an option and state, as PReLU's row will have. */
const STATEFUL: ActivationSpec = {
  ...getActivation('leaky_relu'),
  state: [
    { name: 'weight', init: 0.25 },
    { name: 'extra', init: -1, length: 3 },
  ],
};

/** The descriptor words writeLayerRecord gives each of these layers (z and y at made-up offsets). */
function layerRecords(layers: ReturnType<typeof linearLayers>): Int32Array[] {
  return layers.map((layer, l) => {
    const words = new Int32Array(LayerRecord.Bytes / 4);
    writeLayerRecord(words, layer, 1000 + l, 2000 + l);
    return words;
  });
}

const word = (record: Int32Array, field: LayerRecord): number => record[field / 4]!;

const none = suite('activation state: the registered activations have none');

none('no row declares state, so parameters, state dicts, plans and descriptors are as before', () => {
  for (const spec of ACTIVATIONS) {
    assert.equal(spec.state ?? [], [], `${spec.name}: no state`);
    const before = memory(core).bytesInUse;
    const model = new Mlp(core, { layers: LAYERS, activation: spec.name, seed: 0 });
    assert.is(memory(core).bytesInUse - before, modelPart(LAYERS, undefined, spec.name).bytes, `${spec.name}: the plan is exact`);
    assert.is(model.paramCount, LINEAR);
    assert.equal(
      Object.keys(model.stateDict()),
      stateDictShapes(LAYERS).map((s) => s.key),
    );
    assert.ok(
      Object.keys(model.stateDict()).every((key) => /^layer\d+\.(weight|bias)$/.test(key)),
      spec.name,
    );
    const workspace = new Workspace(model, 4);
    const words = new Int32Array(core.kernels.memory.buffer, workspace.net, (NetRecord.Header + LayerRecord.Bytes * 3) / 4);
    model.linear.forEach((layer, l) => {
      const record = words.subarray((NetRecord.Header + LayerRecord.Bytes * l) / 4);
      assert.is(word(record, LayerRecord.State), 0, `${spec.name} layer ${l}: no State`);
      assert.is(word(record, LayerRecord.StateGrad), 0, `${spec.name} layer ${l}: no StateGrad`);
      assert.is(word(record, LayerRecord.Params), layer.activationParams);
      assert.is(word(record, LayerRecord.Y), workspace.layerBuffers(l).y);
    });
    workspace.dispose();
    model.dispose();
  }
});

none.run();

const stateful = suite('activation state: a row that declares some');

stateful('modelLayout puts it after the Linear layers, in the parameter block and the gradient block', () => {
  const layout = modelLayout(LAYERS, STATEFUL);
  assert.is(layout.stateOffset, LINEAR);
  assert.is(layout.paramCount, LINEAR + 4);
  assert.equal(layout.buffers, [(LINEAR + 4) * 4, (LINEAR + 4) * 4, optionBytes(STATEFUL), 4]);
  assert.is(optionBytes(STATEFUL), 4, 'one option, one f32');
  assert.is(modelPart(LAYERS, undefined, STATEFUL).bytes, bufferBytes(layout.buffers));
  assert.equal(modelLayout(LAYERS, getActivation('leaky_relu')).paramCount, LINEAR, 'and nothing without state');
});

stateful('allocated as the Mlp does: initialised, its gradient zero, and every hidden layer descriptor points at both', () => {
  const layout = modelLayout(LAYERS, STATEFUL);
  const buffers = core.arena.allocAll(layout.buffers);
  try {
    const [params, grads, hiddenOptions, outputOptions] = buffers.ptrs as [number, number, number, number];
    const layers = linearLayers(LAYERS, STATEFUL, { params, grads, hiddenOptions, outputOptions });
    const values = core.f32(params, layout.paramCount);
    initialiseParameters(values, LAYERS, STATEFUL.state!, new Mt19937(3));
    assert.equal(Array.from(values.subarray(LINEAR)), [0.25, -1, -1, -1], 'each tensor at its init, in the row order');
    // The state draws no random numbers: the Linear layers start as those of a model without state.
    const plain = new Mlp(core, { layers: LAYERS, activation: 'leaky_relu', seed: 3 });
    assert.equal(Array.from(values.subarray(0, LINEAR)), Array.from(plain.parameters()));
    plain.dispose();
    assert.ok(
      core.f32(grads, layout.paramCount).every((g) => g === 0),
      'the gradient block, the state gradient included, starts at zero',
    );

    const records = layerRecords(layers);
    const [last, ...hidden] = [records.pop()!, ...records];
    for (const [l, record] of hidden.entries()) {
      assert.is(word(record, LayerRecord.State), params + LINEAR * 4, `layer ${l}: State → the state`);
      assert.is(word(record, LayerRecord.StateGrad), grads + LINEAR * 4, `layer ${l}: StateGrad → its gradient`);
      assert.is(word(record, LayerRecord.Activation), STATEFUL.id);
      assert.is(word(record, LayerRecord.Params), hiddenOptions);
      assert.is(word(record, LayerRecord.Z), 1000 + l);
      assert.is(word(record, LayerRecord.Y), 2000 + l);
    }
    assert.is(word(last, LayerRecord.State), 0, 'the output sigmoid has no state');
    assert.is(word(last, LayerRecord.StateGrad), 0);
    assert.is(word(last, LayerRecord.Params), outputOptions);
    // The state sits past every Linear tensor: the last bias ends where it starts.
    const output = layers[layers.length - 1]!;
    assert.is(output.bias + output.nOut * 4, params + LINEAR * 4);
  } finally {
    buffers.dispose();
  }
});

stateful("the state dict names it act.<name> after the Linear layers' tensors, and round-trips", () => {
  const shapes = stateDictShapes(LAYERS, STATEFUL.state);
  assert.equal(shapes.slice(-2), [
    { key: 'act.weight', shape: [1] },
    { key: 'act.extra', shape: [3] },
  ]);
  assert.equal(shapes.slice(0, -2), stateDictShapes(LAYERS));
  const flat = Float32Array.from({ length: LINEAR + 4 }, (_, i) => i / 8);
  const dict = unflattenStateDict(flat, LAYERS, STATEFUL.state);
  assert.equal(dict['act.weight'], [LINEAR / 8]);
  assert.equal(Array.from(flattenStateDict('dict', dict, LAYERS, STATEFUL.state)), Array.from(flat));
  const { 'act.weight': _weight, ...withoutWeight } = dict;
  throwsInput(() => flattenStateDict('dict', withoutWeight, LAYERS, STATEFUL.state), 'dict.act.weight', 'is missing (shape [1])');
  throwsInput(() => flattenStateDict('dict', dict, LAYERS), 'dict.act.weight', 'is not a tensor of this network');
});

stateful.run();
