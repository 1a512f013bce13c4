/**
 * MT19937 with the exact output streams of numpy's legacy `np.random.RandomState`,
 * so seeded datasets match the ones the PyTorch reference fixtures were built from.
 *
 * Only the subset the project needs is implemented: integer seeding, raw 32-bit
 * draws, doubles, uniform, normal (legacy polar gauss), bounded ints and shuffling.
 */

import { InputError, seedValue, withDefault } from '../validate.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const UINT32_MAX = 0xffffffff;

export class Mt19937 {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  // Legacy gauss produces values in pairs; the second one is served on the next call.
  private hasGauss = false;
  private gauss = 0;

  // see: numpy/random/src/mt19937/mt19937.c mt19937_seed (Knuth's init_genrand),
  // reached from RandomState(int) via _mt19937.pyx _legacy_seeding.
  // `field` names the seed in the error (config.seed, --data-seed) when it is not a uint32.
  constructor(seed: number, field = 'seed') {
    seedValue(field, seed);
    const mt = this.mt;
    mt[0] = seed;
    let prev = seed >>> 0;
    for (let i = 1; i < N; i++) {
      // Math.imul keeps the 32-bit product exact; a plain `*` would lose low bits past 2^53.
      prev = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
      mt[i] = prev;
    }
  }

  /** One tempered 32-bit output. */
  // see: numpy/random/src/mt19937/mt19937.h mt19937_next32 and mt19937.c mt19937_gen
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.mt[this.pos++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Double in [0, 1) with 53 random bits. */
  // see: numpy/random/src/mt19937/mt19937.h mt19937_next_double (legacy_double)
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  // see: numpy/random/mtrand.pyx RandomState.uniform -> legacy random_uniform
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  // see: numpy/random/src/legacy/legacy-distributions.c legacy_gauss / legacy_normal
  normal(loc = 0, scale = 1): number {
    return loc + scale * this.nextGauss();
  }

  /** Uniform integer in [0, max] by masked rejection. */
  // see: numpy/random/src/distributions/distributions.c random_interval
  randomInterval(max: number): number {
    if (!Number.isInteger(max) || max < 0 || max > UINT32_MAX) {
      throw new RangeError(`max must be an integer in [0, ${UINT32_MAX}], got ${max}`);
    }
    if (max === 0) return 0;
    const mask = smearRight(max);
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** In-place Fisher-Yates, drawing exactly like RandomState.shuffle on a 1-D array. */
  // see: numpy/random/mtrand.pyx RandomState.shuffle -> _shuffle_raw
  shuffle<T>(array: { length: number; [index: number]: T }): void {
    for (let i = array.length - 1; i >= 1; i--) {
      const j = this.randomInterval(i);
      const tmp = array[i] as T;
      array[i] = array[j] as T;
      array[j] = tmp;
    }
  }

  /** arange(n) shuffled, as RandomState.permutation(int). */
  // see: numpy/random/mtrand.pyx RandomState.permutation
  permutation(n: number): Uint32Array {
    if (!Number.isInteger(n) || n < 0 || n > UINT32_MAX) {
      throw new RangeError(`n must be an integer in [0, ${UINT32_MAX}], got ${n}`);
    }
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  // see: numpy/random/src/legacy/legacy-distributions.c legacy_gauss (Marsaglia polar)
  private nextGauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.gauss;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  // see: numpy/random/src/mt19937/mt19937.c mt19937_gen (regenerates the whole block)
  private twist(): void {
    const mt = this.mt;
    let i = 0;
    for (; i < N - M; i++) {
      const y = ((mt[i] as number) & UPPER_MASK) | ((mt[i + 1] as number) & LOWER_MASK);
      mt[i] = (mt[i + M] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      const y = ((mt[i] as number) & UPPER_MASK) | ((mt[i + 1] as number) & LOWER_MASK);
      mt[i] = (mt[i + M - N] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = ((mt[N - 1] as number) & UPPER_MASK) | ((mt[0] as number) & LOWER_MASK);
    mt[N - 1] = (mt[M - 1] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }
}

/**
 * The generator an option pair asks for: `rng` itself when given (it is advanced in place), else a
 * new one seeded with `seed` (default 0). `field` names the seed in errors.
 */
export function rngFrom(rng: unknown, seed: unknown, field = 'seed'): Mt19937 {
  if (rng === undefined) return new Mt19937(seedValue(field, withDefault(seed, 0)), field);
  if (!(rng instanceof Mt19937)) throw new InputError('rng', rng, 'must be an Mt19937');
  return rng;
}

/** Smallest all-ones bit mask covering `value` (value <= 2^32 - 1). */
function smearRight(value: number): number {
  let mask = value;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}
