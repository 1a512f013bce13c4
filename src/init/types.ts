// Types the initialisers share (src/init/*): where the random numbers come from, and a resolved choice.

/**
 * Where an initialiser draws from: PyTorch's tensor methods on a contiguous float32 tensor, filled
 * in order. TorchGenerator (src/random/torch-generator.ts) is one as it is; mt19937Source(rng)
 * (src/init/apply.ts) makes one of the project's own Mt19937.
 */
export interface InitSource {
  /** tensor.uniform_(a, b); returns the tensor. */
  uniform_(tensor: Float32Array, a: number, b: number): Float32Array;
  /** tensor.normal_(mean, std); returns the tensor. */
  normal_(tensor: Float32Array, mean: number, std: number): Float32Array;
}

/** A tensor's role in an nn.Linear: the [out][in] weight, or the [out] bias. */
export type InitRole = 'weight' | 'bias';

/** A value an initialiser option takes: a number, or a string for mode and nonlinearity. */
export type InitOptionValue = number | string;
