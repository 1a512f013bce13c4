// Node only (fs); the parsing rules are in csv.ts (CsvLineParser), shared with parseCsvDataset.
// The file is read in chunks and parsed line by line, never held whole: an endless or huge input
// (/dev/zero, a FIFO, a multi-GB file) is refused at a limit instead of filling the memory.
import { readChunks } from '../io/read-chunks.js';
import { InputError, integerAtLeast, withDefault } from '../validate.js';
import { CsvLineParser } from './csv.js';
import type { Dataset } from './dataset.js';

/**
 * Defaults of readCsvDataset's limits. 10 million rows (a 200 to 400 MB file) are 170 MB as typed
 * arrays, and each training thread copies them into its Wasm memory as f32 blocks (12 B a row per
 * copy). A row is under 100 bytes even with 17-digit numbers, quotes and padding, so 4,096 bytes
 * leave room to spare while /dev/zero ends after its first 64 KiB.
 */
export const CSV_LIMITS = { maxRows: 10_000_000, maxLineBytes: 4096 } as const;
/** A bad file keeps this many problems in memory (the message lists 20); the rest are counted. */
const KEPT_PROBLEMS = 1000;
const CHUNK_BYTES = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/** readCsvDataset's limits (defaults in CSV_LIMITS) and read size. */
export interface ReadCsvOptions {
  /** Most lines after the header, blank ones included (so endless blank lines end too). */
  maxRows?: number;
  /** Most bytes in one line, its line break not counted. */
  maxLineBytes?: number;
  /** Bytes read at a time; tests make it small to put lines across chunk boundaries. */
  chunkBytes?: number;
}

/**
 * Reads and parses a dataset CSV by the rules of parseCsvDataset; errors name the path as given.
 * A file that cannot be read becomes InputError('--data', path, 'could not be read (ENOENT)'); one
 * past a limit an InputError naming the limit and the CLI flag that raises it, thrown as soon as
 * the limit is passed.
 */
export function readCsvDataset(path: string, options: ReadCsvOptions = {}): Dataset {
  const maxRows = integerAtLeast('maxRows', withDefault(options.maxRows, CSV_LIMITS.maxRows), 1);
  const maxLineBytes = integerAtLeast('maxLineBytes', withDefault(options.maxLineBytes, CSV_LIMITS.maxLineBytes), 1);
  const chunkBytes = integerAtLeast('chunkBytes', withDefault(options.chunkBytes, CHUNK_BYTES), 1);
  const parser = new CsvLineParser(path, KEPT_PROBLEMS);
  forEachLine(path, chunkBytes, maxLineBytes, (line) => {
    parser.push(line);
    if (parser.rowLines > maxRows) {
      throw new InputError(
        '--data',
        path,
        `holds more than ${maxRows} rows, the limit (every line but the header counts, blank ones too; raise it with --max-rows)`,
      );
    }
  });
  return parser.finish();
}

/**
 * Calls `onLine` with each physical line of the file, decoded as UTF-8, split at LF, CRLF and CR
 * as parseCsvDataset splits (a CRLF across two chunks is one break), the empty piece after a
 * final line break left out. Only the current chunk and one line are ever held.
 */
function forEachLine(path: string, chunkBytes: number, maxLineBytes: number, onLine: (line: string) => void): void {
  // The start of a line that began in an earlier chunk (never more than maxLineBytes).
  let carried: Buffer[] = [];
  let carriedBytes = 0;
  let afterCr = false;
  let lines = 0;
  const tooLong = () =>
    new InputError('--data', path, `line ${lines + 1} is longer than ${maxLineBytes} bytes, the limit (raise it with --max-line-bytes)`);
  readChunks(path, '--data', { chunkBytes }, (chunk) => {
    const emit = (start: number, end: number) => {
      if (carriedBytes + end - start > maxLineBytes) throw tooLong();
      const text =
        carriedBytes === 0 ? chunk.toString('utf8', start, end) : Buffer.concat([...carried, chunk.subarray(start, end)]).toString('utf8');
      carried = [];
      carriedBytes = 0;
      lines++;
      onLine(text);
    };
    const got = chunk.length;
    let start = 0;
    // CR then LF is one break, even when the CR ended the previous chunk.
    if (afterCr && chunk[0] === LF) start = 1;
    afterCr = false;
    for (let i = start; i < got; i++) {
      const byte = chunk[i];
      if (byte !== LF && byte !== CR) continue;
      emit(start, i);
      if (byte === CR) {
        if (i + 1 === got) afterCr = true;
        else if (chunk[i + 1] === LF) i++;
      }
      start = i + 1;
    }
    if (start < got) {
      carriedBytes += got - start;
      if (carriedBytes > maxLineBytes) throw tooLong();
      // The chunk's buffer is reused for the next read: keep a copy.
      carried.push(Buffer.from(chunk.subarray(start, got)));
    }
  });
  if (carriedBytes > 0) {
    lines++;
    onLine(Buffer.concat(carried).toString('utf8'));
  }
}
