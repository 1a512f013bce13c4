// Feature detection for the opt-in relaxed-SIMD build (--backend relaxed): FMA in the dense
// kernels. Platform-neutral (it is in the browser bundle): the one Node-specific step reaches
// node:v8 through process.getBuiltinModule (Node ≥ 20.16), not an import, so a bundler sees no
// Node built-in and a browser simply skips it.

/**
 * The smallest module using a relaxed-SIMD opcode: (func (param v128 v128 v128) (result v128)
 * f32x4.relaxed_madd of its three parameters). see: WebAssembly relaxed-simd proposal, Overview.md
 * (f32x4.relaxed_madd = 0xfd 0x105, LEB128 0x85 0x02).
 */
const RELAXED_PROBE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version 1
  0x01,
  0x08,
  0x01,
  0x60,
  0x03,
  0x7b,
  0x7b,
  0x7b,
  0x01,
  0x7b, // type: (v128 v128 v128) → v128
  0x03,
  0x02,
  0x01,
  0x00, // function 0 has type 0
  0x0a,
  0x0d,
  0x01,
  0x0b,
  0x00, // code: one body of 11 bytes, no locals
  0x20,
  0x00,
  0x20,
  0x01,
  0x20,
  0x02, // local.get 0, 1, 2
  0xfd,
  0x85,
  0x02, // f32x4.relaxed_madd
  0x0b, // end
]);

/** The V8 flag that Node 20 (V8 11.3) needs for relaxed SIMD; V8 ≥ 11.4 (Node 22, Chromium 114) ships it on. */
export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

/** What Node offers here, if this is Node: process.getBuiltinModule (Node ≥ 20.16, 22.3). */
interface NodeProcess {
  getBuiltinModule?: (id: string) => { setFlagsFromString?: (flags: string) => void } | undefined;
}

let relaxed: boolean | undefined;

/**
 * True when this engine accepts relaxed SIMD. Where it does not but this is Node with V8's flag
 * available (Node 20), it sets the flag (process-wide, worker threads included: V8 flags are per
 * process) and asks again; V8 reads it when a module is validated or compiled, so this must run
 * before the relaxed build is compiled. Only called when the relaxed build is asked for.
 */
export function relaxedSimdSupported(): boolean {
  if (relaxed !== undefined) return relaxed;
  relaxed = WebAssembly.validate(RELAXED_PROBE);
  if (!relaxed) {
    const process = (globalThis as { process?: NodeProcess }).process;
    const v8 = typeof process?.getBuiltinModule === 'function' ? process.getBuiltinModule('node:v8') : undefined;
    if (typeof v8?.setFlagsFromString === 'function') {
      v8.setFlagsFromString(RELAXED_SIMD_FLAG);
      relaxed = WebAssembly.validate(RELAXED_PROBE);
    }
  }
  return relaxed;
}

/** The error for a relaxed backend the engine refuses, saying which engines and flag have it. */
export function relaxedUnavailable(): Error {
  return new Error(
    'backend "relaxed" was asked for, but this engine has no WebAssembly relaxed SIMD: it needs Node >= 22 or ' +
      `Chromium >= 114, or Node 20 with ${RELAXED_SIMD_FLAG} (actlab sets that flag itself where process.getBuiltinModule exists, Node >= 20.16)`,
  );
}
