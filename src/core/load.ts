// Compiles the kernels with the WebAssembly API and instantiates them through
// @assemblyscript/loader's synchronous path (no Response check), the same way in Node and in a browser: the bytes are inlined (src/generated/wasm.ts), so there is no file to find or
// fetch. Each build is compiled once per JavaScript realm and kept as a WebAssembly.Module; every
// core after the first is one instantiation of it (its own memory), and the compare pool posts
// the module to its worker threads, which then compile nothing (V8 shares the compiled code, its
// optimised tier included, between the threads of one process).
import { instantiateSync } from '@assemblyscript/loader';
import { RELAXED_WASM_BASE64, SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from '../generated/wasm.js';
import { Arena } from './arena.js';
import { KERNEL_NAMES, type Kernels } from './kernels.js';
import { relaxedSimdSupported, relaxedUnavailable } from './relaxed.js';

/**
 * Which build of the kernels a core runs: f32x4 SIMD, the scalar build for engines without SIMD
 * (the two give the same bits), or the opt-in relaxed-SIMD build: SIMD with fused multiply-add in
 * the dense kernels, within PyTorch's tolerance but not bit-identical to the others, nor
 * necessarily across machines (the spec lets an engine fuse relaxed_madd or not).
 */
export type Backend = 'simd' | 'scalar' | 'relaxed';
/** The bit-identical builds (what `auto` chooses from, and what the SIMD == scalar tests compare). */
export const BACKENDS: readonly Backend[] = ['simd', 'scalar'];
/** Every build, the opt-in relaxed one last: what `backend` accepts besides auto. */
export const ALL_BACKENDS: readonly Backend[] = [...BACKENDS, 'relaxed'];

/** One build of the kernels, compiled: instantiate it with loadCore({ compiled }), here or on another thread. */
export interface CompiledKernels {
  readonly backend: Backend;
  /**
   * The WebAssembly.Module: structured-clone safe, so postMessage hands it to a worker thread
   * without compiling it again. Typed `object` so that the package's declarations need no
   * WebAssembly types from the consumer's lib settings.
   */
  readonly module: object;
}

export interface LoadOptions {
  /** 'auto' (default) picks SIMD when this engine validates the SIMD module (never relaxed: opt-in). */
  backend?: Backend | 'auto';
  /**
   * Instantiate this compiled build (from compileKernels, possibly on another thread) instead of
   * compiling; `backend`, when given, must name the same build.
   */
  compiled?: CompiledKernels;
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
const compiling: Partial<Record<Backend, Promise<WebAssembly.Module>>> = {};
let simd: boolean | undefined;

function bytesOf(backend: Backend): Uint8Array<ArrayBuffer> {
  moduleBytes[backend] ??= decodeBase64({ simd: SIMD_WASM_BASE64, scalar: SCALAR_WASM_BASE64, relaxed: RELAXED_WASM_BASE64 }[backend]);
  return moduleBytes[backend];
}

/** True when this engine accepts our SIMD module (Node ≥ 16, Chrome ≥ 91, Firefox ≥ 89, Safari ≥ 16.4). */
export function simdSupported(): boolean {
  simd ??= WebAssembly.validate(bytesOf('simd'));
  return simd;
}

function checkBackend(requested: unknown): Backend | 'auto' {
  if (requested !== 'auto' && !ALL_BACKENDS.includes(requested as Backend)) {
    throw new RangeError(`backend must be one of auto, ${ALL_BACKENDS.join(', ')}; got ${JSON.stringify(requested)}`);
  }
  return requested as Backend | 'auto';
}

/**
 * Compiles a build of the kernels (once per realm: later calls get the same module) without
 * instantiating it. `backend` as in loadCore.
 */
export async function compileKernels(options: Pick<LoadOptions, 'backend'> = {}): Promise<CompiledKernels> {
  const requested = checkBackend(options.backend ?? 'auto');
  if (requested === 'scalar') return { backend: 'scalar', module: await compiled('scalar') };
  if (requested === 'relaxed') {
    // Detected first: in Node 20 that sets V8's flag, which must precede the compile.
    if (!relaxedSimdSupported()) throw relaxedUnavailable();
    return { backend: 'relaxed', module: await compiled('relaxed') };
  }
  // Compile the SIMD build (validating it on the way) rather than validate it first and then
  // compile it; only an engine that refuses it pays for the check (and, under auto, the scalar build).
  if (simd !== false) {
    try {
      const module = await compiled('simd');
      simd = true;
      return { backend: 'simd', module };
    } catch (error) {
      if (simdSupported()) throw error;
    }
  }
  if (requested === 'simd') throw new Error('backend "simd" was asked for, but this engine has no WebAssembly SIMD');
  return { backend: 'scalar', module: await compiled('scalar') };
}

/** The build compiled, once per realm (a failed compile is not kept: the next call tries again). */
async function compiled(backend: Backend): Promise<WebAssembly.Module> {
  compiling[backend] ??= WebAssembly.compile(bytesOf(backend));
  const pending = compiling[backend];
  try {
    return await pending;
  } catch (error) {
    if (compiling[backend] === pending) delete compiling[backend];
    throw error;
  }
}

/** Instantiates a fresh core. The same call works in Node and in a browser: the bytes are inlined. */
export async function loadCore(options: LoadOptions = {}): Promise<Core> {
  const requested = checkBackend(options.backend ?? 'auto');
  const given = options.compiled;
  if (given !== undefined) {
    if (!(given.module instanceof WebAssembly.Module) || !ALL_BACKENDS.includes(given.backend)) {
      throw new RangeError('compiled must be what compileKernels resolves to: { backend, module }');
    }
    if (requested !== 'auto' && requested !== given.backend) {
      throw new RangeError(`backend ${JSON.stringify(requested)} was asked for, but the compiled kernels are the ${given.backend} build`);
    }
  }
  const kernels = given ?? (await compileKernels({ backend: requested }));
  const backend = kernels.backend;
  const module = kernels.module as WebAssembly.Module;
  // The loader's synchronous path takes the compiled module as it is: no Response check (which
  // would load undici in Node), and it supplies env.abort (an Error naming the message and where)
  // for a build with assertions; the release builds import nothing.
  const { instance } = instantiateSync(module, {});
  const exports = instance.exports as Record<string, unknown>;
  for (const name of KERNEL_NAMES) {
    if (typeof exports[name] !== 'function') throw new Error(`the ${backend} module lacks the kernel ${name}`);
  }
  if (!(exports.memory instanceof WebAssembly.Memory)) throw new Error(`the ${backend} module exports no memory`);
  // The raw exports: every kernel takes i32s and the module exports plain names (no classes,
  // no optional arguments), so there is nothing to demangle or wrap.
  return new Core(backend, exports as unknown as Kernels);
}

/** What decodes base64 natively here, if anything: Uint8Array.fromBase64 (newer engines) or Node's Buffer. */
interface NativeBase64 {
  fromBase64?: (text: string) => Uint8Array<ArrayBuffer>;
  Buffer?: { from(text: string, encoding: 'base64'): Uint8Array };
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  // Native decoders take ~0.3 ms for the SIMD build; atob and a copy loop 3–15 ms at start-up.
  const native = Uint8Array as NativeBase64;
  if (typeof native.fromBase64 === 'function') return native.fromBase64(text);
  const buffer = (globalThis as NativeBase64).Buffer;
  if (typeof buffer?.from === 'function') return new Uint8Array(buffer.from(text, 'base64'));
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
