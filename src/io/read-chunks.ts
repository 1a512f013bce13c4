// Node only (fs): the one way actlab reads a user's file, a chunk at a time, so that an endless or
// huge input (/dev/zero, a FIFO, a multi-GB file) can be stopped at a limit by the caller instead
// of filling the memory, and a file that cannot be read is one InputError naming the option.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../validate.js';

export interface ReadChunksOptions {
  /** Bytes read at a time. */
  chunkBytes: number;
  /** Called once before reading with the size fstat reports (0 for devices and pipes): may refuse the file up front. */
  onSize?: (bytes: number) => void;
}

/**
 * Calls `onChunk` with each chunk of the file in order. The chunk is a view of one reused buffer,
 * valid only during the call: copy what must outlive it. A failure to open, stat or read the file
 * becomes InputError(field, path, 'could not be read (CODE)'); what the callbacks throw passes through.
 */
export function readChunks(path: string, field: string, options: ReadChunksOptions, onChunk: (chunk: Buffer) => void): void {
  const fd = readable(path, field, () => openSync(path, 'r'));
  try {
    options.onSize?.(readable(path, field, () => fstatSync(fd).size));
    const buffer = Buffer.allocUnsafe(options.chunkBytes);
    for (;;) {
      const got = readable(path, field, () => readSync(fd, buffer, 0, options.chunkBytes, null));
      if (got === 0) return;
      onChunk(buffer.subarray(0, got));
    }
  } finally {
    closeSync(fd);
  }
}

/** `read()`, with a failure as InputError(field, path, 'could not be read (CODE)'). */
function readable<T>(path: string, field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(field, path, `could not be read (${code})`);
  }
}
