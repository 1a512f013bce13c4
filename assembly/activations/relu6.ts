// ReLU6: y = min(max(z, 0), 6), PyTorch's hardtanh(z, 0, 6), so the same kernel.
// see: PyTorch 1.13 torch/nn/functional.py (relu6 → hardtanh(input, 0., 6.)).
// Backward reads z: relu6'(z) = 0 < z < 6 ? 1 : 0, so 0 at both kinks (relu6'(0) = relu6'(6) = 0).
import { clampForward, clampBackward } from './hardtanh';

const LO: f32 = 0;
const HI: f32 = 6;

/** y[i] = min(max(z[i], 0), 6) for i < n; y may alias z. */
export function relu6Forward(z: usize, y: usize, n: i32): void {
  clampForward(LO, HI, z, y, n);
}

/** dz[i] = 0 < z[i] < 6 ? dy[i] : 0 for i < n; reads z and dy; dz may alias dy. */
export function relu6Backward(z: usize, dy: usize, dz: usize, n: i32): void {
  clampBackward(LO, HI, z, dy, dz, n);
}
