// torch.nn.init.calculate_gain: the recommended scale for a nonlinearity, in float64 as Python
// computes it. The xavier_* and orthogonal initialisers take it as their `gain`, kaiming_* call it
// with their `nonlinearity` and `a`.
import { finiteNumber, InputError } from '../validate.js';

/** Every name calculate_gain accepts, in the order PyTorch's docstring lists them. */
export const NONLINEARITIES = Object.freeze([
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'conv_transpose1d',
  'conv_transpose2d',
  'conv_transpose3d',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'selu',
] as const);

export type Nonlinearity = (typeof NONLINEARITIES)[number];

/** leaky_relu's negative_slope when calculate_gain is given no param. */
export const DEFAULT_NEGATIVE_SLOPE = 0.01;

export function isNonlinearity(value: unknown): value is Nonlinearity {
  return typeof value === 'string' && (NONLINEARITIES as readonly string[]).includes(value);
}

/**
 * calculate_gain(nonlinearity, param): 1 for linear, the conv* names and sigmoid; 5/3 for tanh;
 * √2 for relu; √(2 / (1 + slope²)) for leaky_relu (slope = param, 0.01 when absent); 3/4 for selu.
 * As in PyTorch, `param` is read only for leaky_relu (and must then be a finite number, not a
 * boolean); for the others it is ignored. `field` names the nonlinearity in errors, `paramField`
 * the param.
 */
// see: torch/nn/init.py calculate_gain (PyTorch 1.13)
export function calculateGain(nonlinearity: unknown, param?: unknown, field = 'nonlinearity', paramField = 'param'): number {
  if (!isNonlinearity(nonlinearity)) {
    throw new InputError(field, nonlinearity, `must be a nonlinearity calculate_gain knows: ${NONLINEARITIES.join(', ')}`);
  }
  switch (nonlinearity) {
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'leaky_relu': {
      if (param !== undefined && typeof param !== 'number') {
        throw new InputError(paramField, param, "must be a finite number (leaky_relu's negative slope)");
      }
      const slope = param === undefined ? DEFAULT_NEGATIVE_SLOPE : finiteNumber(paramField, param);
      // Python's slope ** 2 is pow(slope, 2.0): the correctly rounded square, as slope * slope is.
      return Math.sqrt(2.0 / (1 + slope * slope));
    }
    case 'selu':
      return 3.0 / 4;
    default:
      return 1;
  }
}
