// Suite "limit": production's training step against the limit kernel (bench/wasm/limit.ts, issue 14),
// a hand-shaped step and evaluation for the tutorial's 2→5→5→5→5→1 network with production's bits.
// (a) Bit identity: both train from the same initial weights (seed 0) for CHECK_EPOCHS epochs; every
//     epoch's BCE, accuracy and mean |dW_l|, and the final weights, are compared bit for bit, and the
//     first difference is named. (b) Speed: whole 300-epoch runs (training and the per-epoch
//     evaluation, as bench/ab.ts times them), production then limit (the order alternating per round),
//     per activation; µs per step, and production's speed as a share of the limit's (limit time /
//     production time: 100% is at the limit). The five-activation study is timed the same way.
import { readFileSync } from 'node:fs';
import type { ActivationInput } from '../src/activations/hidden.js';
import { type Core, loadCore } from '../src/core/load.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { Mlp } from '../src/model/mlp.js';
import { resolveOptimizer } from '../src/optim/config.js';
import { Trainer } from '../src/train/train.js';
import type { SuiteReport } from './harness.js';
import { circles, STUDY } from './study.js';
import { num, percent, type Table } from './table.js';
import { limitWasm } from './wasm/build.js';

/** The activations the limit kernel covers, by its code (bench/wasm/limit.ts). */
export const LIMIT_ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'relu6', 'leaky_relu'] as const;
export type LimitActivation = (typeof LIMIT_ACTIVATIONS)[number];
/** The activations of the share table (the issue's three). */
const SHARE_ACTIVATIONS: LimitActivation[] = ['relu', 'tanh', 'sigmoid'];
const CHECK_EPOCHS = 30;
const ROUNDS = 7;
/** leaky_relu's default negative slope, as production passes it: an f32 option. */
const LEAKY_SLOPE = 0.01;

interface LimitExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  paramCount(): number;
  workBytes(padded: number): number;
  trainEpochLimit(
    act: number,
    actParams: number,
    params: number,
    grads: number,
    m: number,
    v: number,
    work: number,
    cap: number,
    blocks: number,
    nBlocks: number,
    t0: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    telemetry: number,
  ): number;
  evaluateLimit(
    act: number,
    actParams: number,
    params: number,
    work: number,
    cap: number,
    x: number,
    t: number,
    n: number,
    padded: number,
    out: number,
  ): void;
}

/** One run's results: every epoch's BCE, accuracy and mean |dW_l|, and the final parameters. */
export interface RunResult {
  bce: number[];
  accuracy: number[];
  grad: number[][];
  params: Float32Array;
}

const padToLanes = (n: number): number => Math.ceil(n / 4) * 4;

/** The limit kernel instantiated with the tutorial's data in its memory, ready for runs. */
export class LimitKernel {
  private readonly k: LimitExports;
  private readonly ptr: Record<
    'actParams' | 'params' | 'grads' | 'm' | 'v' | 'work' | 'blocks' | 'evalX' | 'evalT' | 'telemetry' | 'out',
    number
  >;
  private readonly cap: number;
  private readonly nBlocks: number;
  private readonly nParams: number;
  private readonly hyper: { lr: number; beta1: number; beta2: number; eps: number };

  constructor(
    bytes: Uint8Array<ArrayBuffer>,
    private readonly data: Dataset,
  ) {
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error('limit.wasm aborted');
        },
      },
    });
    this.k = instance.exports as unknown as LimitExports;
    const { nSamples, nFeatures } = data;
    if (nFeatures !== 2) throw new Error(`LimitKernel: data.nFeatures is ${nFeatures}, the limit kernel takes 2`);
    const batch = Math.min(STUDY.batchSize, nSamples);
    const evalPadded = padToLanes(nSamples);
    this.cap = Math.max(padToLanes(batch), evalPadded) * 4;
    this.nParams = this.k.paramCount();
    const n = this.nParams;
    const alloc = (bytes: number) => this.k.alloc(bytes);
    // Training blocks as production writes them (src/train/blocks.ts): x feature-major, then t.
    const starts: number[] = [];
    for (let s = 0; s < nSamples; s += batch) starts.push(s);
    this.nBlocks = starts.length;
    const blocks = alloc(16 * this.nBlocks);
    const layout = starts.map((first) => {
      const count = Math.min(batch, nSamples - first);
      const padded = padToLanes(count);
      return { first, count, padded, x: alloc(nFeatures * padded * 4), t: alloc(padded * 4) };
    });
    this.ptr = {
      actParams: alloc(16),
      params: alloc(n * 4),
      grads: alloc(n * 4),
      m: alloc(n * 4),
      v: alloc(n * 4),
      work: alloc(this.k.workBytes(this.cap / 4)),
      blocks,
      evalX: alloc(nFeatures * evalPadded * 4),
      evalT: alloc(evalPadded * 4),
      telemetry: alloc(5 * 8),
      out: alloc(4 * 8),
    };
    const buffer = this.k.memory.buffer;
    const words = new Int32Array(buffer, blocks, 4 * this.nBlocks);
    layout.forEach((b, i) => {
      words.set([b.x, b.t, b.count, b.padded], 4 * i);
      this.fill(b.x, b.t, b.first, b.count, b.padded);
    });
    this.fill(this.ptr.evalX, this.ptr.evalT, 0, nSamples, evalPadded);
    new Float32Array(buffer, this.ptr.actParams, 1)[0] = LEAKY_SLOPE;
    const adam = resolveOptimizer({ name: 'adam', lr: STUDY.lr }) as { lr: number; betas: [number, number]; eps: number };
    this.hyper = { lr: adam.lr, beta1: adam.betas[0], beta2: adam.betas[1], eps: adam.eps };
  }

  private fill(x: number, t: number, first: number, count: number, padded: number): void {
    const xs = new Float32Array(this.k.memory.buffer, x, 2 * padded);
    const ts = new Float32Array(this.k.memory.buffer, t, padded);
    xs.fill(0);
    ts.fill(0);
    for (let s = 0; s < count; s++) {
      xs[s] = this.data.X[(first + s) * 2]!;
      xs[padded + s] = this.data.X[(first + s) * 2 + 1]!;
      ts[s] = this.data.y[first + s]!;
    }
  }

  /** `epochs` epochs of training, each followed by the whole-set evaluation, from `init` (Adam's state fresh). */
  run(activation: LimitActivation, init: Float32Array, epochs: number): RunResult {
    const act = LIMIT_ACTIVATIONS.indexOf(activation);
    const { k, ptr, cap, nBlocks, nParams } = this;
    const { lr, beta1, beta2, eps } = this.hyper;
    const buffer = k.memory.buffer;
    new Float32Array(buffer, ptr.params, nParams).set(init);
    new Float32Array(buffer, ptr.m, nParams).fill(0);
    new Float32Array(buffer, ptr.v, nParams).fill(0);
    const telemetry = new Float64Array(buffer, ptr.telemetry, 5);
    const out = new Float64Array(buffer, ptr.out, 4);
    const nSamples = this.data.nSamples;
    const evalPadded = padToLanes(nSamples);
    const result: RunResult = { bce: [], accuracy: [], grad: [[], [], [], [], []], params: new Float32Array(0) };
    let t = 0;
    for (let e = 0; e < epochs; e++) {
      telemetry.fill(0);
      t = k.trainEpochLimit(
        act,
        ptr.actParams,
        ptr.params,
        ptr.grads,
        ptr.m,
        ptr.v,
        ptr.work,
        cap,
        ptr.blocks,
        nBlocks,
        t,
        lr,
        beta1,
        beta2,
        eps,
        ptr.telemetry,
      );
      k.evaluateLimit(act, ptr.actParams, ptr.params, ptr.work, cap, ptr.evalX, ptr.evalT, nSamples, evalPadded, ptr.out);
      result.bce.push(out[0]! / nSamples);
      result.accuracy.push(out[2]! > 0 ? Number.NaN : out[1]! / nSamples);
      for (let l = 0; l < 5; l++) result.grad[l]!.push(telemetry[l]! / nBlocks);
    }
    result.params = new Float32Array(buffer, ptr.params, nParams).slice();
    return result;
  }
}

/** Loads the limit kernel (compiling bench/wasm/limit.ts first when it is missing or stale). */
export function loadLimit(data: Dataset): LimitKernel {
  return new LimitKernel(new Uint8Array(readFileSync(limitWasm())), data);
}

/** The initial parameters of the study's runs (seed 0), flat as production holds them. */
export function initialParams(core: Core): Float32Array {
  const model = new Mlp(core, { layers: [...STUDY.layers], activation: 'relu', seed: STUDY.seed });
  try {
    return Float32Array.from(model.parameters());
  } finally {
    model.dispose();
  }
}

/** Production's run of `epochs` epochs (Trainer, as `train` drives it); its time covers the epochs only. */
export function productionRun(core: Core, data: Dataset, activation: string, epochs: number): RunResult & { ms: number } {
  const model = new Mlp(core, { layers: [...STUDY.layers], activation: activation as ActivationInput, seed: STUDY.seed });
  const trainer = new Trainer(model, data, { batchSize: STUDY.batchSize, optimizer: { name: 'adam', lr: STUDY.lr } });
  try {
    const started = performance.now();
    for (let e = 0; e < epochs; e++) trainer.epoch();
    const ms = performance.now() - started;
    const { bce, accuracy, grad } = trainer.history;
    return { ms, bce: [...bce], accuracy: [...accuracy], grad: grad.map((g) => [...g]), params: Float32Array.from(model.parameters()) };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

const f32Bits = (x: number): number => new Uint32Array(Float32Array.of(x).buffer)[0]!;
const sameF64 = (a: number, b: number): boolean => Object.is(a, b);

/** Where the limit's run first differs from production's (epoch, measure), or null when every bit agrees. */
export function firstDifference(a: RunResult, b: RunResult): string | null {
  for (let e = 0; e < a.bce.length; e++) {
    if (!sameF64(a.bce[e]!, b.bce[e]!)) return `epoch ${e}: BCE ${a.bce[e]} vs ${b.bce[e]}`;
    if (!sameF64(a.accuracy[e]!, b.accuracy[e]!)) return `epoch ${e}: accuracy ${a.accuracy[e]} vs ${b.accuracy[e]}`;
    for (let l = 0; l < a.grad.length; l++) {
      if (!sameF64(a.grad[l]![e]!, b.grad[l]![e]!)) return `epoch ${e}: mean |dW_${l}| ${a.grad[l]![e]} vs ${b.grad[l]![e]}`;
    }
  }
  for (let i = 0; i < a.params.length; i++) {
    if (f32Bits(a.params[i]!) !== f32Bits(b.params[i]!)) return `final parameter ${i}: ${a.params[i]} vs ${b.params[i]}`;
  }
  return null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function runLimit(): Promise<SuiteReport> {
  const core = await loadCore({ backend: 'simd' });
  const data = circles();
  const limit = loadLimit(data);
  const init = initialParams(core);
  const stepsPerEpoch = Math.ceil(data.nSamples / STUDY.batchSize);

  // (a) bits
  const verdicts = LIMIT_ACTIVATIONS.map((activation) => {
    const difference = firstDifference(productionRun(core, data, activation, CHECK_EPOCHS), limit.run(activation, init, CHECK_EPOCHS));
    return { activation, identical: difference === null, difference };
  });
  const identical = verdicts.every((v) => v.identical);
  console.log(
    identical
      ? `limit kernel: bit-identical to production over ${CHECK_EPOCHS} epochs for ${LIMIT_ACTIVATIONS.join(', ')}`
      : `limit kernel DIFFERS: ${verdicts
          .filter((v) => !v.identical)
          .map((v) => `${v.activation} (${v.difference})`)
          .join('; ')}`,
  );

  // (b) speed: whole runs, interleaved, the order alternating per round; two warm-up runs each.
  const epochs = STUDY.epochs;
  const steps = epochs * stepsPerEpoch;
  const timeLimit = (activation: LimitActivation): number => {
    const started = performance.now();
    limit.run(activation, init, epochs);
    return performance.now() - started;
  };
  const studyActivations = STUDY.activations as readonly string[] as LimitActivation[];
  for (const activation of studyActivations) {
    for (let i = 0; i < 2; i++) {
      productionRun(core, data, activation, epochs);
      timeLimit(activation);
    }
  }
  const times = Object.fromEntries(studyActivations.map((a) => [a, { production: [] as number[], limit: [] as number[] }]));
  const study = { production: [] as number[], limit: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    let production = 0;
    let limitMs = 0;
    for (const activation of studyActivations) {
      const t = times[activation]!;
      const runs = r % 2 === 0 ? ['production', 'limit'] : ['limit', 'production'];
      for (const which of runs) {
        const ms = which === 'production' ? productionRun(core, data, activation, epochs).ms : timeLimit(activation);
        if (which === 'production') {
          t.production.push(ms);
          production += ms;
        } else {
          t.limit.push(ms);
          limitMs += ms;
        }
      }
    }
    study.production.push(production);
    study.limit.push(limitMs);
  }
  const us = (ms: number, n: number) => (ms * 1000) / n;
  const rowOf = (name: string, t: { production: number[]; limit: number[] }, n: number) => {
    const production = median(t.production);
    const lim = median(t.limit);
    return {
      name,
      productionUs: us(production, n),
      limitUs: us(lim, n),
      productionMinUs: us(Math.min(...t.production), n),
      limitMinUs: us(Math.min(...t.limit), n),
      share: lim / production,
      shareMin: Math.min(...t.limit) / Math.min(...t.production),
    };
  };
  const rows = [
    ...studyActivations.map((a) => rowOf(a, times[a]!, steps)),
    rowOf(`study (${studyActivations.length} runs)`, study, steps * studyActivations.length),
  ];
  const studyRow = rows.at(-1)!;
  const shares = rows.filter((r) => (SHARE_ACTIVATIONS as string[]).includes(r.name));
  const table: Table = {
    title: `Limit: production's training step as a share of the hand-shaped limit kernel (${STUDY.layers.join('→')}, batch ${STUDY.batchSize}, Adam)`,
    columns: ['run', 'production µs/step', 'limit µs/step', 'production share', 'share (min)', 'bits'],
    rows: rows.map((r) => {
      const verdict = verdicts.find((v) => v.activation === r.name);
      return [
        r.name,
        `${num(r.productionUs, 3)} (min ${num(r.productionMinUs, 3)})`,
        `${num(r.limitUs, 3)} (min ${num(r.limitMinUs, 3)})`,
        percent(r.share),
        percent(r.shareMin),
        verdict ? (verdict.identical ? 'identical' : 'DIFFER') : identical ? 'identical' : '—',
      ];
    }),
    notes: [
      `whole ${epochs}-epoch runs from seed 0 (${stepsPerEpoch} steps an epoch, each epoch followed by the evaluation on all ${data.nSamples} samples), production (Trainer on the SIMD build) and the limit (bench/wasm/limit.ts) interleaved, ${ROUNDS} rounds; median (and min) µs per step, evaluation included`,
      'share = limit time / production time: 100% means production runs at the limit',
      `bits: every epoch's BCE, accuracy and mean |dW_l|, and the final weights, compared bit for bit over ${CHECK_EPOCHS} epochs` +
        (identical ? '' : `; first differences: ${verdicts.map((v) => `${v.activation}: ${v.difference ?? 'none'}`).join('; ')}`),
      `study: production ${num(median(study.production), 3)} ms, limit ${num(median(study.limit), 3)} ms (median of the rounds, one thread)`,
    ],
  };
  return {
    suite: 'limit',
    tables: [table],
    data: {
      identical,
      verdicts,
      checkEpochs: CHECK_EPOCHS,
      rows,
      studyProductionMs: median(study.production),
      studyLimitMs: median(study.limit),
      studyShare: studyRow.share,
      minShare: Math.min(...shares.map((r) => r.share)),
    },
  };
}
