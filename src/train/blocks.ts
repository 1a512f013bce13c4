import { BLOCK } from '../core/layout.js';
import type { Core } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';

/** One batch in the kernels' layout: features x[nFeatures][padded] and labels t[padded], as f32. */
export interface Block {
  /** Byte offset of x, feature-major: sample s of feature f at x + 4·(f·padded + s). */
  readonly x: number;
  /** Byte offset of the labels (0/1 as f32); padding samples hold 0. */
  readonly t: number;
  /** Real samples in the block. */
  readonly n: number;
  /** n rounded up to a multiple of 4, the SIMD width; the kernels run over `padded` samples. */
  readonly padded: number;
}

/** Blocks and their descriptor table in the core's memory (src/core/layout.ts BLOCK), for the fused kernels. */
export interface BlockTable {
  readonly blocks: readonly Block[];
  /** Byte offset of blocks.length descriptors. */
  readonly ptr: number;
}

export const padToLanes = (n: number): number => Math.ceil(n / 4) * 4;

/**
 * Copies the data into the core's memory as consecutive blocks of `blockSize` rows
 * (X[s : s+blockSize] for s = 0, blockSize, ...; the last one may be short), rows taken in
 * `order` when given. Done once per training run (or once per epoch when shuffling), so the
 * per-step work never transposes or converts.
 */
export function writeBlocks(core: Core, data: Dataset, blockSize: number, order?: ArrayLike<number>): BlockTable {
  const { nSamples, nFeatures } = data;
  const blocks: Block[] = [];
  for (let start = 0; start < nSamples; start += blockSize) {
    const n = Math.min(blockSize, nSamples - start);
    const padded = padToLanes(n);
    const x = core.arena.allocF32(nFeatures * padded);
    const t = core.arena.allocF32(padded);
    blocks.push({ x, t, n, padded });
  }
  const ptr = core.arena.alloc(BLOCK.bytes * blocks.length);
  const words = new Int32Array(core.kernels.memory.buffer, ptr, (BLOCK.bytes / 4) * blocks.length);
  blocks.forEach((b, k) => {
    words.set([b.x, b.t, b.n, b.padded], (k * BLOCK.bytes) / 4);
  });
  fillBlocks(core, data, blocks, blockSize, order);
  return { blocks, ptr };
}

/** Rewrites existing blocks with the rows in a new `order` (a reshuffle), allocating nothing. */
export function fillBlocks(core: Core, data: Dataset, blocks: readonly Block[], blockSize: number, order?: ArrayLike<number>): void {
  const { nFeatures, X, y } = data;
  blocks.forEach((block, k) => {
    const xs = core.f32(block.x, nFeatures * block.padded);
    const ts = core.f32(block.t, block.padded);
    for (let s = 0; s < block.n; s++) {
      const row = order ? order[k * blockSize + s]! : k * blockSize + s;
      for (let f = 0; f < nFeatures; f++) xs[f * block.padded + s] = X[row * nFeatures + f]!;
      ts[s] = y[row]!;
    }
  });
}
