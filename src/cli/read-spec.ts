import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseSpecText, type TrainingSpec, validateSpec } from '../spec/spec.js';
import { InputError } from '../validate.js';

/** Past this a spec file is refused: 1000 samples take under 100 kB, and /dev/zero never ends. */
export const MAX_SPEC_BYTES = 256 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;

/** Reads and validates a spec file; every failure is an InputError naming the file or the field. */
export function readSpecFile(path: string): TrainingSpec {
  return validateSpec(parseSpecText(readBounded(path), `SPEC ${path}`));
}

/** The file's text, read chunk by chunk so that an endless or huge file stops at MAX_SPEC_BYTES. */
function readBounded(path: string): string {
  let fd: number;
  const chunks: Buffer[] = [];
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  const tooLarge = () => new InputError('SPEC', path, `must be at most ${MAX_SPEC_BYTES} bytes`);
  try {
    // A regular file says its size up front; a device or a pipe is cut off while reading.
    if (fstatSync(fd).size > MAX_SPEC_BYTES) throw tooLarge();
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_SPEC_BYTES) throw tooLarge();
      chunks.push(chunk.subarray(0, n));
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unreadable(path, error);
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function unreadable(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
  return new InputError('SPEC', path, `could not be read (${code})`);
}
