// The opt-in relaxed-SIMD build (--backend relaxed): it loads (in Node 20 after actlab sets V8's
// flag), holds relaxed_madd in its dense kernels, agrees with the SIMD build within a bound that
// one rounding fewer per product implies, replays the PyTorch runs within PyTorch's tolerances,
// runs the same in a worker thread as inline, and the CLI takes --backend relaxed. Where the
// engine has no relaxed SIMD every test is skipped, with the reason printed.
import binaryen from 'binaryen';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inlineExecutor } from '../src/compare/job.js';
import { WorkerPool } from '../src/compare/pool.js';
import { plan } from '../src/compare/study.js';
import type { RunResult } from '../src/compare/types.js';
import { ALL_BACKENDS, BACKENDS, type Core, compileKernels, loadCore } from '../src/core/load.js';
import { relaxedSimdSupported } from '../src/core/relaxed.js';
import { makeCircles } from '../src/datasets/circles.js';
import { RELAXED_WASM_BASE64 } from '../src/generated/wasm.js';
import { resolveOptimizer } from '../src/optim/config.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { runSpec, validateSpec } from '../src/spec/spec.js';
import { runCliCaptured } from './helpers/cli.js';
import { EXAMPLES_DIR, readJson, trainingReferences } from './helpers/fixtures.js';
import { compareToExpected } from './helpers/parity.js';

const relaxed = suite('relaxed-SIMD build (--backend relaxed)');

relaxed('is opt-in: accepted by name, never among the bit-identical builds auto picks from', () => {
  assert.ok(ALL_BACKENDS.includes('relaxed'));
  assert.not.ok(BACKENDS.includes('relaxed'), 'the SIMD == scalar tests loop over BACKENDS');
});

relaxed('its dense kernels hold relaxed_madd (binaryen calls it relaxed_fma); the module is valid relaxed SIMD', () => {
  const module = binaryen.readBinary(Buffer.from(RELAXED_WASM_BASE64, 'base64'));
  try {
    const text = module.emitText();
    assert.match(text, /f32x4\.relaxed_(madd|fma)\b/);
    // Nothing else relaxed: only the dense kernels trade bit-identity for the FMA.
    assert.not.match(text, /relaxed_(?!madd|fma)/);
  } finally {
    module.dispose();
  }
});

const CLI_ERROR = /--backend must be one of auto, simd, scalar, relaxed, got "fma"/;
relaxed('the CLI rejects a bad backend name, naming the field and the choices', async () => {
  const { code, err } = await runCliCaptured('train', EXAMPLES_DIR + 'sigmoid-tutorial.json', '--backend', 'fma');
  assert.is(code, 2, err);
  assert.match(err, CLI_ERROR);
});

relaxed('loadCore rejects a bad backend name, naming the field and the choices', async () => {
  try {
    await loadCore({ backend: 'fma' as never });
    assert.unreachable('loadCore took backend "fma"');
  } catch (error) {
    assert.match((error as Error).message, /^backend must be one of auto, simd, scalar, relaxed; got "fma"$/);
  }
});

relaxed.run();

const available = relaxedSimdSupported();
const engine = suite('relaxed-SIMD build on this engine');

if (!available) {
  const reason = `skipped: this engine has no WebAssembly relaxed SIMD (Node ${process.versions.node}, V8 ${process.versions.v8})`;
  console.log(`\nrelaxed.test.ts: ${reason}`);
  engine.skip(`loads, agrees with simd, replays PyTorch, runs in workers, CLI --backend relaxed — ${reason}`, () => {});
  engine.run();
} else {
  const fused = await loadCore({ backend: 'relaxed' });
  const simd = await loadCore({ backend: 'simd' });

  engine('loads as the relaxed build; auto still picks simd', async () => {
    assert.is(fused.backend, 'relaxed');
    assert.is((await loadCore()).backend, 'simd');
    assert.is((await compileKernels({ backend: 'relaxed' })).backend, 'relaxed');
  });

  /** Dense forward and backward on `core`: z, dW, db, dx. */
  const dense = (core: Core, batch: number, nIn: number, nOut: number, inputs: Float32Array[]) => {
    const [x, w, b, dz] = inputs.map((a) => {
      const ptr = core.arena.allocF32(a.length);
      core.f32(ptr, a.length).set(a);
      return ptr;
    }) as [number, number, number, number];
    const out = [nOut * batch, nOut * nIn, nOut, nIn * batch].map((n) => core.arena.allocF32(n)) as [number, number, number, number];
    core.kernels.denseForward(x, w, b, out[0], batch, nIn, nOut);
    core.kernels.denseBackward(x, w, dz, out[1], out[2], out[3], batch, nIn, nOut);
    const result = out.map((ptr, k) => core.f32(ptr, [nOut * batch, nOut * nIn, nOut, nIn * batch][k]!).slice());
    for (const ptr of [x, w, b, dz, ...out]) core.arena.free(ptr);
    return result as [Float32Array, Float32Array, Float32Array, Float32Array];
  };

  engine('dense forward and backward at 2→256, 256→256, 256→1 and odd shapes: within the bound of one rounding less per product', () => {
    // Both builds add the same products in the same order; relaxed_madd only skips rounding each
    // product (|fl(c·v) − c·v| ≤ u·|c·v|, u = 2⁻²⁴). Each result of n products is then within
    // γ_n·Σ|c·v| ≈ n·u·Σ|c·v| of the exact sum either way (see: Higham, Accuracy and Stability of
    // Numerical Algorithms, §3.1), so the two builds differ by at most 2(n + 1)·u·Σ|c·v|.
    // db sums dz alone (no product): the same bits.
    const rng = new Mt19937(14);
    const u = 2 ** -24;
    let differing = 0;
    let total = 0;
    for (const [batch, nIn, nOut] of [
      [32, 256, 256],
      [32, 2, 256],
      [32, 256, 1],
      [36, 19, 17],
    ] as const) {
      const random = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
      const [x, w, b, dz] = [random(nIn * batch), random(nOut * nIn), random(nOut), random(nOut * batch)];
      const a = dense(simd, batch, nIn, nOut, [x, w, b, dz]);
      const f = dense(fused, batch, nIn, nOut, [x, w, b, dz]);
      const label = `${batch}×${nIn}→${nOut}`;
      const within = (what: string, k: number, n: number, absSum: number, got: Float32Array, want: Float32Array) => {
        total++;
        if (got[k] !== want[k]) differing++;
        const bound = 2 * (n + 1) * u * absSum;
        if (!(Math.abs(got[k]! - want[k]!) <= bound))
          assert.unreachable(`${label} ${what}[${k}]: relaxed ${got[k]}, simd ${want[k]}, bound ${bound}`);
      };
      for (let o = 0; o < nOut; o++) {
        for (let s = 0; s < batch; s++) {
          let sum = Math.abs(b[o]!);
          for (let i = 0; i < nIn; i++) sum += Math.abs(w[o * nIn + i]! * x[i * batch + s]!);
          within('z', o * batch + s, nIn, sum, f[0], a[0]);
        }
        for (let i = 0; i < nIn; i++) {
          let sum = 0;
          for (let s = 0; s < batch; s++) sum += Math.abs(dz[o * batch + s]! * x[i * batch + s]!);
          within('dW', o * nIn + i, batch, sum, f[1], a[1]);
        }
      }
      assert.equal(f[2], a[2], `${label} db: no product, the same bits`);
      for (let i = 0; i < nIn; i++) {
        for (let s = 0; s < batch; s++) {
          let sum = 0;
          for (let o = 0; o < nOut; o++) sum += Math.abs(w[o * nIn + i]! * dz[o * batch + s]!);
          within('dx', i * batch + s, nOut, sum, f[3], a[3]);
        }
      }
    }
    // Whether the engine fuses is its choice (the spec allows mul then add): said, not asserted.
    console.log(`\nrelaxed.test.ts: ${differing} of ${total} dense results differ from simd (0 means this engine does not fuse)`);
  });

  for (const { name, path } of trainingReferences()) {
    engine(`${name}: the PyTorch replay stays within PyTorch's tolerances`, () => {
      const fixture = readJson(path);
      const d = compareToExpected(runSpec(fused, validateSpec(fixture)), fixture.expected);
      assert.equal(d.failures, [], `${name}: ${d.failures.join('; ')}`);
    });
  }

  engine('in a worker thread (the module posted to it) a study gives the same bits as inline', async () => {
    const data = makeCircles({ nSamples: 200, factor: 0.5, noise: 0.1, seed: 42 });
    const jobs = plan({
      activations: ['relu', 'tanh'],
      seeds: 1,
      layers: [2, 16, 16, 1],
      epochs: 3,
      batchSize: 32,
      optimizer: resolveOptimizer({ name: 'adam', lr: 1e-2 }),
      data: { kind: 'circles', name: data.name, samples: data.nSamples },
    });
    const key = (runs: RunResult[]) => JSON.stringify(runs.map((r) => [r.activation, r.seed, r.history, r.final]));
    const inline = await inlineExecutor(fused)(jobs, data, () => {});
    const pool = new WorkerPool(1, 'relaxed');
    try {
      assert.is(key(await pool.run(jobs, data, () => {})), key(inline));
    } finally {
      await pool.close();
    }
  });

  engine('the CLI trains with --backend relaxed: the same history as the library', async () => {
    const spec = EXAMPLES_DIR + 'sigmoid-tutorial.json';
    const { code, out, err } = await runCliCaptured('train', spec, '--backend', 'relaxed', '--json');
    assert.is(code, 0, err);
    const library = runSpec(fused, validateSpec(readJson(spec)));
    assert.equal(JSON.parse(out).bce, library.bce);
  });

  engine.run();
}
