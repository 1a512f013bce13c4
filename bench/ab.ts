// A/B of two builds of the kernels on the tutorial's study, in one process: each sample is a whole
// 300-epoch run of one activation from the same start (seed 0, Trainer as `train` drives it), timed
// for build A then build B (the order alternating per round), so both meet the same machine load,
// the same dead and saturated units and the same subnormal paths. Prints µs per step (min and
// median over the rounds) per activation and for the five-run study, the B/A ratios, and the
// largest |Δ| between the two builds' per-epoch BCE and accuracy (0 when B keeps A's bits).
//
//   npx tsx bench/ab.ts --a /tmp/old/build/actlab.simd.wasm [--b build/actlab.simd.wasm] [--rounds 7]
//        [--activations relu,tanh] [--epochs 300]
import { existsSync, readFileSync } from 'node:fs';
import type { ActivationInput } from '../src/activations/hidden.js';
import type { Kernels } from '../src/core/kernels.js';
import { Core } from '../src/core/load.js';
import { Mlp } from '../src/model/mlp.js';
import { Trainer } from '../src/train/train.js';
import { countOption, option } from './args.js';
import { circles, STUDY } from './study.js';

async function coreOf(file: string): Promise<Core> {
  if (!existsSync(file)) {
    console.error(
      `no Wasm build at ${file}: build the baseline first (e.g. git worktree add /tmp/old HEAD && cd /tmp/old && npm ci && node scripts/build.mjs wasm), or pass --a FILE`,
    );
    process.exit(2);
  }
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { abort: () => {} } });
  return new Core(file.includes('scalar') ? 'scalar' : 'simd', instance.exports as unknown as Kernels);
}

const fileA = option('a', '/tmp/old/build/actlab.simd.wasm');
const fileB = option('b', 'build/actlab.simd.wasm');
const rounds = countOption('rounds', 7);
const epochs = countOption('epochs', STUDY.epochs);
const activations = option('activations', STUDY.activations.join(',')).split(',');
const cores = [await coreOf(fileA), await coreOf(fileB)];
const data = circles();
const steps = Math.ceil(data.nSamples / STUDY.batchSize) * epochs;

/** One run; its time in ms and its per-epoch (bce, accuracy). */
function run(core: Core, activation: string): { ms: number; bce: number[]; accuracy: number[] } {
  const model = new Mlp(core, { layers: [...STUDY.layers], activation: activation as ActivationInput, seed: STUDY.seed });
  const trainer = new Trainer(model, data, { batchSize: STUDY.batchSize, optimizer: { name: 'adam', lr: STUDY.lr } });
  const bce: number[] = [];
  const accuracy: number[] = [];
  try {
    const started = performance.now();
    for (let e = 0; e < epochs; e++) trainer.epoch();
    const ms = performance.now() - started;
    bce.push(...trainer.history.bce);
    accuracy.push(...trainer.history.accuracy);
    return { ms, bce, accuracy };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// Warm-up: two runs of each activation on each build, so both are tiered up before timing.
for (const activation of activations) for (const core of cores) for (let i = 0; i < 2; i++) run(core, activation);

const times: Record<string, [number[], number[]]> = {};
const deltas: Record<string, { bce: number; accuracy: number }> = {};
for (const activation of activations) times[activation] = [[], []];
const study: [number[], number[]] = [[], []];
for (let r = 0; r < rounds; r++) {
  const total = [0, 0];
  for (const activation of activations) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    const results: ReturnType<typeof run>[] = [];
    for (const k of order) {
      results[k] = run(cores[k]!, activation);
      times[activation]![k]!.push(results[k]!.ms);
      total[k]! += results[k]!.ms;
    }
    const [a, b] = results as [ReturnType<typeof run>, ReturnType<typeof run>];
    deltas[activation] = {
      bce: Math.max(...a.bce.map((x, i) => Math.abs(x - b.bce[i]!))),
      accuracy: Math.max(...a.accuracy.map((x, i) => Math.abs(x - b.accuracy[i]!))),
    };
  }
  study[0].push(total[0]!);
  study[1].push(total[1]!);
}

const us = (ms: number, n: number): string => ((ms * 1000) / n).toFixed(3);
console.log(`A = ${fileA}\nB = ${fileB}\n${rounds} rounds, ${epochs} epochs, µs per step (${steps} steps per run)`);
console.log('activation   A min   A med   B min   B med  B/A min  B/A med  max|Δbce|  max|Δacc|');
const row = (name: string, [a, b]: [number[], number[]], n: number, delta?: { bce: number; accuracy: number }): void => {
  console.log(
    [
      name.padEnd(10),
      us(Math.min(...a), n).padStart(7),
      us(median(a), n).padStart(7),
      us(Math.min(...b), n).padStart(7),
      us(median(b), n).padStart(7),
      (Math.min(...b) / Math.min(...a)).toFixed(3).padStart(8),
      (median(b) / median(a)).toFixed(3).padStart(8),
      delta ? delta.bce.toExponential(1).padStart(10) : ''.padStart(10),
      delta ? delta.accuracy.toExponential(1).padStart(10) : '',
    ].join(' '),
  );
};
for (const activation of activations) row(activation, times[activation]!, steps, deltas[activation]);
row('study', study, steps * activations.length);
