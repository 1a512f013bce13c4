// Platform neutral (no fs): the Node reader is read-csv.ts, a browser can pass a File's text.
import { describeValue, FLOAT32_RULE, InputError, parseDecimal } from '../validate.js';
import type { Dataset } from './dataset.js';
import { RowBuffer } from './row-buffer.js';

export const CSV_COLUMNS = ['x1', 'x2', 'label'] as const;
/** More than this many problems are summarised as "and N more": the first few say what is wrong. */
export const MAX_LISTED_PROBLEMS = 20;

export interface CsvProblem {
  /** 1-based physical line number; blank lines count. */
  line: number;
  /** e.g. `x2 must be a finite number, got "abc"`. */
  message: string;
}

/** Every problem found in one CSV file, in line order; `message` lists up to MAX_LISTED_PROBLEMS. */
export class CsvDatasetError extends InputError {
  constructor(
    readonly source: string,
    readonly problems: readonly CsvProblem[],
    /** Problems found; more than problems.length when a reader kept only the first ones. */
    readonly total = problems.length,
  ) {
    super(source, problems, 'is not a valid dataset');
    this.message = formatProblems(source, problems, total);
  }
}

function formatProblems(source: string, problems: readonly CsvProblem[], total: number): string {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p, i) => `${i === 0 ? `${source} ` : ''}line ${p.line}: ${p.message}`);
  const rest = total - listed.length;
  if (rest > 0) listed.push(`and ${rest} more`);
  return listed.join('; ');
}

/**
 * Parses a CSV with the header `x1,x2,label` (that order; case and surrounding whitespace ignored)
 * and one row per point: two finite decimal numbers and a label 0 or 1 (1.0 is accepted).
 * LF, CRLF and CR line endings, a UTF-8 BOM, a trailing newline, blank lines and cells wrapped in
 * double quotes (as R's write.csv writes them) are accepted. Every malformed row is collected and
 * reported by line number in one CsvDatasetError (an InputError). The dataset's name is `source`.
 */
export function parseCsvDataset(text: string, source = 'data.csv'): Dataset {
  const parser = new CsvLineParser(source);
  for (const line of text.split(/\r\n|\n|\r/)) parser.push(line);
  return parser.finish();
}

/**
 * parseCsvDataset one physical line at a time (without its line break), so that a text and a
 * file read in chunks (read-csv.ts) parse by the same rules, with the same line numbers and the
 * same messages. A bad header throws at once; bad rows are collected until finish().
 */
export class CsvLineParser {
  /** Physical lines pushed so far; the last one's number. */
  lines = 0;
  /** Line number of the header; 0 until it is found. */
  private headerLine = 0;
  private readonly rows = new RowBuffer();
  private readonly problems: CsvProblem[] = [];
  private problemCount = 0;

  /** Problems past the first `keepProblems` are counted but not kept (a reader bounds its memory with it). */
  constructor(
    readonly source: string,
    private readonly keepProblems = Number.POSITIVE_INFINITY,
  ) {}

  /** Lines other than the header, blank ones included: what a reader's row limit counts. */
  get rowLines(): number {
    return this.lines - (this.headerLine > 0 ? 1 : 0);
  }

  /** The next physical line, without its line break. */
  push(text: string): void {
    const lineNumber = ++this.lines;
    const line = lineNumber === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (line.trim() === '') return;
    if (this.headerLine === 0) {
      this.checkHeader(line, lineNumber);
      return;
    }
    const cells = splitCells(line);
    if (cells.length !== CSV_COLUMNS.length) {
      this.problem(lineNumber, `expected ${CSV_COLUMNS.length} columns (${CSV_COLUMNS.join(',')}), got ${cells.length}`);
      return;
    }
    const [x1, x2, label] = cells as [string, string, string];
    const values = [parseCoordinate('x1', x1), parseCoordinate('x2', x2), parseLabel(label)];
    const bad = values.filter((v): v is string => typeof v === 'string');
    for (const message of bad) this.problem(lineNumber, message);
    if (bad.length === 0 && this.problemCount === 0) this.rows.push(values[0] as number, values[1] as number, values[2] as number);
  }

  /** The dataset, or the CsvDatasetError of every problem found. */
  finish(): Dataset {
    if (this.headerLine === 0) {
      throw new CsvDatasetError(this.source, [{ line: 1, message: `expected a header line ${CSV_COLUMNS.join(',')}, got an empty file` }]);
    }
    if (this.problemCount > 0) throw new CsvDatasetError(this.source, this.problems, this.problemCount);
    if (this.rows.length === 0) {
      throw new CsvDatasetError(this.source, [
        { line: this.headerLine, message: `expected at least one data row after the header ${CSV_COLUMNS.join(',')}, got none` },
      ]);
    }
    const { X, y } = this.rows.take();
    return { X, y, nSamples: y.length, nFeatures: 2, name: this.source };
  }

  private checkHeader(header: string, lineNumber: number): void {
    const names = splitCells(header).map((cell) => cell.toLowerCase());
    if (names.length !== CSV_COLUMNS.length || names.some((name, i) => name !== CSV_COLUMNS[i])) {
      throw new CsvDatasetError(this.source, [
        { line: lineNumber, message: `header must be ${CSV_COLUMNS.join(',')}, got ${describeValue(header.trim())}` },
      ]);
    }
    this.headerLine = lineNumber;
  }

  private problem(line: number, message: string): void {
    if (this.problemCount++ < this.keepProblems) this.problems.push({ line, message });
  }
}

function splitCells(line: string): string[] {
  return line.split(',').map(unquote);
}

function unquote(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}

/** The value, or the problem's message. */
function parseCoordinate(column: string, cell: string): number | string {
  // Plain decimal or scientific notation only, the CLI's rule (DECIMAL in src/validate.ts).
  const value = parseDecimal(cell);
  // A decimal can still overflow to Infinity (1e999).
  if (value === null || !Number.isFinite(value)) return `${column} must be a finite number, got ${describeValue(cell)}`;
  // Or be finite in float64 only (1e39): it would be Infinity in the kernels' float32.
  if (!Number.isFinite(Math.fround(value))) return `${column} ${FLOAT32_RULE}, got ${describeValue(cell)}`;
  return value;
}

function parseLabel(cell: string): number | string {
  const value = parseDecimal(cell);
  if (value === 0 || value === 1) return value;
  // A number is shown as a number (got 2), anything else quoted (got "yes").
  return `label must be 0 or 1, got ${value === null ? describeValue(cell) : describeValue(value)}`;
}
