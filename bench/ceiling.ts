// Suite "ceiling": the peak f32x4 mul+add throughput of this machine's Wasm engine (see
// bench/wasm/ceiling.ts), the yardstick every kernel's GFLOP/s is shown against.
import { readFileSync } from 'node:fs';
import { type SuiteReport, sampleLabel, timeCases } from './harness.js';
import { num, type Table } from './table.js';
import { ceilingWasm } from './wasm/build.js';

type Chains = (iterations: number, start: number, half: number) => number;

/** Loop iterations per timed call: 1M × 12 chains × 8 flops ≈ 96 MFLOP, a couple of ms. */
const ITERATIONS = 1_000_000;
const CHAINS = [12, 10, 8] as const;

export interface CeilingResult {
  /** The best variant's GFLOP/s: the ceiling. */
  gflops: number;
  variants: { chains: number; liveV128: number; gflops: number; ms: number; rme: number }[];
}

let measured: CeilingResult | undefined;

/** Measures the ceiling once per process (the kernels suite needs it too). */
export async function ceiling(): Promise<CeilingResult> {
  if (measured) return measured;
  const { instance } = await WebAssembly.instantiate(readFileSync(ceilingWasm()), {
    env: {
      abort: () => {
        throw new Error('ceiling.wasm aborted');
      },
    },
  });
  const exports = instance.exports as Record<string, Chains>;
  const cases = CHAINS.map((k) => {
    const run = exports[`chains${k}`]!;
    return { name: `${k} chains`, fn: () => run(ITERATIONS, 1, 0.5), warmup: 30 };
  });
  const timings = await timeCases('ceiling: f32x4 mul+add chains', 'ceiling', cases, { maxTime: 1, minSamples: 10 });
  const variants = CHAINS.map((k, i) => {
    const t = timings[i]!;
    return { chains: k, liveV128: k + 1, gflops: (ITERATIONS * k * 8) / (t.ms * 1e6), ms: t.ms, rme: t.rme };
  });
  measured = { gflops: Math.max(...variants.map((v) => v.gflops)), variants };
  return measured;
}

export async function runCeiling(): Promise<SuiteReport> {
  const result = await ceiling();
  const table: Table = {
    title: `Ceiling: peak f32x4 mul+add in Wasm = ${num(result.gflops, 3)} GFLOP/s`,
    columns: ['loop', 'live v128', 'GFLOP/s', 'ms per call'],
    rows: result.variants.map((v) => [`${v.chains} independent mul+add chains`, String(v.liveV128), num(v.gflops, 3), num(v.ms, 3)]),
    notes: [
      `each chain: a = a·m + m on f32x4 (1 mul + 1 add per round, 8 flops); ${ITERATIONS.toLocaleString('en-US')} rounds per call; ${sampleLabel()}`,
      'the ceiling is the best loop: with enough chains the loop is throughput-bound (two 128-bit multiply and two add pipes would give 16 flops/cycle)',
    ],
  };
  return { suite: 'ceiling', tables: [table], data: { ...result } };
}
