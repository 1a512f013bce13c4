// The one table of generated datasets: the CLI, specs and reports all go through it, so each
// dataset's defaults and description are written down once.
import { MAX_SAMPLES } from '../limits.js';
import { InputError, knownKeys, plainObject, seedValue, withDefault } from '../validate.js';
import { makeCircles } from './circles.js';
import type { Dataset } from './dataset.js';
import { makeGaussian } from './gaussian.js';
import { makeMoons } from './moons.js';
import { checkSamplesAndNoise } from './rows.js';
import { makeSpiral } from './spiral.js';
import { makeXor } from './xor.js';

export const DATASET_NAMES = ['circles', 'moons', 'xor', 'spiral', 'gaussian'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** `samples`, `noise` and `seed` are the field names errors use (the CLI's --samples, --noise, --data-seed). */
export interface DatasetOptions {
  samples?: number;
  noise?: number;
  seed?: number;
}

/** The seed every dataset uses unless told otherwise: the tutorial's random_state=42. */
export const DEFAULT_DATA_SEED = 42;
/** Re-exported from src/limits.ts, where every limit is defined. */
export { MAX_SAMPLES };

interface Entry {
  samples: number;
  noise: number;
  description: string;
  make: (samples: number, noise: number, seed: number) => Dataset;
}

// Every default lives here. 1000 samples is the tutorial's make_circles(n_samples=1000, ...).
const TABLE: Record<DatasetName, Entry> = {
  circles: {
    samples: 1000,
    noise: 0.1,
    description: 'a circle of radius 0.5 (label 1) inside one of radius 1 (label 0); sklearn make_circles with factor 0.5',
    make: (nSamples, noise, seed) => makeCircles({ nSamples, noise, seed, factor: 0.5 }),
  },
  moons: {
    samples: 1000,
    noise: 0.1,
    description: 'two interleaving half circles; sklearn make_moons',
    make: (nSamples, noise, seed) => makeMoons({ nSamples, noise, seed }),
  },
  xor: {
    samples: 1000,
    noise: 0.1,
    description: 'uniform points in [-1, 1)², label 1 where x·y >= 0 (first and third quadrants), noise added after labelling',
    make: (nSamples, noise, seed) => makeXor({ nSamples, noise, seed }),
  },
  spiral: {
    samples: 1000,
    // The arms are only 0.29 apart radially, so 0.1 would already mix ~8% of the points.
    noise: 0.05,
    description: 'two interleaved spirals of 1.75 turns out to radius 1, the second rotated by π',
    make: (nSamples, noise, seed) => makeSpiral({ nSamples, noise, seed }),
  },
  gaussian: {
    samples: 1000,
    noise: 0.1,
    description: 'two Gaussian blobs at (-0.5, -0.5) (label 0) and (0.5, 0.5) (label 1), sd 0.25 + noise',
    make: (nSamples, noise, seed) => makeGaussian({ nSamples, noise, seed }),
  },
};

export function isDatasetName(name: unknown): name is DatasetName {
  return typeof name === 'string' && (DATASET_NAMES as readonly string[]).includes(name);
}

function entryFor(name: unknown): Entry {
  if (!isDatasetName(name)) throw new InputError('dataset', name, `must be one of ${DATASET_NAMES.join(', ')}`);
  return TABLE[name];
}

/** The defaults `makeDataset` fills in for `name`. */
export function datasetDefaults(name: string): Required<DatasetOptions> {
  const entry = entryFor(name);
  return { samples: entry.samples, noise: entry.noise, seed: DEFAULT_DATA_SEED };
}

/**
 * Generates the named dataset; omitted (undefined) options take that dataset's defaults, while
 * null and unknown keys are rejected. Each option is checked under its own name (samples, noise,
 * seed) by the generator's checks, before anything is drawn.
 */
export function makeDataset(name: string, options: DatasetOptions = {}): Dataset {
  const entry = entryFor(name);
  knownKeys('', plainObject('options', options), ['samples', 'noise', 'seed']);
  const samples = withDefault(options.samples, entry.samples);
  const noise = withDefault(options.noise, entry.noise);
  // Checked here so the messages name `samples` and `seed`, not the generator's nSamples and rng.
  checkSamplesAndNoise(samples, noise, 'samples');
  return entry.make(samples, noise, seedValue('seed', withDefault(options.seed, DEFAULT_DATA_SEED)));
}

/** One line for help text and reports, e.g. `moons: two interleaving half circles; ... (defaults: ...)`. */
export function describeDataset(name: string): string {
  const entry = entryFor(name);
  return `${name}: ${entry.description} (defaults: samples ${entry.samples}, noise ${entry.noise}, seed ${DEFAULT_DATA_SEED})`;
}
