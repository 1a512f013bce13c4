// Node only (fs); everything platform neutral is in csv.ts.
import { readFileSync } from 'node:fs';
import { InputError } from '../validate.js';
import { parseCsvDataset } from './csv.js';
import type { Dataset } from './dataset.js';

/**
 * Reads and parses a dataset CSV (see parseCsvDataset); errors name the path as given.
 * A file that cannot be read becomes InputError('--data', path, 'could not be read (ENOENT)').
 */
export function readCsvDataset(path: string): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError('--data', path, `could not be read (${code})`);
  }
  return parseCsvDataset(text, path);
}
