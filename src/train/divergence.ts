// Divergence is a result, not a crash: a learning rate too high for the network sends a weight or
// an output to NaN or ±Infinity, and everything after that epoch is noise. Training notices at the
// end of the epoch (one kernel pass over the parameters) and stops, or throws when asked to.
import { biasKey, weightKey } from '../model/state-dict.js';
import type { History } from './train.js';

/** Where and when a run stopped being finite. */
export interface Divergence {
  /** The epoch (0-based) at whose end a weight, an output or the loss was first NaN or ±Infinity. */
  epoch: number;
  /**
   * The first Linear layer whose weight or bias holds a NaN or ±Infinity; null when every
   * parameter is still finite but the outputs are not (an overflow inside the forward pass).
   */
  layer: number | null;
}

/** What train() does when an epoch leaves the network non-finite: stop there (the default) or throw. */
export type NonFiniteAction = 'stop' | 'throw';
export const NON_FINITE_ACTIONS: readonly NonFiniteAction[] = ['stop', 'throw'];

/** "layer0.weight or layer0.bias", or "the outputs (every parameter is finite)". */
export function divergedWhere(divergence: Divergence): string {
  return divergence.layer === null
    ? 'the outputs (every parameter is still finite)'
    : `${weightKey(divergence.layer)} or ${biasKey(divergence.layer)}`;
}

/** Thrown by train() with onNonFinite 'throw': names the epoch and the first layer affected, and carries the history so far. */
export class TrainingDivergedError extends Error {
  override readonly name = 'TrainingDivergedError';
  constructor(
    readonly divergence: Divergence,
    readonly history: History,
  ) {
    super(`training diverged at epoch ${divergence.epoch}: ${divergedWhere(divergence)} became NaN or ±Infinity`);
  }
}
