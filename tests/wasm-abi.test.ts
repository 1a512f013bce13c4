// The boundary as asc emitted it, read from the very bytes the package ships (src/generated):
// every export's signature against KERNEL_SIGNATURES (which the compiler checks against the
// Kernels interface), and that the SIMD build holds SIMD where it matters while the scalar build
// holds none, so the SIMD-vs-scalar tests can never compare scalar with scalar.
import binaryen from 'binaryen';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { KERNEL_SIGNATURES } from '../src/core/kernels.js';
import { SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from '../src/generated/wasm.js';

const BUILDS = { simd: SIMD_WASM_BASE64, scalar: SCALAR_WASM_BASE64 } as const;
/** Any SIMD instruction or type in binaryen's text: v128.*, f32x4.*, i32x4.*, f64x2.*, … */
const SIMD_TEXT = /\bv128\b|\b[if](8x16|16x8|32x4|64x2)\./;
/** The kernels whose hot loops are vectorised in the SIMD build. */
const VECTORISED = ['denseForward', 'denseBackward', 'activationForward', 'activationBackward', 'adamStep', 'sgdStep', 'meanAbs'];

interface Read {
  module: binaryen.Module;
  /** Export name → the function it names. */
  functions: Map<string, string>;
  others: string[];
}

function read(base64: string): Read {
  const module = binaryen.readBinary(Buffer.from(base64, 'base64'));
  const functions = new Map<string, string>();
  const others: string[] = [];
  for (let i = 0; i < module.getNumExports(); i++) {
    const info = binaryen.getExportInfo(module.getExportByIndex(i));
    if (info.kind === binaryen.ExternalFunction) functions.set(info.name, info.value);
    else others.push(info.name);
  }
  return { module, functions, others };
}

const bodyText = (module: binaryen.Module, fn: string): string => binaryen.emitText(binaryen.getFunctionInfo(module.getFunction(fn)).body);

/** `fn` and every function it calls, directly or not. */
function reachable(module: binaryen.Module, fn: string, seen = new Set<string>()): Set<string> {
  if (seen.has(fn)) return seen;
  seen.add(fn);
  for (const [, callee] of bodyText(module, fn).matchAll(/\(call \$([^\s)]+)/g)) reachable(module, callee!, seen);
  return seen;
}

const abi = suite('Wasm ABI and builds');

for (const [build, base64] of Object.entries(BUILDS)) {
  abi(`${build}: the exports are exactly the kernels and the memory, each with its declared signature`, () => {
    const { module, functions, others } = read(base64);
    try {
      assert.equal(others, ['memory']);
      assert.equal([...functions.keys()].sort(), Object.keys(KERNEL_SIGNATURES).sort());
      for (const [name, signature] of Object.entries(KERNEL_SIGNATURES)) {
        const info = binaryen.getFunctionInfo(module.getFunction(functions.get(name)!));
        const params = binaryen.expandType(info.params);
        assert.is(params.length, signature.params, `${name}: parameter count`);
        assert.ok(
          params.every((type) => type === binaryen.i32),
          `${name}: only integers cross the boundary`,
        );
        assert.is(info.results, signature.result === 'i32' ? binaryen.i32 : binaryen.none, `${name}: result`);
      }
    } finally {
      module.dispose();
    }
  });
}

abi('simd: the dense, activation, optimizer and telemetry kernels run SIMD instructions', () => {
  const { module, functions } = read(SIMD_WASM_BASE64);
  try {
    for (const name of VECTORISED) {
      const fns = [...reachable(module, functions.get(name)!)];
      assert.ok(
        fns.some((fn) => SIMD_TEXT.test(bodyText(module, fn))),
        `${name} (and the ${fns.length - 1} functions it calls) holds no SIMD instruction`,
      );
    }
  } finally {
    module.dispose();
  }
});

abi('scalar: no function holds a SIMD instruction', () => {
  const { module } = read(SCALAR_WASM_BASE64);
  try {
    const text = module.emitText();
    const hit = text.match(SIMD_TEXT);
    assert.is(hit, null, `the scalar build holds ${hit?.[0]}`);
  } finally {
    module.dispose();
  }
});

abi.run();
