import { instantiate } from '@assemblyscript/loader';
import { SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from '../generated/wasm.js';
import { Arena } from './arena.js';
import { KERNEL_NAMES, type Kernels } from './kernels.js';

/** Which build of the kernels a core runs: f32x4 SIMD, or the scalar build for engines without SIMD. */
export type Backend = 'simd' | 'scalar';
export const BACKENDS: readonly Backend[] = ['simd', 'scalar'];

export interface LoadOptions {
  /** 'auto' (default) picks SIMD when this engine validates the SIMD module. */
  backend?: Backend | 'auto';
}

/** One instance of the kernels with its own memory and arena. */
export class Core {
  readonly arena: Arena;

  constructor(
    readonly backend: Backend,
    readonly kernels: Kernels,
  ) {
    this.arena = new Arena(kernels.memory, kernels.heapBase());
  }

  /** A view of `length` f32 at byte offset `ptr`. Views die when memory grows: re-make after alloc. */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.kernels.memory.buffer, ptr, length);
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.kernels.memory.buffer, ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.kernels.memory.buffer, ptr, length);
  }
}

const moduleBytes: Partial<Record<Backend, Uint8Array<ArrayBuffer>>> = {};

function bytesOf(backend: Backend): Uint8Array<ArrayBuffer> {
  moduleBytes[backend] ??= decodeBase64(backend === 'simd' ? SIMD_WASM_BASE64 : SCALAR_WASM_BASE64);
  return moduleBytes[backend];
}

/** True when this engine accepts our SIMD module (Node ≥ 16, Chrome ≥ 91, Firefox ≥ 89, Safari ≥ 16.4). */
export function simdSupported(): boolean {
  return WebAssembly.validate(bytesOf('simd'));
}

/** Instantiates a fresh core. The same call works in Node and in a browser: the bytes are inlined. */
export async function loadCore(options: LoadOptions = {}): Promise<Core> {
  const requested = options.backend ?? 'auto';
  if (requested !== 'auto' && !BACKENDS.includes(requested)) {
    throw new RangeError(`backend must be one of auto, ${BACKENDS.join(', ')}; got ${JSON.stringify(requested)}`);
  }
  const backend: Backend = requested === 'auto' ? (simdSupported() ? 'simd' : 'scalar') : requested;
  if (backend === 'simd' && !simdSupported()) throw new Error('backend "simd" was asked for, but this engine has no WebAssembly SIMD');
  // The loader turns AssemblyScript aborts into Errors with readable messages and locations.
  const { exports } = await instantiate<Record<string, unknown>>(bytesOf(backend), {});
  for (const name of KERNEL_NAMES) {
    if (typeof exports[name] !== 'function') throw new Error(`the ${backend} module lacks the kernel ${name}`);
  }
  return new Core(backend, exports as unknown as Kernels);
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
