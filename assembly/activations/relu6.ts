// ReLU6: y = min(max(z, 0), 6), PyTorch's hardtanh(z, 0, 6), so the same clamp (./hardtanh.ts).
// see: PyTorch 1.13 torch/nn/functional.py (relu6 → hardtanh(input, 0., 6.)).
// Backward reads z: relu6'(z) = 0 < z < 6 ? 1 : 0, so 0 at both kinks (relu6'(0) = relu6'(6) = 0).
import { Clamp } from './hardtanh';
import { Activation } from './map';

// Read from memory rather than written as constants: with the literals 0 and 6 Binaryen shapes the
// scalar build's loop differently, about 10% slower (an A/B of the two builds in one process, both orders); same bits.
const BOUNDS: usize = memory.data<f32>([0, 6]);

/** ReLU6's forms, for the loops of ./map.ts: the clamp with (lo, hi) = (0, 6); takes no options (params unread). */
@final export class Relu6 extends Clamp implements Activation {
  @inline a(params: usize): f32 { return load<f32>(BOUNDS); }
  @inline b(params: usize): f32 { return load<f32>(BOUNDS, 4); }
  @inline c(params: usize): f32 { return 0; }
}
