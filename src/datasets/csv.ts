// Platform neutral (no fs): the Node reader is read-csv.ts, a browser can pass a File's text.
import { describeValue, InputError } from '../validate.js';
import type { Dataset } from './dataset.js';

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
  ) {
    super(source, problems, 'is not a valid dataset');
    this.message = formatProblems(source, problems);
  }
}

function formatProblems(source: string, problems: readonly CsvProblem[]): string {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p, i) => `${i === 0 ? `${source} ` : ''}line ${p.line}: ${p.message}`);
  const rest = problems.length - listed.length;
  if (rest > 0) listed.push(`and ${rest} more`);
  return listed.join('; ');
}

// Plain decimal or scientific notation only: Number() alone would also take '', ' ', '0x1f',
// 'Infinity' and '1_000' as numbers.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a CSV with the header `x1,x2,label` (that order; case and surrounding whitespace ignored)
 * and one row per point: two finite decimal numbers and a label 0 or 1 (1.0 is accepted).
 * LF, CRLF and CR line endings, a UTF-8 BOM, a trailing newline, blank lines and cells wrapped in
 * double quotes (as R's write.csv writes them) are accepted. Every malformed row is collected and
 * reported by line number in one CsvDatasetError (an InputError). The dataset's name is `source`.
 */
export function parseCsvDataset(text: string, source = 'data.csv'): Dataset {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) {
    throw new CsvDatasetError(source, [{ line: 1, message: `expected a header line ${CSV_COLUMNS.join(',')}, got an empty file` }]);
  }
  const header = lines[headerIndex] as string;
  const names = splitCells(header).map((cell) => cell.toLowerCase());
  if (names.length !== CSV_COLUMNS.length || names.some((name, i) => name !== CSV_COLUMNS[i])) {
    throw new CsvDatasetError(source, [
      { line: headerIndex + 1, message: `header must be ${CSV_COLUMNS.join(',')}, got ${describeValue(header.trim())}` },
    ]);
  }

  const xs: number[] = [];
  const labels: number[] = [];
  const problems: CsvProblem[] = [];
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    const lineNumber = index + 1;
    const cells = splitCells(line);
    if (cells.length !== CSV_COLUMNS.length) {
      problems.push({
        line: lineNumber,
        message: `expected ${CSV_COLUMNS.length} columns (${CSV_COLUMNS.join(',')}), got ${cells.length}`,
      });
      continue;
    }
    const [x1, x2, label] = cells as [string, string, string];
    const values = [parseCoordinate('x1', x1), parseCoordinate('x2', x2), parseLabel(label)];
    const bad = values.filter((v): v is string => typeof v === 'string');
    for (const message of bad) problems.push({ line: lineNumber, message });
    if (bad.length === 0) {
      xs.push(values[0] as number, values[1] as number);
      labels.push(values[2] as number);
    }
  }
  if (problems.length > 0) throw new CsvDatasetError(source, problems);
  if (labels.length === 0) {
    throw new CsvDatasetError(source, [
      { line: headerIndex + 1, message: `expected at least one data row after the header ${CSV_COLUMNS.join(',')}, got none` },
    ]);
  }
  return { X: Float64Array.from(xs), y: Uint8Array.from(labels), nSamples: labels.length, nFeatures: 2, name: source };
}

function splitCells(line: string): string[] {
  return line.split(',').map(unquote);
}

function unquote(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}

function parseNumber(cell: string): number | null {
  return DECIMAL.test(cell) ? Number(cell) : null;
}

/** The value, or the problem's message. */
function parseCoordinate(column: string, cell: string): number | string {
  const value = parseNumber(cell);
  // A decimal can still overflow to Infinity (1e999).
  if (value === null || !Number.isFinite(value)) return `${column} must be a finite number, got ${describeValue(cell)}`;
  return value;
}

function parseLabel(cell: string): number | string {
  const value = parseNumber(cell);
  if (value === 0 || value === 1) return value;
  // A number is shown as a number (got 2), anything else quoted (got "yes").
  return `label must be 0 or 1, got ${value === null ? describeValue(cell) : describeValue(value)}`;
}
