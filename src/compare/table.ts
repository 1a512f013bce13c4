import { powerOfTen } from './findings.js';
import type { ActivationSummary, Stat } from './types.js';

const withCi = (s: Stat, format: (x: number) => string, seeds: number) =>
  seeds > 1 ? `${format(s.mean)} ± ${format(s.ci95)}` : format(s.mean);

/** The summary table as aligned plain text, one row per activation. */
export function summaryTable(summaries: ActivationSummary[], seeds: number): string {
  const header = ['activation', 'accuracy', 'BCE', '≥90% at epoch', 'grad first/output', 'dead units', 'train ms'];
  const rows = summaries.map((s) => [
    s.activation,
    withCi(s.finalAccuracy, (x) => `${(100 * x).toFixed(1)}%`, seeds),
    withCi(s.finalBce, (x) => x.toFixed(4), seeds),
    s.epochTo90 === null ? 'never' : String(s.epochTo90),
    `${s.gradRatio.mean.toExponential(1)} (${powerOfTen(s.gradRatio.mean)})`,
    s.deadShare ? `${(100 * s.deadShare.mean).toFixed(0)}%` : '—',
    withCi(s.ms, (x) => x.toFixed(0), seeds),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
