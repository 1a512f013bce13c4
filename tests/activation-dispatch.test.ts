// The activation dispatch is generated from the id enum (scripts/activation-dispatch.mjs): it must
// see exactly the enum TypeScript sees, give every id its kernel class, and refuse, naming the file,
// an id without one, so that adding an activation never means editing a switch by hand.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { activationIds, DISPATCH, dispatchSource, kernelFileName } from '../scripts/activation-dispatch.mjs';
import { ActivationId } from '../src/shared/activation-id.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const test = suite('activation dispatch (generated)');

/** The enum as the TypeScript compiler sees it: [name, value] for each member. */
const tsIds = (): [string, number][] =>
  Object.entries(ActivationId)
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => [name, value as number]);

/** A root holding only an id enum with `members` and the kernel files given, for the generator to read. */
function fakeRoot(members: string, kernels: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'actlab-dispatch-')) + '/';
  mkdirSync(root + 'src/shared', { recursive: true });
  mkdirSync(root + 'assembly/activations', { recursive: true });
  writeFileSync(root + 'src/shared/activation-id.ts', `export enum ActivationId {\n${members}\n}\n`);
  for (const [file, text] of Object.entries(kernels)) writeFileSync(root + 'assembly/activations/' + file, text);
  return root;
}

test('the generator reads the enum TypeScript compiles, member for member', () => {
  assert.equal(activationIds(ROOT), tsIds());
});

test('the built dispatch has one forward, one backward and one evaluation-statistics case per id, each with its own class', () => {
  const text = readFileSync(ROOT + DISPATCH, 'utf8');
  assert.is(text, dispatchSource(ROOT), 'the build wrote the current dispatch');
  for (const [name] of tsIds()) {
    assert.ok(text.includes(`case ActivationId.${name}: mapForward<${name}>(`), `${name}: forward case`);
    assert.ok(text.includes(`case ActivationId.${name}: mapBackward<${name}>(`), `${name}: backward case`);
    assert.ok(text.includes(`case ActivationId.${name}: addEvalStats<${name}>(`), `${name}: evaluation statistics case`);
    assert.ok(text.includes(`import { ${name} } from '../activations/${kernelFileName(name)}';`), `${name}: its kernel file`);
  }
  assert.is(text.match(/default: unreachable\(\);/g)?.length, 3, 'every switch traps on an unknown id');
});

test('kernel file names are the ids in snake case', () => {
  assert.is(kernelFileName('Relu'), 'relu');
  assert.is(kernelFileName('LeakyRelu'), 'leaky_relu');
  assert.is(kernelFileName('Relu6'), 'relu6');
  assert.is(kernelFileName('HardSwish'), 'hard_swish');
  assert.is(kernelFileName('LogSigmoid'), 'log_sigmoid');
});

test('an id without a kernel file, or whose file lacks its class, stops the build naming both', () => {
  const root = fakeRoot('  Relu = 0,\n  // a comment = 7\n  LeakyRelu = 1,', { 'relu.ts': '@final export class Relu {}' });
  try {
    assert.equal(activationIds(root), [
      ['Relu', 0],
      ['LeakyRelu', 1],
    ]);
    assert.throws(() => dispatchSource(root), /ActivationId\.LeakyRelu .*assembly\/activations\/leaky_relu\.ts not found/);
    writeFileSync(root + 'assembly/activations/leaky_relu.ts', 'export class Leaky {}');
    assert.throws(() => dispatchSource(root), /assembly\/activations\/leaky_relu\.ts must export class LeakyRelu/);
    writeFileSync(root + 'assembly/activations/leaky_relu.ts', '@final export class LeakyRelu {}');
    assert.match(dispatchSource(root), /case ActivationId\.LeakyRelu: mapForward<LeakyRelu>/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a file without the enum stops the build naming it', () => {
  const root = fakeRoot('', {});
  try {
    writeFileSync(root + 'src/shared/activation-id.ts', 'export const x = 1;\n');
    assert.throws(() => activationIds(root), /src\/shared\/activation-id\.ts: no `export enum ActivationId/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
