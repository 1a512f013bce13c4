// The core's memory: the free-list allocator, the 4 GiB plan, dispose() and its ownership rules,
// garbage-collected models, and the leak test (create, train, dispose, 2,000 times).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateActivation } from '../src/activations/kernels.js';
import { Arena, allocationBytes, formatBytes, type GrowableMemory, WASM32_MAX_BYTES } from '../src/core/arena.js';
import { type Core, loadCore } from '../src/core/load.js';
import { bufferBytes, checkPlan, memory } from '../src/core/memory.js';
import { makeCircles } from '../src/datasets/circles.js';
import { inspectLayers, predict } from '../src/model/inspect.js';
import { Mlp } from '../src/model/mlp.js';
import { resolveOptimizer } from '../src/optim/config.js';
import { runSpec, validateSpec } from '../src/spec/spec.js';
import { modelPart, trainingParts } from '../src/train/plan.js';
import { Trainer, train } from '../src/train/train.js';
import { InputError } from '../src/validate.js';
import { runCliCaptured } from './helpers/cli.js';

const core = await loadCore();
const data = makeCircles({ nSamples: 64, factor: 0.5, noise: 0.1, seed: 42 });
const tiny = makeCircles({ nSamples: 8, factor: 0.5, noise: 0.1, seed: 1 });

/** A wasm memory of its own, or one whose grow() the engine "refuses". */
function testMemory(pages: number, refuse = false): GrowableMemory & { grows: number } {
  const real = new WebAssembly.Memory({ initial: pages });
  const fake = {
    grows: 0,
    get buffer() {
      return real.buffer;
    },
    grow(n: number) {
      fake.grows++;
      if (refuse) throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
      return real.grow(n);
    },
  };
  return fake;
}

/** The arena's whole state, to compare before and after something that must change nothing. */
const snapshot = (arena: Arena) => ({
  inUse: arena.bytesInUse,
  count: arena.allocations,
  reserved: arena.bytesReserved,
  free: arena.freeRanges(),
});

/** Throws unless `fn` throws an InputError whose field matches `field`; returns it. */
function inputError(fn: () => unknown, field: RegExp): InputError {
  try {
    fn();
  } catch (error) {
    assert.instance(error, InputError);
    assert.match((error as InputError).field, field);
    return error as InputError;
  }
  throw new assert.Assertion({ message: 'expected an InputError', expects: 'InputError', actual: 'no error', operator: 'throws' });
}

const allocator = suite('Arena');

allocator('alloc/free in any order: ranges aligned and disjoint, zeroed, coalesced, all bytes accounted for', () => {
  const op = fc.oneof(fc.record({ alloc: fc.integer({ min: 0, max: 70_000 }) }), fc.record({ free: fc.nat() }));
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), fc.nat(), (ops, order) => {
      const mem = testMemory(1);
      const arena = new Arena(mem, 100);
      assert.is(arena.base, 112, 'the base is rounded up to 16');
      const live: { ptr: number; size: number }[] = [];
      const check = () => {
        const ranges = [
          ...live.map(({ ptr, size }) => ({ start: ptr, end: ptr + allocationBytes(size), free: false })),
          ...arena.freeRanges().map((r) => ({ ...r, free: true })),
        ].sort((a, b) => a.start - b.start);
        let at = arena.base;
        for (const [k, r] of ranges.entries()) {
          assert.is(r.start % 16, 0, 'aligned');
          assert.is(r.start, at, 'used and free ranges tile the memory: disjoint, no byte lost');
          if (r.free && ranges[k + 1]?.free) throw new Error(`free ranges ${r.start} and ${ranges[k + 1]!.start} touch: not coalesced`);
          at = r.end;
        }
        assert.is(at, arena.bytesReserved);
        assert.is(
          arena.bytesInUse,
          live.reduce((sum, { size }) => sum + allocationBytes(size), 0),
        );
        assert.is(arena.allocations, live.length);
      };
      for (const step of ops) {
        if ('alloc' in step) {
          const ptr = arena.alloc(step.alloc);
          const bytes = new Uint8Array(mem.buffer, ptr, step.alloc);
          assert.ok(
            bytes.every((b) => b === 0),
            'zeroed, even where a freed buffer was',
          );
          bytes.fill(0xa5);
          live.push({ ptr, size: step.alloc });
        } else if (live.length > 0) {
          arena.free(live.splice(step.free % live.length, 1)[0]!.ptr);
        }
        check();
      }
      // The rest, in a shuffled order: everything comes back as one free range.
      for (let k = live.length; k > 0; k--) arena.free(live.splice((order + k) % k, 1)[0]!.ptr);
      check();
      assert.is(arena.bytesInUse, 0);
      assert.equal(arena.freeRanges(), [{ start: arena.base, end: arena.bytesReserved }]);
    }),
    { numRuns: 150, seed: 20260901 },
  );
});

allocator('freed bytes are reused before memory grows; freeing twice or a foreign offset throws', () => {
  const mem = testMemory(1);
  const arena = new Arena(mem, 0);
  const a = arena.alloc(30_000);
  const b = arena.alloc(30_000);
  arena.free(a);
  assert.is(arena.alloc(20_000), a, 'first fit: the hole a left');
  assert.is(mem.grows, 0);
  assert.throws(() => arena.free(a + 16), /not a live allocation/);
  arena.free(b);
  assert.throws(() => arena.free(b), /not a live allocation of this arena \(freed twice\?\)/);
  assert.throws(() => arena.alloc(-1), RangeError);
  assert.throws(() => arena.alloc(1.5), RangeError);
});

allocator('a refused grow is a clear RangeError and changes nothing; allocAll takes all or none', () => {
  const mem = testMemory(1, true);
  const arena = new Arena(mem, 0);
  arena.alloc(1000);
  const before = snapshot(arena);
  try {
    arena.alloc(100_000);
    assert.unreachable('grew');
  } catch (error) {
    assert.instance(error, RangeError);
    assert.match(
      (error as Error).message,
      /^out of WebAssembly memory: the engine refused to grow it from 64\.0 KiB to 128\.0 KiB for 97\.7 KiB more \(1008 bytes in use\)$/,
    );
  }
  assert.equal(snapshot(arena), before);
  assert.throws(() => arena.allocAll([1000, 2000, 100_000]), /out of WebAssembly memory/);
  assert.equal(snapshot(arena), before, 'the two buffers taken before the failure were freed');
  const all = arena.allocAll([1000, 2000]);
  all.dispose();
  all.dispose();
  assert.equal(snapshot(arena), before, 'dispose() frees once');
});

allocator('past 4 GiB it never asks the engine', () => {
  const mem = testMemory(1, true);
  const arena = new Arena(mem, 16);
  assert.throws(
    () => arena.alloc(WASM32_MAX_BYTES),
    /^out of WebAssembly memory: 4\.0 GiB more \(0 bytes in use\) would pass the 4 GiB limit$/,
  );
  assert.is(mem.grows, 0);
  assert.is(arena.bytesAvailable, WASM32_MAX_BYTES - 16);
});

allocator.run();

const plan = suite('memory plan');

plan('models too big for 4 GiB fail at once with an InputError naming layers; the core is unchanged and still trains', () => {
  const before = memory(core);
  const big = inputError(() => new Mlp(core, { layers: [2, 40000, 40000, 1] }), /^layers$/);
  assert.is(
    big.message,
    'layers needs 11.9 GiB for the model (parameters and gradients), more than the 4 GiB WebAssembly memory limit, got [2,40000,40000,1]',
  );
  inputError(() => new Mlp(core, { layers: [2, 30000, 30000, 1] }), /^layers$/);
  // Caught by the per-size bound of layerSizes, or else by the plan: an InputError either way, never a TypeError.
  inputError(() => new Mlp(core, { layers: [2, 2 ** 53, 1] }), /^layers/);
  assert.equal(memory(core), before);
  const model = new Mlp(core, { layers: [2, 8, 1], seed: 0 });
  assert.is(train(model, data, { epochs: 2 }).bce.length, 2);
  model.dispose();
  assert.equal(memory(core), before);
});

plan('the plan alone refuses [2, 2^53, 1]: Number arithmetic, no wrap-around', () => {
  const n = 2 ** 53;
  const paramCount = 2 * n + n + n + 1;
  const error = inputError(
    () =>
      checkPlan(core, 'for the model', [
        { what: 'model', bytes: bufferBytes([paramCount * 4, paramCount * 4]), field: 'layers', value: [2, n, 1] },
      ]),
    /^layers$/,
  );
  assert.match(error.message, /^layers needs 256\.0 PiB for the model, more than the 4 GiB WebAssembly memory limit/);
  assert.is(formatBytes(1536), '1.5 KiB');
  assert.is(formatBytes(12), '12 bytes');
});

plan('the Trainer plans workspace, optimizer state and data before allocating: layers or batchSize is named', () => {
  const start = memory(core);
  const wide = new Mlp(core, { layers: [2, 400000, 1], seed: 0 });
  const rows = makeCircles({ nSamples: 1024, factor: 0.5, noise: 0.1, seed: 3 });
  const before = memory(core);
  const error = inputError(() => new Trainer(wide, rows), /^layers$/);
  assert.match(
    error.message,
    /^layers needs 6\.1 GiB for training \(workspace 6\.1 GiB, optimizer state 12\.2 MiB, data blocks 24\.\d KiB\) beside the 12\.2 MiB already in use, more than the 4 GiB WebAssembly memory limit, got \[2,400000,1\]$/,
  );
  assert.equal(memory(core), before);
  wide.dispose();
  const broad = new Mlp(core, { layers: [2, 100000, 1], seed: 0 });
  const many = makeCircles({ nSamples: 20000, factor: 0.5, noise: 0.1, seed: 3 });
  inputError(() => train(broad, many, { epochs: 1, batchSize: 20000 }), /^batchSize$/);
  broad.dispose();
  assert.equal(memory(core), { ...start, bytesReserved: memory(core).bytesReserved });
});

plan('the CLI reports a model too big as one line, exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-memory-'));
  try {
    const spec = { config: { layers: [2, 40000, 40000, 1], activation: 'relu', epochs: 1 }, data: { X: [[0, 1]], y: [1] } };
    writeFileSync(join(dir, 'big.json'), JSON.stringify(spec));
    const { code, err } = await runCliCaptured('train', join(dir, 'big.json'));
    assert.is(code, 2);
    assert.match(
      err,
      /^actlab: layers needs 11\.9 GiB for the model \(parameters and gradients\), more than the 4 GiB WebAssembly memory limit/,
    );
    assert.is(err.trim().split('\n').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

plan('a constructor whose allocation fails part-way frees what it took; the core stays usable', async () => {
  const fresh = await loadCore();
  const mem = fresh.kernels.memory as WebAssembly.Memory & { grow: (pages: number) => number };
  const realGrow = mem.grow.bind(mem);
  let taken = 0;
  const realAlloc = fresh.arena.alloc.bind(fresh.arena);
  fresh.arena.alloc = (bytes: number) => {
    const ptr = realAlloc(bytes);
    taken++;
    return ptr;
  };
  // The engine refuses to grow, far below 4 GiB: the plan passes, an allocation does not.
  mem.grow = () => {
    throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
  };
  const before = memory(fresh);
  const free = fresh.arena.bytesReserved - fresh.arena.base;
  const n = Math.floor((free * 0.6) / 16); // params fit, params + grads do not
  assert.throws(() => new Mlp(fresh, { layers: [2, n, 1] }), /out of WebAssembly memory: the engine refused/);
  assert.is(taken, 1, 'the parameters were allocated before the failure');
  assert.equal(memory(fresh), before);
  const model = new Mlp(fresh, { layers: [2, 5, 1] });
  const withModel = memory(fresh);
  taken = 0;
  const rows = makeCircles({ nSamples: Math.floor(free / 8 / 4), factor: 0.5, noise: 0.1, seed: 3 });
  assert.throws(() => new Trainer(model, rows), /out of WebAssembly memory/);
  assert.ok(taken >= 1, `${taken} allocations made before the failure`);
  assert.equal(memory(fresh), withModel);
  mem.grow = realGrow; // the engine relents
  assert.is(train(model, rows, { epochs: 1 }).bce.length, 1);
  model.dispose();
  const big = new Mlp(fresh, { layers: [2, n, 1] });
  big.dispose();
  assert.equal(memory(fresh).bytesInUse, before.bytesInUse);
});

plan('actlab compare refuses a run that cannot fit before it starts: exit 2, one line naming the flag', async () => {
  for (const [flags, flag] of [
    [['--layers', '2,20000,20000,1'], '--layers'],
    [['--layers', '2,40000,40000,1'], '--layers'],
    [['--layers', '2,100,1', '--samples', '9000000', '--batch-size', '9000000'], '--batch-size'],
  ] as const) {
    const { code, out, err } = await runCliCaptured('compare', ...flags, '--epochs', '1', '--workers', '1', '--no-report');
    assert.is(code, 2, err);
    assert.match(err, new RegExp(`^actlab: ${flag} needs [\\d.]+ GiB for one run \\(model and training\\) \\(model `));
    assert.is(err.trim().split('\n').length, 1);
    assert.not.match(out, 'Comparing', 'refused before anything runs');
  }
});

plan('the plan of a run is the bytes a model and a Trainer then take', async () => {
  const core = await loadCore();
  const layers = [2, 33, 7, 1];
  const data = makeCircles({ nSamples: 1500, factor: 0.5, noise: 0.1, seed: 0 });
  const before = memory(core).bytesInUse;
  const model = new Mlp(core, { layers });
  assert.is(memory(core).bytesInUse - before, modelPart(layers).bytes);
  const trainer = new Trainer(model, data, { batchSize: 50 });
  const parts = trainingParts({ layers, batchSize: 50, nSamples: 1500, nFeatures: 2, optimizer: resolveOptimizer({ name: 'adam' }) });
  assert.is(memory(core).bytesInUse - before, modelPart(layers).bytes + parts.reduce((sum, part) => sum + part.bytes, 0));
  trainer.dispose();
  model.dispose();
});

plan.run();

const ownership = suite('dispose');

ownership('a model and its trainer dispose in either order, twice is a no-op, and memory() counts them', () => {
  const start = memory(core);
  for (const modelFirst of [true, false]) {
    const model = new Mlp(core, { layers: [2, 5, 5, 1], seed: 0 });
    const trainer = new Trainer(model, data, { batchSize: 16 });
    trainer.epoch();
    const during = memory(core);
    assert.is(during.liveModels, start.liveModels + 1);
    assert.is(during.liveTrainers, start.liveTrainers + 1);
    assert.ok(during.bytesInUse > start.bytesInUse);
    if (modelFirst) model.dispose();
    trainer.dispose();
    model.dispose();
    trainer.dispose();
    assert.equal(memory(core), { ...start, bytesReserved: memory(core).bytesReserved });
  }
});

ownership('using a disposed model or trainer throws a clear Error', () => {
  const model = new Mlp(core, { layers: [2, 3, 1], seed: 0 });
  const trainer = new Trainer(model, data);
  model.dispose();
  assert.ok(model.isDisposed);
  for (const use of [
    () => model.parameters(),
    () => model.stateDict(),
    () => model.loadStateDict({}),
    () => predict(model, [[0, 1]]),
    () => new Trainer(model, data),
    () => train(model, data, { epochs: 1 }),
    () => trainer.epoch(),
  ]) {
    assert.throws(use, (error: Error) => error.message === 'this Mlp was disposed');
  }
  trainer.dispose();
  assert.throws(() => trainer.epoch(), /this Trainer was disposed/);
});

ownership('train() whose onEpoch throws leaks nothing', () => {
  const model = new Mlp(core, { layers: [2, 5, 1], seed: 0 });
  const before = memory(core);
  assert.throws(
    () =>
      train(model, data, {
        epochs: 3,
        onEpoch: () => {
          throw new Error('stop here');
        },
      }),
    /stop here/,
  );
  assert.equal(memory(core), before);
  model.dispose();
});

ownership('runSpec, predict, inspectLayers and evaluateActivation give back all they take, also when they throw', () => {
  const before = memory(core);
  const X = Array.from({ length: data.nSamples }, (_, i) => [data.X[2 * i]!, data.X[2 * i + 1]!]);
  const spec = validateSpec({
    config: { layers: [2, 4, 1], activation: 'tanh', epochs: 2, batchSize: 16 },
    data: { X, y: Array.from(data.y) },
  });
  assert.is(runSpec(core, spec).bce.length, 2);
  assert.throws(
    () =>
      runSpec(core, spec, () => {
        throw new Error('from onEpoch');
      }),
    /from onEpoch/,
  );
  assert.throws(() => runSpec(core, { ...spec, init: { 'layer0.weight': [] } }), /^init/);
  assert.equal(memory(core), before);

  const model = new Mlp(core, { layers: [2, 4, 1], seed: 0 });
  const withModel = memory(core);
  // More rows than one inspection block, so the block's buffers are refilled (and the last one is short).
  const rows = makeCircles({ nSamples: 2500, factor: 0.5, noise: 0.1, seed: 7 });
  const p = predict(model, rows.X);
  assert.is(p.length, 2500);
  let starts = 0;
  inspectLayers(model, rows, (block, start) => {
    starts += start;
    assert.ok(block.n <= 1024);
  });
  assert.is(starts, 1024 + 2048);
  assert.throws(() =>
    inspectLayers(model, rows, () => {
      throw new Error('from visit');
    }),
  );
  evaluateActivation(core, 'gelu', undefined, [-1, 0, 1]);
  assert.equal(memory(core), withModel);
  // Row by row gives the same outputs as the block-wise pass.
  for (const i of [0, 1023, 1024, 2499]) assert.is(predict(model, [[rows.X[2 * i]!, rows.X[2 * i + 1]!]])[0], p[i]);
  model.dispose();
  assert.equal(memory(core), before);
});

ownership.run();

const leaks = suite('leaks');

leaks('2,000 create/train/dispose cycles leave bytesInUse where it started and the memory size fixed', () => {
  const start = memory(core);
  let reserved = 0;
  for (let cycle = 0; cycle < 2000; cycle++) {
    const model = new Mlp(core, { layers: [2, 5, 1], seed: cycle });
    train(model, tiny, { epochs: 1, batchSize: 4 });
    model.dispose();
    if (cycle === 2) reserved = memory(core).bytesReserved;
  }
  assert.equal(memory(core), { ...start, bytesReserved: reserved });
  assert.is(reserved, start.bytesReserved, 'freed bytes were reused: the memory never grew');
});

// A model dropped without dispose() is freed when it is collected; a trainer keeps its model alive.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects until `done()` holds, giving finalizers their turn; false if it never does. */
async function collectUntil(done: () => boolean): Promise<boolean> {
  for (let k = 0; k < 20; k++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (done()) return true;
  }
  return false;
}

/** Builds models and a trainer in their own scope, so that only what is returned stays reachable. */
function makeGarbage(on: Core): Trainer {
  for (let k = 0; k < 3; k++) new Mlp(on, { layers: [2, 5, 1], seed: k });
  return new Trainer(new Mlp(on, { layers: [2, 5, 1] }), data);
}

leaks('a dropped model is freed when garbage collected; a trainer keeps its model alive', async () => {
  const fresh = await loadCore();
  const before = memory(fresh);
  let trainer: Trainer | undefined = makeGarbage(fresh);
  assert.is(memory(fresh).liveModels, 4);
  assert.ok(await collectUntil(() => memory(fresh).liveModels === 1), `${memory(fresh).liveModels} models left`);
  trainer.epoch();
  assert.is(memory(fresh).liveTrainers, 1);
  trainer = undefined;
  assert.ok(await collectUntil(() => memory(fresh).liveModels === 0 && memory(fresh).liveTrainers === 0));
  assert.equal(memory(fresh), { ...before, bytesReserved: memory(fresh).bytesReserved });
});

leaks.run();
