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
  /** → f64[L]: Σ over steps of mean |d state_l| of layer l's activation state (PReLU's weight), 0 where it has none. */
  StateTelemetry = 16,
  /** → u32[4]: the xoshiro128** state random activations (RReLU) draw from in training; 0 when none does. */
  Rng = 20,
  /** i32: 1 while trainEpoch runs (RReLU draws its slopes), else 0 (evaluation: the fixed slope). */
  Training = 24,
  Header = 28,
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
  /** → f32[]: the activation's options, one per option in its registry row's order (4 zero bytes when it takes none). */
  Params = 28,
  /** → f32[nOut][capacity]: pre-activation. */
  Z = 32,
  /** → f32[nOut][capacity]: output. */
  Y = 36,
  /**
   * → f32[StateLength]: this layer's activation state (its row's `state`: PReLU's weight), inside
   * the model's parameter block; 0 when it has none and for the output sigmoid.
   */
  State = 40,
  /** → f32[StateLength]: that state's gradient, inside the model's gradient block (the backward pass writes it); 0 when there is none. */
  StateGrad = 44,
  /** i32: the state's length: 1 (one weight for the layer) or nOut (one per unit); 0 when there is none. */
  StateLength = 48,
  /** → f32[nOut][capacity]: a random activation's per-element slopes of the last training forward pass (RReLU's noise); 0 otherwise. */
  Noise = 52,
  Bytes = 56,
}

/** Which update rule an optimizer record holds: one per row of src/optim/registry.ts. */
export enum OptimizerKind {
  Adam = 0,
  Sgd = 1,
  Rmsprop = 2,
  Adagrad = 3,
  AdamW = 4,
}

/**
 * What an OptRecord has room for. Fixed-size slots rather than a variable-length record: a new
 * optimizer (up to this many state buffers and f64 settings) needs a kind, not a layout change,
 * and the record stays one small allocation. Raise these only with OptRecord's offsets below.
 */
export enum OptCapacity {
  /** f32[count] state buffers (Adam takes 2, SGD 1). */
  States = 4,
  /** f64 settings (Adam and SGD take 5; a pair such as Adam's betas takes 2). */
  Hyper = 8,
}

/** An optimizer: its rule, its state and its settings as Python holds them (float64). */
export enum OptRecord {
  /** i32: an OptimizerKind; optimizerStep traps on any other value. */
  Kind = 0,
  /** i32: steps taken so far (the kernels advance it). */
  Steps = 4,
  /** → f32[count]: the parameters. */
  Params = 8,
  /** → f32[count]: their gradients. */
  Grads = 12,
  /** i32: count. */
  Count = 16,
  /** → f32[count] × OptCapacity.States (i32 offsets): the state buffers in the registry row's order (Adam m, v; SGD's momentum buffer), unused ones 0. */
  State = 20,
  /** f64[OptCapacity.Hyper]: the settings in the registry row's kernel order (a pair takes 2, a boolean is 0/1), unused ones 0; at 40, not 36, so the f64s are 8-aligned. */
  Hyper = 40,
  Bytes = 104,
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
