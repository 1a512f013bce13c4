/** The part of a wasm memory the arena needs: it grows memory itself when it runs out. */
export interface GrowableMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE_BYTES = 65536;

/**
 * A bump allocator over one wasm instance's linear memory. Kernels allocate nothing; every
 * buffer they touch is carved from here by the façade. Growing memory detaches every typed
 * array view, so callers re-make views after any `alloc` (see Core.f32).
 */
export class Arena {
  private top: number;

  constructor(
    private readonly memory: GrowableMemory,
    base: number,
  ) {
    this.top = align(base, 16);
  }

  /** Reserves `bytes` bytes, 16-byte aligned so v128 loads never straddle; returns the byte offset. */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`bytes must be an integer >= 0, got ${bytes}`);
    const offset = this.top;
    const end = align(offset + bytes, 16);
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
    this.top = end;
    return offset;
  }

  /** Reserves `length` float32 values, zeroed. */
  allocF32(length: number): number {
    const ptr = this.alloc(length * 4);
    new Float32Array(this.memory.buffer, ptr, length).fill(0);
    return ptr;
  }

  /** Reserves `length` float64 values, zeroed. */
  allocF64(length: number): number {
    const ptr = this.alloc(length * 8);
    new Float64Array(this.memory.buffer, ptr, length).fill(0);
    return ptr;
  }

  /** The current top, to hand back later with `release`: everything allocated after it is freed. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (mark > this.top) throw new RangeError(`mark ${mark} is above the arena top ${this.top}`);
    this.top = mark;
  }

  get used(): number {
    return this.top;
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
