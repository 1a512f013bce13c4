import { readChunks } from '../io/read-chunks.js';
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
  const tooLarge = () => new InputError('SPEC', path, `must be at most ${MAX_SPEC_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  // A regular file says its size up front; a device or a pipe is cut off while reading.
  const onSize = (bytes: number) => {
    if (bytes > MAX_SPEC_BYTES) throw tooLarge();
  };
  readChunks(path, 'SPEC', { chunkBytes: CHUNK_BYTES, onSize }, (chunk) => {
    total += chunk.length;
    if (total > MAX_SPEC_BYTES) throw tooLarge();
    chunks.push(Buffer.from(chunk));
  });
  return Buffer.concat(chunks).toString('utf8');
}
