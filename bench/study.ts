// The tutorial's study as the benchmarks run it: the same data, network and training loop for
// actlab and for every peer, so their times compare like for like.
import {
  type Core,
  type Dataset,
  type History,
  Mlp,
  makeCircles,
  resolveOptimizer,
  type StateDict,
  type StudyConfig,
  train,
} from '../src/index.js';

/** make_circles(1000, factor 0.5, noise 0.1, random_state 42); 2→5→5→5→5→1; Adam lr 1e-4; batches of 32 in order; 300 epochs. */
export const STUDY = {
  activations: ['relu', 'sigmoid', 'tanh', 'relu6', 'leaky_relu'],
  layers: [2, 5, 5, 5, 5, 1],
  epochs: 300,
  batchSize: 32,
  lr: 1e-4,
  samples: 1000,
  /** Initialisation seed of every run (a fresh Mlp per run). */
  seed: 0,
} as const;

export function circles(nSamples: number = STUDY.samples): Dataset {
  return makeCircles({ nSamples, factor: 0.5, noise: 0.1, seed: 42 });
}

/** Training steps of one study: runs × epochs × batches per epoch. */
export function studySteps(nSamples: number, epochs: number = STUDY.epochs): number {
  return STUDY.activations.length * epochs * Math.ceil(nSamples / STUDY.batchSize);
}

/** Trains the five runs one after another on `core`, a fresh Mlp (seed 0) each; gives the memory back. */
export function trainStudy(core: Core, data: Dataset, epochs: number = STUDY.epochs): History[] {
  return STUDY.activations.map((activation) => {
    const model = new Mlp(core, { layers: STUDY.layers, activation, seed: STUDY.seed });
    try {
      return train(model, data, { epochs, batchSize: STUDY.batchSize, optimizer: { name: 'adam', lr: STUDY.lr } });
    } finally {
      model.dispose();
    }
  });
}

/** The study as `runStudy` takes it (what `actlab compare --no-report` runs: no identity network). */
export function studyConfig(data: Dataset, epochs: number = STUDY.epochs): StudyConfig {
  return {
    activations: [...STUDY.activations],
    layers: [...STUDY.layers],
    epochs,
    batchSize: STUDY.batchSize,
    optimizer: resolveOptimizer({ name: 'adam', lr: STUDY.lr }),
    seeds: 1,
    data: { kind: 'circles', name: data.name, samples: data.nSamples, noise: 0.1, seed: 42 },
  };
}

/** The initial weights every run starts from (nn.Linear's rule, seed 0): peers load these too. */
export function initialStateDict(core: Core): StateDict {
  const model = new Mlp(core, { layers: STUDY.layers, activation: 'relu', seed: STUDY.seed });
  try {
    return model.stateDict();
  } finally {
    model.dispose();
  }
}
