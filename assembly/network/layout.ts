// Byte layouts of the descriptors the façade writes; src/core/layout.ts mirrors these numbers, and
// any disagreement breaks every training test (the fused path would read garbage).

// Network: a header, then one record per Linear layer.
export const NET_LAYERS: usize = 0;      // i32: number of Linear layers L
export const NET_GRAD_A: usize = 4;      // i32: → f32[widest·capacity], a gradient buffer
export const NET_GRAD_B: usize = 8;      // i32: → f32[widest·capacity], the other one
export const NET_TELEMETRY: usize = 12;  // i32: → f64[L], Σ over steps of mean |dW_l| (trainEpoch adds)
export const NET_HEADER: usize = 16;

export const LAYER_IN: usize = 0;        // i32: nIn
export const LAYER_OUT: usize = 4;       // i32: nOut
export const LAYER_W: usize = 8;         // i32: → f32[nOut][nIn]
export const LAYER_B: usize = 12;        // i32: → f32[nOut]
export const LAYER_DW: usize = 16;       // i32: → f32[nOut][nIn]
export const LAYER_DB: usize = 20;       // i32: → f32[nOut]
export const LAYER_ACT: usize = 24;      // i32: ActivationId applied after the layer
export const LAYER_PARAMS: usize = 28;   // i32: → f32[2] activation options
export const LAYER_Z: usize = 32;        // i32: → f32[nOut][capacity] pre-activation
export const LAYER_Y: usize = 36;        // i32: → f32[nOut][capacity] output
export const LAYER_BYTES: usize = 40;

// Optimizer: which rule, its state, and its float64 settings as Python holds them.
export const OPT_KIND: usize = 0;        // i32: 0 Adam, 1 SGD
export const OPT_STEPS: usize = 4;       // i32: steps taken so far (the kernels advance it)
export const OPT_PARAMS: usize = 8;      // i32: → f32[count] parameters
export const OPT_GRADS: usize = 12;      // i32: → f32[count] gradients
export const OPT_COUNT: usize = 16;      // i32: count
export const OPT_STATE1: usize = 20;     // i32: → f32[count] Adam's m, SGD's momentum buffer
export const OPT_STATE2: usize = 24;     // i32: → f32[count] Adam's v (unused by SGD)
export const OPT_HYPER: usize = 32;      // f64[5]: Adam lr, beta1, beta2, eps, weightDecay; SGD lr, momentum, dampening, weightDecay, nesterov (0/1)
export const OPT_BYTES: usize = 72;

export const OPTIMIZER_ADAM: i32 = 0;
export const OPTIMIZER_SGD: i32 = 1;

// A batch block: where its data sits and how many samples it holds.
export const BLOCK_X: usize = 0;         // i32: → f32[nIn][padded] features, feature-major
export const BLOCK_T: usize = 4;         // i32: → f32[padded] labels
export const BLOCK_N: usize = 8;         // i32: real samples
export const BLOCK_PADDED: usize = 12;   // i32: n rounded up to a multiple of 4
export const BLOCK_BYTES: usize = 16;
