/**
 * The default initialisation of a stack of nn.Linear layers, as PyTorch 1.13 makes it after
 * `torch.manual_seed(seed)`: the layers are built in order, and each one's reset_parameters draws its
 * weight, then its bias, from the generator. Modules without parameters (activations) draw nothing,
 * so an nn.Sequential of Linear and activation modules gives the same values.
 */

import { layerSizes } from '../validate.js';
import { TorchGenerator, type TorchSeed } from './torch-generator.js';

/** One nn.Linear(in, out): weight [out][in] row-major, as PyTorch stores it, and bias [out]. */
export interface TorchLinearParameters {
  readonly weight: Float32Array;
  readonly bias: Float32Array;
}

/**
 * The bounds reset_parameters passes to uniform_, computed as PyTorch's Python does, in float64:
 * kaiming_uniform_(weight, a=sqrt(5)) gives gain = sqrt(2 / (1 + a ** 2)), std = gain / sqrt(fan_in),
 * bound = sqrt(3) * std; the bias gets 1 / sqrt(fan_in). Each reaches the kernel as uniform_(-b, b),
 * still a double, and is cast to float there.
 */
// see: torch/nn/modules/linear.py Linear.reset_parameters, torch/nn/init.py kaiming_uniform_,
// calculate_gain ('leaky_relu'), _calculate_fan_in_and_fan_out (fan_in = weight.size(1))
export function torchLinearBounds(fanIn: number): { weight: number; bias: number } {
  const a = Math.sqrt(5);
  // Python's a ** 2 is C's pow(a, 2.0), the correctly rounded square, as a * a is (and Math.pow
  // is not promised to be).
  const gain = Math.sqrt(2.0 / (1 + a * a));
  const std = gain / Math.sqrt(fanIn);
  return { weight: Math.sqrt(3.0) * std, bias: 1 / Math.sqrt(fanIn) };
}

/**
 * Parameters of nn.Linear(layers[0], layers[1]), nn.Linear(layers[1], layers[2]), ... built in that
 * order from `rng`: a TorchGenerator (advanced in place, as PyTorch's default generator is) or a
 * seed for a new one, as torch.manual_seed(seed) then building the layers.
 */
export function torchLinearInit(rng: TorchSeed | TorchGenerator, layers: readonly number[]): TorchLinearParameters[] {
  const sizes = layerSizes('layers', layers);
  const generator = rng instanceof TorchGenerator ? rng : new TorchGenerator(rng, 'seed');
  const params: TorchLinearParameters[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i] as number;
    const fanOut = sizes[i + 1] as number;
    const bound = torchLinearBounds(fanIn);
    const weight = generator.uniform_(new Float32Array(fanOut * fanIn), -bound.weight, bound.weight);
    const bias = generator.uniform_(new Float32Array(fanOut), -bound.bias, bound.bias);
    params.push({ weight, bias });
  }
  return params;
}
