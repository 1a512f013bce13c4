// The fixtures' tolerances (those of ../shared/fixtures/README.md, restated in tests/reference/README.md),
// applied entry by entry.
import type { SpecResult } from '../../src/spec/spec.js';

export interface Expected {
  bce: number[];
  accuracy: number[];
  grad: number[][];
  /** On the validation rows (config.validationSplit), held to bce's and accuracy's tolerances. */
  valBce?: number[];
  valAccuracy?: number[];
  /** The mean |grad| of each learned activation tensor (PReLU's weight), by state dict key, held to grad's tolerance. */
  stateGrad?: Record<string, number[]>;
  final: Record<string, number[] | number[][]>;
}

export interface Deviation {
  bce: number;
  accuracy: number;
  /** Worst |Δgrad| / (2e-2·|ref| + 1e-7): at most 1 within tolerance. */
  gradRatio: number;
  /** Worst |Δgrad| / |ref|. */
  gradRelative: number;
  final: number;
  failures: string[];
}

export function compareToExpected(actual: SpecResult, expected: Expected): Deviation {
  const d: Deviation = { bce: 0, accuracy: 0, gradRatio: 0, gradRelative: 0, final: 0, failures: [] };
  const fail = (what: string) => d.failures.length < 5 && d.failures.push(what);
  if (actual.bce.length !== expected.bce.length) fail(`${actual.bce.length} epochs, expected ${expected.bce.length}`);
  expected.bce.forEach((ref, e) => {
    const delta = Math.abs(actual.bce[e]! - ref);
    d.bce = Math.max(d.bce, delta);
    if (!(delta <= 1e-4)) fail(`bce[${e}] = ${actual.bce[e]}, PyTorch ${ref}`);
  });
  if (expected.valBce && !actual.valBce) fail('no valBce, PyTorch has one');
  expected.valBce?.forEach((ref, e) => {
    const delta = Math.abs((actual.valBce?.[e] ?? NaN) - ref);
    d.bce = Math.max(d.bce, Number.isNaN(delta) ? Infinity : delta);
    if (!(delta <= 1e-4)) fail(`valBce[${e}] = ${actual.valBce?.[e]}, PyTorch ${ref}`);
  });
  expected.valAccuracy?.forEach((ref, e) => {
    const delta = Math.abs((actual.valAccuracy?.[e] ?? NaN) - ref);
    d.accuracy = Math.max(d.accuracy, Number.isNaN(delta) ? Infinity : delta);
    if (!(delta <= 0.003)) fail(`valAccuracy[${e}] = ${actual.valAccuracy?.[e]}, PyTorch ${ref}`);
  });
  expected.accuracy.forEach((ref, e) => {
    const delta = Math.abs(actual.accuracy[e]! - ref);
    d.accuracy = Math.max(d.accuracy, delta);
    if (!(delta <= 0.003)) fail(`accuracy[${e}] = ${actual.accuracy[e]}, PyTorch ${ref}`);
  });
  const gradSeries = (name: string, mine: readonly number[] | undefined, series: readonly number[]) => {
    series.forEach((ref, e) => {
      const delta = Math.abs((mine?.[e] ?? NaN) - ref);
      d.gradRatio = Math.max(d.gradRatio, Number.isNaN(delta) ? Infinity : delta / (2e-2 * Math.abs(ref) + 1e-7));
      if (ref !== 0) d.gradRelative = Math.max(d.gradRelative, delta / Math.abs(ref));
      if (!(delta <= 2e-2 * Math.abs(ref) + 1e-7)) fail(`${name}[${e}] = ${mine?.[e]}, PyTorch ${ref}`);
    });
  };
  for (const [l, series] of expected.grad.entries()) gradSeries(`grad[${l}]`, actual.grad[l], series);
  for (const [key, series] of Object.entries(expected.stateGrad ?? {})) gradSeries(`stateGrad.${key}`, actual.stateGrad?.[key], series);
  const extra = Object.keys(actual.stateGrad ?? {}).filter((key) => !(key in (expected.stateGrad ?? {})));
  if (expected.stateGrad && extra.length > 0) fail(`stateGrad has ${extra.join(', ')}, PyTorch's has not`);
  for (const [key, ref] of Object.entries(expected.final)) {
    const mine = (actual.final[key] ?? []).flat();
    (ref as (number | number[])[]).flat().forEach((v, k) => {
      const delta = Math.abs((mine[k] ?? NaN) - v);
      d.final = Math.max(d.final, Number.isNaN(delta) ? Infinity : delta);
      if (!(delta <= 5e-3)) fail(`final ${key}[${k}] = ${mine[k]}, PyTorch ${v}`);
    });
  }
  return d;
}
