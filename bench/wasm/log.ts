// @ts-nocheck — AssemblyScript, not TypeScript (the root tsconfig includes bench/): compiled by
// bench/log-error.ts, from bench/wasm.
// The BCE's float64 logarithm (assembly/math/log.ts) over an array, in its f64x2 and scalar forms,
// for bench/log-error.ts to measure its error and check that the two forms agree bit for bit.
import { logF64, logF64x2 } from '../../assembly/math/log';

/** y[i] = logF64x2 over pairs of x[i], i < n (n even); x, y: f64[n]. */
export function logPairs(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) v128.store(y + ((<usize>i) << 3), logF64x2(v128.load(x + ((<usize>i) << 3))));
}

/** y[i] = logF64(x[i]), i < n; x, y: f64[n]. */
export function logEach(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(y + ((<usize>i) << 3), logF64(load<f64>(x + ((<usize>i) << 3))));
}

/** First free byte: the arrays go from here. */
export function heapBase(): usize {
  return __heap_base;
}
