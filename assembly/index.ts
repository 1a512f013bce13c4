// The module's exports: every kernel the TypeScript façade calls (src/core/kernels.ts types them).
// Memory is the façade's: it carves buffers from __heap_base upward; kernels allocate nothing.
export { denseForward, denseBackward } from './dense';
export { activationForward, activationBackward } from './activations/index';
export { bceLoss, bceBackward, countCorrect } from './loss/bce';
export { adamStep } from './optim/adam';
export { sgdStep } from './optim/sgd';
export { meanAbs } from './telemetry/mean-abs';

/** First free byte after static data: the start of the façade's arena. */
export function heapBase(): usize {
  return __heap_base;
}

export { forwardNetwork, backwardNetwork, optimizerStep, trainEpoch, evaluateNetwork, nonFiniteLayer } from './network/index';
