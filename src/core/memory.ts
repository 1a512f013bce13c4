// What a core's memory holds (memory(), as tf.memory()), what a model or a run will need before
// anything is allocated (checkPlan), and who owns what (trackOwner): the 4 GiB wasm32 memory is
// something a caller can plan on, and nothing in it outlives its owner.
import { InputError } from '../validate.js';
import { allocationBytes, formatBytes } from './arena.js';
import type { Core } from './load.js';

/** A core's memory at one moment. */
export interface MemoryInfo {
  /** Bytes held by live buffers (models, trainers, anything else allocated and not freed). */
  bytesInUse: number;
  /** Size of the core's WebAssembly memory: it grows on demand and never shrinks, freed bytes are reused. */
  bytesReserved: number;
  /** Live buffers. */
  allocations: number;
  /** Models made on this core and neither disposed nor garbage collected. */
  liveModels: number;
  /** Trainers made on this core and neither disposed nor garbage collected. */
  liveTrainers: number;
}

type OwnerKind = 'models' | 'trainers';
type LiveCounts = Record<OwnerKind, number>;

const liveCounts = new WeakMap<Core, LiveCounts>();

function countsOf(core: Core): LiveCounts {
  const counts = liveCounts.get(core) ?? { models: 0, trainers: 0 };
  liveCounts.set(core, counts);
  return counts;
}

/** What `core`'s memory holds now, as tf.memory() reports a backend's. */
export function memory(core: Core): MemoryInfo {
  const { arena } = core;
  const counts = countsOf(core);
  return {
    bytesInUse: arena.bytesInUse,
    bytesReserved: arena.bytesReserved,
    allocations: arena.allocations,
    liveModels: counts.models,
    liveTrainers: counts.trainers,
  };
}

/** What an owner's buffers are freed through: nothing here may reference the owner, or it could never be collected. */
interface Owned {
  readonly counts: LiveCounts;
  readonly kind: OwnerKind;
  readonly parts: readonly { dispose(): void }[];
  done: boolean;
}

function release(owned: Owned): void {
  if (owned.done) return;
  owned.done = true;
  owned.counts[owned.kind]--;
  for (const part of owned.parts) part.dispose();
}

// A model or trainer dropped without dispose() gives its memory back when it is collected.
const reclaim = new FinalizationRegistry<Owned>(release);

/**
 * Counts `owner` as live on `core` and frees `parts` when it is garbage collected undisposed.
 * Returns its dispose: frees `parts` once (later calls do nothing) and stops tracking it.
 */
export function trackOwner(core: Core, kind: OwnerKind, owner: object, parts: readonly { dispose(): void }[]): () => void {
  const owned: Owned = { counts: countsOf(core), kind, parts, done: false };
  owned.counts[kind]++;
  reclaim.register(owner, owned, owned);
  return () => {
    reclaim.unregister(owned);
    release(owned);
  };
}

/** Bytes a set of buffers takes in the arena (each rounded up as alloc rounds it). */
export function bufferBytes(sizes: readonly number[]): number {
  return sizes.reduce((sum, size) => sum + allocationBytes(size), 0);
}

/** One group of buffers a plan will allocate, and the input to name if it is the biggest. */
export interface PlanPart {
  /** For the message: 'workspace', 'data blocks'. */
  what: string;
  bytes: number;
  field: string;
  value: unknown;
}

/**
 * Throws an InputError naming the biggest part's field when `parts` cannot fit beside what `core`
 * already holds under the 4 GiB wasm32 limit. Plain Number arithmetic: sizes of any magnitude
 * give a (huge) finite or infinite total, never a wrapped one. Allocates nothing.
 */
export function checkPlan(core: Core, purpose: string, parts: readonly PlanPart[]): void {
  const total = parts.reduce((sum, part) => sum + part.bytes, 0);
  if (total <= core.arena.bytesAvailable) return;
  const biggest = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const detail = parts.length > 1 ? ` (${parts.map((part) => `${part.what} ${formatBytes(part.bytes)}`).join(', ')})` : '';
  const inUse = core.arena.bytesInUse;
  const beside = inUse > 0 ? ` beside the ${formatBytes(inUse)} already in use` : '';
  throw new InputError(
    biggest.field,
    biggest.value,
    `needs ${formatBytes(total)} ${purpose}${detail}${beside}, more than the 4 GiB WebAssembly memory limit`,
  );
}
