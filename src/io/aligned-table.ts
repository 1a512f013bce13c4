// Plain-text tables as the CLI prints them: columns two spaces apart, each padded to its widest
// cell, a rule under the header. One layout for the summary, the paired statistics and sweeps.

export interface AlignedTableOptions {
  /** Whether column c is right-aligned (numbers); the others are left-aligned. Default: none. */
  right?: (c: number) => boolean;
  /** The rule's character under each column. Default '─'. */
  rule?: string;
}

/** The table's lines: the header, the rule, then one line per row; no line ends in spaces. */
export function alignedTable(header: readonly string[], rows: readonly (readonly string[])[], options: AlignedTableOptions = {}): string[] {
  const right = options.right ?? (() => false);
  const rule = options.rule ?? '─';
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (right(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => rule.repeat(w)).join('  '), ...rows.map(line)];
}
