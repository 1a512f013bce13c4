// Identity: y = z, dz = dy. Backward reads neither z nor y (the registry lists 'z').
// A copy is all there is to do, and memory.copy handles y == z (and dz == dy) as well.

/** y[i] = z[i] for i < n; y may alias z. */
export function identityForward(z: usize, y: usize, n: i32): void {
  if (y != z) memory.copy(y, z, (<usize>n) << 2);
}

/** dz[i] = dy[i] for i < n; dz may alias dy. */
export function identityBackward(dy: usize, dz: usize, n: i32): void {
  if (dz != dy) memory.copy(dz, dy, (<usize>n) << 2);
}
