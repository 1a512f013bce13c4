// ReLU6: y = min(max(z, 0), 6), PyTorch's hardtanh(z, 0, 6), so the same kernel.
// see: PyTorch 1.13 torch/nn/functional.py (relu6 → hardtanh(input, 0., 6.)).
// Backward reads z: relu6'(z) = 0 < z < 6 ? 1 : 0, so 0 at both kinks (relu6'(0) = relu6'(6) = 0).

/** Hardtanh's options for relu6, (min, max) = (0, 6) as f32 p0, p1: ./index.ts runs Hardtanh with these, not the caller's params. */
export const RELU6_PARAMS: usize = memory.data<f32>([0, 6]);
