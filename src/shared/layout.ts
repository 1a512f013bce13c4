// Both compilers read this file: AssemblyScript (assembly/network) and TypeScript (src/train,
// src/optim). The byte layouts of the descriptors the façade writes and the fused kernels read,
// defined once, so the two sides of the boundary cannot drift apart. Every field is 4 bytes (an
// i32 count or a byte offset into the core's memory) unless it says otherwise.

/** A network: this header, then one LayerRecord per Linear layer. */
export enum NetRecord {
  /** i32: number of Linear layers L. */
  Layers = 0,
  /** → f32[widest·capacity]: a gradient buffer. */
  GradA = 4,
  /** → f32[widest·capacity]: the other one, used in turn. */
  GradB = 8,
  /** → f64[L]: Σ over steps of mean |dW_l| (trainEpoch adds to it). */
  Telemetry = 12,
  Header = 16,
}

/** One Linear layer and the activation after it. */
export enum LayerRecord {
  NIn = 0,
  NOut = 4,
  /** → f32[nOut][nIn]. */
  W = 8,
  /** → f32[nOut]. */
  B = 12,
  /** → f32[nOut][nIn]. */
  Dw = 16,
  /** → f32[nOut]. */
  Db = 20,
  /** i32: the ActivationId applied after the layer. */
  Activation = 24,
  /** → f32[]: the activation's options, in its registry row's order. */
  Params = 28,
  /** → f32[nOut][capacity]: pre-activation. */
  Z = 32,
  /** → f32[nOut][capacity]: output. */
  Y = 36,
  Bytes = 40,
}

/** Which update rule an optimizer record holds. */
export enum OptimizerKind {
  Adam = 0,
  Sgd = 1,
}

/** An optimizer: its rule, its state and its settings as Python holds them (float64). */
export enum OptRecord {
  /** i32: an OptimizerKind. */
  Kind = 0,
  /** i32: steps taken so far (the kernels advance it). */
  Steps = 4,
  /** → f32[count]: the parameters. */
  Params = 8,
  /** → f32[count]: their gradients. */
  Grads = 12,
  /** i32: count. */
  Count = 16,
  /** → f32[count]: Adam's m, SGD's momentum buffer. */
  State1 = 20,
  /** → f32[count]: Adam's v (0 for SGD). */
  State2 = 24,
  /** f64[5]: Adam lr, beta1, beta2, eps, weightDecay; SGD lr, momentum, dampening, weightDecay, nesterov (0/1). */
  Hyper = 32,
  Bytes = 72,
}

/** A batch block: where its data sits and how many samples it holds. */
export enum BlockRecord {
  /** → f32[nIn][padded]: features, feature-major. */
  X = 0,
  /** → f32[padded]: labels. */
  T = 4,
  /** i32: real samples. */
  N = 8,
  /** i32: n rounded up to a multiple of 4. */
  Padded = 12,
  Bytes = 16,
}
