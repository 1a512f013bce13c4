// The one way the tests check a refusal: an InputError (never a bare RangeError or TypeError)
// whose message holds every fragment and no internal marker.
import * as assert from 'uvu/assert';
import { InputError } from '../../src/validate.js';

/** The InputError `fn` throws; fails unless its message holds every fragment. */
export function throwsInput(fn: () => unknown, ...fragments: string[]): InputError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) return assert.unreachable(`expected an InputError mentioning ${fragments.join(', ')}`) as never;
  assert.instance(caught, InputError, `expected an InputError, got ${String(caught)}`);
  const error = caught as InputError;
  for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
  assert.not.ok(error.message.includes('__actlab'), `no internal marker: ${error.message}`);
  return error;
}

/** As throwsInput, and the error names `field`: its field, and the start of its message. */
export function throwsInputFor(fn: () => unknown, field: string, ...fragments: string[]): InputError {
  const error = throwsInput(fn, ...fragments);
  assert.is(error.field, field, error.message);
  assert.ok(error.message.startsWith(`${field} `), `the message starts with the field: ${error.message}`);
  return error;
}
