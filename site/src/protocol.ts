// Messages between the page (main.ts) and a training worker (worker.ts). Plain data only: every
// message survives structured cloning, and numbers cross bit for bit.
import type { ActivationName, BoundaryGrid, History, MlpOptions, OptimizerInput, RunResult, Split, StateDict } from '../../src/index.js';
import type { Mechanism } from '../../src/train/mechanism.js';
import type { MechanismSeries } from './mechanism-delta.js';
import type { UnitSnapshot, UnitViewState } from './network-view.js';
import type { OptionValue, Settings } from './state.js';

/**
 * The seed of every run's Trainer (the generator RReLU's training slopes are drawn from): the
 * library's default, as `actlab train` and `actlab compare` use, so a run here is the one Node makes.
 */
export const TRAINER_SEED = 0;

/** Everything a worker needs to rebuild a run from nothing: data, model and optimizer. */
export interface RunConfig {
  dataset: string;
  samples: number;
  noise: number;
  dataSeed: number;
  layers: number[];
  activation: ActivationName;
  /** Every option of the activation, as the user writes them (a choice as its string: gelu's approximate 'tanh'). */
  activationOptions: Record<string, OptionValue>;
  /** One activation per hidden layer, every option given (the Mlp's `activation` list), instead of `activation` and its options; null when every layer has `activation`. */
  activations?: MlpOptions['activation'] | null;
  /** Gather the mechanism telemetry { gradients, activations } (history.mechanism), posted with each delta. */
  telemetry?: boolean;
  seed: number;
  /** torch.manual_seed(n)'s init instead of `seed`'s: n in decimal digits (it may exceed 2^53), or null. */
  torchSeed: string | null;
  /** The Mlp's `init`: the weight and bias initialisers not at nn.Linear's default; undefined when both are. */
  init: MlpOptions['init'];
  optimizer: OptimizerInput;
  batchSize: number;
  epochs: number;
  /** The Trainer's validationSplit (a share in (0, 1), drawn by its generator of TRAINER_SEED), or null for off. */
  validationSplit: number | null;
  /** Epochs per second; 0 = as fast as possible. */
  speed: number;
  /** Grid points per axis of the decision-boundary heatmap. */
  gridSteps: number;
  /** Post a unit-view snapshot (network-view.ts) with the frames; changed later by the `units` message. */
  units: boolean;
}

export type ToWorker =
  /** (Re)build the run; the worker answers `ready`. Later messages carry the same id. */
  | { type: 'init'; id: number; config: RunConfig }
  | { type: 'play'; id: number }
  | { type: 'pause'; id: number }
  /** One epoch, then paused. */
  | { type: 'step'; id: number }
  | { type: 'speed'; id: number; speed: number }
  /** The unit view shown or hidden: snapshots with the frames, or none. */
  | { type: 'units'; id: number; on: boolean }
  /** The model's parameters (for export.ts): answered with a StateDictAnswer on `port` (transferred), not on the worker. */
  | { type: 'stateDict'; id: number; port: MessagePort };

/** The answer to `stateDict`: model.stateDict() now, after `epochs` epochs, and before the first; null when run `id` is not (or no longer) built. */
export type StateDictAnswer = { epochs: number; current: StateDict; initial: StateDict } | null;

/** New history entries: epochs [from, from + bce.length). */
export interface HistoryDelta {
  from: number;
  bce: number[];
  accuracy: number[];
  /** grad[layer] entries for the same epochs. */
  grad: number[][];
  /** The same for each learned activation tensor (prelu's `act<l>.weight`), by its key; absent when the model has none. */
  stateGrad?: Record<string, number[]>;
  /** BCE and accuracy on the held-out rows for the same epochs; absent without a validation split. */
  valBce?: number[];
  valAccuracy?: number[];
  /** The mechanism telemetry's series (history.mechanism) for the same epochs, series[layer]; absent without telemetry. */
  mechanism?: MechanismSeries;
  /** Set once the run has diverged (its last epoch left the network non-finite). */
  diverged: History['diverged'];
}

export type WorkerState = 'idle' | 'training' | 'paused' | 'done';

export type FromWorker =
  | {
      type: 'ready';
      id: number;
      backend: string;
      grid: BoundaryGrid;
      layers: number;
      /** The learned activation tensors' keys (history.stateGrad's), in parameter order; empty when none. */
      stateKeys: string[];
      /** With a validation split: the Trainer's rows, trained on and held out (trainer.data, trainer.validation); else null. */
      split: Split | null;
    }
  | {
      type: 'progress';
      id: number;
      state: WorkerState;
      delta: HistoryDelta;
      /** Epochs run so far. */
      epochs: number;
      /** Time spent inside epochs (training compute only), ms. */
      trainMs: number;
      /** Worker wall time while training (from play to pause/done, summed), ms. */
      runMs: number;
      grid?: BoundaryGrid;
      /** Present with state 'done'. */
      final?: StateDict;
      deadShare?: number | null;
      saturatedShare?: number;
    }
  /** A unit-view snapshot (its typed arrays transferred): after `ready`, and with the frames while the view is on. */
  | { type: 'units'; id: number; units: UnitSnapshot }
  | { type: 'error'; id: number; message: string };

export type PageState = 'idle' | 'training' | 'paused' | 'done';

/** `window.__actlab`: what tests (and the curious, from the console) can read. */
export interface ActlabWindowState {
  state: PageState;
  mode: Settings['mode'];
  /** The single run's history (one-activation mode), filled as epochs finish. */
  history: History | null;
  /** The single run's mechanism telemetry (its history.mechanism, kept apart from `history`), filled as epochs finish; null in compare mode. */
  mechanism: Mechanism | null;
  /** Compare mode: one RunResult-like object per activation. */
  runs: RunResult[];
  /** Epochs finished (the fewest over the runs). */
  epochs: number;
  settings: Settings;
  /**
   * ms, pauses excluded: wallMs, the page's clock from pressing train to seeing done; runMs, the
   * slowest worker's own clock from play to done; trainMs, the time inside epochs, summed over workers.
   */
  timing: { wallMs: number; runMs: number; trainMs: number };
  /** 'simd' or 'scalar': the kernels the workers run. */
  backend: string;
  /** Problems shown on the page (ignored URL parameters, rejected inputs, worker errors). */
  errors: string[];
  /** Vega views created, updated in place and finalized so far. */
  charts: { created: number; updated: number; finalized: number };
  /** The unit view (network-view.ts): its toggle, the snapshot drawn, every hidden unit's cell and mark, the histogram shown. */
  units?: UnitViewState;
}

/** An item of a chart's mark, where the page drew it: x and y in the canvas's CSS pixels. */
export interface MarkItem {
  x: number;
  y: number;
  shape: string | undefined;
  size: number | undefined;
  fill: string | undefined;
  stroke: string | undefined;
  strokeWidth: number | undefined;
  strokeDash: number[] | undefined;
  opacity: number | undefined;
  /** A text mark's text (a legend's labels). */
  text: string | undefined;
}

declare global {
  interface Window {
    __actlab: ActlabWindowState;
    /**
     * For tests and the console: the items of mark `mark` (a vega mark name, such as `held_out_marks`,
     * or role, such as `legend-label`) in the current view of chart `chart` (`history`, `boundary`,
     * `activation`; in compare mode `overlay`, `ratio`, `activations`, `boundary:<activation>`); [] when there is none.
     */
    __actlabMarks: (chart: string, mark: string) => MarkItem[];
  }
}
