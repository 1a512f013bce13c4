// Peer "plain TypeScript": the same MLP training as actlab's — same data, initial weights, batches
// in order, BCELoss (logs clamped at -100, PyTorch's 1e-12 floor in the backward pass),
// torch.optim.Adam, per-layer mean |dW| telemetry every batch and a whole-set evaluation every
// epoch — written as ordinary scalar code on Float32Arrays, no Wasm: what the Wasm kernels buy.
// Row-major [sample][unit] buffers, the natural layout for per-sample loops; JS arithmetic is
// float64, rounded to float32 when stored.
import type { Dataset, History, StateDict } from '../../src/index.js';

export interface PlainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  betas?: [number, number];
  eps?: number;
}

type Fn = (z: number) => number;
/** f(z), and f′ from z and y = f(z) (PyTorch's values at the kinks). */
const ACTIVATIONS: Record<string, { f: Fn; df: (z: number, y: number) => number }> = {
  relu: { f: (z) => (z > 0 ? z : 0), df: (z) => (z > 0 ? 1 : 0) },
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), df: (_z, y) => y * (1 - y) },
  tanh: { f: Math.tanh, df: (_z, y) => 1 - y * y },
  relu6: { f: (z) => (z > 0 ? (z < 6 ? z : 6) : 0), df: (z) => (z > 0 && z < 6 ? 1 : 0) },
  leaky_relu: { f: (z) => (z > 0 ? z : 0.01 * z), df: (z) => (z > 0 ? 1 : 0.01) },
};

export const PLAIN_ACTIVATIONS = Object.keys(ACTIVATIONS);

interface Layer {
  nIn: number;
  nOut: number;
  w: Float32Array;
  b: Float32Array;
  dw: Float32Array;
  db: Float32Array;
  /** Adam's first and second moments of [w, b]. */
  mw: Float32Array;
  vw: Float32Array;
  mb: Float32Array;
  vb: Float32Array;
  /** Pre-activations and outputs, [sample][unit], sized for the whole data set. */
  z: Float32Array;
  y: Float32Array;
  /** ∂loss/∂z, [sample][unit]. */
  dz: Float32Array;
}

/** Trains a fresh network from `init` (PyTorch state dict) on `data`; returns the tutorial's history. */
export function trainPlain(layers: readonly number[], activation: string, init: StateDict, data: Dataset, options: PlainOptions): History {
  const act = ACTIVATIONS[activation];
  if (!act) throw new RangeError(`plain-ts implements ${PLAIN_ACTIVATIONS.join(', ')}; got ${activation}`);
  const { f: hiddenF, df: hiddenDf } = act;
  const n = data.nSamples;
  const X = Float32Array.from(data.X);
  const T = Float32Array.from(data.y);
  const net: Layer[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const nIn = layers[l]!,
      nOut = layers[l + 1]!;
    net.push({
      nIn,
      nOut,
      w: Float32Array.from((init[`layer${l}.weight`] as number[][]).flat()),
      b: Float32Array.from(init[`layer${l}.bias`] as number[]),
      dw: new Float32Array(nOut * nIn),
      db: new Float32Array(nOut),
      mw: new Float32Array(nOut * nIn),
      vw: new Float32Array(nOut * nIn),
      mb: new Float32Array(nOut),
      vb: new Float32Array(nOut),
      z: new Float32Array(n * nOut),
      y: new Float32Array(n * nOut),
      dz: new Float32Array(n * nOut),
    });
  }
  const L = net.length;
  const [beta1, beta2] = options.betas ?? [0.9, 0.999];
  const eps = options.eps ?? 1e-8;
  let step = 0;

  const forward = (x: Float32Array, xStart: number, count: number) => {
    let input = x;
    let inStart = xStart;
    for (let l = 0; l < L; l++) {
      const { nIn, nOut, w, b, z, y } = net[l]!;
      const last = l === L - 1;
      for (let s = 0; s < count; s++) {
        const xi = (inStart + s) * nIn;
        for (let o = 0; o < nOut; o++) {
          let acc = b[o]!;
          const wo = o * nIn;
          for (let i = 0; i < nIn; i++) acc += w[wo + i]! * input[xi + i]!;
          z[s * nOut + o] = acc;
          const zs = z[s * nOut + o]!;
          y[s * nOut + o] = last ? 1 / (1 + Math.exp(-zs)) : hiddenF(zs);
        }
      }
      input = y;
      inStart = 0;
    }
    return net[L - 1]!.y;
  };

  const trainBatch = (start: number, count: number, telemetry: Float64Array) => {
    forward(X, start, count);
    // BCELoss backward through the output sigmoid: ∂/∂p = (p − t)/max(p(1 − p), 1e-12)/count.
    const top = net[L - 1]!;
    for (let s = 0; s < count; s++) {
      const p = top.y[s]!;
      const t = T[start + s]!;
      const dp = (p - t) / Math.max(p * (1 - p), 1e-12) / count;
      top.dz[s] = dp * p * (1 - p);
    }
    for (let l = L - 1; l >= 0; l--) {
      const { nIn, nOut, w, dw, db, dz } = net[l]!;
      const input = l === 0 ? X : net[l - 1]!.y;
      const inStart = l === 0 ? start : 0;
      dw.fill(0);
      db.fill(0);
      for (let s = 0; s < count; s++) {
        const xi = (inStart + s) * nIn;
        for (let o = 0; o < nOut; o++) {
          const g = dz[s * nOut + o]!;
          db[o] = db[o]! + g;
          const wo = o * nIn;
          for (let i = 0; i < nIn; i++) dw[wo + i] = dw[wo + i]! + g * input[xi + i]!;
        }
      }
      if (l > 0) {
        const below = net[l - 1]!;
        for (let s = 0; s < count; s++) {
          for (let i = 0; i < nIn; i++) {
            let acc = 0;
            for (let o = 0; o < nOut; o++) acc += w[o * nIn + i]! * dz[s * nOut + o]!;
            const k = s * nIn + i;
            below.dz[k] = acc * hiddenDf(below.z[k]!, below.y[k]!);
          }
        }
      }
      let abs = 0;
      for (let k = 0; k < dw.length; k++) abs += Math.abs(dw[k]!);
      telemetry[l] = telemetry[l]! + abs / dw.length;
    }
    // torch.optim.Adam, one step over every parameter.
    step++;
    const bc1 = 1 - beta1 ** step;
    const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
    const stepSize = options.lr / bc1;
    const adam = (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array) => {
      for (let k = 0; k < p.length; k++) {
        const gk = g[k]!;
        m[k] = beta1 * m[k]! + (1 - beta1) * gk;
        v[k] = beta2 * v[k]! + (1 - beta2) * gk * gk;
        p[k] = p[k]! - (stepSize * m[k]!) / (Math.sqrt(v[k]!) / bc2Sqrt + eps);
      }
    };
    for (const layer of net) {
      adam(layer.w, layer.dw, layer.mw, layer.vw);
      adam(layer.b, layer.db, layer.mb, layer.vb);
    }
  };

  const history: History = { bce: [], accuracy: [], grad: net.map(() => []), diverged: null };
  const telemetry = new Float64Array(L);
  const batches = Math.ceil(n / options.batchSize);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    telemetry.fill(0);
    for (let start = 0; start < n; start += options.batchSize) trainBatch(start, Math.min(options.batchSize, n - start), telemetry);
    telemetry.forEach((sum, l) => {
      history.grad[l]!.push(sum / batches);
    });
    // The whole set, as the tutorial evaluates after every epoch.
    const p = forward(X, 0, n);
    let loss = 0;
    let correct = 0;
    for (let s = 0; s < n; s++) {
      const ps = p[s]!;
      const t = T[s]!;
      loss -= t * Math.max(Math.log(ps), -100) + (1 - t) * Math.max(Math.log(1 - ps), -100);
      if ((ps > 0.5 ? 1 : 0) === t) correct++;
    }
    history.bce.push(loss / n);
    history.accuracy.push(correct / n);
  }
  return history;
}
