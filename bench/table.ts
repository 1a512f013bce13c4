// Tables for the benchmark suites: one shape, printed as aligned text on the console and as
// Markdown for docs/performance.md (bench/results/summary-<date>.md), plus number formatting.

export interface Table {
  title: string;
  columns: string[];
  /** Cells already formatted. */
  rows: string[][];
  /** Per column; default: the first column left, the rest (numbers) right. */
  align?: ('left' | 'right')[];
  /** Sentences printed under the table: what was timed, caveats, extrapolations. */
  notes?: string[];
}

/** Aligned plain text, in the style of `actlab compare`'s table. */
export function textTable(table: Table): string {
  const widths = table.columns.map((c, i) => Math.max(width(c), ...table.rows.map((r) => width(r[i] ?? ''))));
  const pad = (cell: string, i: number) =>
    alignOf(table, i) === 'left' ? cell + ' '.repeat(widths[i]! - width(cell)) : ' '.repeat(widths[i]! - width(cell)) + cell;
  const lines = [
    table.title,
    '',
    table.columns.map(pad).join('  ').trimEnd(),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...table.rows.map((r) =>
      table.columns
        .map((_, i) => pad(r[i] ?? '', i))
        .join('  ')
        .trimEnd(),
    ),
  ];
  for (const note of table.notes ?? []) lines.push(`  · ${note}`);
  return lines.join('\n');
}

/** A GitHub-flavoured Markdown table under a bold title. */
export function markdownTable(table: Table): string {
  const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|');
  const lines = [
    `**${table.title}**`,
    '',
    `| ${table.columns.map(escape).join(' | ')} |`,
    `|${table.columns.map((_, i) => (alignOf(table, i) === 'left' ? ':---' : '---:')).join('|')}|`,
    ...table.rows.map((r) => `| ${table.columns.map((_, i) => escapeCell(r[i] ?? '')).join(' | ')} |`),
  ];
  if (table.notes?.length) lines.push('', ...table.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

function alignOf(table: Table, column: number): 'left' | 'right' {
  return table.align?.[column] ?? (column === 0 ? 'left' : 'right');
}

/** Display width: counts code points, so "µ", "×" and "≈" take one column. */
function width(text: string): number {
  return [...text].length;
}

// ---- numbers -------------------------------------------------------------------------------

/** Up to `digits` significant digits, never in exponent form for the ranges we print. */
export function num(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 10 ** digits) return Math.round(value).toLocaleString('en-US');
  if (abs === 0) return '0';
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return value.toFixed(Math.min(decimals, 6));
}

/** Milliseconds, or seconds from 10 s up. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms >= 10_000 ? `${num(ms / 1000, 3)} s` : `${num(ms, 3)} ms`;
}

export function percent(fraction: number, digits = 0): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '—';
}

/** "3.2×" */
export function times(ratio: number): string {
  return Number.isFinite(ratio) ? `${num(ratio, ratio >= 100 ? 3 : 2)}×` : '—';
}

/** "3.2× slower" / "1.6× faster": a time against a baseline time. */
export function relative(ms: number, baselineMs: number): string {
  if (!Number.isFinite(ms) || !Number.isFinite(baselineMs)) return '—';
  return ms >= baselineMs ? `${times(ms / baselineMs)} slower` : `${times(baselineMs / ms)} faster`;
}

/** Benchmark.js's relative margin of error (95%), e.g. "±1.8%". */
export function margin(rme: number): string {
  return Number.isFinite(rme) ? `±${rme.toFixed(1)}%` : '—';
}
