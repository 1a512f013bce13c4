// Peer "TensorFlow.js": the same study on tfjs's cpu backend (plain JS kernels) and its wasm
// backend (XNNPACK, SIMD, one thread). Same data, same initial weights (actlab's seed-0 state
// dict), batches of 32 in order, Adam lr 1e-4, BCE with PyTorch's log clamp; every batch takes
// per-layer weight gradients with tf.variableGrads and reads each layer's mean |dW| back
// (the tutorial's .item()); every epoch evaluates BCE and accuracy on the whole set.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs';
import type { Dataset, History, StateDict } from '../../src/index.js';

type Tf = typeof import('@tensorflow/tfjs');
export type TfBackend = 'cpu' | 'wasm';

let loaded: Tf | undefined;

/** Loads @tensorflow/tfjs and the wasm backend once, pointed at the package's .wasm files, one thread. */
export async function loadTf(): Promise<Tf> {
  if (loaded) return loaded;
  // tfjs greets Node users with advice to install tfjs-node: not what is measured here.
  const warn = console.warn;
  console.warn = () => {};
  try {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    // dist/ holds tfjs-backend-wasm{,-simd,-threaded-simd}.wasm; Node reads them as files.
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
    if (typeof wasm.setThreadsCount === 'function') wasm.setThreadsCount(1);
    tf.enableProdMode();
    await tf.setBackend('cpu');
    await tf.ready();
    loaded = tf;
    return tf;
  } finally {
    console.warn = warn;
  }
}

export async function useBackend(tf: Tf, backend: TfBackend): Promise<Record<string, unknown>> {
  const warn = console.warn;
  console.warn = () => {};
  try {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
    await tf.ready();
  } finally {
    console.warn = warn;
  }
  const info: Record<string, unknown> = { backend: tf.getBackend(), version: tf.version.tfjs };
  if (backend === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    try {
      info.threads = wasm.getThreadsCount();
    } catch {
      info.threads = 'unknown';
    }
  }
  return info;
}

export interface TfOptions {
  epochs: number;
  batchSize: number;
  lr: number;
}

/** Trains one run on the current backend; returns the tutorial's history. */
export function trainTf(
  tf: Tf,
  layers: readonly number[],
  activation: string,
  init: StateDict,
  data: Dataset,
  options: TfOptions,
): History {
  const hidden = (x: Tensor): Tensor => {
    switch (activation) {
      case 'relu':
        return tf.relu(x);
      case 'sigmoid':
        return tf.sigmoid(x);
      case 'tanh':
        return tf.tanh(x);
      case 'relu6':
        return tf.relu6(x);
      case 'leaky_relu':
        return tf.leakyRelu(x, 0.01);
      default:
        throw new RangeError(`the tfjs peer implements relu, sigmoid, tanh, relu6, leaky_relu; got ${activation}`);
    }
  };
  const L = layers.length - 1;
  const n = data.nSamples;
  // Weights as tfjs's matMul wants them: [in][out], the transpose of PyTorch's [out][in].
  const variable = (make: () => Tensor) => {
    const initial = tf.tidy(make);
    const v = tf.variable(initial, true);
    initial.dispose();
    return v;
  };
  const W = Array.from({ length: L }, (_, l) => variable(() => tf.transpose(tf.tensor2d(init[`layer${l}.weight`] as number[][]))));
  const B = Array.from({ length: L }, (_, l) => variable(() => tf.tensor1d(init[`layer${l}.bias`] as number[])));
  const vars = [...W, ...B];
  const X = tf.tensor2d(Float32Array.from(data.X), [n, data.nFeatures]);
  const Y = tf.tensor2d(Float32Array.from(data.y), [n, 1]);
  const batches: [Tensor2D, Tensor2D][] = [];
  for (let s = 0; s < n; s += options.batchSize) {
    const size = Math.min(options.batchSize, n - s);
    batches.push([tf.slice(X, [s, 0], [size, data.nFeatures]), tf.slice(Y, [s, 0], [size, 1])]);
  }
  const forward = (x: Tensor) => {
    let h = x;
    for (let l = 0; l < L; l++) {
      const z = tf.add(tf.matMul(h as Tensor2D, W[l]!), B[l]!);
      h = l === L - 1 ? tf.sigmoid(z) : hidden(z);
    }
    return h;
  };
  // nn.BCELoss: −mean(t·log p + (1 − t)·log(1 − p)), each log clamped at −100.
  const bce = (p: Tensor, t: Tensor) =>
    tf.neg(tf.mean(tf.add(tf.mul(t, tf.maximum(tf.log(p), -100)), tf.mul(tf.sub(1, t), tf.maximum(tf.log(tf.sub(1, p)), -100))))) as Scalar;
  const optimizer = tf.train.adam(options.lr, 0.9, 0.999, 1e-8);

  const history: History = { bce: [], accuracy: [], grad: W.map(() => []), diverged: null };
  const sums = new Float64Array(L);
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      sums.fill(0);
      for (const [xb, yb] of batches) {
        const { value, grads } = tf.variableGrads(() => bce(forward(xb), yb), vars);
        for (let l = 0; l < L; l++) {
          const mean = tf.tidy(() => tf.mean(tf.abs(grads[W[l]!.name]!)));
          sums[l] = sums[l]! + mean.dataSync()[0]!;
          mean.dispose();
        }
        optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
        value.dispose();
        tf.dispose(Object.values(grads));
      }
      sums.forEach((s, l) => {
        history.grad[l]!.push(s / batches.length);
      });
      const [loss, correct] = tf.tidy(() => {
        const p = forward(X);
        return [bce(p, Y), tf.sum(tf.cast(tf.equal(tf.cast(tf.greater(p, 0.5), 'float32'), Y), 'float32'))];
      });
      history.bce.push(loss!.dataSync()[0]!);
      history.accuracy.push(correct!.dataSync()[0]! / n);
      tf.dispose([loss!, correct!]);
    }
  } finally {
    optimizer.dispose();
    tf.dispose([...vars, X, Y, ...batches.flat()]);
  }
  return history;
}

/** One matMul of two n×n matrices on the current backend, read back (as a benchmark case). */
export function matMulCase(tf: Tf, n: number): { run: () => void; dispose: () => void } {
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  return {
    run: () => {
      const c = tf.matMul(a as Tensor2D, b as Tensor2D);
      c.dataSync();
      c.dispose();
    },
    dispose: () => tf.dispose([a, b]),
  };
}
