import { readFileSync } from 'node:fs';
import { parseSpecText, type TrainingSpec, validateSpec } from '../spec/spec.js';
import { InputError } from '../validate.js';

/** Reads and validates a spec file; every failure is an InputError naming the file or the field. */
export function readSpecFile(path: string): TrainingSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError('SPEC', path, `could not be read (${code})`);
  }
  return validateSpec(parseSpecText(text, `SPEC ${path}`));
}
