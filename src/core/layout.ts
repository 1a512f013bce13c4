// Mirrors assembly/network/layout.ts: the byte layouts of the descriptors the fused kernels read.

export const NET = { layers: 0, gradA: 4, gradB: 8, telemetry: 12, header: 16 } as const;
export const LAYER = { nIn: 0, nOut: 4, w: 8, b: 12, dw: 16, db: 20, activation: 24, params: 28, z: 32, y: 36, bytes: 40 } as const;
export const OPT = { kind: 0, steps: 4, params: 8, grads: 12, count: 16, state1: 20, state2: 24, hyper: 32, bytes: 72 } as const;
export const OPTIMIZER_KIND = { adam: 0, sgd: 1 } as const;
export const BLOCK = { x: 0, t: 4, n: 8, padded: 12, bytes: 16 } as const;
