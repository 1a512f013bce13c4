// Dense, loss, telemetry and optimizer kernels against plain float64 references, on every
// backend, plus the SIMD/scalar bit-identity the design promises.
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BACKENDS, type Core, loadCore } from '../src/core/load.js';
import { Mt19937 } from '../src/random/mt19937.js';

const cores = Object.fromEntries(await Promise.all(BACKENDS.map(async (b) => [b, await loadCore({ backend: b })] as const)));

/** Copies values into fresh f32 buffers in the core; returns their byte offsets. */
function put(core: Core, ...arrays: ArrayLike<number>[]): number[] {
  const ptrs = arrays.map((a) => core.arena.allocF32(Math.max(a.length, 1)));
  arrays.forEach((a, k) => {
    core.f32(ptrs[k]!, a.length).set(a);
  });
  return ptrs;
}

/** Values uniform in [-scale, scale) from a seeded generator, so a failure reproduces. */
const shared = new Mt19937(2026);
const randomArray = (n: number, scale = 1, rng = shared) => Float32Array.from({ length: n }, () => rng.uniform(-scale, scale));

/** Seeds of fast-check's generators: a failing case is the same on every run. */
const FC_SEED = { dense: 20261202, identity: 20261203 };

interface DenseCase {
  batch: number;
  nIn: number;
  nOut: number;
  x: Float32Array;
  w: Float32Array;
  b: Float32Array;
  dz: Float32Array;
}
const denseCase = fc
  .record({
    batch4: fc.integer({ min: 1, max: 20 }),
    nIn: fc.integer({ min: 1, max: 19 }),
    nOut: fc.integer({ min: 1, max: 17 }),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
  })
  .map(({ batch4, nIn, nOut, seed }): DenseCase => {
    const batch = batch4 * 4;
    const rng = new Mt19937(seed);
    return {
      batch,
      nIn,
      nOut,
      x: randomArray(nIn * batch, 1, rng),
      w: randomArray(nOut * nIn, 1, rng),
      b: randomArray(nOut, 1, rng),
      dz: randomArray(nOut * batch, 1, rng),
    };
  });

/** Runs dense forward and backward on a core; returns z, dW, db, dx. */
function runDense(core: Core, c: DenseCase) {
  const [x, w, b, dz] = put(core, c.x, c.w, c.b, c.dz);
  const z = core.arena.allocF32(c.nOut * c.batch);
  const dw = core.arena.allocF32(c.nOut * c.nIn);
  const db = core.arena.allocF32(c.nOut);
  const dx = core.arena.allocF32(c.nIn * c.batch);
  core.kernels.denseForward(x!, w!, b!, z, c.batch, c.nIn, c.nOut);
  core.kernels.denseBackward(x!, w!, dz!, dw, db, dx, c.batch, c.nIn, c.nOut);
  const result = {
    z: core.f32(z, c.nOut * c.batch).slice(),
    dw: core.f32(dw, c.nOut * c.nIn).slice(),
    db: core.f32(db, c.nOut).slice(),
    dx: core.f32(dx, c.nIn * c.batch).slice(),
  };
  for (const ptr of [x!, w!, b!, dz!, z, dw, db, dx]) core.arena.free(ptr);
  return result;
}

/** float64 reference of the same products, feature-major as the kernels. */
function referenceDense(c: DenseCase) {
  const { batch, nIn, nOut, x, w, b, dz } = c;
  const z = new Float64Array(nOut * batch),
    dw = new Float64Array(nOut * nIn),
    db = new Float64Array(nOut),
    dx = new Float64Array(nIn * batch);
  for (let o = 0; o < nOut; o++) {
    for (let s = 0; s < batch; s++) {
      let acc = b[o]!;
      for (let i = 0; i < nIn; i++) acc += w[o * nIn + i]! * x[i * batch + s]!;
      z[o * batch + s] = acc;
      db[o] += dz[o * batch + s]!;
      for (let i = 0; i < nIn; i++) {
        dw[o * nIn + i] += dz[o * batch + s]! * x[i * batch + s]!;
        dx[i * batch + s] += w[o * nIn + i]! * dz[o * batch + s]!;
      }
    }
  }
  return { z, dw, db, dx };
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, terms: number) => {
  // float32 sums of `terms` products of values in [-1, 1]: error grows at most ~terms·eps.
  const tol = 4 * terms * 2 ** -24;
  for (let k = 0; k < a.length; k++) if (!(Math.abs(a[k]! - b[k]!) <= tol)) return `index ${k}: ${a[k]} vs ${b[k]}`;
  return '';
};

for (const backend of BACKENDS) {
  const kernels = suite(`kernels (${backend})`);
  const core = cores[backend]!;

  kernels('dense forward and backward match float64 for any shape', () => {
    fc.assert(
      fc.property(denseCase, (c) => {
        const got = runDense(core, c);
        const ref = referenceDense(c);
        for (const [name, terms] of [
          ['z', c.nIn + 1],
          ['dw', c.batch],
          ['db', c.batch],
          ['dx', c.nOut],
        ] as const) {
          const problem = close(got[name], ref[name], terms);
          if (problem) throw new Error(`${name} ${problem} (batch ${c.batch}, ${c.nIn}→${c.nOut})`);
        }
      }),
      { numRuns: 60, seed: FC_SEED.dense },
    );
  });

  kernels('denseBackward with dx = 0 writes only dW and db (nothing at address 0)', () => {
    const c: DenseCase = { batch: 8, nIn: 3, nOut: 2, x: randomArray(24), w: randomArray(6), b: randomArray(2), dz: randomArray(16) };
    const [x, w, dz] = put(core, c.x, c.w, c.dz);
    const dw = core.arena.allocF32(6),
      db = core.arena.allocF32(2);
    // A dx written at address 0 would cover bytes [0, nIn·batch·4): poison them (they hold the
    // module's static data, so put them back afterwards) and check that they are untouched.
    const low = new Uint8Array(core.kernels.memory.buffer, 0, c.nIn * c.batch * 4);
    const saved = low.slice();
    low.fill(0xa5);
    try {
      core.kernels.denseBackward(x!, w!, dz!, dw, db, 0, c.batch, c.nIn, c.nOut);
      const after = new Uint8Array(core.kernels.memory.buffer, 0, low.length);
      assert.ok(
        after.every((byte) => byte === 0xa5),
        'no byte at address 0 was written',
      );
    } finally {
      new Uint8Array(core.kernels.memory.buffer, 0, saved.length).set(saved);
    }
    const ref = referenceDense(c);
    assert.is(close(core.f32(dw, 6), ref.dw, c.batch), '');
    assert.is(close(core.f32(db, 2), ref.db, c.batch), '');
  });

  kernels('bceLoss is nn.BCELoss: mean, logs clamped at -100', () => {
    const p = [0.9, 0.2, 0, 1, 0.5],
      t = [1, 0, 1, 0, 1];
    const [pp, tt] = put(core, p, t);
    const out = core.arena.allocF64(1);
    core.kernels.bceLoss(pp!, tt!, out, 5);
    const ref = (-Math.log(Math.fround(0.9)) - Math.log(1 - Math.fround(0.2)) + 100 + 100 - Math.log(0.5)) / 5;
    assert.ok(Math.abs(core.f64(out, 1)[0]! - ref) < 1e-12, `${core.f64(out, 1)[0]} vs ${ref}`);
  });

  kernels("bceBackward is PyTorch's (p - t)/max(p(1-p), 1e-12)/n, zero on padding", () => {
    const p = [0.9, 0.2, 1, 0.25, 0.7, 0.7, 0.7, 0.7],
      t = [1, 0, 1, 1, 9, 9, 9, 9];
    const [pp, tt, dp] = put(core, p, t, new Array(8).fill(5));
    core.kernels.bceBackward(pp!, tt!, dp!, 4, 8);
    const got = core.f32(dp!, 8);
    const expected = p.slice(0, 4).map((pi, i) => {
      const f = Math.fround;
      return f(f(f(f(pi) - t[i]!) / Math.max(f(f(1 - f(pi)) * f(pi)), f(1e-12))) / 4);
    });
    assert.equal([...got.slice(0, 4)], expected);
    assert.equal([...got.slice(4)], [0, 0, 0, 0]);
  });

  kernels('countCorrect rounds half to even: p = 0.5 predicts 0', () => {
    const [pp, tt] = put(core, [0.5, 0.5, 0.50001, 0.2, 0.99], [0, 1, 1, 0, 0]);
    const out = core.arena.allocF64(1);
    core.kernels.countCorrect(pp!, tt!, out, 5);
    assert.is(core.f64(out, 1)[0], 3);
  });

  kernels('meanAbs is mean |x| for any length', () => {
    for (const n of [1, 3, 4, 5, 25, 1001]) {
      const x = randomArray(n, 1e-3);
      const [xp] = put(core, x);
      const out = core.arena.allocF64(1);
      core.kernels.meanAbs(xp!, out, n);
      const ref = x.reduce((s, v) => s + Math.abs(v), 0) / n;
      assert.ok(Math.abs(core.f64(out, 1)[0]! - ref) <= 1e-12 * ref, `n=${n}`);
    }
  });

  kernels("adamStep is torch.optim.Adam's update, in float32", () => {
    const n = 7;
    const w = randomArray(n),
      g = randomArray(n, 0.1),
      m = randomArray(n, 0.01),
      v = Float32Array.from(randomArray(n, 0.01), Math.abs);
    const [wp, gp, mp, vp, hp] = put(core, w, g, m, v, new Float32Array(8));
    const [lr, b1, b2, eps, wd, t] = [1e-3, 0.9, 0.999, 1e-8, 0.01, 3];
    core.f32(hp!, 8).set([-(lr / (1 - b1 ** t)), Math.sqrt(1 - b2 ** t), b1, b2, 1 - b1, 1 - b2, eps, wd]);
    core.kernels.adamStep(hp!, wp!, gp!, mp!, vp!, n);
    for (let i = 0; i < n; i++) {
      const gi = g[i]! + wd * w[i]!;
      const mi = b1 * m[i]! + (1 - b1) * gi;
      const vi = b2 * v[i]! + (1 - b2) * gi * gi;
      const wi = w[i]! - ((lr / (1 - b1 ** t)) * mi) / (Math.sqrt(vi) / Math.sqrt(1 - b2 ** t) + eps);
      assert.ok(Math.abs(core.f32(mp!, n)[i]! - mi) < 1e-7 && Math.abs(core.f32(vp!, n)[i]! - vi) < 1e-8, `moments ${i}`);
      assert.ok(Math.abs(core.f32(wp!, n)[i]! - wi) < 1e-6, `weight ${i}: ${core.f32(wp!, n)[i]} vs ${wi}`);
    }
  });

  kernels('bceLoss: one log per 0/1 label, float64 accurate; soft labels and p outside [0, 1] take the two-log formula', () => {
    const rng = new Mt19937(77);
    const f = Math.fround;
    const p = Float32Array.from({ length: 37 }, (_, i) => (i % 9 === 0 ? [0, 1, 1e-30, 0.99999994, 2 ** -149][i / 9]! : rng.uniform(0, 1)));
    const t = Float32Array.from(p, (_, i) => i % 2);
    const clamp = (x: number) => Math.max(x, -100);
    const term = (pi: number, ti: number) => (ti - 1) * clamp(Math.log1p(-pi)) - ti * clamp(Math.log(pi));
    const [pp, tt] = put(core, p, t);
    const out = core.arena.allocF64(1);
    core.kernels.bceLoss(pp!, tt!, out, p.length);
    const ref = p.reduce((sum, pi, i) => sum + term(pi, t[i]!), 0) / p.length;
    assert.ok(Math.abs(core.f64(out, 1)[0]! - ref) <= 1e-15 * ref, `${core.f64(out, 1)[0]} vs ${ref}`);
    // Soft labels, p > 1 (log1p(-p) is NaN, as in PyTorch) and NaN, each after a hard-label pair.
    for (const [pi, ti] of [
      [f(0.6), f(0.3)],
      [f(1.5), 1],
      [Number.NaN, 0],
      [f(-0.25), 0],
    ] as const) {
      const [p2, t2] = put(core, [0.25, 0.75, pi], [0, 1, ti]);
      core.kernels.bceLoss(p2!, t2!, out, 3);
      const expected = (term(f(0.25), 0) + term(f(0.75), 1) + term(pi, ti)) / 3;
      const got = core.f64(out, 1)[0]!;
      assert.ok(
        Number.isNaN(expected) ? Number.isNaN(got) : Math.abs(got - expected) <= 1e-15 * expected,
        `p ${pi}, t ${ti}: ${got} vs ${expected}`,
      );
    }
  });

  kernels("Adam's training step sets a subnormal m to 0 every 16th step only where w provably stays PyTorch's", () => {
    // optimizerStep on an OptRecord (src/shared/layout.ts): g = 0 and subnormal m, as a dead ReLU
    // unit's weights; lanes 2 and 8 (a vector lane and the scalar tail) have |w| below the bound
    // W = 2^-100·|s|/eps and must keep PyTorch's m. Reference: PyTorch's float32 arithmetic.
    const n = 9;
    const f = Math.fround;
    const [lr, b1, b2, eps] = [1e-3, 0.9, 0.999, 1e-8];
    const w0 = Float32Array.from({ length: n }, (_, i) => (i === 2 || i === 8 ? 1e-30 : 0.1 + i / 10));
    const m0 = Float32Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (i + 1) * 1e-40);
    const v0 = new Float32Array(n).fill(1e-6);
    const [wp, gp, mp, vp] = put(core, w0, new Float32Array(n), m0, v0);
    const opt = core.arena.alloc(104);
    core.i32(opt, 10).set([0, 0, wp!, gp!, n, mp!, vp!, 0, 0, 0]);
    core.f64(opt + 40, 8).set([lr, b1, b2, eps, 0, 0, 0, 0]);
    const w = Float32Array.from(w0),
      m = Float32Array.from(m0),
      v = Float32Array.from(v0);
    for (let t = 1; t <= 20; t++) {
      (core.kernels as unknown as { optimizerStep(opt: number): void }).optimizerStep(opt);
      const negStep = f(-(lr / (1 - b1 ** t))),
        bc2 = f(Math.sqrt(1 - b2 ** t));
      for (let i = 0; i < n; i++) {
        m[i] = f(f(m[i]! * f(b1)) + f(f(1 - b1) * 0));
        v[i] = f(f(v[i]! * f(b2)) + f(f(f(1 - b2) * 0) * 0));
        w[i] = f(w[i]! + f(f(negStep * m[i]!) / f(f(f(Math.sqrt(v[i]!)) / bc2) + f(eps))));
      }
      const got = { w: core.f32(wp!, n), m: core.f32(mp!, n) };
      for (let i = 0; i < n; i++) {
        assert.ok(Object.is(got.w[i], w[i]), `step ${t}, w[${i}]: ${got.w[i]} vs ${w[i]}`);
        const flushed = t >= 16 && i !== 2 && i !== 8;
        assert.ok(flushed ? got.m[i] === 0 : Object.is(got.m[i], m[i]), `step ${t}, m[${i}]: ${got.m[i]} vs ${flushed ? 0 : m[i]}`);
      }
    }
  });

  kernels('sgdStep: first step copies d into the buffer, later steps decay it; nesterov', () => {
    const n = 5;
    const w = randomArray(n),
      g = randomArray(n),
      buf = randomArray(n);
    for (const [first, nesterov] of [
      [1, 0],
      [0, 0],
      [0, 1],
    ]) {
      const [wp, gp, bp, hp] = put(core, w, g, buf, new Float32Array(6));
      const [lr, mu, damp, wd] = [0.1, 0.9, 0.25, 0.01];
      core.f32(hp!, 6).set([-lr, mu, 1 - damp, wd, nesterov!, first!]);
      core.kernels.sgdStep(hp!, wp!, gp!, bp!, n);
      for (let i = 0; i < n; i++) {
        const d = g[i]! + wd * w[i]!;
        const b = first ? d : mu * buf[i]! + (1 - damp) * d;
        const step = nesterov ? d + mu * b : b;
        assert.ok(Math.abs(core.f32(bp!, n)[i]! - b) < 1e-6, `buffer ${i}`);
        assert.ok(Math.abs(core.f32(wp!, n)[i]! - (w[i]! - lr * step)) < 1e-6, `weight ${i}`);
      }
    }
  });

  kernels.run();
}

const identity = suite('SIMD and scalar builds agree bit for bit');
identity('dense forward and backward', () => {
  fc.assert(
    fc.property(denseCase, (c) => {
      const [simd, scalar] = [runDense(cores.simd!, c), runDense(cores.scalar!, c)];
      for (const key of ['z', 'dw', 'db', 'dx'] as const) {
        const a = new Uint32Array(simd[key].buffer),
          b = new Uint32Array(scalar[key].buffer);
        if (!a.every((bits, k) => bits === b[k])) throw new Error(`${key} differs (batch ${c.batch}, ${c.nIn}→${c.nOut})`);
      }
    }),
    { numRuns: 40, seed: FC_SEED.identity },
  );
});
identity('bceLoss over hard and soft labels, any length', () => {
  const rng = new Mt19937(78);
  for (let n = 1; n <= 41; n += 4) {
    const p = Float32Array.from({ length: n }, () => rng.uniform(0, 1));
    const t = Float32Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0.5 : i % 2));
    const [a, b] = [cores.simd!, cores.scalar!].map((core) => {
      const [pp, tt] = put(core, p, t);
      const out = core.arena.allocF64(1);
      core.kernels.bceLoss(pp!, tt!, out, n);
      return core.f64(out, 1)[0]!;
    });
    assert.ok(Object.is(a, b), `n=${n}: ${a} vs ${b}`);
  }
});
identity.run();
