// Suite "ceiling": the peak f32x4 throughput of this machine's Wasm engine, two ways: mul then add
// (bench/wasm/ceiling.ts, what the SIMD build's kernels issue: the yardstick every kernel's GFLOP/s
// is shown against) and relaxed-SIMD fused multiply-add (bench/wasm/ceiling-fma.ts, what a
// relaxed build could issue).
import { readFileSync } from 'node:fs';
import { relaxedSimdSupported } from '../src/core/relaxed.js';
import { type SuiteReport, sampleLabel, timeCases } from './harness.js';
import { num, type Table } from './table.js';
import { ceilingFmaWasm, ceilingWasm } from './wasm/build.js';

type Chains = (iterations: number, start: number, half: number) => number;

/** Loop iterations per timed call: 1M × 12 chains × 8 flops ≈ 96 MFLOP, a couple of ms. */
const ITERATIONS = 1_000_000;
const CHAINS = [12, 10, 8] as const;
const FMA_CHAINS = [12, 8, 6] as const;

interface Variant {
  chains: number;
  liveV128: number;
  gflops: number;
  ms: number;
  rme: number;
}

export interface CeilingResult {
  /** The best mul+add variant's GFLOP/s: the ceiling of the kernels as built. */
  gflops: number;
  variants: Variant[];
  /** The best relaxed-SIMD FMA variant's GFLOP/s; null where the engine refuses relaxed SIMD. */
  fmaGflops: number | null;
  fmaVariants: Variant[];
}

let measured: CeilingResult | undefined;

/** The engine takes relaxed SIMD (the library's own check, which sets Node 20's flag) and this module. */
function relaxedSimdModule(bytes: Uint8Array<ArrayBuffer>): boolean {
  return relaxedSimdSupported() && WebAssembly.validate(bytes);
}

async function timeChains(file: string, prefix: string, chains: readonly number[], title: string, slug: string): Promise<Variant[]> {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {
    env: {
      abort: () => {
        throw new Error(`${slug}.wasm aborted`);
      },
    },
  });
  const exports = instance.exports as Record<string, Chains>;
  const cases = chains.map((k) => {
    const run = exports[`${prefix}${k}`]!;
    return { name: `${k} chains`, fn: () => run(ITERATIONS, 1, 0.5), warmup: 30 };
  });
  const timings = await timeCases(title, slug, cases, { maxTime: 1, minSamples: 10 });
  return chains.map((k, i) => {
    const t = timings[i]!;
    return { chains: k, liveV128: k + 1, gflops: (ITERATIONS * k * 8) / (t.ms * 1e6), ms: t.ms, rme: t.rme };
  });
}

/** Measures the ceilings once per process (the kernels and peers suites need them too). */
export async function ceiling(): Promise<CeilingResult> {
  if (measured) return measured;
  const variants = await timeChains(ceilingWasm(), 'chains', CHAINS, 'ceiling: f32x4 mul+add chains', 'ceiling');
  const fmaFile = ceilingFmaWasm();
  const fmaVariants = relaxedSimdModule(new Uint8Array(readFileSync(fmaFile)))
    ? await timeChains(fmaFile, 'fma', FMA_CHAINS, 'ceiling: f32x4 relaxed_madd (FMA) chains', 'ceiling-fma')
    : [];
  measured = {
    gflops: Math.max(...variants.map((v) => v.gflops)),
    variants,
    fmaGflops: fmaVariants.length > 0 ? Math.max(...fmaVariants.map((v) => v.gflops)) : null,
    fmaVariants,
  };
  return measured;
}

export async function runCeiling(): Promise<SuiteReport> {
  const result = await ceiling();
  const fma = result.fmaGflops === null ? 'FMA: relaxed SIMD refused by this engine' : `FMA ${num(result.fmaGflops, 3)} GFLOP/s`;
  const table: Table = {
    title: `Ceiling: peak f32x4 in Wasm = mul+add ${num(result.gflops, 3)} GFLOP/s, ${fma}`,
    columns: ['loop', 'live v128', 'GFLOP/s', 'ms per call'],
    rows: [
      ...result.variants.map((v) => [`${v.chains} independent mul+add chains`, String(v.liveV128), num(v.gflops, 3), num(v.ms, 3)]),
      ...result.fmaVariants.map((v) => [`${v.chains} independent FMA chains`, String(v.liveV128), num(v.gflops, 3), num(v.ms, 3)]),
    ],
    notes: [
      `each chain: a = a·m + m on f32x4, 8 flops a round (4 lanes × 1 mul + 1 add: two instructions, or one relaxed_madd); ${ITERATIONS.toLocaleString('en-US')} rounds per call; ${sampleLabel()}`,
      'the ceiling is the best loop of each kind: with enough chains in flight a loop is bound by how many multiplies and adds the core issues per cycle, not by their latency; FMA does both in one instruction of one latency',
      "the kernels' GFLOP/s are shown against the mul+add ceiling: the SIMD build issues no FMA (bit-identical results on every machine)",
    ],
  };
  return { suite: 'ceiling', tables: [table], data: { ...result } };
}
