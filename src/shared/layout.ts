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
  /** i32: which mechanism telemetry to gather, TelemetryGroup bits; 0 for the tutorial's alone. */
  Groups = 28,
  /** → f64[L·GradStat.Count]: per layer, Σ over steps of mean |db|, ‖dW‖₂ and mean |dz| (TelemetryGroup.Gradients). */
  GradStats = 32,
  /** → f64[L·EvalStat.Count]: per layer, over the evaluated rows and units, Σz, Σz², Σy, Σy², saturated count, elements (TelemetryGroup.Activations). */
  EvalStats = 36,
  /** → i32[Σ nOut]: per unit, 1 once f′(z) ≠ 0 on some evaluated row (a unit still 0 is dead); LayerRecord.UnitOffset indexes it. */
  Alive = 40,
  /** → i32[L·Histogram.Bins]: per layer, counts of z in the fixed bins (TelemetryGroup.Histogram, set for the epochs asked for). */
  Histograms = 44,
  /** → f32[widest·capacity], all 1: the upstream gradient for computing f′ on the evaluation pass. */
  Ones = 48,
  Header = 52,
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
  /** f32: 1% of the activation's largest |f′|: a unit-row whose |f′(z)| is below it counts as saturated. */
  SaturatedBelow = 56,
  /** i32: this layer's first unit in NetRecord.Alive. */
  UnitOffset = 60,
  Bytes = 64,
}

/** Bits of NetRecord.Groups: the mechanism telemetry gathered besides the tutorial's mean |dW|. */
export enum TelemetryGroup {
  /** Per training step: mean |∂L/∂b|, ‖∂L/∂W‖₂ and mean |∂L/∂z| (the backpropagated signal) per layer. */
  Gradients = 1,
  /** On the evaluation pass: z and y mean and spread, the saturated share and the dead units per layer. */
  Activations = 2,
  /** On this evaluation pass only: the histogram of z per layer. */
  Histogram = 4,
  /** At the end of each epoch: ‖W‖₂ per layer. */
  Weights = 8,
}

/** The slots of each layer's NetRecord.GradStats. */
export enum GradStat {
  /** Σ over steps of mean |∂L/∂b|. */
  BiasGrad = 0,
  /** Σ over steps of ‖∂L/∂W‖₂. */
  WeightGradNorm = 1,
  /** Σ over steps of mean |∂L/∂z|. */
  Signal = 2,
  /** ‖W‖₂ after the epoch's last step (TelemetryGroup.Weights). */
  WeightNorm = 3,
  Count = 4,
}

/** The slots of each layer's NetRecord.EvalStats. */
export enum EvalStat {
  SumZ = 0,
  SumZ2 = 1,
  SumY = 2,
  SumY2 = 3,
  Saturated = 4,
  Elements = 5,
  Count = 6,
}

/**
 * The fixed bins of the z histograms, in quarters (enums hold integers): bin 0 counts z < -8, bins
 * 1 … 64 are [-8 + (k-1)/4, -8 + k/4), bin 65 counts z ≥ 8; NaN is not counted.
 */
export enum Histogram {
  Bins = 66,
  /** The first inner bin's left edge, in quarters: -32/4 = -8. */
  LowQuarters = -32,
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
