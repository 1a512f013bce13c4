// The playground's runs in the Node library: the page trains bit-identically to this, so the
// browser tests compare what the page shows with these histories.
import { TRAINER_SEED } from '../../site/src/protocol.js';
import type { ActivationEntry } from '../../src/activations/hidden.js';
import { loadCore } from '../../src/core/load.js';
import { makeCircles } from '../../src/datasets/circles.js';
import { Mlp, type MlpOptions } from '../../src/model/mlp.js';
import type { OptimizerInput } from '../../src/optim/config.js';
import type { TorchSeed } from '../../src/random/torch-generator.js';
import type { TelemetryOptions } from '../../src/train/mechanism.js';
import { type History, train } from '../../src/train/train.js';

/** The tutorial's data: make_circles(1000, 0.5, 0.1, 42). */
export const tutorialData = () => makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 });

export interface NodeRunOptions {
  /** Default: the tutorial's 2→5→5→5→5→1. */
  layers?: number[];
  /** Default: Adam, lr 1e-4. */
  optimizer?: OptimizerInput;
  torchSeed?: TorchSeed;
  init?: MlpOptions['init'];
  activationOptions?: Record<string, unknown>;
  validationSplit?: number;
  telemetry?: TelemetryOptions;
}

/**
 * A run on the tutorial's data in the Node library, batch 32, init seed 0 (or torch.manual_seed(torchSeed)'s
 * init), with the playground worker's Trainer seed (rrelu's training slopes, the split's rows); ms is the training time.
 */
export async function nodeHistory(
  activation: ActivationEntry | ActivationEntry[],
  epochs: number,
  {
    layers = [2, 5, 5, 5, 5, 1],
    optimizer = { name: 'adam', lr: 1e-4 },
    torchSeed,
    init,
    activationOptions,
    validationSplit,
    telemetry,
  }: NodeRunOptions = {},
): Promise<{ history: History; ms: number }> {
  const core = await loadCore();
  const data = tutorialData();
  const model = new Mlp(core, {
    layers,
    activation,
    ...(activationOptions ? { activationOptions } : {}),
    ...(torchSeed === undefined ? { seed: 0 } : { torchSeed }),
    ...(init ? { init } : {}),
  });
  try {
    const started = performance.now();
    const history = train(model, data, {
      epochs,
      batchSize: 32,
      optimizer,
      seed: TRAINER_SEED,
      ...(validationSplit === undefined ? {} : { validationSplit }),
      ...(telemetry ? { telemetry } : {}),
    });
    return { history, ms: performance.now() - started };
  } finally {
    model.dispose();
  }
}
