// Node only (fs): the sweep's files on disk. A results file is only ever appended to, one whole
// line per write, so an interrupted sweep (Ctrl-C, a killed process or machine) leaves every
// finished run's line intact; at worst the last line is unfinished, and it is cut off (and its
// run redone) before anything is appended after it. A plan is written beside its place and
// renamed into it, so a reader never sees half of one.
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { readChunks } from '../io/read-chunks.js';
import { InputError } from '../validate.js';
import type { SweepJob } from './jobs.js';
import { parseResultLine, planLine, type SweepRunRecord } from './line.js';

/** A line longer than this is refused: a run of a million epochs writes ~150 MB, and /dev/zero never ends. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;
/** A SWEEP.json file longer than this is refused (a sweep is a few hundred bytes). */
export const MAX_SWEEP_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** What reading a JSON Lines file found besides its lines. */
export interface LinesRead {
  /** Bytes up to and including the last newline: the complete lines. */
  completeBytes: number;
  /** Bytes after it: an unfinished last line (0 when the file ends with a newline). */
  tailBytes: number;
}

/**
 * Calls `onLine(text, lineNumber)` (1-based) for every complete, non-blank line of the file in
 * order, reading it a chunk at a time. An unfinished last line (no newline after it) is not
 * passed on: it is reported in `tailBytes`. A line over MAX_LINE_BYTES is an InputError naming it.
 */
export function readLines(path: string, field: string, onLine: (text: string, line: number) => void): LinesRead {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  let completeBytes = 0;
  readChunks(path, field, { chunkBytes: CHUNK_BYTES }, (chunk) => {
    let start = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
      line++;
      const piece = chunk.subarray(start, at);
      if (pendingBytes + piece.length > MAX_LINE_BYTES) throw tooLong(field, path, line);
      const text = (pending.length > 0 ? Buffer.concat([...pending, piece]) : piece).toString('utf8');
      completeBytes += pendingBytes + piece.length + 1;
      pending = [];
      pendingBytes = 0;
      if (text.trim() !== '') onLine(text, line);
      start = at + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) {
      if (pendingBytes + rest.length > MAX_LINE_BYTES) throw tooLong(field, path, line + 1);
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
  });
  return { completeBytes, tailBytes: pendingBytes };
}

function tooLong(field: string, path: string, line: number): InputError {
  return new InputError(field, path, `line ${line} is longer than ${MAX_LINE_BYTES} bytes (not a sweep's JSON Lines file?)`);
}

/** A whole text file of at most `maxBytes`, read a chunk at a time (an endless file stops there). */
export function readTextFile(path: string, field: string, maxBytes = MAX_SWEEP_BYTES): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const tooLarge = () => new InputError(field, path, `must be at most ${maxBytes} bytes`);
  readChunks(
    path,
    field,
    {
      chunkBytes: CHUNK_BYTES,
      onSize: (bytes) => {
        if (bytes > maxBytes) throw tooLarge();
      },
    },
    (chunk) => {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge();
      chunks.push(Buffer.from(chunk));
    },
  );
  return Buffer.concat(chunks).toString('utf8');
}

/** A results file read back. */
export interface ResultsRead extends LinesRead {
  /** The runs by key (the first line of a key, should one appear twice). */
  records: Map<string, SweepRunRecord>;
  /** Complete lines read. */
  lines: number;
  /** Lines whose key an earlier line already had (a run appended twice, e.g. by a retried queue job). */
  duplicates: number;
}

/**
 * Reads a results file (none yet is an empty one). A complete line that is not a results line is
 * an InputError naming the file and line: only an unfinished last line is expected damage.
 */
export function readResults(path: string, field = '--results'): ResultsRead {
  const records = new Map<string, SweepRunRecord>();
  let lines = 0;
  let duplicates = 0;
  if (!existsSync(path)) return { records, lines, duplicates, completeBytes: 0, tailBytes: 0 };
  const read = readLines(path, field, (text, line) => {
    let record: SweepRunRecord;
    try {
      record = parseResultLine(text, `${path} line ${line}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError(error.field, error.value, `${error.rule}; remove or fix that line, and run again`);
    }
    lines++;
    if (records.has(record.key)) duplicates++;
    else records.set(record.key, record);
  });
  return { records, lines, duplicates, ...read };
}

/** Cuts an unfinished last line off a results file, so that the next line appended starts on a line of its own. */
export function dropUnfinishedLine(path: string, read: LinesRead): void {
  if (read.tailBytes > 0) truncateSync(path, read.completeBytes);
}

/** Appends whole lines to a file, each with one write of the line and its newline. */
export class LineAppender {
  private fd: number | undefined;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'a');
    } catch (error) {
      throw new InputError(
        '--results',
        path,
        `could not be opened for appending (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    // A file that does not end in a newline (one written by hand, or cut short) would glue the next line onto its last.
    const size = fstatSync(this.fd).size;
    if (size > 0 && !endsWithNewline(path, size)) writeAll(this.fd, Buffer.from('\n'));
  }

  /** Appends `text` and a newline. */
  append(text: string): void {
    if (this.fd === undefined) throw new Error(`internal: ${this.path} was closed`);
    writeAll(this.fd, Buffer.from(`${text}\n`, 'utf8'));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** True when the file's last byte is a newline (read through a descriptor of its own: an 'a' one need not be readable). */
function endsWithNewline(path: string, size: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    return readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === NEWLINE;
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** Writes every job of a plan, one per line, beside `path` and then renamed into place. */
export function writePlan(path: string, jobs: readonly SweepJob[]): void {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, jobs.map((job) => `${planLine(job)}\n`).join(''));
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new InputError('--plan', path, `could not be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Line `index` (0-based, blank lines not counted) of a plan file, and how many lines it has. */
export function readPlanLine(path: string, index: number): { text: string; line: number; count: number } {
  let found: { text: string; line: number } | undefined;
  let count = 0;
  const read = readLines(path, '--plan', (text, line) => {
    if (count === index) found = { text, line };
    count++;
  });
  if (read.tailBytes > 0) throw new InputError('--plan', path, 'ends with an unfinished line (a plan is written whole: write it again)');
  if (!found)
    throw new InputError('--index', index, `must be an integer in [0, ${count - 1}]: ${path} has ${count} job${count === 1 ? '' : 's'}`);
  return { ...found, count };
}
