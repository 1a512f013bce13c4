// Suite "kernels": the raw kernels through the ABI (src/core/kernels.ts), each in the SIMD and
// the scalar build — dense forward+backward as GFLOP/s and % of the ceiling, every activation's
// forward+backward and an Adam step as ns/element and GB/s.
import { ACTIVATIONS, type Backend, type Core, loadCore, resolveActivationOptions } from '../src/index.js';
import { ceiling } from './ceiling.js';
import { type Case, type SuiteReport, sampleLabel, timeCases } from './harness.js';
import { num, percent, type Table, times } from './table.js';

/** (batch, in, out); activations are x[in][batch], batch a multiple of 4. */
export interface DenseSize {
  batch: number;
  nIn: number;
  nOut: number;
}

export const DEFAULT_SIZES: DenseSize[] = [
  { batch: 32, nIn: 2, nOut: 5 },
  { batch: 32, nIn: 5, nOut: 5 },
  { batch: 256, nIn: 64, nOut: 64 },
  { batch: 256, nIn: 256, nOut: 256 },
  { batch: 128, nIn: 512, nOut: 512 },
];

export interface KernelOptions {
  sizes: DenseSize[];
  /** Elements of the activation and Adam cases. */
  elements: number;
}

const BACKENDS: Backend[] = ['simd', 'scalar'];

export const sizeLabel = ({ batch, nIn, nOut }: DenseSize): string => `${batch}×${nIn}×${nOut}`;

/** Forward 2·b·i·o; backward 2·b·i·o for dW, 2·b·i·o for dX, b·o for db (bias adds not counted). */
export function denseFlops({ batch, nIn, nOut }: DenseSize): number {
  return 6 * batch * nIn * nOut + batch * nOut;
}

/** Deterministic values in [-scale, scale): the same buffers on every run. */
function fill(core: Core, ptr: number, n: number, scale: number, seed: number): void {
  const view = core.f32(ptr, n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    view[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
}

/** One dense forward+backward case: `reps` calls of each per operation, so tiny sizes are not dominated by the call. */
export function denseCase(core: Core, size: DenseSize): { run: () => void; forward: () => void; reps: number } {
  const { batch, nIn, nOut } = size;
  const a = core.arena;
  const x = a.allocF32(nIn * batch),
    w = a.allocF32(nOut * nIn),
    b = a.allocF32(nOut);
  const z = a.allocF32(nOut * batch),
    dz = a.allocF32(nOut * batch);
  const dw = a.allocF32(nOut * nIn),
    db = a.allocF32(nOut),
    dx = a.allocF32(nIn * batch);
  fill(core, x, nIn * batch, 1, 1);
  fill(core, w, nOut * nIn, 1 / Math.sqrt(nIn), 2);
  fill(core, b, nOut, 0.1, 3);
  fill(core, dz, nOut * batch, 0.01, 4);
  const k = core.kernels;
  const reps = Math.max(1, Math.ceil(200_000 / denseFlops(size)));
  return {
    reps,
    run: () => {
      for (let r = 0; r < reps; r++) {
        k.denseForward(x, w, b, z, batch, nIn, nOut);
        k.denseBackward(x, w, dz, dw, db, dx, batch, nIn, nOut);
      }
    },
    forward: () => {
      for (let r = 0; r < reps; r++) k.denseForward(x, w, b, z, batch, nIn, nOut);
    },
  };
}

export async function runKernels(options: KernelOptions): Promise<SuiteReport> {
  const top = await ceiling();
  const cores = Object.fromEntries(
    await Promise.all(BACKENDS.map(async (backend) => [backend, await loadCore({ backend })] as const)),
  ) as Record<Backend, Core>;

  // ---- dense -------------------------------------------------------------------------------
  const denseCases: Case[] = [];
  const reps: Record<string, number> = {};
  for (const size of options.sizes) {
    for (const backend of BACKENDS) {
      const c = denseCase(cores[backend], size);
      const name = `dense ${sizeLabel(size)} ${backend}`;
      reps[name] = c.reps;
      denseCases.push({ name, fn: c.run });
    }
  }
  const dense = await timeCases('kernels: dense forward+backward', 'kernels-dense', denseCases, { maxTime: 0.5, minSamples: 5 });
  const denseRows = options.sizes.map((size) => {
    const flops = denseFlops(size);
    const [simd, scalar] = BACKENDS.map((backend) => {
      const name = `dense ${sizeLabel(size)} ${backend}`;
      const t = dense.find((d) => d.name === name)!;
      return { ms: t.ms / reps[name]!, rme: t.rme, gflops: (flops * reps[name]!) / (t.ms * 1e6) };
    }) as [Row, Row];
    return { size, flops, simd, scalar, speedup: simd.gflops / scalar.gflops, ofCeiling: simd.gflops / top.gflops };
  });

  // ---- element-wise: activations and Adam ---------------------------------------------------
  const n = options.elements;
  const elementCases: Case[] = [];
  const elementKernels: { label: string; bytes: number; flops?: number }[] = [];
  for (const spec of ACTIVATIONS) {
    const { params } = resolveActivationOptions(spec.name);
    for (const backend of BACKENDS) {
      const core = cores[backend];
      const a = core.arena;
      const p = a.allocF32(Math.max(1, params.length)),
        z = a.allocF32(n),
        y = a.allocF32(n),
        dy = a.allocF32(n),
        dzp = a.allocF32(n);
      core.f32(p, params.length).set(params);
      fill(core, z, n, 6, 5);
      fill(core, dy, n, 1, 6);
      const k = core.kernels;
      elementCases.push({
        name: `${spec.name} ${backend}`,
        fn: () => {
          k.activationForward(spec.id, p, z, y, n);
          k.activationBackward(spec.id, p, z, y, dy, dzp, n);
        },
        warmup: 100,
        warmupMs: 200,
      });
    }
    // forward reads z, writes y; backward reads z or y and dy, writes dz: 5 f32 per element.
    elementKernels.push({ label: spec.name, bytes: 20 });
  }
  for (const backend of BACKENDS) {
    const core = cores[backend];
    const a = core.arena;
    const hyper = a.allocF32(8),
      w = a.allocF32(n),
      g = a.allocF32(n),
      m = a.allocF32(n),
      v = a.allocF32(n);
    const [lr, b1, b2, t] = [1e-4, 0.9, 0.999, 1];
    const bc1 = 1 - b1 ** t,
      bc2 = 1 - b2 ** t;
    core.f32(hyper, 8).set([-(lr / bc1), Math.sqrt(bc2), b1, b2, 1 - b1, 1 - b2, 1e-8, 0]);
    fill(core, w, n, 0.5, 7);
    fill(core, g, n, 0.1, 8);
    const k = core.kernels;
    elementCases.push({ name: `adamStep ${backend}`, fn: () => k.adamStep(hyper, w, g, m, v, n), warmup: 100, warmupMs: 200 });
  }
  // reads w, g, m, v; writes w, m, v.
  elementKernels.push({ label: 'adamStep', bytes: 28 });
  const elementwise = await timeCases(
    `kernels: element-wise over ${n.toLocaleString('en-US')} elements`,
    'kernels-elementwise',
    elementCases,
    { maxTime: 0.3, minSamples: 5 },
  );
  const elementRows = elementKernels.map(({ label, bytes }) => {
    const [simd, scalar] = BACKENDS.map((backend) => {
      const t = elementwise.find((e) => e.name === `${label} ${backend}`)!;
      return { ms: t.ms, rme: t.rme, nsPerElement: (t.ms * 1e6) / n, gbps: (bytes * n) / (t.ms * 1e6) };
    }) as [ElementRow, ElementRow];
    return { kernel: label, bytesPerElement: bytes, simd, scalar, speedup: scalar.ms / simd.ms };
  });

  const tables: Table[] = [
    {
      title: `Dense forward+backward (denseForward, then denseBackward with dX), ceiling ${num(top.gflops, 3)} GFLOP/s`,
      columns: ['batch×in×out', 'MFLOP', 'SIMD GFLOP/s', '% ceiling', 'scalar GFLOP/s', 'SIMD/scalar', 'SIMD µs/call'],
      rows: denseRows.map((r) => [
        sizeLabel(r.size),
        num(r.flops / 1e6, 3),
        num(r.simd.gflops, 3),
        percent(r.ofCeiling),
        num(r.scalar.gflops, 3),
        times(r.speedup),
        num(r.simd.ms * 1000, 3),
      ]),
      notes: [
        'flops: forward 2·b·i·o, backward 4·b·i·o (dW and dX) + b·o (db); bias adds not counted',
        `one call = denseForward + denseBackward; tiny sizes run several calls per timed operation; ${sampleLabel()}`,
      ],
    },
    {
      title: `Element-wise kernels over ${n.toLocaleString('en-US')} elements (forward + backward for activations)`,
      columns: ['kernel', 'bytes/elt', 'SIMD ns/elt', 'SIMD GB/s', 'scalar ns/elt', 'scalar GB/s', 'SIMD/scalar'],
      rows: elementRows.map((r) => [
        r.kernel,
        String(r.bytesPerElement),
        num(r.simd.nsPerElement, 3),
        num(r.simd.gbps, 3),
        num(r.scalar.nsPerElement, 3),
        num(r.scalar.gbps, 3),
        times(r.speedup),
      ]),
      notes: [
        'activations: activationForward (z → y) then activationBackward (dy, z or y → dz): 5 f32 moved per element',
        'adamStep: one torch.optim.Adam step (reads w, g, m, v; writes w, m, v: 7 f32 per parameter)',
      ],
    },
  ];
  return { suite: 'kernels', tables, data: { ceilingGflops: top.gflops, elements: n, dense: denseRows, elementwise: elementRows } };
}

interface Row {
  ms: number;
  rme: number;
  gflops: number;
}
interface ElementRow {
  ms: number;
  rme: number;
  nsPerElement: number;
  gbps: number;
}
