// Both compilers read this file: AssemblyScript (assembly/activations) and TypeScript (src/activations).
// The ids are the ABI between them, so a value, once published, never changes meaning.

/** Numeric id of every activation; the value crosses the JS→Wasm boundary as an i32. */
export enum ActivationId {
  Identity = 0,
  Relu = 1,
  Sigmoid = 2,
  Tanh = 3,
  Relu6 = 4,
  LeakyRelu = 5,
  Elu = 6,
  Gelu = 7,
  Silu = 8,
  Softplus = 9,
  Hardtanh = 10,
  Hardswish = 11,
  Softsign = 12,
  Selu = 13,
  Celu = 14,
  Mish = 15,
  Hardsigmoid = 16,
  Softshrink = 17,
  Hardshrink = 18,
  Tanhshrink = 19,
  LogSigmoid = 20,
  Threshold = 21,
  Prelu = 22,
  Rrelu = 23,
}
