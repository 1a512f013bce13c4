// Element-wise comparison of number arrays within an absolute tolerance, for results checked
// against numpy/PyTorch references that float64 rounding may move in the last bits.
import * as assert from 'uvu/assert';

/** Fails unless `actual` has `expected`'s length and every element is within `tol` of it; `what` names the array. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs((actual[i] as number) - (expected[i] as number));
    // `!(diff <= tol)` so a NaN on either side fails too.
    if (!(diff <= tol)) assert.unreachable(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (|diff| ${diff} > ${tol})`);
  }
}
