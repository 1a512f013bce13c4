import type { Core } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';
import { BlockRecord } from '../shared/layout.js';

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

/** Blocks and their descriptor table in the core's memory (src/shared/layout.ts BlockRecord), for the fused kernels. */
export interface BlockTable {
  readonly blocks: readonly Block[];
  /** Byte offset of blocks.length descriptors. */
  readonly ptr: number;
  /** Gives the table and its blocks back to the core; a second call does nothing. */
  dispose(): void;
}

export const padToLanes = (n: number): number => Math.ceil(n / 4) * 4;

/**
 * Bytes writeBlocks takes for `nSamples` rows in blocks of `blockSize`: the descriptor table, then
 * each block's x and t. In closed form, so a plan for any size costs nothing to compute.
 */
export function blockTableBytes(nSamples: number, nFeatures: number, blockSize: number): number {
  const full = Math.floor(nSamples / blockSize);
  const rest = nSamples - full * blockSize;
  const nBlocks = full + (rest > 0 ? 1 : 0);
  return nBlocks * BlockRecord.Bytes + (full * padToLanes(blockSize) + padToLanes(rest)) * (nFeatures + 1) * 4;
}

/**
 * Copies the data into the core's memory as consecutive blocks of `blockSize` rows
 * (X[s : s+blockSize] for s = 0, blockSize, ...; the last one may be short), rows taken in
 * `order` when given. Done once per training run (or once per epoch when shuffling), so the
 * per-step work never transposes or converts.
 */
export function writeBlocks(core: Core, data: Dataset, blockSize: number, order?: ArrayLike<number>): BlockTable {
  const { nSamples, nFeatures } = data;
  // One allocation: the table, then x and t of each block (every part a multiple of 16 bytes, so all stay aligned).
  const allocation = core.arena.allocAll([blockTableBytes(nSamples, nFeatures, blockSize)]);
  const ptr = allocation.ptrs[0]!;
  const blocks: Block[] = [];
  let at = ptr + Math.ceil(nSamples / blockSize) * BlockRecord.Bytes;
  for (let start = 0; start < nSamples; start += blockSize) {
    const n = Math.min(blockSize, nSamples - start);
    const padded = padToLanes(n);
    const x = at;
    const t = x + nFeatures * padded * 4;
    at = t + padded * 4;
    blocks.push({ x, t, n, padded });
  }
  const words = new Int32Array(core.kernels.memory.buffer, ptr, (BlockRecord.Bytes / 4) * blocks.length);
  blocks.forEach((b, k) => {
    words.set([b.x, b.t, b.n, b.padded], (k * BlockRecord.Bytes) / 4);
  });
  fillBlocks(core, data, blocks, blockSize, order);
  return { blocks, ptr, dispose: () => allocation.dispose() };
}

/** Rewrites existing blocks with the rows in a new `order` (a reshuffle), allocating nothing. */
export function fillBlocks(core: Core, data: Dataset, blocks: readonly Block[], blockSize: number, order?: ArrayLike<number>): void {
  blocks.forEach((block, k) => {
    fillBlock(core, data, block, k * blockSize, order);
  });
}

/**
 * Writes rows first, first + 1, ... (or order[first], order[first + 1], ...) into `block`, and
 * zeros its padding, so a block's buffers can be reused for rows of another count.
 */
export function fillBlock(
  core: Core,
  data: Pick<Dataset, 'X' | 'y' | 'nFeatures'>,
  block: Block,
  first: number,
  order?: ArrayLike<number>,
): void {
  const { nFeatures, X, y } = data;
  const xs = core.f32(block.x, nFeatures * block.padded);
  const ts = core.f32(block.t, block.padded);
  for (let s = 0; s < block.n; s++) {
    const row = order ? order[first + s]! : first + s;
    for (let f = 0; f < nFeatures; f++) xs[f * block.padded + s] = X[row * nFeatures + f]!;
    ts[s] = y[row]!;
  }
  for (let s = block.n; s < block.padded; s++) {
    for (let f = 0; f < nFeatures; f++) xs[f * block.padded + s] = 0;
    ts[s] = 0;
  }
}
