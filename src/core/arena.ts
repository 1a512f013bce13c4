/** The part of a wasm memory the arena needs: it grows memory itself when it runs out. */
export interface GrowableMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE_BYTES = 65536;
const ALIGN = 16;
/** wasm32's ceiling: 65536 pages of 64 KiB, 4 GiB. */
export const WASM32_MAX_BYTES = 65536 * PAGE_BYTES;

/** What an allocation of `bytes` takes: a multiple of 16, and at least 16 so every allocation has its own offset. */
export function allocationBytes(bytes: number): number {
  return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** 1536 → '1.5 KiB'; binary units, as the 4 GiB limit is. */
export function formatBytes(bytes: number): string {
  let unit = 0;
  while (bytes >= 1024 && unit + 1 < UNITS.length) {
    bytes /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${bytes < 1e6 ? bytes.toFixed(1) : bytes.toPrecision(3)} ${UNITS[unit]}`;
}

/** A free byte range [start, end) of the arena. */
export interface FreeRange {
  start: number;
  end: number;
}

/**
 * A first-fit allocator over one wasm instance's linear memory, freeing in any order. Kernels
 * allocate nothing; every buffer they touch is carved from here by the façade. The books are kept
 * in JS (a free list sorted by offset, neighbours coalesced, and the live offsets with their
 * sizes), so wasm memory holds data only. Memory grows when no free range fits and never shrinks:
 * freed bytes are reused. Growing detaches every typed array view, so callers re-make views after
 * any `alloc` (see Core.f32).
 */
export class Arena {
  /** First byte the arena hands out: the module's static data ends below it. */
  readonly base: number;
  private readonly holes: FreeRange[] = [];
  private readonly live = new Map<number, number>();
  /** End of the memory the free list accounts for. */
  private end: number;
  /** Bytes from here up have never been handed out: still the zeros the engine grew them with. */
  private clean: number;
  private inUse = 0;

  constructor(
    private readonly memory: GrowableMemory,
    base: number,
  ) {
    this.base = Math.ceil(base / ALIGN) * ALIGN;
    this.end = this.base;
    // Nothing writes above the static data before the arena hands it out.
    this.clean = this.base;
    this.adopt();
  }

  /** Reserves `bytes` zeroed bytes, 16-byte aligned so v128 loads never straddle; returns the byte offset. */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`bytes must be an integer >= 0, got ${bytes}`);
    const size = allocationBytes(bytes);
    let k = this.holes.findIndex((hole) => hole.end - hole.start >= size);
    if (k < 0) k = this.grow(size);
    const hole = this.holes[k]!;
    const ptr = hole.start;
    if (hole.end - hole.start === size) this.holes.splice(k, 1);
    else hole.start += size;
    this.live.set(ptr, size);
    this.inUse += size;
    // Freed bytes come back dirty: zero them, so no result ever depends on what was there before.
    // Never-used bytes are zero already, and left untouched (a large model's pages stay uncommitted).
    if (ptr < this.clean) new Uint8Array(this.memory.buffer, ptr, Math.min(size, this.clean - ptr)).fill(0);
    this.clean = Math.max(this.clean, ptr + size);
    return ptr;
  }

  /** Reserves `length` float32 values, zeroed. */
  allocF32(length: number): number {
    return this.alloc(length * 4);
  }

  /** Reserves `length` float64 values, zeroed. */
  allocF64(length: number): number {
    return this.alloc(length * 8);
  }

  /** Reserves one buffer per entry of `bytes`, all or none: on failure the ones taken are freed before rethrowing. */
  allocAll(bytes: readonly number[]): Allocation {
    const ptrs: number[] = [];
    try {
      for (const size of bytes) ptrs.push(this.alloc(size));
    } catch (error) {
      for (const ptr of ptrs) this.free(ptr);
      throw error;
    }
    return new Allocation(this, ptrs);
  }

  /** Gives back an allocation, merging it with free neighbours; an offset that is not live (or freed twice) throws. */
  free(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) throw new Error(`offset ${ptr} is not a live allocation of this arena (freed twice?)`);
    this.live.delete(ptr);
    this.inUse -= size;
    this.addFree(ptr, ptr + size);
  }

  /** Bytes held by live allocations (each rounded up to 16). */
  get bytesInUse(): number {
    return this.inUse;
  }

  /** Live allocations. */
  get allocations(): number {
    return this.live.size;
  }

  /** Size of the wasm memory: what the engine has reserved for this core, never less over time. */
  get bytesReserved(): number {
    return this.memory.buffer.byteLength;
  }

  /** Most bytes that could still be allocated in all, under the 4 GiB ceiling (fragmentation aside). */
  get bytesAvailable(): number {
    return WASM32_MAX_BYTES - this.base - this.inUse;
  }

  /** A copy of the free list, sorted by offset, for tests and diagnostics. */
  freeRanges(): FreeRange[] {
    return this.holes.map((hole) => ({ ...hole }));
  }

  /** Grows memory so the last free range holds `size` bytes and returns its index; on failure nothing changes. */
  private grow(size: number): number {
    this.adopt();
    const tail = this.holes.at(-1);
    const tailFree = tail && tail.end === this.end ? tail.end - tail.start : 0;
    const pages = Math.ceil((size - tailFree) / PAGE_BYTES);
    const have = this.memory.buffer.byteLength;
    const want = have + pages * PAGE_BYTES;
    const what = `${formatBytes(size)} more (${formatBytes(this.inUse)} in use)`;
    if (want > WASM32_MAX_BYTES) throw new RangeError(`out of WebAssembly memory: ${what} would pass the 4 GiB limit`);
    try {
      if (pages > 0) this.memory.grow(pages);
    } catch (error) {
      // The engine's own message ("Maximum memory size exceeded") says neither how much nor why.
      const refused = `the engine refused to grow it from ${formatBytes(have)} to ${formatBytes(want)}`;
      throw new RangeError(`out of WebAssembly memory: ${refused} for ${what}`, { cause: error });
    }
    this.adopt();
    return this.holes.length - 1;
  }

  /** Adds any memory past `end` (grown by us or by anyone else) to the free list. */
  private adopt(): void {
    const have = this.memory.buffer.byteLength;
    if (have > this.end) this.addFree(this.end, have);
    this.end = Math.max(this.end, have);
  }

  /** Puts [start, end) into the sorted free list, coalescing with the ranges it touches. */
  private addFree(start: number, end: number): void {
    const holes = this.holes;
    let k = holes.findIndex((hole) => hole.start > start);
    if (k < 0) k = holes.length;
    const before = holes[k - 1];
    const after = holes[k];
    if (before && before.end === start) {
      before.end = end;
      if (after && after.start === end) {
        before.end = after.end;
        holes.splice(k, 1);
      }
    } else if (after && after.start === end) after.start = start;
    else holes.splice(k, 0, { start, end });
  }
}

/** Buffers taken together by Arena.allocAll and given back together by dispose(); a second dispose() does nothing. */
export class Allocation {
  private disposed = false;

  constructor(
    private readonly arena: Arena,
    /** Byte offsets, in the order their sizes were asked for. */
    readonly ptrs: readonly number[],
  ) {}

  /** True once dispose() has run. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Frees every buffer, once. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const ptr of this.ptrs) this.arena.free(ptr);
  }
}
